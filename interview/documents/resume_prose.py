"""Resume lines read as prose: a wrapped line that goes on with the item above it, a profile section or a
first-person paragraph about the person (not work to cite).

    goes_on("... factory-delivered artifacts and (100+ environments", "forked configuration templates)")  # True
    is_profile_section("Work Summary")                                                                 # True

Used by interview/documents/resume_text.py, which decides bullets (kept apart so that it stays under 400 lines).
"""
from __future__ import annotations


def goes_on(prev: str, line: str) -> bool:
    """`line` is the rest of the item ending with `prev`, whatever follows it: it opens in lower case
    ("forked configuration templates)") or closes a parenthesis `prev` left open. Such a line is never the
    name of the entry whose dated header comes next."""
    return line[:1].islower() or prev.count("(") > prev.count(")")


_ABOUT_THE_PERSON = {"summary", "profile", "objective", "objectives", "overview", "bio", "biography"}


def is_profile_section(section: str) -> bool:
    """A section about the person, named by its head word: "Work Summary", "Career Profile", "Executive
    Summary", "Personal Profile" ("I have been a professional Software Developer for over 35 years ..."): its
    paragraphs say who the person is, not work to cite (its bullets are still read as bullets)."""
    words = section.lower().strip().rstrip(":").split()
    return bool(words) and words[-1] in _ABOUT_THE_PERSON
