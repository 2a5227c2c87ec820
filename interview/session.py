"""The state of one mock interview, as typed dataclasses (one per browser tab in `st.session_state`).

Pure state: no models here, so `import interview.session` is instant. The operations that need
models live in interview/coach.py; persistence in interview/storage/store.py, which writes and reads these
objects through `to_dict` / `from_dict`: the only place they become dicts (JSON in SQLite). `from_dict`
also reads every older stored shape (rows saved before a field existed), so old databases still open.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field, fields

from interview.coaching.assessment import Assessment
from interview.documents.posting import PostingFacts
from interview.generation.prompts import TECHNICAL_TYPES
from interview.routing.route import Route
from interview.coaching.scoring import Rubric
from interview.retrieval.evidence import EvidenceHit
from interview.speech.transcript import Transcript


@dataclass
class Reading:
    """What the router read in the posting before the user changed it on Set up (kept for the record)."""
    role_family: str
    difficulty_band: str
    interview_types: list[str]


@dataclass
class Turn:
    index: int                          # question number, 0-based
    question: str
    question_type: str
    attempt: int = 1                    # 2+ for "retry this question"
    is_follow_up: bool = False          # a follow-up the coach asked about the previous answer
    answer: str = ""
    transcript: Transcript | None = None  # spoken answers: what Whisper heard, with the delivery figures
    rubric: Rubric | None = None        # the scores; None until the answer is scored
    feedback: str = ""
    sample_answer: str = ""
    follow_up: str = ""                 # suggested follow-up question, if the answer left gaps
    evidence: list[EvidenceHit] = field(default_factory=list)  # resume bullets retrieved for the answer
    assessment: Assessment | None = None  # the findings (rubric + strengths, gaps, claims)
    written_by: dict = field(default_factory=dict)   # {"feedback": "model"|"code", "follow_up": ..., "sample_answer": ...}
    drafts: dict = field(default_factory=dict)       # {"feedback": [{"text", "problems"}]}: what the gate said
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: float = field(default_factory=time.time)

    @property
    def answered(self) -> bool:
        return self.rubric is not None

    @property
    def overall(self) -> float | None:
        return None if self.rubric is None else self.rubric.overall

    @property
    def evidence_close(self) -> bool:
        """Did the answer use one of the resume bullets shown with it (evidence scored above 0)?"""
        return self.rubric is not None and any(d.name == "evidence" and d.score > 0 for d in self.rubric.dimensions)

    @property
    def evidence_talked_about(self) -> bool:
        """Is the first bullet shown the one the evidence row quotes as what the answer talks about?"""
        from interview.coaching.dimensions import talked_about_bullet

        return bool(self.evidence and self.rubric) and talked_about_bullet(self.rubric.dimensions,
                                                                          [e.bullet for e in self.evidence[:1]]) == 0

    @property
    def evidence_title(self) -> str:
        """What the resume bullets shown with this answer are. They are the resume's closest to the
        answer, not a source the feedback used; when the evidence score is 0 none of them is close,
        and calling them "evidence used" misled (walkthrough: three unrelated bullets at match 0.15-0.33)."""
        if self.evidence_close:
            return "Your resume bullets closest to this answer"
        # a technical, design or coding question does not ask for the resume (coaching/scoring.py): no advice to use it
        return "Your resume bullets: none is close to this answer" + (
            "" if self.question_type in TECHNICAL_TYPES else " (tie it to one of them when you retry)")

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["transcript"] = self.transcript.to_dict() if self.transcript else None
        d["rubric"] = _rubric_record(self.rubric) if self.rubric else None
        d["evidence"] = [e.to_dict() for e in self.evidence]
        d["assessment"] = self.assessment.to_dict() if self.assessment else None
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Turn":
        d = dict(d)
        d["transcript"] = Transcript.from_dict(d["transcript"]) if d.get("transcript") else None
        d["rubric"] = Rubric.from_dict(d["rubric"]) if d.get("rubric") is not None else None
        d["evidence"] = [EvidenceHit.from_dict(e) for e in d.get("evidence") or []]
        d["assessment"] = Assessment.from_dict(d["assessment"]) if d.get("assessment") else None
        return cls(**d)


def _rubric_record(rubric: Rubric) -> dict:
    """The rubric as stored: its dict plus the one-line summary (rows have always carried it)."""
    d = rubric.to_dict()
    if all(any(x.name == n for x in rubric.dimensions) for n in ("relevance", "specificity", "structure", "length")):
        d["summary"] = rubric.summary()
    return d


@dataclass
class InterviewSession:
    role: str
    description: str
    difficulty: str
    n_questions: int
    bullets: list[str] = field(default_factory=list)
    # bullet -> {employer, role, dates, section} from the resume's structure (resume.BulletContext); sessions
    # saved before it existed load with {}
    bullet_context: dict = field(default_factory=dict)
    route: Route | None = None                       # what the router read (after the user's changes)
    detected: Reading | None = None                  # the router's reading when the user changed it
    posting: PostingFacts | None = None              # skills and duties read from the posting; None: older session
    plan: list[str] = field(default_factory=list)    # question type of each main question, in order
    preset: list[str] = field(default_factory=list)  # questions to ask as written (a review of weak ones)
    turns: list[Turn] = field(default_factory=list)
    owner: str = "local"                             # browser/visitor id; hosted mode isolates by it
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: float = field(default_factory=time.time)
    finished: bool = False

    @property
    def current(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    @property
    def role_family(self) -> str:
        """The route's role family; "" for a session without a route."""
        return self.route.role_family if self.route else ""

    @property
    def main_turns(self) -> list[Turn]:
        """First attempts of the planned questions (no retries, no follow-ups)."""
        return [t for t in self.turns if t.attempt == 1 and not t.is_follow_up]

    @property
    def asked(self) -> list[str]:
        return [t.question for t in self.turns]

    @property
    def questions_done(self) -> int:
        """Planned questions with at least one scored answer. A retry or a follow-up being answered
        does not take its question back off the count (it read "0 of 3" during question 1's follow-up)."""
        return len({t.index for t in self.turns if t.answered})

    @property
    def has_next(self) -> bool:
        return len(self.main_turns) < self.n_questions

    def route_record(self) -> dict:
        """The route as stored and as `python -m interview questions` prints it: the router's fields,
        the posting's skills and duties under "posting", and the router's reading under "detected"
        when the user changed it on Set up."""
        if self.route is None:
            return {}
        return {**self.route.to_dict(), **({"detected": asdict(self.detected)} if self.detected else {}),
                **({"posting": self.posting.to_dict()} if self.posting is not None else {})}

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("detected", "posting")}
        d["route"] = self.route_record()
        d["turns"] = [t.to_dict() for t in self.turns]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "InterviewSession":
        d = dict(d)
        route = dict(d.get("route") or {})
        detected, posting = route.pop("detected", None), route.pop("posting", None)
        d["route"] = Route.from_dict(route) if route else None
        d["detected"] = Reading(**detected) if detected else None
        d["posting"] = PostingFacts.from_dict(posting) if posting is not None else None
        d["turns"] = [Turn.from_dict(t) for t in d.get("turns", [])]
        return cls(**d)


def description_notes(description: str) -> list[str]:
    """What the set-up form should say about the job description before the interview starts: an
    empty one makes generic questions, and only the head of a long one is read.

    >>> description_notes("")[0][:40]
    'No job description: the questions will b'
    """
    from interview.text.clean import MAX_FIELD_CHARS, clean_text
    from interview.routing.router import MAX_DESCRIPTION_CHARS

    text = clean_text(description)
    if not text:
        return ["No job description: the questions will be generic for the role. Paste the posting "
                "to get questions about its tools and duties."]
    if len(text) > MAX_DESCRIPTION_CHARS:
        return [f"The description has {len(text):,} characters; the coach reads the first "
                f"{MAX_DESCRIPTION_CHARS:,} to choose the interview type and the first {MAX_FIELD_CHARS:,} "
                "when writing each question. Put the duties and required skills first."]
    return []


def plan_types(interview_types: list[str], n: int) -> list[str]:
    """Question types for n questions: round-robin over the route's mix, opening with behavioural
    (the warm-up interviewers use) when it is in the mix.

    >>> plan_types(["technical", "behavioral"], 3)
    ['behavioral', 'technical', 'behavioral']
    """
    mix = sorted(interview_types or ["behavioral"], key=lambda t: t != "behavioral")
    return [mix[i % len(mix)] for i in range(n)]
