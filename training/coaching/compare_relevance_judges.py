"""Compare the relevance judges on validation answer-bank pairs, through scoring's relevance value.

    python -m training.coaching.compare_relevance_judges [--questions 300]      # ~6 min on 2 cores

The pairs are train_cross_relevance.py's validation side (bank questions never trained on): each question
with its own answer, its own first sentences (a thin on-topic answer), and answers of its nearest same-family
questions (what the review set's "off topic" answers are on its fresh half). For the cosine rule alone, the
vector head (head-v1) and the cross-encoder (cross-v1), at ScoringOptions' weight: how often the own answer
(whole, thin) outscores a neighbour's, and the share of each kind that gets relevance >= 3 points.
Writes checkpoints/relevance/judges_validation.json.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from training.options import parse_options
from training.paths import project_path

KINDS = ("own", "own_thin", "neighbour", "neighbour_thin", "random")


@dataclass
class Config:
    questions: int = 300
    head: str = "checkpoints/relevance/head-v1"
    cross: str = "checkpoints/relevance/cross-v1"
    out: str = "checkpoints/relevance/judges_validation.json"


def main(cfg: Config) -> dict:
    from interview.coaching.relevance import read_judge
    from interview.coaching.scoring import ScoringOptions, band, embed_all, relevance_value
    from interview.models.loading import load_encoder
    from interview.text import tokens
    from training.coaching.review_set import every_review_question
    from training.coaching.train_cross_relevance import Config as CrossConfig
    from training.coaching.train_cross_relevance import make_pairs, pair_wins
    from training.coaching.train_relevance import Config as HeadConfig
    from training.coaching.train_relevance import bank_items, drop_review_duplicates

    enc = load_encoder()
    cross_cfg = CrossConfig(**{k: v for k, v in json.loads((project_path(cfg.cross) / "run_config.json").read_text()).items()
                               if k in CrossConfig.__dataclass_fields__})
    items = bank_items(HeadConfig(val_share=cross_cfg.val_share, seed=cross_cfg.seed))
    drop_review_duplicates(items, every_review_question(), enc, HeadConfig())
    qv = enc.encode([it["topic"] for it in items], normalize_embeddings=True, batch_size=128, show_progress_bar=False)
    rows = make_pairs(items, qv, cross_cfg, True)
    keep = set(sorted({r["qid"] for r in rows})[: cfg.questions])
    rows = [r for r in rows if r["qid"] in keep]
    judges = {"cosine rule": None, "vector head": read_judge(project_path(cfg.head)),
              "cross-encoder": read_judge(project_path(cfg.cross))}
    opts = ScoringOptions()
    values: dict = {k: [] for k in judges}
    for r in rows:
        v = embed_all(enc, r["question"], tokens.sentences(r["answer"])[: opts.max_sentences], [])
        for k, j in judges.items():
            values[k].append(relevance_value(r["question"], r["answer"], v, opts, j, "technical")[0])
    result = {"questions": len(keep), "pairs": len(rows), "judges": {}}
    for k, vals in values.items():
        val = np.array(vals)
        pts = np.array([band(x, opts.relevance_cuts) for x in val])
        result["judges"][k] = {
            **{f"{a} > {b}": pair_wins(rows, val, a, b)
               for a, b in (("own", "neighbour"), ("own_thin", "neighbour"), ("own_thin", "neighbour_thin"))},
            **{f"relevance >= 3: {kind}": round(float((pts[[r["kind"] == kind for r in rows]] >= 3).mean()), 3)
               for kind in KINDS}}
    project_path(cfg.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__.split("\n\n")[0]))
