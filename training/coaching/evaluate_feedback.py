"""Evaluate the coaching texts on the review set: scores, feedback, follow-ups; today's path beside the old one.

    python -m training.coaching.evaluate_feedback                       # final half, the figures we report
    python -m training.coaching.evaluate_feedback --half development    # while choosing rules and prompts
    python -m training.coaching.evaluate_feedback --half development --generate 0 --legacy false   # scores only

Scores (every answer of the half): overall orders strong > weak > off-topic; strong answers get
relevance >= 4/5. Texts (a sample of `--generate` answers, one per question, the answer kinds in turn,
greedy first as the app does): with the served generator through findings -> text + gate
(interview/coaching/feedback.py), and with the previous adapter through the previous prompt (the rubric
summary, no gate). For each text: did the model's first draft pass the gate; what is shown; facts in
it that are in none of the inputs (gate.unsupported_facts, the extractor); does it name an element of
the answer; is praise consistent with the score; does the follow-up refer to the answer or a gap.
Writes <out>/metrics_<half>.json, <out>/scores_<half>.jsonl (each answer's score), <out>/samples_<half>.jsonl
and <out>/review_sheet_<half>.md (40 random shown texts for a person to give a verdict each; none with
--generate 0, which loads no generator).
"""
from __future__ import annotations

import json
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from interview.coaching.assessment import assess
from interview.coaching.feedback import feedback_sources, findings_block, follow_up_sources, write_feedback, write_follow_up
from interview.coaching.follow_ups import follow_up_from_findings
from interview.coaching.gate import Sources, check_text, names_the_answer, praise_problem, unsupported_facts
from training.data.decoder import legacy_feedback_messages
from training.options import parse_options
from training.paths import project_path
from training.coaching.review_set import ANSWER_KINDS, load_review_set

LEGACY_ADAPTER = "checkpoints/generator/smollm2-lora"   # the adapter the app served before findings -> text


@dataclass
class Config:
    half: str = "final"
    generate: int = 108            # answers whose texts are generated (one per question, kinds in turn)
    legacy: bool = True            # also run the previous adapter and prompt on the same answers
    out: str = "checkpoints/generator/smollm2-findings/feedback_eval"
    sheet_items: int = 40
    seed: int = 7
    prompt_lookup: int = -1        # tokens prompt lookup decoding proposes (0: off); -1: as served


def _text_checks(text: str, a, sources: Sources) -> dict:
    return {"unsupported": unsupported_facts(text, sources),
            "names_answer": names_the_answer(text, a.answer),
            "praise_ok": praise_problem(text, a.overall) is None}


def score_figures(questions: list[dict], encoder) -> tuple[dict, dict]:
    per_q, ordered, strong_rel = {}, 0, 0
    by_type: dict[str, list[int]] = {}
    for q in questions:
        res = {k: assess(q["question"], q["question_type"], q["answers"][k], role_family=q["role_family"], encoder=encoder)
               for k in ANSWER_KINDS}
        o = {k: a.overall for k, a in res.items()}
        ok = o["strong"] > o["weak"] > o["off_topic"]
        ordered += ok
        strong_rel += res["strong"].rubric.get("relevance").score >= 4
        by_type.setdefault(q["question_type"], []).append(int(ok))
        per_q[q["id"]] = res
    n = len(questions)
    return ({"questions": n, "ordered_triples": round(ordered / n, 3), "strong_relevance_ge4": round(strong_rel / n, 3),
             "ordered_by_type": {t: round(sum(v) / len(v), 3) for t, v in sorted(by_type.items())}}, per_q)


def main(cfg: Config) -> dict:
    from interview.models.loading import load_encoder, load_generator
    from interview.generation.generator import complete

    t0 = time.time()
    questions = load_review_set(cfg.half)
    encoder = load_encoder()
    scores, assessed = score_figures(questions, encoder)
    print(f"[evaluate_feedback] {cfg.half}: {scores}", flush=True)

    rng = random.Random(cfg.seed)
    picks = [(q, ANSWER_KINDS[i % 3]) for i, q in enumerate(sorted(questions, key=lambda q: q["id"]))]
    rng.shuffle(picks)
    picks = picks[: cfg.generate]
    # --generate 0: the scores alone (encoder and relevance judge; the generator is never loaded)
    gen = load_generator() if picks else None
    if cfg.prompt_lookup >= 0:   # to measure what it changes, on and off, on the same answers
        from interview.generation import generator

        generator.PROMPT_LOOKUP_TOKENS = cfg.prompt_lookup
    samples = []
    for i, (q, kind) in enumerate(picks):
        a = assessed[q["id"]][kind]
        sources = Sources(q["question"], a.answer)
        fb_sources, fu_sources = feedback_sources(a, sources), follow_up_sources(a, sources)
        t = time.time()
        fb = write_feedback(gen, a, sources, seed=i)
        fu = write_follow_up(gen, a, sources, seed=i)
        gap_words = " ".join(g.advice for g in a.gaps[:2])
        samples.append({
            "id": q["id"], "kind": kind, "type": q["question_type"], "question": q["question"], "answer": a.answer,
            "overall": a.overall, "flags": a.flags, "findings": findings_block(a),
            "feedback": fb.text, "feedback_source": fb.source, "feedback_drafts": fb.drafts,
            "feedback_checks": _text_checks(fb.text, a, fb_sources),
            "follow_up": fu.text, "follow_up_source": fu.source, "follow_up_drafts": fu.drafts,
            "follow_up_refers": (not fu.text) or not any("refers to" in p for p in
                                                         check_text(fu.text, fu_sources, "follow_up", gap_words=gap_words)),
            "seconds": round(time.time() - t, 2)})
        if (i + 1) % 10 == 0:
            print(f"[evaluate_feedback] {i + 1}/{len(picks)} texts", flush=True)
    del gen

    legacy = []
    if cfg.legacy and project_path(LEGACY_ADAPTER).is_dir():
        old = load_generator(project_path(LEGACY_ADAPTER))
        for s in samples:
            a = assessed[s["id"]][s["kind"]]
            if not a.is_answer:
                continue
            text = complete(old, legacy_feedback_messages(s["question"], s["answer"], a.rubric.summary(), []), max_new_tokens=96)
            src = Sources(s["question"], s["answer"])
            legacy.append({"id": s["id"], "kind": s["kind"], "feedback": text,
                           "gate_problems": check_text(text, src, "feedback", overall=a.overall),
                           "checks": _text_checks(text, a, src)})

    model_rows = [s for s in samples if s["feedback_drafts"]]    # answers the model was asked about
    fu_rows = [s for s in samples if s["follow_up_drafts"]]

    def share(rows, pred):
        return round(sum(map(pred, rows)) / len(rows), 3) if rows else None

    metrics = {
        "half": cfg.half, "scores": scores, "texts": len(samples),
        "new": {"model_asked": len(model_rows),
                "feedback_first_draft_passes_gate": share(model_rows, lambda s: not s["feedback_drafts"][0]["problems"]),
                "feedback_shown_from_model": share(model_rows, lambda s: s["feedback_source"] == "model"),
                "shown_feedback_unsupported_facts": sum(len(s["feedback_checks"]["unsupported"]) for s in samples),
                "shown_feedback_names_answer": share(samples, lambda s: s["feedback_checks"]["names_answer"]
                                                      or not s["feedback_drafts"]),
                "shown_praise_consistent": share(samples, lambda s: s["feedback_checks"]["praise_ok"]),
                "follow_up_first_draft_passes_gate": share(fu_rows, lambda s: not s["follow_up_drafts"][0]["problems"]),
                "follow_ups_refer_to_answer_or_gap": share([s for s in samples if s["follow_up"]], lambda s: s["follow_up_refers"]),
                "median_seconds_feedback_and_follow_up": statistics.median(s["seconds"] for s in samples)}
        if samples else None,
        "previous": {"texts": len(legacy),
                     "feedback_passes_gate": share(legacy, lambda r: not r["gate_problems"]),
                     "unsupported_facts": sum(len(r["checks"]["unsupported"]) for r in legacy),
                     "names_answer": share(legacy, lambda r: r["checks"]["names_answer"]),
                     "praise_consistent": share(legacy, lambda r: r["checks"]["praise_ok"]),
                     "problems": _count(p.split(":")[0] for r in legacy for p in r["gate_problems"])} if legacy else None,
        "first_draft_problems": _count(p.split(":")[0] for s in model_rows for p in s["feedback_drafts"][0]["problems"]),
        "seconds": round(time.time() - t0),
    }
    out = project_path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"metrics_{cfg.half}.json").write_text(json.dumps(metrics, indent=2) + "\n")
    _write_scores(out / f"scores_{cfg.half}.jsonl", questions, assessed)
    with open(out / f"samples_{cfg.half}.jsonl", "w", encoding="utf-8") as fh:
        for s in samples:
            fh.write(json.dumps(s, ensure_ascii=False) + "\n")
        for r in legacy:
            fh.write(json.dumps({"previous_path": True, **r}, ensure_ascii=False) + "\n")
    if samples:
        _write_sheet(out / f"review_sheet_{cfg.half}.md", rng.sample(samples, min(cfg.sheet_items, len(samples))))
    print(json.dumps(metrics, indent=2))
    return metrics


def _count(items) -> dict:
    out: dict[str, int] = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def _write_scores(path: Path, questions: list[dict], assessed: dict) -> None:
    """One line per question: each answer's overall score, relevance and flags, and the findings written in code
    (strengths, gaps, the code's follow-up), so that two runs of a rules change can be diffed answer by answer."""
    with open(path, "w", encoding="utf-8") as fh:
        for q in questions:
            res = assessed[q["id"]]
            fh.write(json.dumps({"id": q["id"], "type": q["question_type"], "family": q["role_family"],
                                 **{k: {"overall": a.overall, "relevance": a.rubric.get("relevance").score,
                                        "flags": a.flags, "strengths": [[s.quote, s.shows] for s in a.strengths],
                                        "gaps": [g.name for g in a.gaps],
                                        "follow_up": follow_up_from_findings(a) if a.is_answer and not a.off_topic
                                        else ""} for k, a in res.items()}}, ensure_ascii=False) + "\n")


def _write_sheet(path: Path, items: list[dict]) -> None:
    """The review sheet: each shown text with its inputs and a verdict line a person fills in."""
    lines = ["# Review sheet: shown feedback and follow-ups", "",
             "Verdict per item: OK (accurate, specific, nothing invented) or a note of what is wrong.", ""]
    for n, s in enumerate(items, 1):
        lines += [f"## {n}. {s['id']} ({s['type']}, {s['kind']} answer, {s['overall']:.0f}/100)", "",
                  f"**Question.** {s['question']}", "", f"**Answer.** {s['answer']}", "",
                  f"**Feedback** ({s['feedback_source']}). {s['feedback']}", "",
                  f"**Follow-up** ({s['follow_up_source']}). {s['follow_up'] or '(none)'}", "",
                  "**Verdict.** ", ""]
    path.write_text("\n".join(lines))


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__.split("\n\n")[0]))
