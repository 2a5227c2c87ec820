"""The answer bank's whole-question rule (`covers_whole`) read on the DEVELOPMENT data only.

    python -m training.answer_bank.dev_rules          # prints the figures, writes eval/dev_rules.json

For each dev held-out question (the split `training/answer_bank/evaluate.py` chose the threshold on) and the
dev negatives: what the lookup shows at the committed threshold with the sibling guard alone (`same_subject`,
the rule before the fresh check) and with the whole-question rule on top (the app's lookup now); the
shown answers' proxy label (the held-out question's own answer close to the shown one, as in evaluate.py) and,
where a person labelled the dev item (eval/dev_labels.jsonl), that verdict. Every item whose outcome the rule
changes is listed, for a person to read. The fresh held-out questions are not read here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from interview.retrieval.answer_bank import THRESHOLD, embed, load_answer_bank, same_subject
from training.answer_bank.evaluate import HELDOUT_PATH, NEGATIVES, PROXY_ANSWER_COS, PROXY_QUESTION_COS, is_dev
from training.options import parse_options

EVAL_DIR = HELDOUT_PATH.parent / "eval"


@dataclass
class Config:
    out: Path = EVAL_DIR / "dev_rules.json"


def old_lookup(bank, question: str, role_family: str | None, cut: float = THRESHOLD):
    """(entry, cosine) the lookup as it was before the whole-question rule picks: the sibling guard only."""
    hits = [(r, s) for r, s in bank.search(question) if same_subject(question, bank.entries[r]["question"])]
    pick = bank.prefer_family(hits, role_family)
    return (bank.entries[pick[0]], pick[1]) if pick and pick[1] >= cut else None


def main(cfg: Config) -> dict:
    bank = load_answer_bank()
    dev = [q for q in (json.loads(l) for l in HELDOUT_PATH.read_text().splitlines() if l.strip()) if is_dev(q["id"])]
    negatives = [{"question": q, "role_family": None, "answer": ""} for i, q in enumerate(NEGATIVES) if i % 2 == 0]
    labels = {(v["asked"], v["bank_question"]): v["verdict"]
              for v in (json.loads(l) for l in (EVAL_DIR / "dev_labels.jsonl").read_text().splitlines() if l.strip())}
    rows = []
    for q in dev + negatives:
        old = old_lookup(bank, q["question"], q["role_family"])
        new = bank.lookup(q["question"], q["role_family"])
        rows.append({"asked": q["question"], "family": q["role_family"], "own_answer": q["answer"],
                     "negative": q["role_family"] is None,
                     "old": (old[0]["question"], old[0]["answer"], round(old[1], 4)) if old else None,
                     "new": (new.question, new.answer, new.score) if new else None})
    # proxy label of every shown dev answer (old or new), as evaluate.py defines it
    pairs = {(r["asked"], r["own_answer"], side[0], side[1]) for r in rows if not r["negative"]
             for side in (r["old"], r["new"]) if side}
    pairs = sorted(pairs)
    vecs = [embed(bank.encoder, [p[i] for p in pairs]) for i in range(4)] if pairs else []
    proxy = {(p[0], p[2]): bool(float(vecs[1][i] @ vecs[3][i]) >= PROXY_ANSWER_COS
                                or float(vecs[0][i] @ vecs[2][i]) >= PROXY_QUESTION_COS) for i, p in enumerate(pairs)}

    def figures(side: str) -> dict:
        shown = [r for r in rows if not r["negative"] and r[side]]
        labelled = [labels[(r["asked"], r[side][0])] for r in shown if (r["asked"], r[side][0]) in labels]
        return {"dev_questions": sum(not r["negative"] for r in rows), "shown": len(shown),
                "proxy_on_topic": sum(proxy[(r["asked"], r[side][0])] for r in shown),
                "hand_labelled_shown": len(labelled),
                "hand_on_topic": sum(v == "on_topic" for v in labelled),
                "hand_partly": sum(v == "partly" for v in labelled),
                "hand_off_topic": sum(v == "off_topic" for v in labelled),
                "negatives_answered": sum(1 for r in rows if r["negative"] and r[side])}

    changed = [{"asked": r["asked"], "before": r["old"][0] if r["old"] else None,
                "after": r["new"][0] if r["new"] else None,
                "hand_verdict_before": labels.get((r["asked"], r["old"][0])) if r["old"] else None,
                "proxy_before": proxy.get((r["asked"], r["old"][0])) if r["old"] else None}
               for r in rows if (r["old"] or (None,))[0] != (r["new"] or (None,))[0]]
    result = {"threshold": THRESHOLD, "sibling_guard_only": figures("old"), "whole_question_rule": figures("new"),
              "changed": changed}
    cfg.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return result


if __name__ == "__main__":
    print(json.dumps(main(parse_options(Config, None, __doc__.split("\n")[0])), indent=1, ensure_ascii=False))
