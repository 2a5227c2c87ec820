"""Router training data: the two CSVs of `training.data.build_datasets` as rows, and a torch Dataset
that mixes requests and questions so one Trainer run fits all four heads."""
from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path

from interview.routing.router_model import HEADS, tokenize_questions, tokenize_requests

REQUEST_COLUMNS = ("id", "job_title", "description", "hardness", "role_family", "interview_types",
                   "difficulty_band", "split")
QUESTION_COLUMNS = ("id", "question", "type", "split")


@dataclass(frozen=True)
class Request:
    job_title: str
    description: str
    hardness: str
    role_family: str
    interview_types: tuple[str, ...]
    difficulty_band: str
    split: str
    seniority: str = "none"      # the posting's seniority cue (trains the band model)
    has_types: bool = True       # False: no interview-type label (real postings); that loss is masked

    @property
    def triple(self) -> tuple[str, str, str]:
        return self.job_title, self.description, self.hardness


@dataclass(frozen=True)
class Question:
    question: str
    type: str
    split: str


def _read(path: Path, columns) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path} lacks the column(s) {', '.join(sorted(missing))}.")
        return list(reader)


def load_requests(path: Path) -> list[Request]:
    rows = []
    for r in _read(path, REQUEST_COLUMNS):
        types = tuple(t for t in r["interview_types"].split("|") if t)
        unknown = ({r["role_family"]} - set(HEADS["role_family"])) | (set(types) - set(HEADS["interview_types"])) \
            | ({r["difficulty_band"]} - set(HEADS["difficulty_band"]))
        if unknown:
            raise ValueError(f"{path}, row {r['id']}: unknown label(s) {sorted(unknown)}.")
        rows.append(Request(r["job_title"], r["description"], r["hardness"], r["role_family"], types,
                            r["difficulty_band"], r["split"], r.get("seniority") or "none"))
    return rows


def load_questions(path: Path) -> list[Question]:
    rows = []
    for r in _read(path, QUESTION_COLUMNS):
        if r["type"] not in HEADS["question_type"]:
            raise ValueError(f"{path}, row {r['id']}: unknown question type '{r['type']}'.")
        rows.append(Question(r["question"], r["type"], r["split"]))
    return rows


# ---- real data (data/real/, data/review/): split by source -----------------------------------------
# The test split holds whole sources (repositories for questions, organisations for postings) that
# give nothing to training or validation, so its figure says how the models do on text from somewhere
# new. Chosen by hand so that every question type has a held-out source, then frozen here.
REAL_TEST_SOURCES = {
    "computer-science-engineering/learning-computer-science",   # behavioural, coding, system design
    "30-seconds/30-seconds-of-interviews",                      # frontend technical + coding
    "Coder-World04/Complete-System-Design",                     # system design
    "peachycloudsecurity/awesome-cloud-security-interview",     # security technical
    "amichaelsen/data-science-interview-prep",                  # data science
    "cockroachlabs/open-sourced-interview-process",             # behavioural / product / design
    "Department of Commerce", "Department of Education", "National Aeronautics and Space Administration",
    "Executive Office of the President",
}
REAL_VALIDATION_SOURCES = {
    "sadanandpai/javascript-code-challenges", "iamtodor/data-science-interview-questions-and-answers",
    "espetey/pminterviewquestion", "kdn251/interviews", "TedGoas/Dante",
    "Department of Labor", "Judicial Branch",
}


def real_split(group: str) -> str:
    return "test" if group in REAL_TEST_SOURCES else "validation" if group in REAL_VALIDATION_SOURCES else "train"


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_real_questions(real_dir: Path, review_dir: Path | None = None) -> list[Question]:
    """Real questions of data/real/questions.jsonl and the review set, split by source."""
    rows = _jsonl(real_dir / "questions.jsonl")
    if review_dir is not None:
        rows += [r for p in sorted(review_dir.glob("part_*.jsonl")) for r in _jsonl(p)]
    return [Question(r["question"], r["question_type"], real_split(r["source"])) for r in rows]


EXTRA_POSTINGS = "postings_extra.jsonl"   # more federal postings, training departments only (data/real/README.md)


def load_real_requests(real_dir: Path, hardness: str = "medium", extra: bool = True) -> list[Request]:
    """Real postings as requests, split by organisation. They carry no interview-type label (masked)
    and no user hardness: `hardness` stands in, and the band follows the rule of interview/routing/band.py.
    `extra`: also the training-only postings of EXTRA_POSTINGS, when the file is there."""
    from interview.routing.band import move_band

    rows = _jsonl(real_dir / "postings.jsonl")
    if extra and (real_dir / EXTRA_POSTINGS).is_file():
        more = _jsonl(real_dir / EXTRA_POSTINGS)
        if any(real_split(r["organisation"]) != "train" for r in more):
            raise ValueError(f"{real_dir / EXTRA_POSTINGS} holds a validation or test organisation.")
        rows += more
    return [Request(r["job_title"], r["description"], hardness, r["role_family"], (),
                    move_band(hardness, r["seniority"]), real_split(r["organisation"]), r["seniority"],
                    has_types=False)
            for r in rows]


def title_only_copies(requests: list[Request], fraction: float, seed: int) -> list[Request]:
    """Copies of a random `fraction` of the requests with the description removed: users leave it
    empty, and the model must then route from the title alone."""
    rng = random.Random(seed)
    picked = rng.sample(requests, int(len(requests) * fraction))
    return [Request(r.job_title, "", r.hardness, r.role_family, r.interview_types, r.difficulty_band, r.split,
                    has_types=r.has_types) for r in picked]


class RouterDataset:
    """Pre-tokenized examples; each item carries every label field, with -100 / a zero mask where
    the example (a request or a question) has no label for that head."""

    def __init__(self, tokenizer, requests: list[Request], questions: list[Question], max_length: int):
        self.items = []
        enc = tokenize_requests(tokenizer, [r.triple for r in requests], max_length)
        for i, r in enumerate(requests):
            item = {k: enc[k][i] for k in enc}
            item.update(role_family=HEADS["role_family"].index(r.role_family),
                        interview_types=[float(t in r.interview_types) for t in HEADS["interview_types"]],
                        types_mask=float(r.has_types),
                        difficulty_band=HEADS["difficulty_band"].index(r.difficulty_band),
                        question_type=-100)
            self.items.append(item)
        enc = tokenize_questions(tokenizer, [q.question for q in questions], max_length)
        for i, q in enumerate(questions):
            item = {k: enc[k][i] for k in enc}
            item.update(role_family=-100, interview_types=[0.0] * len(HEADS["interview_types"]),
                        types_mask=0.0, difficulty_band=-100,
                        question_type=HEADS["question_type"].index(q.type))
            self.items.append(item)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> dict:
        return self.items[i]


def make_collator(tokenizer):
    """Pads the text fields to the longest example of the batch and stacks the labels."""
    import torch

    text_keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in tokenizer.model_input_names]

    def collate(items: list[dict]) -> dict:
        batch = dict(tokenizer.pad([{k: it[k] for k in text_keys} for it in items], return_tensors="pt"))
        for key in ("role_family", "difficulty_band", "question_type"):
            batch[key] = torch.tensor([it[key] for it in items], dtype=torch.long)
        batch["interview_types"] = torch.tensor([it["interview_types"] for it in items], dtype=torch.float)
        batch["types_mask"] = torch.tensor([it["types_mask"] for it in items], dtype=torch.float)
        return batch

    return collate
