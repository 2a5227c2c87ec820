"""The rubric's dimensions other than relevance (coaching/scoring.py): each reads the answer and gives 0-5 points
and the one-line reason the score table shows. The rules per dimension are in scoring.py's docstring."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from interview.coaching.length import length_points, norm_for
from interview.generation.prompts import TECHNICAL_TYPES
from interview.speech.delivery import delivery_points
from interview.text import explanation, star, stated, tokens


@dataclass
class Dimension:
    name: str
    score: int      # 0-5
    reason: str     # one line, shown to the user

    def __post_init__(self):
        self.score = int(max(0, min(5, self.score)))   # plain int even when a rule yields numpy/bool


def band(value: float, cuts) -> int:
    """Points = how many of the ascending `cuts` the value reaches (0..len(cuts))."""
    return sum(value >= c for c in cuts)


def specificity_dimension(answer: str) -> Dimension:
    nums, outcome = star.quantities(answer), stated.stated_outcome(answer)
    named = star.names_as_written(star.named_tools(answer), answer)     # "Looker Studio" is one tool
    score = min(5, min(2, len(nums)) + (0 if not named else 1 if len(named) <= 2 else 2) + (1 if outcome else 0))
    parts = [f"{len(nums)} number{'s' * (len(nums) != 1)}" + (f" ({', '.join(nums[:3])})" if nums else ""),
             # acronyms count too: "1 named tool (API)" read oddly in a walkthrough's score table
             f"{len(named)} named tool{'s' * (len(named) != 1)} or term{'s' * (len(named) != 1)}"
             + (f" ({', '.join(named[:3])})" if named else ""),
             f'outcome: "{outcome}"' if outcome else "no outcome stated"]
    return Dimension("specificity", score, "; ".join(parts) + ".")


def structure_dimension(answer: str, question_type: str) -> tuple[Dimension, list[str]]:
    """(structure dimension, missing parts). Behavioral: STAR; other types: explanation parts."""
    if question_type in TECHNICAL_TYPES:
        p = explanation.explanation_parts(answer)
        found = [n for n, ok in (("approach", p.approach), ("steps", p.steps), ("trade-offs", p.tradeoffs),
                                 ("example", p.example), ("measure", p.measure)) if ok]
        reason = f"Explanation has {', '.join(found) or 'no clear parts'}"
        reason += f"; add {' and '.join(p.missing)}." if p.missing else "."
        return Dimension("structure", p.count, reason), p.missing
    p = star.star_parts(answer)
    missing = p.missing + ([] if p.quantified else ["numbers"])
    found = [n for n in ("situation", "task", "action", "result") if n not in p.missing]
    reason = f"STAR parts found: {', '.join(found) or 'none'}"
    reason += "; the result is quantified." if p.quantified else ("; the result has no number." if p.result else ".")
    return Dimension("structure", min(5, p.count + p.quantified), reason), missing


def length_dimension(n_words: int, follow_up: bool = False) -> Dimension:
    return Dimension("length", *length_points(n_words, norm_for(follow_up)))


def technical_depth_dimension(answer: str, n_words: int) -> Dimension:
    terms = explanation.depth_terms(answer)
    count = len(terms) / 2 if n_words and len(terms) / n_words > 0.3 else len(terms)  # keyword stuffing
    why = explanation.explains_mechanism(answer)
    score = min(5, band(count, (1, 3, 6, 10)) + why)
    shown = sorted(terms, key=lambda t: -len(t))[:4]   # the most specific, not the first ("user, service, set")
    reason = f"{len(terms)} domain term{'s' * (len(terms) != 1)}" + (f" ({', '.join(shown)})" if terms else "")
    reason += "; explains why." if why else "; says what, not why."
    return Dimension("technical_depth", score, reason)


def evidence_dimension(answer: str, sents: list[str], bullets: list[str], vectors: dict | None) -> Dimension:
    ans = tokens.content_stems(answer)
    shares = [len(tokens.content_stems(b) & ans) / max(1, len(tokens.content_stems(b))) for b in bullets]
    if vectors is not None:
        sims = (vectors["b"] @ vectors["s"].T).max(axis=1)          # best answer sentence per bullet
        pts = [band(float(sim), (0.35, 0.5, 0.65)) + band(sh, (0.25, 0.5)) for sim, sh in zip(sims, shares)]
    else:
        pts = [min(5, round(5 * sh)) for sh in shares]
    best = max(range(len(bullets)), key=lambda i: (pts[i], shares[i]))
    score = min(5, pts[best])
    if score == 0:
        return Dimension("evidence", 0, "Does not use your resume; tie the answer to your own experience.")
    quote = evidence_quote(bullets[best])
    lead = "Uses your experience" if score >= TALKS_ABOUT else "Only loosely tied to your experience; closest"  # 1/5: often one shared word
    how = f"{shares[best]:.0%} of its words" if shares[best] else "close in meaning, in other words"  # not "0% of"
    return Dimension("evidence", score, f"{lead}: \"{quote}\" ({how}).")


TALKS_ABOUT = 2   # evidence points from which the answer talks about the bullet (1/5 is often one shared word)


def evidence_quote(bullet: str) -> str:
    """How the evidence row quotes a bullet: cut at a word with an ellipsis ("[:70]" showed "... repeat incidents"
    as "... repea" in a browser walkthrough)."""
    return textwrap.shorten(bullet, width=70, placeholder=" …")


def talked_about_bullet(dims: list[Dimension], bullets: list[str]) -> int | None:
    """The index in `bullets` of the bullet the evidence row quotes as the one the answer talks about (None when
    the answer talks about none). The resume panel lists it first, so the panel and the score table name the same
    bullet: a walkthrough's panel said "First the bullet your answer talks about" over a disaster-recovery bullet
    while the evidence row quoted the monitoring bullet the answer was about."""
    row = next((d for d in dims if d.name == "evidence"), None)
    if row is None or row.score < TALKS_ABOUT:
        return None
    return next((i for i, b in enumerate(bullets) if f'"{evidence_quote(b)}"' in row.reason), None)


def delivery_dimension(delivery: dict, n_words: int) -> Dimension | None:
    """Pace, fillers and pauses of a spoken answer (speech.delivery.delivery_points); None without timing."""
    points = delivery_points(delivery)
    return Dimension("delivery", *points) if points else None
