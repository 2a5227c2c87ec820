"""Generated questions for real postings, judged by a classifier that learned only from real questions.

    python -m training.generator.evaluate_questions_real                      # development postings (for choices)
    python -m training.generator.evaluate_questions_real --split test         # the reported figure, run once
    make evaluate-questions                                         # the same, test split

For each posting of the split (data/real/postings.jsonl, split by organisation: training/router/data.py)
the app's router plans the interview (types round-robin over its mix, as on Practice) and the
generator writes the questions one after the other, twice: "before" is the question path without
the posting's skills (the app's earlier path), "after" the grounded path (skills in the
prompt; meta and other-role candidates rejected; candidates naming a skill ranked first).

The judge is NOT the router that ranks candidates in the app: a logistic regression on MiniLM
embeddings, fitted on the train split of the real questions only (data/real/questions.jsonl + the
review set's real questions, by source), one for the question type and one for the role family.
Reported per arm: share of the planned type; share of technical / coding / system-design questions
naming a skill or duty of the posting (interview/documents/posting.py `names_posting`); questions aimed at
another role family; duplicates within an interview; failures; seconds per question.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass

from training.options import parse_options
from training.paths import project_path

TECHNICAL_TYPES = ("technical", "coding", "system_design")


@dataclass
class Config:
    split: str = "dev"                     # dev (validation organisations + the Canadian postings, which
                                           # have full text) while choosing; test once, for the figure
    postings: int = 30                     # the report's figures are asked of >= 30 real postings
    questions_per_posting: int = 3         # the app's default interview length
    difficulty: str = "medium"             # the user's choice on Set up; the posting's level moves it
    seed: int = 0                          # posting sample and generation seeds
    arms: str = "before,after"             # question paths compared
    real_dir: str = "data/real"
    review_dir: str = "data/review"
    judge_c: float = 1.0                   # inverse regularisation of the judge's logistic regressions
    # A question is "aimed at another family" when the judge gives another family at least this
    # probability and the posting's own family less than other_family_max_own: a question the judge
    # is unsure about (most behavioural questions fit every family) is not counted.
    other_family_min: float = 0.5
    other_family_max_own: float = 0.1
    skill_rounds: int = 0                  # rounds spent looking for the wanted candidate (a technical one naming
                                           # the posting, a behavioural story prompt); 0 = the app's
    out: str = ""                          # report path; default data/real/questions_report.md (test split),
                                           # questions_report_<split>.md otherwise
    # The run is long on a shared 2-core machine: each posting's questions are appended to a cache as
    # they are written, a run stops after max_minutes, and the next run goes on where it stopped.
    max_minutes: float = 12.0
    cache_dir: str = ".cache/questions_eval"


# ---- the judge --------------------------------------------------------------------------------------
# The real questions' family is tied to their type by source (the coding questions of the train split
# are nearly all data engineering), so a family classifier on raw embeddings learns the type: it gave
# 0.11 accuracy on the validation questions and called 21 of 122 on-role questions "another family".
# Removing each type's mean embedding before the family classifier leaves what the question is about:
# 0.33 accuracy, 2 of 122 flagged (chosen on the validation questions, C and thresholds below).
@dataclass
class Judge:
    encoder: object
    type_model: object
    family_model: object
    type_means: dict

    def judge(self, questions: list[str]) -> list[dict]:
        import numpy as np

        vecs = self.encoder.encode(questions, normalize_embeddings=True)
        types = self.type_model.predict(vecs)
        resid = np.stack([v - self.type_means[t] for v, t in zip(vecs, types)])
        return [{"type": str(t), "family_probs": {str(c): float(p) for c, p in zip(self.family_model.classes_, f)}}
                for t, f in zip(types, self.family_model.predict_proba(resid))]


def real_question_rows(cfg: Config) -> list[dict]:
    """Real questions with their split by source (the same rule as the router's data)."""
    from training.router.data import real_split

    rows = [json.loads(line) for line in open(project_path(cfg.real_dir) / "questions.jsonl", encoding="utf-8")]
    for part in sorted(project_path(cfg.review_dir).glob("part_*.jsonl")):
        rows += [json.loads(line) for line in open(part, encoding="utf-8")]
    for r in rows:
        r["split"] = real_split(r["source"])
    return rows


def fit_judge(encoder, rows: list[dict], cfg: Config) -> tuple[Judge, dict]:
    """Logistic regressions on the train split; their accuracy on the validation split of the real
    questions (the held-out test questions are not read here)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    train = [r for r in rows if r["split"] == "train"]
    val = [r for r in rows if r["split"] == "validation"]
    xt = encoder.encode([r["question"] for r in train], normalize_embeddings=True)
    types = LogisticRegression(C=cfg.judge_c, max_iter=2000, class_weight="balanced").fit(xt, [r["question_type"] for r in train])
    means = {t: xt[[r["question_type"] == t for r in train]].mean(axis=0) for t in types.classes_}
    resid = np.stack([v - means[r["question_type"]] for v, r in zip(xt, train)])
    families = LogisticRegression(C=cfg.judge_c, max_iter=2000, class_weight="balanced").fit(resid, [r["role_family"] for r in train])
    judge = Judge(encoder, types, families, means)
    verdicts = judge.judge([r["question"] for r in val])
    own = [v["family_probs"].get(r["role_family"], 0.0) for v, r in zip(verdicts, val)]
    quality = {
        "train_questions": len(train), "validation_questions": len(val),
        "question_type_validation_accuracy": round(float(np.mean([v["type"] == r["question_type"] for v, r in zip(verdicts, val)])), 3),
        "role_family_validation_accuracy": round(float(np.mean([max(v["family_probs"], key=v["family_probs"].get) == r["role_family"]
                                                               for v, r in zip(verdicts, val)])), 3),
        "question_type_train_counts": {str(k): sum(r["question_type"] == k for r in train) for k in types.classes_},
        "role_family_train_counts": {str(k): sum(r["role_family"] == k for r in train) for k in families.classes_},
        "validation_on_role_flagged": int(sum(max(p for f, p in v["family_probs"].items() if f != r["role_family"]) >= cfg.other_family_min
                                              and o < cfg.other_family_max_own for v, r, o in zip(verdicts, val, own))),
    }
    return judge, quality


# ---- generation ------------------------------------------------------------------------------------
def pick_postings(cfg: Config) -> list[dict]:
    """`cfg.postings` postings of the split, spread over role families (round-robin, seeded)."""
    from training.router.data import real_split

    rows = [json.loads(line) for line in open(project_path(cfg.real_dir) / "postings.jsonl", encoding="utf-8")]
    if cfg.split == "dev":  # development: the validation organisations + the Canadian postings (full text)
        rows = [r for r in rows if real_split(r["organisation"]) == "validation" or r["source"].startswith("cds-snc/")]
    else:
        rows = [r for r in rows if real_split(r["organisation"]) == cfg.split]
    rng = random.Random(cfg.seed)
    by_family: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: r["id"]):
        by_family.setdefault(r["role_family"], []).append(r)
    for group in by_family.values():
        rng.shuffle(group)
    picked = []
    while len(picked) < min(cfg.postings, len(rows)):
        for fam in sorted(by_family):
            if by_family[fam] and len(picked) < cfg.postings:
                picked.append(by_family[fam].pop())
    return picked


def interview(coach, posting: dict, arm: str, cfg: Config, seed: int) -> list[dict]:
    """The planned questions of one posting, written by the `arm` path, each with its time."""
    from interview.generation.generator import GenerationFailed, GenerationOptions, generate_question
    from interview.documents.posting import extract_posting
    from interview.session import plan_types

    role, description = posting["job_title"], posting["description"]
    route = coach.router.route(role, description, cfg.difficulty)
    facts = extract_posting(role, description) if arm == "after" else None
    asked, out = [], []
    for i, qtype in enumerate(plan_types(route.interview_types, cfg.questions_per_posting)):
        start = time.perf_counter()
        options = GenerationOptions(seed=seed + i)
        if cfg.skill_rounds:
            options.skill_rounds = cfg.skill_rounds
        try:
            q = generate_question(coach.generator, coach.encoder, role, description, route.difficulty_band, qtype,
                                  previous=asked, classify=coach.router.classify_question,
                                  opts=options, posting=facts,
                                  role_family=route.role_family if facts is not None else None)
            text, rejected = q.text, q.rejected
        except GenerationFailed as exc:
            text, rejected = None, {"failed": str(exc)}
        out.append({"posting": posting["id"], "title": role, "family": posting["role_family"],
                    "routed_family": route.role_family, "planned": qtype, "question": text,
                    "rejected": rejected, "seconds": round(time.perf_counter() - start, 2)})
        if text:
            asked.append(text)
    return out


# ---- metrics ---------------------------------------------------------------------------------------
def score(rows: list[dict], judge: Judge, encoder, cfg: Config) -> dict:
    """The report's four figures (+ failures and time) for one arm; marks each row with its verdicts."""
    import numpy as np
    from interview.documents.posting import extract_posting, names_posting

    postings = {json.loads(line)["id"]: json.loads(line)
                for line in open(project_path(cfg.real_dir) / "postings.jsonl", encoding="utf-8")}
    done = [r for r in rows if r["question"]]
    verdicts = judge.judge([r["question"] for r in done]) if done else []
    for r, v in zip(done, verdicts):
        p = postings[r["posting"]]
        probs = v["family_probs"]
        other = max((f for f in probs if f != r["family"]), key=probs.get)
        r["judged_type"] = v["type"]
        r["judged_family"] = max(probs, key=probs.get)
        r["other_family"] = other if (probs[other] >= cfg.other_family_min
                                      and probs.get(r["family"], 0.0) < cfg.other_family_max_own) else ""
        r["names"] = names_posting(r["question"], extract_posting(p["job_title"], p["description"]))
    dup = 0
    for pid in {r["posting"] for r in done}:
        qs = [r["question"] for r in done if r["posting"] == pid]
        emb = encoder.encode(qs, normalize_embeddings=True)
        sims = np.triu(emb @ emb.T, k=1)
        dup += int((sims >= 0.85).any(axis=1).sum())
    tech = [r for r in rows if r["planned"] in TECHNICAL_TYPES]   # a failed question names nothing
    n = max(len(rows), 1)
    return {
        "questions": len(rows), "failed": len(rows) - len(done),
        "planned_type_pct": round(100 * sum(r["judged_type"] == r["planned"] for r in done) / n, 1),
        "technical_naming_posting_pct": round(100 * sum(bool(r.get("names")) for r in tech) / max(len(tech), 1), 1),
        "technical_questions": len(tech),
        "other_family": sum(bool(r["other_family"]) for r in done),
        "duplicates": dup,
        "exact_duplicates_across_postings": len(done) - len({r["question"].lower() for r in done}),
        "seconds_per_question": round(sum(r["seconds"] for r in rows) / max(n, 1), 2),
    }


def command_args(cfg: Config) -> str:
    """The flags that reproduce this run (those that differ from the defaults, and the split)."""
    from dataclasses import fields

    args = [f"--split {cfg.split}"]
    args += [f"--{f.name.replace('_', '-')} {getattr(cfg, f.name)}" for f in fields(cfg)
             if f.name not in ("split", "max_minutes") and getattr(cfg, f.name) != f.default]
    return " ".join(args)


def write_report(path, cfg: Config, judge_quality: dict, results: dict, rows: dict, postings: list[dict]) -> None:
    n_postings = len(postings)
    unfinished = {arm: m["postings_done"] for arm, m in results.items() if m["postings_done"] < n_postings}
    lines = [f"# Generated questions on real postings ({cfg.split} split)", "",
             *([f"**Unfinished run**: postings done per path {unfinished} of {n_postings}.", ""] if unfinished else []),
             f"`python -m training.generator.evaluate_questions_real {command_args(cfg)}` (run again until finished) — {n_postings} postings of the "
             f"{cfg.split} organisations, {cfg.questions_per_posting} questions each (the router's planned mix), "
             f"difficulty {cfg.difficulty}, seeds from {cfg.seed}.", "",
             "Judge: logistic regressions on MiniLM embeddings fitted on the real questions' train split only "
             f"({judge_quality['train_questions']} questions); accuracy on the {judge_quality['validation_questions']} "
             f"validation questions: type {judge_quality['question_type_validation_accuracy']}, "
             f"family {judge_quality['role_family_validation_accuracy']} (on-role validation questions it would count as "
             f"'another family': {judge_quality['validation_on_role_flagged']}). Train counts per type "
             f"{judge_quality['question_type_train_counts']}; per family {judge_quality['role_family_train_counts']}.",
             f"'Other family': the judge gives another family >= {cfg.other_family_min} and the posting's "
             f"family < {cfg.other_family_max_own}.", "",
             "| path | planned type (target >= 90%) | technical naming a skill/duty (>= 80%) | other family (0) "
             "| duplicates (0) | failed | s / question |", "|---|---:|---:|---:|---:|---:|---:|"]
    for arm, m in results.items():
        lines.append(f"| {arm} | {m['planned_type_pct']}% | {m['technical_naming_posting_pct']}% "
                     f"({m['technical_questions']} technical) | {m['other_family']} | {m['duplicates']} | "
                     f"{m['failed']} | {m['seconds_per_question']} |")
    from interview.documents.posting import extract_posting

    lines += ["", "## What the coach read in each posting (interview/documents/posting.py)", "",
              "| posting | family | description | skills | duties |", "|---|---|---|---|---|"]
    for p in postings:
        facts = extract_posting(p["job_title"], p["description"])
        cells = [p["job_title"][:60], p["role_family"], p["description"][:90], ", ".join(facts.skills), "; ".join(facts.duties)]
        lines.append("| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |")
    for arm, arm_rows in rows.items():
        lines += ["", f"## {arm}", "", "| posting | family | planned | judged | names | other family | question |",
                  "|---|---|---|---|---|---|---|"]
        for r in arm_rows:
            q = (r["question"] or f"(failed: {r['rejected'].get('failed', '')})").replace("|", "/")
            lines.append(f"| {r['title'][:60].replace('|', '/')} | {r['family']} | {r['planned']} | "
                         f"{r.get('judged_type', '')} | {', '.join(r.get('names', []))} | {r.get('other_family', '')} | {q} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(cfg: Config) -> dict:
    from interview.models.loading import load_encoder

    # 1. the judge, fitted on real questions only, on the app's encoder
    encoder = load_encoder()
    judge, judge_quality = fit_judge(encoder, real_question_rows(cfg), cfg)
    # 2. postings of the split, spread over families
    postings = pick_postings(cfg)
    # 3. questions per posting and arm (resumed from the cache), then 4. the figures per arm
    deadline = time.monotonic() + 60 * cfg.max_minutes
    arms = cfg.arms.split(",")
    # The cache is per served adapter: a retrained generator must not be scored on its predecessor's questions.
    from interview.models.loading import find_adapter

    # So are the question writer's rules (QUESTION_RULES): rows written under earlier rules are not reused.
    from interview.generation.generator import QUESTION_RULES

    adapter = getattr(find_adapter("generator"), "name", "base")
    variant = f"_rounds{cfg.skill_rounds}" if cfg.skill_rounds else ""
    caches = {arm: project_path(cfg.cache_dir) / f"{cfg.split}_{arm}_seed{cfg.seed}_{adapter}_{QUESTION_RULES}{variant}.jsonl"
              for arm in arms}
    done = {arm: [json.loads(line) for line in open(c, encoding="utf-8")] if c.exists() else [] for arm, c in caches.items()}
    coach = None
    for i, p in enumerate(postings):
        for arm in arms:
            if any(r["posting"] == p["id"] for r in done[arm]) or time.monotonic() > deadline:
                continue
            if coach is None:  # the app's models (generator, encoder, router), only when there is work left
                from interview.coach import Coach

                coach = Coach.load()
            new = interview(coach, p, arm, cfg, cfg.seed + 100 * i)
            caches[arm].parent.mkdir(parents=True, exist_ok=True)
            with open(caches[arm], "a", encoding="utf-8") as f:
                f.writelines(json.dumps(r) + "\n" for r in new)
            done[arm] += new
    results, rows = {}, {}
    ids = [p["id"] for p in postings]
    for arm in arms:
        rows[arm] = sorted((r for r in done[arm] if r["posting"] in ids), key=lambda r: ids.index(r["posting"]))
        results[arm] = score(rows[arm], judge, encoder, cfg)
        results[arm]["postings_done"] = len({r["posting"] for r in rows[arm]})
        print(arm, json.dumps(results[arm]), flush=True)
    # 5. the report, with every question, and the raw rows beside it
    out = project_path(cfg.out or f"{cfg.real_dir}/questions_report{'' if cfg.split == 'test' else '_' + cfg.split}.md")
    incomplete = [arm for arm, m in results.items() if m["postings_done"] < len(postings)]
    if incomplete:
        print(f"not finished ({', '.join(incomplete)}): run the same command again to go on", flush=True)
    write_report(out, cfg, judge_quality, results, rows, postings)
    out.with_suffix(".json").write_text(json.dumps({"config": cfg.__dict__, "judge": judge_quality, "results": results,
                                                    "rows": rows}, indent=1, default=str), encoding="utf-8")
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main(parse_options(Config))
