"""Resumes and retrieval pairs.

A bullet template (data/sources/bullets_*.yaml) is one achievement with its situation, action and
result; filling its slots gives a resume line. Templates are split 70/15/15 (per family) BEFORE any
resume is made, and a resume only uses templates of its own split, so a test bullet is an
achievement the retriever never saw in training, not a train bullet with other numbers.

A resume holds 5-8 bullets with distinct tags: mostly its own family, one or two general ones
(leadership, conflict...), sometimes one from a neighbouring family, as real resumes do. Every
bullet of the resume competes with the right one (hard negatives); distinct tags make the right one
unique.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from interview.labels import ROLE_FAMILIES
from interview.text.clean import clean_text
from training.data.split import stratified_group_split
from training.data.text import fill, norm, sentence

QUERY_JD_WORDS = 32   # words of the job description kept in a retrieval query (MiniLM reads ~128 tokens well)

NEIGHBOURS = {
    "software_engineering": ["frontend", "devops_sre", "data_engineering"],
    "frontend": ["software_engineering", "design"],
    "data_science": ["machine_learning", "data_engineering", "product_management"],
    "machine_learning": ["data_science", "data_engineering", "software_engineering"],
    "data_engineering": ["data_science", "machine_learning", "software_engineering"],
    "devops_sre": ["software_engineering", "security"],
    "security": ["devops_sre", "software_engineering"],
    "product_management": ["design", "data_science"],
    "design": ["product_management", "frontend"],
}


def retrieval_query(job_description: str, question: str) -> str:
    """The text the retriever embeds to find evidence for a question: the first 32 words of the
    cleaned job description, a space, then the question. The app must build queries the same way.

    >>> retrieval_query("Build   payments APIs in Go.", "Tell me about a time you cut latency.")
    'Build payments APIs in Go. Tell me about a time you cut latency.'
    """
    jd = " ".join(clean_text(job_description).split()[:QUERY_JD_WORDS])
    return f"{jd} {clean_text(question)}".strip()


@dataclass
class Template:
    id: str             # "<family>:<n>" or "general:<n>"
    family: str         # a role family, or "general"
    fields: dict        # b, ctx, act, res, q, tq (optional), tag
    split: str = ""

    @property
    def tag(self) -> str:
        return self.fields["tag"]


@dataclass
class Bullet:
    bullet_id: str
    resume_id: str
    text: str
    template: Template
    ctx: str            # the filled situation / action / result, for answers built on this bullet
    act: str
    res: str


@dataclass
class Resume:
    resume_id: str
    family: str
    split: str
    bullets: list[Bullet] = field(default_factory=list)


def load_templates(src: dict) -> tuple[list[Template], dict]:
    """All bullet templates and the merged slot word lists {family: {slot: words}}."""
    templates, slots = [], {}
    for part in ("bullets_a", "bullets_b"):
        for fam, items in src[part].items():
            if fam == "slots":
                for k, v in items.items():
                    slots.setdefault(k, {}).update(v)
                continue
            templates += [Template(f"{fam}:{i}", fam, t) for i, t in enumerate(items)]
    return templates, slots


def split_templates(templates: list[Template], rng: random.Random) -> None:
    splits = stratified_group_split([t.family for t in templates], [t.id for t in templates], rng)
    for t, s in zip(templates, splits):
        t.split = s


def _fill_bullet(t: Template, family: str, slots: dict, rng: random.Random) -> tuple[str, str, str, str]:
    lists = {**slots.get("shared", {}), **slots.get("general", {}), **slots.get(t.family, {}), **slots.get(family, {})}
    values: dict = {}
    f = t.fields
    return (fill(f["b"], values, rng, lists), fill(f["ctx"], values, rng, lists),
            fill(f["act"], values, rng, lists), fill(f["res"], values, rng, lists))


def _pick_templates(family: str, pool: dict[str, list[Template]], rng: random.Random) -> list[Template]:
    own = rng.sample(pool[family], min(len(pool[family]), rng.randint(3, 5)))
    general = rng.sample(pool["general"], min(len(pool["general"]), rng.randint(1, 2)))
    extra = []
    if rng.random() < 0.6:
        nb = [t for n in NEIGHBOURS[family] for t in pool[n]]
        extra = rng.sample(nb, min(len(nb), rng.randint(1, 2)))
    picked, tags = [], set()
    for t in own + general + extra:
        if t.tag not in tags:
            picked.append(t)
            tags.add(t.tag)
    rng.shuffle(picked)
    return picked


def build_resumes(templates: list[Template], slots: dict, n_resumes: int, rng: random.Random) -> list[Resume]:
    """About `n_resumes` resumes, families in turn: 70% of them in train, then validation and test
    resumes until each of those holds 15/70 as many bullets as train. (Counting resumes would not
    do: the evaluation splits have fewer templates per family, so their resumes are shorter.)"""
    families = list(ROLE_FAMILIES)
    seen: set[str] = set()
    resumes: list[Resume] = []

    def one(split: str, i: int, pool: dict) -> Resume:
        fam = families[i % len(families)]
        resume = Resume(f"res-{len(resumes) + 1:04d}", fam, split)
        period = rng.random() < 0.3                     # some people end bullets with a full stop
        for t in _pick_templates(fam, pool, rng):
            for _ in range(5):                         # redraw the numbers on a (rare) collision
                b, ctx, act, res = _fill_bullet(t, fam, slots, rng)
                b = b + "." if period else b
                if norm(b) not in seen:
                    seen.add(norm(b))
                    resume.bullets.append(Bullet(f"b{len(seen):05d}", resume.resume_id, b, t, ctx, act, res))
                    break
        return resume

    train_bullets = 0
    for split in ("train", "validation", "test"):
        pool = {fam: [t for t in templates if t.family == fam and t.split == split] for fam in families + ["general"]}
        n_bullets, i = 0, 0
        while (i < round(n_resumes * 0.70)) if split == "train" else (n_bullets < train_bullets * 0.15 / 0.70):
            resume = one(split, i, pool)
            resumes.append(resume)
            n_bullets += len(resume.bullets)
            i += 1
        if split == "train":
            train_bullets = n_bullets
    return resumes


def questions_for(t: Template, stems: list[str], rng: random.Random, k: int) -> list[str]:
    """Up to `k` questions the template answers: its scenarios under behavioral stems, and its
    technical question."""
    qs = [sentence(rng.choice(stems).format(s=s)) for s in t.fields["q"]]
    if t.fields.get("tq"):
        qs.append(t.fields["tq"])
    rng.shuffle(qs)
    return qs[:k]


@dataclass
class Pair:
    id: str
    resume_id: str
    job_description: str
    question: str
    query: str
    bullet: str
    bullet_id: str
    role_family: str
    split: str


def build_pairs(resumes: list[Resume], postings_by: dict, stems: list[str], rng: random.Random) -> list[Pair]:
    """3-4 (job description + question -> bullet) pairs per bullet; the job description is a posting
    of the resume's family from the same split."""
    pairs = []
    for r in resumes:
        for b in r.bullets:
            for q in questions_for(b.template, stems, rng, rng.randint(3, 4)):
                jd = rng.choice(postings_by[(r.family, r.split)]).description
                pairs.append(Pair(f"pair-{len(pairs) + 1:05d}", r.resume_id, jd, q, retrieval_query(jd, q),
                                  b.text, b.bullet_id, r.family, r.split))
    return pairs


_PRONOUNS = [(r"\bOur\b", "Your"), (r"\bour\b", "your"), (r"\bWe\b", "Your team"), (r"\bwe\b", "your team"),
             (r"\bI\b", "you"), (r"\bmy\b", "your"), (r"\bus\b", "your team")]


def second_person(text: str) -> str:
    """'Our service was slow' -> 'your service was slow' (for follow-up questions)."""
    for pat, rep in _PRONOUNS:
        text = re.sub(pat, rep, text)
    return text[:1].lower() + text[1:] if not text.startswith("Your team") else "your team" + text[9:]


def first_clause(text: str, max_words: int = 10) -> str:
    """'profiled it, found X and fixed Y' -> 'profiled it'."""
    head = re.split(r", | and ", text, maxsplit=1)[0]
    return " ".join(head.split()[:max_words])


def first_person(bullet_text: str) -> str:
    """A resume line as a spoken sentence: 'Cut p95 latency ...' -> 'I cut p95 latency ...'."""
    text = bullet_text.rstrip(".")
    return sentence("I " + (text[:1].lower() + text[1:] if not text[1:2].isupper() else text))

