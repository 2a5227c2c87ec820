"""How often a review half's triples are ordered strong > weak > off-topic under other scoring options.

    python -m training.coaching.ordering_variants --half extra --options '{"judge_raises_only": []}'

Scores only (no feedback is generated), with `ScoringOptions(**options)` for every answer: the served options
when `--options` is "{}". For comparing a rule against the one served on halves already read (a half read
once for a final figure is never used to choose; this says what a choice would have given there). Prints the
share of ordered triples, per question type, and the off-topic answers flagged off topic.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from training.options import parse_options

TYPES = ("behavioral", "technical", "system_design", "coding")


@dataclass
class Config:
    half: str = "development"
    options: str = "{}"             # JSON object of ScoringOptions fields to override


def main(cfg: Config) -> dict:
    from interview.coaching.scoring import ScoringOptions, score_answer
    from interview.models.loading import load_encoder
    from training.coaching.review_set import load_review_set

    encoder, opts = load_encoder(), ScoringOptions(**json.loads(cfg.options))
    per_type = {t: [0, 0] for t in TYPES}
    off_flagged = 0
    questions = load_review_set(cfg.half)
    for q in questions:
        rubrics = {kind: score_answer(q["question"], q["answers"][kind], q["question_type"], encoder=encoder,
                                      opts=opts) for kind in ("strong", "weak", "off_topic")}
        o = {kind: r.overall for kind, r in rubrics.items()}
        per_type[q["question_type"]][0] += o["strong"] > o["weak"] > o["off_topic"]
        per_type[q["question_type"]][1] += 1
        off_flagged += "off_topic" in rubrics["off_topic"].flags
    ordered = sum(v[0] for v in per_type.values())
    result = {"half": cfg.half, "options": json.loads(cfg.options), "ordered_triples": round(ordered / len(questions), 3),
              "ordered_by_type": {t: f"{v[0]}/{v[1]}" for t, v in per_type.items() if v[1]},
              "off_topic_flagged": f"{off_flagged}/{len(questions)}"}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__.split("\n\n")[0]))
