"""Does the cross-encoder relevance judge help the answer bank's lookup? Read on the DEVELOPMENT data only.

    python -m training.answer_bank.dev_judge            # writes eval/dev_judge_rows.jsonl and eval/dev_judge.json

For each dev held-out question (evaluate.py's dev split) and the dev negatives: the entry the lookup picks
with its rules (sibling guard + whole-question rule) at any cut, its cosine, and the judge's p(the bank answer
answers the asked question); the same with the sibling guard alone (the judge standing in for the whole-question
rule). Then, for a grid of cosine cuts and judge cuts, the answers shown and how many of them are on the asked
topic, for three rules: the app's rules + judge, the sibling guard + judge, and "rescue" (the app's lookup as it
is, else the sibling guard's entry when p >= t). On topic by a reviewer's verdict where one exists
(eval/dev_labels.jsonl, and eval/dev_judge_labels.jsonl for every other answer shown at cosine >= FLOOR), else by
evaluate.py's proxy (the grid counts both).

Leak check: the judge was trained on bank rows (question vs its own answer, vs its neighbours' answers). A dev
question is not a bank row, but the answer shown for it is; if the judge had learnt "this answer is a good
answer" from training, its p for a shown answer would be higher when that row was a training row. The rows
are split by whether the shown entry was on the judge's training side, its validation side, or dropped/unused,
and the judge's separation of labelled on-topic from not-on-topic answers is given per side.
The fresh and test questions are not read here.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interview.retrieval.answer_bank import THRESHOLD, embed, load_answer_bank
from training.answer_bank.evaluate import HELDOUT_PATH, NEGATIVES, PROXY_ANSWER_COS, PROXY_QUESTION_COS, is_dev
from training.answer_bank.dev_rules import old_lookup
from training.options import parse_options

EVAL_DIR = HELDOUT_PATH.parent / "eval"
COS_CUTS = (0.85, 0.82, 0.80, 0.78, 0.75, 0.72, 0.70)
P_CUTS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
RULES = ("whole_question", "sibling_guard")   # the app's rules now; the sibling guard alone (judge instead)
FLOOR = 0.70        # entries below this cosine are not scored by the judge (no cut below it is tried)


@dataclass
class Config:
    judge: str = "checkpoints/relevance/cross-v1"
    out: Path = EVAL_DIR / "dev_judge.json"
    rows_out: Path = EVAL_DIR / "dev_judge_rows.jsonl"


def judge_sides(cross_seed: int = 13, val_share: float = 0.12, train_questions: int = 2000,
                near_duplicate: float = 0.85) -> dict[str, str]:
    """{bank id: 'train' | 'val' | 'unused' | 'dropped'} as train_cross_relevance's make_pairs drew them (same
    seed, same drop of review near-duplicates, same sample). 'train' = a training question (its answer a
    positive); an answer also appears as a training NEGATIVE for its neighbours: see `negative_ids`."""
    from interview.models.loading import load_encoder
    from training.coaching.review_set import every_review_question
    from training.coaching.train_relevance import Config as HeadConfig, bank_items, drop_review_duplicates

    encoder = load_encoder()
    items = bank_items(HeadConfig(val_share=val_share, seed=cross_seed))
    all_ids = {it["id"] for it in items}
    review = every_review_question()
    drop_review_duplicates(items, review, encoder, HeadConfig(near_duplicate=near_duplicate))
    rng = random.Random(f"{cross_seed}-cross-False")
    side = [i for i, it in enumerate(items) if not it["val"]]
    sample = set(sorted(rng.sample(side, train_questions))) if len(side) > train_questions else set(side)
    out = {i: "dropped" for i in all_ids}
    for i, it in enumerate(items):
        out[it["id"]] = "val" if it["val"] else ("train" if i in sample else "unused")
    return out


def app_lookup(bank, by_question: dict, question: str, role_family: str | None):
    """(entry, cosine) the app's lookup (sibling guard + whole-question rule) picks at the FLOOR cut."""
    hit = bank.lookup(question, role_family, threshold=FLOOR)
    return (by_question[hit.question], hit.score) if hit else None


def sibling_lookup(bank, question: str, role_family: str | None):
    """(entry, cosine) the lookup picks with the sibling guard alone (the rule before the whole-question rule),
    at the FLOOR cut; the judge would then stand in for the whole-question rule."""
    return old_lookup(bank, question, role_family, cut=FLOOR)


def main(cfg: Config) -> dict:
    from interview.coaching.relevance import read_judge

    bank = load_answer_bank()
    judge = read_judge(cfg.judge)
    dev = [q for q in (json.loads(l) for l in HELDOUT_PATH.read_text().splitlines() if l.strip()) if is_dev(q["id"])]
    negatives = [{"question": q, "role_family": None, "answer": ""} for i, q in enumerate(NEGATIVES) if i % 2 == 0]
    labels = {}
    for name in ("dev_labels.jsonl", "dev_judge_labels.jsonl"):
        path = EVAL_DIR / name
        if path.is_file():
            for v in (json.loads(l) for l in path.read_text().splitlines() if l.strip()):
                labels.setdefault((v["asked"], v["bank_question"]), v["verdict"])
    sides = judge_sides()
    by_question = {e["question"]: e for e in bank.entries}
    rows = []
    for q in dev + negatives:
        for rule in RULES:
            hit = (app_lookup(bank, by_question, q["question"], q["role_family"]) if rule == "whole_question"
                   else sibling_lookup(bank, q["question"], q["role_family"]))
            rows.append({"rule": rule, "asked": q["question"], "family": q["role_family"],
                         "negative": q["role_family"] is None, "own_answer": q["answer"],
                         "bank_question": hit[0]["question"] if hit else None,
                         "bank_answer": hit[0]["answer"] if hit else None, "cos": round(hit[1], 4) if hit else None,
                         "bank_id": hit[0]["id"] if hit else None})
    shown = [r for r in rows if r["bank_question"]]
    ps = judge.probability_of_texts([r["asked"] for r in shown], [r["bank_answer"] for r in shown]) if shown else []
    for r, p in zip(shown, ps):
        r["p"] = round(float(p), 4)
        r["judge_side"] = sides.get(r["bank_id"], "?")
    held = [r for r in shown if not r["negative"]]
    if held:
        vecs = [embed(bank.encoder, [r[k] for r in held]) for k in ("asked", "own_answer", "bank_question", "bank_answer")]
        for i, r in enumerate(held):
            r["proxy"] = bool(float(vecs[1][i] @ vecs[3][i]) >= PROXY_ANSWER_COS
                              or float(vecs[0][i] @ vecs[2][i]) >= PROXY_QUESTION_COS)
            r["label"] = labels.get((r["asked"], r["bank_question"]))

    def on_topic(r: dict) -> bool:
        return r["label"] == "on_topic" if r["label"] else r["proxy"]

    grid = []
    for rule, c, t in ((rule, c, t) for rule in RULES for c in COS_CUTS for t in P_CUTS):
        s = [r for r in held if r["rule"] == rule and r["cos"] >= c and r["p"] >= t]
        lab = [r for r in s if r["label"]]
        grid.append({"rule": rule, "cos": c, "p": t, "shown": len(s), "coverage": round(len(s) / len(dev), 4),
                     "on_topic_label_else_proxy": sum(on_topic(r) for r in s),
                     "labelled": len(lab), "labelled_on_topic": sum(r["label"] == "on_topic" for r in lab),
                     "unlabelled": len(s) - len(lab),
                     "negatives_answered": sum(1 for r in rows if r["negative"] and r["rule"] == rule
                                               and r["bank_question"]
                                               and r["cos"] >= c and r["p"] >= t)})
    # "rescue": the app's lookup as it is, and where it shows nothing, the sibling guard's entry when the judge
    # says it answers the question (the judge standing in for the whole-question rule only where that refused)
    def rescue(rs: list[dict], c: float, t: float) -> list[dict]:
        by_asked: dict[str, dict] = {}
        for r in rs:
            if r["bank_question"]:
                by_asked.setdefault(r["asked"], {})[r["rule"]] = r
        out = []
        for d in by_asked.values():
            app, sib = d.get("whole_question"), d.get("sibling_guard")
            if app and app["cos"] >= THRESHOLD:
                out.append(app)
            elif sib and sib["cos"] >= c and sib["p"] >= t:
                out.append(sib)
        return out

    for c, t in ((c, t) for c in COS_CUTS for t in P_CUTS + (0.9, 0.95)):
        s = rescue(held, c, t)
        lab = [r for r in s if r["label"]]
        grid.append({"rule": "rescue", "cos": c, "p": t, "shown": len(s), "coverage": round(len(s) / len(dev), 4),
                     "on_topic_label_else_proxy": sum(on_topic(r) for r in s), "labelled": len(lab),
                     "labelled_on_topic": sum(r["label"] == "on_topic" for r in lab), "unlabelled": len(s) - len(lab),
                     "negatives_answered": len(rescue([r for r in rows if r["negative"]], c, t))})
    leak = {}
    for side in ("train", "val", "unused", "dropped"):
        s = {(r["asked"], r["bank_question"]): r for r in held if r["judge_side"] == side and r["label"]}.values()
        pos = [r["p"] for r in s if r["label"] == "on_topic"]
        neg = [r["p"] for r in s if r["label"] != "on_topic"]
        leak[side] = {"labelled": len(s), "on_topic": len(pos),
                      "mean_p_on_topic": round(float(np.mean(pos)), 3) if pos else None,
                      "mean_p_not": round(float(np.mean(neg)), 3) if neg else None,
                      "auc": round(float(np.mean([a > b for a in pos for b in neg])), 3) if pos and neg else None}
    with open(cfg.rows_out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: v for k, v in r.items() if k != "own_answer"}, ensure_ascii=False) + "\n")
    result = {"judge": cfg.judge, "dev_questions": len(dev), "dev_negatives": len(negatives),
              "grid": grid, "leak_check_by_judge_side": leak}
    cfg.out.write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    print(json.dumps(main(parse_options(Config, None, __doc__.split("\n")[0])), indent=1))
