"""SQLite history: every turn persisted, owners isolated, deletion complete."""
import subprocess
import sys
import textwrap

from interview import store
from interview.session import InterviewSession, Turn


def _session(owner="local", n=2):
    s = InterviewSession(role="Data Engineer", description="Spark", difficulty="medium", n_questions=n,
                         plan=["behavioral"] * n, owner=owner)
    store.save_session(s)
    return s


def test_turn_updates_are_saved_in_place():
    s = _session()
    t = Turn(index=0, question="Tell me about a pipeline you built.", question_type="behavioral")
    s.turns.append(t)
    store.save_turn(s, t)
    t.answer = "I built one."
    store.save_turn(s, t)
    loaded = store.load_session(s.id, None)
    assert loaded.turns[0].answer == "I built one." and len(loaded.turns) == 1


def test_owners_do_not_see_each_other():
    a, b = _session("alice"), _session("bob")
    assert [s.id for s in store.list_sessions("alice")] == [a.id]
    assert store.load_session(b.id, "alice") is None
    assert {s.id for s in store.list_sessions(None)} == {a.id, b.id}
    assert store.delete_owner_data("alice") == 1
    assert store.list_sessions("alice") == [] and store.load_session(b.id, "bob") is not None


def test_saved_answer_survives_a_killed_process(tmp_path, monkeypatch):
    """A process that saves a turn and is then killed -9 loses nothing."""
    monkeypatch.setenv("INTERVIEW_DATA_DIR", str(tmp_path / "d"))
    code = textwrap.dedent("""
        import os, signal
        from interview import store
        from interview.session import InterviewSession, Turn
        s = InterviewSession(role="R", description="", difficulty="easy", n_questions=1, plan=["behavioral"], id="s1")
        store.save_session(s)
        t = Turn(index=0, question="Q?", question_type="behavioral", answer="my saved answer")
        s.turns.append(t); store.save_turn(s, t)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == -9
    loaded = store.load_session("s1", None)
    assert loaded.turns[0].answer == "my saved answer"
