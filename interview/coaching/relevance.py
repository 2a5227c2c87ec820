"""The relevance judge: does this answer answer THIS question, or another one of the same field?

The bi-encoder cosine of interview/coaching/scoring.py says "same topic"; a fluent answer to another question of the
same field (a cloud-security answer about IAM under "Explain the shared responsibility model") gets the same
cosine as a real answer. The judge is a small head trained on the encoder's vectors of a question and an
answer read together (training/coaching/train_relevance.py): answer-bank answers with their own question against
answers to other questions of the same source, plus behavioural stories with their own scenario against
stories of other scenarios. It costs no extra encoder pass: it reads the vectors scoring already has.

    >>> judge = load_relevance_judge()            # below; None when no head is installed
    >>> judge.probability(vectors, share)         # 0-1: this answer answers this question
    0.93
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interview.coaching.cross_relevance import is_cross_judge, read_cross_judge
from interview.generation.prompts import TECHNICAL_TYPES
from interview.models.loading import ModelMissing, find_adapter

HEAD_FILE = "head.npz"    # numpy arrays only (loaded without pickle)


# "Tell me about a time you ...", "Give me an example of ...": the framing of a behavioural question
# is in none of its answers, so it only dilutes the question's vector and key words. Removing it raised
# strong > weak > off-topic on the review set's development half from 0.75 to 0.875 for behavioural
# questions (0.84 -> 0.88 overall); technical questions keep their wording.
_BEHAVIOURAL_FRAME = re.compile(
    r"^\s*(please\s+)?(tell (me|us) about|describe|give (me |us )?an example (of|when|where)|provide an example of|"
    r"discuss|do you (recall|remember)|"
    r"(please )?provide a specific situation (where|when|in which)|share|walk me through|talk about|"
    r"can you (tell (me|us) about|describe|give an example of|remember|recall|share)|could you (tell (me|us) about|describe)|"
    r"have you ever|what do you do when|how do you( handle)?)\s+"
    r"(a time (when |that )?|an? (specific )?(situation|occasion|instance|example|project|moment|experience)"
    r" (when|where|in which|that)?\s*)?(you\s+)?", re.I)


def relevance_question(question: str, question_type: str) -> str:
    """What an answer must be relevant to: the question without its behavioural framing."""
    if question_type in TECHNICAL_TYPES:
        return question
    core = _BEHAVIOURAL_FRAME.sub("", question).strip()
    return core if len(core.split()) >= 3 else question


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")   # not tokens.WORD: each part of "K-nearest" gives an initial
_NOT_SPELLED = frozenset("a an and as at by for i in is it of on or the to".split())   # "AI" is not "and I"
HEADING_WORDS = 4   # only a heading-like question ("KNN", "Explain SLO, SLI, SLA") is spelled out


def spell_out_acronyms(question: str, answer: str) -> str:
    """A short question with each acronym the answer spells out instead of using followed by that spelling:
    "KNN" -> "KNN (K-nearest neighbours)". A bank question given as a bare heading ("KNN", the unseen review
    half) scored its strong answer, which says "K-nearest neighbours" and never "KNN", as off topic (0/100):
    neither the key words, the cosines nor the judge see that the two name the same thing. Longer questions
    keep their words: their other words carry the topic, and on the read review halves spelling out every
    acronym matched chance phrases ("AI" in "and inline", "DR" in "Data replicates")."""
    if len(question.split()) > HEADING_WORDS:
        return question
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(answer)]
    for acronym in dict.fromkeys(_ACRONYM.findall(question)):
        if re.search(rf"\b{acronym}s?\b", answer):
            continue
        n = len(acronym)
        for i in range(len(words) - n + 1):
            window = words[i:i + n]
            phrase = answer[window[0][1]:window[-1][2]]
            if ("".join(w[0][0] for w in window).upper() == acronym.upper() and not re.search(r"[.,;:!?()]", phrase)
                    and not any(w[0].lower() in _NOT_SPELLED for w in window)):
                question = re.sub(rf"\b{acronym}\b", f"{acronym} ({phrase})", question, count=1)
                break
    return question


def relevance_topic(question: str, question_type: str, answer: str) -> str:
    """What an answer's relevance is judged against: the question without its behavioural framing, a heading's
    acronyms spelled out as the answer spells them. Scoring and training/coaching/ordering_ceiling.py both ask here."""
    return spell_out_acronyms(relevance_question(question, question_type), answer)


def pair_features(q: np.ndarray, a: np.ndarray, best: np.ndarray, share: float) -> np.ndarray:
    """The head's input for one (question, answer): element-wise products and distances of the question
    vector with the whole answer's and with its best sentence's vector, their cosines, and the share of the
    question's key words the answer uses. Training and serving both call this (no train/serve skew)."""
    q, a, best = (np.asarray(v, dtype=np.float32) for v in (q, a, best))
    scalars = np.array([q @ a, q @ best, share], dtype=np.float32)
    return np.concatenate([q * a, np.abs(q - a), q * best, np.abs(q - best), scalars])


def best_sentence(vectors: dict) -> np.ndarray:
    """The answer sentence closest to the question (the one that answers it, if any)."""
    return vectors["s"][int(np.argmax(vectors["s"] @ vectors["q"]))]


@dataclass
class RelevanceJudge:
    w1: np.ndarray    # (features, hidden)
    b1: np.ndarray    # (hidden,)
    w2: np.ndarray    # (hidden,)
    b2: float
    path: str = ""

    def probability_of(self, features: np.ndarray) -> np.ndarray:
        """Rows of pair_features -> probability that each answer answers its question."""
        h = np.maximum(0.0, features @ self.w1 + self.b1)
        return 1.0 / (1.0 + np.exp(-(h @ self.w2 + self.b2)))

    def fits(self, vectors: dict) -> bool:
        """The head reads the vectors of the encoder it was trained on (MiniLM, 384 numbers); another
        encoder's vectors are not its input, and relevance is then the cosine rule alone."""
        return 4 * len(vectors["q"]) + 3 == self.w1.shape[0]

    def probability(self, vectors: dict, share: float) -> float:
        """For scoring: `vectors` as made by scoring.embed_all."""
        x = pair_features(vectors["q"], vectors["a"], best_sentence(vectors), share)
        return float(self.probability_of(x[None, :])[0])

    def answers(self, question: str, answer: str, vectors: dict, share: float) -> float:
        """For scoring, called as the cross-encoder judge is (coaching/cross_relevance.py): the head reads
        only the vectors and the share."""
        return self.probability(vectors, share)


def save_judge(arrays: dict, folder: str | Path) -> Path:
    path = Path(folder) / HEAD_FILE
    np.savez(path, **{k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()})
    return path


def read_judge(folder: str | Path):
    """The judge saved in `folder`: a cross-encoder adapter (training/coaching/train_cross_relevance.py) or
    the vector head (training/coaching/train_relevance.py); FileNotFoundError when it holds neither."""
    if is_cross_judge(folder):
        return read_cross_judge(folder)
    path = Path(folder) / HEAD_FILE
    with np.load(path, allow_pickle=False) as z:
        return RelevanceJudge(z["w1"], z["b1"], z["w2"], float(z["b2"]), path=str(Path(folder)))


def load_relevance_judge(name_or_path: str | Path | None = None):
    """The relevance judge on the embedded MiniLM: a cross-encoder adapter or a head on its vectors (None
    when there is none).

    Resolution: `name_or_path`, else INTERVIEW_RELEVANCE (a run folder, or "off") → the run
    named in checkpoints/relevance/BEST → None: no head, relevance is the embedded encoder's cosine rule.
    """
    setting = str(name_or_path or os.environ.get("INTERVIEW_RELEVANCE", "")).strip()
    if setting.lower() == "off":
        return None
    path = setting or find_adapter("relevance")
    if path is None:
        return None
    try:
        return read_judge(path)
    except (OSError, KeyError, ValueError) as exc:
        where = "INTERVIEW_RELEVANCE" if setting else "checkpoints/relevance/BEST"
        raise ModelMissing(
            f"Could not load the relevance judge from '{path}' ({exc.__class__.__name__}: {exc}). "
            f"Point {where} at a folder made by `make train-relevance`, or set INTERVIEW_RELEVANCE=off."
        ) from exc


_JUDGES: dict = {}   # the judge per (setting, BEST run): read from disk once, not on every answer


def installed_judge():
    """The relevance judge load_relevance_judge resolves now (None: the cosine rule alone), cached."""
    key = (os.environ.get("INTERVIEW_RELEVANCE", "").strip(), str(find_adapter("relevance")))
    return _JUDGES[key] if key in _JUDGES else _JUDGES.setdefault(key, load_relevance_judge())
