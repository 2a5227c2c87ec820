"""Does a generated question fit the interview it is for? Two rejections the question writer applies
on top of interview/generation/generator.py's `reject_reason`, because ranking such candidates down was not
enough on real postings (a 135M model wrote them, and sometimes only them):

- meta or chatter: the question talks about the interview instead of asking one ("You are an
  interviewer. What would you ask for?", "What was your first day at a team that was hiring ...?");
- aimed at another role: it asks about another job ("What are the main differences between a data
  scientist and a marketing analyst?" for a principal software engineer) or a field none of the role
  families covers ("Compare the performance of two different CRM solutions" for a backend posting),
  unless the posting itself names that job or field.

    off_role_reason("You are an interviewer. What would you ask for?", "Backend Engineer", "", "software_engineering")
    # -> "meta"
"""
from __future__ import annotations

import re

_META = re.compile(
    r"\b(interviewer|interviewee|interview questions?|this interview|the candidate|a candidate|"
    r"what (?:would|should|will|do) you ask|ask (?:me|them|him|her)\b|job (?:posting|description|ad|advert)|"
    r"hiring (?:manager|process|for|team)|your first day|first day at|you are an? (?:recruiter|hiring))",
    re.I,
)

# Job titles by role family. A question *aimed at* another family's job (comparing jobs, "as a
# data scientist", "the role of a designer") is rejected; one that mentions working with someone
# ("explain a trade-off to a product manager") is not.
ROLE_TITLES = {
    "software_engineering": ["software engineer", "software developer", "backend engineer", "backend developer",
                             "programmer"],
    "frontend": ["frontend engineer", "front-end engineer", "frontend developer", "front-end developer",
                 "web developer"],
    "data_science": ["data scientist", "data analyst", "statistician", "business analyst", "marketing analyst"],
    "machine_learning": ["machine learning engineer", "ml engineer", "ai engineer", "research scientist"],
    "data_engineering": ["data engineer", "database administrator", "etl developer"],
    "devops_sre": ["devops engineer", "site reliability engineer", "sre", "system administrator",
                   "systems administrator"],
    "security": ["security engineer", "security analyst", "penetration tester", "security architect"],
    "product_management": ["product manager", "product owner", "project manager"],
    "design": ["designer", "ux researcher", "design researcher"],
}
# Fields that none of the nine families works in; a question about them is off-role unless the
# posting names them.
FOREIGN_FIELDS = ["crm", "customer relationship management", "marketing", "sales", "salesperson", "advertising",
                  "accounting", "accountant", "payroll", "recruiting", "recruiter", "human resources", "real estate",
                  "retail store", "nurse", "nursing", "teacher", "teaching", "lawyer", "legal advice", "restaurant"]
_AIMED = [r"\b(?:as|become|becoming|role of|job of|work of|skills of|does|should|would|between|versus|vs\.?) an? {t}s?\b",
          r"\b{t}(?:'s|’s)\s+(?:role|job|responsibilit|day)", r"\bwhat (?:do|does) {t}s? do\b"]


def _named(term: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(term) + r"s?(?![\w-])", text, re.I) is not None


def off_role_reason(question: str, role: str, description: str, role_family: str | None) -> str | None:
    """"meta", "other_role" or None. `role_family` is the family of the interview (the route's, or
    what the user chose on Set up); None skips the title check."""
    if _META.search(question):
        return "meta"
    posting = f"{role}\n{description}"
    for field in FOREIGN_FIELDS:
        if _named(field, question) and not _named(field, posting):
            return "other_role"
    if role_family is None:
        return None
    titles = [(fam, t) for fam, ts in ROLE_TITLES.items() for t in ts if _named(t, question)]
    others = [t for fam, t in titles if fam != role_family and not _named(t, posting)]
    if len(titles) >= 2 and others:  # comparing jobs, one of them not this one
        return "other_role"
    for t in others:
        if any(re.search(p.replace("{t}", re.escape(t)), question, re.I) for p in _AIMED):
            return "other_role"
    return None
