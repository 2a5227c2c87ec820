"""A fresh held-out check of the answer bank: questions from sources the bank and its first evaluation never
used, looked up once, every shown answer judged by a person before anything changes.

    python -m training.answer_bank.evaluate_fresh --step collect   # write eval/fresh_questions.jsonl (from the mirrors)
    python -m training.answer_bank.evaluate_fresh --step lookup    # run the bank once -> eval/fresh_rows.jsonl + sheet
    python -m training.answer_bank.evaluate_fresh             # fold eval/fresh_verdicts.jsonl into the metrics

Why a second check: the first review sheet (training/answer_bank/evaluate.py) was read twice with fixes
in between, so its 96% is not a held-out figure. Here the questions come from permissively licensed
repositories that give the bank nothing and are not reserved by issue 22 (FRESH_SOURCES), the lookup is the
app's (`AnswerBank.lookup` with the question's role family, the committed threshold), and the verdicts
(on the asked topic: yes / partly / no) are written into eval/fresh_verdicts.jsonl by hand after one run.
Behavioural questions are left out (the bank never answers them by design).
"""
from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from interview.retrieval.answer_bank import BANK_PATH, BEHAVIOURAL
from training.answer_bank.build import git  # the bank's own reader of the source mirrors
from training.options import parse_options

STEPS = ("collect", "lookup", "report")


@dataclass
class Config:
    step: str = "report"    # collect: write the question file from the mirrors; lookup: the one lookup; report


EVAL_DIR = BANK_PATH.parent / "eval"
QUESTIONS = EVAL_DIR / "fresh_questions.jsonl"
ROWS = EVAL_DIR / "fresh_rows.jsonl"
SHEET = EVAL_DIR / "fresh_review_sheet.md"
VERDICTS = EVAL_DIR / "fresh_verdicts.jsonl"
METRICS = EVAL_DIR / "fresh_metrics.json"
PER_SOURCE = 25          # questions drawn per source (seeded), so no one source dominates
SEED = 21
# Questions about the candidate's own past that BEHAVIOURAL does not catch ("Tell me about building a PM team")
PERSONAL = re.compile(r"^(tell me about|what did you|walk me through (a|your)|describe (a|your))\b", re.I)

# (repository, commit, licence, role family, question type, how the questions are read)
FRESH_SOURCES = [
    ("Coder-World04/Complete-System-Design", "b92daa9595f23974e64e55d8ad0a942d75a64d56", "MIT",
     "software_engineering", "system_design", "data/real"),
    ("sadanandpai/javascript-code-challenges", "1790d4036245cf26481234af14de3dae187cfe94", "MIT",
     "frontend", "coding", "data/real"),
    ("peachycloudsecurity/awesome-cloud-security-interview", "fd3639555af82a2920433799a509046a75580152", "MIT",
     "security", "technical", "dash_questions:README.md"),
    ("Wingie/MLJobSearch2025", "8d0c93caa8420174be3677b7e124b69c0a5afaf0", "MIT",
     "machine_learning", "technical", "ml_book"),
    ("tapankamdar/pm-interview-prep", "dd1b348b681e949f159416fdb203697f13794efd", "MIT",
     "product_management", "technical", "quoted:skills/pm-mock/references/question-library.md"),
    # second batch (added after the first lookup, looked up once in turn): families the first had none for
    ("farhanashrafdev/TheUltimateDevOpsBible-ZeroToHero", "75405e9dac8e56c8f8c6765101f21683bfca0398", "MIT",
     "devops_sre", "technical",
     "bold_q:Interview/devops.md,Interview/kubernetes.md,Interview/sre.md,Interview/aws.md,Interview/aiops.md"),
    ("farhanashrafdev/TheUltimateDevOpsBible-ZeroToHero", "75405e9dac8e56c8f8c6765101f21683bfca0398", "MIT",
     "security", "technical", "bold_q:Interview/devsecops.md,Interview/ai-security.md"),
    ("andkret/Cookbook", "39a47b839eb40dde5aa876522b28db30d0b50f1e", "Apache-2.0",
     "data_engineering", "technical", "numbered_bold:sections/08-InterviewQuestions.md"),
    # third batch (2026-12-05, collected and committed before its one lookup): enough questions for a
    # 50-item review sheet at the bank's ~10% coverage; whole lists of conceptual questions, drawn with
    # the same seed, so the sheet is not chosen by what the bank answers
    ("sumitsingh4411/frontend-interview-questions", "24c784d40667262197b5a21ba61f1cd831679375", "MIT",
     "frontend", "technical", "emoji_list:question-bank", 250),
    ("shapovalovdev/devops-interview-questions", "3895d1e998121c1d84010fb4d2b3d80c1bc5c673", "CC-BY-4.0",
     "devops_sre", "technical", "theory_files:questions", 250),
    # fourth batch (after the third's lookup gave 8 shown answers of 439): the conceptual and comparison
    # questions of a DevOps knowledge base, all of them
    ("audaykumarr/devops-interview-kb", "6981e17ea7896cfa4d5ceb7db543b480b2b20829", "MIT",
     "devops_sre", "technical", "kb_titles:content", 300),
]


def _read(repo: str, commit: str, how: str) -> list[tuple[str, str]]:
    """(question, path) pairs of one source."""
    if how == "data/real":   # already collected with path and commit by data/real/collect.py
        rows = [json.loads(l) for l in (BANK_PATH.parents[1] / "real" / "questions.jsonl").read_text().splitlines()]
        return [(r["question"], r["path"]) for r in rows if r["source"] == repo]
    if how == "ml_book":     # each chapter quotes the interview question under "## The Interview Question"
        out = []
        for path in git(repo, "ls-tree", "-r", "--name-only", commit).splitlines():
            if re.match(r"ml-interview-book/src/chapter_\d+\.md$", path):
                m = re.search(r"## The Interview Question\s*\n>\s*(?:\*\*[^*]+\*\*:?\s*)?\"?(.+?)\"?\s*$",
                              git(repo, "show", f"{commit}:{path}"), re.M)
                if m:
                    out.append((m.group(1).strip().strip('"'), path))
        return out
    kind, paths = how.split(":", 1)
    if kind in ("emoji_list", "theory_files", "kb_titles"):
        files = [p for p in git(repo, "ls-tree", "-r", "--name-only", commit).splitlines()
                 if p.endswith(".md") and (f"/{paths}/" in p or p.startswith(f"{paths}/"))]
        return [pair for path in files for pair in _list_questions(kind, git(repo, "show", f"{commit}:{path}"), path)]
    if kind == "bold_q":        # "**Q: What is a Deployment?**"
        return [(m.group(1).strip(), path) for path in paths.split(",")
                for m in re.finditer(r"^\*\*Q:\s*(.+?\?)\*\*\s*$", git(repo, "show", f"{commit}:{path}"), re.M)]
    path = paths
    text = git(repo, "show", f"{commit}:{path}")
    if kind == "numbered_bold":   # "1. **What is Apache Spark, and how can you use it with Python?**"
        return [(m.group(1).strip(), path) for m in re.finditer(r"^\d+\.\s+\*\*(.{12,300}?\?)\*\*\s*$", text, re.M)]
    if kind == "dash_questions":
        return [(m.group(1).strip(), path) for m in re.finditer(r"^\s*[-*]\s+(.{12,300}\?)\s*$", text, re.M)]
    return [(m.group(1).strip(), path) for m in re.finditer(r"^\s*-\s+\"(.{12,300}?)\"\s*$", text, re.M)]


def _list_questions(kind: str, text: str, path: str) -> list[tuple[str, str]]:
    """ "- 🟢 What is CORS?" items of a question-bank page; the title of a knowledge-base file whose
    question_type is conceptual or comparison; or the question under the title of a question file whose
    front matter says `type: theory` (scenario and troubleshooting files are stories about a system)."""
    if kind == "emoji_list":
        return [(re.sub(r"`([^`]*)`", r"\1", m.group(1)).strip(), path)
                for m in re.finditer(r"^- (?:🟢|🟡|🔴) (.{12,300}\?)\s*$", text, re.M)]
    if kind == "kb_titles":  # front matter: title: "..." and question_type: [conceptual, comparison, ...]
        kinds = re.search(r"^question_type:\s*\n((?:\s+- \S+\n)+)", text, re.M)
        title = re.search(r'^title:\s*"(.{12,300}\?)"\s*$', text, re.M)
        wanted = kinds and re.search(r"- (?:conceptual|comparison)\b", kinds.group(1))
        return [(title.group(1), path)] if title and wanted else []
    if not re.search(r"^type: theory\s*$", text, re.M):
        return []
    m = re.search(r"^# .+\n+(.{12,300}\?)\s*$", text, re.M)
    return [(re.sub(r"`([^`]*)`", r"\1", m.group(1)).strip(), path)] if m else []


def collect() -> list[dict]:
    bank_questions = {re.sub(r"\W+", " ", json.loads(l)["question"].lower()).strip()
                      for l in BANK_PATH.read_text().splitlines()}
    rng, out = random.Random(SEED), []
    for repo, commit, licence, family, qtype, how, *count in FRESH_SOURCES:
        pairs = [(q, p) for q, p in dict.fromkeys(_read(repo, commit, how))
                 if not BEHAVIOURAL.search(q) and not PERSONAL.match(q) and "[" not in q
                 and re.sub(r"\W+", " ", q.lower()).strip() not in bank_questions]
        for q, path in rng.sample(pairs, min(count[0] if count else PER_SOURCE, len(pairs))):
            out.append({"question": q, "role_family": family, "question_type": qtype, "source": repo,
                        "commit": commit, "path": path, "licence": licence})
    for i, row in enumerate(out, 1):
        row["id"] = f"fresh-{i:03d}"
    QUESTIONS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out))
    return out


def lookup_once() -> list[dict]:
    """The app's lookup for every fresh question (run once; the sheet is written for a person to judge)."""
    from interview.retrieval.answer_bank import load_answer_bank

    bank = load_answer_bank()
    # every question is looked up once: rows already written (an earlier batch, already judged) are kept
    rows = [json.loads(l) for l in ROWS.read_text().splitlines()] if ROWS.exists() else []
    done = {r["id"] for r in rows}
    for q in (json.loads(l) for l in QUESTIONS.read_text().splitlines()):
        if q["id"] in done:
            continue
        hit = bank.lookup(q["question"], q["role_family"])
        rows.append({**q, "shown": hit is not None, "score": round(hit.score, 4) if hit else None,
                     "bank_question": hit.question if hit else None, "bank_answer": hit.answer if hit else None,
                     "bank_source": hit.source_repo if hit else None})
    ROWS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    lines = ["# Fresh answer-bank review sheet", "",
             "Each shown bank answer, read against the asked question: `yes` (answers the asked topic), `partly`"
             " (the right area, not the asked point), `no`. Verdicts go to fresh_verdicts.jsonl.", ""]
    for r in (r for r in rows if r["shown"]):
        lines += [f"## {r['id']} ({r['role_family']}, {r['source']})", f"Asked: {r['question']}",
                  f"Bank question ({r['score']}): {r['bank_question']}", f"Bank answer: {r['bank_answer'][:600]}", ""]
    SHEET.write_text("\n".join(lines) + "\n")
    return rows


def report() -> dict:
    rows = [json.loads(l) for l in ROWS.read_text().splitlines()]
    verdicts = {}
    if VERDICTS.exists():
        verdicts = {v["id"]: v for v in (json.loads(l) for l in VERDICTS.read_text().splitlines())}
    shown = [r for r in rows if r["shown"]]
    judged = Counter(verdicts[r["id"]]["verdict"] for r in shown if r["id"] in verdicts)
    per_family = defaultdict(lambda: [0, 0])
    for r in rows:
        per_family[r["role_family"]][0] += r["shown"]
        per_family[r["role_family"]][1] += 1
    metrics = {
        "questions": len(rows), "shown": len(shown), "judged": sum(judged.values()), "verdicts": dict(judged),
        "on_topic_rate": round(judged["yes"] / max(sum(judged.values()), 1), 4),
        "coverage_per_family": {f: f"{s}/{n} ({s / n:.0%})" for f, (s, n) in sorted(per_family.items())},
        "coverage_all": f"{len(shown)}/{len(rows)} ({len(shown) / max(len(rows), 1):.0%})",
        "sources": [{"repo": s[0], "commit": s[1], "licence": s[2], "role_family": s[3]} for s in FRESH_SOURCES],
    }
    METRICS.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
    return metrics


if __name__ == "__main__":
    cfg = parse_options(Config, description=__doc__.split("\n")[0])
    if cfg.step not in STEPS:
        raise SystemExit(f"--step must be one of {', '.join(STEPS)}, not {cfg.step!r}")
    if cfg.step == "collect":
        print(f"{len(collect())} questions -> {QUESTIONS}")
    elif cfg.step == "lookup":
        rows = lookup_once()
        print(f"{sum(r['shown'] for r in rows)} of {len(rows)} shown -> {SHEET}")
    else:
        print(json.dumps(report(), indent=1, ensure_ascii=False))
