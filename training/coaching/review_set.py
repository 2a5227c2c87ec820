"""The review set: real interview questions from licensed banks, each with three answers the team wrote.

data/review/part_*.jsonl, one question a line:
    {"id", "question", "question_type", "role_family", "source", "path", "commit", "licence",
     "answers": {"strong", "weak", "off_topic"}}

Halves: within each question type, questions are ordered by a hash of their id and dealt alternately,
so both halves hold every type. The development half may be used to build training data and to choose
rules and thresholds; the final half is read only by training/coaching/evaluate_feedback.py for the reported figures.

A third, separate half, "heldout" (data/review/heldout/part_*.jsonl, ids "h-..."), was written later, on
2026-12-04, after the final half had been read while rules changed: nobody tunes on it, and it is read once
for the session's final figures (card: data/review/README.md). load_all() does not see it, so the two halves
above, and every reader that globs data/review/part_*.jsonl (router training, question evaluation), are
unchanged.

A fourth, "fresh" (data/review/fresh/part_*.jsonl, ids "f-..."), was written on 2026-12-05 from three question
banks no other file of the project uses, after "heldout" had been read twice: the same rules apply, it is read
once, for the final figures of the scoring change it was written before (card: data/review/README.md).

A fifth, "sealed" (data/review/sealed/part_*.jsonl, ids "x-..."), was written on 2026-12-05 from four further banks
after "fresh" had been read twice, before the scoring changes it measures; the lead reads it once, at the end of
that session. Like the two halves before it, load_all() and every glob of data/review/part_*.jsonl never see it.

A sixth, "blind" (data/review/blind/part_*.jsonl, ids "b-..."), was written on 2026-12-05 from two further banks after
every half above had been read and the findings rules had changed; nobody has scored it, and the lead reads it once
(card: data/review/README.md). load_all() and the globs never see it either.

A seventh, "unseen" (data/review/unseen/part_*.jsonl, ids "u-..."), was written on 2026-12-05 from five further banks
after "blind" had been read; nobody has scored it, and the lead reads it once for the final figures (card:
data/review/README.md). load_all() and the globs never see it either.

An eighth, "novel" (data/review/novel/part_*.jsonl, ids "n-..."), was written on 2026-12-05 from five further banks
after "unseen" had been read, for a clean end-of-session figure; the lead read it once at 34b47c5 (card:
data/review/README.md). The halves after the development/final split are the table SEPARATE_HALVES.

A ninth, "untouched" (data/review/untouched/part_*.jsonl, ids "t-..."), was written on 2026-12-05 from eight further banks
after "novel" had been written (11 rows replaced before any reading, for a licence that did not cover them); the lead
read it once at f3365b2 (card: data/review/README.md).

A tenth, "pristine" (data/review/pristine/part_*.jsonl, ids "q-..."), was written on 2026-12-05 from six further banks
after "untouched" had been read; nobody has scored it, and the lead reads it once (card: data/review/README.md).

An eleventh, "reserve" (data/review/reserve/part_*.jsonl, ids "r-..."), was written on 2026-12-06 from four further banks
after "pristine" had been read, for issue 20's final figure; nobody has scored it, and the lead reads it once (card:
data/review/README.md).

A twelfth, "spare" (data/review/spare/part_*.jsonl, ids "y-..."), was written on 2026-12-06 from five further banks,
none used by an earlier half, for issue 20's final figure; nobody has scored it, and the lead reads it once (card:
data/review/README.md).

A thirteenth, "extra" (data/review/extra/part_*.jsonl, ids "z-..."), was written on 2026-12-06 from eight further banks,
none used by an earlier half, for issue 20's final figure; nobody has scored it, and the lead reads it once (card:
data/review/README.md).

    >>> len(load_review_set("development")), len(load_review_set("final")), len(load_review_set("heldout"))
    >>> len(load_review_set("fresh")), len(load_review_set("sealed")), len(load_review_set("blind"))
    >>> len(load_review_set("unseen")), len(load_review_set("novel")), len(load_review_set("untouched"))
    >>> len(load_review_set("pristine")), len(load_review_set("reserve")), len(load_review_set("spare"))
    >>> len(load_review_set("extra"))
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from training.paths import project_path

REVIEW_DIR = "data/review"
HALVES = ("development", "final")
HELDOUT = "heldout"
FRESH = "fresh"
SEALED = "sealed"
BLIND = "blind"
UNSEEN = "unseen"
NOVEL = "novel"
UNTOUCHED = "untouched"
PRISTINE = "pristine"
RESERVE = "reserve"
SPARE = "spare"
EXTRA = "extra"
# The halves written after the development/final split, each in its own folder, in the order they were written. A new
# half is one more line here (and its card section and tests); load_all() and every glob of data/review/part_*.jsonl
# never see these folders.
SEPARATE_HALVES = {name: f"{REVIEW_DIR}/{name}" for name in (HELDOUT, FRESH, SEALED, BLIND, UNSEEN, NOVEL,
                                                                  UNTOUCHED, PRISTINE, RESERVE, SPARE, EXTRA)}
HELDOUT_DIR = SEPARATE_HALVES[HELDOUT]
FRESH_DIR = SEPARATE_HALVES[FRESH]
SEALED_DIR = SEPARATE_HALVES[SEALED]
BLIND_DIR = SEPARATE_HALVES[BLIND]
UNSEEN_DIR = SEPARATE_HALVES[UNSEEN]
NOVEL_DIR = SEPARATE_HALVES[NOVEL]
UNTOUCHED_DIR = SEPARATE_HALVES[UNTOUCHED]
PRISTINE_DIR = SEPARATE_HALVES[PRISTINE]
RESERVE_DIR = SEPARATE_HALVES[RESERVE]
SPARE_DIR = SEPARATE_HALVES[SPARE]
EXTRA_DIR = SEPARATE_HALVES[EXTRA]
ANSWER_KINDS = ("strong", "weak", "off_topic")


def _key(qid: str) -> str:
    return hashlib.sha1(qid.encode()).hexdigest()


def _read_parts(folder: str) -> list[dict]:
    rows = []
    for path in sorted(project_path(folder).glob("part_*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def load_all() -> list[dict]:
    """The development and final halves (data/review/part_*.jsonl); never the folders of SEPARATE_HALVES."""
    return _read_parts(REVIEW_DIR)


def load_separate(half: str) -> list[dict]:
    """One of SEPARATE_HALVES (data/review/<half>/part_*.jsonl), each row marked with its half."""
    return [dict(r, half=half) for r in _read_parts(SEPARATE_HALVES[half])]


def load_heldout() -> list[dict]:
    """The held-out half (data/review/heldout/part_*.jsonl), kept apart from the halves that were tuned on."""
    return load_separate(HELDOUT)


def load_fresh() -> list[dict]:
    """The fresh half (data/review/fresh/part_*.jsonl), written before the scoring change it measures."""
    return load_separate(FRESH)


def load_sealed() -> list[dict]:
    """The sealed half (data/review/sealed/part_*.jsonl), written before the scoring changes it measures."""
    return load_separate(SEALED)


def load_blind() -> list[dict]:
    """The blind half (data/review/blind/part_*.jsonl), unscored until the lead reads it once."""
    return load_separate(BLIND)


def load_unseen() -> list[dict]:
    """The unseen half (data/review/unseen/part_*.jsonl), unscored until the lead reads it once."""
    return load_separate(UNSEEN)


def load_novel() -> list[dict]:
    """The novel half (data/review/novel/part_*.jsonl), unscored until the lead reads it once."""
    return load_separate(NOVEL)


def load_untouched() -> list[dict]:
    """The untouched half (data/review/untouched/part_*.jsonl), unscored until the lead reads it once."""
    return load_separate(UNTOUCHED)


def load_pristine() -> list[dict]:
    """The pristine half (data/review/pristine/part_*.jsonl), unscored until the lead reads it once."""
    return load_separate(PRISTINE)


def load_reserve() -> list[dict]:
    """The reserve half (data/review/reserve/part_*.jsonl), unscored until the lead reads it once."""
    return load_separate(RESERVE)


def load_spare() -> list[dict]:
    """The spare half (data/review/spare/part_*.jsonl), unscored until the lead reads it once."""
    return load_separate(SPARE)


def load_extra() -> list[dict]:
    """The extra half (data/review/extra/part_*.jsonl), unscored until the lead reads it once."""
    return load_separate(EXTRA)


def every_review_question() -> list[str]:
    """The question texts of every half: what training data built from other sources must not contain."""
    rows = load_all() + [r for half in SEPARATE_HALVES for r in load_separate(half)]
    return [r["question"] for r in rows]


def half_of(rows: list[dict]) -> dict[str, str]:
    """{question id: half}."""
    by_type = defaultdict(list)
    for r in rows:
        by_type[r["question_type"]].append(r["id"])
    out = {}
    for ids in by_type.values():
        for i, qid in enumerate(sorted(ids, key=_key)):
            out[qid] = HALVES[i % 2]
    return out


def load_review_set(half: str | None = None) -> list[dict]:
    """Every question of the development and final halves, or those of one half (any of SEPARATE_HALVES included)."""
    if half in SEPARATE_HALVES:
        return load_separate(half)
    rows = load_all()
    halves = half_of(rows)
    return [dict(r, half=halves[r["id"]]) for r in rows if half is None or halves[r["id"]] == half]
