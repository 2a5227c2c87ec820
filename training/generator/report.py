"""report.md of a generator run, written from its metrics.json (training, then evaluation when present)."""
from __future__ import annotations

import json
from pathlib import Path


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def training_section(t: dict) -> str:
    rows = [["base model", t["base_model"]], ["trainable parameters", f"{t['trainable_params']:,} of {t['total_params']:,}"],
            ["train / validation examples", f"{t['train_examples']} / {t['validation_examples']}"],
            ["dropped as too long (train / validation)", f"{t['dropped_too_long']['train']} / {t['dropped_too_long']['validation']}"],
            ["optimizer steps (planned)", f"{t['steps']} ({t['planned_steps']}){' — stopped early' if t['stopped_early'] else ''}"],
            ["validation loss: base → fine-tuned", f"{t['base_eval_loss']:.3f} → {t['eval_loss']:.3f}"],
            ["validation perplexity: base → fine-tuned", f"{t['base_eval_perplexity']:.1f} → {t['eval_perplexity']:.1f}"],
            ["best step", t.get("best_step")], ["wall time", f"{t['seconds'] / 60:.1f} min ({t['seconds_per_step']} s/step, {t['threads']} threads)"]]
    return "## Training\n\n" + _table(["", "value"], rows) + "\n\n![loss curves](plots/loss.png)\n"


def evaluation_section(e: dict) -> str:
    out = [f"## Evaluation on the test split\n\n{e['summary']}\n"]
    for task, res in e["tasks"].items():
        names = [k for k in res["fine_tuned"]["metrics"] if not k.startswith("_")]
        rows = [[k, res["base"]["metrics"].get(k), res["fine_tuned"]["metrics"].get(k)] for k in names]
        out.append(f"### Task `{task}` ({res['n']} prompts)\n\n" + _table(["metric", "base", "fine-tuned"], rows) + "\n")
        s = res.get("significance")
        if s:
            out.append(
                f"\nPer-example ROUGE-L, fine-tuned − base: mean {s['mean_diff']:.3f} "
                f"(95% CI {s['ci95'][0]:.3f} to {s['ci95'][1]:.3f}), paired t = {s['t']:.2f}, "
                f"p = {s['p']:.2g}, Cohen's d = {s['cohens_d']:.2f} (n = {s['n']}).\n")
    o = (e.get("overall") or {}).get("significance")
    if o:
        out.append(f"\n**All tasks pooled**: ROUGE-L {e['overall']['rougeL_base']:.3f} → {e['overall']['rougeL_fine_tuned']:.3f}; "
                   f"per-example difference {o['mean_diff']:.3f} (95% CI {o['ci95'][0]:.3f} to {o['ci95'][1]:.3f}), "
                   f"paired t = {o['t']:.2f}, p = {o['p']:.2g}, Cohen's d = {o['cohens_d']:.2f} (n = {o['n']}).\n")
    acc = e.get("acceptance")
    if acc:
        out.append("### Acceptance targets\n\n" + _table(["target", "value", "met"],
                                                          [[a["target"], a["value"], "yes" if a["met"] else "NO"] for a in acc]))
    c = e.get("reference_ceiling")
    if c and c.get("n"):
        out.append(
            f"\n**What ROUGE-L this data allows.** A question prompt fixes a cell (role family, type, difficulty) "
            f"and its reference is one of the many questions written for that cell; the prompt does not say which. "
            f"Writing each cell's most typical training question scores ROUGE-L {c['cell_medoid']:.3f} on these "
            f"{c['n']} references, and an oracle that sees the reference and picks the closest training question of "
            f"its cell scores {c['best_in_cell']:.3f}. A target above the oracle cannot be met by any model on this "
            "split; the cell medoid is the level a model that knows the cell well can reach.\n")
    out.append("\n![metric bars](plots/metrics.png)\n")
    err = e.get("errors")
    if err:
        who = [w for w in ("reference", "base", "fine_tuned") if w in err]
        out.append("## Error analysis\n\n" + err["method"] + "\n\n" + _table(
            ["category", *[w.replace("_", "-") for w in who], "detector"],
            [[c, *[err[w]["counts"][c] for w in who], err["detectors"][c]] for c in err["detectors"]]))
        out.append(f"\n(out of {err['n']} generations per model)\n\n![error counts](plots/errors.png)\n")
        for c in err["detectors"]:
            ex = err["fine_tuned"]["examples"].get(c) or []
            exb = err["base"]["examples"].get(c) or []
            if not ex and not exb:
                continue
            out.append(f"**{c}**")
            for who, items in (("fine-tuned", ex), ("base", exb)):
                for x in items[:2]:
                    out.append(f"- {who} ({x['task']}): “{x['output'][:300]}” — reference: “{x['reference'][:200]}”")
            out.append("")
    samples = e.get("samples")
    if samples:
        out.append("## Sample outputs (test split)\n")
        for s in samples:
            out.append(f"- **{s['task']}** ({s['meta']}) — fine-tuned: “{s['fine_tuned']}”; base: “{s['base']}”; "
                       f"reference: “{s['reference']}”")
    return "\n".join(out) + "\n"


def write_report(run_dir: Path) -> Path:
    """Render run_dir/report.md from run_dir/metrics.json and config.json."""
    run_dir = Path(run_dir)
    metrics = json.loads((run_dir / "metrics.json").read_text())
    cfg = json.loads((run_dir / "config.json").read_text()) if (run_dir / "config.json").is_file() else {}
    parts = [f"# Generator run `{run_dir.name}`\n",
             "LoRA fine-tune of the generator (question, feedback, sample-answer and follow-up writing). "
             "Written by `training/generator/train.py` and `training/generator/evaluate.py`.\n"]
    if cfg:
        keys = ["learning_rate", "lora_r", "lora_alpha", "batch_size", "grad_accum", "epochs", "max_length",
                "train_tasks"]
        parts.append("Config: " + ", ".join(f"`{k}={cfg[k]}`" for k in keys if k in cfg) + "\n")
    if "training" in metrics:
        parts.append(training_section(metrics["training"]))
    if "evaluation" in metrics:
        parts.append(evaluation_section(metrics["evaluation"]))
    path = run_dir / "report.md"
    path.write_text("\n".join(parts))
    return path
