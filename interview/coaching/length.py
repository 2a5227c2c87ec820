"""How long an answer should be, by what it answers: a question (120-300 words, one to two minutes spoken) or a
follow-up (30-120 words: one point, said in well under a minute).

A follow-up asks for one thing ("How did you measure that?"); a good answer to it in 37 words was scored 74/100
and told to "aim for 120-300 words", the length of a whole story. Each norm gives the length dimension's bands,
the lengths the feedback calls too short or too long, and the advice it gives then.

    >>> length_points(37, FOLLOW_UP)
    (5, 'Good length: 37 words (aim for 30-120, under a minute).')
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LengthNorm:
    low: int                  # a full-credit answer has low..high words
    high: int
    spoken: str               # the same in speaking time, for the advice
    bands: tuple              # ((from this many words, points, verdict), ...) ascending
    short_below: int          # fewer words: the feedback's "too_short" gap
    long_above: int           # more words: the feedback's "too_long" gap
    flag_below: int           # fewer words: flagged too_short, which caps the overall score

    @property
    def aim(self) -> str:
        return f"{self.low}-{self.high} words"


ANSWER = LengthNorm(120, 300, "about one to two minutes",
                    ((0, 0, "No words."), (1, 1, "Too short"), (15, 2, "Short"), (40, 3, "A bit short"),
                     (80, 4, "Nearly the right length"), (120, 5, "Good length"), (301, 4, "A little long"),
                     (451, 3, "Long; tighten it"), (651, 2, "Rambling")),
                    short_below=40, long_above=450, flag_below=20)
FOLLOW_UP = LengthNorm(30, 120, "under a minute",
                       ((0, 0, "No words."), (1, 1, "Too short"), (10, 2, "Short"), (20, 4, "Nearly the right length"),
                        (30, 5, "Good length"), (121, 4, "A little long"), (201, 3, "Long; tighten it"),
                        (301, 2, "Rambling")),
                       short_below=20, long_above=200, flag_below=10)
_SPOKEN_SHORT = {"about one to two minutes": "about 1-2 minutes", "under a minute": "under a minute"}


def norm_for(follow_up: bool) -> LengthNorm:
    return FOLLOW_UP if follow_up else ANSWER


def length_points(n_words: int, norm: LengthNorm = ANSWER) -> tuple[int, str]:
    """(points 0-5, the reason shown) for an answer of n_words words."""
    points, verdict = next((p, v) for lo, p, v in reversed(norm.bands) if n_words >= lo)
    return points, f"{verdict}: {n_words} words (aim for {norm.low}-{norm.high}, {_SPOKEN_SHORT[norm.spoken]})."


def too_short_advice(norm: LengthNorm = ANSWER) -> str:
    return f"Say more: aim for {norm.aim}, {norm.spoken}."


def too_long_advice(norm: LengthNorm = ANSWER) -> str:
    return f"Tighten it: keep to {norm.aim}, {norm.spoken}."
