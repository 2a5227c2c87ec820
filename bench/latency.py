"""Latency of the app on this machine: cold start, model loads, first question, next question, feedback.

    .venv/bin/python bench/latency.py [--rounds 3]

Prints a Markdown table with the budget of each step (issue #2: first question visible <= 3 s after
Start, feedback fully shown <= 12 s, warm models, 2 cores). Generation speed is reported for the app's
int8 path and the plain fp32 path measured in the same run, as a ratio.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from interview.machine import describe  # noqa: E402

ROLE, JD = "Backend Engineer", ("Build Python and Go services on AWS, design REST APIs, run PostgreSQL and "
                                "Redis in production, own on-call for the payments platform.")
BULLETS = [
    "Cut p95 checkout latency from 480 ms to 190 ms by moving session state to Redis",
    "Led migration of 40 cron jobs to Airflow, cutting failed nightly runs by 85%",
    "Designed a versioned REST API used by 12 internal teams",
    "Mentored 3 junior engineers through their first on-call rotations",
]
ANSWER = ("At my last company our checkout API timed out under peak load. I owned the fix: I profiled the "
          "service, found N+1 queries against PostgreSQL, added a Redis cache and batched the queries. p95 "
          "latency fell from 900 ms to 180 ms and we handled 3x the traffic without new servers.")


def timed(fn, *a, **kw):
    t = time.perf_counter()
    out = fn(*a, **kw)
    return out, time.perf_counter() - t


def server_first_render() -> float:
    """Seconds from `streamlit run` to the app answering its health check and serving the page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
                             "--server.port", str(port), "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - t < 120:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                return time.perf_counter() - t
            except OSError:
                time.sleep(0.1)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def apptest_first_render() -> float:
    from streamlit.testing.v1 import AppTest

    _, dt = timed(lambda: AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run())
    return dt


def tokens_per_second(gen, n_tokens: int = 100) -> float:
    import torch

    tok = gen.tokenizer
    from interview import prompts

    enc = tok.apply_chat_template(prompts.question_messages(ROLE, JD, "medium", "technical"),
                                  add_generation_prompt=True, return_tensors="pt", return_dict=True)
    with torch.inference_mode():
        gen.model.generate(**enc, max_new_tokens=8, do_sample=False, pad_token_id=tok.pad_token_id)  # warm-up
        t = time.perf_counter()
        out = gen.model.generate(**enc, max_new_tokens=n_tokens, min_new_tokens=n_tokens, do_sample=False,
                                 pad_token_id=tok.pad_token_id)
    return (out.shape[1] - enc["input_ids"].shape[1]) / (time.perf_counter() - t)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    os.environ.setdefault("INTERVIEW_DATA_DIR", str(ROOT / ".cache" / "bench-data"))
    rows = []

    rows.append(("app cold start → first render (streamlit run → page served)", server_first_render(), None))
    rows.append(("first page script run (AppTest, no models)", apptest_first_render(), None))

    from interview.models import generator_cache_ready, load_encoder, load_generator
    from interview.retriever import load_retriever_encoder
    from interview.router import load_router
    from interview.speech import load_speech_model

    encoder, dt = timed(load_encoder)
    rows.append(("load sentence encoder", dt, None))
    router, dt = timed(load_router, encoder=encoder)
    rows.append(("load router", dt, None))
    retr, dt = timed(load_retriever_encoder)
    rows.append(("load retriever encoder", dt, None))
    # The first load on a machine converts the GGUF file (its float32 copy is cached for every later one).
    weights = "cached weights" if generator_cache_ready() else "first load: GGUF converted and cached"
    gen, dt = timed(load_generator)
    rows.append((f"load generator ({weights}, int8)", dt, None))
    _, dt = timed(load_speech_model)
    rows.append(("load Whisper", dt, None))

    from interview.coach import Coach

    coach = Coach(generator=gen, encoder=encoder, router=router, retriever_encoder=retr)
    firsts, nexts, feedbacks = [], [], []
    for r in range(args.rounds):
        t = time.perf_counter()
        s = coach.start(ROLE, JD, "medium", 3, bullets=BULLETS, owner="bench")
        coach.next_question(s)
        firsts.append(time.perf_counter() - t)
        t = time.perf_counter()
        coach.score(s, ANSWER)
        "".join(coach.feedback_stream(s))
        feedbacks.append(time.perf_counter() - t)
        _, dt = timed(coach.next_question, s)
        nexts.append(dt)
    rows.append((f"Start → first question visible (median of {args.rounds})", statistics.median(firsts), 3.0))
    rows.append((f"next question (median of {args.rounds})", statistics.median(nexts), None))
    rows.append((f"submit → feedback fully shown (median of {args.rounds})", statistics.median(feedbacks), 12.0))

    tps_int8 = tokens_per_second(gen)
    fp32 = load_generator(quantize=False)
    tps_fp32 = tokens_per_second(fp32)

    print(f"\nLatency on {describe()} (seconds; lower is better)\n")
    print("| step | seconds | budget |")
    print("|---|---:|---:|")
    for name, secs, budget in rows:
        verdict = "" if budget is None else (f"≤ {budget:g} ✓" if secs <= budget else f"≤ {budget:g} ✗")
        print(f"| {name} | {secs:.2f} | {verdict} |")
    print("\n| generation (greedy, 100 new tokens) | tokens/s | vs fp32 |")
    print("|---|---:|---:|")
    print(f"| fp32 baseline | {tps_fp32:.1f} | 1.00x |")
    print(f"| app path (int8, traced decoding) | {tps_int8:.1f} | {tps_int8 / tps_fp32:.2f}x |")


if __name__ == "__main__":
    main()
