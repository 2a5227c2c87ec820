"""Does a generated question fit the interview it is for? Two rejections the question writer applies
on top of interview/generation/generator.py's `reject_reason`, because ranking such candidates down was not
enough on real postings (a 135M model wrote them, and sometimes only them):

- meta or chatter: the question talks about the interview instead of asking one ("You are an
  interviewer. What would you ask for?", "What was your first day at a team that was hiring ...?");
- aimed at another role: it asks about another job ("What are the main differences between a data
  scientist and a marketing analyst?" for a principal software engineer) or a field none of the role
  families covers ("Compare the performance of two different CRM solutions" for a backend posting),
  unless the posting itself names that job or field;
- dangling: it refers to a conversation that has not happened ("You mentioned security vulnerabilities
  in your last message. What are they?", "Explain enterprise architecture with the user who asked it.").

And two preferences: a behavioural question should read as a story prompt about a past situation
(`story_form`: "Tell me about a time ...", "Describe a situation ..."), not a riddle ("How did you meet
a partner that you both agreed to dedicate the entire team to?"); a technical one should ask about a
concept (`concept_form`: "What happens when ...", "Explain the difference ...", and not "Explain what
you know about ...").

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

# A question that opens an interview has no earlier answer or message to point back to.
_DANGLING = re.compile(
    r"\b(you mentioned|your (?:last|previous) (?:message|answer)|the user who asked|answer the question you|"
    r"the question you asked|this task)\b", re.I)

# A behavioural story prompt: asks for one past situation ("Tell me about a time ...", "Describe a
# situation where ...", "Give me an example of a conflict ...", "What happened the last time ...").
_STORY = re.compile(
    r"^(?:you are asked to |can you |could you |please )?"
    r"(?:tell me about|describe|give (?:me )?an example of|walk me through|share|talk about|think (?:of|about))\s+"
    r"(?:a|an|one|the last|the most recent|a recent)\b[^?.]*?\b(?:time|situation|occasion|project|moment|"
    r"challenge|conflict|mistake|failure|decision|disagreement|experience|instance)\b"
    r"|^what happened (?:the|a) (?:last )?time\b", re.I)


def story_form(question: str) -> bool:
    """Whether a behavioural question asks for one past situation, as story prompts do."""
    return _STORY.search(question.strip()) is not None


# A technical question asks about a concept, a trade-off or a failure ("What happens when ...", "Explain
# the difference ...", "How does ... work?", "Why is ..."), not about the candidate ("How would you describe
# the architecture of a framework you've never used?", "You have a technical question about data science.
# How would you describe it?").
_CONCEPT = re.compile(
    r"^(?:what (?:is|are|does|do|happens|causes)\b|what's\b|explain (?:the|what|why|a|an|how (?:a|an|the)\b)|"
    r"how (?:does|do|is|are|can)\b(?! you\b)|why (?:is|are|does|do|would|might)\b|when (?:would|should|is|does)\b|"
    r"compare\b|which\b)", re.I)


# ... and then turns to the candidate after all: "Explain what you know about service design", "What do
# you know about the frontend development process and your own experience?". On the development
# postings a question judged technical by a classifier of real questions was 50% of those saying so
# and 80% of the others.
_ABOUT_CANDIDATE = re.compile(
    r"\b(?:you know|do you|you do|you did|you have|you've|you would|you'd|you started|your own|your experience|"
    r"your (?:last|current|previous|team|company|approach|role))\b", re.I)


def concept_form(question: str) -> bool:
    """Whether a technical question asks about a concept rather than about the candidate: it opens as
    a concept question does and nowhere asks what the candidate knows, did or would do."""
    text = question.strip()
    return _CONCEPT.search(text) is not None and _ABOUT_CANDIDATE.search(text) is None


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
    """"meta", "dangling", "other_role" or None. `role_family` is the family of the interview (the
    route's, or what the user chose on Set up); None skips the title check."""
    if _META.search(question):
        return "meta"
    if _DANGLING.search(question):
        return "dangling"
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
