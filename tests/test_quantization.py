"""interview.models.loading.quantize_dynamic_int8: which projections of the served generator are int8, and that
leaving the outlier-carrying ones in float32 keeps the model closer to float32 than all-int8 blocks."""
from __future__ import annotations

import copy

import pytest
import torch

from interview.generation import prompts
from interview.models.quantize import FLOAT_PROJECTIONS, quantize_dynamic_int8

TEXTS = [
    "I led the migration of our billing service to PostgreSQL, wrote the rollback plan, and we shipped two "
    "weeks early with no downtime.",
    "Tell me about a time you had to deliver difficult feedback to a colleague. What did you say, and what "
    "happened next?",
    "How would you design a rate limiter for a public API that serves ten thousand requests per second?",
]


def _is_int8(module) -> bool:
    return type(module).__name__ == "DynamicQuantizedLinear" or "quantized" in type(module).__module__


@pytest.mark.slow
def test_served_generator_keeps_the_outlier_projections_in_float(generator):
    for layer in generator.model.model.layers:
        assert not any(_is_int8(m) for m in (layer.self_attn.v_proj, layer.self_attn.o_proj, layer.mlp.down_proj))
        assert all(_is_int8(m) for m in (layer.self_attn.q_proj, layer.self_attn.k_proj,
                                          layer.mlp.gate_proj, layer.mlp.up_proj))
    assert _is_int8(generator.model.get_output_embeddings())


def _kl_to(reference: torch.Tensor, logits: torch.Tensor) -> float:
    """Mean KL(reference || model) of next-token distributions over every position."""
    p = torch.log_softmax(reference, -1)
    q = torch.log_softmax(logits, -1)
    return float((p.exp() * (p - q)).sum(-1).mean())


def kl_on_real_text(fp32, *models) -> list[list[float]]:
    """For each model, its KL to float32's next-token distributions on a question prompt as the app builds it
    (with an answer after it) and on TEXTS, one value a text."""
    tok = fp32.tokenizer
    chat = tok.apply_chat_template(prompts.question_messages("Backend Engineer", "Build Python services on AWS.",
                                                             "medium", "technical"), tokenize=False,
                                   add_generation_prompt=True)
    kls = [[] for _ in models]
    with torch.inference_mode():
        for text in [chat + TEXTS[1]] + TEXTS:
            ids = tok(text, return_tensors="pt")["input_ids"]
            ref = fp32.model(ids).logits[0]
            for kl, model in zip(kls, models):
                kl.append(_kl_to(ref, model(ids).logits[0]))
    return kls


@pytest.mark.slow
def test_float_projections_keep_int8_closer_to_float32():
    """The reason FLOAT_PROJECTIONS exists: on real text (a question prompt as the app builds it, then
    answers and questions), the next-token distributions of the served int8 model are closer to
    float32's than those of a model with every projection in int8."""
    from interview.models.loading import load_generator

    fp32 = load_generator(quantize=False)
    served = quantize_dynamic_int8(copy.deepcopy(fp32.model))
    all_int8 = quantize_dynamic_int8(copy.deepcopy(fp32.model), keep_float=())
    kl_served, kl_all = kl_on_real_text(fp32, served, all_int8)
    assert sum(kl_served) < 0.5 * sum(kl_all), (kl_served, kl_all, FLOAT_PROJECTIONS)
