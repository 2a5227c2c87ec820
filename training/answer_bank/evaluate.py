"""Evaluate the answer bank on questions that are NOT in it, choose its threshold, write the review sheet.

    python -m training.answer_bank.evaluate          # writes data/answer_bank/eval/

Questions (none of them in the bank):
- held out: every 10th pair of each bank source (training/answer_bank/build.py), with its own answer;
  split by id into dev (threshold choice) and test (final figures, read once);
- unseen: question-only lists from other permissively licensed repositories (accessibility, iOS,
  product management), for coverage of families the bank answers little;
- negatives: behavioural and off-domain questions written for this evaluation; they must get None.

1. embed everything; for each question the entry `AnswerBank.lookup` would show at threshold 0;
2. proxy label on dev: a shown answer is "on topic" when its answer is close to the held-out question's
   own answer (cosine >= PROXY_ANSWER_COS) or its question is a near-copy (>= PROXY_QUESTION_COS);
3. threshold = the lowest cut with dev proxy precision >= TARGET_PRECISION and <= MAX_NEGATIVE_RATE
   of the dev negatives answered;
4. test: shown share, proxy precision, negatives answered, coverage per role family; a 50-item review
   sheet of shown test answers (stratified by family) for a person to judge. Verdicts written in
   eval/review_verdicts.jsonl are folded into eval/test_metrics.json when present.
"""
from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from interview.retrieval.answer_bank import BANK_PATH, BEHAVIOURAL, embed, load_answer_bank
from training.answer_bank.build import git  # the bank's own reader of the source mirrors
from training.options import parse_options

EVAL_DIR = BANK_PATH.parent / "eval"
HELDOUT_PATH = BANK_PATH.parent / "heldout.jsonl"
PROXY_ANSWER_COS = 0.60     # two answers this close talk about the same thing (read on 40 dev pairs)
PROXY_QUESTION_COS = 0.90   # a bank question this close is the same question reworded
TARGET_PRECISION = 0.90     # the target: a shown bank answer is on the asked topic in >= 90%
MAX_NEGATIVE_RATE = 0.05    # behavioural / off-domain questions answered at most this often
REVIEW_ITEMS = 50

# Question-only lists (no answers, so not in the bank): source, licence, path, section -> role family.
UNSEEN_SOURCES = [
    ("scottaohara/accessibility_interview_questions", "MIT", "README.md",
     {"General": "design", "Technical": "frontend", "Design": "design", "Content": "design"}),
    ("9magnets/iOS-Developer-and-Designer-Interview-Questions", "MIT", "README.md",
     {"iOS Technologies": "frontend", "Coding": "software_engineering", "Interface": "design", "Design": "design"}),
]
PM_SOURCE = ("espetey/pminterviewquestion", "MIT", "src/data/questions.js")

# Written for this evaluation: questions the bank must not answer (behavioural, personal, off-domain).
NEGATIVES = [
    "Tell me about a time you disagreed with your manager.", "What is your greatest weakness?",
    "Why do you want to work here?", "Describe a situation where you missed a deadline.",
    "Where do you see yourself in five years?", "What are your salary expectations?",
    "Tell me about a project you are proud of.", "How do you handle stress at work?",
    "What did you do last weekend?", "How do you bake sourdough bread?",
    "Who won the football world cup in 2010?", "What is the capital of Australia?",
    "How do I change a flat tyre on a bicycle?", "What is your favourite book and why?",
    "Describe a time you had to learn something quickly.", "How do you prioritise your personal goals?",
    "What would your previous colleagues say about you?", "How do you tune a guitar?",
    "What are the rules of chess castling?", "How many hours of sleep do you need?",
    "Tell us about a mistake you made and what you learned.", "What motivates you to get up in the morning?",
    "Give me an example of a time you showed leadership.", "What hobbies do you have outside work?",
    "How do you brew a good cup of coffee?", "What languages do you speak?",
    "Have you ever worked with a difficult teammate?", "Why are you leaving your current job?",
    "How would your friends describe you?", "What is the best holiday you have taken?",
]


# Written for this evaluation: technical questions as an interviewer of each family would ask them
# (not copied from any bank source; test split only). They measure coverage on everyday questions.
WRITTEN = {
    "software_engineering": [
        "What is the difference between a process and a thread?", "How does a hash map handle collisions?",
        "What is dependency injection and why is it useful?", "Explain the CAP theorem.",
        "What is the difference between SQL and NoSQL databases?", "What is a race condition?",
        "Explain what a REST API is.", "How would you design a URL shortener?",
        "What is a deadlock and how do you avoid it?", "What is the difference between a stack and a queue?",
        "What is database normalization?",
        "What is the difference between TCP and UDP?", "What is a reverse proxy?", "What is a firewall?"],
    "frontend": [
        "What is the virtual DOM and why does React use it?", "Explain event delegation in JavaScript.",
        "What is the difference between let, const and var?", "What is a closure in JavaScript?",
        "How does CSS specificity work?", "What are React hooks?", "What is CORS?",
        "What is the difference between == and === in JavaScript?",
        "What is the box model in CSS?", "What is the event loop in JavaScript?", "What are props in React?"],
    "data_science": [
        "What is a p-value?", "Explain the difference between Type I and Type II errors.",
        "How would you design an A/B test?", "What is the central limit theorem?",
        "What is the difference between correlation and causation?", "How do you handle missing data?",
        "What is a confidence interval?", "Explain precision and recall.",
        "What is the difference between a t-test and a z-test?", "What is a ROC curve?", "What is a null hypothesis?"],
    "machine_learning": [
        "What is overfitting and how do you prevent it?", "Explain the bias-variance trade-off.",
        "How does gradient descent work?", "What is regularization?", "How does a random forest work?",
        "What is the attention mechanism in transformers?", "What is cross-validation?",
        "What is batch normalization?",
        "What is the vanishing gradient problem?", "What is dropout in neural networks?", "What is k-means clustering?"],
    "data_engineering": [
        "What is the difference between ETL and ELT?", "What is a star schema?",
        "How does Apache Kafka guarantee message ordering?", "What is data partitioning and why does it matter?",
        "What is a slowly changing dimension?", "How would you design a data pipeline for daily batch loads?",
        "What is the difference between a data lake and a data warehouse?", "What is idempotency in data pipelines?",
        "What is Apache Airflow used for?", "What is a window function in SQL?", "What is change data capture?"],
    "devops_sre": [
        "What is a Kubernetes pod?", "Explain blue-green deployment.", "What is infrastructure as code?",
        "How do you reduce Docker image size?", "What is the difference between a liveness and a readiness probe?",
        "What is an SLO?", "How does a load balancer work?", "What is GitOps?",
        "What is a Helm chart?", "What is the difference between Docker and a virtual machine?", "What is Terraform state?"],
    "security": [
        "What is cross-site scripting?", "How does SQL injection work and how do you prevent it?",
        "What is the difference between authentication and authorization?", "What is a CSRF attack?",
        "How does TLS work?", "What is threat modeling?", "What is the principle of least privilege?",
        "How do you store passwords securely?",
        "What is a man-in-the-middle attack?", "What is OAuth?", "What is multi-factor authentication?"],
    "product_management": [
        "How do you prioritize features on a roadmap?", "What metrics would you use to measure user engagement?",
        "What is a minimum viable product?", "How do you define product-market fit?",
        "How would you measure the success of a new feature?", "What is the difference between a KPI and an OKR?"],
    "design": [
        "What is the difference between UX and UI design?", "How do you run a usability test?",
        "What is a design system?", "How do you design for accessibility?",
        "What is information architecture?", "What is the difference between a wireframe and a prototype?"],
}


@dataclass
class Config:
    out_dir: Path = EVAL_DIR
    seed: int = 21


def is_dev(entry_id: str) -> bool:
    return int(entry_id, 16) % 2 == 0


# ----------------------------------------------------------------------------- unseen question lists

def _git_show(repo: str, path: str) -> tuple[str, str]:
    """(commit, text) of `path` at the mirror's HEAD."""
    commit = git(repo, "rev-parse", "HEAD").strip()
    return commit, git(repo, "show", f"{commit}:{path}")


def collect_unseen() -> list[dict]:
    """Question-only lists read from the mirrors (used when eval/unseen_questions.jsonl is absent)."""
    rows = []
    for repo, licence, path, sections in UNSEEN_SOURCES:
        commit, text = _git_show(repo, path)
        family = None
        for line in text.split("\n"):
            head = re.match(r"^#{2,4}\s+(?:\[\[⬆\]\]\(#contents\)\s*)?(?:<a[^>]*>)?([^<:]+)", line)
            if head:
                title = head.group(1).strip()
                family = next((f for key, f in sections.items() if title.startswith(key)), None)
                continue
            item = re.match(r"^[*-]\s+(.+\?)\s*$", line)
            if family and item and not BEHAVIOURAL.search(item.group(1)):
                rows.append({"question": re.sub(r"`", "", item.group(1)), "role_family": family,
                             "source_repo": repo, "commit": commit, "path": path, "licence": licence})
    repo, licence, path = PM_SOURCE
    commit, text = _git_show(repo, path)
    for q in re.findall(r'"question":\s*"([^"]+)"', text):
        if not BEHAVIOURAL.search(q) and not re.match(r"^(tell|describe|why|what are your|what is your)", q, re.I):
            rows.append({"question": q, "role_family": "product_management", "source_repo": repo,
                         "commit": commit, "path": path, "licence": licence})
    return rows


def load_unseen(out_dir: Path) -> list[dict]:
    path = out_dir / "unseen_questions.jsonl"
    if not path.is_file():
        rows = collect_unseen()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return [json.loads(l) for l in path.read_text().splitlines() if l.strip()]


# ----------------------------------------------------------------------------- evaluation

def shown_at(bank, questions: list[dict]) -> list[dict]:
    """For each question: the entry lookup would show at threshold 0, and its score."""
    out = []
    for q in questions:
        hit = bank.lookup(q["question"], q.get("role_family"), threshold=-1.0)
        out.append({**q, "hit": hit})
    return out


def sweep(dev: list[dict], negatives: list[dict]) -> list[dict]:
    rows = []
    for t in [round(0.40 + 0.01 * i, 2) for i in range(56)]:
        shown = [r for r in dev if r["hit"] and r["hit"].score >= t]
        ok = sum(r["proxy_on_topic"] for r in shown)
        neg = sum(1 for r in negatives if r["hit"] and r["hit"].score >= t)
        rows.append({"threshold": t, "shown": len(shown), "shown_share": round(len(shown) / max(len(dev), 1), 4),
                     "proxy_precision": round(ok / len(shown), 4) if shown else None,
                     "negatives_answered": round(neg / max(len(negatives), 1), 4)})
    return rows


def main(cfg: Config) -> dict:
    # 1. load the bank (threshold is chosen below) and the questions that are not in it
    bank = load_answer_bank()
    heldout = [json.loads(l) for l in HELDOUT_PATH.read_text().splitlines() if l.strip()]
    unseen = load_unseen(cfg.out_dir)
    negatives = [{"question": q, "role_family": None, "split": "dev" if i % 2 == 0 else "test"}
                 for i, q in enumerate(NEGATIVES)]
    # 2. what would be shown, and the proxy label of held-out questions (their own answer is known)
    held = shown_at(bank, heldout)
    for r in held:
        r["proxy_on_topic"] = False          # nothing shown (every candidate refused as a sibling)
    found = [r for r in held if r["hit"] is not None]
    true_vecs = embed(bank.encoder, [r["answer"] for r in found])
    shown_vecs = embed(bank.encoder, [r["hit"].answer for r in found])
    q_vecs = embed(bank.encoder, [r["question"] for r in found])
    shown_q_vecs = embed(bank.encoder, [r["hit"].question for r in found])
    for r, a, b, c, d in zip(found, true_vecs, shown_vecs, q_vecs, shown_q_vecs):
        r["answer_cos"] = float(a @ b)
        r["proxy_on_topic"] = bool(float(a @ b) >= PROXY_ANSWER_COS or float(c @ d) >= PROXY_QUESTION_COS)
    neg = shown_at(bank, negatives)
    dev = [r for r in held if is_dev(r["id"])]
    test = [r for r in held if not is_dev(r["id"])]
    # 3. the threshold from dev only
    curve = sweep(dev, [r for r in neg if r["split"] == "dev"])
    ok = [c for c in curve if c["proxy_precision"] is not None and c["proxy_precision"] >= TARGET_PRECISION
          and c["negatives_answered"] <= MAX_NEGATIVE_RATE]
    threshold = ok[0]["threshold"] if ok else curve[-1]["threshold"]
    labels_path = cfg.out_dir / "dev_labels.jsonl"
    if labels_path.is_file():   # a person's verdicts on the dev answers shown at the threshold
        labels = [json.loads(l) for l in labels_path.read_text().splitlines() if l.strip()]
        above = [v for v in labels if v["score"] >= threshold]
        dev_hand = {"items": len(labels), "items_at_or_above_threshold": len(above),
                    "on_topic_share_at_or_above_threshold": round(
                        sum(v["verdict"] == "on_topic" for v in above) / max(len(above), 1), 4)}
    else:
        dev_hand = None
    # 4. test figures at that threshold
    written = [{"question": q, "role_family": f, "source_repo": "written for this evaluation"}
               for f, qs in WRITTEN.items() for q in qs]
    uns = shown_at(bank, unseen) + shown_at(bank, written)
    test_neg = [r for r in neg if r["split"] == "test"]
    shown_test = [r for r in test if r["hit"] is not None and r["hit"].score >= threshold]
    def coverage(rows: list[dict]) -> dict:
        counts = defaultdict(lambda: [0, 0])
        for r in rows:
            counts[r["role_family"]][1] += 1
            counts[r["role_family"]][0] += int(r["hit"] is not None and r["hit"].score >= threshold)
        out = {f: {"answered": a, "questions": n, "coverage": round(a / n, 4)} for f, (a, n) in sorted(counts.items())}
        total = [sum(a for a, _ in counts.values()), sum(n for _, n in counts.values())]
        out["all"] = {"answered": total[0], "questions": total[1], "coverage": round(total[0] / max(total[1], 1), 4)}
        return out

    metrics = {
        "threshold": threshold, "dev_questions": len(dev), "test_questions": len(test),
        "unseen_questions": len(uns) - len(written), "written_questions": len(written), "negatives_test": len(test_neg),
        "test_shown_share": round(len(shown_test) / len(test), 4),
        "test_proxy_precision": round(sum(r["proxy_on_topic"] for r in shown_test) / max(len(shown_test), 1), 4),
        "test_negatives_answered": round(sum(r["hit"] is not None and r["hit"].score >= threshold
                                             for r in test_neg) / len(test_neg), 4),
        "coverage_per_family": {
            "heldout_test": coverage(test),
            "unseen_question_lists": coverage([r for r in uns if r["source_repo"] != "written for this evaluation"]),
            "written_questions": coverage([r for r in uns if r["source_repo"] == "written for this evaluation"]),
            "all_test": coverage(test + uns)},
        "dev_hand_labelled": dev_hand,
        "proxy": f"answer cosine >= {PROXY_ANSWER_COS} or question cosine >= {PROXY_QUESTION_COS}",
    }
    # 5. the review sheet: 50 shown test answers (held-out and unseen), stratified by family
    rng = random.Random(cfg.seed)
    pool = [r for r in test + uns if r["hit"] is not None and r["hit"].score >= threshold]
    by_family = defaultdict(list)
    for r in pool:
        by_family[r["role_family"]].append(r)
    for rows in by_family.values():
        rng.shuffle(rows)
    sheet, i = [], 0
    while len(sheet) < REVIEW_ITEMS and any(by_family.values()):
        for fam in sorted(by_family):
            if by_family[fam] and len(sheet) < REVIEW_ITEMS:
                r = by_family[fam].pop()
                i += 1
                sheet.append({"item": i, "asked": r["question"], "asked_family": fam,
                              "asked_source": r.get("source_repo"), "bank_question": r["hit"].question,
                              "bank_answer": r["hit"].answer, "bank_source": r["hit"].source_repo,
                              "licence": r["hit"].licence, "score": r["hit"].score})
    verdicts_path = cfg.out_dir / "review_verdicts.jsonl"
    if verdicts_path.is_file():
        verdicts = [json.loads(l) for l in verdicts_path.read_text().splitlines() if l.strip()]
        on_sheet = {(s["asked"], s["bank_question"]) for s in sheet}   # verdicts of another sheet don't count
        judged = [v for v in verdicts if v.get("verdict") in ("on_topic", "off_topic", "partly")
                  and (v["asked"], v["bank_question"]) in on_sheet]
        metrics["review_items"] = len(judged)
        metrics["review_on_topic_share"] = round(sum(v["verdict"] == "on_topic" for v in judged) / max(len(judged), 1), 4)
        metrics["review_verdicts"] = dict(Counter(v["verdict"] for v in judged))
    # 6. write
    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    (cfg.out_dir / "threshold.json").write_text(json.dumps(
        {"chosen": threshold, "rule": f"lowest cut with dev proxy precision >= {TARGET_PRECISION} and "
                                      f"negatives answered <= {MAX_NEGATIVE_RATE}", "curve": curve}, indent=1) + "\n")
    def row(r: dict) -> dict:
        h = r["hit"]
        return {"asked": r["question"], "asked_family": r["role_family"], "asked_source": r.get("source_repo"),
                "bank_question": h.question if h else None, "bank_family": h.role_family if h else None,
                "bank_source": h.source_repo if h else None, "score": h.score if h else None,
                "shown": bool(h and h.score >= threshold), "proxy_on_topic": r.get("proxy_on_topic"),
                "bank_answer": h.answer if h else None}
    for name, rows in (("dev_rows.jsonl", dev), ("test_rows.jsonl", test + uns)):
        (cfg.out_dir / name).write_text("".join(json.dumps(row(r), ensure_ascii=False) + "\n" for r in rows))
    (cfg.out_dir / "test_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    (cfg.out_dir / "review_sheet.jsonl").write_text(
        "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in sheet))
    return metrics


if __name__ == "__main__":
    print(json.dumps(main(parse_options(Config, None, __doc__.split("\n")[0])), indent=2))
