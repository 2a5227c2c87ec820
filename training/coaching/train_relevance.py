"""Train the relevance judge (interview/coaching/relevance.py): does an answer answer THIS question?

    python -m training.coaching.train_relevance          # also `make train-relevance`; ~3 min on 2 cores

Pairs, none from the review set:
  - answer bank (data/answer_bank/bank.jsonl, real licensed Q&A): each answer with its own question is a
    positive; answers to other questions of the same source and role family are the hard negatives (what
    the review set calls "off topic": fluent, same field, another question), one answer of another family
    an easy one. Two bank questions that ask the same thing (cosine >= `same_question`) are never each
    other's negatives.
  - behavioural stories from the synthetic bullet templates (data/sources/bullets_*.yaml): a STAR story
    (situation, my action, result) with a scenario the template answers ("Tell me about a time you ...")
    is a positive; stories of other templates (another tag) of the same family are its negatives.
Bank questions that are near duplicates of any review-set question (development, final, held-out and
fresh halves; question texts only) are dropped before anything is built, so no review figure is inflated.
Validation: 15% of the bank questions and of the templates, by a hash of their id; their negatives come
from the validation side too. The head reads the frozen MiniLM vectors that scoring already computes.
Writes <out>/head.npz, config.json, metrics.json and checkpoints/relevance/BEST.
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import asdict, dataclass

import numpy as np

from interview.text import tokens
from interview.coaching.relevance import pair_features, save_judge
from interview.coaching.scoring import ScoringOptions, relevance_question
from training.data.resumes import load_templates
from training.data.text import fill, load_sources, lower_first, norm
from training.options import parse_options
from training.paths import project_path
from training.coaching.review_set import every_review_question


@dataclass
class Config:
    out: str = "checkpoints/relevance/head-v1"
    seed: int = 13
    hard_negatives: int = 4          # per positive: answers to other questions of the same source and family
    easy_negatives: int = 1          # per positive: an answer of another family
    near_duplicate: float = 0.85     # question cosine from which a bank question counts as a review question
    same_question: float = 0.80      # bank questions this close ask the same thing: never each other's negative
    stories_per_scenario: int = 4    # story fills (numbers, openers) per (template, scenario)
    val_share: float = 0.15          # of bank questions and of templates, by hash
    hidden: int = 64                 # head: features -> hidden (ReLU) -> 1
    epochs: int = 12
    lr: float = 2e-3
    weight_decay: float = 1e-4
    batch: int = 256
    max_sentences: int = 40          # as scoring.ScoringOptions
    limit: int = 0                   # keep N bank items and N stories (a hash sample; smoke tests); 0 = all


def _is_val(key: str, share: float) -> bool:
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


# ----------------------------------------------------------------------------- 1. pairs' texts

def bank_items(cfg: Config) -> list[dict]:
    rows = [json.loads(x) for x in project_path("data/answer_bank/bank.jsonl").read_text(encoding="utf-8").splitlines() if x]
    return [{"id": r["id"], "question": r["question"], "topic": relevance_question(r["question"], r["question_type"]),
             "answer": r["answer"], "group": f"{r['source_repo']}|{r['role_family']}", "family": r["role_family"],
             "kind": "bank", "tag": r["id"], "val": _is_val(r["id"], cfg.val_share)} for r in rows]


def story_items(cfg: Config) -> list[dict]:
    """STAR stories from the bullet templates, each with a scenario its template answers."""
    src = load_sources()
    templates, slots = load_templates(src)
    stems = src["questions_behavioral"]["past_stems"]
    opener = src["coaching"]["answer"]
    items = []
    for t in templates:
        rng = random.Random(f"{cfg.seed}-{t.id}")
        lists = {**slots.get("shared", {}), **slots.get("general", {}), **slots.get(t.family, {})}
        for si, scenario in enumerate(t.fields.get("q") or []):
            for k in range(cfg.stories_per_scenario):
                values: dict = {}
                # the resume line first: it draws the numbers ({a=420..900}) the story reuses
                _, ctx, act, res = (fill(t.fields[f], values, rng, lists) for f in ("b", "ctx", "act", "res"))
                lead = rng.choice(opener["openers"])
                story = " ".join([lead + (ctx if not lead or lead.endswith(". ") else lower_first(ctx)), rng.choice(opener["task"]),
                                  rng.choice(opener["action_lead"]) + act + ".",
                                  rng.choice(opener["result_lead"]) + res + "."])
                question = rng.choice(stems).format(s=scenario)
                items.append({"id": f"{t.id}:{si}:{k}", "question": question,
                              "topic": relevance_question(question, "behavioral"), "answer": story,
                              "group": f"stories|{t.family}", "family": t.family, "kind": "story",
                              "tag": t.fields["tag"], "val": _is_val(t.id, cfg.val_share)})
    return items


# ----------------------------------------------------------------------------- 2. vectors

def embed_items(items: list[dict], encoder, cfg: Config) -> None:
    """Adds q (question vector), a (answer: word-weighted mean of its sentence vectors, as scoring does),
    s (sentence vectors) and share (question key words used) to every item."""
    sents = [tokens.sentences(it["answer"])[: cfg.max_sentences] or [it["answer"]] for it in items]
    texts = [it["topic"] for it in items] + [s for ss in sents for s in ss]
    vecs = encoder.encode(texts, batch_size=128, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
    pos = len(items)
    for i, (it, ss) in enumerate(zip(items, sents)):
        s = vecs[pos: pos + len(ss)]
        pos += len(ss)
        w = np.array([max(1, len(tokens.words(x))) for x in ss], dtype=np.float32)
        a = (s * w[:, None]).sum(0)
        it.update(q=vecs[i], s=s, a=a / (np.linalg.norm(a) or 1.0), share=_share(it["topic"], it["answer"]))


def drop_review_duplicates(items: list[dict], review_questions: list[str], encoder, cfg: Config) -> int:
    """Removes (in place) bank items whose question is a near duplicate of a review question."""
    rv = encoder.encode(review_questions, batch_size=128, convert_to_numpy=True, normalize_embeddings=True,
                        show_progress_bar=False)
    exact = {norm(q) for q in review_questions}
    qv = encoder.encode([it["question"] for it in items], batch_size=128, convert_to_numpy=True,
                        normalize_embeddings=True, show_progress_bar=False)
    near = (qv @ rv.T).max(axis=1) >= cfg.near_duplicate
    keep = [it for it, n in zip(items, near) if not n and norm(it["question"]) not in exact]
    dropped = len(items) - len(keep)
    items[:] = keep
    return dropped


# ----------------------------------------------------------------------------- 3. pairs

def make_pairs(items: list[dict], cfg: Config, val: bool) -> list[tuple[dict, dict, int]]:
    """(question item, answer item, label) on one side of the split."""
    rng = random.Random(f"{cfg.seed}-pairs-{val}")
    side = [it for it in items if it["val"] == val]
    groups: dict[str, list[dict]] = {}
    for it in side:
        groups.setdefault(it["group"], []).append(it)
    pairs = []
    for it in side:
        pairs.append((it, it, 1))
        same = [o for o in rng.sample(groups[it["group"]], min(len(groups[it["group"]]), 4 * cfg.hard_negatives + 4))
                if o["tag"] != it["tag"] and float(o["q"] @ it["q"]) < cfg.same_question]
        pairs += [(it, o, 0) for o in same[: cfg.hard_negatives]]
        others = [o for o in rng.sample(side, min(len(side), 8)) if o["family"] != it["family"]]
        pairs += [(it, o, 0) for o in others[: cfg.easy_negatives]]
    return pairs


def features(pairs) -> np.ndarray:
    rows = []
    for qi, ai, _ in pairs:
        best = ai["s"][int(np.argmax(ai["s"] @ qi["q"]))]
        share = ai["share"] if qi is ai else _share(qi["topic"], ai["answer"])
        rows.append(pair_features(qi["q"], ai["a"], best, share))
    return np.stack(rows)


def _share(topic: str, answer: str) -> float:
    qs = tokens.content_stems(topic)
    return len(qs & tokens.content_stems(answer)) / len(qs) if qs else 0.0


def baseline_value(x: np.ndarray) -> np.ndarray:
    """scoring.py's relevance value from the same features (the last three: cos whole, cos best, share)."""
    o = ScoringOptions()
    return o.whole_weight * x[:, -3] + (1 - o.whole_weight) * x[:, -2] + o.lexical_weight * x[:, -1]


# ----------------------------------------------------------------------------- 4. metrics

def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Probability that a random positive outranks a random negative (ties count half)."""
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    pos = labels == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def own_beats_hard(pairs, scores: np.ndarray) -> float:
    """Share of (own answer, hard negative of the same group) where the own answer scores higher."""
    own = {id(q): s for (q, a, y), s in zip(pairs, scores) if y == 1}
    wins = [own[id(q)] > s for (q, a, y), s in zip(pairs, scores) if y == 0 and a["group"] == q["group"]]
    return float(np.mean(wins)) if wins else float("nan")


def by_kind(pairs, scores, labels, fn):
    return {k: round(fn([p for p in pairs if p[0]["kind"] == k],
                        scores[[p[0]["kind"] == k for p in pairs]], labels[[p[0]["kind"] == k for p in pairs]]), 4)
            for k in ("bank", "story")}


# ----------------------------------------------------------------------------- main

def main(cfg: Config) -> dict:
    import torch

    from interview.models.loading import load_encoder

    t0 = time.time()
    torch.manual_seed(cfg.seed)
    # 1. load the texts; drop bank questions that are near duplicates of review questions
    encoder = load_encoder()
    review = every_review_question()
    bank, stories = bank_items(cfg), story_items(cfg)
    if cfg.limit:   # a sample spread over every source and family: the first N by a hash of their id
        bank, stories = (sorted(x, key=lambda it: hashlib.sha1(f"sample-{it['id']}".encode()).hexdigest())[: cfg.limit]
                         for x in (bank, stories))
    n_bank = len(bank)
    dropped = drop_review_duplicates(bank, review, encoder, cfg)
    items = bank + stories
    print(f"[train_relevance] bank {n_bank}, dropped as near duplicates of review questions {dropped}; "
          f"{len(items)} items", flush=True)
    # 2. vectors
    embed_items(items, encoder, cfg)
    # 3. pairs and their features
    train_p, val_p = make_pairs(items, cfg, False), make_pairs(items, cfg, True)
    xt, xv = features(train_p), features(val_p)
    yt = np.array([y for *_, y in train_p], dtype=np.float32)
    yv = np.array([y for *_, y in val_p], dtype=np.float32)
    print(f"[train_relevance] pairs: train {len(yt)} ({int(yt.sum())} positive), validation {len(yv)}", flush=True)
    # 4. train the head
    head = torch.nn.Sequential(torch.nn.Linear(xt.shape[1], cfg.hidden), torch.nn.ReLU(), torch.nn.Linear(cfg.hidden, 1))
    opt = torch.optim.AdamW(head.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    pos_weight = torch.tensor((len(yt) - yt.sum()) / yt.sum())
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    X, Y = torch.from_numpy(xt), torch.from_numpy(yt)
    gen = torch.Generator().manual_seed(cfg.seed)
    history = []
    for epoch in range(cfg.epochs):
        head.train()
        perm = torch.randperm(len(Y), generator=gen)
        total = 0.0
        for i in range(0, len(Y), cfg.batch):
            idx = perm[i: i + cfg.batch]
            loss = loss_fn(head(X[idx]).squeeze(1), Y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        head.eval()
        with torch.no_grad():
            pv = torch.sigmoid(head(torch.from_numpy(xv)).squeeze(1)).numpy()
        history.append({"epoch": epoch + 1, "train_loss": round(total / len(Y), 4), "val_auc": round(auc(pv, yv), 4)})
        print(f"[train_relevance] {history[-1]}", flush=True)
    # 5. metrics on the validation pairs, the bi-encoder rule beside the head
    base = baseline_value(xv)
    metrics = {
        "validation_pairs": len(yv), "train_pairs": len(yt), "bank_dropped_near_review": dropped,
        "head": {"auc": round(auc(pv, yv), 4), "own_beats_hard_negative": round(own_beats_hard(val_p, pv), 4),
                 "accuracy_at_0.5": round(float(((pv >= 0.5) == (yv == 1)).mean()), 4),
                 "auc_by_kind": by_kind(val_p, pv, yv, lambda p, s, y: auc(s, y)),
                 "own_beats_hard_by_kind": by_kind(val_p, pv, yv, lambda p, s, y: own_beats_hard(p, s))},
        "bi_encoder_rule": {"auc": round(auc(base, yv), 4), "own_beats_hard_negative": round(own_beats_hard(val_p, base), 4),
                            "auc_by_kind": by_kind(val_p, base, yv, lambda p, s, y: auc(s, y)),
                            "own_beats_hard_by_kind": by_kind(val_p, base, yv, lambda p, s, y: own_beats_hard(p, s))},
        "history": history, "seconds": round(time.time() - t0)}
    # 6. save
    out = project_path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    sd = {k: v.detach().numpy() for k, v in head.state_dict().items()}
    save_judge({"w1": sd["0.weight"].T, "b1": sd["0.bias"], "w2": sd["2.weight"][0], "b2": sd["2.bias"][0]}, out)
    (out / "config.json").write_text(json.dumps(asdict(cfg), indent=2) + "\n")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    (out.parent / "BEST").write_text(out.name + "\n")
    print(json.dumps({k: v for k, v in metrics.items() if k != "history"}, indent=2))
    return metrics


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__.split("\n\n")[0]))
