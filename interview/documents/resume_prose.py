"""Resume lines read as prose: a wrapped line that goes on with the item above it, a profile section or a
first-person paragraph about the person (not work to cite).

    continues("Built the billing service with", "Go and Postgres", False, 80, False)                   # True
    goes_on("... factory-delivered artifacts and (100+ environments", "forked configuration templates)")  # True
    is_profile_section("Work Summary")                                                                 # True

Used by interview/documents/resume_text.py, which decides bullets (kept apart so that it stays under 400 lines).
"""
from __future__ import annotations

import re

DATES = re.compile(r"\b(?:19|20)\d\d\b.*(?:[-–—]|to)\s*(?:(?:19|20)\d\d|present|now|current)|"
                   r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? (?:19|20)\d\d\b", re.I)
_CONNECTORS = {"and", "or", "to", "of", "for", "with", "by", "in", "on", "the", "a", "an", "from", "at",
               "via", "into", "across", "while", "using", "including", "that", "which", "as", "than"}


def continues(prev: str, line: str, indented: bool, wide: int, from_pdf: bool) -> bool:
    """Is `line` the wrapped continuation of the text ending with `prev`?"""
    if line[0].islower() or line[0] in ",;:)&%" or indented and not from_pdf or prev.count("(") > prev.count(")"):
        return True  # ... or a parenthesis left open: "(NI TestStand, Göpel Cascon" + "Galaxy)"
    last = prev.split()[-1].lower() if prev.split() else ""
    if prev[-1] in ",;:-–—&/(+" or last in _CONNECTORS:
        return True
    if prev[-1] in ".!?" or DATES.search(line) or " | " in line or _looks_like_job_line(line):
        return False
    # PDFs wrap at the text width: a line that filled it usually continues on the next one.
    return from_pdf and wide >= 40 and len(prev) >= 0.7 * wide


def _looks_like_job_line(line: str) -> bool:
    """"Junior Developer, Freightly" or "Engineer at Acme": every word capitalised, with a separator."""
    words = [w for w in re.findall(r"[^\W\d_][\w'&.-]*", line) if w.lower() not in _CONNECTORS]
    return (0 < len(words) <= 6 and all(w[0].isupper() for w in words)
            and bool(re.search(r",| at | [-–—] ", line)))


def join_wrapped(prev: str, line: str) -> str:
    """`prev` and its wrapped continuation `line` as one text."""
    if re.search(r"[a-z]-$", prev) and line[:1].islower():
        return prev[:-1] + line  # a hyphenated word split across lines ("optimi-" + "zation")
    return f"{prev} {line}"


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
