"""Shared helpers of the dataset generator: the hand-written source files, slot filling, and the
text normalisation used for de-duplication.

Every random choice goes through a `random.Random` seeded with a string (stable across runs and
Python hash seeds), and nothing iterates over a set, so a build is byte-identical for a seed.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from interview.text.clean import clean_text

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"

# {name=lo..hi} draws an integer; {name} reuses a drawn value or picks from a word list.
_SLOT = re.compile(r"\{(\w+)(?:=(\d+)\.\.(\d+))?\}")


def load_sources(folder: Path = SOURCES) -> dict[str, dict]:
    """Every YAML file of data/sources, keyed by file stem ("families", "bullets_a", ...)."""
    import yaml

    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))}


def rng_for(seed: int, *parts: str) -> random.Random:
    """An independent, reproducible stream per component, so adding rows to one file does not
    reshuffle another."""
    return random.Random("-".join([str(seed), *parts]))


def nice_number(lo: int, hi: int, rng: random.Random) -> int:
    """A number a person would write on a resume: 437 reads as generated, 440 does not."""
    n = rng.randint(lo, hi)
    if n >= 1000:
        return int(round(n, -2))
    if n >= 100:
        return int(round(n, -1))
    return n


def fill(template: str, values: dict, rng: random.Random, lists: dict[str, list] | None = None) -> str:
    """Fill the slots of `template`; values drawn here are stored in `values` so the other fields
    of the same record (situation, result...) reuse them."""
    lists = lists or {}

    def one(m: re.Match) -> str:
        name, lo, hi = m.group(1), m.group(2), m.group(3)
        if name not in values:
            if lo is not None:
                values[name] = str(nice_number(int(lo), int(hi), rng))
            elif name in lists:
                values[name] = str(rng.choice(lists[name]))
            else:
                raise KeyError(f"slot '{name}' in {template!r} has no value and no word list")
        return values[name]

    return _SLOT.sub(one, template)


def norm(text: str) -> str:
    """Normalised form for exact-duplicate checks: lower case, letters and digits only."""
    text = clean_text(text).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """'Design, build...' -> 'design, build...', but keep acronyms and names ('SQL', 'PyTorch')."""
    if len(text) > 1 and (text[1].isupper() or text.split(" ")[0] in _KEEP_CASE):
        return text
    return text[:1].lower() + text[1:]


_KEEP_CASE = {"I", "Kubernetes", "Python", "Java", "Go", "Airflow", "Figma", "React", "Spark", "Terraform"}


def sentence(text: str) -> str:
    """Capitalised, ending with one full stop (unless it already ends with ? or !)."""
    text = cap(text.strip())
    return text if text.endswith((".", "?", "!")) else text + "."


def words(text: str) -> int:
    return len(text.split())


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]
