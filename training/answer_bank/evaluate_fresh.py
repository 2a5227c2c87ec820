"""A fresh held-out check of the answer bank: questions from sources the bank and its first evaluation never
used, looked up once, every shown answer judged by a person before anything changes.

    python -m training.answer_bank.evaluate_fresh --step collect   # append new sources' questions (from the mirrors)
    python -m training.answer_bank.evaluate_fresh --step lookup    # look up rows not yet looked up -> fresh_rows + sheet
    python -m training.answer_bank.evaluate_fresh             # fold eval/fresh_verdicts.jsonl into the metrics

Why a second check: the first review sheet (training/answer_bank/evaluate.py) was read twice with fixes
in between, so its 96% is not a held-out figure. Here the questions come from permissively licensed
repositories that give the bank nothing and are not reserved by issue 22 (FRESH_SOURCES), the lookup is the
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
from training.answer_bank.build import git  # the bank's own reader of the source mirrors
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

# (repository, commit, licence, role family, question type, how the questions are read[, how many drawn[, batch]])
# Batches 1-4 were collected before batches were recorded in the rows; their rows carry no "batch" field.
LEGACY_BATCHES = 4
FRESH_SOURCES_BATCH_1_2 = [
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
]
FRESH_SOURCES = [
    *FRESH_SOURCES_BATCH_1_2,
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
    # fifth batch (2026-12-05, collected and committed before its one lookup; batches 1-4 gave 23 shown
    # answers of 854): (a) the rest of every batch-1/2 list (25 of each had been drawn; `collect` leaves out
    # the questions already in the file), (b) five more licensed lists of short conceptual questions in the
    # bank's families. Whole lists, drawn with the batch's own seed.
    *[(*src[:6], 500, 5) for src in FRESH_SOURCES_BATCH_1_2],
    ("Teodor92/interview-questions", "86342ab7801607f4782c8b55763163787726586f", "MIT",
     "security", "technical", "num_heading:questions/Security.md", 500, 5),
    ("Teodor92/interview-questions", "86342ab7801607f4782c8b55763163787726586f", "MIT",
     "frontend", "technical",
     "num_heading:questions/JavaScript.md,questions/TypeScript.md,questions/Angular.md,questions/Web.md", 500, 5),
    ("Teodor92/interview-questions", "86342ab7801607f4782c8b55763163787726586f", "MIT",
     "software_engineering", "technical",
     "num_heading:questions/Databases.md,questions/DotNet.md,questions/GoLang.md,questions/CodeQuality.md,"
     "questions/OOPDesign.md,questions/FPDesign.md,questions/GeneralWarmUp.md,questions/DataStructuresAndAlgos.md,"
     "questions/SystemDesign.md", 500, 5),
    ("Tikam02/DevOps-Guide", "a1702fd8ecac9b464ff3209de03860285b431a3b", "MIT",
     "devops_sre", "technical", "q_numbered:Interview/Dev-ops-Interview.md,Interview/devops interview que.md",
     500, 5),
    ("Satya-dvv/cybersecurity-interview-master-guide", "14e3d61427fd76d70a9e2a9a0e4c088f89f224c0", "MIT",
     "security", "technical", "q_numbered:VAPT/VAPT_Interview_Questions_and_Answers.md", 500, 5),
    ("timdavidlee/ds-interview-prep", "77146f6c7c7cdf765096ff1c6aa8f0252d874d06", "MIT",
     "data_science", "technical",
     "fenced_or_bold:datascience-qs.md,experiment-qs.md,stats-qs.md,sql-theory-qs.md,algo-qs.md,product-qs.md",
     500, 5),
    ("anujonthemove/Machine-Learning-Interview-Handbook", "8a0e500164a3e6d84fbf4ff232e824836dbc51bf", "MIT",
     "machine_learning", "technical",
     "admonition:docs/activation-functions.md,docs/deep-learning-computer-vision.md,docs/feed-forward-nns.md,"
     "docs/loss-functions.md,docs/machine-learning.md,docs/model-evaluation.md,docs/model-training.md,"
     "docs/optimizers.md,docs/regularization-techniques.md", 500, 5),
    # sixth batch (2026-12-05, collected and committed before its one lookup, after the whole-question rule
    # of issue 21 was chosen on the dev split): a public-domain Linux sysadmin / DevOps question list, every
    # technical section (not the contributors, "fun", "demo" and reference sections, nor questions about the
    # candidate: "your", "choose you", "Talk about ...")
    ("chassing/linux-sysadmin-interview-questions", "ebf25aaef3871ed9a289d97c4b1e5752124dfda9", "Unlicense",
     "devops_sre", "technical", "star_sections:README.md", 500, 6),
    # batch 6, second part (collected and committed before its own one lookup, with the same lookup): the Angular
    # list of the author of a bank source, a repository the bank does not use, read at the last commit that
    # carries its Apache-2.0 LICENSE (a 2023 "Cleanup" commit deleted the file; later versions have no licence)
    ("sudheerj/angular-interview-questions", "aad12f4c0b2fa33ceb529495838576f7b33b20a5", "Apache-2.0",
     "frontend", "technical", "num_h3:README.md", 500, 6),
]


# Batch 5's layouts: the question is the whole line (group 1)
LINE_PATTERNS = {
    "num_heading": r"^## \d+\.\s+(?:-\s*)?(.{12,300}?)\s*$",                 # "## 2. What is BASE?"
    "q_numbered": r"^\s*(?:-\s*Q\d+\)|\d+\.)\s+(.{12,300}?[?.])\s*$",        # "- Q37) What is git rebase?", "3. ...?"
    "fenced_or_bold": r"^(?:```\s*\n(?:Q:\s*)?(.{12,300}?)\s*\n```|\*\*(.{12,300}?)\*\*)\s*$",
    "admonition": r'^\?\?\? question\s+"(.{8,300}?)"',                        # mkdocs: ??? question "Cost vs Loss function?"
    "num_h3": r"^\d+\.\s+###\s+(.{12,300}?)\s*$",                                # batch 6: "1. ### What is Angular?"
}


def _plain(text: str) -> str:
    """Markdown code and bold marks dropped: "What is `===`?" -> "What is ===?"."""
    return re.sub(r"`([^`]*)`|\*\*([^*]*)\*\*", lambda m: m.group(1) or m.group(2) or "", text).strip()


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
    if kind in LINE_PATTERNS:   # batch 5: one question a line, in the files listed
        return [(_plain(next(g for g in m.groups() if g)), path) for path in paths.split(",")
                for m in re.finditer(LINE_PATTERNS[kind], git(repo, "show", f"{commit}:{path}"), re.M)]
    if kind == "star_sections":   # "* What is HTTP?" under a technical section's anchor
        return [(q, paths) for q in _star_sections(git(repo, "show", f"{commit}:{paths}"))]
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


STAR_SECTIONS = ("general", "simple", "medium", "hard", "expert", "network", "mysql", "devop")
ABOUT_CANDIDATE = re.compile(r"\b(your|you've|choose you)\b|^(talk about|what did you)\b", re.I)


def _star_sections(text: str) -> list[str]:
    """The "* question" items under the headings whose anchor (<a name='...'>) is in STAR_SECTIONS; questions
    about the candidate left out."""
    out, section = [], None
    for line in text.splitlines():
        head = re.match(r"^#{2,4} .*<a name='(\w+)'>", line)
        if head:
            section = head.group(1)
        item = re.match(r"^\* (.{12,300}?)\s*$", line)
        if item and section in STAR_SECTIONS and not ABOUT_CANDIDATE.search(item.group(1)):
            out.append(_plain(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", item.group(1))))
    return out


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
