"""Sample answers are never a story from nothing: a STAR answer told with the user's own bullets
(cited), a licensed answer-bank entry with its source, or what a strong answer covers."""
import re

import pytest

import interview.coach as coach_mod
from interview.text import star
from interview.storage import store
from interview.coach import Coach, outline_answer
from interview.coaching.gate import Sources, check_text, unsupported_facts
from interview.coaching.sample import (first_person, pick_bullets, result_sentence, split_result,
                                       star_from_bullets, what_a_strong_answer_covers)
from interview.routing.route import Route
from interview.retrieval.evidence import EvidenceHit
from interview.session import InterviewSession, Turn
from training.generator.eval_utils import answer_problem

ANSWER = ("At my last company our checkout page was slow, so I profiled it, moved the heavy queries "
          "to a Redis cache and added an index, and we cut the p95 latency from 900 ms to 200 ms.")
BULLET = "Rebuilt the checkout caching layer in Redis, cutting p95 latency from 900 ms to 200 ms"

# Bullets in the shapes real resumes use: a verb and a result clause, a verb alone, "Responsible for",
# a noun phrase, a semicolon, a dash, present tense.
BULLETS = [
    BULLET,
    "Led the migration of 120 services to Kubernetes which cut deploy time from 40 to 6 minutes",
    "Responsible for the on-call rotation of a team of 8 engineers across two time zones",
    "Mentored 5 junior engineers; two were promoted within a year",
    "Designed and launched the onboarding redesign, increasing week-one retention 12%",
    "Product analytics dashboard in Looker adopted by 300 account managers",
    "Implemented OAuth2 login for the mobile app - improving sign-in success from 91% to 98%",
    "Manage a budget of $2.4M for cloud infrastructure and vendor contracts",
]


@pytest.mark.parametrize("bullet", BULLETS)
def test_a_story_from_any_bullet_adds_no_fact_and_cites_it(bullet):
    text = star_from_bullets([EvidenceHit(bullet, 0.6)])
    question = "Tell me about a time you had an impact beyond your own work."
    # The extractor the gate uses, against the bullet alone: every number, name and tool is the user's.
    assert unsupported_facts(text, Sources(question, "", "", [bullet])) == []
    assert check_text(text, Sources(question, "", "", [bullet]), "sample_answer") == []
    assert "[1]" in text and star.speaks_in_first_person(text)
    assert all(label in text for label in ("Situation:", "Task:", "Action:", "Result:"))
    assert set(star.quantities(bullet)) <= set(star.quantities(text)) | {"two"}   # the numbers are told


def test_the_bullets_words_are_kept_and_only_the_verb_form_changes():
    assert split_result(BULLET) == ("Rebuilt the checkout caching layer in Redis", "cutting p95 latency from 900 ms to 200 ms")
    assert first_person("Rebuilt the checkout caching layer") == "I rebuilt the checkout caching layer"
    assert first_person("Responsible for billing") == "I was responsible for billing"
    assert first_person("AWS cost review for 12 teams").startswith("I worked on this: AWS cost")
    assert result_sentence("reducing failed jobs by 80%") == "This reduced failed jobs by 80%"
    assert result_sentence("which cut deploy time from 40 to 6 minutes") == "This cut deploy time from 40 to 6 minutes"
    assert result_sentence("improving sign-in success from 91% to 98%").startswith("This improved sign-in")


# A result told after a semicolon, with its own subject, goes to the Result; a second step after a
# semicolon stays in the Action (issue 21: the incident-review bullet kept its result in the Action).
@pytest.mark.parametrize("bullet, action, result", [
    ("Wrote the incident review process after a 2-hour payment outage; repeat incidents fell by half",
     "I wrote the incident review process after a 2-hour payment outage [1].", "Repeat incidents fell by half [1]."),
    ("Mentored 5 junior engineers; two were promoted within a year",
     "I mentored 5 junior engineers [1].", "Two were promoted within a year [1]."),
    ("Led the on-call redesign; pages per week went from 40 to 9",
     "I led the on-call redesign [1].", "Pages per week went from 40 to 9 [1]."),
    ("Designed the schema; wrote the migration scripts for 40 tables",
     "I designed the schema; wrote the migration scripts for 40 tables [1].", None),
    ("Built the ETL pipeline; Airflow was the scheduler", "I built the ETL pipeline; Airflow was the scheduler [1].", None),
])
def test_a_result_after_a_semicolon_is_told_as_the_result(bullet, action, result):
    text = star_from_bullets([EvidenceHit(bullet, 0.6)])
    lines = dict(line.split(": ", 1) for line in text.splitlines())
    assert lines["Action"] == action
    if result:
        assert lines["Result"].startswith(result)
    else:
        assert lines["Result"].startswith("[what changed")
    sources = Sources("Tell me about a time you improved a process.", "", "", [bullet])
    assert unsupported_facts(text, sources) == [] and check_text(text, sources, "sample_answer") == []


def test_a_second_bullet_joins_only_when_it_retrieves_nearly_as_well():
    two = [EvidenceHit(BULLETS[0], 0.60), EvidenceHit(BULLETS[1], 0.58)]
    far = [EvidenceHit(BULLETS[0], 0.60), EvidenceHit(BULLETS[1], 0.30)]
    assert [n for n, _ in pick_bullets(two)] == [1, 2]
    assert [n for n, _ in pick_bullets(far)] == [1]
    text = star_from_bullets(two)
    assert "[1]" in text and "[2]" in text


def test_employer_and_role_from_the_resume_open_the_situation():
    text = star_from_bullets([EvidenceHit(BULLET, 0.5, "Shopwise", "Senior Engineer")])
    assert text.startswith("Situation: at Shopwise as Senior Engineer, [")


def _session_with_turn(question_type="behavioral", question="Tell me about a time you made something faster.",
                       evidence=None):
    evidence = (EvidenceHit(BULLET, 0.8),) if evidence is None else evidence
    s = InterviewSession(role="Backend Engineer", description="APIs", difficulty="medium", n_questions=1,
                         plan=[question_type], bullets=[e.bullet for e in evidence])
    store.save_session(s)
    turn = Turn(index=0, question=question, question_type=question_type, evidence=list(evidence))
    s.turns.append(turn)
    store.save_turn(s, turn)
    return s


def _coach():
    return Coach(generator=None, encoder=None, router=None, retriever_encoder=None)


def test_the_employer_from_the_resume_is_not_refused_as_invented():
    session = _session_with_turn(evidence=(EvidenceHit(BULLET, 0.8, "Shopwise", "Senior Engineer"),))
    text = _coach().sample_answer(session)
    assert text.startswith("Situation: at Shopwise as Senior Engineer")
    assert store.load_session(session.id, session.owner).turns[0].written_by["sample_answer"] == "resume"


def test_a_behavioural_sample_answer_tells_the_users_bullet_and_is_saved():
    session = _session_with_turn()
    text = _coach().sample_answer(session)
    saved = store.load_session(session.id, session.owner).turns[0]
    assert saved.sample_answer == text and saved.written_by["sample_answer"] == "resume"
    assert "I rebuilt the checkout caching layer in Redis [1]" in text
    assert "This cut p95 latency from 900 ms to 200 ms [1]" in text


def test_without_a_resume_the_sample_answer_is_an_outline_with_placeholders():
    session = _session_with_turn(evidence=())
    text = _coach().sample_answer(session)
    assert text.startswith(coach_mod.NO_RESUME_OUTLINE) and "[the metric]" in text
    assert store.load_session(session.id, session.owner).turns[0].written_by["sample_answer"] == "code"


def test_a_story_the_gate_refuses_is_replaced_by_the_outline(monkeypatch):
    monkeypatch.setattr(coach_mod, "star_from_bullets", lambda *a, **k: "At Google I rebuilt it in Redis [1].")
    session = _session_with_turn()
    text = _coach().sample_answer(session)
    assert text.startswith(coach_mod.STORY_FAILED_OUTLINE) and "Google" not in text
    drafts = store.load_session(session.id, session.owner).turns[0].drafts["sample_answer"]
    assert any("google" in p.lower() for p in drafts[0]["problems"])
    assert "Ground it in your own experience" in outline_answer("system_design", ["Built X"])


def test_a_technical_question_without_a_bank_answer_gets_what_a_strong_answer_covers(monkeypatch):
    monkeypatch.setattr(Coach, "answer_bank_lookup", lambda self, q, role_family=None: None)
    session = _session_with_turn("technical", "What is eventual consistency and when would you use it?")
    text = _coach().sample_answer(session)
    assert text == what_a_strong_answer_covers(session.turns[0].question, "technical")
    assert "trade-off" in text and "[1]" not in text and not re.search(r"\bI (built|led)\b", text)


def test_a_technical_question_with_a_close_bank_entry_shows_it_with_its_source(monkeypatch):
    from interview.retrieval.answer_bank import BankAnswer

    hit = BankAnswer(question="What is eventual consistency?", answer="Eventual consistency means replicas agree "
                     "once writes stop.", role_family="software_engineering", question_type="technical",
                     source_repo="owner/bank", commit="abc", path="README.md", licence="MIT",
                     attribution="Copyright (c) Someone, MIT, https://github.com/owner/bank", url="https://x", score=0.91)
    asked = []
    monkeypatch.setattr(Coach, "answer_bank_lookup", lambda self, q, role_family=None: asked.append(role_family) or hit)
    session = _session_with_turn("technical", "Explain eventual consistency.")
    session.route = Route("software_engineering", ["technical"], "medium")
    text = _coach().sample_answer(session)
    saved = store.load_session(session.id, session.owner).turns[0]
    assert text == hit.answer and saved.written_by["sample_answer"] == "bank"
    assert saved.drafts["sample_answer"][0]["licence"] == "MIT" and saved.drafts["sample_answer"][0]["source_repo"] == "owner/bank"
    assert asked == ["software_engineering"]   # an entry of the user's role family is preferred


def test_the_model_is_never_asked_to_write_a_sample_answer(monkeypatch):
    monkeypatch.setattr("interview.generation.generator.complete", lambda *a, **k: pytest.fail("no model call"))
    for qtype in ("behavioral", "coding"):
        monkeypatch.setattr(Coach, "answer_bank_lookup", lambda self, q, role_family=None: None)
        _coach().sample_answer(_session_with_turn(qtype, "Reverse a linked list."))


# The generator is still trained and evaluated on sample answers (training/generator/eval_utils.py).
@pytest.mark.parametrize("text, problem", [
    (ANSWER, None),
    ("Tell me about a time you made a slow page faster and what you measured before and after the change?",
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
     "and adding an index on orders.", True),
    ("Mine was a hard quarter: the team rewrote the checkout page, cached the heavy queries in Redis and "
     "cut the p95 latency from 900 ms to 200 ms.", False),
])
def test_evaluation_checks_share_the_first_person_rule(text, first_person):
    from training.generator.errors import format_problem

    assert (answer_problem(text) != "not_first_person") is first_person
    assert (format_problem(text, "sample_answer") != "not_first_person") is first_person
