"""The review set's fresh half (issue 20): data/review/fresh/part_*.jsonl, written on 2026-12-05 before the
scoring change it measures, from question banks no other file of the project uses. Format and separation
only; no scoring here, so that reading this file never turns into tuning on the fresh answers."""
from __future__ import annotations

import json

from tests.conftest import ROOT
from tests.test_review_set import _norm, check_answer_lengths, check_coverage, check_schema_and_sources
from training.coaching.review_set import load_all, load_fresh, load_heldout, load_review_set


def _jsonl(path: str) -> list[dict]:
    return [json.loads(line) for line in (ROOT / path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _other_questions() -> tuple[set[str], set[str]]:
    """(normalised question texts, source repositories) of every other question file of the project."""
    rows = load_all() + load_heldout() + _jsonl("data/real/questions.jsonl")
    bank = (_jsonl("data/answer_bank/bank.jsonl") + _jsonl("data/answer_bank/heldout.jsonl")
            + _jsonl("data/answer_bank/eval/fresh_questions.jsonl"))
    texts = {_norm(r["question"]) for r in rows + bank}
    sources = {r.get("source") or r.get("source_repo") for r in rows + bank} - {None}
    return texts, sources


def test_fresh_rows_have_the_review_schema_and_licensed_sources():
    check_schema_and_sources(load_fresh(), "fresh", "f-")


def test_fresh_answers_have_the_lengths_of_the_other_halves():
    check_answer_lengths(load_fresh())


def test_fresh_covers_every_type_and_six_families():
    check_coverage(load_fresh(), min_rows=60, min_per_type=10)


def test_fresh_shares_no_question_and_no_source_with_the_rest_of_the_project():
    fresh = load_fresh()
    texts, sources = _other_questions()
    assert not {_norm(r["question"]) for r in fresh} & texts
    assert not {r["source"] for r in fresh} & sources, "a fresh source is already used elsewhere"
    # The other halves, and every reader that globs data/review/part_*.jsonl, never see the fresh rows.
    assert all(not r["id"].startswith("f-") for r in load_all() + load_heldout())
    assert {r["half"] for r in load_review_set()} == {"development", "final"}
    assert [r["id"] for r in load_review_set("fresh")] == [r["id"] for r in fresh]
    assert not list((ROOT / "data" / "review").glob("part_f*.jsonl"))
