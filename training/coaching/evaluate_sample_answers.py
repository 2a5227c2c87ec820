"""Behavioural sample answers on real resumes: does every one tell only the user's facts, and cite them?

    python -m training.coaching.evaluate_sample_answers

Cases: data/resumes_real/evidence_cases.jsonl (107 real resumes' bullets, each with an interview question
and an answer written about one bullet; see training/retriever/evaluate_evidence.py). For each case the resume is
parsed (bullets and their employer/role), the evidence is retrieved as the app does
(Coach.retrieve_bullets: real retriever encoder, question + answer), and the sample answer is written as
the app writes it for a behavioural question (Coach.write_sample_answer -> interview/coaching/sample.py).

Measured on every case:
- facts outside the user's resume: the gate's extractor (numbers, names, tools; interview/coaching/gate.py
  unsupported_facts) against the retrieved bullets and their employer/role only, not the question or answer;
- cites: the text carries at least one [n] that points at a bullet it tells;
- shown as the story (passed the gate) or replaced by the outline;
- seconds per sample answer (retrieval + composition), median.
Writes data/resumes_real/sample_answers/{samples.jsonl, metrics.json, review_sheet.md (30 random items,
each with a verdict line for the reviewer)}.
"""
from __future__ import annotations

import json
import random
import re
import statistics
import time
from dataclasses import dataclass

from interview.coach import Coach
from interview.coaching.gate import Sources, unsupported_facts
from interview.documents.resume import parse_resume_text
from interview.retrieval.retriever import load_retriever_encoder
from training.retriever.evaluate_evidence import ROOT, load_cases
from training.paths import project_path


@dataclass
class Config:
    out: str = "data/resumes_real/sample_answers"
    sheet_items: int = 30
    seed: int = 11


def _cited_bullets(text: str, evidence: list) -> list[str]:
    return [evidence[int(n) - 1].bullet for n in re.findall(r"\[(\d)\]", text) if 0 < int(n) <= len(evidence)]


def main(cfg: Config | None = None) -> dict:
    cfg = cfg or Config()
    coach = Coach(generator=None, encoder=None, router=None, retriever_encoder=load_retriever_encoder())
    cases, rows, times = load_cases(), [], []
    for case in cases:
        parsed = parse_resume_text((ROOT / "text" / case["file"]).read_text(encoding="utf-8"))
        context = parsed.context_dicts()
        t = time.perf_counter()
        evidence = coach.retrieve_bullets(parsed.bullets, "", case["question"], case["answer"], context=context)
        sources = Sources(case["question"], case["answer"], "", parsed.bullets)
        written = coach.write_sample_answer(case["question"], "behavioral", evidence, sources)
        times.append(time.perf_counter() - t)
        resume_only = Sources("", "", "", [e.bullet for e in evidence] + [f"{e.role} {e.employer}" for e in evidence])
        rows.append({"file": case["file"], "split": case["split"], "question": case["question"],
                     "evidence": [e.to_dict() for e in evidence], "sample_answer": written.text, "source": written.source,
                     "facts_outside_resume": unsupported_facts(written.text, resume_only),
                     "cites": _cited_bullets(written.text, evidence),
                     "problems": written.drafts[0]["problems"] if written.drafts else []})
    stories = [r for r in rows if r["source"] == "resume"]
    metrics = {
        "cases": len(rows),
        "shown_as_story": round(len(stories) / len(rows), 3),
        "facts_outside_resume": sum(len(r["facts_outside_resume"]) for r in rows),
        "stories_citing_a_bullet": round(sum(bool(r["cites"]) for r in stories) / max(1, len(stories)), 3),
        "story_cites_the_answered_bullet_first": round(
            sum(r["cites"][:1] and r["cites"][0].startswith(c["bullet_starts"][:30])
                for r, c in zip(rows, cases) if r["source"] == "resume") / max(1, len(stories)), 3),
        "median_seconds": round(statistics.median(times), 4),
    }
    out = project_path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "samples.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    sheet = random.Random(cfg.seed).sample(rows, min(cfg.sheet_items, len(rows)))
    lines = ["# Behavioural sample answers: review sheet", "",
             f"{len(sheet)} random items of `python -m training.coaching.evaluate_sample_answers` (seed {cfg.seed}). "
             "Verdict: does the text hold only facts of the cited bullets, told faithfully, and would it help "
             "the candidate answer the question?", ""]
    for i, r in enumerate(sheet, 1):
        lines += [f"## {i}. {r['file']}", "", f"**Question:** {r['question']}", "",
                  *[f"- [{n}] {e['bullet']} ({e['role']}, {e['employer']})" for n, e in enumerate(r["evidence"], 1)],
                  "", "```", r["sample_answer"], "```", "",
                  f"Extractor: {r['facts_outside_resume'] or 'no fact outside the resume'}", "",
                  "**Verdict:** ", ""]
    (out / "review_sheet.md").write_text("\n".join(lines), encoding="utf-8")
    print(json.dumps(metrics, indent=2))
    return metrics


if __name__ == "__main__":
    main()
