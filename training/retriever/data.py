"""The retriever's data: (query, bullet) pairs from data/retrieval_pairs.csv, the bullet pool of
data/bullets.csv, and the training rows and batches built from them (training/retriever/train.py).
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from interview.retrieval.retriever import retrieval_query


@dataclass
class Pair:
    query: str
    bullet: str
    resume_id: str
    family: str
    split: str
    achievement: str = ""   # the bullet's achievement template; "" when bullets.csv has no achievement_id


def load_data(data_dir: Path) -> tuple[list[Pair], list[str], dict[str, list[str]], dict[str, str]]:
    """(pairs, bullet pool, bullets per resume, achievement of each pool bullet). A pair's query is its
    `query` column, or built with interview.retrieval.retriever.retrieval_query from `job_description` and `question`."""
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
