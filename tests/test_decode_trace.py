"""interview/models/decode_trace.py: the generator's decoding steps run through a TorchScript trace."""
from __future__ import annotations

import contextlib

import pytest
import torch

from interview.models.loading import TRACE_PROBE

SENTENCES = [
    "I led the migration of our billing service to PostgreSQL, wrote the rollback plan, and we shipped two "
    "weeks early with no downtime.",
    "Tell me about a time you had to deliver difficult feedback to a colleague. What did you say, and what "
    "happened next?",
    "Design a rate limiter for a public API that serves ten thousand requests per second across several regions.",
]


def _teacher_forced_nll(forward, ids: torch.Tensor) -> float:
    """Mean negative log-likelihood of `ids` [1, T] after its first 4 tokens, read one token per step
    against the growing key/value cache (the decoding path), as `generate` would."""
    with torch.inference_mode():
        out = forward(input_ids=ids[:, :4], use_cache=True, logits_to_keep=1)
        cache, rows = out.past_key_values, [out.logits[:, -1]]
        for t in range(4, ids.shape[1] - 1):
            out = forward(input_ids=ids[:, t:t + 1], past_key_values=cache, use_cache=True,
                          position_ids=torch.tensor([[t]]), logits_to_keep=1)
            rows.append(out.logits[:, -1])
    return float(torch.nn.functional.cross_entropy(torch.cat(rows), ids[0, 4:]))


@contextlib.contextmanager
def count_trace_calls():
    """Records each call of a TorchScript module (the decoding trace) while the block runs."""
    real = torch.jit.ScriptModule.__call__
    used: list[int] = []

    def counting(self, *args, **kwargs):
        used.append(1)
        return real(self, *args, **kwargs)

    torch.jit.ScriptModule.__call__ = counting
    try:
        yield used
    finally:
        torch.jit.ScriptModule.__call__ = real


@pytest.mark.slow
def test_traced_steps_match_the_eager_model(generator):
    """Read token by token, real sentences are as likely under the traced steps as under the eager
    model (a wrong cache or wrong positions would blow this up), and generate really uses the trace.

    Not logit for logit: int8 activations are scaled per call, and last-bit differences between the
    traced and eager kernels grow into differences of a few logits at some steps; the same int8 model
    differs from float32 by more (see interview/models/decode_trace.py). Likelihood is what matters."""
    model = generator.model
    assert generator.traced_decoding, "tracing failed: the app would decode eagerly (half the speed)"
    tok = generator.tokenizer
    traced = [_teacher_forced_nll(model.forward, tok(s, return_tensors="pt")["input_ids"]) for s in SENTENCES]
    eager = [_teacher_forced_nll(lambda **kw: type(model).forward(model, **kw), tok(s, return_tensors="pt")["input_ids"])
             for s in SENTENCES]
    assert abs(sum(traced) - sum(eager)) / len(SENTENCES) < 0.1, (traced, eager)
    assert all(t < e + 0.2 for t, e in zip(traced, eager)), (traced, eager)

    enc = generator.tokenizer(TRACE_PROBE, return_tensors="pt")
    with count_trace_calls() as used:
        with torch.inference_mode():
            out = model.generate(**enc, max_new_tokens=6, min_new_tokens=6, do_sample=False,
                                 pad_token_id=generator.tokenizer.pad_token_id)
    assert out.shape[1] == enc["input_ids"].shape[1] + 6
    assert len(used) == 5  # the prompt is read eagerly, each of the 5 later tokens by the trace


@pytest.mark.slow
def test_padded_batches_decode_eagerly_and_match(generator):
    """A left-padded batch (two prompts of different lengths) cannot use the trace, which has no
    padding mask: it decodes eagerly, and the same prompts unpadded, copied, use the trace."""
    tok = generator.tokenizer
    prompts = ["Describe a time you disagreed with a manager.", "Design a URL shortener."]
    tok.padding_side = "left"
    try:
        batch = tok(prompts, return_tensors="pt", padding=True)
    finally:
        tok.padding_side = "right"
    with count_trace_calls() as used, torch.inference_mode():
        together = generator.model.generate(**batch, max_new_tokens=5, min_new_tokens=5, do_sample=False,
                                            pad_token_id=tok.pad_token_id)
    assert together.shape == (2, batch["input_ids"].shape[1] + 5) and not used
    alone = tok(prompts[:1] * 2, return_tensors="pt")  # no padding: the candidates of one question
    with count_trace_calls() as used, torch.inference_mode():
        generator.model.generate(**alone, max_new_tokens=5, min_new_tokens=5, do_sample=False,
                                 pad_token_id=tok.pad_token_id)
    assert len(used) == 4


def test_install_leaves_the_model_alone_when_tracing_fails(monkeypatch):
    """A model the tracer cannot follow keeps its own forward (tiny random Llama built here)."""
    from transformers import LlamaConfig, LlamaForCausalLM

    from interview.models.decode_trace import install_traced_decoding

    model = LlamaForCausalLM(LlamaConfig(vocab_size=64, hidden_size=16, intermediate_size=32, num_hidden_layers=2,
                                         num_attention_heads=2, num_key_value_heads=2)).eval()
    assert install_traced_decoding(model, list(range(3, 15)))  # a plain Llama traces
    model = LlamaForCausalLM(model.config).eval()

    def broken(*args, **kwargs):
        raise RuntimeError("tracer cannot follow this model")

    monkeypatch.setattr(torch.jit, "trace", broken)
    assert not install_traced_decoding(model, list(range(3, 15)))
    assert "forward" not in vars(model)  # the class's forward, untouched
    with torch.inference_mode():
        out = model.generate(input_ids=torch.tensor([[5, 6, 7]]), max_new_tokens=3, do_sample=False)
    assert out.shape == (1, 6)
