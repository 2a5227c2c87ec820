"""Pieces of the generator's training loop: the target-only loss, logging callbacks, LoRA targets.

Kept apart from train_generator.py so that script reads top to bottom as numbered steps.
"""
from __future__ import annotations

import json
import math
import time
from pathlib import Path

# LoRA target modules per architecture. Llama (SmolLM2): attention + MLP projections. Falcon: the
# seeds' choice (fused QKV, attention output, both MLP matrices).
LORA_TARGETS = {
    "llama": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    "falcon": ["query_key_value", "dense", "dense_h_to_4h", "dense_4h_to_h"],
}


def lora_targets(model, requested: list[str] | None) -> list[str]:
    """The requested modules, or the ones for this model's architecture."""
    if requested:
        return list(requested)
    kind = getattr(model.config, "model_type", "")
    if kind not in LORA_TARGETS:
        raise ValueError(f"No default LoRA targets for model type '{kind}'; set lora_targets in the config.")
    return LORA_TARGETS[kind]


def target_only_loss(model, inputs: dict, num_items_in_batch=None):
    """Cross-entropy on the assistant tokens only, computing the LM head on those positions alone.

    The vocabulary projection (49k x 576 for SmolLM2) is ~20% of the forward FLOPs and its logits
    tensor is the largest activation; prompts are 5-10x longer than targets, so skipping the head on
    prompt positions saves a large share of each step on CPU. Returns (loss, n_target_tokens)."""
    import torch.nn.functional as F

    causal = model.get_base_model() if hasattr(model, "get_base_model") else model
    body = getattr(causal, causal.base_model_prefix)          # LlamaModel / FalconModel (LoRA inside)
    head = causal.get_output_embeddings()
    hidden = body(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
    labels = inputs["labels"][:, 1:]
    keep = labels.ne(-100)
    logits = head(hidden[:, :-1][keep]).float()
    total = F.cross_entropy(logits, labels[keep], reduction="sum")
    n = keep.sum()
    denom = num_items_in_batch if num_items_in_batch is not None else n.clamp(min=1)
    return total / denom, n


def make_trainer_class():
    """A Trainer whose loss is `target_only_loss` (imported lazily: transformers is heavy)."""
    from transformers import Trainer

    class TargetOnlyTrainer(Trainer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Ask the Trainer to count target tokens over the accumulated micro-batches, so the loss
            # is a true per-token mean across gradient accumulation (not a mean of means).
            self.model_accepts_loss_kwargs = True

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            loss, _ = target_only_loss(model, inputs, num_items_in_batch)
            return (loss, {"loss": loss}) if return_outputs else loss

    return TargetOnlyTrainer


def make_callbacks(log_path: Path, total_steps_hint: int):
    """A JSON-lines logger of every Trainer log event and a one-line progress/ETA printer (the tqdm
    bar also shows an ETA; this line survives in redirected logs)."""
    from transformers import TrainerCallback

    class JsonlLogger(TrainerCallback):
        def on_train_begin(self, args, state, control, **kw):
            log_path.parent.mkdir(parents=True, exist_ok=True)
            log_path.write_text("")

        def on_log(self, args, state, control, logs=None, **kw):
            with open(log_path, "a") as fh:
                fh.write(json.dumps({"step": state.global_step, "epoch": state.epoch,
                                     "time": time.time(), **(logs or {})}) + "\n")

    class EtaPrinter(TrainerCallback):
        def on_train_begin(self, args, state, control, **kw):
            self.t0 = time.time()

        def on_log(self, args, state, control, logs=None, **kw):
            done, total = state.global_step, state.max_steps or total_steps_hint
            if not done or not logs:
                return
            per = (time.time() - self.t0) / done
            shown = {k: round(v, 4) for k, v in logs.items() if isinstance(v, float) and "loss" in k}
            print(f"[train_generator] step {done}/{total} {shown} {per:.1f}s/step "
                  f"eta {max(total - done, 0) * per / 60:.1f} min", flush=True)

    return [JsonlLogger(), EtaPrinter()]


def loss_curves(log_history: list[dict]) -> dict:
    """{"train": [(step, loss)], "eval": [(step, loss)]} from the Trainer's log history."""
    train = [(h["step"], h["loss"]) for h in log_history if "loss" in h and "step" in h]
    evals = [(h["step"], h["eval_loss"]) for h in log_history if "eval_loss" in h and "step" in h]
    return {"train": train, "eval": evals}


def plot_loss(curves: dict, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    for name, pts in curves.items():
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o" if name == "eval" else None,
                    label=f"{name} loss")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("cross-entropy (target tokens)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def perplexity(loss: float | None) -> float | None:
    return None if loss is None else float(math.exp(min(loss, 50.0)))
