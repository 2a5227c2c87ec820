"""What resume parsing returns (`ParsedResume`) or raises (`ResumeError`).

A module of its own so that interview/documents/pdf_worker.py, which interview/documents/resume.py calls, can raise
ResumeError without importing resume.py back (an import cycle).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from interview.documents.resume_structure import BulletContext


class ResumeError(ValueError):
    """A resume that cannot be used; str(error) is the one-line message for the user."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code  # which case it is: "empty", "too_big", "encrypted", "scanned", ...


@dataclass
class ParsedResume:
    bullets: list[str]                                             # in reading order, de-duplicated
    sections: dict[str, list[str]] = field(default_factory=dict)   # section title -> its bullets
    warnings: list[str] = field(default_factory=list)              # things the user should check
    # bullet -> the entry it was listed under (employer, role, dates, section); header lines such as
    # "Google    Mountain View, CA" end up here, never in `bullets`
    context: dict[str, BulletContext] = field(default_factory=dict)

    def context_dicts(self) -> dict[str, dict]:
        """`context` as plain dicts (JSON, the session store)."""
        return {b: c.to_dict() for b, c in self.context.items()}
