"""Hosted mode: concurrent visitors against one server process never see each other's data."""
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
ROLES = ["Backend Engineer", "Data Scientist", "Frontend Engineer", "Security Engineer", "Product Manager"]


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _visit(role: str, results: dict, errors: list):
    """One visitor: a 1-question interview, then their History page."""
    try:
        at = AppTest.from_file(APP, default_timeout=600).run()
        at.text_input(key="setup_role").input(role)
        at.text_area(key="setup_description").input(f"We are hiring a {role} to join our team.")
        at.number_input(key="setup_n").set_value(1)
        _button(at, "Start interview").click().run()
        session = at.session_state["interview"]
        at.text_area(key=f"answer_{session.current.id}").input(
            f"As a {role} I led a project that cut costs by 20% in six months by automating reports.")
        _button(at, "Submit answer").click().run()
        at.run()  # feedback streamed
        _button(at, "Finish and see the report").click().run()
        at.switch_page("pages/history.py").run()
        shown = " ".join(e.label for e in at.expander)
        results[role] = {"session": at.session_state["interview"], "history": shown, "exception": at.exception}
    except Exception as exc:  # noqa: BLE001 - reported by the test thread
        errors.append((role, exc))


def test_history_page_in_hosted_mode_shows_the_notice(monkeypatch):
    monkeypatch.setenv("INTERVIEW_HOSTED", "1")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert any("Demo mode" in i.value for i in at.sidebar.info)


@pytest.mark.slow
def test_five_concurrent_visitors_are_isolated(monkeypatch):
    monkeypatch.setenv("INTERVIEW_HOSTED", "1")
    AppTest.from_file(APP, default_timeout=30).run()  # import pages once before the threads start
    results, errors = {}, []
    threads = [threading.Thread(target=_visit, args=(r, results, errors)) for r in ROLES]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    assert not errors, errors
    assert set(results) == set(ROLES)
    owners = {r["session"].owner for r in results.values()}
    assert len(owners) == 5  # one owner id per visitor
    for role, r in results.items():
        assert not r["exception"], r["exception"]
        s = r["session"]
        assert s.role == role and len(s.turns) == 1 and s.turns[0].feedback
        assert role in r["history"]
        others = [o for o in ROLES if o != role]
        assert not any(o in r["history"] for o in others), (role, r["history"])
    questions = [r["session"].turns[0].question for r in results.values()]
    answers = [r["session"].turns[0].answer for r in results.values()]
    assert len(set(answers)) == 5 and all(q for q in questions)
