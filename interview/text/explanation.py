"""Rules that read a technical answer: the parts of an explanation (approach, steps, trade-off, example, measure),
its depth terms and whether it explains how or why (its words and sentences come from tokens.py; the STAR parts of a
story are star.py's).

Pure functions over text (no models), used by interview/coaching/scoring.py and finders.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from interview.text.star import TOOLS, quantities
from interview.text.tokens import STOPWORDS, sentences, words
from interview.text.vocabulary import ALL_TERMS, domain_terms


# ----------------------------------------------------------------------------- technical answers

_APPROACH = re.compile(
    r"\b(i would|i'd|i'll|we would|we can|you can|i (use|add|set|check|run|start|pick|write|put|keep|"
    r"compute|count|move|combine|split|prefer|detect|tune|track|measure)|the (main |basic )?(idea|approach|key|"
    r"trick|defen[cs]e|difference|goal|fix) is|start (with|by)|works by|consists of|"
    r"(is|are) (when|where|an?|the) [\w -]{2,40}(that|which|where|when|with|of|in)|means)\b", re.I)
_STEP = re.compile(r"\b(first(ly)?|second(ly)?|third|then|next|finally|after that|afterwards|once|"
                   r"at query time|offline|online|on merge|on get|on put|at each step|step)\b", re.I)
_TRADEOFF = re.compile(
    r"\b(trade-?offs?|however|downside|drawback|on the other hand|versus|vs|instead( of)?|rather than|"
    r"better than|brute[- ]force|naive|"
    r"at the (cost|expense) of|pros|cons|whereas|alternative(ly)?|depends on|the catch|fail open|"
    r"worst case|but (it|that|this|also)|is cheaper|is slower|is faster|more expensive)\b", re.I)
_EXAMPLE = re.compile(
    r"\b(for example|for instance|e\.g|such as|in practice|in my (last|previous|current) "
    r"(team|job|role|project|company)|at my (last|previous|current) (job|company)|edge cases?)\b", re.I)
_MEASURE = re.compile(
    r"O\([^)]{1,20}\)|\b(time complexity|space complexity|linear time|constant time|log n|latency|"
    r"throughput|p9\d|per second|qps|rps|milliseconds?|ms|auc|recall|precision|memory)\b", re.I)


@dataclass
class ExplanationParts:
    approach: bool   # says what it does or would do
    steps: bool      # >= 2 sequence markers: the explanation walks through an order
    tradeoffs: bool
    example: bool
    measure: bool    # complexity, latency, a metric or a number that sizes the solution

    @property
    def missing(self) -> list[str]:
        names = {"tradeoffs": "trade-offs", "example": "example"}
        return [label for attr, label in names.items() if not getattr(self, attr)]

    @property
    def count(self) -> int:
        return sum((self.approach, self.steps, self.tradeoffs, self.example, self.measure))


def explanation_parts(text: str) -> ExplanationParts:
    """Structure of a technical / system design / coding answer, by cue phrases."""
    steps = {m.group(0).lower() for m in _STEP.finditer(text)}
    return ExplanationParts(
        approach=bool(_APPROACH.search(text)),
        steps=len(steps) >= 2,
        tradeoffs=bool(_TRADEOFF.search(text)),
        example=bool(_EXAMPLE.search(text)),
        measure=bool(_MEASURE.search(text) or quantities(text)),
    )


# ----------------------------------------------------------------------------- technical depth

# Domain terms of all nine role families live in interview/text/vocabulary.py (one list per family).
CONCEPTS = ALL_TERMS
# A cause or a condition, and then what it explains: "because the tree stays balanced", ", so the false positive
# rate goes up", "If one fails, the kubelet restarts it". The clause after the connective must say something:
# "It is hard because there are a lot of things going on" explains nothing (a walkthrough's answer was praised
# for "how it works" on that "because" alone). "When I run an A/B test, I ..." is a habit, not how a thing works.
_CAUSE = re.compile(r"\b(because|since(?! then\b)|so that|which means|this means|that means|which is why|in order to|"
                    r"otherwise|due to|as a result|until|whenever|each time)\b|,\s+so\b|"
                    # "add guardrail metrics so we do not optimise one number at the expense of another" (a walkthrough's
                    # answer, read as "says what, not why")
                    r"\bso (?=(?:we|you|they|users|customers|the team)\b)|^\W*(if|when|once)\b(?!\s+(i|we)\b)[^,]{3,80},",
                    re.I)
# Words that name nothing about the thing explained, however many of them a clause holds.
_VAGUE = frozenset("""thing things stuff lot lots going go goes get gets got hard easy difficult tricky complicated
complex important good better best bad worse nice simple many much really very way ways kind sort something
everything anything nothing people need needs needed make makes made work works worked well always usually
often sometimes successful success happy consistent common popular useful fine""".split())


def says_something(clause: str) -> bool:
    """At least two words of the clause carry content beyond the vague ones ('of database timeouts' does)."""
    return sum(1 for w in words(clause) if w.lower() not in STOPWORDS and w.lower() not in _VAGUE
               and len(w) > 1) >= 2


def explains_cause(sentence: str) -> bool:
    """The sentence gives a cause, a condition or a consequence and says what it is (see _CAUSE)."""
    for m in _CAUSE.finditer(sentence):
        clause = re.split(r"[,;:.!?]", sentence[m.end():].lstrip(" ,"), maxsplit=1)[0]
        if says_something(clause):
            return True
    return False


def depth_terms(text: str) -> list[str]:
    """Distinct domain terms (any role family's vocabulary and named tools, in the order they appear,
    then two-word terms such as 'design system'), plus complexity notation like 'O(log n)'."""
    low = [w.lower() for w in words(text)]
    found = dict.fromkeys(w for w in low if w in CONCEPTS or w in TOOLS)
    for term in domain_terms(text, []):
        found.setdefault(term, None)
    for m in re.finditer(r"O\([^)]{1,20}\)", text):
        found.setdefault(m.group(0).replace(" ", ""), None)
    return list(found)


def explains_mechanism(text: str) -> bool:
    """Says *why* ('because ...', 'so that ...', 'which means ...'), not only *what* (see explains_cause)."""
    return any(explains_cause(s) for s in sentences(text))
