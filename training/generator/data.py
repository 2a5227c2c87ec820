"""Chat rows of data/decoder_dataset.jsonl → token ids for causal-LM fine-tuning.

A row is {"id", "task", "messages": [system, user, assistant], "role_family", "interview_type",
"difficulty", "split"}. The prompt is rendered with the tokenizer's chat template exactly as serving
renders it (interview/generation/generator.py calls `apply_chat_template(..., add_generation_prompt=True)`), and
the loss covers only the assistant's tokens: the prompt's labels are -100.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

TASKS = ("question", "feedback", "sample_answer", "follow_up")
IGNORE = -100  # label of tokens that carry no loss (prompt, padding)

# For tokenizers without a chat template (Falcon-RW-1B has none): a plain ChatML-like layout, so
# the same prompts work. Serving applies the same template when the tokenizer is saved with it.
FALLBACK_CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}{{ eos_token }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


@dataclass
class Row:
    id: str
    task: str
    messages: list[dict]          # system, user, assistant (the target)
    role_family: str
    interview_type: str
    difficulty: str
    split: str

    @property
    def prompt(self) -> list[dict]:
        return self.messages[:-1]

    @property
    def target(self) -> str:
        return self.messages[-1]["content"]


def load_rows(path: str | Path) -> list[Row]:
    """Every row of a decoder dataset JSONL file (blank lines skipped)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                rows.append(Row(**{k: d.get(k, "") for k in Row.__dataclass_fields__}))
    return rows


# Tasks whose rows come from another file than data/decoder_dataset.jsonl: feedback and follow-ups
# are findings -> text chats (training/coaching/build_feedback_data.py), not the old rubric-summary chats.
# The served run also takes its questions from data/question_dataset.jsonl (asked about a topic of the
# posting, real questions among the targets: training/data/grounded_questions.py), in its config file
# training/configs/smollm2_grounded.yaml, so the earlier runs' configs still reproduce them.
TASK_DATA = {"feedback": "data/feedback_dataset.jsonl", "follow_up": "data/feedback_dataset.jsonl"}


def load_chats(data_path: str | Path, task_data: dict[str, str] | None = None, resolve=Path) -> list[Row]:
    """The rows of `data_path`, with the rows of each task in `task_data` taken from that task's file."""
    task_data = TASK_DATA if task_data is None else task_data
    rows = [r for r in load_rows(resolve(data_path)) if r.task not in task_data]
    for path in sorted(set(task_data.values())):
        tasks = {t for t, p in task_data.items() if p == path}
        rows += [r for r in load_rows(resolve(path)) if r.task in tasks]
    return rows


def select(rows: list[Row], split: str, tasks: dict[str, int] | None = None, seed: int = 0) -> list[Row]:
    """Rows of `split`; with `tasks` ({task: count}, -1 = all), a seeded sample of each task,
    interleaved so every batch sees a mix. Sampling is stratified by (interview type, role family)
    order so a small sample still covers every cell."""
    rng = random.Random(seed)
    rows = [r for r in rows if r.split == split]
    if tasks is None:
        return rows
    picked = []
    for task, count in tasks.items():
        pool = [r for r in rows if r.task == task]
        rng.shuffle(pool)
        # Round-robin over cells so the first `count` rows cover types and families evenly.
        cells: dict[tuple, list[Row]] = {}
        for r in pool:
            cells.setdefault((r.interview_type, r.role_family), []).append(r)
        ordered, queues = [], list(cells.values())
        while any(queues):
            for q in queues:
                if q:
                    ordered.append(q.pop())
        picked.extend(ordered if count < 0 else ordered[:count])
    rng.shuffle(picked)
    return picked


def ensure_chat_template(tokenizer) -> bool:
    """Give a tokenizer without a chat template the fallback one; True when it was added."""
    if getattr(tokenizer, "chat_template", None):
        return False
    tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
    return True


def prompt_ids(tokenizer, messages: list[dict]) -> list[int]:
    """Token ids of the prompt as serving renders it (with the assistant turn opened)."""
    return list(tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                              return_dict=False))


def encode(tokenizer, row: Row, max_length: int) -> dict | None:
    """{"input_ids", "labels"} for one row, or None when it does not fit in `max_length` tokens.
    Long rows are dropped rather than cut: a cut prompt or target would teach a format serving never
    shows."""
    p = prompt_ids(tokenizer, row.prompt)
    full = list(tokenizer.apply_chat_template(row.messages, tokenize=True, return_dict=False))
    if full[: len(p)] != p:  # a template whose prompt is not a prefix of the full chat: build it by hand
        full = p + tokenizer(row.target + tokenizer.eos_token, add_special_tokens=False)["input_ids"]
    # Drop trailing whitespace tokens after the end-of-turn token: nothing to learn there.
    eos = tokenizer.eos_token_id
    while full and full[-1] != eos and eos in full[len(p):]:
        full.pop()
    if len(full) > max_length or len(full) <= len(p):
        return None
    return {"input_ids": full, "labels": [IGNORE] * len(p) + full[len(p):]}


def encode_all(tokenizer, rows: list[Row], max_length: int) -> tuple[list[dict], int]:
    """Encoded rows and how many were dropped for length."""
    out, dropped = [], 0
    for r in rows:
        e = encode(tokenizer, r, max_length)
        if e is None:
            dropped += 1
        else:
            out.append(e)
    return out, dropped


class Collator:
    """Right-pads a batch: input_ids with the pad id, labels with -100, and an attention mask."""

    def __init__(self, pad_id: int):
        self.pad_id = pad_id

    def __call__(self, batch: list[dict]) -> dict:
        import torch

        n = max(len(b["input_ids"]) for b in batch)
        ids = torch.full((len(batch), n), self.pad_id, dtype=torch.long)
        labels = torch.full((len(batch), n), IGNORE, dtype=torch.long)
        mask = torch.zeros((len(batch), n), dtype=torch.long)
        for i, b in enumerate(batch):
            k = len(b["input_ids"])
            ids[i, :k] = torch.tensor(b["input_ids"])
            labels[i, :k] = torch.tensor(b["labels"])
            mask[i, :k] = 1
        return {"input_ids": ids, "attention_mask": mask, "labels": labels}
