"""Evaluate a generator run on the TEST split: base vs fine-tuned, metrics, significance, error analysis.

    python -m training.generator.evaluate                      # the run named in checkpoints/generator/BEST
    python -m training.generator.evaluate --run smollm2-lora --limit 120 --per-task 20

Both models go through the app's serving path (interview.models.loading.load_generator: adapter merged, int8
but for interview.models.quantize.FLOAT_PROJECTIONS, unless INTERVIEW_QUANTIZE=0), the prompts of interview/generation/prompts.py (stored in the dataset), the app's
token limits and post-processing, with greedy decoding so the numbers are reproducible. The sample is
stratified (training.generator.data.select) and bounded so base + fine-tuned take ~10 min on 2 cores:
`limit` question prompts and `per_task` prompts of each other task. Results are merged into
<run>/metrics.json under "evaluation", per-example outputs go to <run>/predictions.jsonl, plots to
<run>/plots/, and <run>/report.md is rewritten.
"""
from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from interview.machine import describe
from training.generator.data import TASK_DATA, TASKS, load_chats, select
from training.generator.errors import DETECTORS, detect, format_problem, target_vocabulary
from training.generator.metrics import normalize, paired_test, reference_ceiling, rouge_scores, text_metrics
from training.options import parse_options
from training.paths import project_path

# The generator's acceptance targets, on the question task.
TARGET_ROUGE_L = 0.45
TARGET_ROUGE_RATIO = 2.0
TARGET_FORMAT = 0.99
TARGET_TYPE = 0.90


@dataclass
class EvalConfig:
    run: str | None = None                         # run folder under out_dir; None = BEST, else smollm2-lora
    out_dir: str = "checkpoints/generator"
    data_path: str = "data/decoder_dataset.jsonl"
    task_data: dict = field(default_factory=lambda: dict(TASK_DATA))   # feedback / follow-up chats: findings -> text
    limit: int = 120                               # question prompts (stratified over type x role family)
    per_task: int = 20                             # prompts of each other task (feedback, sample answer, follow-up)
    batch_size: int = 8                            # prompts per generate() call
    quantize: bool | None = None                   # None = the app's setting (int8 unless INTERVIEW_QUANTIZE=0)
    samples: int = 6                               # side-by-side outputs shown in the report
    # Question prompts also asked through the app's question path (sampled candidates, filtered,
    # ranked by the router's type): what a user gets, next to the greedy single output. 0 = skip.
    app_path: int = 40
    seed: int = 0


def resolve_run(cfg: EvalConfig) -> Path:
    out = project_path(cfg.out_dir)
    name = cfg.run
    if name is None:
        best = out / "BEST"
        name = best.read_text().strip() if best.is_file() else "smollm2-lora"
    run_dir = out / name
    if not (run_dir / "adapter_config.json").is_file():
        raise SystemExit(f"No adapter in {run_dir}; train one with `python -m training.generator.train`.")
    return run_dir


def cell(row) -> tuple[str, str, str]:
    """What a question prompt fixes: (role family, question type, difficulty)."""
    return row.role_family, row.interview_type, row.difficulty


def judge_types(judge, texts: list[str]) -> list[str]:
    """The question type the judge gives each text ("" for an empty one). The judge is the classifier
    of training/generator/evaluate_questions_real.py, fitted on real questions only: the router also ranks the
    app's candidates, so judging with it would reward agreeing with it."""
    verdicts = judge.judge([t if t.strip() else "-" for t in texts]) if texts else []
    return [v["type"] if t.strip() else "" for v, t in zip(verdicts, texts)]


def main(cfg: EvalConfig) -> dict:
    """Evaluate one run and merge the results into its metrics.json. Returns the "evaluation" dict."""
    import gc

    from interview.models.loading import load_encoder
    from interview.routing.router import load_router
    from training.generator.evaluate_questions_real import Config as JudgeConfig, fit_judge, real_question_rows
    from training.generator.eval_utils import (already_asked, app_questions, generate, load_models, plot_errors,
                                               plot_metrics, served_text)
    from training.generator.meteor import meteor, meteor_unavailable
    from training.generator.report import write_report

    t0 = time.time()
    run_dir = resolve_run(cfg)

    # 1. the test sample: stratified per task, bounded
    rows = load_chats(cfg.data_path, cfg.task_data, resolve=project_path)
    counts = {t: (cfg.limit if t == "question" else cfg.per_task) for t in TASKS}
    test = [r for r in select(rows, "test", {t: n for t, n in counts.items() if n}, cfg.seed)]
    by_task = {t: [r for r in test if r.task == t] for t in TASKS if any(r.task == t for r in test)}
    vocab = target_vocabulary(r.target for r in rows if r.split == "train")

    # 2. generate with base, then fine-tuned (one model in memory at a time)
    router = load_router()  # ranks the app path's candidates, as in the app; it does not judge them
    app_rows = by_task.get("question", [])[: cfg.app_path]
    encoder = load_encoder()
    judge, judge_quality = fit_judge(encoder, real_question_rows(JudgeConfig()), JudgeConfig())
    raw: dict[str, dict[str, list[str]]] = {}
    app: dict[str, list[str]] = {}
    gen_seconds = {}
    for who, loader in zip(("base", "fine_tuned"), load_models(run_dir, cfg.quantize)):
        t = time.time()
        gen = loader()
        raw[who] = {task: generate(gen, [r.prompt for r in rs], task, cfg.batch_size) for task, rs in by_task.items()}
        app[who] = app_questions(gen, encoder, router.classify_question, app_rows, cfg.seed)
        quantized = gen.quantized
        del gen
        gc.collect()
        gen_seconds[who] = round(time.time() - t, 1)
        print(f"[evaluate_generator] {who}: {sum(map(len, by_task.values()))} prompts in {gen_seconds[who]:.0f} s", flush=True)

    # 3. metrics per task and model (+ type adherence of questions, judged by the real-question classifier)
    score_meteor = meteor()
    tasks, predictions = {}, []
    for task, rs in by_task.items():
        refs = [r.target for r in rs]
        res = {"n": len(rs)}
        for who in ("base", "fine_tuned"):
            outs = [served_text(x, task) for x in raw[who][task]]
            valid = [format_problem(x, task) is None for x in raw[who][task]]
            agrees = None
            types = [""] * len(outs)
            if task == "question":
                types = judge_types(judge, outs)
                agrees = [p == r.interview_type for p, r in zip(types, rs)]
            m = text_metrics(outs, refs, valid, score_meteor, agrees)
            if task == "question":  # a repeat of a question the prompt lists as already asked in this interview
                m["repeats_earlier"] = sum(normalize(o) in {normalize(q) for q in already_asked(r.prompt[-1]["content"])}
                                           for o, r in zip(outs, rs)) / len(rs)
            if task == "question" and app_rows:  # the app's path on the first app_path prompts ("" = no question)
                app_types = judge_types(judge, app[who])
                m["app_path_type_adherence"] = sum(t == r.interview_type and bool(o) for t, o, r in
                                                   zip(app_types, app[who], app_rows)) / len(app_rows)
                m["app_path_rougeL"] = statistics.fmean(
                    rouge_scores(app[who], [r.target for r in app_rows])["rougeL"])
                m["app_path_no_question"] = sum(not o for o in app[who]) / len(app_rows)
            res[who] = {"metrics": m}
            for r, x, o, rl, ty in zip(rs, raw[who][task], outs, m["_rougeL"], types):
                predictions.append({"id": r.id, "task": task, "model": who, "raw": x, "output": o,
                                    "reference": r.target, "rougeL": rl, "requested_type": r.interview_type,
                                    "predicted_type": ty, "format_problem": format_problem(x, task)})
        res["significance"] = paired_test(res["fine_tuned"]["metrics"]["_rougeL"], res["base"]["metrics"]["_rougeL"])
        tasks[task] = res
    all_base = [v for t in tasks.values() for v in t["base"]["metrics"]["_rougeL"]]
    all_tuned = [v for t in tasks.values() for v in t["fine_tuned"]["metrics"]["_rougeL"]]
    overall = {"rougeL_base": sum(all_base) / len(all_base), "rougeL_fine_tuned": sum(all_tuned) / len(all_tuned),
               "significance": paired_test(all_tuned, all_base)}
    ceiling = None
    if "question" in by_task:
        ceiling = reference_ceiling([(cell(r), r.target) for r in by_task["question"]],
                                    [(cell(r), r.target) for r in rows if r.split == "train" and r.task == "question"])
    reference_types = judge_types(judge, [r.target for r in by_task.get("question", [])])
    reference_type_agreement = (sum(p == r.interview_type for p, r in zip(reference_types, by_task.get("question", [])))
                                / max(1, len(reference_types)))

    # 4. error analysis: every detector on every output (and on the references, as a false-alarm check)
    errors = {"method": "Each output (served text) is run through one rule-based detector per category; an output can "
                        "fall into several. The reference column applies the same detectors to the human-written "
                        "targets: it shows how often each detector fires on good text.",
              "detectors": DETECTORS, "n": len(test)}
    by_key = {(p["id"], p["model"]): p for p in predictions}
    for who in ("reference", "base", "fine_tuned"):
        counts_, examples = {c: 0 for c in DETECTORS}, {c: [] for c in DETECTORS}
        for r in test:
            p = by_key.get((r.id, "base" if who == "reference" else who))
            out, rawx = (r.target, r.target) if who == "reference" else (p["output"], p["raw"])
            cats = detect(out, r.prompt[-1]["content"], r.target, r.task, raw=rawx, vocab=vocab)
            if who != "reference":
                p["errors"] = cats
            for c in cats:
                counts_[c] += 1
                if len(examples[c]) < 2:
                    examples[c].append({"task": r.task, "id": r.id, "output": out, "reference": r.target})
        errors[who] = {"counts": counts_, "examples": examples}

    # 5. acceptance targets, summary, samples
    q = tasks.get("question")
    acceptance = []
    if q:
        qb, qt = q["base"]["metrics"], q["fine_tuned"]["metrics"]
        ratio = qt["rougeL"] / qb["rougeL"] if qb["rougeL"] else float("inf")
        acceptance = [
            {"target": f"question ROUGE-L >= {TARGET_ROUGE_L}", "value": qt["rougeL"], "met": qt["rougeL"] >= TARGET_ROUGE_L},
            {"target": f"question ROUGE-L >= {TARGET_ROUGE_RATIO:g}x base", "value": ratio, "met": ratio >= TARGET_ROUGE_RATIO},
            {"target": f"format validity >= {TARGET_FORMAT:.0%}", "value": qt["format_validity"],
             "met": qt["format_validity"] >= TARGET_FORMAT},
            {"target": "no repeat of a question already asked in the interview", "value": qt["repeats_earlier"],
             "met": qt["repeats_earlier"] == 0},
            {"target": f"type adherence >= {TARGET_TYPE:.0%}", "value": qt["type_adherence"],
             "met": qt["type_adherence"] >= TARGET_TYPE},
        ]
        if "app_path_type_adherence" in qt:
            acceptance.append({"target": f"type adherence >= {TARGET_TYPE:.0%}, the app's question path "
                                         f"({len(app_rows)} prompts; the router also ranks the candidates)",
                               "value": qt["app_path_type_adherence"], "met": qt["app_path_type_adherence"] >= TARGET_TYPE})
    meteor_note = "" if score_meteor else f" METEOR unavailable: {meteor_unavailable()}."
    machine = describe()  # the int8 kernels, and so the greedy outputs, depend on the CPU
    serving = (", int8 dynamic quantization except the v_proj, o_proj and down_proj projections (float32)"
               if quantized else ", float32")
    summary = (
        f"{len(test)} test prompts, a stratified sample bounded for time: "
        + ", ".join(f"{len(rs)} {t}" for t, rs in by_task.items())
        + f" (limit {cfg.limit} questions, {cfg.per_task} per other task; the test split has more). "
        f"Greedy decoding through the app's serving path (adapter merged{serving}) on {machine} "
        "(the int8 kernels, and so the greedy outputs, differ between CPUs with and without AVX-512 VNNI), "
        f"the app's prompts, token limits and post-processing. Generation took {gen_seconds['base'] / 60:.1f} min (base) and "
        f"{gen_seconds['fine_tuned'] / 60:.1f} min (fine-tuned). ROUGE-L over all tasks: "
        f"{overall['rougeL_base']:.3f} → {overall['rougeL_fine_tuned']:.3f}. BLEU is corpus BLEU / 100. "
        "Type adherence is judged by a classifier fitted on real questions only (training/generator/evaluate_questions_real.py: "
        f"{judge_quality['question_type_validation_accuracy']:.0%} accuracy on {judge_quality['validation_questions']} "
        "real validation questions), not the router that ranks the app's candidates; it agrees with "
        f"{reference_type_agreement:.0%} of the reference questions' labels (its ceiling here). "
        "duplicate_rate counts outputs identical to an earlier output of the same model and task across "
        "different prompts; repeats_earlier counts questions that repeat one the prompt lists as already asked."
        + (f" The app_path_ rows ask the first {len(app_rows)} question prompts through the app's own question path "
           "(interview.generation.generator.generate_question: 4 sampled candidates, filtered, ranked by relevance and by the "
           "router's type, seeded); app_path_no_question is the share where every candidate was rejected."
           if app_rows else "")
        + meteor_note)
    samples = []
    for task, rs in by_task.items():
        for r in rs[: max(1, cfg.samples // len(by_task))]:
            samples.append({"task": task, "meta": f"{r.role_family}, {r.interview_type}, {r.difficulty}",
                            "base": by_key[(r.id, "base")]["output"], "fine_tuned": by_key[(r.id, "fine_tuned")]["output"],
                            "reference": r.target})

    # 6. save: metrics.json["evaluation"], predictions.jsonl, plots, report.md
    for t in tasks.values():  # per-example lists live in predictions.jsonl, not in metrics.json
        for who in ("base", "fine_tuned"):
            t[who]["metrics"].pop("_rougeL", None)
    evaluation = {"summary": summary, "config": asdict(cfg), "quantized": quantized, "machine": machine, "tasks": tasks, "overall": overall,
                  "reference_type_agreement": reference_type_agreement, "type_judge": judge_quality, "reference_ceiling": ceiling, "acceptance": acceptance, "errors": errors,
                  "samples": samples, "meteor_unavailable": meteor_unavailable(),
                  "seconds": round(time.time() - t0, 1)}
    metrics_path = run_dir / "metrics.json"
    metrics = json.loads(metrics_path.read_text()) if metrics_path.is_file() else {}
    metrics["evaluation"] = evaluation
    metrics_path.write_text(json.dumps(metrics, indent=2))
    with open(run_dir / "predictions.jsonl", "w") as fh:
        for p in predictions:
            fh.write(json.dumps(p) + "\n")
    plot_metrics(tasks, run_dir / "plots" / "metrics.png")
    plot_errors(errors, run_dir / "plots" / "errors.png")
    write_report(run_dir)
    print(f"[evaluate_generator] {run_dir.name}: " + ", ".join(
        f"{t} ROUGE-L {v['base']['metrics']['rougeL']:.3f} → {v['fine_tuned']['metrics']['rougeL']:.3f}" for t, v in tasks.items())
        + f" ({evaluation['seconds'] / 60:.1f} min); report {run_dir / 'report.md'}", flush=True)
    return evaluation


if __name__ == "__main__":
    main(parse_options(EvalConfig, None, __doc__))
