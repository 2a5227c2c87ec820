"""Fine-tune the bullet retriever: a LoRA adapter on the embedded MiniLM (or MPNet), trained with
MultipleNegativesRankingLoss so that (job description + question) finds the right resume bullet.

    python -m training.train_retriever                         # make train-retriever
    python -m training.train_retriever --base sentence-transformers/all-mpnet-base-v2 --run-name mpnet-lora
    python -m training.train_retriever --max-steps 2           # smoke run
    python -m training.train_retriever --eval-only true        # re-evaluate the saved run, no training

Reads data/retrieval_pairs.csv (query, bullet, bullet_id, resume_id, role_family, split) and
data/bullets.csv (the bullet pool). The base and the fine-tuned model are evaluated on the test
queries retrieving from the WHOLE pool (Hit@k, Precision@k, MRR@10), and within the candidate's own
resume as the app does. In the whole pool a query's relevant bullets are every bullet of its
achievement (bullets.csv `achievement_id`: one achievement appears in many resumes with other numbers
and names, and answers the question in each of them); `strict_*` counts only the pair's own bullet.
`mmr_*` ranks the same candidates in the app's order (interview.retriever.diversify: maximal marginal
relevance), which keeps the top five from being one achievement written five ways.
Error analysis: `distinct_hit@k` shows each achievement once (the plain order de-duplicated by an oracle
that knows the achievements: the yardstick for MMR), `candidates_hit@50` how often the achievement is among
the 50 candidates at all (the most any re-ordering can reach), `mmr_hit@5_by_achievement` where the misses
come from.
Writes checkpoints/retriever/<run>/{config.json, adapter/, metrics.json, plots/} and names the run in
checkpoints/retriever/BEST.
"""
from __future__ import annotations

import csv
import json
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from interview.models import add_lora
from interview.retriever import EMBEDDED_BASE, MMR_CANDIDATES, resolve_base, retrieval_query
from training.options import parse_options
from training.paths import portable_path, project_path, save_adapter

KS = (1, 3, 5, 10)
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


@dataclass
class Pair:
    query: str
    bullet: str
    resume_id: str
    family: str
    split: str
    achievement: str = ""   # the bullet's achievement template; "" when bullets.csv has no achievement_id


# ----------------------------------------------------------------------------- data

def load_data(data_dir: Path) -> tuple[list[Pair], list[str], dict[str, list[str]], dict[str, str]]:
    """(pairs, bullet pool, bullets per resume, achievement of each pool bullet). A pair's query is its
    `query` column, or built with interview.retriever.retrieval_query from `job_description` and `question`."""
    with (data_dir / "retrieval_pairs.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with (data_dir / "bullets.csv").open(encoding="utf-8", newline="") as f:
        bullet_rows = list(csv.DictReader(f))
    text_col = "bullet" if bullet_rows and "bullet" in bullet_rows[0] else "text"
    by_id = {r.get("bullet_id", ""): r[text_col] for r in bullet_rows}
    achievement_of_id = {r.get("bullet_id", ""): r.get("achievement_id", "") for r in bullet_rows}
    pairs = [Pair(query=r.get("query") or retrieval_query(r["job_description"], r["question"]),
                  bullet=r.get("bullet") or by_id[r["bullet_id"]], resume_id=r.get("resume_id", ""),
                  family=r.get("role_family", ""), split=r["split"],
                  achievement=achievement_of_id.get(r.get("bullet_id", ""), "")) for r in rows]
    pool = list(dict.fromkeys([r[text_col] for r in bullet_rows] + [p.bullet for p in pairs]))
    resumes: dict[str, list[str]] = {}
    for r in bullet_rows:
        if r.get("resume_id"):
            resumes.setdefault(r["resume_id"], []).append(r[text_col])
    for p in pairs:
        if p.resume_id and p.bullet not in resumes.setdefault(p.resume_id, []):
            resumes[p.resume_id].append(p.bullet)
    achievements = {r[text_col]: r.get("achievement_id", "") for r in bullet_rows if r.get("achievement_id")}
    return pairs, pool, resumes, achievements


def train_rows(pairs: list[Pair], resumes: dict[str, list[str]], hard_negatives: bool, seed: int,
               achievements: dict[str, str] | None = None) -> tuple[dict, list[tuple[str, frozenset]]]:
    """Columns for the trainer: anchor, positive and (optionally) a negative from the same resume
    that is not an answer to the same query (nor a bullet of the same achievement); and, per row, the
    achievement of its positive and of its negatives (a bullet without one stands for itself), for
    the batch sampler."""
    rng = random.Random(seed)
    achievements = achievements or {}
    answers: dict[str, set[str]] = {}
    for p in pairs:
        answers.setdefault(p.query, set()).add(p.bullet)
    cols = {"anchor": [], "positive": []}
    if hard_negatives:
        cols["negative"] = []
    keys = []
    for p in pairs:
        mine = achievements.get(p.bullet) or p.achievement
        negs = [b for b in resumes.get(p.resume_id, [])
                if b not in answers[p.query] and not (mine and achievements.get(b) == mine)]
        if hard_negatives and not negs:
            continue  # the triplet loss needs a negative in every row
        cols["anchor"].append(p.query)
        cols["positive"].append(p.bullet)
        neg_keys = frozenset()
        if hard_negatives:
            cols["negative"].append(rng.choice(negs))
            neg_keys = frozenset([achievements.get(cols["negative"][-1]) or cols["negative"][-1]])
        keys.append((mine or p.bullet, neg_keys))
    return cols, keys


def distinct_batches(keys: list[tuple[str, frozenset]], batch_size: int, seed: int) -> list[list[int]]:
    """Row batches in which no row's positive achievement is another row's positive or negative
    achievement. MNRL scores every other bullet in the batch as a negative for an anchor, and a bullet
    of the same achievement from another resume answers the question just as well: with 80 train
    achievements of ~50 rows each, a random batch of 64 holds many such false negatives. Rows of each
    achievement are spread evenly over the epoch (position j/n in its group plus jitter), then
    batches are filled greedily in that order."""
    rng = random.Random(seed)
    groups: dict[str, list[int]] = {}
    for i, (pos, _) in enumerate(keys):
        groups.setdefault(pos, []).append(i)
    order = []
    for rows in groups.values():
        rng.shuffle(rows)
        order += [((j + rng.random()) / len(rows), i) for j, i in enumerate(rows)]
    remaining = [i for _, i in sorted(order)]
    batches = []
    while remaining:
        batch, positives, negatives, rest = [], set(), set(), []
        for i in remaining:
            pos, negs = keys[i]
            if len(batch) < batch_size and pos not in positives | negatives and not negs & positives:
                batch.append(i)
                positives.add(pos)
                negatives |= negs
            else:
                rest.append(i)
        batches.append(batch)
        remaining = rest
    rng.shuffle(batches)
    return batches


def achievement_batch_sampler(keys: list[tuple[str, frozenset]]):
    """A sentence-transformers batch sampler factory (the trainer's `batch_sampler` argument) that
    serves `distinct_batches`, reshuffled every epoch."""
    from sentence_transformers.base.sampler import DefaultBatchSampler

    class DistinctAchievementBatchSampler(DefaultBatchSampler):
        _cache: tuple[int, list[list[int]]] | None = None  # (epoch, its batches): len() and iter() share them

        def _batches(self):
            if self._cache is None or self._cache[0] != self.epoch:
                self._cache = (self.epoch, distinct_batches(keys, self.batch_size, self.seed + self.epoch))
            return self._cache[1]

        def __iter__(self):
            yield from self._batches()

        def __len__(self):
            return len(self._batches())

    return DistinctAchievementBatchSampler


# ----------------------------------------------------------------------------- metrics

def rank_metrics(ranked: list[list[int]], relevant: list[set[int]], ks=KS) -> dict:
    """Hit@k (a relevant item in the top k), Precision@k (share of the top k that is relevant) and
    MRR@10 (1 / rank of the first relevant item, 0 past rank 10), averaged over queries."""
    n = max(len(ranked), 1)
    out = {}
    for k in ks:
        out[f"hit@{k}"] = sum(bool(set(r[:k]) & rel) for r, rel in zip(ranked, relevant)) / n
        out[f"precision@{k}"] = sum(len(set(r[:k]) & rel) / k for r, rel in zip(ranked, relevant)) / n
    rr = [next((1 / (i + 1) for i, x in enumerate(r[:10]) if x in rel), 0.0) for r, rel in zip(ranked, relevant)]
    out["mrr@10"] = sum(rr) / n
    return {k: round(v, 4) for k, v in out.items()}


def one_per_achievement(ranked: list[int], achievement_of: dict[int, str]) -> list[int]:
    """`ranked` keeping only the first bullet of each achievement: the plain order as an oracle that knows
    the achievements would de-duplicate it. The yardstick for the app's MMR order, which has to guess
    near-copies from the embeddings (MMR can still beat it now and then: it also trades away similarity)."""
    seen, out = set(), []
    for i in ranked:
        a = achievement_of.get(i, i)
        if a not in seen:
            seen.add(a)
            out.append(i)
    return out


def evaluate(encoder, pairs: list[Pair], pool: list[str], resumes: dict[str, list[str]],
             achievements: dict[str, str] | None = None) -> dict:
    """Metrics of one encoder on `pairs`: against the whole pool (a hit is any bullet of the pair's
    achievement; `strict_*`: the pair's own bullet only; `mmr_*`: the app's MMR order instead of plain
    cosine order), and within each query's resume."""
    import numpy as np

    from interview.retriever import build_index, diversify, embed

    achievements = achievements or {}
    queries = list(dict.fromkeys(p.query for p in pairs))
    pos = {b: i for i, b in enumerate(pool)}
    same_achievement: dict[str, set[int]] = {}
    for b, i in pos.items():
        if achievements.get(b):
            same_achievement.setdefault(achievements[b], set()).add(i)
    relevant = {q: set() for q in queries}
    strict = {q: set() for q in queries}
    home, achievement_of_query = {}, {}
    for p in pairs:
        strict[p.query].add(pos[p.bullet])
        relevant[p.query] |= {pos[p.bullet]} | same_achievement.get(p.achievement, set())
        home[p.query] = p.resume_id
        achievement_of_query[p.query] = p.achievement
    index = build_index(encoder, pool)
    qv = embed(encoder, queries)
    scores, ids = index.faiss_index.search(qv, max(max(KS), MMR_CANDIDATES))
    plain = [list(r[:max(KS)]) for r in ids]
    # The app's order: the same candidates re-ranked by maximal marginal relevance (interview.retriever).
    diverse = [diversify(r, s, index.embeddings, max(KS)) for r, s in zip(ids, scores)]
    wanted = [relevant[q] for q in queries]
    whole = rank_metrics(plain, wanted)
    exact = rank_metrics(plain, [strict[q] for q in queries])
    mmr = rank_metrics(diverse, wanted)
    # Error analysis: MMR against an exact de-duplication of the same 50 candidates; how often the
    # achievement is among them at all (no re-ordering can do better); which achievements the misses are.
    achievement_of = {i: achievements.get(b) or b for b, i in pos.items()}
    candidates = [[int(i) for i in r if i >= 0] for r in ids]  # FAISS pads with -1 when the pool is small
    ideal = rank_metrics([one_per_achievement(r, achievement_of) for r in candidates], wanted)
    in_candidates = rank_metrics(candidates, wanted, ks=(MMR_CANDIDATES,))
    by_achievement: dict[str, list[bool]] = {}
    for q, r, rel_q in zip(queries, diverse, wanted):
        if achievement_of_query.get(q):
            by_achievement.setdefault(achievement_of_query[q], []).append(bool(set(r[:5]) & rel_q))
    # Within the resume: what the app does (a handful of the candidate's own bullets compete).
    ranked, ranked_mmr, rel = [], [], []
    for q, v in zip(queries, qv):
        cands = [pos[b] for b in resumes.get(home[q], [])]
        if len(cands) < 2:
            continue
        sims = index.embeddings[cands] @ v
        order = np.argsort(-sims)
        ranked.append([cands[i] for i in order])
        ranked_mmr.append(diversify([cands[i] for i in order], sims[order], index.embeddings, 3))
        rel.append(strict[q])
    within = rank_metrics(ranked, rel, ks=(1, 3))
    within_mmr = rank_metrics(ranked_mmr, rel, ks=(1, 3))
    return {**whole, **{f"strict_{k}": v for k, v in exact.items()},
            **{f"mmr_{k}": v for k, v in mmr.items()},
            **{f"distinct_{k}": v for k, v in ideal.items() if k.startswith("hit@")},
            f"candidates_hit@{MMR_CANDIDATES}": in_candidates[f"hit@{MMR_CANDIDATES}"],
            "mmr_hit@5_by_achievement": {a: {"queries": len(h), "mmr_hit@5": round(sum(h) / len(h), 3)}
                                         for a, h in sorted(by_achievement.items())},
            "relevant_per_query": round(sum(len(relevant[q]) for q in queries) / max(len(queries), 1), 2),
            "queries": len(queries), "pool": len(pool),
            "resume_hit@1": within["hit@1"], "resume_hit@3": within["hit@3"],
            "resume_mmr_hit@3": within_mmr["hit@3"], "resume_queries": len(ranked)}


def summary_table(base: dict, tuned: dict) -> str:
    keys = ([f"hit@{k}" for k in KS] + [f"precision@{k}" for k in KS] + ["mrr@10"]
            + [f"mmr_hit@{k}" for k in KS] + [f"mmr_precision@{k}" for k in KS] + ["mmr_mrr@10"]
            + [f"distinct_hit@{k}" for k in KS] + [f"candidates_hit@{MMR_CANDIDATES}"]
            + [f"strict_hit@{k}" for k in KS] + ["strict_mrr@10", "resume_hit@1", "resume_hit@3", "resume_mmr_hit@3"])
    lines = ["| metric (test, whole pool) | base | fine-tuned | change |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {base[k]:.3f} | {tuned[k]:.3f} | {tuned[k] - base[k]:+.3f} |" for k in keys]
    return "\n".join(lines)


def plot_tsne(before, after, n_queries: int, families: list[str], path_before: Path, path_after: Path,
              seed: int = 0) -> dict:
    """t-SNE of test queries (circles) and their bullets (triangles), coloured by role family, a grey
    line joining each query to its bullet; one figure per encoder. Returns the mean query-bullet
    distance in each 2-D map, relative to the map's spread (lower = pairs closer together)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from sklearn.manifold import TSNE

    names = sorted(set(families))
    colours = {f: plt.cm.tab10(i % 10) for i, f in enumerate(names)}
    spread = {}
    for vectors, path, title in ((before, path_before, "base"), (after, path_after, "fine-tuned")):
        xy = TSNE(n_components=2, perplexity=min(30, len(vectors) - 1), init="pca",
                  random_state=seed).fit_transform(vectors)
        q, b = xy[:n_queries], xy[n_queries:]
        dist = float(np.linalg.norm(q - b, axis=1).mean() / (xy.std(axis=0).mean() + 1e-9))
        spread[title] = round(dist, 3)
        fig, ax = plt.subplots(figsize=(7, 6))
        for (x0, y0), (x1, y1) in zip(q, b):
            ax.plot([x0, x1], [y0, y1], color="0.8", lw=0.6, zorder=1)
        c = [colours[f] for f in families]
        ax.scatter(q[:, 0], q[:, 1], c=c, marker="o", s=18, zorder=2)
        ax.scatter(b[:, 0], b[:, 1], c=c, marker="^", s=22, zorder=2, edgecolors="k", linewidths=0.3)
        handles = [plt.Line2D([], [], marker="o", ls="", color="0.4", label="query (JD + question)"),
                   plt.Line2D([], [], marker="^", ls="", color="0.4", label="its bullet")]
        handles += [plt.Line2D([], [], marker="s", ls="", color=colours[f], label=f) for f in names]
        ax.legend(handles=handles, fontsize=7, loc="best")
        ax.set_title(f"t-SNE, {title} encoder: mean query-bullet distance {dist:.2f} (× spread)")
        ax.set_xticks([])
        ax.set_yticks([])
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return spread


def plot_hits(base: dict, tuned: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 3.5))
    x = range(len(KS))
    bars = [(base, "hit", "base"), (tuned, "hit", "fine-tuned"), (base, "mmr_hit", "base, MMR order"),
            (tuned, "mmr_hit", "fine-tuned, MMR order (the app)")]
    for j, (m, key, label) in enumerate(bars):
        if f"{key}@1" in m:
            ax.bar([i - 0.3 + 0.2 * j for i in x], [m[f"{key}@{k}"] for k in KS], 0.2, label=label)
    ax.set_xticks(list(x), [f"Hit@{k}" for k in KS])
    ax.set_ylim(0, 1)
    ax.legend(fontsize=7)
    ax.set_title("Test queries, retrieving from the whole bullet pool")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


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
                  "query": "interview.retriever.retrieval_query(job_description, question)",
                  "similarity": "cosine (L2-normalised embeddings, FAISS IndexFlatIP)", "train": settings}
    (run_dir / "config.json").write_text(json.dumps(run_config, indent=2))
    size_mb = sum(f.stat().st_size for f in (run_dir / "adapter").iterdir()) / 1e6
    print(f"[5] saved {run_dir} (adapter {size_mb:.1f} MB)")
    return train_seconds, steps, len(data), size_mb


def main(cfg: Config) -> dict:
    """Train, save, reload and evaluate one retriever run; returns the metrics written to metrics.json."""
    from transformers import set_seed

    from interview.models import load_encoder
    from interview.retriever import embed, load_adapter_encoder

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
    model = load_encoder(resolve_base(cfg.base))
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
