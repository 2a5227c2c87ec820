"""The state of one mock interview, as plain dataclasses (one per browser tab in `st.session_state`).

Pure state: no models here, so `import interview.session` is instant. The operations that need
models live in interview/coach.py; persistence in interview/store.py.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field

@dataclass
class Turn:
    index: int                          # question number, 0-based
    question: str
    question_type: str
    attempt: int = 1                    # 2+ for "retry this question"
    is_follow_up: bool = False          # a follow-up the coach asked about the previous answer
    answer: str = ""
    transcript: dict | None = None      # speech.Transcript.to_dict() for spoken answers
    rubric: dict | None = None          # scoring.Rubric.to_dict()
    feedback: str = ""
    sample_answer: str = ""
    follow_up: str = ""                 # suggested follow-up question, if the answer left gaps
    evidence: list[dict] = field(default_factory=list)  # [{bullet, score}] retrieved from the resume
    assessment: dict | None = None      # coaching.assessment.Assessment.to_dict(): the findings
    written_by: dict = field(default_factory=dict)   # {"feedback": "model"|"code", "follow_up": ..., "sample_answer": ...}
    drafts: dict = field(default_factory=dict)       # {"feedback": [{"text", "problems"}]}: what the gate said
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: float = field(default_factory=time.time)

    @property
    def answered(self) -> bool:
        return self.rubric is not None

    @property
    def overall(self) -> float | None:
        return None if self.rubric is None else self.rubric.get("overall")


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
    route: dict = field(default_factory=dict)        # router.Route.to_dict()
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

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "InterviewSession":
        d = dict(d)
        d["turns"] = [Turn(**t) for t in d.get("turns", [])]
        return cls(**d)


def description_notes(description: str) -> list[str]:
    """What the set-up form should say about the job description before the interview starts: an
    empty one makes generic questions, and only the head of a long one is read.

    >>> description_notes("")[0][:40]
    'No job description: the questions will b'
    """
    from interview.prompts import MAX_FIELD_CHARS, clean_text
    from interview.router import MAX_DESCRIPTION_CHARS

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
