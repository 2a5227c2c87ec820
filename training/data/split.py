"""Splitting and the leakage check.

Near-duplicates are found twice: exactly (normalised text) and by meaning (MiniLM cosine >= 0.95).
Before splitting, near-duplicates are merged into one group with union-find, and groups are split
whole (stratified by label), so no pair can straddle train and test. After the files are built,
`find_leaks` runs the same two checks across splits; whatever it still finds is dropped from the
evaluation side, and the build reports the counts.
"""
from __future__ import annotations

import hashlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from training.data.text import norm

SPLITS = ("train", "validation", "test")


class Embedder:
    """MiniLM sentence embeddings (L2-normalised). Each distinct text is embedded once per run
    (memo), and every batch of new texts is cached on disk by its hash, so a rebuild with the same
    seed does not pay for them again."""

    def __init__(self, encoder, cache_dir: Path | None, batch_size: int = 128):
        self.encoder, self.cache_dir, self.batch_size = encoder, cache_dir, batch_size
        self.memo: dict[str, np.ndarray] = {}
        self.computed = 0           # texts embedded in this run (not from the cache)

    def _compute(self, texts: list[str]) -> np.ndarray:
        key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:24]
        path = self.cache_dir / f"emb-{key}.npy" if self.cache_dir else None
        if path is not None and path.exists():
            return np.load(path)
        emb = self.encoder.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False).astype(np.float32)
        self.computed += len(texts)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, emb)
        return emb

    def __call__(self, texts: list[str]) -> np.ndarray:
        new = list(dict.fromkeys(t for t in texts if t not in self.memo))
        if new:
            self.memo.update(zip(new, self._compute(new)))
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.memo[t] for t in texts])


def similar_pairs(a: np.ndarray, b: np.ndarray | None = None, threshold: float = 0.95,
                  block: int = 2048) -> list[tuple[int, int]]:
    """(i, j) with cosine(a[i], b[j]) >= threshold; with b None, pairs inside a with i < j."""
    same = b is None
    b = a if same else b
    out = []
    for start in range(0, len(a), block):
        sims = a[start:start + block] @ b.T
        ii, jj = np.nonzero(sims >= threshold)
        for i, j in zip(ii.tolist(), jj.tolist()):
            i += start
            if not same or i < j:
                out.append((i, j))
    return out


class UnionFind:
    def __init__(self, keys: list[str]):
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the smaller key wins: independent of call order


def merge_near_duplicates(texts: list[str], groups: list[str], embed: Embedder, threshold: float) -> tuple[list[str], int]:
    """Groups with texts that are equal after normalisation or close in meaning become one group.
    Returns (new groups, number of near-duplicate pairs found)."""
    uf = UnionFind(sorted(set(groups)))
    first_by_norm: dict[str, str] = {}
    for t, g in zip(texts, groups):
        first = first_by_norm.setdefault(norm(t), g)
        uf.union(first, g)
    pairs = similar_pairs(embed(texts), threshold=threshold)
    for i, j in pairs:
        uf.union(groups[i], groups[j])
    return [uf.find(g) for g in groups], len(pairs)


def stratified_group_split(strata: list[str], groups: list[str], rng: random.Random,
                           fractions: tuple[float, float, float] = (0.70, 0.15, 0.15)) -> list[str]:
    """A split per row: whole groups go to one split, and within each stratum (a label combination)
    groups are dealt largest first to the split furthest below its share of that stratum's rows."""
    rows_of: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        rows_of[g].append(i)
    home: dict[str, list[str]] = defaultdict(list)     # stratum -> groups living there
    for g in sorted(rows_of):
        common = Counter(strata[i] for i in rows_of[g]).most_common()
        best = min(s for s, c in common if c == common[0][1])
        home[best].append(g)
    split_of_group: dict[str, str] = {}
    dealt = dict.fromkeys(SPLITS, 0)                    # rows dealt so far over all strata
    for stratum in sorted(home):
        gs = home[stratum]
        rng.shuffle(gs)
        gs.sort(key=lambda g: -len(rows_of[g]))        # stable: ties keep the shuffled order
        total = sum(len(rows_of[g]) for g in gs)
        have = dict.fromkeys(SPLITS, 0)
        for g in gs:
            deficit = {s: f * total - have[s] for s, f in zip(SPLITS, fractions)}
            # Small strata tie often (validation and test both one group short); the tie goes to
            # the split furthest behind overall, so the totals stay 70/15/15 as well.
            n_dealt = sum(dealt.values())
            behind = {s: f * n_dealt - dealt[s] for s, f in zip(SPLITS, fractions)}
            pick = max(SPLITS, key=lambda s: (round(deficit[s], 6), behind[s]))
            split_of_group[g] = pick
            have[pick] += len(rows_of[g])
            dealt[pick] += len(rows_of[g])
    return [split_of_group[g] for g in groups]


@dataclass
class LeakReport:
    """What the leakage check found between train and one evaluation split."""
    name: str
    exact: int = 0                      # evaluation rows whose normalised text also occurs in train
    near: int = 0                       # evaluation rows with a train text at cosine >= threshold
    dropped: list[int] = field(default_factory=list)   # row indices removed to resolve them

    def line(self) -> str:
        return f"{self.name}: {self.exact} exact, {self.near} near-duplicate (cosine), {len(self.dropped)} dropped"


def find_leaks(texts: list[str], splits: list[str], embed: Embedder, threshold: float, name: str,
               emb: np.ndarray | None = None) -> LeakReport:
    """Rows of validation/test whose text (normalised) equals a train text, or whose embedding has
    cosine >= threshold with one. Every such row is listed in `dropped`."""
    report = LeakReport(name)
    train = [i for i, s in enumerate(splits) if s == "train"]
    other = [i for i, s in enumerate(splits) if s != "train"]
    train_norm = {norm(texts[i]) for i in train}
    bad = set()
    for i in other:
        if norm(texts[i]) in train_norm:
            report.exact += 1
            bad.add(i)
    emb = embed(texts) if emb is None else emb
    near = {other[j] for _, j in similar_pairs(emb[train], emb[other], threshold)}
    report.near = len(near - bad)
    report.dropped = sorted(bad | near)
    return report
