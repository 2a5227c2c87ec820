"""Progress over past interviews: per-dimension trends, the weakest questions, and a review session
made of them. Pure functions over stored sessions (no models, no Streamlit).

    sessions = store.list_sessions(owner)
    rows = dimension_trends(sessions)              # one row per session, oldest first
    weak = weakest_questions(sessions, n=3)        # lowest latest score first
    review = start_review(weak, owner="local")     # a new session asking exactly those questions
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from interview.coaching.gate import STRONG_SCORE
from interview.generation.prompts import TECHNICAL_TYPES
from interview.storage import store
from interview.session import InterviewSession, Turn

# Display order of the rubric dimensions (interview/coaching/scoring.py); absent ones are simply left out.
DIMENSIONS = ("relevance", "specificity", "structure", "length", "technical_depth", "evidence", "delivery")
REVIEW_ROLE_SUFFIX = " (review)"


@dataclass
class WeakQuestion:
    question: str
    question_type: str
    score: float          # overall 0-100 of the latest scored attempt
    session_id: str
    role: str
    weakest: str          # the dimension with the lowest 0-5 score in that attempt, e.g. "specificity"; never
                          # "evidence" under a technical, design or coding question


def _dimension_scores(turn: Turn) -> dict[str, int]:
    return {d.name: d.score for d in turn.rubric.dimensions} if turn.rubric else {}


def dimension_trends(sessions: list[InterviewSession]) -> list[dict]:
    """One row per session with at least one scored answer, oldest first:
    {"session": 1, "date": "2025-01-31", "role": ..., "overall": 0-100, "relevance": 0-5, ...}.
    Each dimension is the mean over the session's scored answers that have it; a dimension no
    answer of the session had (e.g. delivery for typed answers) is None, so charts show a gap."""
    rows = []
    for s in sorted(sessions, key=lambda s: s.created_at):
        scored = [t for t in s.turns if t.overall is not None]
        if not scored:
            continue
        row = {"session": len(rows) + 1, "date": time.strftime("%Y-%m-%d", time.localtime(s.created_at)),
               "role": s.role, "overall": round(sum(t.overall for t in scored) / len(scored), 1)}
        for dim in DIMENSIONS:
            values = [v for t in scored if (v := _dimension_scores(t).get(dim)) is not None]
            row[dim] = round(sum(values) / len(values), 2) if values else None
        rows.append(row)
    return rows


def present_dimensions(rows: list[dict]) -> list[str]:
    """The dimensions that have at least one value in `rows`, in display order."""
    return [d for d in DIMENSIONS if any(r.get(d) is not None for r in rows)]


def weakest_questions(sessions: list[InterviewSession], n: int = 3) -> list[WeakQuestion]:
    """The n lowest-scoring distinct past questions under STRONG_SCORE, lowest first.

    A question counts with its latest scored attempt, so a question you have since retried well is
    no longer "weak". Follow-ups are left out: they only make sense after the answer they follow."""
    latest: dict[str, tuple[Turn, InterviewSession]] = {}
    for s in sessions:
        for t in s.turns:
            if t.overall is None or t.is_follow_up:
                continue
            key = " ".join(t.question.lower().split())
            if key not in latest or t.created_at > latest[key][0].created_at:
                latest[key] = (t, s)
    out = []
    for t, s in latest.values():
        if t.overall >= STRONG_SCORE:   # a strong answer (a walkthrough listed an 84 of a three-question interview)
            continue
        dims = _dimension_scores(t)
        if t.question_type in TECHNICAL_TYPES:   # the resume is not what such a question asks for (scoring.py)
            dims.pop("evidence", None)
        weakest = min(dims, key=dims.get) if dims else ""
        out.append(WeakQuestion(t.question, t.question_type, float(t.overall), s.id, s.role, weakest))
    out.sort(key=lambda w: (w.score, w.question))
    return out[:n]


def start_review(weak: list[WeakQuestion], sessions: list[InterviewSession], owner: str = "local") -> InterviewSession:
    """A new interview that asks exactly the `weak` questions again, in order, and is saved at once.

    The questions travel in `session.preset`; Coach.next_question asks those instead of generating,
    so the first question is here without loading any model. Role, job description and resume
    bullets come from the past session most of the weak questions were asked in, so the evidence
    retrieval and scoring see the same context as the first time."""
    if not weak:
        raise ValueError("There are no scored answers yet: answer a few questions first.")
    by_id = {s.id: s for s in sessions}
    source_id = Counter(w.session_id for w in weak).most_common(1)[0][0]
    source = by_id.get(source_id)
    role = (source.role if source else weak[0].role) or "Interview"
    session = InterviewSession(
        role=role if role.endswith(REVIEW_ROLE_SUFFIX) else role + REVIEW_ROLE_SUFFIX,
        description=source.description if source else "",
        difficulty=source.difficulty if source else "medium",
        n_questions=len(weak),
        bullets=list(source.bullets) if source else [],
        route=source.route if source else None, detected=source.detected if source else None,
        posting=source.posting if source else None,
        plan=[w.question_type for w in weak],
        preset=[w.question for w in weak],
        owner=owner,
    )
    store.save_session(session)
    first = Turn(index=0, question=weak[0].question, question_type=weak[0].question_type)
    session.turns.append(first)
    store.save_turn(session, first)
    return session
