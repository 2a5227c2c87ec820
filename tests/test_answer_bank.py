"""The licensed answer bank: provenance of every row, and lookups with the real embedded encoder."""
import json
import re

import numpy as np
import pytest

from interview.retrieval.answer_bank import BANK_PATH, THRESHOLD, load_answer_bank, load_bank_entries
from training.answer_bank.build import PERMISSIVE, RESERVED

HELDOUT_PATH = BANK_PATH.parent / "heldout.jsonl"


@pytest.fixture(scope="module")
def rows():
    return load_bank_entries()


@pytest.fixture(scope="module")
def bank(encoder, tmp_path_factory):
    # The whole bank, so that thresholds are tested against every competing entry (~1 min cold on 2 cores).
    return load_answer_bank(encoder, cache_dir=tmp_path_factory.mktemp("bank_cache"))


# ----------------------------------------------------------------------------- the committed data

def test_every_row_has_source_commit_licence_and_attribution(rows):
    assert len(rows) >= 1500
    for row in rows:
        assert row["question"].strip() and row["answer"].strip(), row["id"]
        assert row["licence"] in PERMISSIVE, row
        assert re.fullmatch(r"[0-9a-f]{40}", row["commit"]), row["id"]
        assert row["source_repo"].count("/") == 1 and row["path"], row["id"]
        assert row["licence"] in row["attribution"] and row["source_repo"] in row["attribution"]
        assert row["url"] == f"https://github.com/{row['source_repo']}/blob/{row['commit']}/{row['path']}"
        assert row["question_type"] in {"technical", "system_design", "coding"}
        assert len(row["answer"].split()) <= 170, row["id"]   # ~150 words shown, cut at a sentence


def test_no_reserved_source_and_nine_families_known(rows):
    from interview.labels import ROLE_FAMILIES

    reserved = {r.lower() for r in RESERVED}
    assert not {row["source_repo"].lower() for row in rows} & reserved
    assert {row["role_family"] for row in rows} <= set(ROLE_FAMILIES)
    assert len({row["id"] for row in rows}) == len(rows)


def test_heldout_questions_are_not_in_the_bank(rows):
    held = [json.loads(line) for line in HELDOUT_PATH.read_text().splitlines() if line.strip()]
    assert held
    bank_ids = {row["id"] for row in rows}
    bank_questions = {(row["role_family"], row["question"].lower()) for row in rows}
    for row in held:
        assert row["id"] not in bank_ids
        assert (row["role_family"], row["question"].lower()) not in bank_questions


def test_fresh_evaluation_questions_come_from_elsewhere_and_every_shown_answer_is_judged(rows):
    """eval/fresh_*: questions from licensed sources that give the bank nothing and are not reserved, none a
    copy of a bank question, and a verdict for every answer the one lookup showed (issue 21)."""
    from training.answer_bank.evaluate_fresh import QUESTIONS, ROWS, VERDICTS

    bank_sources = {r["source_repo"] for r in rows}
    def norm(q):
        return re.sub(r"\W+", " ", q.lower()).strip()
    bank_questions = {norm(r["question"]) for r in rows}
    fresh = [json.loads(l) for l in QUESTIONS.read_text().splitlines()]
    assert len(fresh) >= 50
    for q in fresh:
        assert q["source"] not in bank_sources and q["source"] not in RESERVED, q
        assert q["licence"] in PERMISSIVE and re.fullmatch(r"[0-9a-f]{40}", q["commit"]), q
        assert norm(q["question"]) not in bank_questions, q
    looked_up = [json.loads(l) for l in ROWS.read_text().splitlines()]
    assert [r["id"] for r in looked_up] == [q["id"] for q in fresh]      # every question looked up, once
    verdicts = {json.loads(l)["id"]: json.loads(l)["verdict"] for l in VERDICTS.read_text().splitlines()}
    assert {r["id"] for r in looked_up if r["shown"]} == set(verdicts)
    assert set(verdicts.values()) <= {"yes", "partly", "no"}


def test_missing_bank_file_says_how_to_build_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="training.answer_bank.build"):
        load_bank_entries(tmp_path / "bank.jsonl")


# ----------------------------------------------------------------------------- lookups (real encoder)

PARAPHRASES = [  # (asked, role family, words the matched bank question must contain)
    ("How does CSS specificity work?", "frontend", "specificity"),
    ("What exactly is a pod in Kubernetes?", "devops_sre", "pod"),
    ("How does gradient descent work?", "machine_learning", "gradient descent"),
    ("Can you explain the central limit theorem?", "data_science", "central limit"),
]


@pytest.mark.slow
@pytest.mark.parametrize("asked, family, word", PARAPHRASES)
def test_paraphrase_of_a_known_question_gets_an_on_topic_attributed_answer(bank, asked, family, word):
    hit = bank.lookup(asked, role_family=family)
    assert hit is not None and hit.score >= THRESHOLD
    assert word in hit.question.lower()
    assert hit.source_repo in hit.attribution and hit.licence in PERMISSIVE
    assert hit.source_repo in hit.citation and hit.licence in hit.citation
    assert hit.url.startswith(f"https://github.com/{hit.source_repo}/blob/{hit.commit}/")


@pytest.mark.slow
@pytest.mark.parametrize("asked", ["What is the best recipe for banana bread?",
                                   "Tell me about a time you disagreed with your manager.",
                                   "Where do you see yourself in five years?", ""])
def test_unrelated_or_behavioural_question_gets_none(bank, asked):
    assert bank.lookup(asked) is None


@pytest.mark.slow
def test_faiss_nearest_equals_brute_force_cosine(bank):
    from interview.retrieval.answer_bank import embed

    for asked in ["How does TLS certificate pinning work?", "What is a window function in SQL?"]:
        scores = bank.embeddings @ embed(bank.encoder, [asked])[0]
        row, score = bank.search(asked, k=1)[0]
        assert row == int(np.argmax(scores)) and score == pytest.approx(float(scores.max()), abs=1e-5)


def test_sibling_questions_are_refused_and_same_questions_pass():
    from interview.retrieval.answer_bank import same_subject

    assert not same_subject("What are some non-linear techniques of dimensionality reduction?",
                            "What are some linear techniques of dimensionality reduction?")
    assert not same_subject("How to reset state in Redux?", "How to set initial state in Redux?")
    assert same_subject("How does TLS work?", "What is TLS?")
    assert same_subject("Explain precision and recall.", "Explain the tradeoff between recall and precision?")


@pytest.mark.slow
def test_role_family_prefers_its_own_entry_within_the_margin(bank):
    from interview.retrieval.answer_bank import FAMILY_MARGIN

    asked = "How do you secure a Kubernetes cluster?"
    for family in ("security", "devops_sre"):
        hit = bank.lookup(asked, role_family=family, threshold=-1.0)
        best = bank.search(asked, k=1)[0][1]
        assert hit is not None and hit.score >= best - FAMILY_MARGIN - 1e-6
        same = [s for r, s in bank.search(asked) if bank.entries[r]["role_family"] == family]
        if same and same[0] >= best - FAMILY_MARGIN:
            assert hit.role_family == family


@pytest.mark.slow
def test_cached_embeddings_are_reused(encoder, tmp_path):
    from interview.retrieval.answer_bank import build_answer_bank

    small = tmp_path / "bank.jsonl"
    small.write_text("".join(line + "\n" for line in BANK_PATH.read_text().splitlines()[:40]))
    first = load_answer_bank(encoder, path=small, cache_dir=tmp_path / "cache")
    cached = list((tmp_path / "cache" / "answer_bank").glob("*.npy"))
    assert len(cached) == 1
    second = load_answer_bank(encoder, path=small, cache_dir=tmp_path / "cache")
    assert np.allclose(first.embeddings, second.embeddings)
    rebuilt = build_answer_bank(encoder, first.entries)
    assert np.allclose(rebuilt.embeddings, first.embeddings, atol=1e-5)
    # another encoder (here: the same one with a perturbed embedding layer) must not reuse the cache
    import copy

    import torch

    other = copy.deepcopy(encoder)
    with torch.no_grad():
        other.model.embeddings.word_embeddings.weight.mul_(1.5)  # a deep copy: the shared weights stay
    load_answer_bank(other, path=small, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "answer_bank").glob("*.npy"))) == 2
