"""The scoring calibration pairs (tests/data/calibration.jsonl): how often the rubric ranks the good answer
above the weak one, and an answer higher on its own question than on others, on one half of the set.

    python -m training.coaching.evaluate_calibration                    # the development half (for choices)
    python -m training.coaching.evaluate_calibration --half heldout     # the held-out half, read once for the figure

The halves are fixed by a hash of the question (half_of; tests/data/README.md). The same checks run
as slow tests of tests/test_scoring.py on the development half.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from training.options import parse_options
from training.paths import project_path

HALVES = ("development", "heldout")


@dataclass
class Config:
    half: str = "development"      # development while choosing; heldout once, for the reported figure
    path: str = "tests/data/calibration.jsonl"


def half_of(question: str) -> str:
    """A question's half: even SHA-256 of its text -> development, odd -> held out."""
    return HALVES[int(hashlib.sha256(question.encode("utf-8")).hexdigest(), 16) % 2]


def main(cfg: Config) -> dict:
    from interview.models.loading import load_encoder
    from interview.coaching.scoring import score_answer

    if cfg.half not in HALVES:
        raise SystemExit(f"--half must be one of {', '.join(HALVES)}, got {cfg.half!r}")
    rows = [json.loads(line) for line in open(project_path(cfg.path), encoding="utf-8") if line.strip()]
    pairs = [p for p in rows if half_of(p["question"]) == cfg.half]
    encoder = load_encoder()
    good = [score_answer(p["question"], p["good"], p["type"], p["bullets"], encoder=encoder).overall for p in pairs]
    weak = [score_answer(p["question"], p["weak"], p["type"], p["bullets"], encoder=encoder).overall for p in pairs]
    own = [score_answer(p["question"], p["good"], p["type"], encoder=encoder).overall for p in pairs]
    # another pair's good answer, three apart in the file (never the pair itself: 23 % 23 is 0)
    others = [(i, (i + j) % len(pairs)) for i in range(len(pairs)) for j in (7, 13, 23) if (i + j) % len(pairs) != i]
    lower = [score_answer(pairs[i]["question"], pairs[k]["good"], pairs[i]["type"], encoder=encoder).overall < own[i]
             for i, k in others]
    result = {"half": cfg.half, "pairs": len(pairs),
              "good_beats_weak": sum(g > w for g, w in zip(good, weak)) / len(pairs),
              "misses": [p["question"] for p, g, w in zip(pairs, good, weak) if g <= w],
              "own_question_scores_higher": sum(lower) / len(lower)}
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__))
