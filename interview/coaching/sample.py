"""Sample answers the user can trust: built from their own bullets, from a licensed answer bank, or
from the question type's criteria. Never a story from nothing.

The fine-tuned 135M generator, asked for a sample answer, wrote invented first-person stories ("I was
assigned with building a new feature from scratch within a team of five people…"); given the bullets
it still failed the gate's "tells one of your bullets" rule in nearly every draft. So the sample
answer is composed here, in code, and said to be so in the UI:

- behavioural: a STAR answer whose Action and Result are the words of the user's best one or two
  bullets, each cited [n] (the number of the evidence shown beside it), and whose Situation, Task and
  reflection are visible [placeholders] that only the user can fill;
- technical, system design, coding: the nearest answer of the licensed answer bank when it is close
  enough (interview.retrieval.answer_bank, with its source and licence), else what a strong answer covers,
  from the criteria the answer was scored against (interview.coaching.criteria).

    >>> print(star_from_bullets([EvidenceHit("Rebuilt the retry logic of the ingestion service, cutting failed jobs by 80%", 0.6)]))
    Situation: [where you were and what was at stake].
    Task: I was responsible for [your part of it].
    Action: I rebuilt the retry logic of the ingestion service [1].
    Result: This cut failed jobs by 80% [1]. [How you measured it, and what you learned.]
"""
from __future__ import annotations

import re

from interview.coaching.quotes import topic_of
from interview.coaching.criteria import criteria_for, criteria_kind
from interview.retrieval.evidence import EvidenceHit
from interview.text import star

MAX_STORY_BULLETS = 2      # the best one or two bullets: more reads as a list, not a story
SECOND_BULLET_SHARE = 0.85  # a second bullet joins when it retrieves nearly as well as the first

# Where a bullet's result clause starts: "…, cutting failed jobs by 80%", "… which reduced churn 12%".
_RESULT_STEMS = (r"resulting in|reduc|cut|increas|improv|sav|grow|grew|rais|lower|boost|doubl|halv|shorten|speed|"
                 r"sped|decreas|eliminat|achiev|deliver|generat|enabl|lead|led to|leading to|driving|drove|bringing|"
                 r"brought")
_RESULT_START = re.compile(
    r"(?:,|;|\s[-\u2013\u2014])\s*(?=(?:which |that |and |thereby |so that )?(?:" + _RESULT_STEMS + r")\w*)"
    r"|\s(?=(?:resulting in|leading to|(?:which|that) (?:cut|reduced|increased|improved|saved|raised|lowered|"
    r"doubled|halved|grew))\b)", re.I)
# A bullet that is all result ("Reduced render time by 75% by ...") tells the Result; the Action is left
# for the user to fill.
# A clause after a semicolon that has its own subject and says what happened is a result ("…; repeat
# incidents fell by half", "…; two were promoted within a year"); one that starts with a verb is another
# step the person took ("…; wrote the migration scripts") and stays in the Action.
_OUTCOME_WORD = re.compile(r"\b(fell|rose|dropped|went|grew|shrank|climbed|declined|doubled|halved|tripled|"
                           r"increased|decreased|improved|reduced|saved|reached|became|now|stayed|remained|passed|"
                           r"(?:was|were|got) (?:\w+ )?\w+ed)\b", re.I)
_RESULT_VERB = re.compile(r"^(reduced|cut|increased|improved|saved|grew|doubled|halved|lowered|boosted|raised|"
                          r"decreased|eliminated|shortened|sped up|accelerated|tripled|drove)\b", re.I)
_RESPONSIBLE = re.compile(r"^(responsible for|in charge of|tasked with)\b", re.I)
_PAST_IRREGULAR = frozenset(
    "built wrote led ran set made took met sent began brought chose drove found gave got held kept put spoke "
    "told taught won broke drew sold spent split went rewrote paid laid shipped cut rebuilt shut oversaw "
    "undertook grew won".split())
_PRESENT_VERB = re.compile(r"^(build|write|lead|run|manage|design|develop|own|create|maintain|implement|drive|"
                           r"mentor|coordinate|deliver|support|analy[sz]e|teach|train|plan|launch|test|review)s?$",
                           re.I)


def is_story_type(question_type: str) -> bool:
    return question_type in ("behavioral", "")


def pick_bullets(evidence: list[EvidenceHit]) -> list[tuple[int, str]]:
    """(citation number, bullet) of the one or two bullets the story is built on: the best retrieved
    one, and the next when it retrieves nearly as well (a result it adds is worth telling)."""
    if not evidence:
        return []
    picked = [(1, evidence[0].bullet)]
    top = evidence[0].score
    for n, e in enumerate(evidence[1:MAX_STORY_BULLETS], 2):
        if top <= 0 or e.score >= SECOND_BULLET_SHARE * top:
            picked.append((n, e.bullet))
    return picked


def first_person(clause: str) -> str:
    """'Rebuilt the retry logic' -> 'I rebuilt the retry logic'; 'Responsible for billing' -> 'I was
    responsible for billing'. A bullet that does not start with a verb is told as 'I worked on …'."""
    clause = clause.strip().rstrip(".;,")
    if not clause:
        return ""
    first = clause.split()[0]
    lower = first[:1].lower() + first[1:] if not first[1:2].isupper() else first   # keep "AWS", "API"
    rest = clause[len(first):]
    if re.match(r"^(i|we)\b", clause, re.I):
        return clause[0].upper() + clause[1:]
    if _RESPONSIBLE.match(clause):
        return f"I was {lower}{rest}"
    if first.lower() in ("was", "were"):
        return f"I was{rest}"
    if first.lower() in _PAST_IRREGULAR or (first.lower().endswith("ed") and len(first) > 4) \
            or _PRESENT_VERB.match(first):
        return f"I {lower}{rest}"
    return f"I worked on this: {lower}{rest}"


def split_result(bullet: str) -> tuple[str, str]:
    """(what was done, what came of it) of a bullet: its result clause is the part from 'cutting …',
    'which reduced …' or 'resulting in …' on, when there is one; else ''."""
    text = bullet.strip().rstrip(".")
    m = _RESULT_START.search(text)
    if m and m.start() >= 12:
        return text[:m.start()].strip(" ,;-\u2013\u2014"), text[m.end():].strip(" ,;-\u2013\u2014")
    for semi in re.finditer(";", text):
        action, result = text[:semi.start()].strip(" ,;"), text[semi.end():].strip(" ,;")
        if len(action) >= 12 and result and not starts_with_verb(result) and _OUTCOME_WORD.search(result):
            return action, result
    return text, ""


def starts_with_verb(clause: str) -> bool:
    """'Rebuilt …', 'Responsible for …', 'Was …', 'Build …': a step the person took, told as 'I …'."""
    first = (clause.split() or [""])[0].lower()
    return (bool(re.match(r"^(i|we)$", first)) or bool(_RESPONSIBLE.match(clause)) or first in ("was", "were")
            or first in _PAST_IRREGULAR or (first.endswith("ed") and len(first) > 4) or bool(_PRESENT_VERB.match(first)))


_IRREGULAR_ING = {"cutting": "cut", "growing": "grew", "driving": "drove", "bringing": "brought", "leading": "led",
                  "speeding": "sped", "setting": "set", "winning": "won", "making": "made", "keeping": "kept"}
_LINKER = re.compile(r"^(which|that|and|thereby|so that)\s+", re.I)


def result_sentence(result: str) -> str:
    """'reducing failed jobs by 80%' -> 'This reduced failed jobs by 80%'; 'which cut deploy time…' ->
    'This cut deploy time…'. Only the verb's form changes: every other word is the bullet's."""
    result = _LINKER.sub("", result.strip())
    first, _, rest = result.partition(" ")
    low = first.lower()
    if not re.match(r"(?:" + _RESULT_STEMS + r")", result.lower()):   # a clause with its own subject, told as it is
        return result[:1].upper() + result[1:]
    # "-ing" minus "ing" plus "ed" is right for every regular verb a result starts with: reduc-ed,
    # improv-ed, increas-ed, dropp-ed, doubl-ed; the irregular ones are listed.
    verb = _IRREGULAR_ING.get(low) or (low[:-3] + "ed" if low.endswith("ing") and len(low) > 5 else low)
    return f"This {verb} {rest}".strip()


def star_from_bullets(evidence: list[EvidenceHit]) -> str:
    """A STAR answer from the user's retrieved bullets: their words in Action and Result, cited [n];
    [placeholders] for what a bullet does not say. The first bullet's employer and role (attached by
    the retriever) open the Situation."""
    picked = pick_bullets(evidence)
    if not picked:
        return ""
    first = evidence[0]
    where = " ".join(p for p in (f"at {first.employer}" if first.employer else "",
                                 f"as {first.role}" if first.role else "") if p)
    setting = f"{where}, " if where else ""
    actions, results = [], []
    for n, bullet in picked:
        action, result = split_result(bullet)
        if not result and _RESULT_VERB.match(action) and star.quantities(action):
            results.append(f"{first_person(action)} [{n}]")
            continue
        actions.append(f"{first_person(action)} [{n}].")
        if result:
            results.append(f"{result_sentence(result)} [{n}]")
    if not actions:
        actions.append("I [what you did, step by step].")
    lines = [f"Situation: {setting}[where you were and what was at stake].",
             "Task: I was responsible for [your part of it].",
             "Action: " + " Then ".join(actions)]
    if results:
        lines.append("Result: " + ". ".join(results) + ". [How you measured it, and what you learned.]")
    else:
        lines.append("Result: [what changed because of it: the number before and after], "
                     "and [what you learned].")
    return "\n".join(lines)


def what_a_strong_answer_covers(question: str, question_type: str) -> str:
    """For a question the bank cannot answer: the criteria the answer is scored against, in order,
    each with its advice. Teaches the shape of a good answer without inventing its content."""
    lines = [f"A strong answer to {topic_of(question)} covers:"]
    lines += [f"{i}. {c.shows[:1].upper() + c.shows[1:]}: {c.advice}"
              for i, c in enumerate(criteria_for(criteria_kind(question, question_type)), 1)]
    return "\n".join(lines)
