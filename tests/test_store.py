"""SQLite history: every turn persisted, owners isolated, deletion complete."""
import subprocess
import sys
import textwrap

from interview.storage import store
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
        from interview.storage import store
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


# A session row and a turn row exactly as the app wrote them before turns were typed (issue 24): the turn's
# rubric, transcript, evidence and assessment and the session's route were plain dicts in the JSON.
_OLD_SESSION_ROW = {
    "role": "Backend Engineer", "description": "Go services on AWS", "difficulty": "hard", "n_questions": 2,
    "bullets": ["Cut p99 latency of the checkout API from 900 ms to 200 ms with a Redis cache"],
    "bullet_context": {"Cut p99 latency of the checkout API from 900 ms to 200 ms with a Redis cache":
                       {"employer": "Shopwise", "role": "Senior Engineer", "dates": "2021-2023", "section": "experience"}},
    "route": {"role_family": "software_engineering", "interview_types": ["behavioral", "technical"],
              "difficulty_band": "hard", "scores": {"role_family": {"software_engineering": 0.9}},
              "warnings": ["No job description given: the route is based on the job title alone."],
              "source": "minilm-lora", "detected": {"role_family": "design", "difficulty_band": "medium",
                                                    "interview_types": ["behavioral"]},
              "posting": {"skills": ["Go", "AWS"], "duties": ["run services"]}},
    "plan": ["behavioral", "technical"], "preset": [], "owner": "local", "id": "s-old", "created_at": 1700000000.0,
    "finished": False,
}
_OLD_RUBRIC = {"dimensions": [{"name": "relevance", "score": 4, "reason": "On topic."},
                              {"name": "specificity", "score": 3, "reason": "2 numbers."},
                              {"name": "structure", "score": 4, "reason": "STAR parts found."},
                              {"name": "length", "score": 5, "reason": "Good length: 130 words."},
                              {"name": "delivery", "score": 4, "reason": "140 words/min (good pace); 1.0 fillers/min; 0 long pauses."}],
               "overall": 72.5, "missing": ["task"], "flags": [],
               "summary": "relevance 4/5; specificity 3/5; structure 4/5; length 5/5; missing: task"}
_OLD_TURN_ROW = {
    "index": 0, "question": "Tell me about a time you made an API faster.", "question_type": "behavioral",
    "attempt": 1, "is_follow_up": False, "answer": "At Shopwise the checkout API was slow...",
    "transcript": {"text": "At Shopwise the checkout API was slow", "duration_s": 45.0,
                   "words": [{"text": "At", "start": 0.0, "end": 0.2, "probability": 0.98}],
                   "words_per_minute": 140.2, "filler_count": 1, "fillers": {"um": 1}, "long_pauses": [[12.0, 2.5]],
                   "speaking_time_s": 40.0, "truncated": False},   # stored before transcripts carried warnings
    "rubric": _OLD_RUBRIC, "feedback": "You named the cache.", "sample_answer": "", "follow_up": "How did you measure it?",
    "evidence": [{"bullet": "Cut p99 latency of the checkout API from 900 ms to 200 ms with a Redis cache", "score": 0.71,
                  "employer": "Shopwise", "role": "Senior Engineer"},
                 {"bullet": "Ran the on-call rota", "score": 0.3}],    # stored before employer/role existed
    "assessment": {"question": "Tell me about a time you made an API faster.", "question_type": "behavioral",
                   "role_family": "software_engineering", "answer": "At Shopwise the checkout API was slow...",
                   "rubric": {k: v for k, v in _OLD_RUBRIC.items() if k != "summary"},
                   "criteria": {"situation": True}, "strengths": [{"quote": "checkout API was slow", "shows": "a situation"}],
                   "gaps": [{"name": "task", "advice": "Say what you were responsible for."}],
                   "claims": [], "bullets": [], "hint": ""},
    "written_by": {"feedback": "model"}, "drafts": {"feedback": [{"text": "You named the cache.", "problems": []}]},
    "id": "t-old", "created_at": 1700000001.0,
}


def test_a_database_written_before_turns_were_typed_still_opens():
    import json

    from interview.report import to_html, to_markdown
    from interview.coaching.scoring import Rubric
    from interview.retrieval.evidence import EvidenceHit
    from interview.speech.transcript import Transcript

    with store.connect() as con:
        con.execute("INSERT INTO sessions(id, owner, created_at, finished, data) VALUES (?,?,?,?,?)",
                    ("s-old", "local", 1700000000.0, 0, json.dumps(_OLD_SESSION_ROW)))
        con.execute("INSERT INTO turns(id, session_id, owner, position, created_at, data) VALUES (?,?,?,?,?,?)",
                    ("t-old", "s-old", "local", 0, 1700000001.0, json.dumps(_OLD_TURN_ROW)))
    s = store.load_session("s-old", None)
    assert s.route.role_family == "software_engineering" and s.route.warnings and s.role_family == s.route.role_family
    assert s.detected.role_family == "design" and s.posting.skills == ["Go", "AWS"]
    t = s.turns[0]
    assert isinstance(t.rubric, Rubric) and t.overall == 72.5 and t.rubric.get("delivery").score == 4
    assert t.rubric.missing == ["task"] and t.rubric.summary() == _OLD_RUBRIC["summary"]
    assert isinstance(t.transcript, Transcript) and t.transcript.long_pauses == [(12.0, 2.5)] and t.transcript.warnings == []
    assert t.evidence == [EvidenceHit(_OLD_TURN_ROW["evidence"][0]["bullet"], 0.71, "Shopwise", "Senior Engineer"),
                          EvidenceHit("Ran the on-call rota", 0.3)]
    assert t.assessment.rubric.overall == 72.5 and t.assessment.gaps[0].name == "task"
    # the report renders it, and saving it again writes the same JSON back (the stored shape is unchanged)
    assert "Pace: 140 words per minute" in to_markdown(s) and "Ran the on-call rota" in to_html(s)
    assert s.to_dict()["route"] == _OLD_SESSION_ROW["route"]
    again = t.to_dict()
    assert again["rubric"] == _OLD_RUBRIC and again["evidence"][0] == _OLD_TURN_ROW["evidence"][0]
    assert again["transcript"] == {**_OLD_TURN_ROW["transcript"], "warnings": []}
    store.save_session(s)
    store.save_turn(s, t)
    assert store.load_session("s-old", None) == s


def test_a_session_without_a_route_or_scores_round_trips():
    s = _session()
    t = Turn(index=0, question="Why?", question_type="behavioral")
    s.turns.append(t)
    store.save_turn(s, t)
    loaded = store.load_session(s.id, None)
    assert loaded == s and loaded.route is None and loaded.role_family == "" and loaded.turns[0].rubric is None
