"""What a router returns (`Route`, `QuestionType`) and how a routing request is checked.

Both routers share these: the zero-shot one of interview/routing/router.py and the fine-tuned one of
interview/routing/router_model.py. They live apart from either so that `router_model` does not import
`router` (which loads `router_model` for a checkpoint): no import cycle.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from interview.text.answer_checks import visible_text
from interview.text.language import posting_language_warning
from interview.validation import check_setup

MAX_DESCRIPTION_CHARS = 2000  # the encoder sees 256 word pieces; the head of a posting says the most
MAX_ROLE_WORDS = 20           # a job title is a few words; a pasted paragraph in the role box is cut here


@dataclass(frozen=True)
class Route:
    role_family: str
    interview_types: list[str]
    difficulty_band: str
    scores: dict = field(default_factory=dict)     # label -> probability, per head
    warnings: list[str] = field(default_factory=list)
    source: str = "zero-shot"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Route":
        """The inverse of `to_dict`; keys it does not know (a stored route's "posting") are left out."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass(frozen=True)
class QuestionType:
    type: str
    scores: dict


def clean_role(role: str) -> tuple[str, str | None]:
    """(the job role as used, a notice when it was cut). A ~200-word "role" (a pasted posting) used
    to crash the router's tokenizer; the title is the first words, the rest belongs in the description.

    >>> clean_role("Backend Engineer")
    ('Backend Engineer', None)
    """
    role = " ".join(visible_text(role).split())
    words = role.split(" ")
    if len(words) <= MAX_ROLE_WORDS:
        return role, None
    return " ".join(words[:MAX_ROLE_WORDS]), (
        f"The job role is {len(words)} words long; only its first {MAX_ROLE_WORDS} are used as the title. "
        "Put the job title in the role box and the rest in the job description.")


def check_request(role: str, description: str, difficulty: str) -> tuple[str, str, list[str]]:
    """Validate and clean a routing request. Raises ValueError with a user-facing message."""
    (role, role_notice), description = clean_role(role), visible_text(description)
    check_setup(role, difficulty)  # on the cleaned role: a role of control characters is empty
    warnings = [role_notice] if role_notice else []
    if not description:
        warnings.append("No job description given: the route is based on the job title alone.")
    if foreign := posting_language_warning(role, description):
        warnings.append(foreign)
    if len(description) > MAX_DESCRIPTION_CHARS:
        warnings.append(f"The job description is long; the first {MAX_DESCRIPTION_CHARS} characters are used.")
        description = description[:MAX_DESCRIPTION_CHARS]
    return role, description, warnings
