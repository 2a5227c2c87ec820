"""The finders for the forms of a question (interview/coaching/criteria.py): a comparison asks what each one is, the
difference that matters and when to pick which; a how-to asks for the steps, the tools or settings and a pitfall or a
check; a situational behavioural question (what would you do) asks for a plan, the people, what is weighed and a real
example. The rules shared with the other question types live in finders.py.
"""
from __future__ import annotations

import re

from interview.coaching.finders import (
    _DEFINITION, _DOES, _DOES_VERBS, _LIMIT_WORDS, _LIST_NOT_DEFINITION, _first, is_code)
from interview.text import star


# A comparison ("the difference between X and Y", "X vs Y", "when to use X and when Y") asks what each one is,
# the difference that matters, when to pick which and an example: "When would you not use it" has no "it" there,
# and one cannot avoid transformations or actions in Spark (blind review sheet, items 8, 21, 37).
# Not "differences" or "different" alone: "The differences matter in practice" announces them, "a different
# implementation" is no contrast (development half, op-036, se-029).
_CONTRAST = re.compile(r"\b(whereas|unlike|in contrast|differs? (from|in)|(main|key|real|big|important) difference|"
                       # "They are meant for different audiences" (pristine review sheet, item 28)
                       r"(meant|made|built|designed|used) for different|(serve|solve|answer|address)s? different|"
                       r"difference (is|being)|distinction is|on the other hand|"
                       r"versus|vs\.?|however|rather than|instead of|compared (to|with)|whilst|while the other|"
                       r"the other (one|hand)|same .{1,40} but|both .{1,60} but)\b|, but\b|, while\b|"
                       # "... but classes stay", "In Strategy you choose ... and in State the object changes ..."
                       r"\bbut (the |a |an )?[\w'-]+ (stays?|is|are|does|do|can|has|have|keeps?|remains?|runs?)\b|"
                       r"^\W*in [\w'-]+.{1,80}\b(and|but|while) in [\w'-]+", re.I)
# Choosing said with its condition: "I'd pick X when ...", not "In Strategy you choose an algorithm".
_PICK = re.compile(r"\b((i|we|you)('d| would| should)? (choose|pick|go with|opt for) .{1,50}?\b(when|if|for|over|because|"
                   r"unless)|prefer\w*|better (for|when|suited|choice)|suited|fits|"
                   r"fit for|fine for|good for|great for|handy (for|when)|useful (for|when)|suits|ideal for|"
                   r"works (really |best |well |very well )*(with|for|when|on)|(i'd|i would|we'd) rather|"
                   r"(my|the) rule is|(i|we) (keep|reserve|save) .{1,60}?\b(for|as)|"
                   r"the right (choice|one|tool)|rule of thumb|quick test|use (it|them|one|each|\w+) (when|if|for)|"
                   r"(i|we|you)('d| would| should)? use .{1,40} (when|if|for)|when (you|i|we) need|if (you|i|we) need|"
                   r"only when|only if|makes sense when|is best (for|when)|"
                   # what each one needs or where it wins: "generative models often need less data", "reach lower
                   # error with enough data" (the unseen review sheet, item 28, was asked when to pick each under them)
                   r"(need|needs|require|requires) (less|more|fewer|little|lots of)|"
                   r"with (enough|little|less|more|plenty of|lots of) (data|memory|traffic|time|samples|examples))\b", re.I)


# One thing said, then the other, each in a sentence of its own: "In pull-based monitoring the server scrapes ...
# In push-based monitoring, agents send ..."; "At-most-once means ... At-least-once means ...". The subject is
# what the sentence opens with, before a verb that says what it is or does; never a pronoun ("Both use ...").
_WHAT_VERBS = rf"means|is|are|refers to|belongs to|has|have|does|hooks|supplies|{_DOES_VERBS}"
_SAYS_WHAT = re.compile(r"^\W*(?:(?:in|with|for) (?P<context>[\w'-]+(?: [\w'-]+){0,2}?)(?:,| the\b)|"
                        r"(?!(?:i|we|you|it|this|that|these|those|they|both|there|so|but|and)\b)"
                        rf"(?P<subject>[\w'-]+(?: [\w'-]+){{0,3}}?) (?:{_WHAT_VERBS})\b)", re.I)


def _subject(sentence: str) -> str | None:
    m = _SAYS_WHAT.match(sentence)
    return (m.group("context") or m.group("subject")).lower() if m else None


def _each(sents: list[str], _text: str) -> str | None:
    """What the things compared are: a sentence among the first four that says what one of them is or does."""
    return next((s for s in sents[:4] if (_DEFINITION.search(s) or _DOES.search(s) or _subject(s))
                 and not _LIST_NOT_DEFINITION.search(s) and not is_code(s)), None)


def _difference(sents: list[str], text: str) -> str | None:
    """The difference: a contrast said in a sentence ("whereas", "unlike", ", while"), or the two things said
    one after the other: the second of two sentences whose subjects differ but share a word ("pull-based
    monitoring" / "push-based monitoring", "an instance method" / "a static method"), as two sides of one
    comparison do ("Prometheus is the standard example" after "In pull-based monitoring ..." is no other side).
    Whichever comes first: an answer states the difference before its examples, and a later "versus" names
    an example pair ("Classic pairs make it concrete: Naive Bayes versus logistic regression", unseen review
    sheet item 28, was praised as "the difference that matters")."""
    said = _first(_CONTRAST)(sents, text)
    sides = _second_side(sents)
    if said and sides:
        return min(said, sides, key=sents.index)
    return said or sides


def _second_side(sents: list[str]) -> str | None:
    seen: list[set[str]] = []
    for s in sents:
        subject = _subject(s)
        if not subject or is_code(s):
            continue
        words = set(re.findall(r"[a-z]+", subject)) - {"a", "an", "the"}
        if any(words != other and words & other for other in seen):
            return s
        seen.append(words)
    return None


# A how-to ("How would you implement / optimize / handle / set up ...") asks for the steps or approach, the tools
# or settings, an example and the pitfalls or how to check it works: "Start with a one-sentence definition" and
# "How would you define it in one sentence?" did not fit "How would you implement logging in SSIS?" (items 20, 33).
_HOW_STEP = re.compile(r"\b(first(ly)?|second(ly)?|then|next|after that|finally|step|steps|start (by|with)|"
                       r"begin (by|with)|i'?d (start|begin)|my approach|the approach|approach is|the way to|"
                       r"(standard|usual|common|simplest|best|main) (way|fix|solution)|the (fix|solution) is|"
                       r"(you|we|i) (can|could|would|should) \w+|by (using|adding|creating|setting|changing|moving|"
                       r"splitting|running|writing|checking|keeping|turning|enabling))\b", re.I)
_SETTING = re.compile(r"\b(settings?|config\w*|flags?|options?|parameters?|propert(y|ies)|attributes?|headers?|"
                      r"polic(y|ies)|commands?|plugins?|extensions?|dtypes?)\b", re.I)   # not "tools": "Build tools do it"
_PITFALL = re.compile(rf"\b({_LIMIT_WORDS}|pitfalls?|watch out|be careful|careful|mistakes?|gotchas?|risks?|"
                      r"downtime|verify|check (that|whether|if|it)|confirm|monitor\w*|profil\w*|"
                      r"benchmark\w*|test (it|that|this)|run (the )?tests|alert\w*|fails?|breaks?)\b", re.I)


def _steps(sents: list[str], text: str) -> str | None:
    """The approach: a sentence that says what to do (a step, "you can ... by", "I would ..."), said in prose."""
    return next((s for s in sents if _HOW_STEP.search(s) and not is_code(s)), None)


def _tools(sents: list[str], _text: str) -> str | None:
    """A tool, a setting or a number the approach uses: a named tool or a word naming a setting."""
    # a known tool, not any capitalised name ("XSS is when ..." names the topic); digits, not number words ("an
    # old cached one" names no setting)
    return next((s for s in sents if (set(star.named_tools(s)) & star.TOOLS or re.search(r"\d", s) or _SETTING.search(s))
                 and not is_code(s)), None)


# A situational behavioural question ("How do you handle a team divided on an approach?", "A key team member gives
# notice mid-project. What do you do?") asks what the candidate would do, not for a story: "Say how it ended" and "How
# did it end?" did not fit it (novel review sheet, items 4, 6, 31). It asks for a plan, the people, what is weighed,
# and is stronger for a time the candidate did it.
_PLAN = re.compile(r"\b(first(ly)?|then|next|after that|finally|start (by|with)|begin (by|with)|my (first|next) step|"
                   r"i('d| would| will| usually| always| try to| make sure| first| start| begin))\b", re.I)
_PEOPLE = re.compile(r"\b(tell|told|inform\w*|talk\w*|meet|meeting|met|ask\w*|involv\w*|escalat\w*|align\w*|"
                     r"updat\w*|explain\w*|communicat\w*|shar(e|ed|ing)|discuss\w*|consult\w*|listen\w*|"
                     r"one-to-ones?|1:1s?|in a room)\b", re.I)
_FIRST_PERSON_PAST = re.compile(r"\b(i|we) (\w+ )?(had|was|were|did|led|ran|made|took|found|chose|decided|\w+ed)\b", re.I)


def _real_example(sents: list[str], _text: str) -> str | None:
    """A time the candidate did it: a first-person sentence in the past ("such as" or "for example" introduce an
    example of the plan, not a time it was done)."""
    return next((s for s in sents if _FIRST_PERSON_PAST.search(s) and not is_code(s)), None)
