"""An input embedding read from the int8 rows of a tied LM head.

A tied model's LM head and input embedding are one matrix. Once the head is quantized per row
(quantize.quantize_head_per_channel), keeping the float32 table for the input lookup holds that matrix a
second time: SmolLM2's is 49k x 576, 113 MB in float32, 28 MB as int8 rows.
"""
from __future__ import annotations

import torch
from torch import nn


class Int8Embedding(nn.Module):
    """Token i's vector is (weight[i] - zero_point[i]) * scale[i]: row i of the int8 head, dequantized.
    Buffers, not parameters: nothing trains it."""

    def __init__(self, weight: torch.Tensor, scales: torch.Tensor, zero_points: torch.Tensor):
        super().__init__()
        self.num_embeddings, self.embedding_dim = weight.shape
        self.register_buffer("weight", weight)                       # int8 [V, D]
        self.register_buffer("scales", scales[:, None])              # float32 [V, 1]
        self.register_buffer("zero_points", zero_points[:, None])    # float32 [V, 1]

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        rows = nn.functional.embedding(input_ids, self.weight).float()
        zero = nn.functional.embedding(input_ids, self.zero_points)
        return (rows - zero) * nn.functional.embedding(input_ids, self.scales)


def from_quantized_head(head) -> Int8Embedding | None:
    """The rows of a per-row int8 quantized Linear `head` (torch.ao's dynamic quantized Linear) as an
    Int8Embedding, or None when `head` is not one (a float head, one scale for the whole matrix)."""
    weight = getattr(head, "weight", None)
    q = weight() if callable(weight) else None
    if not isinstance(q, torch.Tensor) or not q.is_quantized \
            or q.qscheme() not in (torch.per_channel_affine, torch.per_channel_symmetric) or q.q_per_channel_axis() != 0:
        return None
    return Int8Embedding(q.int_repr().contiguous(), q.q_per_channel_scales().float(),
                         q.q_per_channel_zero_points().float())
