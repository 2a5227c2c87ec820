"""One decoding step of the generator as a TorchScript trace: the same arithmetic, without the Python.

On 2 cores, `generate` on SmolLM2-135M (30 decoder layers, int8) spent about half of every new token
running Python (module calls, cache bookkeeping, mask building) rather than arithmetic: 52 ms per token,
of which the profiler found ~25 ms in operators. A trace of one step (one new token per row, against the
key/value cache so far) runs the recorded operators directly: ~27 ms per token.

The tokens are the eager path's except at rare steps. The traced operators agree with eager ones within
1e-5 on the logits at almost every step, but int8 activations are scaled per call, so where a token
has very large activations deep in the net (seen: a newline at layer 28) a last-bit difference can grow
into a different next token; in one greedy run of 60 tokens the first such step was the 24th. Quality
against float32 is what bench/generation.py measures (ROUGE-L of the app's path vs the fp32 path).

`install_traced_decoding(model)` keeps Hugging Face `generate` in charge of everything else (sampling,
stopping criteria, streamers, num_return_sequences): it only replaces the model's forward for the calls
the trace covers (one new token per row, a plain DynamicCache, no padding) and sends every other call
(the prompt, padded batches, training) to the original forward. The trace is checked against the eager
forward at a different length and batch size before it is used; if tracing fails or disagrees, the model
is left as it was.
"""
from __future__ import annotations

import functools
import warnings

import torch
from torch import nn

# what generate passes besides the tokens, the cache and the mask (logits_to_keep is 1 when decoding)
_PLAIN_KWARGS = {"use_cache", "return_dict", "logits_to_keep", "position_ids", "cache_position"}


class _DecodeStep(nn.Module):
    """(new tokens [B, 1], their positions [B, 1], k0, v0, k1, v1, ...) -> (logits [B, V], k0', v0', ...)."""

    def __init__(self, model):
        super().__init__()
        self.model = model  # a submodule, so that the trace may read its (packed int8) weights
        self.config = model.config
        self.n_layers = model.config.num_hidden_layers

    def forward(self, input_ids, positions, *kv):
        from transformers import DynamicCache

        cache = DynamicCache(config=self.config)
        for i in range(self.n_layers):
            cache.update(kv[2 * i], kv[2 * i + 1], i)
        # the class's forward: the instance's is replaced by install_traced_decoding
        out = type(self.model).forward(self.model, input_ids=input_ids, position_ids=positions,
                                       cache_position=positions[0], past_key_values=cache, use_cache=True)
        return (out.logits[:, -1],) + tuple(t for layer in cache.layers for t in (layer.keys, layer.values))


def _flat_cache(cache) -> list[torch.Tensor] | None:
    from transformers.cache_utils import DynamicLayer

    layers = getattr(cache, "layers", None)
    if not layers or any(type(l) is not DynamicLayer or not l.is_initialized for l in layers):
        return None
    return [t for l in layers for t in (l.keys, l.values)]


def _prefill(forward, ids):
    out = forward(input_ids=ids, use_cache=True)
    return out.logits[:, -1], _flat_cache(out.past_key_values)


def install_traced_decoding(model, probe_ids: list[int]) -> bool:
    """Route the model's single-token decoding steps through a trace. True when installed.

    probe_ids: a few ordinary token ids (a tokenized sentence) used to record and check the trace.
    """
    from transformers.cache_utils import DynamicCache
    from transformers.modeling_outputs import CausalLMOutputWithPast

    eager = model.forward
    config = model.config
    if not hasattr(config, "num_hidden_layers") or len(probe_ids) < 4:
        return False
    step = _DecodeStep(model).eval()
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the trace API's deprecation notice and tracer warnings
            ids = torch.tensor([probe_ids[:-2]])
            logits, kv = _prefill(eager, ids)
            if kv is None or len(kv) != 2 * step.n_layers:
                return False
            nxt = logits.argmax(-1, keepdim=True)
            traced = torch.jit.trace(step, (nxt, torch.tensor([[ids.shape[1]]]), *kv), check_trace=False)
            # Check at another length and batch size than the one recorded. Exactly, on a batch of equal
            # rows (a shape baked into the trace would break it). With different rows only loosely: the
            # int8 projections and LM head scale their input once per call over the whole batch, so
            # eager and traced kernels may round differently (3 logits apart for the smollm2-topics
            # adapter, each 4-5 logits from the same row decoded alone, cosine 0.96 to eager); rows mixed
            # up by a wrong trace would not keep each row's best token among eager's five best.
            pos = torch.full((2, 1), len(probe_ids))
            for rows, exact in (([probe_ids, probe_ids], True), ([probe_ids, probe_ids[::-1]], False)):
                _, kv = _prefill(eager, torch.tensor(rows))
                new = torch.tensor([[rows[0][0]], [rows[1][0 if exact else 1]]])
                with torch.jit.optimized_execution(False):  # as it will run (see forward below)
                    fast = traced(new, pos, *kv)
                slow = step(new, pos, *kv)
                if exact:
                    if not all(torch.allclose(f, e, atol=1e-4) for f, e in zip(fast, slow)):
                        return False
                    continue
                cosine = torch.nn.functional.cosine_similarity(fast[0], slow[0], dim=-1)
                in_top5 = (slow[0].topk(5, dim=-1).indices == fast[0].argmax(-1, keepdim=True)).any(-1)
                if bool((cosine < 0.9).any()) or not bool(in_top5.all()):
                    return False
    except Exception:  # noqa: BLE001 - an architecture the tracer cannot follow decodes eagerly
        return False

    # generate reads the forward's signature to decide what to pass (logits_to_keep=1 on the prompt,
    # which matters: int8 activations are scaled per call, so the head must see the same rows).
    @functools.wraps(eager)
    def forward(input_ids=None, past_key_values=None, attention_mask=None, **kwargs):
        flat = None
        if (input_ids is not None and input_ids.dim() == 2 and input_ids.shape[1] == 1
                and isinstance(past_key_values, DynamicCache) and set(kwargs) <= _PLAIN_KWARGS
                and not torch.is_grad_enabled()
                and (attention_mask is None or bool(attention_mask.all()))):
            flat = _flat_cache(past_key_values)
        if flat is None or len(flat) != 2 * step.n_layers:
            return eager(input_ids=input_ids, past_key_values=past_key_values, attention_mask=attention_mask,
                         **kwargs)
        positions = kwargs.get("position_ids")
        if positions is None or positions.shape != input_ids.shape:
            positions = torch.full_like(input_ids, past_key_values.get_seq_length())
        # Without TorchScript's profiling executor: it spent ~2 s re-optimizing on the first calls and
        # again on every new shape (each step has a longer cache), for no faster decoding here.
        with torch.jit.optimized_execution(False):
            out = traced(input_ids, positions, *flat)
        for i, layer in enumerate(past_key_values.layers):
            layer.keys, layer.values = out[1 + 2 * i], out[2 + 2 * i]
        return CausalLMOutputWithPast(logits=out[0][:, None, :], past_key_values=past_key_values)

    model.forward = forward
    return True
