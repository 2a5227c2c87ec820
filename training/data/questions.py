"""The question pool: interview questions of the four types, composed from the hand-written stems
and topics of data/sources/questions_*.yaml.

Every question carries a `group`: the topic it was made from. Questions of one group differ only in
their stem ("Tell me about a time you X" / "Describe a situation where you X"), so the split keeps a
group on one side; a test question is then a topic the classifier and generator never saw.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from interview.labels import BANDS, ROLE_FAMILIES
from training.data.text import cap, sentence



@dataclass
class Question:
    question: str
    type: str
    role_family: str
    difficulty: str
    group: str          # topic key; questions sharing it are never split apart
    split: str = ""


def _stemmed(rng: random.Random, stems: list[str], k: int, **slots) -> list[str]:
    """`k` distinct stems filled with the same topic."""
    return [s.format(**slots) for s in rng.sample(stems, min(k, len(stems)))]


def _behavioral(src: dict, rng: random.Random) -> list[Question]:
    beh = src["questions_behavioral"]
    families = list(ROLE_FAMILIES)
    out: list[Question] = []

    def add(texts, fam, diff, group):
        for t in texts:
            if rng.random() < 0.35 and t.endswith("."):
                t += rng.choice(beh["tails"])
            out.append(Question(t, "behavioral", fam, diff, group))

    for diff in BANDS:
        for i, s in enumerate(beh["shared"][diff]["past"]):
            for fam in rng.sample(families, 3):
                add(_stemmed(rng, beh["past_stems"], 3, s=s), fam, diff, f"beh:shared:{diff}:{i}")
        for i, h in enumerate(beh["shared"][diff]["hypo"]):
            for fam in rng.sample(families, 2):
                add(_stemmed(rng, beh["hypo_stems"], 3, h=h), fam, diff, f"beh:hypo:{diff}:{i}")
        for i, q in enumerate(beh["fixed"][diff]):
            out.append(Question(q, "behavioral", rng.choice(families), diff, f"beh:fixed:{diff}:{i}"))
    for fam in families:
        for i, (diff, *rest) in enumerate(beh["by_family"][fam]):
            s = ", ".join(rest)  # an unquoted comma in a YAML flow list splits the scenario
            add(_stemmed(rng, beh["past_stems"], 4, s=s), fam, diff, f"beh:{fam}:{i}")
    return out


def _technical(src: dict, rng: random.Random) -> list[Question]:
    tech = src["questions_technical"]
    out = []
    for fam in ROLE_FAMILIES:
        for diff in BANDS:
            block = tech[fam][diff]
            for i, c in enumerate(block.get("concepts", [])):
                for t in _stemmed(rng, tech["concept_stems"], 3, c=c):
                    out.append(Question(t, "technical", fam, diff, f"tech:{fam}:{diff}:c{i}"))
            for i, (a, b) in enumerate(block.get("pairs", [])):
                for t in _stemmed(rng, tech["pair_stems"], 3, a=a, b=b, A=cap(a)):
                    out.append(Question(t, "technical", fam, diff, f"tech:{fam}:{diff}:p{i}"))
            for i, q in enumerate(block.get("full", [])):
                out.append(Question(q, "technical", fam, diff, f"tech:{fam}:{diff}:f{i}"))
    return out


def _system_design(src: dict, rng: random.Random) -> list[Question]:
    sd = src["questions_system_design"]
    out = []
    for fam in ROLE_FAMILIES:
        product = fam in ("product_management", "design")
        stems = sd["product_stems"] if product else sd["stems"]
        constraints = sd["constraints"]["product" if product else "tech"]
        for diff in BANDS:
            for i, x in enumerate(sd[fam][diff]):
                for t in _stemmed(rng, stems, 4, x=x):
                    if rng.random() < 0.5:
                        t += rng.choice(constraints)
                    out.append(Question(t, "system_design", fam, diff, f"sd:{fam}:{diff}:{i}"))
    return out


def _coding(src: dict, rng: random.Random) -> list[Question]:
    cod = src["questions_coding"]
    out = []
    for fam in ROLE_FAMILIES:
        block = cod[fam]
        for diff in BANDS:
            items = block.get(diff, {})
            for i, t in enumerate(items.get("tasks", [])):
                for q in _stemmed(rng, cod["stems"], 4, t=t, lang=rng.choice(block["lang"])):
                    out.append(Question(q, "coding", fam, diff, f"code:{fam}:{diff}:t{i}"))
            for i, t in enumerate(items.get("sql", [])):
                for q in _stemmed(rng, cod["sql_stems"], 3, t=t):
                    out.append(Question(q, "coding", fam, diff, f"code:{fam}:{diff}:s{i}"))
            for i, q in enumerate(items.get("full", [])):
                out.append(Question(q, "coding", fam, diff, f"code:{fam}:{diff}:f{i}"))
    return out


def build_questions(src: dict, rng: random.Random) -> list[Question]:
    """Every question the sources can make (before cleaning and de-duplication)."""
    out = _behavioral(src, rng) + _technical(src, rng) + _system_design(src, rng) + _coding(src, rng)
    for q in out:
        q.question = sentence(q.question)
    return out
