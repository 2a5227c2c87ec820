"""The review set's sealed half (issue 20): data/review/sealed/part_*.jsonl, written on 2026-12-05 before the
scoring changes it measures, from question banks no other file of the project uses, and read once by the lead.
Format and separation only; no scoring here, so that reading this file never turns into tuning on the sealed
answers."""
from __future__ import annotations

from tests.test_review_set import (OTHER_QUESTION_FILES, TRAINING_CHATS, check_answer_lengths, check_coverage,
                                   check_kept_apart, check_new_questions, check_schema_and_sources,
                                   mentions_elsewhere)
from training.coaching.review_set import load_all, load_fresh, load_heldout, load_sealed


def test_sealed_rows_have_the_review_schema_and_licensed_sources():
    check_schema_and_sources(load_sealed(), "sealed", "x-")


def test_sealed_answers_have_the_lengths_of_the_other_halves():
    check_answer_lengths(load_sealed())


def test_sealed_covers_every_type_and_six_families():
    check_coverage(load_sealed(), min_rows=60, min_per_type=14)


def test_sealed_shares_no_question_and_no_source_with_the_rest_of_the_project():
    # Every other file of the project that holds questions (the other halves, the router's real questions, the
    # answer bank and its evaluation files, their sources included), and the synthetic training chats.
    sealed, earlier = load_sealed(), load_all() + load_heldout() + load_fresh()
    check_new_questions(sealed, "sealed", earlier, OTHER_QUESTION_FILES, TRAINING_CHATS)
    check_kept_apart(sealed, "sealed", "x-", earlier)


def test_sealed_sources_are_named_nowhere_else_in_the_project():
    """The four banks give this half alone: no data card, training script or other data file mentions them."""
    mentions = mentions_elsewhere(load_sealed(), "sealed")
    assert not mentions, mentions
