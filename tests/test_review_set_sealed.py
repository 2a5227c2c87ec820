"""The review set's sealed half (issue 20): data/review/sealed/part_*.jsonl, written on 2026-12-05 before the
scoring changes it measures, from question banks no other file of the project uses, and read once by the lead.
Format and separation only; no scoring here, so that reading this file never turns into tuning on the sealed
answers."""
from __future__ import annotations

from tests.conftest import ROOT
from tests.test_review_set import (_norm, check_answer_lengths, check_coverage, check_kept_apart,
                                   check_schema_and_sources, questions_and_sources)
from training.coaching.review_set import load_all, load_fresh, load_heldout, load_sealed

# Every other file of the project that holds questions: the other halves, the router's real questions, the
# answer bank and its evaluation files (their sources included), and the synthetic training chats.
QUESTION_FILES = ("data/real/questions.jsonl", "data/answer_bank/bank.jsonl", "data/answer_bank/heldout.jsonl",
                  "data/answer_bank/eval/fresh_questions.jsonl", "data/answer_bank/eval/unseen_questions.jsonl")
TRAINING_CHATS = ("data/question_dataset.jsonl", "data/decoder_dataset.jsonl", "data/feedback_dataset.jsonl")


def test_sealed_rows_have_the_review_schema_and_licensed_sources():
    check_schema_and_sources(load_sealed(), "sealed", "x-")


def test_sealed_answers_have_the_lengths_of_the_other_halves():
    check_answer_lengths(load_sealed())


def test_sealed_covers_every_type_and_six_families():
    check_coverage(load_sealed(), min_rows=60, min_per_type=14)


def test_sealed_shares_no_question_and_no_source_with_the_rest_of_the_project():
    sealed = load_sealed()
    texts, sources = questions_and_sources(load_all() + load_heldout() + load_fresh(), QUESTION_FILES)
    assert not {_norm(r["question"]) for r in sealed} & texts
    assert not {r["source"] for r in sealed} & sources, "a sealed source is already used elsewhere"
    # No sealed question appears, even inside a prompt, in the chats the models were trained on.
    chats = " ".join(_norm((ROOT / path).read_text(encoding="utf-8")) for path in TRAINING_CHATS)
    assert not [r["id"] for r in sealed if _norm(r["question"]) in chats]
    check_kept_apart(sealed, "sealed", "x-", load_all() + load_heldout() + load_fresh())


def test_sealed_sources_are_named_nowhere_else_in_the_project():
    """The four banks give this half alone: no data card, training script or other data file mentions them."""
    sources = {r["source"] for r in load_sealed()}
    mentions = []
    for folder in ("data", "training", "interview"):
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or "sealed" in path.parts or path.suffix not in {".py", ".md", ".json", ".jsonl"}:
                continue
            if path.name == "README.md" and path.parent.name == "review":
                continue                                    # the sealed half's own data card
            text = path.read_text(encoding="utf-8", errors="ignore")
            mentions += [f"{path.relative_to(ROOT)}: {s}" for s in sources if s in text]
    assert not mentions, mentions
