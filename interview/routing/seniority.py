"""The seniority a job posting asks for, and the difficulty band it implies.

    >>> model = SeniorityModel.load("checkpoints/router/minilm-lora/seniority.npz")
    >>> model.predict(["Staff Data Engineer\\nYou will set technical direction across teams."])
    ['senior']
    >>> move_band("easy", "senior")      # interview/routing/band.py: the one rule that moves the band
    'medium'

Why a separate model: the band is the chosen hardness moved by seniority cues ("Intern", "II",
"5+ years", "history of org-wide impact"). Those are a few words anywhere in a long posting, and the
router encoder's mean-pooled embedding drowns them (its band head reached 0.43 macro-F1 on the test
split). A linear model over word and character n-grams of the title and description sees each cue
directly; the band then follows from the documented rule (`band.move_band`, data/README.md). Features
come from a stateless HashingVectorizer, so the saved model is only its weights (a .npz file).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from interview.routing.band import SENIORITY  # noqa: F401 - the levels this model predicts (re-exported)

N_FEATURES = 2 ** 16                             # per vectorizer; collisions are rare at this size


def posting_text(role: str, description: str) -> str:
    return f"{role}\n{description}"


# Title words that settle the level on their own, whatever the description says: the learned model
# read "10x: Principal Software Engineer" as entry and "Login.gov: Engineer GS15" as easy.
# US federal grades: GS-13 is a mid-career journeyman level, GS-14/15 senior; CS-04/05 (Canada) senior.
_TITLE_RULES = (
    ("senior", re.compile(r"\b(principal|staff|distinguished|fellow|head of|director|chief|vp|vice president|"
                          r"lead|senior|sr\.?|supervisory|architect)\b"
                          r"|\bgs[- ]?1[45]\b|\bcs[- ]?0?[45]\b|\b(iii|iv)\b", re.I)),
    ("entry", re.compile(r"\b(intern(ship)?|junior|jr\.?|trainee|apprentice|student|new grad|graduate|"
                         r"entry[- ]level|associate)\b|\bgs[- ]?0?[3-7]\b", re.I)),
    ("mid", re.compile(r"\bgs[- ]?(9|1[0-3])\b|\b(ii)\b|\bcs[- ]?0?3\b", re.I)),
)


def title_seniority(title: str) -> str | None:
    """The level a job title states outright, or None when it states none; senior cues win.

    >>> title_seniority("10x: Principal Software Engineer"), title_seniority("Login.gov: Engineer GS15")
    ('senior', 'senior')
    >>> title_seniority("Software Engineer II"), title_seniority("Data Analyst")
    ('mid', None)
    """
    return next((level for level, pattern in _TITLE_RULES if pattern.search(title)), None)


# Words and word pairs catch "5+ years" / "new grad"; character n-grams catch "Sr." and "II".
WORD_PATTERN, WORD_NGRAMS, CHAR_NGRAMS = r"(?u)\b\w+\b|\+", (1, 2), (2, 4)


def _vectorizers():
    from sklearn.feature_extraction.text import HashingVectorizer

    words = HashingVectorizer(n_features=N_FEATURES, ngram_range=WORD_NGRAMS, alternate_sign=False, norm="l2",
                              token_pattern=WORD_PATTERN, lowercase=True)
    chars = HashingVectorizer(n_features=N_FEATURES, analyzer="char_wb", ngram_range=CHAR_NGRAMS,
                              alternate_sign=False, norm="l2", lowercase=False)
    return words, chars


def featurize(texts: list[str]):
    """The features the model is fitted on (scikit-learn, training only): word block, then character block."""
    from scipy.sparse import hstack

    words, chars = _vectorizers()
    return hstack([words.transform(texts), chars.transform(texts)]).tocsr()


def served_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(indices, values) of featurize([text])'s one row, computed without scikit-learn (hashed_ngrams.py:
    importing it would add 0.10 GB to the app's memory)."""
    from interview.routing.hashed_ngrams import char_wb_ngrams, hashed_vector, word_ngrams

    w_idx, w_val = hashed_vector(word_ngrams(text, WORD_PATTERN, WORD_NGRAMS), N_FEATURES)
    c_idx, c_val = hashed_vector(char_wb_ngrams(text, CHAR_NGRAMS), N_FEATURES)
    return np.concatenate([w_idx, c_idx + N_FEATURES]), np.concatenate([w_val, c_val])


class SeniorityModel:
    """Multinomial logistic regression over hashed n-grams; weights only, no pickles."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: list[str]):
        self.coef, self.intercept, self.classes = coef.astype(np.float32), intercept.astype(np.float32), list(classes)

    @classmethod
    def fit(cls, texts: list[str], labels: list[str], c: float = 100.0, seed: int = 0) -> "SeniorityModel":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, max_iter=5000, random_state=seed).fit(featurize(texts), labels)
        return cls(model.coef_, model.intercept_, [str(c) for c in model.classes_])

    def predict_proba(self, texts: list[str]) -> list[dict[str, float]]:
        """P(seniority) per posting_text; a level the title states (first line) overrides the model."""
        logits = np.stack([self.coef[:, idx] @ val for idx, val in map(served_features, texts)]) + self.intercept
        logits = logits - np.max(logits, axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        out = []
        for text, row in zip(texts, probs):
            stated = title_seniority(text.split("\n", 1)[0])
            out.append({c: float(c == stated) for c in dict.fromkeys([*self.classes, stated])} if stated
                       else dict(zip(self.classes, map(float, row))))
        return out

    def predict(self, texts: list[str]) -> list[str]:
        return [max(p, key=p.get) for p in self.predict_proba(texts)]

    def save(self, path: str | Path) -> None:
        # float16 halves the file; the weights are small numbers and the argmax does not move.
        np.savez_compressed(path, coef=self.coef.astype(np.float16), intercept=self.intercept,
                            classes=np.array(self.classes))

    @classmethod
    def load(cls, path: str | Path) -> "SeniorityModel":
        with np.load(path, allow_pickle=False) as f:
            return cls(f["coef"].astype(np.float32), f["intercept"], [str(c) for c in f["classes"]])
