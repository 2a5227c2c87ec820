"""Latency of the app on this machine: cold start, model loads, first question, next question, feedback.

    .venv/bin/python bench/latency.py [--rounds 3]

Prints a Markdown table with the budget of each step (first question visible <= 3 s after Start;
feedback and follow-up fully shown <= 4 s median; sample answer <= 4 s; warm models,
2 cores). Feedback is timed on answers of the review set's development half (strong, weak and off-topic
in turn: the gate's retries make the time depend on the answer), and quoted as a ratio of one bare
greedy generation of the same length measured in the same run (the floor of any model-written text).
Generation speed is reported for the app's int8 path and the plain fp32 path, as a ratio.
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

from interview.machine import describe

ROOT = Path(__file__).resolve().parent.parent

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
    from interview.generation import prompts

    messages = prompts.question_messages(ROLE, JD, "medium", "technical")
    if gen.backend == "llama":   # interview/models/llama_backend.py: the same greedy run of exactly n_tokens
        ids = gen.model.prompt_ids(messages)
        list(gen.model.tokens(ids, 8))  # warm-up
        t = time.perf_counter()
        n = sum(1 for _ in gen.model.tokens(ids, n_tokens, min_new_tokens=n_tokens))
        return n / (time.perf_counter() - t)
    import torch

    tok = gen.tokenizer
    enc = tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    with torch.inference_mode():
        gen.model.generate(**enc, max_new_tokens=8, do_sample=False, pad_token_id=tok.pad_token_id)  # warm-up
        t = time.perf_counter()
        out = gen.model.generate(**enc, max_new_tokens=n_tokens, min_new_tokens=n_tokens, do_sample=False,
                                 pad_token_id=tok.pad_token_id)
    return (out.shape[1] - enc["input_ids"].shape[1]) / (time.perf_counter() - t)


def review_answers(n: int) -> list[tuple[str, str, str]]:
    """(question, question type, answer) of the development half, strong / weak / off-topic in turn."""
    from training.coaching.review_set import ANSWER_KINDS, load_review_set

    rows = load_review_set("development")
    return [(r["question"], r["question_type"], r["answers"][ANSWER_KINDS[i % 3]]) for i, r in enumerate(rows[:n])]


def review_feedback(coach, question: str, qtype: str, answer: str):
    """(session, seconds): one review answer scored and its feedback and follow-up fully written, through
    the app's calls (a one-question session with the question already asked)."""
    from interview.session import Turn

    s = coach.start(ROLE, JD, "medium", 1, bullets=BULLETS, owner="bench")
    s.turns.append(Turn(index=0, question=question, question_type=qtype))
    t = time.perf_counter()
    coach.score(s, answer)
    "".join(coach.feedback_stream(s))
    return s, time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--answers", type=int, default=12, help="review-set answers whose feedback is timed")
    args = p.parse_args()
    os.environ.setdefault("INTERVIEW_DATA_DIR", str(ROOT / ".cache" / "bench-data"))
    rows = []

    rows.append(("app cold start → first render (streamlit run → page served)", server_first_render(), None))
    rows.append(("first page script run (AppTest, no models)", apptest_first_render(), None))

    from interview.models.gguf_cache import generator_cache_ready

    from interview.models.loading import load_encoder, load_generator
    from interview.retrieval.retriever import load_retriever_encoder
    from interview.routing.router import load_router
    from interview.speech.transcribe import load_speech_model

    encoder, dt = timed(load_encoder)
    rows.append(("load sentence encoder", dt, None))
    router, dt = timed(load_router, encoder=encoder)
    rows.append(("load router", dt, None))
    retr, dt = timed(load_retriever_encoder)
    rows.append(("load retriever encoder", dt, None))
    # The first load on a machine converts the GGUF file (its float32 copy is cached for every later one).
    weights = "cached weights" if generator_cache_ready() else "first load: GGUF converted and cached"
    gen, dt = timed(load_generator)
    engine = "llama.cpp" if gen.backend == "llama" else f"{weights}, int8"
    rows.append((f"load generator ({engine})", dt, None))
    _, dt = timed(load_speech_model)
    rows.append(("load Whisper", dt, None))

    from interview.coach import Coach

    coach = Coach(generator=gen, encoder=encoder, router=router, retriever_encoder=retr)
    firsts, nexts, feedbacks = [], [], []
    for _ in range(args.rounds):
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
    rows.append((f"submit → feedback fully shown, one answer (median of {args.rounds})", statistics.median(feedbacks), None))

    # The feedback budget's figure: feedback and follow-up of varied real answers, through the same calls.
    review_times, sample_times = [], []
    for question, qtype, answer in review_answers(args.answers):
        s, dt = review_feedback(coach, question, qtype, answer)
        review_times.append(dt)
        _, dt = timed(coach.sample_answer, s)
        sample_times.append(dt)
    tps_int8 = tokens_per_second(gen)
    floor = 100 / tps_int8
    fb_median = statistics.median(review_times)
    rows.append((f"submit → feedback + follow-up fully shown, {len(review_times)} review-set answers (median)",
                 fb_median, 4.0))
    rows.append(("  same, 90th percentile", sorted(review_times)[int(0.9 * (len(review_times) - 1))], None))
    rows.append(("  baseline: one bare greedy generation of 100 tokens", floor, None))
    rows.append(("show a sample answer (median)", statistics.median(sample_times), 4.0))

    fp32 = load_generator(quantize=False)
    tps_fp32 = tokens_per_second(fp32)

    print(f"\nLatency on {describe()} (seconds; lower is better)\n")
    print("| step | seconds | budget |")
    print("|---|---:|---:|")
    for name, secs, budget in rows:
        verdict = "" if budget is None else (f"≤ {budget:g} ✓" if secs <= budget else f"≤ {budget:g} ✗")
        print(f"| {name} | {secs:.2f} | {verdict} |")
    print(f"\nFeedback + follow-up median = {fb_median / floor:.2f}x one bare 100-token generation.")
    print("\n| generation (greedy, 100 new tokens) | tokens/s | vs fp32 |")
    print("|---|---:|---:|")
    print(f"| fp32 baseline | {tps_fp32:.1f} | 1.00x |")
    served = "llama.cpp, GGUF + adapter" if gen.backend == "llama" else "int8, traced decoding"
    print(f"| app path ({served}) | {tps_int8:.1f} | {tps_int8 / tps_fp32:.2f}x |")


if __name__ == "__main__":
    main()
