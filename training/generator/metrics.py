"""Text metrics of generated outputs against references, and the paired significance test.

    from training.generator.metrics import text_metrics, paired_test
    m = text_metrics(outputs, references, valid=[True, ...])   # ROUGE, BLEU, METEOR, EM, distinct-n, ...
    s = paired_test(per_example_rouge_l_tuned, per_example_rouge_l_base)

Scores are in [0, 1] (BLEU too: sacrebleu's 0-100 divided by 100, so it reads like the seed's 0.31).
"""
from __future__ import annotations

import math
import re
import statistics

_PUNCT = re.compile(r"[^\w\s]")


def normalize(text: str) -> str:
    """Lower case, punctuation dropped, spaces collapsed: the form exact match and duplicates compare."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def rouge_scores(outputs: list[str], references: list[str]) -> dict[str, list[float]]:
    """Per-example ROUGE-1/2/L F1 (rouge-score, Porter stemming)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    out = {"rouge1": [], "rouge2": [], "rougeL": []}
    for hyp, ref in zip(outputs, references):
        s = scorer.score(ref, hyp)
        for k in out:
            out[k].append(s[k].fmeasure)
    return out


def bleu(outputs: list[str], references: list[str]) -> float:
    """Corpus BLEU (sacrebleu, 13a tokenization, exponential smoothing) in [0, 1]."""
    import sacrebleu

    if not outputs:
        return 0.0
    return sacrebleu.corpus_bleu(outputs, [references], smooth_method="exp").score / 100.0


def distinct_n(outputs: list[str], n: int) -> float:
    """Distinct n-grams / all n-grams over the whole set (Li et al., 2016): 1.0 = no n-gram repeats."""
    grams = []
    for text in outputs:
        words = normalize(text).split()
        grams += [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def duplicate_rate(outputs: list[str]) -> float:
    """Share of outputs that repeat (after normalisation) an earlier output of the same set."""
    seen, dups = set(), 0
    for text in outputs:
        key = normalize(text)
        if key in seen:
            dups += 1
        seen.add(key)
    return dups / len(outputs) if outputs else 0.0


def exact_match(outputs: list[str], references: list[str]) -> list[float]:
    return [float(normalize(h) == normalize(r)) for h, r in zip(outputs, references)]


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return float(statistics.fmean(values)) if values else None


def text_metrics(outputs: list[str], references: list[str], valid: list[bool], meteor=None,
                 type_agrees: list[bool] | None = None) -> dict:
    """Every metric of one model on one task. Keys starting with "_" hold per-example lists (kept
    for the significance test, not shown in tables)."""
    r = rouge_scores(outputs, references)
    words = [len(o.split()) for o in outputs]
    m = {
        "rouge1": _mean(r["rouge1"]), "rouge2": _mean(r["rouge2"]), "rougeL": _mean(r["rougeL"]),
        "bleu": bleu(outputs, references),
        "meteor": _mean(meteor(ref, hyp) for hyp, ref in zip(outputs, references)) if meteor else None,
        "exact_match": _mean(exact_match(outputs, references)),
        "distinct_1": distinct_n(outputs, 1), "distinct_2": distinct_n(outputs, 2),
        "format_validity": _mean(float(v) for v in valid),
        "duplicate_rate": duplicate_rate(outputs),
        "mean_words": _mean(words),
        "_rougeL": r["rougeL"],
    }
    if type_agrees is not None:
        m["type_adherence"] = _mean(float(a) for a in type_agrees)
    return m


def paired_test(tuned: list[float], base: list[float]) -> dict | None:
    """Paired t-test of tuned - base, Cohen's d for paired samples (d_z = mean diff / sd diff) and the
    95% confidence interval of the mean difference. None with fewer than 2 pairs."""
    from scipy import stats

    diffs = [t - b for t, b in zip(tuned, base)]
    n = len(diffs)
    if n < 2:
        return None
    mean = statistics.fmean(diffs)
    sd = statistics.stdev(diffs)
    if sd == 0:  # identical differences: the test is undefined, the effect is exact
        return {"n": n, "mean_diff": mean, "ci95": [mean, mean], "t": float("inf") if mean else 0.0,
                "p": 0.0 if mean else 1.0, "cohens_d": float("inf") if mean else 0.0}
    t, p = stats.ttest_rel(tuned, base)
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return {"n": n, "mean_diff": mean, "ci95": [mean - half, mean + half], "t": float(t), "p": float(p),
            "cohens_d": mean / sd}


def reference_ceiling(test: list[tuple[tuple, str]], train: list[tuple[tuple, str]]) -> dict:
    """How far ROUGE-L against one reference can go on this data, whatever the model.

    A question prompt fixes a cell (role family, question type, difficulty), and its reference is one
    of many questions written for that cell; nothing in the prompt says which. Two reference-free
    answers bound what a model can score: `cell_medoid`, the cell's most typical training question
    (highest mean ROUGE-L against the cell's others), the best a model can do by writing the same
    question for every prompt of a cell; and `best_in_cell`, an oracle that sees the reference and
    picks the closest training question of its cell. Items are ((family, type, difficulty), text).
    """
    from collections import defaultdict

    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    pools: dict[tuple, list[str]] = defaultdict(list)
    for cell, text in train:
        pools[cell].append(text)

    def rl(ref: str, hyp: str) -> float:
        return scorer.score(ref, hyp)["rougeL"].fmeasure

    medoid = {cell: max(pool, key=lambda x: sum(rl(y, x) for y in pool if y is not x))
              for cell, pool in pools.items()}
    scored = [(rl(ref, medoid[cell]), max(rl(ref, x) for x in pools[cell])) for cell, ref in test if cell in pools]
    return {"n": len(scored),
            "cell_medoid": _mean(m for m, _ in scored), "best_in_cell": _mean(b for _, b in scored)}
