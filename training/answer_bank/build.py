"""Build the answer bank: real question-answer pairs from permissively licensed public repositories.

    python -m training.answer_bank.build            # reads the git mirrors, writes data/answer_bank/

Every source is read from its git mirror (`/work/.mirror/<owner>+<name>/repo`, made by the workplace's
`fetch` tool) at the commit recorded in SOURCES (training/answer_bank/sources.py), so a rerun gives the same bank. The committed JSONL is
the product: the app and the tests read it and never need the mirrors or the network.

Steps: 1. parse each source's markdown into (question, answer) pairs with the parser named in SOURCES;
2. clean (markup stripped, code kept short, at most ANSWER_WORDS words shown); 3. drop pairs whose
question or answer is too short, behavioural, or a duplicate; 4. hold out one pair (or group of pairs) in HOLDOUT_EVERY
(by hash) as evaluation questions (NOT in the bank); drop bank answers that refer to a figure or link the bank
does not carry (FIGURE_REFERENCE); 5. write bank.jsonl, heldout.jsonl and stats.

Sources reserved for independent evaluation are refused (RESERVED), and so is any source
whose licence is not in PERMISSIVE.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from interview.retrieval.answer_bank import BEHAVIOURAL
from training.answer_bank.sources import PERMISSIVE, RESERVED, SOURCES, Source  # noqa: F401 (re-exported)
from training.options import parse_options

MIRRORS = Path("/work/.mirror")
OUT_DIR = Path(__file__).resolve().parents[2] / "data" / "answer_bank"
ANSWER_WORDS = 150        # words shown; a longer answer is cut at a sentence end and marked with "…"
MIN_ANSWER_WORDS = 8      # shorter answers ("Use Sigstore in CI.") are notes, not model answers
MIN_QUESTION_WORDS = 3
CODE_LINES = 8            # a code block keeps at most this many lines in the shown answer
HOLDOUT_EVERY = 10        # one pair in 10 (by a hash of its id) is held out of the bank for evaluation

# ----------------------------------------------------------------------------- reading the mirrors

def git(repo: str, *args: str) -> str:
    gitdir = MIRRORS / repo.replace("/", "+") / "repo"
    out = subprocess.run(["git", "--git-dir", str(gitdir), *args], capture_output=True, text=True, check=True)
    return out.stdout


def head_commit(repo: str) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def files_of(source: Source, commit: str) -> list[str]:
    paths = git(source.repo, "ls-tree", "-r", "--name-only", commit).splitlines()
    return sorted(p for p in paths if re.search(source.files, p))


# ----------------------------------------------------------------------------- cleaning

HEADING = re.compile(r"^\s{0,8}(?:\d+\.\s+)?(#{1,6})\s+(.*?)\s*#*\s*$")
QUESTION_START = re.compile(r"^(what|why|how|when|where|which|who|whom|explain|describe|define|compare|"
                            r"contrast|design|write|implement|can|could|is|are|does|do|should|would|list|"
                            r"name|give|differentiate|distinguish|find|discuss|state|outline|in what)\b", re.I)


def strip_inline(text: str) -> str:
    """Markdown/HTML inline markup out, words kept: links keep their text, images go."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(\*\*|__|\*|~~)", "", text)
    text = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", text)
    text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]+", " ", text).strip()


def clean_question(text: str) -> str:
    text = strip_inline(text)
    for _ in range(2):   # "Q: 1. What is ...": a label, then a number
        text = re.sub(r"^(q(uestion)?\s*\d*\s*[:.)\-]\s*|\d+\s*[.)]\s*)", "", text, flags=re.I)
    text = re.sub(r"\b(\w+) \1\b", r"\1", text)   # "What What do you mean" (a typo in a source)
    return text.strip(" :-—").strip()


# A question that only makes sense under its source's heading ("How do you test it safely?",
# "Define following terms", "the output of the following code") or the second half of an answer split
# in parts ("(Part 2)").
CONTEXT_WORDS = re.compile(r"\((part|pt\.?)\s*[2-9]\)|\b(following|above|below)\b", re.I)
PRONOUN = re.compile(r"\b(it|this|that|these|those|them|they)\b", re.I)


def context_bound(question: str) -> bool:
    return bool(CONTEXT_WORDS.search(question)) or (len(question.split()) <= 7 and bool(PRONOUN.search(question)))


# Answers that are placeholders, not text written for the question.
PLACEHOLDER = re.compile(r"Direct Solution:|Key Takeaway:|^TODO|^TBD", re.I)

# Answers that point at a figure, picture or link the bank does not carry (images are dropped when cleaning,
# and links keep only their text): "First, this picture below:", "the corresponding diagram is shown below",
# "Traverse the graph 5.3". Shown alone they promise something the reader cannot see, so the bank drops them.
# "as shown below" alone is not one: it usually introduces a code block, which is kept.
FIGURE_REFERENCE = re.compile(
    r"\b(pictures?|diagrams?|figures?|illustrations?|images?|screenshots?|graphs?|charts?|links?)\s+(below|above)\b"
    r"|\b(below|above|following|this|next)\s+(pictures?|diagrams?|figures?|illustrations?|screenshots?)\b"
    r"|\b(diagram|figure|picture|graph|chart)\s+(is\s+)?shown\b"
    r"|\b(see|refer to|look at)\s+(the\s+)?(pictures?|diagrams?|figures?|illustrations?|screenshots?|video)\b"
    r"|\b(figure|fig\.|graph)\s+\d|\bclick here\b", re.I)


def refers_to_missing_figure(answer: str) -> bool:
    return bool(FIGURE_REFERENCE.search(answer))


# A heading without "?" is a question only when it is an instruction ("Explain gradient descent."):
# "When to Use" or "How to Run" are section titles.
IMPERATIVE = re.compile(r"^(explain|describe|define|compare|contrast|design|write|implement|list|name|give|"
                        r"differentiate|distinguish|discuss|state|outline|find|create|build)\b", re.I)


def looks_like_question(text: str) -> bool:
    q = clean_question(text)
    return len(q.split()) >= MIN_QUESTION_WORDS and (q.endswith("?") or bool(IMPERATIVE.match(q)))


def clean_answer(lines: list[str]) -> tuple[str, int]:
    """(shown text, words in the full answer): markup stripped, each code block cut to CODE_LINES lines,
    at most ANSWER_WORDS words cut at a sentence end."""
    out, code, in_code = [], [], False
    for line in lines:
        if line.strip().startswith("```"):
            if in_code:
                kept = code[:CODE_LINES] + (["..."] if len(code) > CODE_LINES else [])
                out.append("```\n" + "\n".join(kept) + "\n```")
                code = []
            in_code = not in_code
            continue
        if in_code:
            code.append(line.rstrip())
            continue
        s = line.strip()
        if re.match(r"^(\*\*)?\[?⬆|back to top|^-{3,}$|^\|?\s*:?-{3,}", s, re.I) or s.startswith("<!--"):
            continue
        s = re.sub(r"^#{1,6}\s+", "", s)
        s = re.sub(r"^>\s?", "", s)
        s = strip_inline(s)
        if s.lower() in {"answer", "answer:", "show answer", "💡 show answer", "solution", "explanation"}:
            continue
        out.append(s)
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    full_words = len(text.split())
    return shorten(text, ANSWER_WORDS), full_words


def shorten(text: str, max_words: int) -> str:
    """The text whole if it has at most `max_words` words; else its first sentences up to that many, "…"."""
    if len(text.split()) <= max_words:
        return text
    kept, n = [], 0
    for piece in re.split(r"(?<=[.!?])\s+|\n+", text):
        w = len(piece.split())
        if n + w > max_words and kept:
            break
        kept.append(piece)
        n += w
    short = " ".join(kept)
    if len(short.split()) > max_words:
        short = " ".join(short.split()[:max_words])
    if short.count("```") % 2:          # never leave a code block open
        short = short[:short.rfind("```")].rstrip()
    return short.rstrip() + " …"


# ----------------------------------------------------------------------------- parsers (markdown -> pairs)

def parse_headings(text: str) -> list[tuple[str, list[str]]]:
    """A heading that reads as a question opens a pair; its answer runs to the next question heading or
    the next heading of the same or a higher level. `**Answer:**` inside keeps only what follows it."""
    pairs, question, level, body, fence = [], None, 0, [], False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            fence = not fence
        m = HEADING.match(line)
        if m and fence and re.match(r"^\s*\d+\.\s+#", line):
            fence = False   # a numbered question heading is never code: a source left a block open
        m = None if fence else m
        if m:
            lvl, title = len(m.group(1)), m.group(2)
            is_q = looks_like_question(title)
            if question is not None and (lvl <= level or is_q):
                pairs.append((question, body))
                question = None
            if is_q:
                question, level, body = clean_question(title), lvl, []
                continue
        if question is not None:
            body.append(line)
    if question is not None:
        pairs.append((question, body))
    out = []
    for q, body in pairs:
        joined = "\n".join(body)
        if re.search(r"\*\*Answer:?\*\*:?", joined):   # rkm-ravi94: "**Explanation:** ... **Answer:** ..."
            joined = re.split(r"\*\*Answer:?\*\*:?", joined, maxsplit=1)[1]
        out.append((q, joined.split("\n")))
    return out


def parse_question_answer_blocks(text: str) -> list[tuple[str, list[str]]]:
    """`### Question` / text / `### Answer` / text (dmz-v-x)."""
    m = re.search(r"#+\s*Question\s*\n(.*?)\n#+\s*Answer\s*\n(.*)", text, re.S | re.I)
    if not m:
        return []
    question = " ".join(l.strip() for l in m.group(1).split("\n") if l.strip() and not l.strip().startswith("---"))
    return [(clean_question(question), m.group(2).split("\n"))]


def parse_numbered_dash(text: str) -> list[tuple[str, list[str]]]:
    """`12. What is clickjacking? — Tricking users into clicking hidden UI.` (one pair a line)."""
    out = []
    for line in text.split("\n"):
        m = re.match(r"^\s*\d+\.\s+(.+?\?)\s+[—–-]\s+(.+)$", line)
        if m:
            out.append((clean_question(m.group(1)), [m.group(2)]))
    return out


def parse_system_design_answer(text: str) -> list[tuple[str, list[str]]]:
    """One system-design write-up: the problem statement's first sentence is the question, and the
    requirements + high-level design sections are the answer."""
    m = (re.search(r"##[^\n]*Problem Statement[^\n]*\n+(.+?)(?:\n\n|\n[-*])", text, re.S)
         or re.search(r"\*\*Interviewer(?: prompt)?:?\*\*:?\s*\"?(.+?)\"?\s*\n", text))
    title = re.match(r"#\s+(?:Design\s+)?(.+?)\s+-\s+System Design Answer\s*\(([\w-]+)", text)
    if m:
        question = clean_question(m.group(1).split(". ")[0].strip().strip('"').rstrip(".:") + ".")
    elif title:   # "## Opening Statement" write-ups: the title names the system
        name, focus = strip_inline(title.group(1)), title.group(2).lower()
        question = (f"Design the frontend of {name}." if focus == "frontend" else
                    f"Design the backend of {name}." if focus == "backend" else f"Design {name} end to end.")
    else:
        return []
    m = m or title
    rest = text[m.end():]
    start = re.search(r"^##[^\n]*Requirements", rest, re.M)
    body = rest[start.start():] if start else rest
    return [(question, body.split("\n"))]


def parse_problem_statement(text: str) -> list[tuple[str, list[str]]]:
    """A problem write-up: `## Problem Statement` paragraph is the question; the approach sections
    (`Thought Process`, `Approach`, `Solution`, `Key Design Decisions`...) are the answer."""
    m = re.search(r"##\W*(Problem Statement|Problem|The Problem|Prompt|Scenario)\s*\n+(.+?)\n\s*\n", text, re.S | re.I)
    if not m:
        return []
    question = clean_question(" ".join(m.group(2).split()))
    rest = text[m.end():]
    start = re.search(r"^##\s*(Thought Process|Approach|Solution|Intuition|Key|Design|Clarifying|Requirements)",
                      rest, re.M | re.I)
    body = rest[start.start():] if start else rest
    return [(question, body.split("\n"))]


PARSERS = {"headings": parse_headings, "question_answer_blocks": parse_question_answer_blocks,
           "numbered_dash": parse_numbered_dash, "system_design_answer": parse_system_design_answer,
           "problem_statement": parse_problem_statement}


# ----------------------------------------------------------------------------- labels

def question_type(question: str, default: str) -> str:
    q = question.lower()
    if re.match(r"^(design|architect|how would you (design|build|scale))\b", q) or "system design" in q:
        return "system_design"
    if re.match(r"^(write|implement|given (an?|the|two)|code|find the|return)\b", q) or \
            re.search(r"\b(write a (function|program|query|sql)|leetcode)\b", q):
        return "coding"
    return default if default != "coding" or re.match(r"^given\b", q) else "coding"


def family_of(source: Source, path: str) -> str:
    for pattern, family in source.family.items():
        if re.search(pattern, path):
            return family
    raise ValueError(f"no family for {source.repo}:{path}")


def entry_id(repo: str, path: str, question: str) -> str:
    return hashlib.sha1(f"{repo}|{path}|{question}".encode()).hexdigest()[:12]


# ----------------------------------------------------------------------------- main

@dataclass
class Config:
    out_dir: Path = OUT_DIR
    sources: tuple = tuple(SOURCES)


def build_entries(source: Source, commit: str) -> list[dict]:
    if source.repo in RESERVED:
        raise ValueError(f"{source.repo} is reserved for independent evaluation")
    if source.licence not in PERMISSIVE:
        raise ValueError(f"{source.repo}: licence {source.licence} is not permissive")
    parse = PARSERS[source.parser]
    entries = []
    for path in files_of(source, commit):
        text = git(source.repo, "show", f"{commit}:{path}")
        for question, body in parse(text):
            answer, full_words = clean_answer(body)
            if (len(question.split()) < MIN_QUESTION_WORDS or len(answer.split()) < MIN_ANSWER_WORDS
                    or BEHAVIOURAL.search(question) or len(question) > 400 or context_bound(question)
                    or PLACEHOLDER.search(answer)):
                continue
            entries.append({
                "id": entry_id(source.repo, path, question),
                "question": question, "answer": answer, "answer_truncated": answer.endswith("…"),
                "answer_words_full": full_words,
                "role_family": family_of(source, path), "question_type": question_type(question, source.qtype),
                "source_repo": source.repo, "commit": commit, "path": path, "licence": source.licence,
                "attribution": f"{source.author}, {source.licence}, https://github.com/{source.repo}",
                "url": f"https://github.com/{source.repo}/blob/{commit}/{path}",
                # pairs of one group go to the bank or the held-out set together: the backend, frontend
                # and full-stack write-ups of one system are one group
                "group": f"{source.repo}:{path.rsplit('/', 1)[0]}" if source.parser == "system_design_answer"
                         else f"{source.repo}:{path}:{question}",
            })
    return entries


def main(cfg: Config) -> dict:
    # 1. parse every source at its recorded commit (the mirror's HEAD when none is recorded)
    bank, heldout, seen = [], [], set()
    for source in cfg.sources:
        commit = source.commit or head_commit(source.repo)
        entries = build_entries(source, commit)
        # 2. drop duplicate questions (within and across sources and families); the first source wins,
        #    so a held-out question never has a verbatim copy in the bank
        kept = []
        for e in entries:
            key = re.sub(r"\W+", " ", e["question"].lower()).strip()
            if key not in seen:
                seen.add(key)
                kept.append(e)
        # 3. hold out one pair in HOLDOUT_EVERY as evaluation questions, by a hash of its id, so that
        #    adding or dropping other pairs never moves a pair between the bank and the held-out set
        kept.sort(key=lambda e: e["id"])
        for e in kept:
            group_hash = int(hashlib.sha1(e.pop("group").encode()).hexdigest()[:12], 16)
            (heldout if group_hash % HOLDOUT_EVERY == 0 else bank).append(e)
    # 4. bank answers that refer to a figure or link the bank does not show are dropped (held-out pairs keep
    #    theirs: only their questions are asked, their answers are never shown)
    figure_refs = [e["id"] for e in bank if refers_to_missing_figure(e["answer"])]
    bank = [e for e in bank if e["id"] not in set(figure_refs)]
    # 5. write the bank, the held-out pairs and the counts
    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in (("bank.jsonl", bank), ("heldout.jsonl", heldout)):
        with open(cfg.out_dir / name, "w") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    stats = {
        "entries": len(bank), "heldout": len(heldout),
        "dropped_figure_references": sorted(figure_refs),
        "per_source": Counter(e["source_repo"] for e in bank),
        "per_family": Counter(e["role_family"] for e in bank),
        "per_type": Counter(e["question_type"] for e in bank),
        "sources": [{"repo": s.repo, "commit": s.commit or head_commit(s.repo), "licence": s.licence,
                     "author": s.author} for s in cfg.sources],
    }
    (cfg.out_dir / "stats.json").write_text(json.dumps(stats, indent=2, sort_keys=True) + "\n")
    return stats


if __name__ == "__main__":
    print(json.dumps(main(parse_options(Config, None, __doc__.split("\n")[0])), indent=2, sort_keys=True))
