"""Build data/feedback_dataset.jsonl: findings -> feedback and findings -> follow-up chats for the generator.

    python -m training.build_feedback_data            # make feedback-data

The generator no longer judges answers; it puts findings computed in code into words (DESIGN.md §4a).
Each row's prompt is what serving sends (`prompts.feedback_messages(question, findings_block(a))`,
`prompts.follow_up_messages(question, follow_up_block(a))`) and its target is the same findings written
as prose by `interview.coaching.feedback` with the phrasing varied, so the model learns to say exactly
the findings and nothing else. The gate checks its output at serving time all the same.

Answers come from two places:
1. the synthetic answers of data/decoder_dataset.jsonl (the template generator's STAR stories and
   technical answers, in its feedback and follow_up rows; their own splits kept);
2. the development half of the review set (data/review/: real questions from licensed banks, answers
   written by the team), its questions dealt 80/20 to train/validation. The final half is never read here.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import time
from dataclasses import dataclass

from interview import prompts
from interview.coaching.assessment import assess
from interview.coaching.feedback import feedback_from_findings, findings_block, follow_up_block, follow_up_from_findings
from training.paths import project_path
from training.review_set import load_review_set

_FIELD = re.compile(r"^(Question|Answer): <<<(.*?)>>>$", re.M | re.S)


@dataclass
class Config:
    decoder_path: str = "data/decoder_dataset.jsonl"   # synthetic answers (feedback / follow_up rows)
    out: str = "data/feedback_dataset.jsonl"
    synthetic_per_split: dict = None                   # {split: max answers}; None = every one
    dev_validation_share: float = 0.2                  # review-set dev questions held out for validation loss
    seed: int = 13


def _synthetic(path) -> list[dict]:
    """(question, answer, type, family, split) from the decoder dataset's coaching rows."""
    out = []
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        if row["task"] not in ("feedback", "follow_up"):
            continue
        fields = dict(_FIELD.findall(row["messages"][1]["content"]))
        if "Question" in fields and "Answer" in fields:
            out.append({"question": fields["Question"], "answer": fields["Answer"], "type": row["interview_type"],
                        "family": row["role_family"], "split": row["split"], "origin": "synthetic"})
    return out


def _review_dev(share: float) -> list[dict]:
    out = []
    for q in load_review_set("development"):
        h = int(hashlib.sha1(q["id"].encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        split = "validation" if h < share else "train"
        for kind, answer in q["answers"].items():
            out.append({"question": q["question"], "answer": answer, "type": q["question_type"],
                        "family": q["role_family"], "split": split, "origin": f"review:{kind}"})
    return out


def main(cfg: Config) -> dict:
    from interview.models import load_encoder

    t0 = time.time()
    rng = random.Random(cfg.seed)
    items = _synthetic(project_path(cfg.decoder_path)) + _review_dev(cfg.dev_validation_share)
    encoder = load_encoder()
    rows, counts = [], {}
    for it in items:
        a = assess(it["question"], it["type"], it["answer"], role_family=it["family"], encoder=encoder)
        if not a.is_answer:
            continue   # written in code at serving time; nothing for the model to learn
        chats = [("feedback", prompts.feedback_messages(a.question, findings_block(a)), feedback_from_findings(a, rng))]
        follow = follow_up_from_findings(a, rng)
        if follow and not a.off_topic:
            chats.append(("follow_up", prompts.follow_up_messages(a.question, follow_up_block(a)), follow))
        for task, messages, target in chats:
            rows.append({"id": f"fb-{len(rows) + 1:05d}", "task": task,
                         "messages": messages + [{"role": "assistant", "content": target}],
                         "role_family": it["family"], "interview_type": it["type"], "difficulty": "",
                         "split": it["split"], "origin": it["origin"]})
            key = (task, it["split"], it["origin"].split(":")[0])
            counts[key] = counts.get(key, 0) + 1
    out = project_path(cfg.out)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} chats to {cfg.out} in {time.time() - t0:.0f} s")
    for k in sorted(counts):
        print(" ", *k, counts[k])
    return {"rows": len(rows), "counts": {"/".join(k): v for k, v in counts.items()}}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=Config.seed)
    ap.add_argument("--out", default=Config.out)
    args = ap.parse_args()
    main(Config(seed=args.seed, out=args.out))
