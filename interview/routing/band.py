"""The one rule that moves the difficulty band: what the user chose, moved at most one step.

    >>> move_band("easy", seniority="senior"), move_band("hard", seniority="entry")
    ('medium', 'medium')
    >>> move_band("hard", years=1), move_band("easy", years=10), move_band("easy", years=4)
    ('medium', 'medium', 'easy')

Two things may move it, and both by the same clamp (a band kept within one step of another):
- the seniority a posting asks for (`seniority`: none | entry | mid | senior): the band is that
  level's, but at most one step from the chosen difficulty (a "Principal" posting read at
  "easy" gives medium, never easy, and an intern posting at "hard" gives medium);
- the candidate's years of experience (`years`): a first-jobber (< 2 years) is not grilled at senior
  level, a veteran (>= 8) does not get warm-up questions only; the band is kept within one step of
  the level those years imply, so it moves only from the opposite extreme.

The datasets' bands were built with this rule (data/README.md), the zero-shot and fine-tuned routers
apply it to the posting, and the coach applies it to the years given on Set up.
"""
from __future__ import annotations

from interview.labels import BANDS

SENIORITY = ("none", "entry", "mid", "senior")   # "none": the posting carries no cue
_LEVEL_BAND = {"entry": "easy", "mid": "medium", "senior": "hard"}
JUNIOR_YEARS, VETERAN_YEARS = 2, 8               # < 2 years: at most medium; >= 8: at least medium


def _within_one_step(band: str, of: str) -> str:
    """`band`, moved toward `of` until it is at most one step away from it."""
    i, anchor = BANDS.index(band), BANDS.index(of)
    return BANDS[min(max(i, anchor - 1), anchor + 1)]


def _years_level(years: int | None) -> str | None:
    if years is None:
        return None
    return "easy" if years < JUNIOR_YEARS else "hard" if years >= VETERAN_YEARS else None


def move_band(chosen: str, seniority: str = "none", years: int | None = None) -> str:
    """The difficulty band from the user's choice, the posting's `seniority` and the candidate's `years`.

    >>> move_band("medium", "entry"), move_band("easy", "none"), move_band("hard", "mid")
    ('easy', 'easy', 'medium')
    """
    band = chosen if seniority == "none" else _within_one_step(_LEVEL_BAND[seniority], of=chosen)
    level = _years_level(years)
    return band if level is None else _within_one_step(band, of=level)


def band_probs(chosen: str, seniority_probs: dict[str, float]) -> dict[str, float]:
    """P(band) = sum of P(seniority) over the seniorities that give that band from `chosen`."""
    out = dict.fromkeys(BANDS, 0.0)
    for s, p in seniority_probs.items():
        out[move_band(chosen, s)] += float(p)
    return out
