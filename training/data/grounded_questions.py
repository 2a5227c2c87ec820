"""Question-writing chats grounded in a posting's skills: data/question_dataset.jsonl.

    python -m training.data.grounded_questions        # make question-data

The generator is asked for a question *about* one skill or duty of the posting (the app picks it:
interview/documents/posting.py `pick_topic`). It learns to use the topic from two kinds of rows:

- real questions (data/real/questions.jsonl, train and validation sources only; the test sources
  and the review set's questions are never read here) as targets, so the model learns real question
  styles. The prompt is a posting of the question's role family (a real posting of a training
  organisation or a synthetic one), with the question's own term (a technology or practice it names,
  found by the posting extractor) put among the posting's skills and asked for as the topic;
- the synthetic question chats of data/decoder_dataset.jsonl, re-rendered with the posting's skills
  and duties, and with the topic their target names (none when it names none, and never for
  behavioural questions).

A row only asks for a topic its target names, so the model is never taught to ignore it. Rows keep
their split (real questions: by source, training/router/data.py `real_split`; synthetic: as built).
"""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass

from interview.documents.posting import PostingFacts, extract_posting, names_posting
from interview.generation import prompts
from training.options import parse_options
from training.paths import project_path


@dataclass
class Config:
    decoder_data: str = "data/decoder_dataset.jsonl"   # the synthetic question chats (training/data/build_datasets.py)
    real_dir: str = "data/real"
    review_dir: str = "data/review"                    # its questions are evaluation data: never targets here
    out: str = "data/question_dataset.jsonl"
    previous_share: float = 0.35                       # rows that list questions already asked, as the app does
    max_skills: int = 8                                # skills shown in a training prompt (the app shows up to 12)
    # Technical, coding and design training rows whose target names no topic, kept at this share: the
    # app asks for a topic whenever the posting has a skill, and the first run (all kept) named the
    # topic in 61.5% of development questions, design questions least.
    no_topic_share: float = 0.3
    seed: int = 0


_FIELD = {name: re.compile(pattern, re.S) for name, pattern in {
    "role": r"^Role: <<<(.*?)>>>\n",
    "description": r"\nJob description: <<<(.*?)>>>\n",
    "difficulty": r"\nDifficulty: (\w+)\n",
    "previous": r"\nAlready asked \(ask something different\):\n(.*?)\nWrite one",
}.items()}


def parse_question_prompt(user: str) -> dict:
    """The fields of a question prompt rendered by prompts.question_messages (without skills)."""
    found = {name: (m.group(1) if (m := rx.search(user)) else "") for name, rx in _FIELD.items()}
    found["previous"] = [line[2:] for line in found["previous"].splitlines() if line.startswith("- ")]
    return found


def own_terms(question: str) -> list[str]:
    """The technologies and practices a question names (the posting extractor read on the question),
    those `names_posting` counts (it leaves out words too generic to count, like 'REST')."""
    return [t for t in extract_posting("", question).skills if names_posting(question, PostingFacts(skills=[t]))]


def grounded_row(row_id: str, role: str, description: str, difficulty: str, qtype: str, previous: list[str],
                 target: str, extra_topics: list[str], rng: random.Random, cfg: Config) -> dict:
    """A question chat whose prompt carries the posting's skills and, for a technical type, the topic
    the target names: one of the posting's own when it names one, else one of `extra_topics` (put
    among the skills). `extra_topics` must be named by the target."""
    facts = extract_posting(role, description)
    skills = list(facts.skills[:cfg.max_skills])
    topic = ""
    if qtype in prompts.TECHNICAL_TYPES:
        named = names_posting(target, PostingFacts(skills=skills, duties=facts.duties[:2]))
        if named:
            topic = rng.choice(named)
        elif extra_topics:
            topic = rng.choice(extra_topics)
            skills = skills[:cfg.max_skills - 1]
            skills.insert(rng.randint(0, len(skills)), topic)
    msgs = prompts.question_messages(role, description, difficulty, qtype, previous or None, skills=skills,
                                     duties=facts.duties[:2], topic=topic)
    return {"id": row_id, "task": "question", "messages": [*msgs, {"role": "assistant", "content": target}],
            "topic": topic}


def _jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build(cfg: Config) -> list[dict]:
    from training.router.data import real_split

    rng = random.Random(cfg.seed)
    rows: list[dict] = []
    # 1. the synthetic chats, re-rendered; their postings also serve the real questions below
    synthetic_postings: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for r in _jsonl(project_path(cfg.decoder_data)):
        if r["task"] != "question":
            continue
        f = parse_question_prompt(r["messages"][1]["content"])
        target = r["messages"][-1]["content"]
        synthetic_postings.setdefault((r["role_family"], r["split"]), []).append((f["role"], f["description"]))
        row = grounded_row(f"gq-s{len(rows):05d}", f["role"], f["description"], f["difficulty"], r["interview_type"],
                           f["previous"], target, own_terms(target), rng, cfg)
        rows.append({**row, "role_family": r["role_family"], "interview_type": r["interview_type"],
                     "difficulty": f["difficulty"], "split": r["split"], "source": "synthetic"})
    # 2. real questions of training and validation sources, on postings of their role family
    review = {q["question"].strip().lower() for p in sorted(project_path(cfg.review_dir).glob("part_*.jsonl"))
              for q in _jsonl(p)}
    real_postings: dict[str, list[tuple[str, str]]] = {}
    for path in ("postings.jsonl", "postings_extra.jsonl"):
        for p in _jsonl(project_path(cfg.real_dir) / path):
            # training organisations only; the Canadian postings are development postings of
            # training/generator/evaluate_questions_real.py
            if real_split(p["organisation"]) == "train" and not p["source"].startswith("cds-snc/"):
                real_postings.setdefault(p["role_family"], []).append((p["job_title"], p["description"]))
    questions = [q for q in _jsonl(project_path(cfg.real_dir) / "questions.jsonl")
                 if real_split(q["source"]) in ("train", "validation") and q["question"].strip().lower() not in review]
    by_family: dict[tuple[str, str], list[str]] = {}
    for q in questions:
        by_family.setdefault((q["role_family"], real_split(q["source"])), []).append(q["question"])
    for q in questions:
        split, fam = real_split(q["source"]), q["role_family"]
        pool = synthetic_postings.get((fam, split)) or synthetic_postings.get((fam, "train"), [])
        if real_postings.get(fam) and (rng.random() < 0.5 or not pool):
            role, description = rng.choice(real_postings[fam])
        else:
            role, description = rng.choice(pool)
        previous = []
        if rng.random() < cfg.previous_share:
            others = [o for o in by_family[(fam, split)] if o != q["question"]]
            previous = rng.sample(others, min(len(others), rng.randint(1, 3)))
        difficulty = rng.choice(["easy", "medium", "medium", "hard"])
        row = grounded_row(f"gq-r{len(rows):05d}", role, description, difficulty, q["question_type"], previous,
                           q["question"], own_terms(q["question"]), rng, cfg)
        rows.append({**row, "role_family": fam, "interview_type": q["question_type"], "difficulty": difficulty,
                     "split": split, "source": q["source"], "licence": q["licence"]})
    return [r for r in rows if r["split"] != "train" or r["topic"] or r["interview_type"] == "behavioral"
            or rng.random() < cfg.no_topic_share]


def main(cfg: Config) -> dict:
    rows = build(cfg)
    out = project_path(cfg.out)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    stats = {
        "rows": len(rows),
        "by_split_and_kind": dict(Counter(f"{r['split']}/{'synthetic' if r['source'] == 'synthetic' else 'real'}"
                                          for r in rows)),
        "technical_rows_with_topic": sum(bool(r["topic"]) for r in rows if r["interview_type"] != "behavioral"),
        "technical_rows": sum(r["interview_type"] != "behavioral" for r in rows),
    }
    print(json.dumps(stats), flush=True)
    return stats


if __name__ == "__main__":
    main(parse_options(Config))
