"""Sample answers: drafts that are not answers are resampled, and the last resort is an outline that
says what it is (the tuned generator sometimes writes a question instead of an answer)."""
import pytest

import interview.coach as coach_mod
from interview import store
from interview.coach import Coach, answer_problem, outline_answer
from interview.session import InterviewSession, Turn

ANSWER = ("At my last company our checkout page was slow, so I profiled it, moved the heavy queries "
          "to a Redis cache and added an index, and we cut the p95 latency from 900 ms to 200 ms.")


@pytest.mark.parametrize("text, problem", [
    (ANSWER, None),
    ("Tell me about a time you made a slow page faster and what you measured before and after the change?",
     "a_question"),
    ("Describe a situation where you had to balance speed and quality on a team project with a hard deadline "
     "from sales.",
     "a_question"),
    ("Good answer.", "too_short"),
    ("The checkout page was slow, the queries were moved to a cache, an index was added and the latency "
     "dropped from 900 ms to 200 ms after the release in March.", "not_first_person"),
])
def test_answer_problem(text, problem):
    assert answer_problem(text) == problem


@pytest.mark.parametrize("text, first_person", [
    (ANSWER, True),
    ("We cut the p95 latency of the checkout page from 900 ms to 200 ms by caching the heavy queries in Redis "
     "and adding an index on orders.", True),   # a capitalised "We" opening the answer
    ("The checkout page was slow, the queries were moved to a cache, an index was added and the latency "
     "dropped from 900 ms to 200 ms after the release in March.", False),
    ("Mine was a hard quarter: the team rewrote the checkout page, cached the heavy queries in Redis and "
     "cut the p95 latency from 900 ms to 200 ms.", False),  # "mine"/"team" are not the first-person words
])
def test_app_and_evaluation_share_the_first_person_rule(text, first_person):
    from training.generator_errors import format_problem

    assert (answer_problem(text) != "not_first_person") is first_person
    assert (format_problem(text, "sample_answer") != "not_first_person") is first_person


def _session_with_turn():
    s = InterviewSession(role="Backend Engineer", description="APIs", difficulty="medium", n_questions=1,
                         plan=["behavioral"])
    store.save_session(s)
    turn = Turn(index=0, question="Tell me about a time you made something faster.", question_type="behavioral",
                evidence=[{"bullet": "Cut checkout p95 latency from 900 ms to 200 ms with Redis", "score": 0.8}])
    s.turns.append(turn)
    store.save_turn(s, turn)
    return s


def test_a_question_back_is_resampled(monkeypatch):
    drafts = iter(["Tell me about a time you improved the performance of a service under heavy load?", ANSWER])
    calls = []
    monkeypatch.setattr(coach_mod, "complete", lambda gen, msgs, **kw: calls.append(kw) or next(drafts))
    session = _session_with_turn()
    text = Coach(generator=None, encoder=None, router=None, retriever_encoder=None).sample_answer(session)
    assert text == ANSWER and len(calls) == 2
    assert calls[0]["seed"] != calls[1]["seed"]                     # a new draft, not the same one again
    assert store.load_session(session.id, session.owner).turns[0].sample_answer == ANSWER  # saved with the turn


def test_when_every_draft_fails_the_user_gets_an_outline_from_their_bullets(monkeypatch):
    monkeypatch.setattr(coach_mod, "complete", lambda gen, msgs, **kw: "What would you do differently next time?")
    session = _session_with_turn()
    text = Coach(generator=None, encoder=None, router=None, retriever_encoder=None).sample_answer(session)
    assert text.startswith(coach_mod.MODEL_FAILED_OUTLINE)
    assert "Cut checkout p95 latency" in text and "Result:" in text
    assert "Ground it in your own experience" in outline_answer("system_design", ["Built X"])
    assert store.load_session(session.id, session.owner).turns[0].written_by["sample_answer"] == "code"


def test_a_draft_that_tells_none_of_the_bullets_is_not_shown(monkeypatch):
    # what the app showed once: first person, no invented fact, and no answer at all
    draft = ("Two things that would make this stronger. First, define what you want to achieve with my training. "
             "Second, outline the major points I can help with, so we can start small today.")
    monkeypatch.setattr(coach_mod, "complete", lambda gen, msgs, **kw: draft)
    session = _session_with_turn()
    text = Coach(generator=None, encoder=None, router=None, retriever_encoder=None).sample_answer(session)
    assert text.startswith(coach_mod.MODEL_FAILED_OUTLINE)
    problems = store.load_session(session.id, session.owner).turns[0].drafts["sample_answer"][0]["problems"]
    assert "tells none of the user's bullets" in problems


def test_a_draft_with_facts_outside_the_resume_is_not_shown(monkeypatch):
    invented = ("At Google I led a team of 12 engineers and we cut the p95 latency from 900 ms to 200 ms, "
                "which I measured in Datadog over four weeks.")
    monkeypatch.setattr(coach_mod, "complete", lambda gen, msgs, **kw: invented)
    session = _session_with_turn()
    text = Coach(generator=None, encoder=None, router=None, retriever_encoder=None).sample_answer(session)
    assert text.startswith(coach_mod.MODEL_FAILED_OUTLINE) and "Google" not in text
    drafts = store.load_session(session.id, session.owner).turns[0].drafts["sample_answer"]
    assert len(drafts) == 3 and any("google" in p.lower() for p in drafts[0]["problems"])


def test_without_a_resume_the_sample_answer_is_an_outline_with_placeholders(monkeypatch):
    monkeypatch.setattr(coach_mod, "complete", lambda gen, msgs, **kw: pytest.fail("no model call without a resume"))
    session = _session_with_turn()
    session.turns[0].evidence = []
    text = Coach(generator=None, encoder=None, router=None, retriever_encoder=None).sample_answer(session)
    assert text.startswith(coach_mod.NO_RESUME_OUTLINE) and "[the metric]" in text
