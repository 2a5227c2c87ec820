"""The router: (role, job description, difficulty) → `Route`, and interview question → type.

Two implementations behind one interface:
- `ZeroShotRouter`: embedding similarity between the request and the label descriptions of
  interview/labels.py, on the embedded MiniLM. No training; the baseline.
- the fine-tuned router of `training/router/train.py` (loaded from `checkpoints/router/` when present).

`load_router()` follows DESIGN.md §2: INTERVIEW_ROUTER → checkpoints/router/BEST → zero-shot.
"""
from __future__ import annotations

import re

from interview.routing.band import move_band
from interview.labels import BANDS, DIFFICULTY_BANDS, INTERVIEW_TYPES, ROLE_FAMILIES
from interview.text.clean import clean_text
# Re-exported: callers import the route types and the request check from here.
from interview.routing.route import (MAX_DESCRIPTION_CHARS, MAX_ROLE_WORDS, QuestionType, Route,  # noqa: F401
                               check_request, clean_role)

# Seniority cues move the band away from the chosen difficulty (interview/routing/band.py): a "Staff" posting
# is hard even if the user picked medium. Regexes, because a title is short and these words are unambiguous.
_SENIOR = re.compile(r"\b(senior|sr\.?|staff|principal|lead|head of|architect|director|[7-9]\+? years|1[0-9]\+? years)\b", re.I)
_JUNIOR = re.compile(r"\b(intern(ship)?|junior|jr\.?|graduate|new grad|entry[- ]level|apprentice|trainee|0-2 years)\b", re.I)


def seniority_cue(text: str) -> str:
    """'entry' for junior cues, 'senior' for senior cues, 'none' otherwise (junior wins ties: 'intern'
    is decisive); band.move_band turns it into the band."""
    if _JUNIOR.search(text):
        return "entry"
    if _SENIOR.search(text):
        return "senior"
    return "none"


def _softmax(values, temperature: float = 0.05) -> list[float]:
    import numpy as np

    v = np.asarray(values, dtype=float) / temperature
    e = np.exp(v - v.max())
    return (e / e.sum()).tolist()


class ZeroShotRouter:
    """Routes by cosine similarity to label descriptions (the baseline before fine-tuning)."""

    source = "zero-shot"

    def __init__(self, encoder):
        self.encoder = encoder
        self._labels = {
            "role_family": list(ROLE_FAMILIES),
            "interview_type": list(INTERVIEW_TYPES),
            "difficulty_band": list(DIFFICULTY_BANDS),
        }
        texts = list(ROLE_FAMILIES.values()) + list(INTERVIEW_TYPES.values()) + list(DIFFICULTY_BANDS.values())
        emb = encoder.encode(texts, normalize_embeddings=True)
        a, b = len(ROLE_FAMILIES), len(ROLE_FAMILIES) + len(INTERVIEW_TYPES)
        self._emb = {"role_family": emb[:a], "interview_type": emb[a:b], "difficulty_band": emb[b:]}

    def _scores(self, head: str, vec) -> dict[str, float]:
        sims = self._emb[head] @ vec
        return dict(zip(self._labels[head], _softmax(sims)))

    def route(self, role: str, description: str, difficulty: str) -> Route:
        role, description, warnings = check_request(role, description, difficulty)
        vec = self.encoder.encode([f"{role}. {description}"], normalize_embeddings=True)[0]
        family = self._scores("role_family", vec)
        types = self._scores("interview_type", vec)
        # Band: the user's choice, moved one step by seniority cues in the title/description.
        band = move_band(difficulty, seniority_cue(f"{role} {description}"))
        # Type mix: behavioural questions belong in every interview; add the two most similar others.
        ranked = [t for t in sorted(types, key=types.get, reverse=True) if t != "behavioral"]
        mix = ["behavioral"] + ranked[:2]
        return Route(
            role_family=max(family, key=family.get),
            interview_types=mix,
            difficulty_band=band,
            scores={"role_family": family, "interview_types": types,
                    "difficulty_band": {b: float(b == band) for b in BANDS}},
            warnings=warnings,
            source=self.source,
        )

    def classify_question(self, text: str) -> QuestionType:
        text = clean_text(text)
        if not text:
            raise ValueError("The question is empty.")
        vec = self.encoder.encode([text], normalize_embeddings=True)[0]
        scores = self._scores("interview_type", vec)
        return QuestionType(type=max(scores, key=scores.get), scores=scores)


def load_router(name_or_path=None, encoder=None):
    """The router the app uses: INTERVIEW_ROUTER → fine-tuned checkpoint → zero-shot on MiniLM."""
    from interview.models.loading import load_encoder, resolve

    source = resolve("router") if name_or_path is None else None
    path = name_or_path or (source.path if source.origin != "embedded" else None)
    if path:
        from interview.routing.router_model import load_trained_router  # torch: only when a checkpoint is used

        return load_trained_router(path)
    return ZeroShotRouter(encoder or load_encoder())
