"""The retriever's evaluation: Hit@k, Precision@k and MRR over the whole bullet pool and within a
resume, the app's MMR order, the summary table and the plots (training/retriever/train.py).
"""
from __future__ import annotations

from pathlib import Path

from interview.retrieval.retriever import MMR_CANDIDATES
from training.retriever.data import Pair

KS = (1, 3, 5, 10)


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

    from interview.retrieval.retriever import build_index, diversify, embed

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
    # The app's order: the same candidates re-ranked by maximal marginal relevance (interview.retrieval.retriever).
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
