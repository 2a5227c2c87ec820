"""History: per-dimension trends, weakest questions, the review session, and the History page."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from interview.storage import history, store
from interview.coaching.scoring import Dimension, Rubric
from interview.session import InterviewSession, Turn

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


def _rubric(overall: float, **dims) -> Rubric:
    return Rubric([Dimension(n, s, f"{n} reason") for n, s in dims.items()], overall)


def _session(role="Backend Engineer", owner="local", created_at=1000.0, turns=(), bullets=()) -> InterviewSession:
    s = InterviewSession(role=role, description=f"{role} job", difficulty="medium", n_questions=len(turns) or 1,
                         plan=["behavioral"] * (len(turns) or 1), owner=owner, created_at=created_at,
                         bullets=list(bullets))
    store.save_session(s)
    for t in turns:
        s.turns.append(t)
        store.save_turn(s, t)
    return s


def _turn(i, question, overall=None, qtype="behavioral", created_at=0.0, follow_up=False, attempt=1, **dims):
    return Turn(index=i, question=question, question_type=qtype, answer="an answer" if overall is not None else "",
                rubric=_rubric(overall, **dims) if overall is not None else None, created_at=created_at,
                is_follow_up=follow_up, attempt=attempt)


def _two_sessions():
    old = _session(created_at=1000.0, turns=[
        _turn(0, "Tell me about a conflict.", 40, relevance=2, specificity=1, structure=2, length=3),
        _turn(1, "Design a cache.", 60, "system_design", relevance=4, specificity=3, structure=3, length=3,
              technical_depth=2),
    ])
    new = _session(created_at=2000.0, turns=[
        _turn(0, "Tell me about a failure.", 80, relevance=5, specificity=4, structure=4, length=4, delivery=3),
        _turn(1, "Why this company?"),  # asked, not answered: no score
    ])
    return old, new


# ----------------------------------------------------------------------------- pure functions

def test_dimension_trends_average_each_dimension_per_session_oldest_first():
    old, new = _two_sessions()
    rows = history.dimension_trends([new, old])  # the store lists newest first
    assert [r["session"] for r in rows] == [1, 2]
    first, second = rows
    # hand-worked: relevance (2 + 4) / 2 = 3, specificity (1 + 3) / 2 = 2, technical depth only in one answer
    assert first["overall"] == 50.0 and first["relevance"] == 3.0 and first["specificity"] == 2.0
    assert first["technical_depth"] == 2.0 and first["delivery"] is None and first["evidence"] is None
    # the unanswered turn does not drag the average down
    assert second["overall"] == 80.0 and second["relevance"] == 5.0 and second["delivery"] == 3.0
    assert history.present_dimensions(rows) == ["relevance", "specificity", "structure", "length",
                                                "technical_depth", "delivery"]


def test_dimension_trends_skip_sessions_without_scores():
    s = _session(turns=[_turn(0, "Q?")])
    assert history.dimension_trends([s]) == []


def test_weakest_questions_use_the_latest_attempt_and_skip_follow_ups():
    s = _session(turns=[
        _turn(0, "Tell me about a conflict.", 20, created_at=1, relevance=1, specificity=0),
        _turn(0, "Tell me about a conflict.", 90, created_at=2, attempt=2, relevance=5, specificity=4),  # retried well
        _turn(1, "Design a cache.", 30, "system_design", created_at=3, relevance=2, specificity=1),
        _turn(1, "Can you put a number on it?", 5, created_at=4, follow_up=True, relevance=0),
        _turn(2, "Why  this   company?", 50, created_at=5, relevance=3, specificity=2),
        _turn(3, "why this company?", 45, created_at=6, relevance=3, specificity=1),  # same question, later
    ])
    weak = history.weakest_questions([s], n=2)
    assert [w.question for w in weak] == ["Design a cache.", "why this company?"]
    assert [w.score for w in weak] == [30.0, 45.0]
    assert weak[0].weakest == "specificity" and weak[0].question_type == "system_design"
    # the conflict, retried at 90, is a strong answer now: not listed however many are asked for
    assert [w.question for w in history.weakest_questions([s], n=10)] == ["Design a cache.", "why this company?"]


def test_weakest_part_of_a_technical_answer_is_never_the_unused_resume():
    """History read "weakest part: evidence" under technical questions, which do not ask about the resume."""
    s = _session(turns=[
        _turn(0, "Design a cache.", 40, "system_design", relevance=4, specificity=1, structure=3, evidence=0),
        _turn(1, "Tell me about a conflict.", 45, relevance=4, specificity=2, structure=3, evidence=0),
    ])
    weak = {w.question: w.weakest for w in history.weakest_questions([s], n=2)}
    assert weak == {"Design a cache.": "specificity", "Tell me about a conflict.": "evidence"}


def test_start_review_asks_the_weak_questions_verbatim_and_is_saved():
    old, new = _two_sessions()
    weak = history.weakest_questions([new, old], n=2)
    review = history.start_review(weak, [new, old], owner="local")
    assert review.preset == [w.question for w in weak] == ["Tell me about a conflict.", "Design a cache."]
    assert review.plan == ["behavioral", "system_design"] and review.n_questions == 2
    assert review.role == "Backend Engineer (review)" and review.description == "Backend Engineer job"
    assert review.current.question == "Tell me about a conflict." and not review.current.answered
    loaded = store.load_session(review.id, None)
    assert loaded.preset == review.preset and [t.question for t in loaded.turns] == ["Tell me about a conflict."]
    with pytest.raises(ValueError, match="no scored answers"):
        history.start_review([], [])


@pytest.mark.slow
def test_review_session_runs_through_the_coach_with_the_real_encoder(encoder):
    """The coach asks the preset questions (no generator needed) and scores them for real."""
    from interview.coach import Coach

    src = _session(bullets=["Cut Redis cache misses by 40% by batching PostgreSQL reads"], turns=[
        _turn(0, "Tell me about a time you improved performance.", 20, relevance=1),
        _turn(1, "How would you design a cache for a read-heavy API?", 35, "system_design", relevance=2)])
    weak = history.weakest_questions([src], n=2)
    review = history.start_review(weak, [src])
    coach = Coach(generator=None, encoder=encoder, router=None, retriever_encoder=encoder)
    coach.score(review, "At my last job the API was slow. I profiled it, batched the PostgreSQL reads and "
                        "added a Redis cache, which cut p95 latency from 900 ms to 200 ms for 2 million users.")
    assert review.current.overall > weak[0].score + 20  # a real answer beats the stored weak one
    assert review.current.evidence and "Redis" in review.current.evidence[0].bullet
    second = coach.next_question(review)
    assert second.question == "How would you design a cache for a read-heavy API?"
    assert second.question_type == "system_design" and not review.has_next


# ----------------------------------------------------------------------------- the page

def test_history_page_without_sessions_says_so():
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/history.py").run()
    assert not at.exception
    assert any("No saved interviews" in i.value for i in at.info)


def test_history_page_shows_trends_weakest_questions_and_sessions():
    _two_sessions()
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/history.py").run()
    assert not at.exception, at.exception
    assert [h.value for h in at.subheader] == ["Progress", "Your weakest questions", "Interviews"]
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # overall, and the rubric dimensions
    assert "technical depth" in str(charts[1].proto) and "delivery" in str(charts[1].proto)
    assert len(at.expander) == 2 and all("Backend Engineer" in e.label for e in at.expander)
    shown = " ".join(m.value for m in at.markdown)
    assert "Tell me about a conflict" in shown and "Design a cache" in shown
    assert any(b.label == "Practise my weakest questions again" for b in at.button)


def test_a_dimension_only_one_session_measured_is_still_drawn():
    """The browser walkthrough's History chart was empty: st.line_chart draws no mark for a lone value."""
    from interview.ui_render import dimension_trend_chart

    rows = [{"session": 1, "relevance": 3.0, "delivery": None}, {"session": 2, "relevance": 4.0, "delivery": 4.0}]
    spec = dimension_trend_chart(rows, ["relevance", "delivery"]).to_dict()
    data = next(iter(spec["datasets"].values()))
    assert {(d["session"], d["dimension"]) for d in data} == {(1, "relevance"), (2, "relevance"), (2, "delivery")}
    assert spec["mark"]["point"] is True                    # a lone value is a visible point
    assert spec["encoding"]["x"]["scale"]["domain"] == [1, 2]   # every session on the axis


def test_delete_my_data_asks_first_and_the_message_survives_the_rerun():
    _two_sessions()
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/history.py").run()
    next(b for b in at.button if b.label == "Delete my data").click().run()
    assert any("cannot be undone" in w.value for w in at.warning)
    assert len(store.list_sessions(None)) == 2  # nothing deleted yet
    next(b for b in at.button if b.label == "Cancel").click().run()
    assert not at.warning and len(store.list_sessions(None)) == 2

    next(b for b in at.button if b.label == "Delete my data").click().run()
    next(b for b in at.button if b.label == "Yes, delete everything").click().run()
    assert not at.exception, at.exception
    assert store.list_sessions(None) == []
    assert any("Deleted 2 interview(s)" in s.value for s in at.success)  # shown after st.rerun
    assert any("No saved interviews" in i.value for i in at.info)
    at.run()
    assert not at.success  # a one-time message


def test_hosted_history_shows_and_deletes_only_the_visitors_own_sessions(monkeypatch):
    monkeypatch.setenv("INTERVIEW_HOSTED", "1")
    _session(role="Alice Role", owner="alice", turns=[_turn(0, "Alice question?", 50, relevance=3)])
    _session(role="Bob Role", owner="bob", turns=[_turn(0, "Bob question?", 10, relevance=0)])
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["owner_id"] = "alice"
    at.run()
    at.switch_page("pages/history.py").run()
    assert not at.exception, at.exception
    assert [e.label for e in at.expander] == ["Alice Role · medium · 1/1 questions · 50/100"]
    shown = " ".join(m.value for m in at.markdown)
    assert "Alice question" in shown and "Bob" not in shown  # Bob's weaker question is not offered
    next(b for b in at.button if b.label == "Delete my data").click().run()
    next(b for b in at.button if b.label == "Yes, delete everything").click().run()
    assert any("Deleted 1 interview(s)" in s.value for s in at.success)
    assert [s.role for s in store.list_sessions(None)] == ["Bob Role"]


@pytest.mark.slow
def test_practise_weakest_button_opens_practice_with_the_weakest_question():
    _two_sessions()
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.switch_page("pages/history.py").run()
    next(b for b in at.button if b.label == "Practise my weakest questions again").click().run()
    assert not at.exception, at.exception
    session = at.session_state["interview"]
    # the failure story (80/100) is a strong answer, not a question to practise again
    assert session.preset == ["Tell me about a conflict.", "Design a cache."]
    assert any(h.value.startswith("Question 1 of 2") for h in at.subheader)  # the practice page
    assert "Tell me about a conflict" in " ".join(m.value for m in at.markdown)


@pytest.mark.slow
def test_an_answer_to_a_follow_up_is_judged_with_the_question_it_follows_up(encoder):
    """Browser walkthrough: a concrete example given to "Can you give a concrete example from your own
    work?" scored 0/100 as off topic, judged against the follow-up's words alone."""
    from interview.coach import Coach
    from interview.session import Turn

    session = _session(turns=[_turn(0, "How does a CDN speed up a website?", 55, "technical", relevance=4)])
    coach = Coach(generator=None, encoder=encoder, router=None, retriever_encoder=encoder)
    session.turns.append(Turn(index=0, question="Can you give a concrete example from your own work?",
                              question_type="technical", is_follow_up=True))
    example = ("At my last job our product images were served from one origin server in Virginia, so users in "
               "Australia waited about three seconds. I put CloudFront in front of it with a one-day cache on the "
               "images, and page load for those users fell to under one second.")
    turn = coach.score(session, example)
    assert "CDN" in turn.assessment.question and "off_topic" not in turn.rubric.flags
    assert turn.rubric.get("relevance").score >= 2 and turn.rubric.overall >= 50
    # an answer about something else is still off topic
    session.turns.append(Turn(index=0, question="Can you give a concrete example from your own work?",
                              question_type="technical", is_follow_up=True))
    other = coach.score(session, "I mentor two junior engineers every week, and we read a design document together "
                                 "before each sprint so they learn how to write one themselves.")
    assert "off_topic" in other.rubric.flags and other.rubric.overall < 30
