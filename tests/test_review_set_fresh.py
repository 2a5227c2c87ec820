"""The review set's fresh half (issue 20): data/review/fresh/part_*.jsonl, written on 2026-12-05 before the
scoring change it measures, from question banks no other file of the project uses. Format and separation
only; no scoring here, so that reading this file never turns into tuning on the fresh answers."""
from __future__ import annotations

from tests.test_review_set import (check_answer_lengths, check_coverage, check_kept_apart, check_new_questions,
                                   check_schema_and_sources)
from training.coaching.review_set import load_all, load_fresh, load_heldout

# The question files the fresh half was checked against when it was written: the router's real questions,
# the answer bank and its fresh evaluation questions.
QUESTION_FILES = ("data/real/questions.jsonl", "data/answer_bank/bank.jsonl", "data/answer_bank/heldout.jsonl",
                  "data/answer_bank/eval/fresh_questions.jsonl")


def test_fresh_rows_have_the_review_schema_and_licensed_sources():
    check_schema_and_sources(load_fresh(), "fresh", "f-")


def test_fresh_answers_have_the_lengths_of_the_other_halves():
    check_answer_lengths(load_fresh())


def test_fresh_covers_every_type_and_six_families():
    check_coverage(load_fresh(), min_rows=60, min_per_type=10)


def test_fresh_shares_no_question_and_no_source_with_the_rest_of_the_project():
    fresh, earlier = load_fresh(), load_all() + load_heldout()
    check_new_questions(fresh, "fresh", earlier, QUESTION_FILES)
    check_kept_apart(fresh, "fresh", "f-", earlier)
