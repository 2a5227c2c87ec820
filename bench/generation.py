"""Generation speed of the generator: the plain fp32 path vs the optimised path the app uses, in ONE run.

    .venv/bin/python bench/generation.py                  # ~4 min on 2 cores
    .venv/bin/python bench/generation.py --tokens 100 --repeats 3 --quality 40 --variants all

For each variant: tokens/s of greedy decoding (100 new tokens forced, median of `repeats`), time to first
token (prompt prefill + one token), and ROUGE-L of its question outputs against the fp32 outputs on a
small sample of test prompts (quality drift; the budget is 0.01 of ROUGE-L vs the references, so the
table also gives each variant's ROUGE-L against the references next to fp32's). Prints a Markdown table
with ratios to the fp32 baseline measured in the same process. Run it on an otherwise idle machine:
another job on the cores makes every number meaningless.

Variants:
  fp32          the app's model (adapter merged) in float32, no quantization (baseline)
  app           interview.models.loading.load_generator(): what the app serves (dynamic int8 of the decoder blocks
                except the projections in interview.models.quantize.FLOAT_PROJECTIONS, and, per output row, of the LM head; see
                quantize_dynamic_int8; decoding steps through a TorchScript trace, interview/models/decode_trace.py)
  int8-all-blocks  the same with every projection of the blocks in int8 (the app's path until 2026-12-03:
                ~4x fp32 tokens/s but -0.032 ROUGE-L on 216 prompts)
  app-eager     the app's int8 model decoding eagerly, without the trace
  int8-blocks   dynamic int8 of every projection of the decoder blocks, LM head float32 (an earlier app path)
  int8-blocks-traced  the same, decoding through the trace
  app-1thread   app path with torch.set_num_threads(1) (is the second core worth it at batch 1?)
  base-fp32     the embedded SmolLM2 without the adapter, float32 (not in `all`: what fine-tuning changed)
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from interview.machine import describe

ROOT = Path(__file__).resolve().parent.parent

ROLE, JD = "Backend Engineer", ("Build Python and Go services on AWS, design REST APIs, run PostgreSQL and "
                                "Redis in production, own on-call for the payments platform.")


def prompt_ids(tok):
    from interview.generation import prompts

    return tok.apply_chat_template(prompts.question_messages(ROLE, JD, "medium", "technical"),
                                   add_generation_prompt=True, return_tensors="pt", return_dict=True)


def speed(model, tok, n_tokens: int, repeats: int) -> tuple[float, float]:
    """(tokens/s, seconds to first token), medians over `repeats` after one warm-up."""
    import torch

    enc = prompt_ids(tok)
    with torch.inference_mode():
        model.generate(**enc, max_new_tokens=8, do_sample=False, pad_token_id=tok.pad_token_id)  # warm-up
        rates, firsts = [], []
        for _ in range(repeats):
            t = time.perf_counter()
            model.generate(**enc, max_new_tokens=1, do_sample=False, pad_token_id=tok.pad_token_id)
            firsts.append(time.perf_counter() - t)
            t = time.perf_counter()
            out = model.generate(**enc, max_new_tokens=n_tokens, min_new_tokens=n_tokens, do_sample=False,
                                 pad_token_id=tok.pad_token_id)
            rates.append((out.shape[1] - enc["input_ids"].shape[1]) / (time.perf_counter() - t))
    return statistics.median(rates), statistics.median(firsts)


def quality_sample(n: int):
    from training.generator.data import load_rows, select

    rows = load_rows(ROOT / "data" / "decoder_dataset.jsonl")
    return select(rows, "test", {"question": n}, seed=0)


def outputs(gen, rows) -> list[str]:
    from training.generator.eval_utils import generate, served_text

    # One prompt at a time, as the app asks: a padded batch would decode eagerly (the trace has no padding mask)
    return [served_text(x, "question") for x in generate(gen, [r.prompt for r in rows], "question", batch_size=1)]


def rouge_l(outs: list[str], refs: list[str]) -> float:
    from training.generator.metrics import rouge_scores

    return statistics.fmean(rouge_scores(outs, refs)["rougeL"]) if outs else 0.0


def build_variants(names: list[str]):
    """name -> loader returning a models.Generator-like object (model, tokenizer, quantized)."""
    from interview.models.loading import Generator, ModelSource, load_generator
    from interview.models.gguf_cache import load_base_generator
    from interview.models.quantize import quantize_dynamic_int8

    def base_fp32():
        model, tok = load_base_generator()
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        return Generator(model.eval(), tok, ModelSource("generator", "embedded", "fp32"), False)

    def traced(gen):
        from interview.models.decode_trace import install_traced_decoding
        from interview.models.loading import TRACE_PROBE

        gen.traced_decoding = install_traced_decoding(gen.model, gen.tokenizer(TRACE_PROBE)["input_ids"])
        return gen

    def int8_blocks():
        gen = load_generator(quantize=False)
        gen.model = quantize_dynamic_int8(gen.model, head=False, keep_float=())
        return gen

    def int8_all_blocks():
        gen = load_generator(quantize=False)
        gen.model = quantize_dynamic_int8(gen.model, keep_float=())
        return traced(gen)

    def app_eager():
        gen = load_generator()
        vars(gen.model).pop("forward", None)  # back to the class's forward: no trace
        return gen

    all_ = {"fp32": lambda: load_generator(quantize=False), "app": lambda: load_generator(), "app-eager": app_eager,
            "int8-all-blocks": int8_all_blocks,
            "int8-blocks": int8_blocks, "int8-blocks-traced": lambda: traced(int8_blocks()), "app-1thread": lambda: load_generator(),
            "base-fp32": base_fp32}
    return {n: all_[n] for n in names}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--quality", type=int, default=12, help="test question prompts for the ROUGE-L check")
    ap.add_argument("--variants", default="fp32,app", help="comma list, or 'all'")
    a = ap.parse_args()
    import torch

    names = (["fp32", "app", "int8-all-blocks", "app-eager", "int8-blocks", "app-1thread"] if a.variants == "all"
             else a.variants.split(","))
    if names[0] != "fp32":
        names.insert(0, "fp32")
    threads = torch.get_num_threads()
    rows = quality_sample(a.quality)
    refs = [r.target for r in rows]
    results, base_outs = [], None
    for name, loader in build_variants(names).items():
        torch.set_num_threads(1 if name.endswith("1thread") else threads)
        t = time.perf_counter()
        gen = loader()
        load_s = time.perf_counter() - t
        tps, ttft = speed(gen.model, gen.tokenizer, a.tokens, a.repeats)
        outs = outputs(gen, rows)
        base_outs = outs if base_outs is None else base_outs
        results.append({"name": name, "tps": tps, "ttft": ttft, "load": load_s, "rouge_vs_fp32": rouge_l(outs, base_outs),
                        "rouge_ref": rouge_l(outs, refs)})
        print(f"[bench] {name}: {tps:.1f} tok/s, first token {ttft * 1000:.0f} ms", file=sys.stderr, flush=True)
        del gen
    torch.set_num_threads(threads)
    fp = results[0]
    print(f"\nGreedy decoding, {a.tokens} new tokens, median of {a.repeats}; {threads} torch threads "
          f"({describe()}); quality on {len(rows)} test question prompts.\n")
    print("| variant | tokens/s | × fp32 | first token (ms) | load (s) | ROUGE-L vs fp32 output | ROUGE-L vs reference (Δ vs fp32) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['name']} | {r['tps']:.1f} | {r['tps'] / fp['tps']:.2f} | {r['ttft'] * 1000:.0f} | {r['load']:.1f} | "
              f"{r['rouge_vs_fp32']:.3f} | {r['rouge_ref']:.3f} ({r['rouge_ref'] - fp['rouge_ref']:+.3f}) |")


if __name__ == "__main__":
    main()
