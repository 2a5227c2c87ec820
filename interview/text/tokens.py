"""The project's tokenizer: sentences, words, stems and stopwords, for every rule that reads text
(the STAR rules in star.py, scoring, the feedback gate, the posting's topics, the evaluations).

    >>> sentences("I led it, e.g. the API. It shipped!"), words("CI/CD in O(n) time, don't")
    (['I led it, e.g. the API.', 'It shipped!'], ['CI/CD', 'in', 'O', 'n', 'time', "don't"])
    >>> sorted(content_stems("Automated the deployments"))
    ['automa', 'deploy']
"""
from __future__ import annotations

import re

_ABBREV = re.compile(r"\b(e\.g|i\.e|etc|vs|approx|incl|dr|mr|ms|mrs|no)\.$", re.I)
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+|\s+[-*\u2022]\s+(?=[A-Z])")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'+#_.\-/]*")

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not of off on once
only or other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours us let lets i'm i've i'd we'd we've it's that's don't
didn't doesn't isn't wasn't can't won't would've tell describe explain give example time
""".split())


def sentences(text: str) -> list[str]:
    """Split into sentences on . ! ? and line breaks; 'e.g.' and 'vs.' do not end a sentence."""
    out: list[str] = []
    for piece in _SPLIT.split(text.strip()):
        piece = piece.strip()
        if not piece:
            continue
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def words(text: str) -> list[str]:
    """Word tokens (numbers, 'CI/CD', 'O(n)' pieces and 'don't' count as one word each)."""
    return [w.rstrip(".-/") for w in WORD.findall(text) if w.rstrip(".-/")]


def stem(word: str) -> str:
    """A crude suffix stripper, enough to match 'indexes'/'index' and 'migrated'/'migration'."""
    w = word.lower().strip("'")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


# Words that lead into what follows them: a text cut after one reads as broken off ("...service to a").
LEADS_ON = frozenset("a an the to of for in on at by with from into onto and or but so that which who whose as than "
                     "our my your their its his her this these those is are was were be bring "
                     # a quote cut at "... I realised the part I loved most was" stops before its point (a walkthrough);
                     # "not" stays, since "... the user did" says the opposite of "... the user did not"
                     "very also only just both either neither when where if because while whether "
                     "i we you they it he she".split())


def cut_words(words: list[str], limit: int, keep: int = 3) -> list[str]:
    """The first `limit` words, less any trailing LEADS_ON words (at least `keep` stay); unchanged when short."""
    if len(words) <= limit:
        return words
    words = words[:limit]
    while len(words) > keep and words[-1].lower().strip(",;:") in LEADS_ON:
        words = words[:-1]
    return words


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry meaning (stopwords dropped), cut to 6 letters so that
    'automated' / 'automatically' and 'mentored' / 'mentoring' match."""
    return {stem(w)[:6] for w in words(text) if w.lower() not in STOPWORDS and len(w) > 1}
