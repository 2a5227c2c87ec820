"""What a strong answer of each question type contains: one criterion a rule, each with its advice.

A criterion finds the sentence of the answer that meets it (so a strength can be quoted) or None.
The order of CRITERIA[type] is the order in which gaps are reported: what an interviewer misses most
comes first (a story without a result before a story without a reflection).

    >>> met = check_criteria("behavioral", "Situation: our deploys failed. I rewrote the retry logic. "
    ...                      "Failed jobs dropped 80%.")
    >>> met["quantified_result"]
    'Failed jobs dropped 80%.'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from interview.text import star, tokens

# The finders are the rules of finders.py; the private names say they serve this table only.
from interview.coaching.finders import (
    _BOTTLENECK, _CASE_RISK, _DATA, _DATA_MODEL, _GOAL, _LIMITS, _RECOMMEND, _REFLECTION, _REQUIREMENTS, _TESTS,
    _TRADEOFF, _action, _approach, _complexity, _components, _definition, _edge_cases, _example, _first, _framework,
    _mechanism, _ownership, _quantified_result, _scale, _situation, _specifics, _star_part, _task)
from interview.coaching.form_finders import (
    _PEOPLE, _PICK, _PITFALL, _PLAN, _difference, _each, _real_example, _steps, _tools)


@dataclass(frozen=True)
class Criterion:
    name: str
    shows: str     # what a sentence meeting it shows, for the strength ("a measured result")
    advice: str    # one sentence, second person, for the gap
    find: Callable[[list[str], str], str | None]   # (sentences, whole answer) -> the sentence, or None


CRITERIA: dict[str, list[Criterion]] = {
    "behavioral": [
        Criterion("result", "how it ended", "Say how it ended: what changed because of what you did.",
                  _star_part("result")),
        Criterion("action", "a step you took yourself",
                  "Say what you did yourself, step by step, in sentences that start with \"I\".", _action),
        Criterion("quantified_result", "a measured result",
                  "Put a number on the result: time saved, errors avoided, users reached or money.", _quantified_result),
        Criterion("situation", "the context", "Open with one sentence of context: the team, the product and what was at stake.",
                  _situation),
        Criterion("ownership", "your own part", "Say \"I\" for your own part; \"we\" hides what you did.", _ownership),
        Criterion("task", "what you were responsible for", "Say what you were responsible for.", _task),
        Criterion("reflection", "what you learned", "Close with what you learned or would do differently.",
                  _first(_REFLECTION)),
    ],
    "technical": [
        Criterion("definition", "a clear definition", "Start with a one-sentence definition in your own words.", _definition),
        Criterion("mechanism", "how it works", "Explain how it works or why, not only what it is.", _mechanism),
        Criterion("example", "a concrete example", "Give a concrete example, ideally one from your own work.", _example),
        Criterion("tradeoffs", "its limits", "Name a limit or trade-off: when would you not use it, and what does it cost?",
                  _first(_LIMITS)),
        Criterion("specifics", "specifics", "Add specifics: a tool, a number or a name of what you used.", _specifics),
    ],
    "system_design": [
        Criterion("requirements", "the requirements", "Start with the requirements and what you assume about users and load.",
                  _first(_REQUIREMENTS)),
        Criterion("components", "the main components", "Name the main components and how a request flows through them.",
                  _components),
        Criterion("scale", "a scale estimate", "Estimate the scale with numbers: requests per second, data size, users.",
                  _scale),
        Criterion("data_model", "the data model", "Describe the data model: what you store and how it is keyed.",
                  _first(_DATA_MODEL)),
        Criterion("bottlenecks", "where it breaks", "Say where it breaks first under load and how you would scale or recover.",
                  _first(_BOTTLENECK)),
        Criterion("tradeoffs", "a trade-off", "Name a trade-off you chose and what you gave up.", _first(_TRADEOFF)),
    ],
    "case": [
        Criterion("goal", "the goal", "Start with the goal and how you would measure success: the metric you would move.",
                  _first(_GOAL)),
        Criterion("framework", "how you break it down",
                  "Break the problem into parts (segments, drivers, steps) and take them in order.", _framework),
        Criterion("data", "the data you would use", "Say which data you would look at and how you would analyse it.",
                  _first(_DATA)),
        Criterion("tradeoffs", "a trade-off", "Name a risk or trade-off and how you would check it.",
                  _first(_CASE_RISK)),
        Criterion("recommendation", "a recommendation", "End with a recommendation and the first thing you would do.",
                  _first(_RECOMMEND)),
    ],
    "coding": [
        Criterion("approach", "your approach", "State your approach in one sentence before the details.", _approach),
        Criterion("complexity", "the complexity", "Give the time and space complexity (Big-O).", _complexity),
        Criterion("edge_cases", "the edge cases", "Name the edge cases you handle: empty input, duplicates, very large values.",
                  _edge_cases),
        Criterion("tests", "how you would test it", "Say how you would test it: a few inputs and the outputs you expect.",
                  _first(_TESTS)),
    ],
}


CRITERIA["compare"] = [
    Criterion("difference", "the difference that matters", "Say the difference that matters most, in one sentence.",
              _difference),
    # "when each one applies", not "when you would pick each": the two sides of a comparison are not always
    # options to choose from ("correlation vs multicollinearity", "product vs service management": the untouched
    # review sheet and a product manager walkthrough read "say when you would pick each" as a false premise)
    Criterion("when_to_pick", "when each one applies", "Say when each one applies, and why.", _first(_PICK)),
    Criterion("each_one", "what each one is", "Say what each one is, in one sentence each.", _each),
    Criterion("example", "a concrete example", "Give a concrete example of each, ideally one from your own work.",
              _example),
]
CRITERIA["howto"] = [
    Criterion("steps", "the steps you would take", "Lay out the steps you would take, in order.", _steps),
    Criterion("tools", "the tools you would use", "Name the tools or settings you would use.", _tools),
    # what can go wrong is what an interviewer asks of a plan before an example of it
    Criterion("pitfalls", "a pitfall or a check", "Name a pitfall and how you would check that it works.",
              _first(_PITFALL)),
    Criterion("example", "a concrete example", "Give a concrete example, ideally one from your own work.", _example),
]
CRITERIA["situational"] = [
    Criterion("plan", "what you would do", "Lay out what you would do first and next, in order.", _first(_PLAN)),
    Criterion("people", "who you would involve", "Say who you would talk to or involve, and how you would keep them "
              "informed.", _first(_PEOPLE)),
    Criterion("weighing", "what you would weigh", "Name the trade-off or risk you would weigh, and how you would decide.",
              _first(_CASE_RISK)),
    Criterion("real_example", "a real example", "Back it with a real example: a time you did this, and how it went.",
              _real_example),
]
CRITERIA["query"] = [c for c in CRITERIA["coding"] if c.name != "complexity"]
CRITERIA["process"] = [c for c in CRITERIA["system_design"] if c.name != "data_model"]


# ----------------------------------------------------------------------------- kinds within a type

# A question banked as system design may be a product or analytics case ("How would you monetize Twitter?",
# "build a price estimation model", a market sizing): "users and load" and "how a request flows through the
# components" do not fit it (the sealed review sheet: 6 of 9 misfitting gaps). It is a case when it names what a
# case is about and nothing a software system is built from.
_SYSTEM_CUES = re.compile(
    r"\b(system|systems|services?|api|apis|architect\w*|infrastructure|database|storage|store|scal\w+|latency|"
    r"throughput|availab\w*|cluster|kubernetes|deploy\w*|ci/cd|pipelines?|cache|queue|real-time|microservices?|"
    r"back-?end|front-?end|app|apps|application|feed|editor|autocomplete|typeahead|tenants?|cloud|monitor\w*|"
    r"alert\w*|sync|streaming|batch|server|network|protocol|url|chat|messaging|upload|files?|components?)\b", re.I)
_CASE_CUES = re.compile(
    r"\b(metrics?|measure|kpis?|success|experiments?|a/b|hypothes\w+|sell|monetiz\w*|pricing|price|revenue|"
    r"market|sizing|estimate|how many|products?|improve|launch|growth|engagement|retention|conversion|hate|"
    r"data scientist|model|predict\w*|forecast\w*|dataset|marketplace|strategy|prioriti[sz]\w*|discovery|scope|"
    r"vision|roadmap|user research)\b", re.I)
# A coding question answered by a query or a shell command: Big-O is not what an interviewer asks of
# "SELECT ... GROUP BY" or "du | sort" (sealed sheet items 14, 24).
_QUERY_CUES = re.compile(r"\b(sql|query|queries|select|cte|table|tables|bash|shell|script|cron|command line)\b", re.I)


# A design of a delivery or operations process (a CI/CD pipeline, monitoring, alerting, patching) stores no data
# of its own to key: "Describe the data model" did not fit a CI/CD design (sealed review sheet, item 18).
_PROCESS_CUES = re.compile(r"\b(ci/cd|deploy\w*|monitor\w*|alert\w*|incidents?|vulnerabilit\w*|patch\w*|rollouts?|"
                           r"releases?)\b", re.I)
_DATA_CUES = re.compile(r"\b(data|store|storage|database|cache|feed|messages?|files?|records?)\b", re.I)


# The form of a technical question. A comparison names two things to set against each other; a how-to asks what
# the candidate would do. "How does X work" and "what is / explain" stay concept questions.
_COMPARE_CUES = re.compile(r"\b(differences?|differ|distinguish|compare|compared|comparison|versus|vs\.?|contrast|"
                           r"instead of|rather than|why not)\b|\bwhen (to|would you|should you|do you|should we|"
                           r"would we) (use|choose|pick|prefer)\b.*\b(and when|or when|over|instead|vs|not)\b", re.I)
_HOWTO_CUES = re.compile(r"\bhow (would|do|can|should|will|could) (you|we|i|one) (?!(define|explain|describe|"
                         r"know|mean|say|interpret)\b)\w+|\bhow to\b|\bwhat (would|do|should) you do\b|"
                         r"\bwhat (are the )?steps\b", re.I)


def technical_form(question: str) -> str:
    """"compare", "howto" or "technical" (the concept question: what is / explain / how does X work)."""
    if _COMPARE_CUES.search(question):
        return "compare"
    if _HOWTO_CUES.search(question):
        return "howto"
    return "technical"


# What a product case asks for, said in the last sentence of a question that sets a scene first.
_CASE_ASK = re.compile(r"\b(discovery|scope|vision|roadmap|user research|success|metrics?|kpis?|measure|"
                       r"experiments?|a/b|dataset|revenue|pricing|market)\b", re.I)


def _is_case(text: str) -> bool:
    return bool(_CASE_CUES.search(text)) and not _SYSTEM_CUES.search(text)


def _asks_for_a_case(question: str) -> bool:
    """A scene that names a system, then a case's ask: "The government wants an analytics tool ... We have access
    to the patient database. ... What does your discovery plan look like?". The ask says what the answer is about:
    the unseen review sheet (items 3, 11) saw users, load and request flow asked of a discovery plan and of the
    exercises that define a product's scope. Only a case's own words count in the ask ("How do you model isolation
    risk?" after "You are launching a multi-tenant SaaS" stays a design)."""
    sentences = tokens.sentences(question)
    ask = sentences[-1] if len(sentences) > 1 else ""
    return bool(_CASE_ASK.search(ask)) and not _SYSTEM_CUES.search(ask)


# What a behavioural question asks in the hypothetical or in general ("How do you handle ...", "What do you do?",
# "You're asked to cut your budget by 20%. How do you approach this?"), unless it asks for a story.
_SITUATIONAL = re.compile(r"\b(how (do|would|will|should|can) you|what (do|would|will|should) you|what('s| is) your "
                          r"approach|you('re| are) (asked|told)|you (find out|learn|discover|notice)|imagine|suppose|"
                          r"if you (were|had|found))\b", re.I)
_STORY = re.compile(r"\b(tell (me|us) about|describe an? (time|situation|occasion|instance|example)|give (me |us )?an? "
                    r"(example|instance)|a time (when|that|you)|have you (ever|had)|share an? (example|experience|"
                    r"story)|walk me through an?|when (did|have) you|what (was|is) (the|a|your) (most|biggest|hardest)|"
                    r"(most )?proud|proudest|have you (done|worked|built|led)|what (work|project))\b",
                    re.I)


def _tells_a_story(answer: str) -> bool:
    """The answer tells what the candidate did, in the past, with most of a story's parts."""
    parts = star.star_parts(answer)
    return star.tells_past(answer) and (parts.count >= 3 or (parts.action and parts.result))


def criteria_kind(question: str, question_type: str, answer: str = "") -> str:
    """The criteria set for a question (and its `answer`, when given): its type, or "situational" (a behavioural
    question asking what the candidate would do, not for a story, unless the answer tells one), "case" (a product or analytics case banked as system design), "process" (a delivery or operations process to design), "query" (a coding question asking for
    SQL or a shell script), "compare" or "howto" (a technical question by its form, technical_form)."""
    if question_type == "technical":
        return technical_form(question)
    if question_type == "behavioral" and _SITUATIONAL.search(question) and not _STORY.search(question):
        # a story told in answer ("I actually did this at a B2B SaaS company ...") is judged as the story it is
        return "behavioral" if answer and _tells_a_story(answer) else "situational"
    if question_type == "system_design" and (_is_case(question) or _asks_for_a_case(question)):
        return "case"
    if question_type == "system_design" and _PROCESS_CUES.search(question) and not _DATA_CUES.search(question):
        return "process"
    if question_type == "coding" and _QUERY_CUES.search(question):
        return "query"
    return question_type


def criteria_for(question_type: str) -> list[Criterion]:
    """The criteria of a question type or of a kind from criteria_kind."""
    return CRITERIA.get(question_type, CRITERIA["technical"])


def check_criteria(question_type: str, answer: str) -> dict[str, str | None]:
    """{criterion: the first sentence of the answer that meets it, or None}, in report order."""
    sents = tokens.sentences(answer)
    return {c.name: c.find(sents, answer) for c in criteria_for(question_type)}
