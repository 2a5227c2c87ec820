"""The development check of the cross-encoder judge as a guard on the bank lookup (training/answer_bank/dev_judge.py):
the committed figures rest on labelled answers only, and the sibling-guard lookup it compares against."""
import json

import numpy as np

from interview.retrieval.answer_bank import THRESHOLD, build_answer_bank
from training.answer_bank.dev_judge import EVAL_DIR, FLOOR, sibling_lookup

VERDICTS = {"on_topic", "partly", "off_topic"}


def _labels() -> dict:
    out = {}
    for name in ("dev_labels.jsonl", "dev_judge_labels.jsonl"):
        for v in (json.loads(line) for line in (EVAL_DIR / name).read_text().splitlines() if line.strip()):
            assert v["verdict"] in VERDICTS, v
            out.setdefault((v["asked"], v["bank_question"]), v["verdict"])
    return out


def test_every_shown_dev_answer_has_a_reviewers_verdict():
    labels = _labels()
    rows = [json.loads(line) for line in (EVAL_DIR / "dev_judge_rows.jsonl").read_text().splitlines() if line]
    shown = [r for r in rows if r["bank_question"] and not r["negative"]]
    assert shown and all(r["cos"] >= FLOOR and 0.0 <= r["p"] <= 1.0 for r in shown)
    missing = [(r["asked"], r["bank_question"]) for r in shown if (r["asked"], r["bank_question"]) not in labels]
    assert not missing, missing[:5]


def test_figures_match_the_rows_and_the_apps_rule_record():
    result = json.loads((EVAL_DIR / "dev_judge.json").read_text())
    rows = [json.loads(line) for line in (EVAL_DIR / "dev_judge_rows.jsonl").read_text().splitlines() if line]
    labels = _labels()
    app = next(g for g in result["grid"] if g["rule"] == "whole_question" and g["cos"] == THRESHOLD and g["p"] == 0.0)
    shown = [r for r in rows if r["rule"] == "whole_question" and r["bank_question"] and not r["negative"]
             and r["cos"] >= THRESHOLD]
    assert app["shown"] == len(shown)
    assert app["labelled_on_topic"] == sum(labels[(r["asked"], r["bank_question"])] == "on_topic" for r in shown)
    # the app's lookup at its threshold is what dev_rules.py recorded for the whole-question rule
    rules = json.loads((EVAL_DIR / "dev_rules.json").read_text())["whole_question_rule"]
    assert app["shown"] == rules["shown"]


class _Encoder:
    """Fixed unit vectors per text (the tests' own geometry instead of MiniLM's)."""

    def __init__(self, vectors: dict):
        self.vectors = vectors

    def encode(self, texts, **_):
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32)


def _unit(*xs):
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_sibling_lookup_prefers_the_asked_family_and_keeps_the_floor():
    entries = [{"id": "a", "question": "What is a pod?", "answer": "x", "role_family": "devops_sre"},
               {"id": "b", "question": "What is a Kubernetes pod?", "answer": "y", "role_family": "security"}]
    asked, far = "What is a pod in Kubernetes?", "What is a salt?"
    enc = _Encoder({"What is a pod?": _unit(1, 0.30, 0), "What is a Kubernetes pod?": _unit(1, 0.45, 0),
                    asked: _unit(1, 0.30, 0), far: _unit(0.5, 0, 1)})
    bank = build_answer_bank(enc, entries, threshold=THRESHOLD)
    assert sibling_lookup(bank, asked, None)[0]["id"] == "a"   # the nearest entry without a family
    entry, cos = sibling_lookup(bank, asked, "security")
    assert entry["id"] == "b" and cos > FLOOR            # the asked family's entry wins within the margin
    assert sibling_lookup(bank, far, None) is None       # cosine ~0.45, below the floor
