"""Job postings for the router (encoder) dataset: title + description + the user's hardness, with
the labels the router must predict.

Label rules (also written in data/README.md):
- difficulty band: a seniority cue in the title or description decides (intern/junior/entry -> easy,
  "II"/"3+ years" -> medium, senior/staff/principal/lead/"5+ years" -> hard). The user's hardness
  moves it one step only when it points at the opposite extreme (Intern + hard -> medium,
  Principal + easy -> medium). With no cue at all, the band is the hardness.
- interview types: a function of family and band, see `interview_types`.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from interview.labels import BANDS, ROLE_FAMILIES
from training.data.text import cap, fill, lower_first, sentence, weighted

ENGINEERING = {"software_engineering", "frontend", "machine_learning", "data_engineering", "devops_sre"}
CODING_FAMILIES = ENGINEERING | {"data_science", "security"}   # SQL / scripting rounds count as coding


def difficulty_band(hardness: str, seniority: int | None) -> str:
    """The band from the user's hardness and the posting's seniority index (None = no cue).

    >>> difficulty_band("hard", 0), difficulty_band("medium", 0), difficulty_band("easy", None)
    ('medium', 'easy', 'easy')
    """
    from interview.routing.band import SENIORITY, move_band   # one rule for the data and the router

    return move_band(hardness, "none" if seniority is None else SENIORITY[seniority + 1])


def interview_types(family: str, band: str) -> list[str]:
    """The interview mix for a request, in INTERVIEW_TYPES order.

    Everyone gets behavioral and technical (for product managers "technical" is product sense and
    metrics, for designers craft and critique). Coding for engineering, data science (SQL/Python)
    and security (scripting, secure code review). System design from medium up for engineering
    families, and only at hard for data science, security, product and design, where it means
    experimentation platforms, secure architectures, and end-to-end product/experience design.
    """
    types = ["behavioral", "technical"]
    if band == "hard" or (band == "medium" and family in ENGINEERING):
        types.append("system_design")
    if family in CODING_FAMILIES:
        types.append("coding")
    return types


@dataclass
class Posting:
    job_title: str
    description: str
    hardness: str
    role_family: str
    interview_types: list[str]
    difficulty_band: str
    level: str                                      # none, intern, junior, mid, senior, staff, principal, lead
    cue_in: str                                     # where the seniority cue is: none, title, description, both
    form: str                                       # full, paragraph, short, line
    techs: list[str] = field(default_factory=list)  # the stack named in the posting
    split: str = ""


FORMS = {"full": 34, "paragraph": 34, "short": 20, "line": 12}
CUE_PLACES = {"title": 40, "description": 25, "both": 35}


def _title(fam: dict, levels: dict, rng: random.Random, level_weights: dict) -> tuple[str, str, bool]:
    """(title, level, title_has_cue)."""
    if rng.random() < 0.2:
        title, level = rng.choice(fam["fixed_titles"])
        if level != "none":
            return title, level, True
        return title, weighted(rng, level_weights), False
    return rng.choice(fam["titles"]), weighted(rng, level_weights), None  # None: caller decides


_GENERIC = {"engineer", "developer", "software", "data", "senior", "junior", "lead", "team", "manager", "and", "of", "on", "-"}


def _stacks_for(title: str, stacks: list[list[str]]) -> list[list[str]]:
    """Stacks that agree with a title naming a technology ("Go Engineer" gets a Go stack)."""
    title_words = set(title.lower().replace(",", " ").split()) - _GENERIC
    fits = [s for s in stacks if title_words & {w for t in s for w in t.lower().split()}]
    return fits or stacks


def _bullets(items: list[str], mark: str) -> str:
    return "\n".join(f"{mark}{cap(i)}" for i in items)


def _inline(item: str) -> str:
    """'Harden clusters: a, b' -> 'harden clusters (a, b)', for running text."""
    head, sep, tail = item.partition(": ")
    return lower_first(f"{head} ({tail})" if sep else item)


def _header(name: str, style: int) -> str:
    return [f"{name}:", f"## {name}", name.upper(), f"{name}"][style]


def make_posting(src: dict, family: str, rng: random.Random) -> Posting:
    fams, post = src["families"], src["postings"]
    fam, levels = fams[family], post["levels"]
    title, level, title_cue = _title(fam, levels, rng, post["level_weights"])
    cue_in = "none"
    if level != "none":
        if title_cue is None:                       # a plain base title: place the cue
            cue_in = weighted(rng, CUE_PLACES)
            if cue_in in ("title", "both"):
                title = rng.choice(levels[level]["title"]).format(title=title)
        else:                                       # fixed title: it carries the cue or it does not
            cue_in = "title" if title_cue else "description"
            if title_cue and rng.random() < 0.4:
                cue_in = "both"
    stack = list(rng.choice(_stacks_for(title, fam["stacks"])))
    values = {f"tech{i + 1}" if i else "tech": t for i, t in enumerate(stack)}
    values["team"] = rng.choice(fam["teams"])
    form = weighted(rng, FORMS)
    desc_cue = cue_in in ("description", "both")
    lvl = levels.get(level, {})

    def f(t: str) -> str:
        return fill(t, values, rng)

    if form == "full":
        style = rng.randrange(4)
        mark = rng.choice(post["bullet_marks"])
        h = {k: rng.choice(v) for k, v in post["headers"].items()}
        parts = []
        if rng.random() < 0.8:
            parts.append(rng.choice(post["companies"]))
        role = sentence(f(rng.choice(fam["pitch"])))
        if level != "none" and desc_cue and rng.random() < 0.7:
            role += " " + rng.choice(post["level_flavour"][lvl["index"]])
        parts.append(f"{_header(h['about_role'], style)}\n{role}")
        does = [f(d) for d in rng.sample(fam["does"], rng.randint(3, 6))]
        parts.append(f"{_header(h['does'], style)}\n{_bullets(does, mark)}")
        needs = [f(n) for n in rng.sample(fam["needs"], rng.randint(3, 5))]
        if desc_cue:
            needs.insert(rng.randrange(2), rng.choice(lvl["cue"]))
        parts.append(f"{_header(h['needs'], style)}\n{_bullets(needs, mark)}")
        if rng.random() < 0.5:
            nice = [f(n) for n in rng.sample(fam["nice"], rng.randint(1, 3))]
            parts.append(f"{_header(h['nice'], style)}\n{_bullets(nice, mark)}")
        if rng.random() < 0.4:
            perks = rng.sample(post["perks"], rng.randint(2, 4))
            parts.append(f"{_header(h['perks'], style)}\n{_bullets(perks, mark)}")
        description = "\n\n".join(parts)
    elif form == "paragraph":
        out = []
        if rng.random() < 0.5:
            out.append(rng.choice(post["companies"]))
        does = [_inline(f(d)) for d in rng.sample(fam["does"], rng.randint(2, 3))]
        lead = rng.choice(["You will", "In this role you will", f"On the {values['team']} team you will", "You'll"])
        out.append(f"{lead} {', '.join(does[:-1])} and {does[-1]}.")
        needs = [_inline(f(n)) for n in rng.sample(fam["needs"], rng.randint(1, 3))]
        out.append(rng.choice(["We are looking for: ", "You bring: ", "Requirements: ", "What we need: "]) + "; ".join(needs) + ".")
        if desc_cue:
            out.append(sentence(rng.choice(lvl["cue"])))
            if rng.random() < 0.5:
                out.append(rng.choice(post["level_flavour"][lvl["index"]]))
        description = " ".join(out)
    elif form == "short":
        out = sentence(f(rng.choice(fam["pitch"])))
        if desc_cue:
            out += " " + sentence(rng.choice(lvl["short"] + lvl["cue"]))
        if rng.random() < 0.6:
            out += " " + sentence(rng.choice(post["locations"]))
        description = out
    else:  # a title-ish line, as people paste from a job board
        bits = [cap(values["team"]) + rng.choice([" team", "", " squad"]), ", ".join(stack[:rng.randint(2, 4)])]
        if desc_cue:
            bits.append(rng.choice(lvl["short"]))
        if rng.random() < 0.6:
            bits.append(rng.choice(post["locations"]))
        rng.shuffle(bits)
        description = rng.choice([" | ", " · ", " - ", ", "]).join(bits)

    hardness = rng.choice(BANDS)
    seniority = levels[level]["index"] if level != "none" else None
    band = difficulty_band(hardness, seniority)
    return Posting(title, description, hardness, family, interview_types(family, band), band, level, cue_in, form,
                   stack)


def build_postings(src: dict, n: int, rng: random.Random) -> list[Posting]:
    """`n` postings, families in equal shares."""
    families = list(ROLE_FAMILIES)
    return [make_posting(src, families[i % len(families)], rng) for i in range(n)]
