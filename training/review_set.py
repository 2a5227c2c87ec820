"""The review set: real interview questions from licensed banks, each with three answers the team wrote.

data/review/part_*.jsonl, one question a line:
    {"id", "question", "question_type", "role_family", "source", "path", "commit", "licence",
     "answers": {"strong", "weak", "off_topic"}}

Halves: within each question type, questions are ordered by a hash of their id and dealt alternately,
so both halves hold every type. The development half may be used to build training data and to choose
rules and thresholds; the final half is read only by training/evaluate_feedback.py for the reported figures.

    >>> len(load_review_set("development")), len(load_review_set("final"))
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from training.paths import project_path

REVIEW_DIR = "data/review"
HALVES = ("development", "final")
ANSWER_KINDS = ("strong", "weak", "off_topic")


def _key(qid: str) -> str:
    return hashlib.sha1(qid.encode()).hexdigest()


def load_all() -> list[dict]:
    rows = []
    for path in sorted(project_path(REVIEW_DIR).glob("part_*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def half_of(rows: list[dict]) -> dict[str, str]:
    """{question id: half}."""
    by_type = defaultdict(list)
    for r in rows:
        by_type[r["question_type"]].append(r["id"])
    out = {}
    for ids in by_type.values():
        for i, qid in enumerate(sorted(ids, key=_key)):
            out[qid] = HALVES[i % 2]
    return out


def load_review_set(half: str | None = None) -> list[dict]:
    """Every question of the review set, or those of one half."""
    rows = load_all()
    halves = half_of(rows)
    return [dict(r, half=halves[r["id"]]) for r in rows if half is None or halves[r["id"]] == half]
