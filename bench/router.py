"""Warm route / classify-question latency: zero-shot vs fine-tuned router, on N CPU threads.

    .venv/bin/python bench/router.py                 # 2 threads, the checkpoint named in BEST
    .venv/bin/python bench/router.py --threads 2 --repeats 5 --checkpoint checkpoints/router/minilm-lora

Inputs are the hand-written postings of training/router/realistic.py (short, long, title-only),
plus one long pasted posting that fills the input window (max_length in the run config). Each
router is warmed up first; the table gives mean and p95 per request in milliseconds for the zero-shot
baseline, the fine-tuned int8 net run eagerly, and the traced net the app serves, with ratios to the
baseline. A run with a family head on the title (family.safetensors) routes with two encoder passes,
the request's and the title's; the timings include both.
The acceptance target is ≤ 30 ms per route on 2 cores.
"""
from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from interview.machine import describe
from training.router.realistic import CASES, QUESTION_CASES


@dataclass
class Timing:
    mean_ms: float
    p95_ms: float


def time_calls(fn, inputs, repeats: int, warmup: int = 3) -> Timing:
    for args in inputs[:warmup]:
        fn(*args)
    times = []
    for _ in range(repeats):
        for args in inputs:
            t = time.perf_counter()
            fn(*args)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return Timing(statistics.fmean(times), times[min(len(times) - 1, int(0.95 * len(times)))])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads (the target machine has 2 cores)")
    p.add_argument("--repeats", type=int, default=5, help="passes over the inputs per router")
    p.add_argument("--checkpoint", default=None, help="router run folder (default: checkpoints/router/BEST)")
    a = p.parse_args()

    import torch

    from interview.models.loading import find_adapter, load_encoder
    from interview.routing.router import ZeroShotRouter
    from interview.routing.router_model import load_trained_router

    torch.set_num_threads(a.threads)
    run = a.checkpoint or find_adapter("router")
    if run is None:
        sys.exit("No router checkpoint: run `make train-router` or pass --checkpoint.")
    long_posting = " ".join(c.description for c in CASES) * 3
    requests = [(c.role, c.description, c.difficulty) for c in CASES] + [("Senior Data Engineer", long_posting, "medium")]
    questions = [(q.question,) for q in QUESTION_CASES]

    start = time.perf_counter()
    zero_shot = ZeroShotRouter(load_encoder())
    zs_load = time.perf_counter() - start
    start = time.perf_counter()
    tuned = load_trained_router(run)
    ft_load = time.perf_counter() - start
    eager = copy.copy(tuned)
    eager.traced = None  # the same int8 net, run by Python module by module

    routers = [("zero-shot embedding router (baseline)", zero_shot),
               ("fine-tuned, int8, eager", eager),
               (f"fine-tuned, int8, traced (served){'' if tuned.traced else ' - trace failed, eager'}", tuned)]
    timings = [(name, time_calls(r.route, requests, a.repeats), time_calls(r.classify_question, questions, a.repeats))
               for name, r in routers]
    base_route, base_q = timings[0][1].mean_ms, timings[0][2].mean_ms
    print(f"router latency, warm, {a.threads} torch threads ({describe()}), {len(requests)} requests / {len(questions)} questions "
          f"× {a.repeats}; checkpoint {Path(run).name}; load: zero-shot {zs_load:.1f} s, fine-tuned {ft_load:.1f} s\n")
    print("| router | route mean ms | route p95 ms | vs baseline | classify_question mean ms | p95 ms | vs baseline |")
    print("|---|---|---|---|---|---|---|")
    for name, route, question in timings:
        print(f"| {name} | {route.mean_ms:.1f} | {route.p95_ms:.1f} | {route.mean_ms / base_route:.2f}× | "
              f"{question.mean_ms:.1f} | {question.p95_ms:.1f} | {question.mean_ms / base_q:.2f}× |")


if __name__ == "__main__":
    main()
