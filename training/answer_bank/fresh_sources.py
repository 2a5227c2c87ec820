"""The fresh held-out check's sources (training/answer_bank/evaluate_fresh.py) and how their questions are read.

Each source is (repository, commit, licence, role family, question type, how the questions are read[, how
many drawn[, batch]]); the mirrors are read with the answer bank's own git reader.
"""
from __future__ import annotations

import json
import re

from interview.retrieval.answer_bank import BANK_PATH
from training.answer_bank.build import git  # the bank's own reader of the source mirrors

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
    # was chosen on the dev split): a public-domain Linux sysadmin / DevOps question list, every
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
