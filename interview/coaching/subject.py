"""The subject an answer says it is about, and whether that is another subject than the question's.

An answer to a neighbouring question often names what it answers in its first words: "For a real-time
analytics dashboard of page views, I'd ingest events through Kafka" under "Design a Top-K heavy hitters
service", "Designing an LRU cache is a classic object-oriented question" under "Design an in-memory file
system". The cosines and the relevance judge read such an answer as on topic (same field, same vocabulary:
on the untouched review half 11 of 12 system-design triples were misordered that way), but the answer has
said in so many words that it designs something else. Read only in the first sentence, and only in frames
that declare a subject ("For X, I'd", "If I were designing X,", "Designing X is ..."): a phrase later in an
answer is usually a part of the asked system ("For storage, I'd use S3").

    >>> declared_subject("For a real-time leaderboard I'd use Redis sorted sets.")
    'a real-time leaderboard'
    >>> declared_subject("I'd start with requirements.") is None
    True
"""
from __future__ import annotations

import re

from interview.generation.prompts import TECHNICAL_TYPES
from interview.text import tokens

_LEAD = r"^(?:so|ok|okay|well)?,?\s*"          # "So, for a ..." opens the same frame
_SUBJECT = r"(?P<s>[^,;:.]{3,90}?)"
_NAMED = r"^(?P<s>[A-Za-z][^,;:.]{2,60}?)"   # a subject that opens the sentence
# What follows "For X," in an answer that declares its subject: a first-person plan, or the requirement of X.
_PLAN = (r"(?:I|I'd|I'll|I would|I will|we|we'd|we would|my approach|the (?:core |hard |main |key |first )?"
         r"(?:requirement|challenge|constraint|goal|focus|problem)s?)\b")
_FRAMES = [re.compile(frame, re.I) for frame in (
    rf"{_LEAD}for {_SUBJECT}\s*,?\s+(?={_PLAN})",                                   # For X, I'd ...
    rf"{_LEAD}if I were (?:designing|building|improving|running|making|creating) {_SUBJECT}\s*,",
    rf"{_LEAD}when I (?:design|build|run|improve|create) {_SUBJECT}\s*,",
    rf"{_LEAD}(?:designing|building) {_SUBJECT}(?:\s*,|\s+(?:is|differs)\b)",      # Designing X is a classic ...
    rf"{_LEAD}to (?:design|build|run|protect|handle|secure|monitor|improve) {_SUBJECT}\s*,\s*(?={_PLAN})",
    rf"{_NAMED} (?:is|are) (?:all |mostly |really )?about\b",                       # X is about ...
    rf"{_NAMED} is an?(?: classic| common| related| standard)+ (?:problem|question|follow-up|pattern)\b",
    # "An online bookstore's order flow is a different problem from a library" (under "Library system"). Not "X
    # means / needs ...": an answer opening "Mutual TLS means ..." under "What is mTLS for APIs?" is on topic, and
    # that frame flagged 5 of the 5,176 answer-bank answers under their own questions.
    rf"{_NAMED} is (?:a|an) (?:different|separate|related) (?:problem|question)\b",
)]
# "For this, I'd", "For each index i, we", "For my last team, I", "For the past two years, I": a scope, a loop
# or the speaker's own context, not a subject the answer chose instead of the question's.
_NOT_A_SUBJECT = re.compile(
    r"^(?:this|that|it|these|those|such|now|me|us|example|instance|starters|simplicity|brevity|context|scale|short|"
    r"each|every|all|any|both|either|n|i|k|j|my|our|the (?:first|second|third|next|last|past|rest|core|main)|"
    r"small|large|big|very|most)\b|\b(?:years?|months?|weeks?|quarters?)\b", re.I)
# "For a big app I would use a component library", "For a binary task I count true positives": a scope that
# names nothing in particular restates the question (a weak review answer, a calibration answer), it does not
# choose another subject. A subject needs one word that is not one of these.
_GENERIC = frozenset(tokens.content_stems(
    "app apps application applications system systems service services project task problem case product feature "
    "platform site website company team setup tool solution thing use big large huge small tiny simple basic binary "
    "typical new standard general common real production high low fast scalable modern web mobile online"))
MATCH_CUT = 0.40   # cosine(subject, question) below which a subject sharing no word with it is another one


def declared_subject(answer: str) -> str | None:
    """The subject the answer's first sentence says it is about, or None when it declares none."""
    sents = tokens.sentences(answer)
    first = sents[0] if sents else ""
    for frame in _FRAMES:
        m = frame.match(first)
        if m:
            subject = m.group("s").strip()
            specific = tokens.content_stems(subject) - _GENERIC
            return subject if specific and not _NOT_A_SUBJECT.search(subject) else None
    return None


def another_subject(answer: str, question: str, question_type: str, encoder,
                    question_vector=None) -> tuple[str, float] | None:
    """(the declared subject, its cosine with the question) when the answer says it is about something the
    question does not ask: no content word in common and a cosine under MATCH_CUT. None otherwise, for a
    behavioural question (a story opens "For two years, I ..."), and without an encoder (the rule is calibrated on
    MiniLM's cosines). `question_vector`: the question's normalised vector when the caller has it (scoring does)."""
    if encoder is None or question_type not in TECHNICAL_TYPES:
        return None
    subject = declared_subject(answer)
    if subject is None or tokens.content_stems(subject) & tokens.content_stems(question):
        return None
    texts = [subject] if question_vector is not None else [subject, question]
    vectors = encoder.encode(texts, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
    cosine = float(vectors[0] @ (question_vector if question_vector is not None else vectors[1]))
    return (subject, cosine) if cosine < MATCH_CUT else None


def off_subject(relevance: tuple[float, str], answer: str, question: str, question_type: str, encoder,
                off_value: float, question_vector=None) -> tuple[float, str]:
    """Scoring's (relevance value, how it was made), lowered to `off_value` with the subject named when the answer
    says it is about another subject; unchanged otherwise."""
    found = another_subject(answer, question, question_type, encoder, question_vector)
    if found is None:
        return relevance
    return min(relevance[0], off_value), f'it is about "{found[0]}", which the question does not ask about; {relevance[1]}'
