"""interview/routing/seniority.py: the seniority model that feeds the band rule (tests/test_band.py)."""
from __future__ import annotations


import pytest

from interview.routing.band import band_probs
from interview.labels import BANDS
from interview.routing.seniority import SENIORITY, SeniorityModel, posting_text
from tests.conftest import ROOT


def test_fit_save_load_predicts_cues(tmp_path):
    texts = [posting_text(t, d) for t, d in [
        ("Software Engineer Intern", "Summer internship for students."),
        ("Junior Data Analyst", "0-2 years of experience; new grads welcome."),
        ("Backend Engineer II", "3+ years of professional experience."),
        ("Mid-Level Frontend Developer", "At least 3 years of hands-on experience."),
        ("Senior SRE", "7+ years of experience running production systems."),
        ("Staff Engineer", "10+ years of experience and org-wide impact."),
        ("Backend Engineer", "Build APIs in Go."),
        ("Product Designer", "Design flows for our mobile app."),
    ]]
    labels = ["entry", "entry", "mid", "mid", "senior", "senior", "none", "none"]
    model = SeniorityModel.fit(texts, labels, c=100.0)
    model.save(tmp_path / "s.npz")
    loaded = SeniorityModel.load(tmp_path / "s.npz")
    assert loaded.predict(texts) == labels
    assert set(loaded.classes) == set(SENIORITY)
    probs = loaded.predict_proba([posting_text("Graduate Engineer", "new grads welcome")])[0]
    assert max(probs, key=probs.get) == "entry" and sum(probs.values()) == pytest.approx(1.0)


# ---- issue 22: titles that state the level, and the user's difficulty moved at most one step ----

@pytest.mark.parametrize("title,level", [
    ("10x: Principal Software Engineer", "senior"), ("Login.gov: Engineer GS15", "senior"),
    ("IT Specialist (INFOSEC), GS-14", "senior"), ("Staff Data Engineer", "senior"),
    ("Head of Design", "senior"), ("Lead Product Manager", "senior"), ("Data Analyst III", "senior"),
    ("Software Engineer II", "mid"), ("IT Specialist GS-13", "mid"),
    ("Summer Intern - Web Development", "entry"), ("Student Trainee (IT)", "entry"),
    ("Product Manager", None), ("Backend Engineer", None),
])
def test_title_states_the_level(title, level):
    from interview.routing.seniority import title_seniority

    assert title_seniority(title) == level


@pytest.mark.parametrize("title", ["10x: Principal Software Engineer", "Login.gov: Engineer GS15",
                                   "Staff Security Engineer", "Cybersecurity Specialist GS-14"])
@pytest.mark.parametrize("hardness", BANDS)
def test_principal_staff_and_gs14_never_map_to_easy(title, hardness):
    # The model is trained to call every posting 'entry'; the title rule must still win.
    model = SeniorityModel.fit([posting_text("Intern", "students"), posting_text("Junior dev", "new grads")],
                               ["entry", "none"], c=100.0)
    probs = model.predict_proba([posting_text(title, "Junior-friendly team, students welcome.")])[0]
    band = band_probs(hardness, probs)
    assert max(band, key=band.get) != "easy"


def test_the_committed_router_respects_the_title(monkeypatch):
    from interview.routing.router_model import load_trained_router

    best = (ROOT / "checkpoints" / "router" / "BEST").read_text().strip()
    router = load_trained_router(ROOT / "checkpoints" / "router" / best)
    for title in ("10x: Principal Software Engineer", "Login.gov: Engineer GS15"):
        route = router.route(title, "Build and run services for the public.", "medium")
        assert route.difficulty_band == "hard", title
