"""Build data/feedback_dataset.jsonl: findings -> feedback and findings -> follow-up chats for the generator.

    python -m training.coaching.build_feedback_data            # make feedback-data

The generator no longer judges answers; it puts findings computed in code into words (DESIGN.md §4a).
Each row's prompt is what serving sends (`prompts.feedback_messages(question, findings_block(a))`,
`prompts.follow_up_messages(question, follow_up_block(a))`) and its target is the same findings written
as prose by `interview.coaching.feedback` with the phrasing varied, so the model learns to say exactly
the findings and nothing else. The gate checks its output at serving time all the same.

Answers come from two places:
1. the synthetic answers of data/decoder_dataset.jsonl (the template generator's STAR stories and
   technical answers, in its feedback and follow_up rows; their own splits kept);
2. the development half of the review set (data/review/: real questions from licensed banks, answers
   written by the team), its questions dealt 80/20 to train/validation. Of the final half only the rows'
   source names are read (to keep those sources out of 3.);
3. real answers of the answer bank (data/answer_bank/bank.jsonl: licensed question-answer pairs, on topic
   and mostly short), from sources the review set does not use, so that on-topic findings with one or two
   gaps are not outnumbered by off-topic ones (49% of the feedback rows were off topic before).
Off-topic feedback rows are capped at `off_topic_share` of each split's feedback rows, and every
feedback target is checked by the gate: a target the gate rejects is dropped (and counted).
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import time
from dataclasses import dataclass, field

from interview.generation import prompts
from interview.coaching.assessment import assess
from interview.coaching.feedback import (advice_words, feedback_from_findings, feedback_sources, findings_block,
                                         follow_up_block, follow_up_from_findings)
from interview.coaching.gate import Sources, check_text
from training.options import parse_options
from training.paths import project_path
from training.coaching.review_set import load_review_set

_FIELD = re.compile(r"^(Question|Answer): <<<(.*?)>>>$", re.M | re.S)


@dataclass
class Config:
    decoder_path: str = "data/decoder_dataset.jsonl"   # synthetic answers (feedback / follow_up rows)
    out: str = "data/feedback_dataset.jsonl"
    # {split: max answers} (the test split is read by training/evaluate_generator). Sized so the build takes
    # minutes: train_generator samples a few hundred feedback rows of the pool anyway.
    synthetic_per_split: dict = field(default_factory=lambda: {"train": 320, "validation": 50, "test": 60})
    dev_validation_share: float = 0.2                  # review-set dev questions held out for validation loss
    bank_path: str = "data/answer_bank/bank.jsonl"     # real licensed answers (on topic)
    bank_answers: int = 220                            # bank answers used (seeded sample; 1 in 10 to validation)
    off_topic_share: float = 0.25                      # cap on off-topic feedback rows per split (the app sees few)
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


def _bank(path, n: int, seed: int) -> list[dict]:
    """Answer-bank answers from sources the review set does not draw on (its questions stay unseen)."""
    review_sources = {q["source"] for q in load_review_set()}
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r["source_repo"] not in review_sources and len(r["answer"].split()) >= 20]
    random.Random(seed).shuffle(rows)
    return [{"question": r["question"], "answer": r["answer"], "type": r["question_type"], "family": r["role_family"],
             "split": "validation" if i % 10 == 0 else "train", "origin": "bank"} for i, r in enumerate(rows[:n])]


def _cap_off_topic(rows: list[dict], share: float, rng: random.Random) -> list[dict]:
    """Drop off-topic feedback rows beyond `share` of each split's feedback rows (off-topic answers have no
    follow-up row)."""
    drop = set()
    for split in {r["split"] for r in rows}:
        fb = [r for r in rows if r["task"] == "feedback" and r["split"] == split]
        off = [r["id"] for r in fb if "\nOff topic:" in r["messages"][1]["content"]]
        keep = int(share * (len(fb) - len(off)) / (1 - share))
        if len(off) > keep:
            rng.shuffle(off)
            drop |= set(off[keep:])
    return [r for r in rows if r["id"] not in drop]


def main(cfg: Config) -> dict:
    from interview.models.loading import load_encoder

    t0 = time.time()
    rng = random.Random(cfg.seed)
    seen = set()   # the decoder dataset holds one answer in both a feedback and a follow-up row
    synthetic = [it for it in _synthetic(project_path(cfg.decoder_path))
                 if (k := (it["question"], it["answer"])) not in seen and not seen.add(k)]
    random.Random(cfg.seed).shuffle(synthetic)
    items = []
    for split, n in cfg.synthetic_per_split.items():
        items += [it for it in synthetic if it["split"] == split][:n]
    items += _review_dev(cfg.dev_validation_share) + _bank(project_path(cfg.bank_path), cfg.bank_answers, cfg.seed)
    encoder = load_encoder()
    rows, counts, gated = [], {}, [0, 0]   # gated: feedback targets that [pass, fail] the gate
    for it in items:
        a = assess(it["question"], it["type"], it["answer"], role_family=it["family"], encoder=encoder)
        if not a.is_answer:
            continue   # written in code at serving time; nothing for the model to learn
        chats = []
        # Findings with one gap or none are rare (6% of answers) and were where first drafts failed most
        # ("Two things ..." then one): they get two phrasings each.
        for _ in range(2 if len(a.gaps) < 2 else 1):
            target = feedback_from_findings(a, rng)
            # A target the gate would reject teaches the model to fail it (seen: the no-gap phrasing without
            # "you" failed 'addressed to the candidate'); such rows are dropped and counted.
            problems = check_text(target, feedback_sources(a, Sources(a.question, a.answer)), "feedback",
                                  overall=a.overall, off_topic=a.off_topic, gap_words=advice_words(a))
            gated[bool(problems)] += 1
            if not problems and target not in (c[2] for c in chats):
                chats.append(("feedback", prompts.feedback_messages(a.question, findings_block(a)), target))
        if not chats:
            continue
        follow = follow_up_from_findings(a, rng)
        if follow and not a.off_topic:
            chats.append(("follow_up", prompts.follow_up_messages(a.question, follow_up_block(a)), follow))
        for task, messages, target in chats:
            rows.append({"id": f"fb-{len(rows) + 1:05d}", "task": task,
                         "messages": messages + [{"role": "assistant", "content": target}],
                         "role_family": it["family"], "interview_type": it["type"], "difficulty": "",
                         "split": it["split"], "origin": it["origin"]})
    rows = _cap_off_topic(rows, cfg.off_topic_share, rng)
    for r in rows:
        key = (r["task"], r["split"], r["origin"].split(":")[0])
        counts[key] = counts.get(key, 0) + 1
    out = project_path(cfg.out)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} chats to {cfg.out} in {time.time() - t0:.0f} s; feedback targets passing the gate "
          f"{gated[0]}/{sum(gated)} (the rest dropped)")
    for k in sorted(counts):
        print(" ", *k, counts[k])
    return {"rows": len(rows), "counts": {"/".join(k): v for k, v in counts.items()},
            "targets_pass_gate": round(gated[0] / max(sum(gated), 1), 3)}


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__.split("\n\n")[0]))
