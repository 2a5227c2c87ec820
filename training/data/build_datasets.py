"""Build the training datasets from the hand-written sources in data/sources/.

    python -m training.data.build_datasets [--seed 13] [--out data]

Writes encoder_dataset.csv (router requests), question_types.csv (question classifier),
decoder_dataset.jsonl (generator chats), retrieval_pairs.csv + bullets.csv (retriever), and
README.md (the data card, with statistics computed here). Same seed, same bytes.
"""
from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from interview.text.clean import clean_text
from training.data.card import write_card
from training.options import parse_options
from training.paths import project_path
from training.data.decoder import coaching_examples, question_examples
from training.data.postings import build_postings
from training.data.questions import build_questions
from training.data.resumes import (build_pairs, build_resumes, load_templates, retrieval_query,
                                      split_templates)
from training.data.split import Embedder, find_leaks, merge_near_duplicates, stratified_group_split
from training.data.text import load_sources, norm, rng_for

__all__ = ["Config", "main", "retrieval_query"]

ENCODER_COLUMNS = ["id", "job_title", "description", "hardness", "role_family", "interview_types", "difficulty_band",
                   "seniority", "split"]
SENIORITY = ("entry", "mid", "senior")   # the cue levels of data/sources/postings.yaml (index 0-2)
QUESTION_COLUMNS = ["id", "question", "type", "role_family", "difficulty", "split"]
PAIR_COLUMNS = ["id", "resume_id", "job_description", "question", "query", "bullet", "bullet_id", "role_family", "split"]
BULLET_COLUMNS = ["bullet_id", "resume_id", "bullet", "role_family", "achievement_id"]


@dataclass
class Config:
    seed: int = 13
    out: str = "data"                    # output folder (relative: to the project root)
    n_postings: int = 3600               # router requests before leak drops (>= 3,000 are wanted)
    n_resumes: int = 440                 # ~4.7 bullets each, ~2.6 questions per bullet: >= 5,000 pairs
    questions_per_cell: int = 12         # generator examples per family x type x difficulty
    n_feedback: int = 480
    n_sample_answers: int = 360
    n_follow_ups: int = 300
    near_dup_cosine: float = 0.95        # MiniLM cosine at which two texts count as the same
    posting_embed_chars: int = 300       # postings are embedded on title + their first 300 characters
    cache_dir: str = ".cache/datasets"   # embedding cache ('' = none); a rebuild reuses it
    encoder_path: str = ""               # sentence encoder for the near-duplicate check ('' = embedded MiniLM)


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in columns})


def _dedup(items: list, key) -> list:
    seen, out = set(), []
    for it in items:
        k = norm(key(it))
        if k and k not in seen:
            seen.add(k)
            out.append(it)
    return out


def _seniority(src: dict, level: str) -> str:
    """The posting's seniority cue as a label: none, entry, mid or senior (the band rule's input)."""
    levels = src["postings"]["levels"]
    return "none" if level == "none" else SENIORITY[levels[level]["index"]]


def main(cfg: Config) -> dict:
    """Build every dataset; returns the statistics written to the data card."""
    t0 = time.time()
    out = project_path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    src = load_sources()
    from interview.models.loading import load_encoder
    embed = Embedder(load_encoder(cfg.encoder_path or None), project_path(cfg.cache_dir) if cfg.cache_dir else None)
    leaks = []

    # 1. router requests: postings, cleaned, de-duplicated, near-duplicates grouped, split by family x band
    postings = build_postings(src, cfg.n_postings, rng_for(cfg.seed, "postings"))
    for p in postings:
        p.job_title, p.description = clean_text(p.job_title), clean_text(p.description)
    postings = _dedup(postings, lambda p: p.job_title + " " + p.description)
    p_text = [(p.job_title + "\n" + p.description)[:cfg.posting_embed_chars] for p in postings]
    groups, p_pairs = merge_near_duplicates(p_text, [f"p{i}" for i in range(len(postings))], embed, cfg.near_dup_cosine)
    strata = [f"{p.role_family}|{p.difficulty_band}" for p in postings]
    for p, s in zip(postings, stratified_group_split(strata, groups, rng_for(cfg.seed, "split-postings"))):
        p.split = s

    # 2. question pool: cleaned, de-duplicated, split by topic group within type x family x difficulty
    questions = build_questions(src, rng_for(cfg.seed, "questions"))
    for q in questions:
        q.question = clean_text(q.question)
    questions = _dedup(questions, lambda q: q.question)
    q_groups, q_pairs = merge_near_duplicates([q.question for q in questions], [q.group for q in questions], embed,
                                              cfg.near_dup_cosine)
    strata = [f"{q.type}|{q.role_family}|{q.difficulty}" for q in questions]
    for q, g, s in zip(questions, q_groups, stratified_group_split(strata, q_groups, rng_for(cfg.seed, "split-questions"))):
        q.group, q.split = g, s

    # 3. resumes and retrieval pairs: templates split first, resumes built inside one split
    templates, slots = load_templates(src)
    split_templates(templates, rng_for(cfg.seed, "split-templates"))
    resumes = build_resumes(templates, slots, cfg.n_resumes, rng_for(cfg.seed, "resumes"))
    postings_by = defaultdict(list)
    for p in postings:
        postings_by[(p.role_family, p.split)].append(p)
    stems = src["questions_behavioral"]["past_stems"]
    pairs = build_pairs(resumes, postings_by, stems, rng_for(cfg.seed, "pairs"))

    # 4. generator chats, each from the material of its own split
    pool = defaultdict(list)
    for q in questions:
        for key in [(q.role_family, q.type, q.difficulty, q.split), (q.role_family, q.type, "*", q.split),
                    (q.role_family, "*", "*", q.split)]:
            pool[key].append(q)
    rng = rng_for(cfg.seed, "decoder")
    examples = question_examples(cfg.questions_per_cell, postings_by, pool, rng)
    for kind, n in [("feedback", cfg.n_feedback), ("sample_answer", cfg.n_sample_answers), ("follow_up", cfg.n_follow_ups)]:
        examples += coaching_examples(kind, n, resumes, postings_by, stems, src["coaching"], rng)

    # 5. leakage check on the finished rows; rows still leaking are dropped from validation/test
    def check(name, rows, text, split):
        report = find_leaks([text(r) for r in rows], [split(r) for r in rows], embed, cfg.near_dup_cosine, name)
        leaks.append(report)
        drop = set(report.dropped)
        return [r for i, r in enumerate(rows) if i not in drop]

    postings = check("encoder_dataset: title + description", postings,
                     lambda p: (p.job_title + "\n" + p.description)[:cfg.posting_embed_chars], lambda p: p.split)
    questions = check("question_types: question", questions, lambda q: q.question, lambda q: q.split)
    bullets = [b for r in resumes for b in r.bullets]
    split_of_resume = {r.resume_id: r.split for r in resumes}
    kept = {id(b) for b in check("bullets: bullet", bullets, lambda b: b.text, lambda b: split_of_resume[b.resume_id])}
    kept_ids = {b.bullet_id for b in bullets if id(b) in kept}
    pairs = [p for p in pairs if p.bullet_id in kept_ids]
    pairs = check("retrieval_pairs: question", pairs, lambda p: p.question, lambda p: p.split)
    examples = check("decoder_dataset: assistant target", examples, lambda e: e.target, lambda e: e.split)

    # 6. write the files
    enc_rows = [dict(id=f"enc-{i + 1:05d}", job_title=p.job_title, description=p.description, hardness=p.hardness,
                     role_family=p.role_family, interview_types="|".join(p.interview_types),
                     difficulty_band=p.difficulty_band, seniority=_seniority(src, p.level), split=p.split)
                for i, p in enumerate(postings)]
    q_rows = [dict(id=f"q-{i + 1:05d}", question=q.question, type=q.type, role_family=q.role_family,
                   difficulty=q.difficulty, split=q.split) for i, q in enumerate(questions)]
    b_rows = [dict(bullet_id=b.bullet_id, resume_id=b.resume_id, bullet=b.text,
                   role_family=next(r.family for r in resumes if r.resume_id == b.resume_id),
                   achievement_id=b.template.id)
              for b in bullets if b.bullet_id in kept_ids]
    p_rows = [asdict(p) for p in pairs]
    d_rows = []
    for i, e in enumerate(examples):
        d_rows.append(dict(id=f"dec-{i + 1:05d}", task=e.task, messages=e.messages, role_family=e.role_family,
                           interview_type=e.interview_type, difficulty=e.difficulty, split=e.split))
    _write_csv(out / "encoder_dataset.csv", ENCODER_COLUMNS, enc_rows)
    _write_csv(out / "question_types.csv", QUESTION_COLUMNS, q_rows)
    _write_csv(out / "retrieval_pairs.csv", PAIR_COLUMNS, p_rows)
    _write_csv(out / "bullets.csv", BULLET_COLUMNS, b_rows)
    with open(out / "decoder_dataset.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in d_rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # 7. the data card, from the rows just written
    stats = write_card(out / "README.md", cfg, enc_rows, q_rows, d_rows, p_rows, b_rows, leaks,
                       near_pairs={"postings": p_pairs, "questions": q_pairs}, n_templates=len(templates))
    print(f"built {len(enc_rows)} requests, {len(q_rows)} questions, {len(d_rows)} chats, {len(p_rows)} pairs over "
          f"{len(b_rows)} bullets in {time.time() - t0:.0f} s ({embed.computed} texts embedded, rest cached)")
    for r in leaks:
        print("leakage check,", r.line())
    return stats


if __name__ == "__main__":
    main(parse_options(Config, description=__doc__.split("\n\n")[0]))   # --cache-dir '' embeds every text again
