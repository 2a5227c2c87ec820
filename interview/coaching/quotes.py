"""What the coach quotes: verbatim spans of an answer (a strength, a claim) and the question it was asked.

    >>> quote_span("Our bundle shrank by 38 KB, and page build time dropped from four days to one and a half.",
    ...            keep=lambda c: "days" in c)
    'page build time dropped from four days to one and a half'
    >>> topic_of("You are asked to explain CQRS. What would you highlight?")
    '"Explain CQRS"'

A quote is never reworded: the gate (coaching/gate.py) refuses a generated text whose quotes are not in the
inputs, and a user must recognise their own words.
"""
from __future__ import annotations

import re

from interview.text import tokens

MAX_QUOTE_WORDS = 16       # a strength or claim quoted back to the user; longer spans read as a wall


# ----------------------------------------------------------------------------- spans of the answer

# A quote must not change a figure: "dropped from about four days to one and a half" was quoted as "... to one"
# (pristine review sheet, item 8), a better figure than the answer's. So no clause starts at "and a half", and a quote
# cut at its word limit takes with it what its last number goes on to say.
_FIGURE_GOES_ON = re.compile(r"(and an? (half|quarter|third)|percent|per cent|million|billion|thousand)\b", re.I)
CLAUSE = re.compile(r"\s*[,;:]\s+|\s+[-\u2013\u2014]\s+|"
                    r"\s+(?=(?:and(?! an? (?:half|quarter|third)\b)|but|so|which|while|because)\s)")


# Words a clause cannot end on. Not prepositions, pronouns or "is": "a file the application is still writing to", "to
# ground it", "who the user is" are whole (the ten review halves).
_FRAGMENT_END = frozenset("a an the and or but as than whose our my your their its his her these those very also both "
                          "either neither when where if because whether".split())   # not "while": "for a while"


def quote_span(sentence: str, keep=None) -> str:
    """A verbatim piece of `sentence` short enough to quote: the sentence itself when short, else the
    first clause for which `keep(clause)` holds, cut to MAX_QUOTE_WORDS words."""
    sentence = sentence.strip()
    span = sentence
    if len(sentence.split()) > MAX_QUOTE_WORDS:
        # a clause of 5+ words reads as a statement; "What I did was" does not
        # ("I profiled the service" is a statement too: a step the candidate took, said in three words)
        # and a clause that ends on a word leading on is a fragment: "I read it as: given the order's events, ..."
        # was quoted as what an off-topic answer is about (a browser walkthrough, 2026-12-06)
        clauses = [c for c in CLAUSE.split(sentence) if c and (len(c.split()) >= 5 or re.match(r"I\s+\w+\s+\w", c))
                   and c.split()[-1].lower().strip(",;:") not in _FRAGMENT_END]
        span = next((c for c in clauses if keep is None or keep(c)), None) or _two_clauses(sentence, keep) or \
            (clauses[0] if clauses else sentence)
    words = span.split()
    kept = tokens.cut_words(words, MAX_QUOTE_WORDS)
    if len(kept) == MAX_QUOTE_WORDS and (more := _FIGURE_GOES_ON.match(" ".join(words[len(kept):]))):
        kept += more.group().split()
    span = " ".join(kept)
    span = re.sub(r"^(situation|task|action|result|outcome|context)\s*[:\-]\s*", "", span.strip(), flags=re.I)
    # a clause split off at "and ..." reads as a fragment when quoted ("and saw that every request read")
    return re.sub(r"^(and|but|so|which|while|because)\s+", "", span, flags=re.I).rstrip(" .,;:!?-").strip()


def _two_clauses(sentence: str, keep) -> str | None:
    """Two neighbouring clauses, as written, that together show what `keep` asks for when neither does alone:
    "If the number is high, the server is overloaded" is a condition and what follows from it, and its first
    clause alone ("If the number is high") was quoted as "how it works"."""
    if keep is None:
        return None
    cuts = [0, *(m.end() for m in CLAUSE.finditer(sentence)), len(sentence)]
    for i in range(len(cuts) - 2):
        span = sentence[cuts[i]:cuts[i + 2]].strip()
        if len(span.split()) <= MAX_QUOTE_WORDS and keep(span):
            return span
    return None


def keep_for(criterion):
    """`keep` for quote_span: a clause that meets `criterion` (coaching/criteria.py Criterion) on its own."""
    return lambda clause: criterion.find(tokens.sentences(clause), clause) is not None


# ----------------------------------------------------------------------------- the question

# A first sentence that is itself the task ("Design a reusable service for ... . What are the main components?") is
# quoted, not the question after it (a browser walkthrough saw only "What are the main components and the users").
_ASKS_ITSELF = re.compile(r"^\W*(design|build|write|implement|explain|describe|tell|give|compare|walk|create|define|"
                          r"list|name|discuss|share|outline|propose|sketch|estimate|find|given|how|what|why|when|which)\b",
                          re.I)
_POINTS_BACK = re.compile(r"\b(it|this|that|these|those|they|them|there|then)\b", re.I)
# "You are asked to explain the digital services market and how it differs ... What are the main differences you
# would highlight?": the task is the first sentence, and quoting the second alone ("the question asks 'What are the
# main differences you would highlight'") lost what it is about (a browser walkthrough, 2026-12-05).
_TASK_FRAME = re.compile(r"^\W*(you are|you're|you have been|you've been|you will be) asked to\s+", re.I)


def topic_of(question: str) -> str:
    """The question, quoted, for 'the question asks ...': whole when short, else its first clause. Its own
    quotation marks are dropped: inside the quote they ended it early ('"The usage of Facebook Event's "Yes
    I'm going" dropped 30%"' read as two quotes and an "I'm" in the coach's voice to the gate)."""
    q = " ".join(re.sub(r'["\u201c\u201d]', "", question).split())
    if framed := _TASK_FRAME.match(q):
        q = q[framed.end():][:1].upper() + q[framed.end() + 1:]
    sents = tokens.sentences(q) or [q]
    first = sents[0]
    # A scene set before the question ("Imagine our product is missing a key milestone. How would you investigate
    # and act?") is no question by itself: quoted alone, it dropped what the answer took up (unseen review sheet,
    # item 16). Then the whole, when it fits in a quote, else the question sentence, unless that one points back
    # at the first ("How did you handle it?" after "Give me an example of a time ...").
    asks = [s for s in sents[1:] if s.endswith("?")]
    if not first.endswith("?") and not _ASKS_ITSELF.search(first) and asks:
        if len(q.split()) <= MAX_QUOTE_WORDS:
            first = q
        elif not _POINTS_BACK.search(asks[0]):
            first = asks[0]
    words = first.split()   # a prefix keeps the topic; a middle clause ("and why is it useful?") loses it
    cut = " …" if len(words) > MAX_QUOTE_WORDS else ""   # a cut question reads as one when it says so
    return f'"{" ".join(words[:MAX_QUOTE_WORDS]).rstrip("?.:, ")}{cut}"'


def asked_last(question: str, follow_up: bool) -> str:
    """What the candidate was last asked: a follow-up's answer is judged against the question and the follow-up
    together (coach.asked_with_context), and a walkthrough told an answer that took up the follow-up's
    alternatives to answer the first question instead. A follow-up is one sentence at the end."""
    sentences = tokens.sentences(question) if follow_up else []
    return sentences[-1] if sentences else question
