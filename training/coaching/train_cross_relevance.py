"""Train the cross-encoder relevance judge (interview/coaching/cross_relevance.py).

    python -m training.coaching.train_cross_relevance        # ~30 min on 2 cores; also `make train-relevance`

Does an answer answer THIS question, or a neighbouring one? Most pairs are answer-bank rows
(data/answer_bank/bank.jsonl, real licensed Q&A); the rest come from read review halves (below):
  - positive: a question with its own answer, and with only its answer's first sentence(s) (a thin but
    on-topic answer: the review set's "weak" kind must not look off topic because it is short);
  - negative: the question with the answer of its nearest bank questions of the same role family by MiniLM
    cosine (same technology, another question: the review set's "off topic" kind), whole and thin, and
    with an answer of a random question of its family. Two bank questions with cosine >= `same_question`
    ask the same thing and are never each other's negatives.
Bank questions that are near duplicates of any review-set question (every half; question texts only) are
dropped first, as for the vector head (train_relevance.py). `review_halves` adds the triples of review halves that
have already been read (never one kept for a final figure): strong and weak answers (and the strong one's first
sentences) as positives, the off-topic answer and the strong answer of the nearest other question of those halves as
negatives, whole and cut to their first sentences, each `review_repeat` times: the team's off-topic answers answer a
neighbouring question in the words of the asked one, the kind the bank's neighbours teach least.
Validation: `val_share` of the bank questions by a hash of their id, negatives from the same side. The adapter
is a LoRA on the embedded all-MiniLM-L6-v2 read as a one-logit sequence classifier.

Writes <out>/adapter_config.json + adapter_model.safetensors (peft), run_config.json, metrics.json;
`--install true` also names the run in checkpoints/relevance/BEST.
"""
from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass

import numpy as np

from interview.coaching.cross_relevance import RUN_CONFIG, encode_pairs
from interview.text import tokens
from training.coaching.review_set import every_review_question, load_review_set
from training.coaching.train_relevance import Config as HeadConfig
from training.coaching.train_relevance import auc, bank_items, drop_review_duplicates
from training.options import parse_options
from training.paths import project_path


@dataclass
class Config:
    out: str = "checkpoints/relevance/cross-v3"
    install: bool = False            # write checkpoints/relevance/BEST
    seed: int = 13
    neighbours: int = 2              # nearest same-family bank questions whose answers are negatives
    random_negatives: int = 1        # answers of random same-family questions
    same_question: float = 0.80      # question cosine from which two bank questions ask the same thing
    near_duplicate: float = 0.85     # question cosine from which a bank question counts as a review question
    thin_words: int = 30             # a thin answer: its first sentences, up to this many words
    answer_words: int = 80           # words of an answer the cross-encoder reads (serving reads the same)
    max_length: int = 160            # tokens of question + answer
    val_share: float = 0.12
    train_questions: int = 1600      # bank questions sampled for training (with the review pairs ~30 min on 2 cores)
    lora_r: int = 16
    lora_alpha: int = 32
    lr: float = 3e-4
    batch: int = 16
    epochs: int = 1
    max_minutes: float = 50.0        # training stops here (the pairs are shuffled, so it saw a fair sample)
    # Two threads on idle cores (cross-v3: 29 min); with another job on the second core use one (--threads 1):
    # two threads then took 5.4 s a step and one 1.8 s.
    threads: int = 2
    # comma-separated read halves whose triples join the training pairs (novel, untouched and pristine chose the
    # served weight; reserve is kept for the final figure)
    review_halves: str = "development,final,heldout,fresh,sealed,blind,unseen"
    review_repeat: int = 1           # times each review pair is seen (the bank gives ~6 pairs a question)


def thin(answer: str, words: int) -> str:
    """The answer's first sentences, up to `words` words (at least the first sentence)."""
    out: list[str] = []
    for s in tokens.sentences(answer):
        if out and len(" ".join(out + [s]).split()) > words:
            break
        out.append(s)
    return " ".join(" ".join(out).split()[: max(words, 8)])


def make_pairs(items: list[dict], qvec: np.ndarray, cfg: Config, val: bool) -> list[dict]:
    """{question, answer, label, kind} rows on one side of the split."""
    rng = random.Random(f"{cfg.seed}-cross-{val}")
    side = [i for i, it in enumerate(items) if it["val"] == val]
    if not val and len(side) > cfg.train_questions:
        side = sorted(rng.sample(side, cfg.train_questions))
    by_family: dict[str, list[int]] = {}
    for i in side:
        by_family.setdefault(items[i]["family"], []).append(i)
    rows = []
    for i in side:
        it = items[i]
        fam = np.array(by_family[it["family"]])
        sims = qvec[fam] @ qvec[i]
        order = [int(fam[j]) for j in np.argsort(-sims) if fam[j] != i and sims[j] < cfg.same_question]
        near, rest = order[: cfg.neighbours], order[cfg.neighbours:]
        def add(answer: str, label: int, kind: str, it: dict = it) -> None:
            rows.append({"qid": it["id"], "question": it["topic"], "answer": answer, "label": label, "kind": kind})

        own_thin = thin(it["answer"], cfg.thin_words)
        add(it["answer"], 1, "own")
        if len(own_thin.split()) < len(it["answer"].split()):
            add(own_thin, 1, "own_thin")
        for k, j in enumerate(near):
            add(items[j]["answer"], 0, "neighbour")
            if k == 0:
                add(thin(items[j]["answer"], cfg.thin_words), 0, "neighbour_thin")
        for j in rng.sample(rest, min(len(rest), cfg.random_negatives)):
            add(items[j]["answer"], 0, "random")
    return rows


def review_pairs(halves: str, encoder, cfg: Config) -> list[dict]:
    """Training pairs from the triples of the named review halves (see the module docstring)."""
    from interview.coaching.relevance import relevance_topic

    rows = [r for h in halves.split(",") if h.strip() for r in load_review_set(h.strip())]
    if not rows:
        return []
    qvec = encoder.encode([r["question"] for r in rows], batch_size=128, convert_to_numpy=True,
                          normalize_embeddings=True, show_progress_bar=False)
    types = np.array([r["question_type"] for r in rows])
    out = []
    for i, r in enumerate(rows):
        sims = np.where(types == r["question_type"], qvec @ qvec[i], -1.0)   # neighbours of the same type only
        sims[i] = -1.0
        a = r["answers"]
        # Every kind whole and cut to its first sentences: the weak answers are short, so without short negatives
        # the judge learns that a short answer is on topic (cross-v2 gave a 35-word Figma story p 0.985 under
        # "made a data pipeline more reliable").
        pairs = [(a["strong"], 1, "review_strong"), (a["weak"], 1, "review_weak"),
                 (thin(a["strong"], cfg.thin_words), 1, "review_strong_thin"), (a["off_topic"], 0, "review_off_topic"),
                 (thin(a["off_topic"], cfg.thin_words), 0, "review_off_topic_thin")]
        if sims.max() > -1.0:   # another question of the same type: its strong answer answers something else
            near = rows[int(np.argmax(sims))]["answers"]["strong"]
            pairs += [(near, 0, "review_neighbour"), (thin(near, cfg.thin_words), 0, "review_neighbour_thin")]
        for answer, label, kind in pairs:
            topic = relevance_topic(r["question"], r["question_type"], answer)
            out += [{"qid": r["id"], "question": topic, "answer": answer, "label": label, "kind": kind}] * cfg.review_repeat
    return out


def predict(model, tokenizer, rows: list[dict], cfg: Config, torch) -> np.ndarray:
    model.eval()
    out = []
    with torch.inference_mode():
        for i in range(0, len(rows), 64):
            chunk = rows[i: i + 64]
            b = encode_pairs(tokenizer, [r["question"] for r in chunk], [r["answer"] for r in chunk],
                             cfg.answer_words, cfg.max_length)
            out += torch.sigmoid(model(**b).logits.reshape(-1)).tolist()
    return np.array(out)


def pair_wins(rows: list[dict], p: np.ndarray, pos_kind: str, neg_kind: str) -> float:
    """Share of (pos_kind, neg_kind) rows of the same question where the positive scores higher:
    own vs neighbour is "strong > off topic", own_thin vs neighbour is "weak > off topic"."""
    by_q: dict = {}
    for r, s in zip(rows, p):
        by_q.setdefault(r["qid"], {}).setdefault(r["kind"], []).append(s)
    wins = [ps > ns for d in by_q.values() for ps in d.get(pos_kind, []) for ns in d.get(neg_kind, [])]
    return round(float(np.mean(wins)), 4) if wins else float("nan")


def main(cfg: Config) -> dict:
    from interview.models.offline import quiet_transformers

    quiet_transformers()
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    from interview.models.loading import load_encoder
    from interview.models.sources import embedded_encoder_dir

    t0 = time.time()
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    encoder = load_encoder()
    review = every_review_question()
    items = bank_items(HeadConfig(val_share=cfg.val_share, seed=cfg.seed))
    n_bank = len(items)
    dropped = drop_review_duplicates(items, review, encoder, HeadConfig(near_duplicate=cfg.near_duplicate))
    qvec = encoder.encode([it["topic"] for it in items], batch_size=128, convert_to_numpy=True,
                          normalize_embeddings=True, show_progress_bar=False)
    train_rows, val_rows = make_pairs(items, qvec, cfg, False), make_pairs(items, qvec, cfg, True)
    extra = review_pairs(cfg.review_halves, encoder, cfg)
    train_rows += extra
    print(f"[cross] bank {n_bank}, dropped {dropped}; pairs train {len(train_rows)}, validation {len(val_rows)}",
          flush=True)

    base_dir = str(embedded_encoder_dir())
    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    model = AutoModelForSequenceClassification.from_pretrained(base_dir, num_labels=1)
    model = get_peft_model(model, LoraConfig(task_type="SEQ_CLS", r=cfg.lora_r, lora_alpha=cfg.lora_alpha,
                                             lora_dropout=0.05, target_modules=["query", "key", "value", "dense"]))
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.lr, weight_decay=0.01)
    steps = cfg.epochs * math.ceil(len(train_rows) / cfg.batch)
    sched = get_linear_schedule_with_warmup(opt, int(0.06 * steps), steps)
    y_all = np.array([r["label"] for r in train_rows], dtype=np.float32)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(y_all) - y_all.sum()) / y_all.sum()))
    rng = random.Random(cfg.seed)
    seen, step, stopped = 0, 0, False
    for _ in range(cfg.epochs):
        order = list(range(len(train_rows)))
        rng.shuffle(order)
        model.train()
        for i in range(0, len(order), cfg.batch):
            chunk = [train_rows[j] for j in order[i: i + cfg.batch]]
            b = encode_pairs(tokenizer, [r["question"] for r in chunk], [r["answer"] for r in chunk],
                             cfg.answer_words, cfg.max_length)
            loss = loss_fn(model(**b).logits.reshape(-1), torch.tensor([float(r["label"]) for r in chunk]))
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
            seen, step = seen + len(chunk), step + 1
            if step % 50 == 0:
                print(f"[cross] step {step}/{steps} loss {float(loss):.4f} {(time.time() - t0) / 60:.1f} min", flush=True)
            if time.time() - t0 > 60 * cfg.max_minutes:
                stopped = True
                break
        if stopped:
            break

    p = predict(model, tokenizer, val_rows, cfg, torch)
    y = np.array([r["label"] for r in val_rows])
    metrics = {
        "bank_questions": n_bank, "dropped_near_review": dropped, "train_pairs": len(train_rows),
        "review_pairs": len(extra),
        "train_pairs_seen": seen, "stopped_at_time_limit": stopped, "validation_pairs": len(val_rows),
        "auc": round(auc(p, y), 4),
        "own_beats_neighbour": pair_wins(val_rows, p, "own", "neighbour"),
        "thin_own_beats_neighbour": pair_wins(val_rows, p, "own_thin", "neighbour"),
        "own_beats_random": pair_wins(val_rows, p, "own", "random"),
        "mean_p_by_kind": {k: round(float(p[[r["kind"] == k for r in val_rows]].mean()), 4)
                           for k in ("own", "own_thin", "neighbour", "neighbour_thin", "random")},
        "minutes": round((time.time() - t0) / 60, 1)}
    out = project_path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    (out / RUN_CONFIG).write_text(json.dumps(asdict(cfg), indent=2) + "\n")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    if cfg.install:
        (out.parent / "BEST").write_text(out.name + "\n")
    print(json.dumps(metrics, indent=2))
    return metrics


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__.split("\n\n")[0]))
