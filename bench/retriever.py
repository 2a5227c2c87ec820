"""Retriever latency: index build for a 200-bullet resume and warm query latency (embed + search),
FAISS IndexFlatIP (in the app's MMR order, and in plain order) next to a brute-force numpy cosine baseline
measured in the same run.

    .venv/bin/python bench/retriever.py                     # 2 threads, the encoder the app resolves
    .venv/bin/python bench/retriever.py --bullets 200 --queries 50 --encoder checkpoints/retriever/<run>

The bullets and queries are built from data/bullets.csv and data/retrieval_pairs.csv when they exist,
otherwise from a small built-in vocabulary. The acceptance budget is ≤ 50 ms per query, warm.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import random
import statistics
import time

from interview.machine import describe

BUDGET_MS = 50.0


def pct(times: list[float], q: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, int(q * len(s)))]


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def workload(n_bullets: int, n_queries: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """(bullets, queries): from the datasets when present, else from a built-in vocabulary."""
    from interview.config import DATA_DIR
    from interview.retrieval.retriever import retrieval_query

    rng = random.Random(seed)
    bullets_csv, pairs_csv = DATA_DIR / "bullets.csv", DATA_DIR / "retrieval_pairs.csv"
    if bullets_csv.is_file() and pairs_csv.is_file():
        with bullets_csv.open(encoding="utf-8") as f:
            bullets = [r["bullet"] for r in csv.DictReader(f)]
        with pairs_csv.open(encoding="utf-8") as f:
            queries = [r.get("query") or retrieval_query(r["job_description"], r["question"])
                       for r in csv.DictReader(f)]
        return rng.sample(bullets, min(n_bullets, len(bullets))), rng.sample(queries, min(n_queries, len(queries)))
    verbs = ["Cut", "Built", "Led", "Designed", "Automated", "Migrated", "Mentored", "Launched", "Scaled", "Rewrote"]
    things = ["the checkout API", "a Kafka pipeline", "our CI system", "the billing service", "a churn model",
              "the React dashboard", "on-call rotations", "the data warehouse", "a feature store", "the search index"]
    results = ["cutting p95 latency by 40%", "saving $120k a year", "for 12 internal teams",
               "reducing incidents by half", "serving 2 million users a day"]
    combos = [f"{v} {t}, {r}" for v, t, r in itertools.product(verbs, things, results)]
    questions = ["Tell me about a time you improved performance.", "How do you handle a production outage?",
                 "Describe a project you led end to end.", "How have you mentored other engineers?",
                 "What was your biggest cost saving?"]
    jd = "We are hiring a senior backend engineer to own our payments platform on AWS."
    return rng.sample(combos, n_bullets), [retrieval_query(jd, rng.choice(questions)) for _ in range(n_queries)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads (the target machine has 2 cores)")
    p.add_argument("--bullets", type=int, default=200)
    p.add_argument("--queries", type=int, default=50)
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--encoder", default=None, help="encoder or run folder (default: what the app resolves)")
    a = p.parse_args()

    import numpy as np
    import torch

    from interview.models.loading import resolve
    from interview.retrieval.retriever import build_index, embed, load_retriever_encoder, retrieve

    torch.set_num_threads(a.threads)
    t = time.perf_counter()
    encoder = load_retriever_encoder(a.encoder)
    load_s = time.perf_counter() - t
    bullets, queries = workload(a.bullets, a.queries)

    build_index(encoder, bullets[:8])  # warm-up: first call pays lazy initialisation
    build = timed(lambda: build_index(encoder, bullets), 3)
    index = build_index(encoder, bullets)
    for q in queries[:5]:
        retrieve(index, q, a.k)

    def brute_force(q: str):
        scores = index.embeddings @ embed(encoder, [q])[0]
        top = np.argpartition(-scores, min(a.k, len(scores)) - 1)[: a.k]
        return top[np.argsort(-scores[top])]

    qvecs = [embed(encoder, [q]) for q in queries]
    rows = []
    for name, fn in [
        ("embed query only", lambda q: embed(encoder, [q])),
        ("FAISS: embed + search + MMR (retrieve, the app)", lambda q: retrieve(index, q, a.k)),
        ("FAISS: embed + search, plain order (diversity=0)", lambda q: retrieve(index, q, a.k, diversity=0)),
        ("numpy: embed + brute-force cosine", brute_force),
    ]:
        times = [timed(lambda fn=fn, q=q: fn(q), 1)[0] for q in queries for _ in range(2)]
        rows.append((name, statistics.fmean(times), pct(times, 0.95)))
    search_only = {
        "FAISS search only": [timed(lambda v=v: index.faiss_index.search(v, a.k), 1)[0] for v in qvecs for _ in range(5)],
        "numpy search only": [timed(lambda v=v: np.argsort(-(index.embeddings @ v[0]))[: a.k], 1)[0]
                              for v in qvecs for _ in range(5)],
    }
    rows += [(name, statistics.fmean(t), pct(t, 0.95)) for name, t in search_only.items()]

    source = a.encoder or "{0.origin}: {0.path}".format(resolve("retriever"))
    print(f"encoder {source} (loaded in {load_s:.1f} s), threads={a.threads} ({describe()}), bullets={len(bullets)}, "
          f"queries={len(queries)}, k={a.k}")
    print(f"\nindex build for {len(bullets)} bullets: mean {statistics.fmean(build):.0f} ms, "
          f"min {min(build):.0f} ms (embedding dominates)\n")
    print("| step | mean ms | p95 ms |")
    print("|---|---:|---:|")
    for name, mean, p95 in rows:
        print(f"| {name} | {mean:.2f} | {p95:.2f} |")
    app_total, faiss_total, numpy_total = rows[1][1], rows[2][1], rows[3][1]
    print(f"\nFAISS / numpy (embed + search, mean): {faiss_total / numpy_total:.2f}x;  "
          f"search only: {rows[4][1] / rows[5][1]:.2f}x;  MMR order / plain order: {app_total / faiss_total:.2f}x")
    p95 = rows[1][2]
    print(f"budget {BUDGET_MS:.0f} ms per warm query: {'PASS' if p95 <= BUDGET_MS else 'FAIL'} (p95 {p95:.1f} ms)")


if __name__ == "__main__":
    main()
