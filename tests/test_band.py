"""interview/routing/band.py: the one rule that moves the difficulty band (posting seniority, years of experience)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from interview.routing.band import SENIORITY, band_probs, move_band
from interview.labels import BANDS
from tests.conftest import ROOT


@pytest.mark.parametrize("hardness,seniority,band", [
    ("easy", "none", "easy"), ("medium", "none", "medium"), ("hard", "none", "hard"),
    ("easy", "entry", "easy"), ("medium", "entry", "easy"), ("hard", "entry", "medium"),
    ("easy", "mid", "medium"), ("hard", "mid", "medium"),
    ("easy", "senior", "medium"), ("medium", "senior", "hard"), ("hard", "senior", "hard"),
])
def test_band_rule(hardness, seniority, band):
    assert move_band(hardness, seniority) == band


def test_band_rule_is_the_one_the_dataset_was_built_with():
    with open(ROOT / "data" / "encoder_dataset.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert all(move_band(r["hardness"], r["seniority"]) == r["difficulty_band"] for r in rows)


def test_band_probs_sum_seniority_mass():
    p = band_probs("easy", {"none": 0.1, "entry": 0.2, "mid": 0.3, "senior": 0.4})
    assert p == pytest.approx({"easy": 0.3, "medium": 0.7, "hard": 0.0})
    assert set(p) == set(BANDS)


@pytest.mark.parametrize("hardness", BANDS)
@pytest.mark.parametrize("seniority", SENIORITY)
@pytest.mark.parametrize("years", [None, 0, 1, 2, 5, 8, 30])
def test_the_chosen_difficulty_moves_at_most_one_step(hardness, seniority, years):
    assert abs(BANDS.index(move_band(hardness, seniority, years)) - BANDS.index(hardness)) <= 1


def test_years_of_experience_nudge_the_band():
    # the former session.adjust_band: < 2 years at most medium, >= 8 at least medium, else unchanged
    assert [move_band(b, years=1) for b in BANDS] == ["easy", "medium", "medium"]
    assert [move_band(b, years=12) for b in BANDS] == ["medium", "medium", "hard"]
    assert [move_band(b, years=4) for b in BANDS] == list(BANDS)
    assert move_band("hard", years=None) == "hard"


def test_the_zero_shot_router_moves_the_band_as_before():
    """The zero-shot router's cue used to shift the band index by -1/0/+1 and clamp it; the one rule
    gives the same band for every chosen difficulty and cue."""
    from interview.routing.router import seniority_cue

    shift = {"entry": -1, "none": 0, "senior": 1}
    for text in ("Software Engineering Intern", "Backend Engineer", "Staff Engineer", "Junior lead", "Architect"):
        for chosen in BANDS:
            old = BANDS[min(max(BANDS.index(chosen) + shift[seniority_cue(text)], 0), 2)]
            assert move_band(chosen, seniority_cue(text)) == old


def test_the_band_is_moved_in_one_module_only():
    """Issue 24: the three copies (router.seniority_shift, seniority.band_for, session.adjust_band) are gone."""
    sources = {p: p.read_text(encoding="utf-8") for p in (ROOT / "interview").rglob("*.py")}
    sources.update({p: p.read_text(encoding="utf-8") for p in (ROOT / "training").rglob("*.py")})
    old = re.compile(r"\bdef (seniority_shift|band_for|adjust_band)\b|\b(seniority_shift|band_for|adjust_band)\(")
    assert [str(Path(p).relative_to(ROOT)) for p, text in sources.items() if old.search(text)] == []
