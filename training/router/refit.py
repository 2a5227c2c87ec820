"""Refit a router run's heads on real + synthetic embeddings, keeping its LoRA encoder (minutes, not a
fine-tune: what fits `make train-router` on a shared 2-core machine).

    python -m training.router.train --run-name minilm-real --refit-heads-from checkpoints/router/minilm-lora

The source run's folder is copied; its encoder embeds the real train rows + a synthetic sample, and
multinomial logistic regressions become the new heads:
- role family (`family_features`): "request+title" fits a head on the request's embedding beside the
  title's own (abbreviations spelled out), "title" on the title's alone, and saves it as
  family.safetensors, which then decides the family (interview/routing/router_model.py); "request" refits the
  encoder's linear head in heads.safetensors.
- question type, when named in `refit_head_names`.
The seniority model and the evaluation follow in training.router.train.
"""
from __future__ import annotations

import json
import random
import shutil
import time
from pathlib import Path

from training.paths import portable_path, project_path


def _split(rows, name):
    return [r for r in rows if r.split == name]


def real_question_count(cfg) -> int:
    """How many real questions main() appended to the train questions (they come last)."""
    if not cfg.real_dir:
        return 0
    from training.router.data import load_real_questions

    review = project_path(cfg.review_dir) if cfg.review_dir else None
    return len(_split(load_real_questions(project_path(cfg.real_dir), review), "train"))


def fit_linear(x, y, labels, weight, c: float, seed: int, balanced: bool):
    """(weight, bias) tensors of a multinomial logistic regression, rows in the order of `labels`
    (a linear layer on the same inputs gives its logits)."""
    import torch
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=5000, random_state=seed, class_weight="balanced" if balanced else None)
    lr.fit(x, y, sample_weight=weight)
    coef, bias = _all_labels(lr, labels)
    return torch.tensor(coef, dtype=torch.float32).contiguous(), torch.tensor(bias, dtype=torch.float32).contiguous()


def _all_labels(lr, labels):
    """Coefficients in `labels` order; a label absent from the training rows gets a very low bias."""
    import numpy as np

    coef = np.zeros((len(labels), lr.coef_.shape[1]))
    bias = np.full(len(labels), -30.0)
    for i, label in enumerate(labels):
        if label in lr.classes_:
            j = list(lr.classes_).index(label)
            coef[i], bias[i] = lr.coef_[j], lr.intercept_[j]
    return coef, bias


def refit_heads(cfg, run_dir: Path, train_req, train_q) -> float:
    """Copy cfg.refit_heads_from to run_dir and refit its heads; returns the seconds taken."""
    import numpy as np
    from safetensors.torch import load_file, save_file

    from interview.routing.router_model import FAMILY_FILE, HEADS, load_trained_router, tokenize_questions

    start = time.perf_counter()
    source = project_path(cfg.refit_heads_from)
    # The run's real-data reports stay: evaluate_router_real reads them to say a split was evaluated before.
    reports = {p.name: p.read_bytes() for p in run_dir.glob("real_eval*")} if run_dir.exists() else {}
    if run_dir.exists():
        shutil.rmtree(run_dir)
    shutil.copytree(source, run_dir, ignore=shutil.ignore_patterns("metrics.json", "plots", "real_eval*", FAMILY_FILE))
    for name, data in reports.items():
        (run_dir / name).write_bytes(data)
    rng = random.Random(cfg.seed)
    synth_req = [r for r in train_req if r.has_types]
    real_req = list({r.triple: r for r in train_req if not r.has_types}.values())   # repeated in train_req
    n_real_q = real_question_count(cfg)
    synth_q, real_q = train_q[:len(train_q) - n_real_q], train_q[len(train_q) - n_real_q:]
    req = rng.sample(synth_req, min(cfg.synthetic_sample, len(synth_req))) + real_req
    qs = rng.sample(synth_q, min(cfg.synthetic_sample, len(synth_q))) + real_q
    router = load_trained_router(run_dir)   # the served path (int8, traced): the heads see what serving sees

    def weights(n_rows, n_real, real_weight=cfg.real_repeat):
        return np.r_[np.ones(n_rows - n_real), np.full(n_real, real_weight, dtype=float)]

    heads = load_file(str(run_dir / "heads.safetensors"))
    names = cfg.refit_head_names.split(",")
    if "role_family" in names:
        rows = [r.triple for r in req]
        x = np.concatenate([router.embed_requests(rows[i:i + 32]).numpy() for i in range(0, len(rows), 32)])
        x = {"request": x[:, :x.shape[1] // 2], "title": x[:, x.shape[1] // 2:], "request+title": x}[cfg.family_features]
        w, b = fit_linear(x, [r.role_family for r in req], HEADS["role_family"],
                          weights(len(req), len(real_req), cfg.family_real_weight), cfg.family_c, cfg.seed,
                          cfg.family_balanced)
        if cfg.family_features == "request":
            heads["role_family.weight"], heads["role_family.bias"] = w, b
        else:   # its own file: the encoder's family head stays for comparison
            save_file({"weight": w, "bias": b}, str(run_dir / FAMILY_FILE))
    if "question_type" in names:
        texts = [q.question for q in qs]
        x = np.concatenate([router._forward(tokenize_questions(router.tokenizer, texts[i:i + 32], router.max_length))[1]
                            .numpy() for i in range(0, len(texts), 32)])
        heads["question_type.weight"], heads["question_type.bias"] = fit_linear(
            x, [q.type for q in qs], HEADS["question_type"], weights(len(qs), len(real_q)), 10.0, cfg.seed, False)
    save_file(heads, str(run_dir / "heads.safetensors"))
    config = json.loads((run_dir / "config.json").read_text())
    config["family_features"] = cfg.family_features
    config["train"].update({k: getattr(cfg, k) for k in (
        "synthetic_sample", "refit_head_names", "family_features", "family_c", "family_real_weight", "family_balanced", "real_dir",
        "review_dir", "real_repeat", "run_name")}, refit_heads_from=portable_path(str(source)))
    (run_dir / "config.json").write_text(json.dumps(config, indent=2))
    seconds = time.perf_counter() - start
    print(f"[r] {', '.join(names)} refitted on {len(req)} requests ({len(real_req)} real), {len(qs)} questions "
          f"({len(real_q)} real) in {seconds:.0f} s")
    return seconds
