"""Run the generator's hyper-parameter grid (runs A/B/C) one after another and compare them.

    python -m training.generator.hparam_search                  # A, B and C (~25 min each on 2 cores)
    python -m training.generator.hparam_search --runs B,C       # a subset
    python -m training.generator.hparam_search --report yes     # only rewrite the comparison from the runs on disk

Each run is training/configs/smollm2_<x>.yaml trained by training.generator.train (BEST moves to the
run with the lowest validation loss). Writes checkpoints/generator/hparam_search.{md,json}: validation
loss per run, and the test metrics of runs that `python -m training.generator.evaluate --run NAME` has
evaluated.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from interview.config import PROJECT_ROOT
from training.options import parse_options
from training.paths import project_path
from training.generator.train import load_config

CONFIGS = PROJECT_ROOT / "training" / "configs"
GRID = {"A": CONFIGS / "smollm2_a.yaml", "B": CONFIGS / "smollm2_b.yaml", "C": CONFIGS / "smollm2_c.yaml"}


@dataclass
class Config:
    runs: str = ",".join(GRID)     # grid runs to train, comma-separated (A, B and/or C)
    report: bool = False           # only rewrite the comparison from the runs on disk


def run_labels(cfg: Config) -> list[str]:
    """The grid labels `cfg.runs` names, upper-cased; an unknown one is an error."""
    labels = [r.strip().upper() for r in cfg.runs.split(",") if r.strip()]
    unknown = [r for r in labels if r not in GRID]
    if unknown:
        raise SystemExit(f"unknown run(s) {', '.join(unknown)}; choose from {', '.join(GRID)}")
    return labels or list(GRID)


def summarize(names: dict[str, str], out_dir: Path) -> list[dict]:
    """One row per run ({label: run_name}) from its metrics.json; runs not trained yet are skipped."""
    rows = []
    for label, run in names.items():
        path = out_dir / run / "metrics.json"
        if not path.is_file():
            continue
        m = json.loads(path.read_text())
        cfg = json.loads((out_dir / run / "config.json").read_text())
        t = m.get("training", {})
        q = (m.get("evaluation", {}).get("tasks", {}).get("question", {}).get("fine_tuned", {}).get("metrics", {}))
        rows.append({"label": label, "run": run, "learning_rate": cfg["learning_rate"], "lora_r": cfg["lora_r"],
                     "lora_alpha": cfg["lora_alpha"], "steps": t.get("steps"), "minutes": round(t.get("seconds", 0) / 60, 1),
                     "base_eval_loss": t.get("base_eval_loss"), "eval_loss": t.get("eval_loss"),
                     "eval_perplexity": t.get("eval_perplexity"), "test_rougeL_question": q.get("rougeL"),
                     "test_bleu_question": q.get("bleu"), "test_format_validity": q.get("format_validity"),
                     "test_type_adherence": q.get("type_adherence")})
    return rows


def write_comparison(rows: list[dict], out_dir: Path) -> Path:
    best_file = out_dir / "BEST"
    best = best_file.read_text().strip() if best_file.is_file() else None
    cols = ["label", "run", "learning_rate", "lora_r", "lora_alpha", "steps", "minutes", "base_eval_loss", "eval_loss",
            "eval_perplexity", "test_rougeL_question", "test_bleu_question", "test_format_validity", "test_type_adherence"]
    fmt = lambda v: "–" if v is None else (f"{v:.4g}" if isinstance(v, float) else str(v))  # noqa: E731
    lines = ["# Generator hyper-parameter search", "",
             "Runs of `python -m training.generator.hparam_search` (configs in `training/configs/smollm2_*.yaml`). Lower "
             "validation loss is better; test columns appear once `python -m training.generator.evaluate --run RUN` "
             f"has evaluated a run. BEST: `{best}`.", "",
             "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(fmt(r[c]) + (" (BEST)" if c == "run" and r[c] == best else "") for c in cols) + " |"
              for r in rows]
    (out_dir / "hparam_search.json").write_text(json.dumps({"best": best, "runs": rows}, indent=2))
    path = out_dir / "hparam_search.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def main(labels: list[str], report_only: bool = False, **overrides) -> list[dict]:
    """Train the runs `labels` (keys of GRID) in order, then write the comparison of all grid runs."""
    from training.generator.train import main as train

    cfgs = {label: load_config(GRID[label], **overrides) for label in GRID}
    if not report_only:
        for label in labels:
            print(f"[hparam_search] run {label}: {cfgs[label].run_name}", flush=True)
            train(cfgs[label])
    out_dir = project_path(cfgs["A"].out_dir)
    rows = summarize({label: cfg.run_name for label, cfg in cfgs.items()}, out_dir)
    path = write_comparison(rows, out_dir)
    print(f"[hparam_search] wrote {path}", flush=True)
    return rows


if __name__ == "__main__":
    options = parse_options(Config, None, __doc__)
    main(run_labels(options), report_only=options.report)
