"""The generator's engines side by side: torch as the app serves it (int8, traced decoding),
torch float32, and llama.cpp on the embedded GGUF with the project's adapter converted to a GGUF adapter
(as served: merged into the weights, requantized to Q8_0; `llama-adapter`: the adapter applied at run time
on the Q8_0 file; `llama-q4_1`: applied at run time on the shipped Q4_1 file).

    flock /tmp/heavy.lock nice -n 5 .venv/bin/python bench/serving.py [--prompts 40] [--answers 12]

Each engine runs in its own process, so that its resident memory (RSS) is its own. Per engine:
- load time and RSS with the generator alone;
- on the first `--prompts` validation rows of data/feedback_dataset.jsonl (the generator's own
  development prompts, never its test split), greedy decoding as the app's feedback's first draft
  (repetition penalty 1.0, 150 new tokens at most, the completion trimmed to its last sentence like
  generator.complete): time to the first token (the prompt's prefill), decode tokens per second after it,
  and whether the text is identical to torch float32's;
and for the two engines the app can serve (torch int8, llama.cpp on Q8_0), with every model of the coach loaded
(sentence encoder, router, retriever encoder, generator; then Whisper): RSS, Start → first question and
submit → feedback + follow-up fully shown on `--answers` review-set development answers, through the
same Coach calls as bench/latency.py. Also the RSS of the torch path as it loaded before its memory diet
(float blocks deep-copied by quantization, weights left in the file mapping), re-enacted in a process.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # (run as a script, bench/ is on the path: `from latency import`)

ENGINES = {
    "torch-int8": "torch, the app's path (int8 except 3 projections, traced decoding)",
    "torch-fp32": "torch float32",
    "llama": "llama.cpp as served: the GGUF with the adapter merged in, requantized to Q8_0",
    "llama-adapter": "llama.cpp, the GGUF requantized to Q8_0 + GGUF adapter applied at run time",
    "llama-q4_1": "llama.cpp, the shipped Q4_1 GGUF + GGUF adapter applied at run time",
    "torch-int8-before": "torch int8 as loaded before the memory diet (RSS only)",
}
SERVED = ("torch-int8", "llama")
MAX_NEW = 150   # interview.coaching.feedback.FEEDBACK_TOKENS


def rss_gb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1e6
    return float("nan")


def validation_prompts(n: int) -> list[list[dict]]:
    rows = [json.loads(line) for line in open(ROOT / "data" / "feedback_dataset.jsonl")]
    rows = [r for r in rows if r["split"] == "validation"][:n]
    return [[m for m in r["messages"] if m["role"] != "assistant"] for r in rows]


def load(engine: str):
    from interview.models.loading import load_generator

    if engine == "torch-fp32":
        return load_generator(quantize=False)
    if engine == "torch-int8":
        return load_generator(backend="torch", quantize=True)
    if engine == "llama":
        return load_generator(backend="llama")
    if engine in ("llama-adapter", "llama-q4_1"):   # the adapter applied at run time, not merged
        from interview.models import llama_files

        llama_files.MERGE_ADAPTER = False
        if engine == "llama-q4_1":   # the file as shipped: no Q8_0 copy (llama_files.served_model_file)
            llama_files.SERVED_TYPE = None
        return load_generator(backend="llama")
    # torch-int8-before: the same steps with the two memory fixes undone
    import torch

    from interview.models import loading as models

    models.weights_in_own_memory = lambda m: m
    models.release_freed_memory = lambda: None
    plain = torch.ao.quantization.quantize_dynamic
    torch.ao.quantization.quantize_dynamic = lambda *a, **k: plain(*a, **{**k, "inplace": False})
    return load_generator(backend="torch", quantize=True)


class _Clock:
    """A generate() streamer that only notes when each step's tokens arrive (the first put is the prompt)."""

    def __init__(self):
        self.times = []

    def put(self, _ids):
        self.times.append(time.perf_counter())

    def end(self):
        pass


def greedy(gen, messages: list[dict]) -> tuple[str, float, float, int]:
    """(text, seconds to the first new token, decode tokens/s after it, new tokens), greedy."""
    from interview.generation.generator import GENERATION_LOCK, trim_to_sentence
    from interview.models.quantize import release_freed_memory

    t0 = time.perf_counter()
    if gen.backend == "llama":
        m = gen.model
        ids = m.prompt_ids(messages)
        times, toks = [], []
        with GENERATION_LOCK:
            for tok in m.tokens(ids, MAX_NEW, temperature=0.0, repetition_penalty=1.0):
                times.append(time.perf_counter())
                toks.append(tok)
        text = b"".join(m.piece(t) for t in toks).decode("utf-8", errors="replace")
    else:
        import torch

        tok = gen.tokenizer
        enc = tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        clock = _Clock()
        with torch.inference_mode():
            out = gen.model.generate(**enc, max_new_tokens=MAX_NEW, do_sample=False, repetition_penalty=1.0,
                                     pad_token_id=tok.pad_token_id, streamer=clock)
        new = out[0, enc["input_ids"].shape[1]:]
        times = clock.times[1:]
        # as the app does after every text (generator.stream_chat): without it the 40 prompts' freed key/value
        # caches stayed resident and the coach's RSS below read 0.11 GB above what the app holds
        release_freed_memory(collect=False)
        text = tok.decode(new, skip_special_tokens=True)
    n = len(times)
    ttft = times[0] - t0 if times else float("nan")
    tps = (n - 1) / (times[-1] - times[0]) if n > 1 else float("nan")
    return trim_to_sentence(text), ttft, tps, n


def coach_latency(gen, n_answers: int, rounds: int) -> dict:
    """RSS with every model of the coach, first question and feedback times (bench/latency.py's calls)."""
    from latency import ANSWER, BULLETS, JD, ROLE, review_answers, review_feedback

    from interview.coach import Coach
    from interview.models.loading import load_encoder
    from interview.retrieval.retriever import load_retriever_encoder
    from interview.routing.router import load_router

    encoder = load_encoder()
    coach = Coach(generator=gen, encoder=encoder, router=load_router(encoder=encoder),
                  retriever_encoder=load_retriever_encoder())
    res = {"rss_coach_gb": rss_gb()}
    firsts = []
    for _ in range(rounds):
        t = time.perf_counter()
        s = coach.start(ROLE, JD, "medium", 3, bullets=BULLETS, owner="bench")
        coach.next_question(s)
        firsts.append(time.perf_counter() - t)
        coach.score(s, ANSWER)
        "".join(coach.feedback_stream(s))
    feedbacks, asked, first_pass, model_written = [], 0, 0, 0
    for question, qtype, answer in review_answers(n_answers):
        s, dt = review_feedback(coach, question, qtype, answer)
        feedbacks.append(dt)
        turn = s.turns[-1]
        drafts = turn.drafts.get("feedback") or []
        if drafts:   # the model was asked (not for answers that are not answers)
            asked += 1
            first_pass += not drafts[0]["problems"]
            model_written += turn.written_by.get("feedback") == "model"
    from interview.speech.transcribe import load_speech_model

    load_speech_model()
    res.update(rss_all_gb=rss_gb(), first_question_s=statistics.median(firsts),
               feedback_s=statistics.median(feedbacks), feedback_p90_s=sorted(feedbacks)[int(0.9 * (len(feedbacks) - 1))],
               feedback_n=len(feedbacks), gate_asked=asked, gate_first_pass=first_pass, gate_model_written=model_written)
    return res


def worker(engine: str, n_prompts: int, n_answers: int, rounds: int) -> dict:
    os.environ["INTERVIEW_DATA_DIR"] = str(ROOT / ".cache" / "bench-data")
    res = {"engine": engine, "rss_start_gb": rss_gb()}
    t = time.perf_counter()
    gen = load(engine)
    res.update(load_s=time.perf_counter() - t, rss_generator_gb=rss_gb())
    if engine == "torch-int8-before":
        return res
    greedy(gen, [{"role": "user", "content": "Say hello."}])   # warm-up
    texts, ttfts, tpss, ns = [], [], [], []
    for messages in validation_prompts(n_prompts):
        text, ttft, tps, n = greedy(gen, messages)
        texts.append(text)
        ttfts.append(ttft)
        tpss.append(tps)
        ns.append(n)
    res.update(texts=texts, ttft_s=statistics.median(ttfts), decode_tps=statistics.median(tpss),
               new_tokens=sum(ns), rss_after_decoding_gb=rss_gb())
    if engine in SERVED and n_answers:
        res.update(coach_latency(gen, n_answers, rounds))
    return res


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--prompts", type=int, default=40)
    p.add_argument("--answers", type=int, default=12)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--engines", default=",".join(ENGINES))
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, default=ROOT / ".cache" / "bench-serving.json")
    p.add_argument("--tables-from", type=Path, help="print the tables of a saved run instead of running")
    a = p.parse_args()
    if a.worker:
        print(json.dumps(worker(a.worker, a.prompts, a.answers, a.rounds)))
        return
    if a.tables_from:
        print_tables(json.loads(a.tables_from.read_text()), a)
        return

    results = {}
    for engine in a.engines.split(","):
        proc = subprocess.run([sys.executable, __file__, "--worker", engine, "--prompts", str(a.prompts),
                               "--answers", str(a.answers), "--rounds", str(a.rounds)],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            print(f"{engine} failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
            continue
        results[engine] = json.loads(proc.stdout.strip().splitlines()[-1])
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(json.dumps(results, indent=1))   # after each engine: a cut-short run keeps the rest
    print_tables(results, a)


def print_tables(results: dict, a) -> None:
    from interview.machine import describe

    ref = results.get("torch-fp32", {}).get("texts")
    app = results.get("torch-int8", {})
    print(f"\nGenerator engines on {describe()}; {a.prompts} validation prompts of data/feedback_dataset.jsonl, "
          f"greedy, ≤ {MAX_NEW} new tokens (medians)\n")
    print("| engine | load s | RSS, generator alone | first token s | decode tok/s | vs app path | "
          "greedy text = torch float32 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for engine, r in results.items():
        if "texts" not in r:
            print(f"| {ENGINES[engine]} | {r['load_s']:.1f} | {r['rss_generator_gb']:.2f} GB | | | | |")
            continue
        same = f"{sum(x == y for x, y in zip(r['texts'], ref))}/{len(r['texts'])}" if ref else "–"
        ratio = r["decode_tps"] / app["decode_tps"] if app.get("decode_tps") else float("nan")
        print(f"| {ENGINES[engine]} | {r['load_s']:.1f} | {r['rss_generator_gb']:.2f} GB | {r['ttft_s']:.2f} | "
              f"{r['decode_tps']:.1f} | {ratio:.2f}x | {same} |")
    served = [e for e in SERVED if "feedback_s" in results.get(e, {})]
    if served:
        n = results[served[0]]["feedback_n"]
        print(f"\n| served engine, every model of the coach loaded | RSS (+ Whisper) | Start → first question "
              f"(median of {a.rounds}) | submit → feedback + follow-up shown ({n} review-set answers, median) | p90 | "
              "first draft passes the gate | feedback written by the model |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for e in served:
            r = results[e]
            print(f"| {ENGINES[e]} | {r['rss_coach_gb']:.2f} GB ({r['rss_all_gb']:.2f} GB) | {r['first_question_s']:.2f} s | "
                  f"{r['feedback_s']:.2f} s | {r['feedback_p90_s']:.2f} s | {r['gate_first_pass']}/{r['gate_asked']} | "
                  f"{r['gate_model_written']}/{r['gate_asked']} |")
        if len(served) == 2:
            t, l = results["torch-int8"], results["llama"]
            print(f"\nllama.cpp / torch app path: decode {l['decode_tps'] / t['decode_tps']:.2f}x, first token "
                  f"{l['ttft_s'] / t['ttft_s']:.2f}x, feedback shown {l['feedback_s'] / t['feedback_s']:.2f}x, "
                  f"first question {l['first_question_s'] / t['first_question_s']:.2f}x, RSS of the coach "
                  f"{l['rss_coach_gb'] / t['rss_coach_gb']:.2f}x.")
    if "texts" in results.get("llama-adapter", {}) and "texts" in results.get("llama", {}):
        r, m = results["llama-adapter"], results["llama"]
        same = sum(x == y for x, y in zip(r["texts"], m["texts"]))
        print(f"llama.cpp, adapter merged / applied at run time: decode {m['decode_tps'] / r['decode_tps']:.2f}x, "
              f"first token {m['ttft_s'] / r['ttft_s']:.2f}x, greedy text the same on {same}/{len(m['texts'])}.")
    if "torch-int8-before" in results and "torch-int8" in results:
        b, t = results["torch-int8-before"], results["torch-int8"]
        print(f"Torch path's memory diet: generator alone {b['rss_generator_gb']:.2f} GB before → "
              f"{t['rss_generator_gb']:.2f} GB after ({t['rss_generator_gb'] / b['rss_generator_gb']:.2f}x).")
    print(f"\nRaw results: {a.tables_from or a.out}")


if __name__ == "__main__":
    main()
