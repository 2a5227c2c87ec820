"""Scoring time per answer with and without the relevance judge (warm encoder, 2 cores).

    .venv/bin/python bench/relevance.py [--answers 60] [--rounds 3]

The app scores one answer per turn; scoring must stay well under 150 ms of the <= 4 s feedback budget.
Answers: the review set's development half (strong, weak and off-topic in turn). Prints a Markdown table:
median and p90 of score_answer per answer with the judge (the default) and with the cosine rule alone
(ScoringOptions(use_judge=False)), their ratio, and the judge's own time (one head evaluation).
"""
from __future__ import annotations

import argparse
import statistics
import time

from interview.machine import describe
from interview.models.loading import load_encoder
from interview.coaching.relevance import installed_judge
from interview.coaching.scoring import ScoringOptions, embed_all, relevance_question, score_answer
from interview.text import tokens
from training.coaching.review_set import ANSWER_KINDS, load_review_set


def _times(fn, items, rounds):
    out = []
    for _ in range(rounds):
        for it in items:
            t = time.perf_counter()
            fn(it)
            out.append(1000 * (time.perf_counter() - t))
    return out


def _row(name, ms, base=None):
    ms = sorted(ms)
    med, p90 = statistics.median(ms), ms[int(0.9 * (len(ms) - 1))]
    ratio = f"{med / base:.2f}x" if base else "1.00x"
    return f"| {name} | {med:.2f} | {p90:.2f} | {ratio} |", med


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--answers", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    encoder, judge = load_encoder(), installed_judge()
    if judge is None:
        raise SystemExit("No relevance judge installed (checkpoints/relevance/BEST); run `make train-relevance`.")
    qs = load_review_set("development")
    items = [(q["question"], q["question_type"], q["answers"][ANSWER_KINDS[i % 3]]) for i, q in enumerate(qs)][: a.answers]
    plain, judged = ScoringOptions(use_judge=False), ScoringOptions()
    for it in items[:5]:                                         # warm up the encoder and the judge's file read
        score_answer(it[0], it[2], it[1], encoder=encoder, opts=judged)
    vecs = [embed_all(encoder, relevance_question(q, t), tokens.sentences(ans)[:40], []) for q, t, ans in items]
    print(f"{describe()}; {len(items)} answers x {a.rounds} rounds; judge {judge.path}\n")
    print("| score_answer, one answer | median ms | p90 ms | vs cosine rule |\n|---|---:|---:|---:|")
    line, base = _row("cosine rule alone (before)", _times(lambda it: score_answer(it[0], it[2], it[1], encoder=encoder, opts=plain), items, a.rounds))
    print(line)
    print(_row("with the relevance judge (served)", _times(lambda it: score_answer(it[0], it[2], it[1], encoder=encoder, opts=judged), items, a.rounds), base)[0])
    pairs = [(relevance_question(q, t), ans, v) for (q, t, ans), v in zip(items, vecs)]
    print(_row("the judge alone (one pair)", _times(lambda p: judge.answers(p[0], p[1], p[2], 0.5), pairs, a.rounds), base)[0])


if __name__ == "__main__":
    main()
