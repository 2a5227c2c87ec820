"""The seniority model's hashed n-gram features, computed without scikit-learn when serving.

The model was fitted on scikit-learn's HashingVectorizer (training, `seniority.featurize`), but importing
scikit-learn in the app costs 0.10 GB of resident memory (it imports pandas and scipy.stats; issue 26's
budget is 1.0 GB for every model), to turn one posting into a few thousand n-grams. The n-grams below are
HashingVectorizer's own (its `_word_ngrams` and `_char_wb_ngrams`), hashed as its FeatureHasher does with
MurmurHash3 (mmh3: the same 32-bit hash, seed 0), and normalised to unit length; tests/test_sentence_encoder.py
checks them against scikit-learn's vectors on real postings.

    >>> idx, val = hashed_vector(["data", "engineer", "data engineer"], 16)
    >>> sorted(map(int, idx)) == sorted(set(map(int, idx))), round(float((val ** 2).sum()), 6)
    (True, 1.0)
"""
from __future__ import annotations

import re

import mmh3
import numpy as np

_WHITESPACE_RUNS = re.compile(r"\s\s+")   # HashingVectorizer's _white_spaces


def word_ngrams(text: str, token_pattern: str, ngram_range: tuple[int, int], lowercase: bool = True) -> list[str]:
    """Tokens of `token_pattern` and their runs joined by a space, as analyzer="word" gives them."""
    tokens = re.findall(token_pattern, text.lower() if lowercase else text)
    low, high = ngram_range
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams inside words padded with a space, as analyzer="char_wb" gives them (a word
    shorter than n gives itself once and no longer n-grams)."""
    grams = []
    for word in _WHITESPACE_RUNS.sub(" ", text).split():
        word = f" {word} "
        for n in range(ngram_range[0], ngram_range[1] + 1):
            grams.extend(word[i:i + n] for i in range(max(len(word) - n + 1, 1)))
            if len(word) <= n:
                break
    return grams


def hashed_vector(grams: list[str], n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """(indices, values) of the l2-normalised count vector of `grams` hashed into `n_features` slots,
    as FeatureHasher(alternate_sign=False) and normalize(norm="l2") make it."""
    counts: dict[int, float] = {}
    for gram in grams:
        h = mmh3.hash(gram, 0, signed=True)
        # FeatureHasher's index: abs(h) % n, with abs(-2**31) defined as 2**31 - 1 - (n - 1)
        index = (2147483647 - (n_features - 1)) % n_features if h == -2147483648 else abs(h) % n_features
        counts[index] = counts.get(index, 0.0) + 1.0
    indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    norm = np.sqrt((values ** 2).sum())
    return indices, (values / norm if norm > 0 else values)
