"""A fresh held-out check of the answer bank: questions from sources the bank and its first evaluation never
used, looked up once, every shown answer judged by a person before anything changes.

    python -m training.answer_bank.evaluate_fresh --step collect   # append new sources' questions (from the mirrors)
    python -m training.answer_bank.evaluate_fresh --step lookup    # look up rows not yet looked up -> fresh_rows + sheet
    python -m training.answer_bank.evaluate_fresh             # fold eval/fresh_verdicts.jsonl into the metrics

Why a second check: the first review sheet (training/answer_bank/evaluate.py) was read twice with fixes
in between, so its 96% is not a held-out figure. Here the questions come from permissively licensed
repositories that give the bank nothing and are not reserved (FRESH_SOURCES), the lookup is the
app's (`AnswerBank.lookup` with the question's role family, the committed threshold), and the verdicts
(on the asked topic: yes / partly / no) are written into eval/fresh_verdicts.jsonl by hand after one run.
Behavioural questions are left out (the bank never answers them by design).

Both steps only append: `collect` keeps every row of eval/fresh_questions.jsonl as it is and draws only the
sources of a batch that has no row yet (so adding a batch never redraws, renumbers or re-reads an earlier one,
and the earlier sources' mirrors are not needed); `lookup` looks up only the questions without a row.
"""
from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from interview.retrieval.answer_bank import BANK_PATH, BEHAVIOURAL
from training.answer_bank.fresh_sources import FRESH_SOURCES, _read
from training.options import parse_options

STEPS = ("collect", "lookup", "report", "reread")


@dataclass
class Config:
    step: str = "report"    # collect: write the question file from the mirrors; lookup: the one lookup; report;
    #                         reread: a second reading of batches 1-5 with the current lookup (fresh_reread.json)


EVAL_DIR = BANK_PATH.parent / "eval"
QUESTIONS = EVAL_DIR / "fresh_questions.jsonl"
ROWS = EVAL_DIR / "fresh_rows.jsonl"
SHEET = EVAL_DIR / "fresh_review_sheet.md"
VERDICTS = EVAL_DIR / "fresh_verdicts.jsonl"
METRICS = EVAL_DIR / "fresh_metrics.json"
REREAD = EVAL_DIR / "fresh_reread.json"
REREAD_VERDICTS = EVAL_DIR / "fresh_reread_verdicts.jsonl"   # verdicts of answers the reread shows anew
REREAD_BATCHES = 5      # batches 1-5 were looked up with the lookup before the whole-question rule
PER_SOURCE = 25          # questions drawn per source (seeded), so no one source dominates
SEED = 21
# Questions about the candidate's own past that BEHAVIOURAL does not catch ("Tell me about building a PM team")
PERSONAL = re.compile(r"^(tell me about|what did you|walk me through (a|your)|describe (a|your))\b", re.I)

# The sources and their readers: training/answer_bank/fresh_sources.py. Batches 1-4 were collected before
# batches were recorded in the rows; their rows carry no "batch" field.
LEGACY_BATCHES = 4


def _norm(question: str) -> str:
    return re.sub(r"\W+", " ", question.lower()).strip()


def _batch(source: tuple) -> int:
    """The batch a FRESH_SOURCES entry belongs to (0: one of the legacy batches 1-4)."""
    return source[7] if len(source) > 7 else 0


def _collected(source: tuple, rows: list[dict]) -> bool:
    """True when the file already holds this source's draw: any row at all for a legacy source (batches 1-4
    were written together with one shared random stream), else a row of the same batch, repository and family."""
    if not _batch(source):
        return bool(rows)
    return any(r.get("batch") == _batch(source) and r["source"] == source[0] and r["role_family"] == source[3]
               for r in rows)


def draw(sources: list[tuple], rows: list[dict], bank_questions: set[str], read=None) -> list[dict]:
    """`rows` (kept as they are) plus the draw of every source not yet collected, numbered on from the last id.
    A legacy source draws from the shared stream seeded SEED (as batches 1-4 were); a later batch's source draws
    from a stream of its own, so adding or reordering sources never changes another source's draw. Questions
    already in `rows` (or drawn earlier in this call), bank questions, behavioural and personal ones are left out."""
    read = read or _read
    out, legacy_rng = list(rows), random.Random(SEED)
    seen = {_norm(r["question"]) for r in out}
    next_id = max((int(r["id"].split("-")[1]) for r in out), default=0) + 1
    for source in sources:
        repo, commit, licence, family, qtype, how, *rest = source
        if _collected(source, rows):
            continue
        pairs = [(q, p) for q, p in dict.fromkeys(read(repo, commit, how))
                 if not BEHAVIOURAL.search(q) and not PERSONAL.match(q) and "[" not in q
                 and _norm(q) not in bank_questions and not (_batch(source) and _norm(q) in seen)]
        rng = random.Random(f"{SEED}-{_batch(source)}-{repo}-{family}") if _batch(source) else legacy_rng
        for q, path in rng.sample(pairs, min(rest[0] if rest else PER_SOURCE, len(pairs))):
            row = {"question": q, "role_family": family, "question_type": qtype, "source": repo,
                   "commit": commit, "path": path, "licence": licence, "id": f"fresh-{next_id:03d}"}
            if _batch(source):
                row["batch"] = _batch(source)
            out.append(row)
            seen.add(_norm(q))
            next_id += 1
    return out


def collect() -> list[dict]:
    """Append the questions of sources not yet collected to QUESTIONS; the rows already there stay byte for byte."""
    bank_questions = {_norm(json.loads(l)["question"]) for l in BANK_PATH.read_text().splitlines()}
    rows = [json.loads(l) for l in QUESTIONS.read_text().splitlines()] if QUESTIONS.exists() else []
    out = draw(FRESH_SOURCES, rows, bank_questions)
    with open(QUESTIONS, "a" if rows else "w") as f:
        f.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out[len(rows):]))
    return out


def look_up_new(questions: list[dict], rows: list[dict], lookup) -> list[dict]:
    """`rows` (kept as they are: earlier lookups, already judged) plus a row for each question that has none,
    from `lookup(question, role_family)` (a BankAnswer or None). No question is looked up twice."""
    done = {r["id"] for r in rows}
    out = list(rows)
    for q in questions:
        if q["id"] in done:
            continue
        hit = lookup(q["question"], q["role_family"])
        out.append({**q, "shown": hit is not None, "score": round(hit.score, 4) if hit else None,
                    "bank_question": hit.question if hit else None, "bank_answer": hit.answer if hit else None,
                    "bank_source": hit.source_repo if hit else None})
    return out


def lookup_once() -> list[dict]:
    """The app's lookup for every fresh question without a row (the sheet is written for a person to judge)."""
    from interview.retrieval.answer_bank import load_answer_bank

    questions = [json.loads(l) for l in QUESTIONS.read_text().splitlines()]
    rows = [json.loads(l) for l in ROWS.read_text().splitlines()] if ROWS.exists() else []
    if len(rows) < len(questions):   # load the bank (and the encoder) only when there is something to look up
        rows = look_up_new(questions, rows, load_answer_bank().lookup)
    ROWS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    write_sheet(rows, _verdicts())
    return rows


def _verdicts() -> dict[str, dict]:
    if not VERDICTS.exists():
        return {}
    return {v["id"]: v for v in (json.loads(l) for l in VERDICTS.read_text().splitlines())}


def write_sheet(rows: list[dict], verdicts: dict[str, dict]) -> None:
    """The review sheet: every shown answer against its question, with its verdict once one is written."""
    lines = ["# Fresh answer-bank review sheet", "",
             "Each shown bank answer, read against the asked question: `yes` (answers the asked topic), `partly`"
             " (the right area, not the asked point), `no`. Verdicts go to fresh_verdicts.jsonl.", ""]
    for r in (r for r in rows if r["shown"]):
        v = verdicts.get(r["id"])
        lines += [f"## {r['id']} ({r['role_family']}, {r['source']}, batch {r.get('batch', '1-4')})",
                  f"Asked: {r['question']}",
                  f"Bank question ({r['score']}): {r['bank_question']}", f"Bank answer: {r['bank_answer'][:600]}",
                  f"Verdict: {v['verdict']} ({v['why']})" if v else "Verdict: (not judged yet)", ""]
    SHEET.write_text("\n".join(lines) + "\n")


def _rate(counts: Counter) -> dict:
    n = sum(counts.values())
    return {"judged": n, "verdicts": dict(counts), "on_topic_rate": round(counts["yes"] / max(n, 1), 4)}


def report() -> dict:
    rows = [json.loads(l) for l in ROWS.read_text().splitlines()]
    verdicts = _verdicts()
    write_sheet(rows, verdicts)
    shown = [r for r in rows if r["shown"]]
    judged = Counter(verdicts[r["id"]]["verdict"] for r in shown if r["id"] in verdicts)
    per_batch = defaultdict(Counter)   # batches 1-4 together (their rows carry no batch), then each later one
    for r in shown:
        if r["id"] in verdicts:
            per_batch[f"batch {r.get('batch', '1-4')}"][verdicts[r["id"]]["verdict"]] += 1
    per_family = defaultdict(lambda: [0, 0])
    for r in rows:
        per_family[r["role_family"]][0] += r["shown"]
        per_family[r["role_family"]][1] += 1
    metrics = {
        "questions": len(rows), "shown": len(shown), **_rate(judged),
        "per_batch": {b: {"questions": sum(f"batch {r.get('batch', '1-4')}" == b for r in rows), **_rate(c)}
                      for b, c in sorted(per_batch.items())},
        "coverage_per_family": {f: f"{s}/{n} ({s / n:.0%})" for f, (s, n) in sorted(per_family.items())},
        "coverage_all": f"{len(shown)}/{len(rows)} ({len(shown) / max(len(rows), 1):.0%})",
        "sources": [dict(t) for t in dict.fromkeys(
            tuple({"repo": s[0], "commit": s[1], "licence": s[2], "role_family": s[3]}.items())
            for s in FRESH_SOURCES)],
    }
    METRICS.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
    return metrics


def compare_readings(rows: list[dict], verdicts: dict[str, dict], lookup, new_verdicts: dict[str, dict]) -> dict:
    """A second reading of rows already looked up and judged: each looked up again with `lookup`. An answer
    shown both times keeps its verdict; one shown only now needs a verdict of its own (`new_verdicts`, by id).
    The rows and verdicts of the one lookup are not changed: this is a second reading, not a held-out figure."""
    kept, refused, new, unjudged = Counter(), Counter(), Counter(), []
    items, per_family = [], defaultdict(lambda: [0, 0])
    for r in rows:
        hit = lookup(r["question"], r["role_family"])
        now = hit.question if hit else None
        per_family[r["role_family"]][0] += now is not None
        per_family[r["role_family"]][1] += 1
        if r["shown"] and now == r["bank_question"]:
            kept[verdicts[r["id"]]["verdict"]] += 1
        elif r["shown"]:
            refused[verdicts[r["id"]]["verdict"]] += 1
        if now and now != r["bank_question"]:
            v = new_verdicts.get(r["id"])
            if v and v["bank_question"] == now:
                new[v["verdict"]] += 1
            else:
                unjudged.append(r["id"])
            items.append({"id": r["id"], "question": r["question"], "bank_question": now, "score": round(hit.score, 4),
                          "bank_answer": hit.answer, "before": r["bank_question"]})
        elif r["shown"] and not now:
            items.append({"id": r["id"], "question": r["question"], "bank_question": None,
                          "before": r["bank_question"], "verdict_before": verdicts[r["id"]]["verdict"]})
    shown_now = kept + new
    return {"questions": len(rows), "shown_before": sum(r["shown"] for r in rows),
            "shown_now": sum(shown_now.values()) + len(unjudged),
            "kept": dict(kept), "refused_now": dict(refused), "shown_anew": dict(new), "unjudged": unjudged,
            "on_topic_rate_now": round(shown_now["yes"] / max(sum(shown_now.values()), 1), 4),
            "coverage_now_per_family": {f: f"{s}/{n} ({s / n:.0%})" for f, (s, n) in sorted(per_family.items())},
            "items": items}


def reread() -> dict:
    from interview.retrieval.answer_bank import load_answer_bank

    rows = [r for r in (json.loads(l) for l in ROWS.read_text().splitlines()) if r.get("batch", 1) <= REREAD_BATCHES]
    new_verdicts = ({v["id"]: v for v in (json.loads(l) for l in REREAD_VERDICTS.read_text().splitlines())}
                    if REREAD_VERDICTS.exists() else {})
    result = compare_readings(rows, _verdicts(), load_answer_bank().lookup, new_verdicts)
    REREAD.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return result


if __name__ == "__main__":
    cfg = parse_options(Config, description=__doc__.split("\n")[0])
    if cfg.step not in STEPS:
        raise SystemExit(f"--step must be one of {', '.join(STEPS)}, not {cfg.step!r}")
    if cfg.step == "collect":
        print(f"{len(collect())} questions -> {QUESTIONS}")
    elif cfg.step == "lookup":
        rows = lookup_once()
        print(f"{sum(r['shown'] for r in rows)} of {len(rows)} shown -> {SHEET}")
    elif cfg.step == "reread":
        print(json.dumps({k: v for k, v in reread().items() if k != "items"}, indent=1, ensure_ascii=False))
    else:
        print(json.dumps(report(), indent=1, ensure_ascii=False))
