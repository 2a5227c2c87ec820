"""What makes an interview set-up usable, in one place: the Set up page and the coach
(`Coach.start`), the command line (`questions`) and the router (`router.check_request`) all apply it.

    check_setup("Backend Engineer", "medium", 5)   # None, or ValueError with a one-line message for the user
"""
from __future__ import annotations

from interview.labels import BANDS

MIN_QUESTIONS, MAX_QUESTIONS = 1, 15  # questions in one interview (the form's number input uses these too)


def check_setup(role: str, difficulty: str, n_questions: int | None = None) -> None:
    """Raise ValueError with a user-facing message when the role is empty, the difficulty is not one of
    the bands, or (when given) the number of questions is out of range."""
    if not (role or "").strip():
        raise ValueError("Please enter a job role, e.g. 'Backend Engineer'.")
    if difficulty not in BANDS:
        raise ValueError(f"Difficulty must be one of {', '.join(BANDS)} (got {difficulty!r}).")
    if n_questions is not None and (not isinstance(n_questions, int)
                                    or not MIN_QUESTIONS <= n_questions <= MAX_QUESTIONS):
        raise ValueError(f"Number of questions must be between {MIN_QUESTIONS} and {MAX_QUESTIONS} "
                         f"(got {n_questions}).")
