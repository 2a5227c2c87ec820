"""The committed datasets (data/): schemas, label coverage, split proportions, leakage, and that the
build reproduces them byte for byte from the same seed."""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict

import numpy as np
import pytest

from interview.generation import prompts
from interview.labels import DIFFICULTY_BANDS, INTERVIEW_TYPES, ROLE_FAMILIES
from tests.conftest import ROOT

DATA = ROOT / "data"
FILES = ["encoder_dataset.csv", "question_types.csv", "decoder_dataset.jsonl", "retrieval_pairs.csv",
         "bullets.csv", "README.md"]
SPLITS = ("train", "validation", "test")
FAMILIES, TYPES, BANDS = set(ROLE_FAMILIES), set(INTERVIEW_TYPES), set(DIFFICULTY_BANDS)


def _csv(name):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _jsonl(name):
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def test_labels_are_the_apps_labels():
    assert len(FAMILIES) >= 8 and TYPES >= {"behavioral", "technical", "system_design", "coding"}
    assert BANDS == {"easy", "medium", "hard"}


def test_encoder_dataset_schema_counts_and_coverage():
    rows = _csv("encoder_dataset.csv")
    assert list(rows[0]) == ["id", "job_title", "description", "hardness", "role_family", "interview_types",
                             "difficulty_band", "seniority", "split"]
    assert len(rows) >= 3000
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(r["job_title"].strip() and r["description"].strip() for r in rows)
    for split in SPLITS:
        part = [r for r in rows if r["split"] == split]
        assert {r["role_family"] for r in part} == FAMILIES, split
        assert {r["difficulty_band"] for r in part} == BANDS, split
        assert {t for r in part for t in r["interview_types"].split("|")} == TYPES, split
    assert {r["hardness"] for r in rows} == BANDS
    assert {r["seniority"] for r in rows} == {"none", "entry", "mid", "senior"}
    # >= 40 distinct job titles once seniority words are stripped
    seniority = {"senior", "staff", "principal", "lead", "junior", "intern", "graduate", "associate", "ii", "i",
                 "iii", "entry-level", "mid-level", "sr.", "jr.", "-", "new", "grad", "head", "of"}
    bases = {" ".join(w for w in r["job_title"].lower().replace(",", " ").split() if w not in seniority) for r in rows}
    assert len(bases) >= 40


def test_seniority_cues_move_the_band():
    """The band is informed by the description's cues, not only by the chosen hardness."""
    rows = _csv("encoder_dataset.csv")
    intern = [r for r in rows if "intern" in r["job_title"].lower() and r["hardness"] == "hard"]
    staff = [r for r in rows if r["job_title"].lower().startswith(("staff", "principal")) and r["hardness"] == "easy"]
    assert intern and staff
    assert Counter(r["difficulty_band"] for r in intern).most_common(1)[0][0] != "hard"
    assert Counter(r["difficulty_band"] for r in staff).most_common(1)[0][0] != "easy"


def test_question_types_schema_and_coverage():
    rows = _csv("question_types.csv")
    assert list(rows[0]) == ["id", "question", "type", "role_family", "difficulty", "split"]
    assert len(rows) >= 2000
    assert all(r["question"].rstrip().endswith(("?", ".")) for r in rows)
    for split in SPLITS:
        assert {r["type"] for r in rows if r["split"] == split} == TYPES, split


def test_decoder_dataset_uses_the_serving_prompts_and_covers_every_cell():
    rows = _jsonl("decoder_dataset.jsonl")
    assert len(rows) >= 1500
    assert {r["task"] for r in rows} == {"question", "feedback", "sample_answer", "follow_up"}
    system = prompts.question_messages("x", "y", "easy", "behavioral")[0]["content"]
    for r in rows:
        roles = [m["role"] for m in r["messages"]]
        assert roles == ["system", "user", "assistant"], r["id"]
        assert r["messages"][2]["content"].strip(), r["id"]
        assert "<<<" in r["messages"][1]["content"], r["id"]       # user data is fenced, as in serving
    assert any(r["messages"][0]["content"] == system for r in rows if r["task"] == "question")
    cells = {(r["role_family"], r["interview_type"], r["difficulty"]) for r in rows if r["task"] == "question"}
    assert cells >= {(f, t, d) for f in FAMILIES for t in TYPES for d in BANDS}


def test_question_prompts_are_the_serving_prompts():
    """Each type's instruction says what the type means, and the committed dataset was built with the
    prompts serving sends now (a stale dataset after a prompt change would train on another format)."""
    last_line = {t: prompts.question_messages("x", "y", "easy", t)[1]["content"].splitlines()[-1] for t in TYPES}
    assert all(prompts.QUESTION_TYPE_HINTS[t] in last_line[t] for t in TYPES)
    assert len(set(last_line.values())) == len(TYPES)
    for r in _jsonl("decoder_dataset.jsonl"):
        if r["task"] == "question":
            assert r["messages"][1]["content"].splitlines()[-1] == last_line[r["interview_type"]], r["id"]


def test_retrieval_pairs_and_bullet_pool():
    pairs, bullets = _csv("retrieval_pairs.csv"), _csv("bullets.csv")
    assert len(pairs) >= 5000
    pool = {b["bullet_id"]: b for b in bullets}
    assert len(pool) >= 1000 and len({p["bullet_id"] for p in pairs}) >= 1000
    assert all(pool[p["bullet_id"]]["bullet"] == p["bullet"] for p in pairs)
    from interview.retrieval.retriever import retrieval_query
    assert all(p["query"] == retrieval_query(p["job_description"], p["question"]) for p in pairs[:200])
    # hard cases: the right bullet competes with other bullets of the same resume
    per_resume = Counter(b["resume_id"] for b in bullets)
    assert sum(per_resume[p["resume_id"]] >= 3 for p in pairs) / len(pairs) > 0.9


def _check_proportions(rows, stratum, min_rows=40, tolerance=0.12):
    by = defaultdict(Counter)
    for r in rows:
        by[stratum(r)][r["split"]] += 1
    checked = 0
    for key, counts in by.items():
        n = sum(counts.values())
        if n < min_rows:
            continue
        checked += 1
        for split, share in zip(SPLITS, (0.70, 0.15, 0.15)):
            assert abs(counts[split] / n - share) <= tolerance, (key, dict(counts))
    total = Counter(r["split"] for r in rows)
    for split, share in zip(SPLITS, (0.70, 0.15, 0.15)):
        assert abs(total[split] / len(rows) - share) <= 0.03, dict(total)
    assert checked >= 3


def test_split_proportions_per_stratum():
    _check_proportions(_csv("encoder_dataset.csv"), lambda r: (r["role_family"], r["difficulty_band"]))
    _check_proportions(_csv("question_types.csv"), lambda r: r["type"], min_rows=200, tolerance=0.05)
    _check_proportions(_csv("retrieval_pairs.csv"), lambda r: r["role_family"], min_rows=200)


def _texts(rows, field):
    out = defaultdict(list)
    for r in rows:
        out[r["split"]].append(r[field])
    return out


@pytest.mark.parametrize("name,field", [("question_types.csv", "question"), ("bullets.csv", "bullet"),
                                        ("retrieval_pairs.csv", "question")])
def test_no_exact_leak_between_train_and_test(name, field):
    rows = _csv(name)
    if name == "bullets.csv":
        split_of = {p["bullet_id"]: p["split"] for p in _csv("retrieval_pairs.csv")}
        rows = [dict(r, split=split_of.get(r["bullet_id"], "train")) for r in rows]
    texts = _texts(rows, field)
    train = {_norm(t) for t in texts["train"]}
    assert not train & {_norm(t) for t in texts["test"] + texts["validation"]}


@pytest.mark.slow
def test_no_near_duplicate_between_train_and_test(encoder):
    """The leakage check, re-done here independently: no test question has a train question at
    MiniLM cosine >= 0.95."""
    texts = _texts(_csv("question_types.csv"), "question")
    a = encoder.encode(texts["train"], normalize_embeddings=True, batch_size=128)
    b = encoder.encode(texts["test"], normalize_embeddings=True, batch_size=128)
    assert float(np.max(b @ a.T)) < 0.95


@pytest.mark.slow
def test_build_is_deterministic_and_reproduces_the_committed_files(tmp_path):
    """Two builds with the same seed give the same bytes, and those bytes are what data/ holds."""
    from training.data.build_datasets import Config, main

    cache = str(tmp_path / "cache")
    main(Config(out=str(tmp_path / "a"), cache_dir=cache))
    main(Config(out=str(tmp_path / "b"), cache_dir=cache))
    for name in FILES:
        a, b = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        assert a == b, name
        assert a == (DATA / name).read_bytes(), f"data/{name} is stale: run make data"
