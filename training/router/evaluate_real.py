"""The router on real, source-held-out data: zero-shot, synthetic-only and real+synthetic side by side.

    python -m training.router.evaluate_real                         # validation split (for choices)
    python -m training.router.evaluate_real --split test            # the reported figure, run once

Reads data/real/postings.jsonl and the real questions (data/real/questions.jsonl + the review set),
split by source (training/router/data.py: REAL_TEST_SOURCES); the test sources give nothing to
training or validation. Writes <run>/real_eval_<split>.json and .md next to the real+synthetic run.
Macro-F1 is over the classes present in the split's truth (a class with no rows has no F1).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from training.options import parse_options
from training.paths import project_path


@dataclass
class Config:
    split: str = "validation"                       # validation (choices) or test (the reported figure)
    real_dir: str = "data/real"
    review_dir: str = "data/review"
    # minilm-lora: the LoRA fine-tune on synthetic data only; minilm-real: its encoder with a role-family
    # head on request + title embeddings fitted on real + synthetic (make train-router), the app's default
    synthetic_run: str = "checkpoints/router/minilm-lora"    # trained on synthetic data only
    real_run: str = "checkpoints/router/minilm-real"         # trained on real + synthetic


def _metrics(truth, pred) -> dict:
    from training.router.metrics import single_label_metrics

    labels = sorted(set(truth))
    m = single_label_metrics(truth, pred, labels)
    return {"macro_f1": round(m["macro_f1"], 4), "accuracy": round(m["accuracy"], 4), "n": len(truth),
            "per_class_f1": {k: round(v["f1"], 3) for k, v in m["per_class"].items()},
            "per_class_support": {k: v["support"] for k, v in m["per_class"].items()}}


def predict(router, postings, questions) -> tuple[list, list, list]:
    """(families, bands at 'medium', question types), batched: one call per list, not per row."""
    from interview.routing.band import move_band
    from interview.routing.router import ZeroShotRouter, check_request, seniority_cue

    rows = [check_request(p.job_title, p.description, "medium")[:2] + ("medium",) for p in postings]
    texts = [q.question for q in questions]
    if isinstance(router, ZeroShotRouter):   # its route() encodes one request at a time
        vecs = router.encoder.encode([f"{r}. {d}" for r, d, _ in rows], normalize_embeddings=True)
        fams = [max(s, key=s.get) for s in (router._scores("role_family", v) for v in vecs)]
        bands = [move_band("medium", seniority_cue(f"{r} {d}")) for r, d, _ in rows]
        qvecs = router.encoder.encode(texts, normalize_embeddings=True)
        qtypes = [max(s, key=s.get) for s in (router._scores("interview_type", v) for v in qvecs)]
        return fams, bands, qtypes
    decided = [router.decide(s) for s in router.predict_requests(rows)]
    qtypes = [max(s, key=s.get) for s in router.predict_questions(texts)]
    return [d[0] for d in decided], [d[2] for d in decided], qtypes


def evaluate(router, postings, questions) -> dict:
    """Role family, question type and the seniority check of one router on real rows."""
    from interview.routing.band import move_band

    fams, bands, qtypes = predict(router, postings, questions)
    out = {"role_family": _metrics([p.role_family for p in postings], fams),
           "question_type": _metrics([q.type for q in questions], qtypes)}
    # Seniority on real postings: the band each router gives at 'medium' vs the band of the labelled level.
    out["band_at_medium"] = _metrics([move_band("medium", p.seniority) for p in postings], bands)
    return out


def main(cfg: Config) -> dict:
    from interview.models.loading import load_encoder
    from interview.routing.router import ZeroShotRouter
    from interview.routing.router_model import load_trained_router
    from training.router.data import load_real_questions, load_real_requests

    # 1. the real rows of the split
    postings = [r for r in load_real_requests(project_path(cfg.real_dir)) if r.split == cfg.split]
    questions = [q for q in load_real_questions(project_path(cfg.real_dir), project_path(cfg.review_dir))
                 if q.split == cfg.split]
    print(f"[1] {cfg.split}: {len(postings)} postings, {len(questions)} questions")

    # 2. the three routers, each on the same rows
    report = {"split": cfg.split, "n_postings": len(postings), "n_questions": len(questions), "models": {}}
    routers = {"zero-shot": lambda: ZeroShotRouter(load_encoder()),
               "synthetic-only": lambda: load_trained_router(project_path(cfg.synthetic_run)),
               "real+synthetic": lambda: load_trained_router(project_path(cfg.real_run))}
    for name, make in routers.items():
        start = time.perf_counter()
        report["models"][name] = evaluate(make(), postings, questions)
        print(f"[2] {name}: {time.perf_counter() - start:.0f} s")

    # 3. write json + a markdown table next to the real+synthetic run; a split evaluated before says so,
    # with the earlier real+synthetic figures (a test split is meant to be read once)
    run = project_path(cfg.real_run)
    earlier = run / f"real_eval_{cfg.split}.json"
    if earlier.is_file():
        old = json.loads(earlier.read_text())
        report["earlier"] = old.get("earlier") or {
            h: old["models"]["real+synthetic"][h]["macro_f1"] for h in ("role_family", "question_type")}
    (run / f"real_eval_{cfg.split}.json").write_text(json.dumps(report, indent=2))
    (run / f"real_eval_{cfg.split}.md").write_text(markdown(report))
    print(markdown(report))
    return report


def markdown(report: dict) -> str:
    models = list(report["models"])
    lines = [f"# Router on real, source-held-out data ({report['split']} split)", "",
             f"{report['n_postings']} postings, {report['n_questions']} questions; sources in "
             "training/router/data.py (REAL_TEST_SOURCES / REAL_VALIDATION_SOURCES); "
             "command: `python -m training.router.evaluate_real --split " + report["split"] + "`.", ""]
    if "earlier" in report:
        lines += [f"This split was evaluated before, by an earlier real+synthetic router (role family macro-F1 "
                  f"{report['earlier']['role_family']:.3f}, question type {report['earlier']['question_type']:.3f}); "
                  "the figures below are not a first reading.", ""]
    lines += ["| figure | " + " | ".join(models) + " |", "|---" * (len(models) + 1) + "|"]
    for head in ("role_family", "question_type", "band_at_medium"):
        for key in ("macro_f1", "accuracy"):
            lines.append(f"| {head} {key} | " + " | ".join(f"{report['models'][m][head][key]:.3f}" for m in models) + " |")
    for head in ("role_family", "question_type"):
        lines += ["", f"Per-class F1, {head} (support in brackets):", "",
                  "| class | " + " | ".join(models) + " |", "|---" * (len(models) + 1) + "|"]
        first = report["models"][models[0]][head]
        for c, n in first["per_class_support"].items():
            lines.append(f"| {c} ({n}) | " + " | ".join(f"{report['models'][m][head]['per_class_f1'][c]:.2f}"
                                                         for m in models) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__.splitlines()[0]))
