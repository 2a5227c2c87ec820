"""What a turn keeps of the evidence: a resume bullet retrieved for an answer, with where it comes from.

Typed here, under retrieval, because the coaching layer (sample answers) and the session both read it;
it becomes a dict only in the SQLite row (`to_dict` / `from_dict`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class EvidenceHit:
    """A resume bullet retrieved for an answer, with where it comes from."""
    bullet: str
    score: float                        # retrieval similarity (cosine), rounded to 3 decimals
    employer: str = ""                  # from the resume's structure; "" when unknown
    role: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "EvidenceHit":
        # rows stored before the resume's structure was read have no employer/role
        return cls(bullet=d.get("bullet", ""), score=float(d.get("score") or 0.0),
                   employer=d.get("employer") or "", role=d.get("role") or "")
