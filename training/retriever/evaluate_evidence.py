"""Evidence that follows the answer: is the bullet an answer talks about the first evidence shown?

    python -m training.retriever.evaluate_evidence                 # both rules on every case, report written
    python -m training.retriever.evaluate_evidence --grid yes      # the weight grid, on the dev resumes' cases only

Cases: data/resumes_real/evidence_cases.jsonl, {file, bullet_starts, question, answer}: a resume of
data/resumes_real/text/, the start of one of its parsed bullets, an interview question and an answer
written by hand about that bullet (in other words than the bullet's, as a candidate speaks). Every bullet
of the parsed resume is indexed with the real retriever encoder (load_retriever_encoder(): the adapter in
checkpoints/retriever/BEST, else the embedded MiniLM); a case is a hit when its bullet is ranked first.

Rules compared:
- `question+answer`: the previous rule, retrieve(retrieval_query("", question + first 80 answer words));
- `answer-aware`: interview.retrieval.retriever.retrieve_for_answer (its weights were chosen with --grid yes on the
  cases of dev resumes; test and heldout resumes' cases are reported separately).
Each rule runs without and with a job description in front of the query (DESCRIPTION, as the app does).
Writes data/resumes_real/evidence_report.json.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from interview.documents.resume import parse_resume_text
from training.options import parse_options
from interview.retrieval.retriever import build_index, load_retriever_encoder, retrieval_query, retrieve, retrieve_for_answer

ROOT = Path(__file__).resolve().parents[2] / "data" / "resumes_real"
ANSWER_WORDS = 80  # as interview/coach.py EVIDENCE_ANSWER_WORDS


@dataclass
class Config:
    grid: bool = False
    min_top1: float = 0.90


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w%$.]+", " ", text.lower()).split())


def load_cases() -> list[dict]:
    from training.documents.resumes_real import text_names

    names = text_names()
    cases = [json.loads(l) for l in (ROOT / "evidence_cases.jsonl").read_text(encoding="utf-8").splitlines() if l]
    for c in cases:
        c["split"] = names[c["file"]]["split"]
    return cases


def prepare(encoder, cases: list[dict]) -> dict[str, tuple]:
    """file -> (bullets, index) for every resume the cases use; checks each case's bullet is there."""
    out = {}
    for c in cases:
        if c["file"] not in out:
            bullets = parse_resume_text((ROOT / "text" / c["file"]).read_text(encoding="utf-8")).bullets
            out[c["file"]] = (bullets, build_index(encoder, bullets))
        bullets = out[c["file"]][0]
        found = [i for i, b in enumerate(bullets) if _norm(b).startswith(_norm(c["bullet_starts"]))]
        if len(found) != 1:
            raise SystemExit(f"{c['file']}: {len(found)} bullets start with {c['bullet_starts']!r}")
        c["target"] = found[0]
    return out


# A posting's opening, as the app puts the first 32 description words in front of every query.
DESCRIPTION = ("We are hiring a software engineer to design, build and operate the services behind our web and "
               "mobile products. You will work with product managers and designers, write well-tested code, "
               "review your colleagues' work and take part in the on-call rotation.")


def rank_first(case: dict, index, rule: str, description: str = "", **weights) -> int:
    if rule == "question+answer":
        said = " ".join(case["answer"].split()[:ANSWER_WORDS])
        hits = retrieve(index, retrieval_query(description, f"{case['question']} {said}"), k=1)
    else:
        hits = retrieve_for_answer(index, case["question"], case["answer"], job_description=description, k=1,
                                   **weights)
    return hits[0].index


def top1(cases, prepared, rule, description: str = "", **weights) -> dict:
    by_split: dict[str, list[bool]] = {}
    misses = []
    for c in cases:
        first = rank_first(c, prepared[c["file"]][1], rule, description, **weights)
        ok = first == c["target"]
        by_split.setdefault(c["split"], []).append(ok)
        by_split.setdefault("all", []).append(ok)
        if not ok:
            misses.append({"file": c["file"], "question": c["question"], "expected": prepared[c["file"]][0][c["target"]],
                           "first": prepared[c["file"]][0][first]})
    return {"top1": {s: round(sum(v) / len(v), 4) for s, v in sorted(by_split.items())},
            "cases": {s: len(v) for s, v in sorted(by_split.items())}, "misses": misses}


def main(cfg: Config) -> dict:
    # 1. cases and the real encoder
    cases = load_cases()
    encoder = load_retriever_encoder()
    prepared = prepare(encoder, cases)
    # 2. the weight grid, on dev cases only
    if cfg.grid:
        dev = [c for c in cases if c["split"] == "dev"]
        grid = []
        for aw in (0.0, 0.25, 0.5, 0.75, 1.0):
            for lw in (0.0, 0.1, 0.2, 0.3, 0.5):
                r = top1(dev, prepared, "answer-aware", answer_weight=aw, lexical_weight=lw)
                grid.append({"answer_weight": aw, "lexical_weight": lw, "dev_top1": r["top1"]["all"]})
        return {"grid": grid}
    # 3. both rules on every case
    report = {"cases": len(cases), "encoder": str(getattr(encoder, "_model_card_vars", {}).get("model_id", "")) or
              "load_retriever_encoder()",
              "question+answer": top1(cases, prepared, "question+answer"),
              "answer-aware": top1(cases, prepared, "answer-aware"),
              # the same with a job description in the query, as in the app
              "question+answer, with a description": top1(cases, prepared, "question+answer", DESCRIPTION),
              "answer-aware, with a description": top1(cases, prepared, "answer-aware", DESCRIPTION)}
    (ROOT / "evidence_report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    r = main(parse_options(Config, description=__doc__.split("\n")[0]))
    if "grid" in r:
        for row in sorted(r["grid"], key=lambda x: -x["dev_top1"]):
            print(row)
    else:
        for rule in ("question+answer", "answer-aware", "question+answer, with a description",
                     "answer-aware, with a description"):
            print(rule, r[rule]["top1"], r[rule]["cases"])
        ok = min(r["answer-aware"]["top1"]["all"], r["answer-aware, with a description"]["top1"]["all"]) >= Config.min_top1
        print("PASS" if ok else "FAIL", f"(answer-aware: the answer's bullet first in >= {Config.min_top1:.0%} of cases)")
