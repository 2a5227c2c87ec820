"""The command line contract of DESIGN.md §5: JSON on stdout; bad input → one line on stderr, exit 2."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from interview.cli import main

ROOT = Path(__file__).resolve().parent.parent
RESUME = ("Experience\n"
          "- Cut p95 checkout latency from 480 ms to 190 ms by moving session state to Redis\n"
          "- Led migration of 40 cron jobs to Airflow, cutting failed nightly runs by 85%\n"
          "- Mentored 3 junior engineers through their first on-call rotations\n")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def resume(tmp_path):
    p = tmp_path / "resume.txt"
    p.write_text(RESUME)
    return str(p)


@pytest.mark.parametrize("argv,needle", [
    (["parse-resume", "/no/such/file.pdf"], "not found"),
    (["questions", "--role", "Dev", "--description", " ", "--difficulty", "easy", "-n", "2"], "description"),
    (["questions", "--role", "Dev", "--description", "APIs", "--difficulty", "easy", "-n", "0"], "between 1 and 15"),
    (["questions", "--role", "Dev", "--description", "APIs", "--difficulty", "easy", "-n", "100"], "between 1 and 15"),
    (["route", "--role", "Dev", "--description", "x", "--difficulty", "extreme"], "invalid choice"),
    (["feedback", "--question", "Why?", "--answer", "  "], "answer is empty"),
    (["classify-question"], "Give a question"),
])
def test_bad_input_exits_2_with_one_line(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2 or code is None
    assert out == ""
    assert needle in err and len(err.strip().splitlines()) == 1


def test_argparse_errors_are_one_line_too():
    proc = subprocess.run([sys.executable, "-m", "interview", "route", "--role", "x"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_non_pdf_renamed_pdf_exits_2(capsys, tmp_path):
    bad = tmp_path / "resume.pdf"
    bad.write_text("this is not a pdf at all")
    code, out, err = run(capsys, "parse-resume", str(bad))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_parse_resume_prints_bullets(capsys, resume):
    code, out, _ = run(capsys, "parse-resume", resume)
    data = json.loads(out)
    assert code == 0 and len(data["bullets"]) == 3 and "warnings" in data and "sections" in data


@pytest.mark.slow
def test_route_and_classify(capsys):
    code, out, _ = run(capsys, "route", "--role", "Frontend Engineer", "--description",
                       "React, TypeScript and CSS for our web app", "--difficulty", "easy")
    r = json.loads(out)
    assert code == 0 and r["role_family"] == "frontend"
    assert set(r) >= {"role_family", "interview_types", "difficulty_band", "scores"}
    code, out, _ = run(capsys, "classify-question", "Tell me about a time you had a conflict with your manager.")
    assert code == 0 and json.loads(out)["type"] == "behavioral"


@pytest.mark.slow
def test_classify_question_file_gives_a_list(capsys, tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("Design a URL shortener.\n\nWrite a function to reverse a linked list.\n")
    code, out, _ = run(capsys, "classify-question", "--file", str(f))
    data = json.loads(out)
    assert code == 0 and isinstance(data, list) and len(data) == 2


@pytest.mark.slow
def test_retrieve_ranks_the_matching_bullet_first(capsys, resume):
    code, out, _ = run(capsys, "retrieve", "--resume", resume, "--query", "How did you make the API faster?", "-k", "2")
    hits = json.loads(out)["hits"]
    assert code == 0 and len(hits) == 2 and "latency" in hits[0]["bullet"]
    assert hits[0]["score"] >= hits[1]["score"]


@pytest.mark.slow
def test_questions_and_feedback(capsys, resume):
    code, out, _ = run(capsys, "questions", "--role", "Data Engineer", "--description", "Airflow and Spark on AWS",
                       "--difficulty", "medium", "-n", "2", "--seed", "3", "--resume", resume)
    data = json.loads(out)
    assert code == 0 and len(data["questions"]) == 2
    assert len({q["text"] for q in data["questions"]}) == 2 and data["route"]["role_family"]
    code, out, _ = run(capsys, "feedback", "--question", data["questions"][0]["text"], "--answer",
                       "I migrated 40 cron jobs to Airflow and cut failed nightly runs by 85% in two months.",
                       "--resume", resume, "--role", "Data Engineer")
    fb = json.loads(out)
    assert code == 0 and set(fb) >= {"scores", "overall", "feedback", "sample_answer", "evidence", "follow_up"}
    assert 0 <= fb["overall"] <= 100 and fb["feedback"] and 1 <= len(fb["evidence"]) <= 3
    # after the first, bullets are listed by match, from coach.EVIDENCE_FLOOR up
    rest = [e["score"] for e in fb["evidence"][1:]]
    assert rest == sorted(rest, reverse=True) and all(s >= 0.10 for s in rest)
    # the evidence follows the answer: the Airflow bullet it talks about ranks first
    assert "Airflow" in fb["evidence"][0]["bullet"]
    assert set(fb["written_by"].values()) <= {"model", "code", "resume", "bank"} and fb["findings"]["claims"]


@pytest.mark.slow
def test_feedback_batch_scores_every_line_and_writes_no_history(capsys, tmp_path, resume, monkeypatch):
    from interview.storage import store

    monkeypatch.setenv("INTERVIEW_DATA_DIR", str(tmp_path / "data"))
    f = tmp_path / "answers.jsonl"
    rows = [{"question": "Tell me about a time you fixed a slow page.", "resume": resume,
             "answer": "I moved session state to Redis and cut p95 checkout latency from 480 ms to 190 ms in a week."},
            {"question": "What is a race condition?", "answer": "asdf qwer zxcv"}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code, out, _ = run(capsys, "feedback", "--file", str(f))
    data = json.loads(out)
    assert code == 0 and [d["input"]["question"] for d in data] == [r["question"] for r in rows]
    assert data[0]["overall"] > data[1]["overall"] and "gibberish" in data[1]["flags"]
    assert data[1]["written_by"]["feedback"] == "code" and data[1]["follow_up"] == ""
    assert store.list_sessions(None) == []     # batch scoring is not practice: nothing in the history


@pytest.mark.parametrize("content, message", [
    ('{"question": "Why?"}\n', 'non-empty "question" and "answer"'),
    ("not json\n", "is not JSON"),
    ("", "has no answers"),
])
def test_feedback_batch_rejects_a_bad_file_before_loading_models(capsys, tmp_path, content, message):
    f = tmp_path / "answers.jsonl"
    f.write_text(content)
    code, _, err = run(capsys, "feedback", "--file", str(f))
    assert code == 2 and message in err and "Traceback" not in err


def test_batch_file_is_validated_before_models_load(capsys, tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"role": "Dev", "description": "APIs", "n": 2}\n{"role": "Dev", "description": "", "n": 2}\n')
    code, out, err = run(capsys, "questions", "--file", str(f))
    assert code == 2 and out == "" and "description is empty" in err
    f.write_text("not json\n")
    code, _, err = run(capsys, "questions", "--file", str(f))
    assert code == 2 and "line 1 is not JSON" in err


def test_chat_without_a_terminal_exits_2(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = run(capsys, "chat")
    assert code == 2 and "interactive" in err


@pytest.mark.slow
def test_batch_questions(capsys, tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"role": "Frontend Engineer", "description": "React and TypeScript", "difficulty": "easy", "n": 1, "seed": 1}\n'
                 '{"role": "Security Engineer", "description": "Threat modelling, pen tests", "n": 1, "seed": 2}\n')
    code, out, _ = run(capsys, "questions", "--file", str(f))
    data = json.loads(out)
    assert code == 0 and [len(d["questions"]) for d in data] == [1, 1]
    assert data[0]["input"]["role"] == "Frontend Engineer"


@pytest.mark.slow
def test_chat_runs_an_interview_from_stdin(monkeypatch, capsys):
    import io

    answer = "I profiled the service, added an index and a Redis cache, and p95 fell from 900 ms to 200 ms.\n\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    code, out, _ = run(capsys, "chat", "--role", "Backend Engineer", "--description", "Python APIs",
                       "--difficulty", "medium", "-n", "1")
    assert code == 0 and "Question 1/1" in out and "overall" in out and "Feedback:" in out
