"""The review set's held-out half (issue 20): data/review/heldout/part_*.jsonl, written after the final half
had been read, kept apart from everything that is tuned; the blind half (data/review/blind/), written after every
other half had been read; and the unseen half (data/review/unseen/), written after the blind half had been read.
Format and separation only; no scoring here, so that reading this file never turns into tuning on their answers."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from interview.labels import INTERVIEW_TYPES, ROLE_FAMILIES
from tests.conftest import ROOT
from training.coaching.review_set import (ANSWER_KINDS, SEPARATE_HALVES, load_all, load_blind, load_fresh,
                                         load_heldout, load_novel, load_review_set, load_sealed, load_separate,
                                         load_extra, load_pristine, load_reserve, load_spare, load_unseen,
                                         load_untouched)

# Sources issue 22 keeps for independent evaluation: none of them may give a row.
RESERVED = {
    "alexeygrigorev/data-science-interviews", "yangshun/tech-interview-handbook",
    "donnemartin/system-design-primer", "h5bp/Front-end-Developer-Interview-Questions",
    "trimstray/test-your-sysadmin-skills", "alirezadir/Machine-Learning-Interviews", "18F/join.tts.gsa.gov",
    "sb2nov/resume", "srbhr/Resume-Matcher", "PlayingNumbers/ds_salary_proj",
    "nitinkumar30/resume_screening_ml_project",
}
LICENCES = {"MIT", "Apache-2.0", "CC0-1.0", "CC-BY-4.0", "Unlicense", "ISC"}
# Word counts of the answers, the ranges of the development and final halves' answers.
WORDS = {"strong": (120, 230), "weak": (30, 70), "off_topic": (88, 140)}
FIELDS = {"id", "question", "question_type", "role_family", "source", "path", "commit", "licence", "answers"}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def read_jsonl(path: str) -> list[dict]:
    return [json.loads(line) for line in (ROOT / path).read_text(encoding="utf-8").splitlines() if line.strip()]


def questions_and_sources(rows: list[dict], files: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """(normalised question texts, source repositories) of `rows` and of the question files `files`."""
    rows = rows + [r for path in files for r in read_jsonl(path)]
    return {_norm(r["question"]) for r in rows}, {r.get("source") or r.get("source_repo") for r in rows} - {None}


def check_kept_apart(rows: list[dict], half: str, prefix: str, earlier: list[dict]) -> None:
    """The earlier halves, and every reader that globs data/review/part_*.jsonl, never see a later half's rows;
    load_review_set(half) reads them all, in order."""
    assert all(not r["id"].startswith(prefix) for r in earlier)
    assert {r["half"] for r in load_review_set()} == {"development", "final"}
    assert [r["id"] for r in load_review_set(half)] == [r["id"] for r in rows]
    assert not list((ROOT / "data" / "review").glob(f"part_{prefix[0]}*.jsonl"))


def check_new_questions(rows: list[dict], half: str, earlier: list[dict], files: tuple[str, ...],
                        chats: tuple[str, ...] = ()) -> None:
    """A written half shares no question and no source with the earlier halves and the question files `files`,
    and none of its questions appears, even inside a prompt, in the training chats `chats`."""
    texts, sources = questions_and_sources(earlier, files)
    assert not {_norm(r["question"]) for r in rows} & texts
    assert not {r["source"] for r in rows} & sources, f"a {half} source is already used elsewhere"
    if chats:
        text = " ".join(_norm((ROOT / path).read_text(encoding="utf-8")) for path in chats)
        assert not [r["id"] for r in rows if _norm(r["question"]) in text]


def mentions_elsewhere(rows: list[dict], half: str) -> list[str]:
    """Files of data/, training/ and interview/ that name a source of the half in data/review/<half>/ (its own
    folder and the review set's data card, which describes it, aside)."""
    sources = {r["source"] for r in rows}
    mentions = []
    for folder in ("data", "training", "interview"):
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or half in path.parts or path.suffix not in {".py", ".md", ".json", ".jsonl"}:
                continue
            if path.name == "README.md" and path.parent.name == "review":
                continue
            text = path.read_text(encoding="utf-8", errors="ignore")
            mentions += [f"{path.relative_to(ROOT)}: {s}" for s in sources if s in text]
    return mentions


def check_schema_and_sources(rows: list[dict], half: str, id_prefix: str) -> None:
    """A written half's rows: the review schema, a licensed source that is not reserved, no repeats."""
    assert rows, f"data/review/{half}/ is empty"
    for r in rows:
        assert set(r) == FIELDS | {"half"}, r["id"]
        assert r["half"] == half
        assert r["id"].startswith(id_prefix)
        assert r["question_type"] in INTERVIEW_TYPES and r["role_family"] in ROLE_FAMILIES, r["id"]
        assert r["licence"] in LICENCES and r["source"] not in RESERVED, r["id"]
        assert re.fullmatch(r"[0-9a-f]{40}", r["commit"]) and r["path"], r["id"]
        assert set(r["answers"]) == set(ANSWER_KINDS), r["id"]
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({_norm(r["question"]) for r in rows}) == len(rows), "a question appears twice"


def check_answer_lengths(rows: list[dict]) -> None:
    """Three different answers per question, each within the other halves' word ranges."""
    for r in rows:
        texts = r["answers"]
        assert len({texts[k] for k in ANSWER_KINDS}) == 3, r["id"]
        for kind, (lo, hi) in WORDS.items():
            n = len(texts[kind].split())
            assert lo <= n <= hi, f"{r['id']} {kind}: {n} words, expected {lo}-{hi}"


def check_coverage(rows: list[dict], min_rows: int, min_per_type: int) -> None:
    """Every question type at least `min_per_type` times, and at least six role families."""
    types = Counter(r["question_type"] for r in rows)
    assert len(rows) >= min_rows
    assert set(types) == set(INTERVIEW_TYPES) and min(types.values()) >= min_per_type, types
    assert len({r["role_family"] for r in rows}) >= 6


def test_heldout_rows_have_the_review_schema_and_licensed_sources():
    check_schema_and_sources(load_heldout(), "heldout", "h-")


def test_heldout_answers_have_the_lengths_of_the_other_halves():
    check_answer_lengths(load_heldout())


def test_heldout_covers_every_type_and_six_families():
    check_coverage(load_heldout(), min_rows=100, min_per_type=15)


def test_heldout_is_apart_from_the_development_and_final_halves():
    held = load_heldout()
    others = load_all()
    assert not {r["id"] for r in held} & {r["id"] for r in others}
    assert not {_norm(r["question"]) for r in held} & {_norm(r["question"]) for r in others}
    check_kept_apart(held, "heldout", "h-", others)
    assert len(load_review_set("development")) + len(load_review_set("final")) == len(others)
    assert not list((ROOT / "data" / "review").glob("part_h*.jsonl"))


# The blind half (data/review/blind/, ids "b-"): written after every half above had been read and the findings
# rules had changed, read once by the lead. Format and separation only: nothing here scores or assesses its answers.
# Every other file of the project that holds questions, and the chats the models were trained on.
OTHER_QUESTION_FILES = ("data/real/questions.jsonl", "data/answer_bank/bank.jsonl", "data/answer_bank/heldout.jsonl",
                        "data/answer_bank/eval/fresh_questions.jsonl", "data/answer_bank/eval/unseen_questions.jsonl")
TRAINING_CHATS = ("data/question_dataset.jsonl", "data/decoder_dataset.jsonl", "data/feedback_dataset.jsonl")


def test_blind_rows_have_the_review_schema_and_licensed_sources():
    check_schema_and_sources(load_blind(), "blind", "b-")


def test_blind_answers_have_the_lengths_of_the_other_halves():
    check_answer_lengths(load_blind())


def test_blind_covers_every_type_and_six_families():
    check_coverage(load_blind(), min_rows=48, min_per_type=5)


def test_blind_shares_no_question_and_no_source_with_the_rest_of_the_project():
    blind = load_blind()
    earlier = load_all() + load_heldout() + load_fresh() + load_sealed()
    check_new_questions(blind, "blind", earlier, OTHER_QUESTION_FILES, TRAINING_CHATS)
    check_kept_apart(blind, "blind", "b-", earlier)


def test_blind_sources_are_named_nowhere_else_in_the_project():
    """Its two banks give this half alone: no other data card, training script or data file mentions them."""
    mentions = mentions_elsewhere(load_blind(), "blind")
    assert not mentions, mentions


# The unseen half (data/review/unseen/, ids "u-"): written after the blind half had been read, for the lead's final
# figures, read once. Format and separation only, as for the blind half: nothing here scores or assesses its answers.
# The role families the blind half had fewest of, which this half was written to cover better.
THIN_IN_BLIND = ("product_management", "design", "data_science", "security")


def test_unseen_rows_have_the_review_schema_and_licensed_sources():
    check_schema_and_sources(load_unseen(), "unseen", "u-")


def test_unseen_answers_have_the_lengths_of_the_other_halves():
    check_answer_lengths(load_unseen())


def test_unseen_covers_every_type_and_six_families():
    check_coverage(load_unseen(), min_rows=56, min_per_type=5)


def test_unseen_has_more_of_each_family_the_blind_half_was_thin_on():
    unseen = Counter(r["role_family"] for r in load_unseen())
    blind = Counter(r["role_family"] for r in load_blind())
    assert all(unseen[f] > blind[f] for f in THIN_IN_BLIND), {f: (unseen[f], blind[f]) for f in THIN_IN_BLIND}


def test_unseen_shares_no_question_and_no_source_with_the_rest_of_the_project():
    unseen = load_unseen()
    earlier = load_all() + load_heldout() + load_fresh() + load_sealed() + load_blind()
    check_new_questions(unseen, "unseen", earlier, OTHER_QUESTION_FILES, TRAINING_CHATS)
    check_kept_apart(unseen, "unseen", "u-", earlier)


def test_unseen_sources_are_named_nowhere_else_in_the_project():
    """Its five banks give this half alone: no other data card, training script or data file mentions them."""
    mentions = mentions_elsewhere(load_unseen(), "unseen")
    assert not mentions, mentions


# The novel half (data/review/novel/, ids "n-"): written after the unseen half had been read, for a clean end-of-session
# figure, read once; the untouched half (data/review/untouched/, ids "t-"), written after it from eight further banks,
# also read once; the pristine half (data/review/pristine/, ids "q-"), written after it from six further banks, read
# once; the reserve half (data/review/reserve/, ids "r-"), written after it from four further banks for issue 20's final
# figure, read once; the spare half (data/review/spare/, ids "y-"), written after it from five further banks for that
# figure, read once; the extra half (data/review/extra/, ids "z-"), written after it from eight further banks for that
# figure, read once. Format and separation only, as for the halves above: nothing here scores or assesses their answers.
# {half: id prefix}, in the order they were written (the order of SEPARATE_HALVES).
LATE_HALVES = {"novel": "n-", "untouched": "t-", "pristine": "q-", "reserve": "r-", "spare": "y-", "extra": "z-"}


@pytest.mark.parametrize("half", LATE_HALVES)
def test_late_half_rows_have_the_review_schema_and_licensed_sources(half):
    check_schema_and_sources(load_separate(half), half, LATE_HALVES[half])


@pytest.mark.parametrize("half", LATE_HALVES)
def test_late_half_answers_have_the_lengths_of_the_other_halves(half):
    check_answer_lengths(load_separate(half))


@pytest.mark.parametrize("half", LATE_HALVES)
def test_late_half_covers_every_type_and_six_families(half):
    check_coverage(load_separate(half), min_rows=56, min_per_type=10)


@pytest.mark.parametrize("half", LATE_HALVES)
def test_late_half_has_every_role_family_at_least_four_times(half):
    families = Counter(r["role_family"] for r in load_separate(half))
    assert set(families) == set(ROLE_FAMILIES) and min(families.values()) >= 4, families


@pytest.mark.parametrize("half", LATE_HALVES)
def test_late_half_shares_no_question_and_no_source_with_the_rest_of_the_project(half):
    rows = load_separate(half)
    written_before = list(SEPARATE_HALVES)[:list(SEPARATE_HALVES).index(half)]
    earlier = load_all() + [r for h in written_before for r in load_separate(h)]
    check_new_questions(rows, half, earlier, OTHER_QUESTION_FILES, TRAINING_CHATS)
    check_kept_apart(rows, half, LATE_HALVES[half], earlier)


@pytest.mark.parametrize("half", LATE_HALVES)
def test_late_half_sources_are_named_nowhere_else_in_the_project(half):
    """Its banks give this half alone: no other data card, training script or data file mentions them."""
    mentions = mentions_elsewhere(load_separate(half), half)
    assert not mentions, mentions


def test_extra_is_the_last_half_written_and_spare_reserve_pristine_untouched_and_novel_the_ones_before():
    assert list(SEPARATE_HALVES)[-6:] == list(LATE_HALVES)
    assert list(SEPARATE_HALVES)[-2:] == ["spare", "extra"]
    assert [r["id"] for r in load_extra()] == [r["id"] for r in load_separate("extra")]
    assert [r["id"] for r in load_spare()] == [r["id"] for r in load_separate("spare")]
    assert [r["id"] for r in load_reserve()] == [r["id"] for r in load_separate("reserve")]
    assert [r["id"] for r in load_pristine()] == [r["id"] for r in load_separate("pristine")]
    assert [r["id"] for r in load_untouched()] == [r["id"] for r in load_separate("untouched")]
    assert [r["id"] for r in load_novel()] == [r["id"] for r in load_separate("novel")]


def test_every_folder_of_written_halves_is_in_the_table_of_separate_halves():
    """A half's folder under data/review/ that the table misses would be read by nobody; each table entry loads its
    own folder, through load_review_set as through its named loader."""
    folders = {p.parent.name for p in (ROOT / "data" / "review").glob("*/part_*.jsonl")}
    assert folders == set(SEPARATE_HALVES)
    named = {"heldout": load_heldout, "fresh": load_fresh, "sealed": load_sealed, "blind": load_blind,
             "unseen": load_unseen, "novel": load_novel, "untouched": load_untouched,
             "pristine": load_pristine, "reserve": load_reserve, "spare": load_spare, "extra": load_extra}
    for half in SEPARATE_HALVES:
        rows = load_separate(half)
        assert rows and {r["half"] for r in rows} == {half}
        assert [r["id"] for r in load_review_set(half)] == [r["id"] for r in rows] == [r["id"] for r in named[half]()]
