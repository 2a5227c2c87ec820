"""Resident memory (RSS) added by each model of the coach, loaded in the app's order in one process.

    .venv/bin/python bench/memory.py torch|llama

Prints one line per step: the step, RSS after it (GB), seconds it took. `llama` loads the generator on
llama.cpp first (`make install-llama`), `torch` last, as interview.coach.Coach.load would after imports.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from latency import ANSWER, BULLETS, JD, ROLE   # run as a script: bench/ is on the path
from serving import rss_gb

ROOT = Path(__file__).resolve().parent.parent


def main(backend: str) -> None:
    os.environ.setdefault("INTERVIEW_DATA_DIR", str(ROOT / ".cache" / "bench-data"))
    rows = [("start", rss_gb(), 0.0)]

    def step(name, fn):
        t = time.perf_counter()
        out = fn()
        rows.append((name, rss_gb(), time.perf_counter() - t))
        return out

    from interview.models.loading import load_encoder, load_generator

    gen = step("generator on llama.cpp", lambda: load_generator(backend="llama")) if backend == "llama" else None
    step("import torch", lambda: __import__("torch"))
    # what the app's loaders import (sentence-transformers and scikit-learn are training-only since
    # 2026-12-06: 0.12 GB, see interview/models/sentence_encoder.py)
    step("import transformers, peft", lambda: [__import__(m) for m in ("transformers.modeling_utils", "peft")])
    from interview.retrieval.retriever import load_retriever_encoder
    from interview.routing.router import load_router

    encoder = step("sentence encoder", load_encoder)
    router = step("router", lambda: load_router(encoder=encoder))
    retriever = step("retriever encoder", load_retriever_encoder)
    if gen is None:
        gen = step("generator on torch (int8)", lambda: load_generator(backend="torch", quantize=True))
    from interview.coach import Coach

    coach = Coach(generator=gen, encoder=encoder, router=router, retriever_encoder=retriever)

    def one_turn():
        s = coach.start(ROLE, JD, "medium", 3, bullets=BULLETS, owner="bench")
        coach.next_question(s)
        coach.score(s, ANSWER)
        "".join(coach.feedback_stream(s))

    step("one turn (question, score, feedback)", one_turn)
    from interview.coaching.relevance import installed_judge

    # loaded on the first answer (behavioural answers are judged too since 2026-12-06, so the turn above loads it)
    step("relevance judge (checkpoints/relevance/BEST)", installed_judge)
    from interview.speech.transcribe import load_speech_model

    step("Whisper (only for an audio answer)", load_speech_model)
    import sys

    print("training-only libraries loaded:", [m for m in ("sentence_transformers", "sklearn", "pandas") if m in sys.modules] or "none")
    prev = rows[0][1]
    print("| step | RSS after | added | seconds |\n|---|---:|---:|---:|")
    for name, rss, dt in rows:
        print(f"| {name} | {rss:.3f} GB | {rss - prev:+.3f} GB | {dt:.1f} |")
        prev = rss


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("backend", nargs="?", default="torch", choices=("torch", "llama"),
                        help="the generator's engine (llama: make install-llama first)")
    main(parser.parse_args().backend)
