"""Fine-tune the router: LoRA on the embedded MiniLM (or DistilBERT) + four classification heads.

    python -m training.router.train                      # the LoRA fine-tune on synthetic data (minilm-lora)
    python -m training.router.train --run-name minilm-real --refit-heads-from checkpoints/router/minilm-lora
                                                         # make train-router: the served run (BEST)
    python -m training.router.train --base distilbert-base-uncased --run-name distilbert-lora
    python -m training.router.train --max-steps 2        # smoke run

Heads: role family (softmax), interview types (multi-label sigmoid), difficulty band (softmax; the
input starts with the chosen hardness) on requests, and question type (softmax) on single questions.
Writes checkpoints/router/<run>/{config.json, adapter/, heads.safetensors, metrics.json, plots/}
and names the run in checkpoints/router/BEST. Evaluation runs on the saved checkpoint as the app
loads it, next to two baselines: majority class and the zero-shot router.
"""
from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, fields
from pathlib import Path

from training.options import parse_options
from training.paths import portable_path, project_path, save_adapter
from interview.routing.seniority import SENIORITY
from interview.routing.router_model import EMBEDDED_BASE, HEADS


@dataclass
class Config:
    data_dir: str = "data"                  # holds encoder_dataset.csv and question_types.csv (relative: to the project)
    real_dir: str = "data/real"             # real postings + questions (data/real/README.md); "" = synthetic only
    review_dir: str = "data/review"         # the review set's real questions (labelled by the team)
    real_repeat: int = 3                    # copies of each real training posting: 127 real vs 2,519 synthetic
    out_dir: str = "checkpoints/router"     # run folders are written here, and BEST
    run_name: str = "minilm-lora"           # the run's folder name
    base: str = EMBEDDED_BASE               # encoder: the embedded MiniLM, or a DistilBERT folder / hub id
    max_length: int = 192                   # word pieces per input; long postings lose their tail (the
                                            # seniority model reads the whole text). 256 and 2 epochs took
                                            # ~24 min on 2 cores; this and 1.25 epochs fit in 15
    lora_r: int = 8                         # LoRA rank; 8 keeps the adapter well under 1 MB
    lora_alpha: int = 16                    # LoRA scale = alpha / r
    lora_dropout: float = 0.1
    head_dropout: float = 0.1               # on the pooled embedding, during training only
    learning_rate: float = 1e-3             # LoRA + freshly initialised heads tolerate a high rate
    weight_decay: float = 0.01
    batch_size: int = 32
    epochs: float = 1.0                     # passes over train (requests + questions); 1.25 before the real
                                            # data was added, cut to stay within 15 min on 2 cores
    max_steps: int = -1                     # > 0 overrides epochs (smoke tests)
    warmup_steps: int = 30                  # linear warm-up, then linear decay
    title_only_fraction: float = 0.1       # extra training copies with the description removed
    thresholds: tuple = (0.3, 0.4, 0.5, 0.6)  # interview-type cut-offs tried on the validation split
    baselines: bool = True                  # zero-shot baseline (loads the sentence encoder)
    write_best: bool = True                 # point checkpoints/router/BEST at this run
    seed: int = 0
    train_encoder: bool = True              # false: keep the run's encoder + heads, refit seniority, re-evaluate
    seniority_c: float = 100.0              # inverse regularisation of the seniority model
    refit_heads_from: str = ""              # a run folder: keep its LoRA encoder, refit heads on real +
                                            # synthetic embeddings (training/router/refit.py; make train-router)
    synthetic_sample: int = 600             # synthetic requests and questions each, sampled for the refit
    refit_head_names: str = "role_family"   # comma-separated; refitting question_type too lowered its real
                                            # validation macro-F1 (0.683 -> 0.633), so it keeps the source's
    family_features: str = "request+title"  # the refitted family head's input: "request" or "request+title"
    family_c: float = 1.0                   # inverse regularisation of the family head; with family_real_weight,
                                            # chosen on the real validation split (grid: C 1/10/100 x
                                            # weight 3/10, request+title vs title; data/real/README.md)
    family_real_weight: float = 10.0        # weight of each real posting in the family head's fit (synthetic: 1)
    family_balanced: bool = True            # class weights inversely proportional to class counts


def _split(rows, name):
    return [r for r in rows if r.split == name]


def predict(router, requests, questions, threshold: float) -> dict:
    """Predicted labels per head of a TrainedRouter on already loaded rows."""
    from interview.routing.router_model import types_from_probs

    scores = router.predict_requests([r.triple for r in requests])
    qscores = router.predict_questions([q.question for q in questions])
    pred = {
        "role_family": [max(s["role_family"], key=s["role_family"].get) for s in scores],
        "interview_types": [types_from_probs(list(s["interview_types"].values()), HEADS["interview_types"],
                                             threshold) for s in scores],
        "difficulty_band": [max(s["difficulty_band"], key=s["difficulty_band"].get) for s in scores],
        "question_type": [max(s, key=s.get) for s in qscores],
    }
    # With a seniority model, the band comes from it; the encoder's own band head is kept for the record.
    for extra in ("difficulty_band_head", "seniority"):
        if scores and extra in scores[0]:
            pred[extra] = [max(s[extra], key=s[extra].get) for s in scores]
    return pred


def pick_threshold(router, requests, thresholds) -> float:
    """The interview-type cut-off with the best macro-F1 on `requests` (the validation split)."""
    from interview.routing.router_model import types_from_probs
    from training.router.metrics import multi_label_metrics

    scores = [list(s["interview_types"].values()) for s in router.predict_requests([r.triple for r in requests])]
    truth = [list(r.interview_types) for r in requests]
    labels = HEADS["interview_types"]
    f1 = {t: multi_label_metrics(truth, [types_from_probs(s, labels, t) for s in scores], labels)["macro_f1"]
          for t in thresholds}
    return max(f1, key=f1.get)


def score_predictions(pred: dict, requests, questions) -> dict:
    from training.router.metrics import multi_label_metrics, single_label_metrics

    return {
        "role_family": single_label_metrics([r.role_family for r in requests], pred["role_family"],
                                            HEADS["role_family"]),
        "interview_types": multi_label_metrics([list(r.interview_types) for r in requests],
                                               pred["interview_types"], HEADS["interview_types"]),
        "difficulty_band": single_label_metrics([r.difficulty_band for r in requests], pred["difficulty_band"],
                                                HEADS["difficulty_band"]),
        "question_type": single_label_metrics([q.type for q in questions], pred["question_type"],
                                              HEADS["question_type"]),
    }


def baselines(cfg: Config, train_req, train_q, test_req, test_q) -> dict:
    """Majority class (from the train split) and the zero-shot router, on the test split."""
    from training.router.metrics import majority_multi, majority_single

    train_req = [r for r in train_req if r.has_types]   # the synthetic rows: the baseline of the synthetic test
    out = {"majority": score_predictions({
        "role_family": majority_single([r.role_family for r in train_req], len(test_req)),
        "interview_types": majority_multi([list(r.interview_types) for r in train_req],
                                          HEADS["interview_types"], len(test_req)),
        "difficulty_band": majority_single([r.difficulty_band for r in train_req], len(test_req)),
        "question_type": majority_single([q.type for q in train_q], len(test_q)),
    }, test_req, test_q)}
    if cfg.baselines:
        from interview.models.loading import load_encoder
        from interview.routing.router import ZeroShotRouter

        zs = ZeroShotRouter(load_encoder())
        routes = [zs.route(*r.triple) for r in test_req]
        out["zero_shot"] = score_predictions({
            "role_family": [x.role_family for x in routes],
            "interview_types": [x.interview_types for x in routes],
            "difficulty_band": [x.difficulty_band for x in routes],
            "question_type": [zs.classify_question(q.question).type for q in test_q],
        }, test_req, test_q)
    return out


def realistic(router) -> dict:
    """How the router does on the hand-written postings and questions of training/router/realistic.py."""
    from training.router.realistic import CASES, QUESTION_CASES

    rows = []
    for c in CASES:
        r = router.route(c.role, c.description, c.difficulty)
        rows.append({"role": c.role, "difficulty": c.difficulty, "expected": [c.role_family, c.band],
                     "got": [r.role_family, r.difficulty_band], "types": r.interview_types,
                     "warnings": r.warnings})
    qs = [{"question": q.question, "expected": q.type, "got": router.classify_question(q.question).type}
          for q in QUESTION_CASES]
    return {
        "role_family_accuracy": sum(x["expected"][0] == x["got"][0] for x in rows) / len(rows),
        "band_accuracy": sum(x["expected"][1] == x["got"][1] for x in rows) / len(rows),
        "question_type_accuracy": sum(q["expected"] == q["got"] for q in qs) / len(qs),
        "routes": rows,
        "questions": qs,
    }


def main(cfg: Config) -> dict:
    """Train, save, reload and evaluate one router run; returns the metrics written to metrics.json."""
    from safetensors.torch import save_file
    from transformers import Trainer, TrainingArguments, set_seed

    from interview.routing.router_model import build_net
    from training.router.data import (RouterDataset, load_questions, load_requests, make_collator,
                                      title_only_copies)

    set_seed(cfg.seed)
    run_dir = project_path(cfg.out_dir) / cfg.run_name

    # 1. load the two datasets and their splits
    requests = load_requests(project_path(cfg.data_dir) / "encoder_dataset.csv")
    questions = load_questions(project_path(cfg.data_dir) / "question_types.csv")
    train_req, val_req, test_req = (_split(requests, s) for s in ("train", "validation", "test"))
    train_q, val_q, test_q = (_split(questions, s) for s in ("train", "validation", "test"))
    if not train_req or not train_q or not test_req or not test_q:
        raise SystemExit("The datasets need train and test rows; run `make data` first.")
    if cfg.real_dir:
        # Real rows join training only; their validation and test splits (other sources) are read by
        # training.router.evaluate_real. Synthetic validation/test stay as they were (metrics.json).
        from training.router.data import load_real_questions, load_real_requests

        review = project_path(cfg.review_dir) if cfg.review_dir else None
        real_req = _split(load_real_requests(project_path(cfg.real_dir)), "train")
        real_q = _split(load_real_questions(project_path(cfg.real_dir), review), "train")
        train_req = train_req + real_req * cfg.real_repeat
        train_q = train_q + real_q
        print(f"[1] + real train rows: {len(real_req)} postings (x{cfg.real_repeat}), {len(real_q)} questions")
    print(f"[1] requests train/val/test {len(train_req)}/{len(val_req)}/{len(test_req)}, "
          f"questions {len(train_q)}/{len(val_q)}/{len(test_q)}")

    if cfg.refit_heads_from:
        from training.router.refit import refit_heads

        seconds = refit_heads(cfg, run_dir, train_req, train_q)
        return evaluate_run(cfg, run_dir, train_req, val_req, test_req, train_q, val_q, test_q, seconds)
    if not cfg.train_encoder:
        return evaluate_run(cfg, run_dir, train_req, val_req, test_req, train_q, val_q, test_q,
                            json.loads((run_dir / "metrics.json").read_text()).get("train_seconds", 0.0)
                            if (run_dir / "metrics.json").is_file() else 0.0)

    # 2. the base encoder wrapped with a fresh LoRA adapter, plus the heads
    lora = {"r": cfg.lora_r, "lora_alpha": cfg.lora_alpha, "lora_dropout": cfg.lora_dropout}
    net, tokenizer = build_net(cfg.base, lora=lora, dropout=cfg.head_dropout)
    trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
    print(f"[2] base {cfg.base}: {trainable:,} trainable parameters")

    # 3. train with the HF Trainer on requests (+ title-only copies) and questions, mixed
    augmented = train_req + title_only_copies(train_req, cfg.title_only_fraction, cfg.seed)
    train_set = RouterDataset(tokenizer, augmented, train_q, cfg.max_length)
    args = TrainingArguments(
        output_dir=str(run_dir / "_trainer"), per_device_train_batch_size=cfg.batch_size,
        learning_rate=cfg.learning_rate, weight_decay=cfg.weight_decay, num_train_epochs=cfg.epochs,
        max_steps=cfg.max_steps, warmup_steps=cfg.warmup_steps, lr_scheduler_type="linear",
        train_sampling_strategy="group_by_length",  # requests with requests, questions with questions: less padding
        logging_steps=20, save_strategy="no", report_to="none", use_cpu=True, seed=cfg.seed,
        remove_unused_columns=False, disable_tqdm=True, dataloader_num_workers=0,
    )
    start = time.perf_counter()
    Trainer(model=net, args=args, train_dataset=train_set, data_collator=make_collator(tokenizer)).train()
    train_seconds = time.perf_counter() - start
    shutil.rmtree(run_dir / "_trainer", ignore_errors=True)
    print(f"[3] trained in {train_seconds:.0f} s")

    # 4. save only the small parts: adapter, heads, config (the base is attached at load time)
    if run_dir.exists():
        shutil.rmtree(run_dir)
    save_adapter(net.encoder, run_dir / "adapter", portable_path(cfg.base))
    save_file({k: v.detach().contiguous() for k, v in net.heads.state_dict().items()},
              str(run_dir / "heads.safetensors"))
    settings = {f.name: getattr(cfg, f.name) for f in fields(cfg)}
    settings.update(base=portable_path(cfg.base), data_dir=portable_path(str(project_path(cfg.data_dir))),
                    out_dir=portable_path(str(project_path(cfg.out_dir))), thresholds=list(cfg.thresholds))
    run_config = {"base": portable_path(cfg.base), "labels": HEADS, "max_length": cfg.max_length,
                  "threshold": 0.5, "pooling": "mean", "train": settings}
    (run_dir / "config.json").write_text(json.dumps(run_config, indent=2))
    print(f"[4] saved {run_dir}")
    return evaluate_run(cfg, run_dir, train_req, val_req, test_req, train_q, val_q, test_q, train_seconds)


def band_model_metrics(pred: dict, requests) -> dict:
    """Test figures of the band's parts: the encoder's band head (replaced) and the seniority model."""
    from training.router.metrics import single_label_metrics

    def summary(truth, guess, labels):
        m = single_label_metrics(truth, guess, labels)
        return {"accuracy": m["accuracy"], "macro_f1": m["macro_f1"]}

    out = {"note": "the band = rule(hardness, predicted seniority); see interview/routing/seniority.py"}
    if "difficulty_band_head" in pred:
        out["encoder_band_head"] = summary([r.difficulty_band for r in requests], pred["difficulty_band_head"],
                                           HEADS["difficulty_band"])
    if "seniority" in pred:
        out["seniority"] = summary([r.seniority for r in requests], pred["seniority"], list(SENIORITY))
    return out


def fit_seniority(cfg: Config, run_dir: Path, train_req) -> None:
    """The band model (interview/routing/seniority.py): seniority from title + description, fitted on train."""
    from interview.routing.router_model import SENIORITY_FILE
    from interview.routing.seniority import SeniorityModel, posting_text

    labels = {r.seniority for r in train_req}
    if len(labels) < 2:   # a dataset without the seniority column: the encoder's band head decides
        (run_dir / SENIORITY_FILE).unlink(missing_ok=True)
        print("[4b] no seniority labels in the data: the band comes from the encoder's band head")
        return
    start = time.perf_counter()
    rows = list({r.triple[:2]: r for r in train_req}.values())     # real postings are repeated in train_req
    model = SeniorityModel.fit([posting_text(r.triple[0], r.triple[1]) for r in rows],
                               [r.seniority for r in rows], c=cfg.seniority_c, seed=cfg.seed)
    model.save(run_dir / SENIORITY_FILE)
    print(f"[4b] seniority model fitted in {time.perf_counter() - start:.0f} s")


def evaluate_run(cfg: Config, run_dir: Path, train_req, val_req, test_req, train_q, val_q, test_q,
                 train_seconds: float) -> dict:
    """Steps 5-7 on a saved run: reload it as the app does, evaluate, plot, point BEST at it."""
    from interview.config import get_settings
    from interview.routing.router_model import load_trained_router
    from training.router.metrics import plot_confusion, plot_multilabel_confusion, summary_table

    fit_seniority(cfg, run_dir, train_req)
    run_config = json.loads((run_dir / "config.json").read_text())

    # 5. reload the checkpoint as the app does; pick the type threshold on validation
    router = load_trained_router(run_dir)
    threshold = pick_threshold(router, val_req, cfg.thresholds) if val_req else 0.5
    run_config["threshold"] = router.threshold = threshold
    (run_dir / "config.json").write_text(json.dumps(run_config, indent=2))

    # 6. evaluate on test (and validation), next to the baselines and on hand-written inputs
    test_pred = predict(router, test_req, test_q, threshold)
    test_metrics = score_predictions(test_pred, test_req, test_q)
    val_metrics = score_predictions(predict(router, val_req, val_q, threshold), val_req, val_q) \
        if val_req and val_q else {}
    metrics = {
        "band_model": band_model_metrics(test_pred, test_req),
        "run": cfg.run_name, "base": portable_path(cfg.base), "threshold": threshold,
        "evaluated_on": "the served path: merged encoder, dynamic int8, traced (interview.routing.router_model.load_trained_router)"
                        if get_settings().quantize else "the merged encoder in float32 (INTERVIEW_QUANTIZE=0)",
        "train_seconds": round(train_seconds, 1), "test_size": {"requests": len(test_req), "questions": len(test_q)},
        "test": test_metrics, "validation": {h: {"accuracy": m["accuracy"], "macro_f1": m["macro_f1"]}
                                            for h, m in val_metrics.items()},
        "baselines": baselines(cfg, train_req, train_q, test_req, test_q),
        "interview_types_note": "multi-label; behavioural and technical are in every synthetic row, so a constant "
                                "(baselines.majority) meets macro-F1: read exact_set_accuracy and "
                                "macro_f1_varying_labels beside it",
        "realistic": realistic(router),
    }

    # 7. plots and the summary; BEST points at this run
    plots = run_dir / "plots"
    for head in ("role_family", "difficulty_band", "question_type"):
        plot_confusion(test_metrics[head]["confusion"], HEADS[head], f"{head} (test)", plots / f"confusion_{head}.png")
    plot_multilabel_confusion(test_metrics["interview_types"]["confusion"], "interview_types (test)",
                              plots / "confusion_interview_types.png")
    (run_dir / "metrics.json").write_text(json.dumps(metrics, indent=2))
    if cfg.baselines:
        print(summary_table(metrics))
    r = metrics["realistic"]
    print(f"[7] hand-written inputs: role family {r['role_family_accuracy']:.2f}, band {r['band_accuracy']:.2f}, "
          f"question type {r['question_type_accuracy']:.2f}")
    if cfg.write_best:
        (project_path(cfg.out_dir) / "BEST").write_text(cfg.run_name + "\n")
    return metrics


def parse_args(argv=None) -> Config:
    return parse_options(Config, argv, __doc__.splitlines()[0], skip=("thresholds",))


if __name__ == "__main__":
    main(parse_args())
