"""`python -m interview COMMAND ...`: the command line of DESIGN.md §5.

Each command prints one JSON document on stdout. Bad input prints a one-line message on stderr and
exits with code 2 — never a traceback for a user error. Only the models a command needs are loaded.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from interview.labels import BANDS
from interview.validation import check_setup

MAX_SEED = 2**32 - 1   # torch.manual_seed overflows past 2**63; numpy and Python accept 32 bits everywhere


class UsageError(ValueError):
    """Bad input from the command line; printed as one line, exit code 2."""


def _read_file(path: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"File not found: {path}")
    return p


def _bullets(resume: str | None) -> list[str]:
    if not resume:
        return []
    path = _read_file(resume)
    from interview.documents.resume import parse_resume_file

    return parse_resume_file(path).bullets


def _warn(warnings: list[str]) -> None:
    """The route's warnings (long role, foreign posting...) on stderr too: stdout stays one JSON document."""
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)


def cmd_route(a) -> dict:
    from interview.routing.router import load_router

    route = load_router().route(a.role, a.description, a.difficulty)
    _warn(route.warnings)
    return route.to_dict()


def cmd_classify_question(a) -> dict | list:
    from interview.routing.router import load_router

    if a.file:
        lines = [l.strip() for l in _read_file(a.file).read_text(encoding="utf-8").splitlines() if l.strip()]
        if not lines:
            raise UsageError(f"{a.file} has no questions (one question a line).")
    elif a.text and a.text.strip():
        lines = None
    else:
        raise UsageError("Give a question as TEXT or --file F (one question a line).")
    router = load_router()
    results = [router.classify_question(t) for t in (lines or [a.text])]
    out = [{"question": t, "type": r.type, "scores": r.scores} for t, r in zip(lines or [a.text], results)]
    return out if lines else {"type": out[0]["type"], "scores": out[0]["scores"]}


def cmd_parse_resume(a) -> dict:
    path = _read_file(a.file)
    from interview.documents.resume import parse_resume_file

    r = parse_resume_file(path)
    return {"bullets": r.bullets, "sections": r.sections, "warnings": r.warnings}


def cmd_retrieve(a) -> dict:
    from interview.retrieval.retriever import build_index, load_retriever_encoder, retrieve

    if not a.query.strip():
        raise UsageError("The query is empty.")
    if a.k < 1:
        raise UsageError("-k must be at least 1.")
    bullets = _bullets(a.resume)
    hits = retrieve(build_index(load_retriever_encoder(), bullets), a.query, k=a.k)
    return {"hits": [{"bullet": h.bullet, "score": round(float(h.score), 4)} for h in hits]}


def _coach():
    from interview.coach import Coach

    return Coach.load()


def seed_arg(value) -> int:
    """A --seed (or a batch line's "seed"): an integer from 0 to 2**32-1, checked before any model loads."""
    try:
        seed = int(value)
    except (TypeError, ValueError):
        seed = None
    if seed is None or isinstance(value, (bool, float)) or not 0 <= seed <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to {MAX_SEED} (got {value!r})")
    return seed


def _check_answer(answer: str, where: str = "") -> None:
    """An answer the coach can score: visible text, in English. Checked before any model loads."""
    from interview.text.answer_checks import visible_text
    from interview.text.language import answer_language_problem

    if not visible_text(answer):
        raise UsageError(f"{where}The answer has no text (only spaces, invisible characters or terminal codes). "
                         "Type the answer in words.")
    if problem := answer_language_problem(visible_text(answer)):
        raise UsageError(where + problem)


def _check_questions_request(role, description, difficulty, n) -> None:
    try:
        check_setup(role, difficulty, n)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if not (description or "").strip():
        raise UsageError("The job description is empty; paste the posting (or a sentence about the role).")


def _questions(coach, role, description, difficulty, n, bullets=(), seed=None) -> dict:
    session = coach.start(role, description, difficulty, n, bullets=list(bullets), owner="cli")
    _warn(session.route.warnings)
    for i in range(n):
        coach.next_question(session, seed=None if seed is None else (seed + 101 * i) % (MAX_SEED + 1))
    return {"route": session.route_record(), "questions": [{"text": t.question, "type": t.question_type} for t in session.turns]}


def _jsonl_objects(path: str, must: str = "must be a JSON object."):
    """(line number, object) for each non-blank line of a JSONL file; a line that is not a JSON object
    is a UsageError naming it (`must` says what the line should be)."""
    for no, line in enumerate(_read_file(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path} line {no} is not JSON ({exc.msg}).") from None
        if not isinstance(row, dict):
            raise UsageError(f"{path} line {no} {must}")
        yield no, row


def _read_batch(path: str) -> list[dict]:
    rows = []
    for no, row in _jsonl_objects(path):
        row.setdefault("difficulty", "medium")
        row.setdefault("n", 3)
        _check_questions_request(row.get("role"), row.get("description"), row["difficulty"], row["n"])
        if row.get("seed") is not None:
            try:
                seed_arg(row["seed"])
            except argparse.ArgumentTypeError as exc:
                raise UsageError(f'{path} line {no}: "seed" {exc}.') from None
        rows.append(row)
    if not rows:
        raise UsageError(f"{path} has no requests (one JSON object a line).")
    return rows


def cmd_questions(a) -> dict | list:
    """One request from flags, or a batch: --file inputs.jsonl with one
    {"role", "description", "difficulty", "n", "seed"} object a line → a JSON list, in order."""
    if a.file:
        rows = _read_batch(a.file)  # the whole file is validated before any model loads
        coach = _coach()
        return [{"input": r, **_questions(coach, r["role"], r["description"], r["difficulty"], r["n"],
                                          seed=r.get("seed", a.seed))} for r in rows]
    if not (a.role and a.description is not None and a.difficulty):
        raise UsageError("Give --role, --description and --difficulty (or --file inputs.jsonl).")
    _check_questions_request(a.role, a.description, a.difficulty, a.n)
    bullets = _bullets(a.resume)
    return _questions(_coach(), a.role, a.description, a.difficulty, a.n, bullets, a.seed)


def _feedback_json(review: dict) -> dict:
    a = review["assessment"]
    return {"question_type": a.question_type, "scores": {d.name: d.score for d in a.rubric.dimensions},
            "reasons": {d.name: d.reason for d in a.rubric.dimensions}, "overall": a.overall, "flags": a.flags,
            "feedback": review["feedback"].text, "sample_answer": review["sample_answer"].text,
            "evidence": [e.to_dict() for e in review["evidence"]], "follow_up": review["follow_up"].text,
            "written_by": {k: review[k].source for k in ("feedback", "follow_up", "sample_answer")},
            # a bank answer's source and licence travel with it (the licence asks for attribution)
            "sample_answer_source": ({k: v for k, v in review["sample_answer"].drafts[0].items()
                                      if k in ("question", "source_repo", "commit", "path", "licence", "attribution", "url")}
                                     if review["sample_answer"].source == "bank" else None),
            "findings": {"strengths": [vars(s) for s in a.strengths], "gaps": [vars(g) for g in a.gaps],
                         "claims": [vars(c) for c in a.claims], "hint": a.hint}}


def _read_answers(path: str) -> list[dict]:
    rows = []
    must = 'must be a JSON object with a non-empty "question" and "answer".'
    for no, row in _jsonl_objects(path, must):
        if not str(row.get("question") or "").strip() or not str(row.get("answer") or "").strip():
            raise UsageError(f"{path} line {no} {must}")
        _check_answer(str(row["answer"]), f"{path} line {no}: ")
        if row.get("resume"):
            _read_file(row["resume"])
        rows.append(row)
    if not rows:
        raise UsageError(f"{path} has no answers (one JSON object a line).")
    return rows


def cmd_feedback(a) -> dict | list:
    """Assess one answer (flags) or a batch (--file answers.jsonl, one {"question", "answer",
    "resume"?, "role"?} a line → a JSON list, models loaded once). Nothing is written to the history."""
    if a.file:
        rows = _read_answers(a.file)   # the whole file is validated before any model loads
        coach = _coach()
        return [{"input": r, **_feedback_json(coach.review(r["question"], r["answer"], bullets=_bullets(r.get("resume")),
                                                           role=r.get("role") or ""))} for r in rows]
    if not (a.question and a.answer is not None):
        raise UsageError("Give --question and --answer (or --file answers.jsonl).")
    if not a.question.strip():
        raise UsageError("The question is empty.")
    if not a.answer.strip():
        raise UsageError("The answer is empty.")
    _check_answer(a.answer)
    bullets = _bullets(a.resume)
    return _feedback_json(_coach().review(a.question, a.answer, bullets=bullets, role=a.role or ""))


def cmd_transcribe(a) -> dict:
    from interview.speech.transcribe import AudioError, load_speech_model, too_long_error, transcribe

    try:
        return transcribe(load_speech_model(), _read_file(a.file), keep_first=a.keep_first).to_dict()
    except AudioError as exc:
        if exc.kind != "too_long" or exc.duration_s is None or a.keep_first:
            raise
        # The app offers a button; on the command line the way to keep the start is a flag.
        raise too_long_error(exc.duration_s, 180, offer="Run again with --keep-first to keep the first "
                             "3 minutes.") from None


class _Parser(argparse.ArgumentParser):
    """argparse, but a malformed command gets the one-line message of our contract, not the usage dump."""

    def error(self, message: str):
        print(f"error: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(2)


def cmd_chat(a) -> None:
    """Interactive session on the terminal: questions one by one, answers typed (blank line ends an
    answer), rubric and streamed feedback after each. Everything is saved like in the app."""
    from interview.coach import AnswerError

    def ask(prompt: str, default: str | None = None) -> str:
        try:
            value = input(prompt).strip()
        except EOFError:
            raise UsageError("No input: `chat` is interactive (use `questions` and `feedback` in scripts).") from None
        return value or (default or "")

    role = a.role or ask("Job role: ")
    description = a.description if a.description is not None else ask("Job description (one line): ")
    difficulty = a.difficulty or ask("Difficulty [easy/medium/hard] (medium): ", "medium")
    _check_questions_request(role, description or role, difficulty, a.n)
    print("Loading models…", file=sys.stderr)
    coach = _coach()
    session = coach.start(role, description, difficulty, a.n, owner="cli")
    while session.has_next:
        turn = coach.next_question(session)
        print(f"\nQuestion {turn.index + 1}/{session.n_questions} ({turn.question_type.replace('_', ' ')}):\n{turn.question}")
        print("Your answer (finish with an empty line):")
        lines = []
        while True:
            try:
                line = input()
            except EOFError:
                line = ""
            if not line.strip():
                break
            lines.append(line)
        try:
            turn = coach.score(session, "\n".join(lines))
        except AnswerError as exc:
            print(f"({exc} Skipping.)")
            continue
        for d in turn.rubric.dimensions:
            print(f"  {d.name:<16} {d.score}/5  {d.reason}")
        print(f"  overall {turn.rubric.overall:.0f}/100\nFeedback: ", end="", flush=True)
        for piece in coach.feedback_stream(session):
            print(piece, end="", flush=True)
        print()
        if turn.follow_up:
            print(f"Follow-up to think about: {turn.follow_up}")
    coach.finish(session)
    return None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m interview", description="Offline mock-interview coach.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("route", help="route a job to a role family, interview types and difficulty band")
    s.add_argument("--role", required=True)
    s.add_argument("--description", required=True)
    s.add_argument("--difficulty", required=True, choices=BANDS)
    s.set_defaults(fn=cmd_route)

    s = sub.add_parser("classify-question", help="classify interview question(s) by type")
    s.add_argument("text", nargs="?")
    s.add_argument("--file")
    s.set_defaults(fn=cmd_classify_question)

    s = sub.add_parser("parse-resume", help="parse a resume (.pdf, .txt, .md) into bullets")
    s.add_argument("file")
    s.set_defaults(fn=cmd_parse_resume)

    s = sub.add_parser("retrieve", help="find the resume bullets that fit a query")
    s.add_argument("--resume", required=True)
    s.add_argument("--query", required=True)
    s.add_argument("-k", type=int, default=5)
    s.set_defaults(fn=cmd_retrieve)

    s = sub.add_parser("questions", help="generate interview questions (one request, or a batch with --file)")
    s.add_argument("--role")
    s.add_argument("--description")
    s.add_argument("--difficulty", choices=BANDS)
    s.add_argument("--file", help="batch mode: JSONL, one {role, description, difficulty, n, seed} a line")
    s.add_argument("-n", type=int, default=3)
    s.add_argument("--resume")
    s.add_argument("--seed", type=seed_arg, help=f"0 to {MAX_SEED}: the same seed gives the same questions")
    s.set_defaults(fn=cmd_questions)

    s = sub.add_parser("feedback", help="assess an answer and write feedback (one, or a batch with --file)")
    s.add_argument("--question")
    s.add_argument("--answer")
    s.add_argument("--file", help='batch mode: JSONL, one {"question", "answer", "resume"?, "role"?} a line')
    s.add_argument("--resume")
    s.add_argument("--role")
    s.set_defaults(fn=cmd_feedback)

    s = sub.add_parser("chat", help="an interactive mock interview in the terminal")
    s.add_argument("--role")
    s.add_argument("--description")
    s.add_argument("--difficulty", choices=BANDS)
    s.add_argument("-n", type=int, default=3)
    s.set_defaults(fn=cmd_chat)

    s = sub.add_parser("transcribe", help="transcribe a spoken answer (wav, flac, mp3, webm, ogg)")
    s.add_argument("file")
    s.add_argument("--keep-first", action="store_true", help="keep the first 3 minutes of a longer recording")
    s.set_defaults(fn=cmd_transcribe)
    return p




def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # malformed command: _Parser.error already printed the one line
        return int(exc.code or 0)
    try:
        result = args.fn(args)
    except ValueError as exc:  # UsageError, ResumeError, AudioError, AnswerError, bad route input ...
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: file not found: {exc.filename}", file=sys.stderr)
        return 2
    except RuntimeError as exc:  # ModelMissing, GenerationFailed: not the user's input, but still no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if result is not None:  # `chat` talks to the terminal itself
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return 0
