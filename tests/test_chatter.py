"""interview/generation/chatter.py: one rule for "is this line the text asked for, or chatter", shared by serving and
the evaluation; it decides as the two copies it replaced did (issue 24)."""
from __future__ import annotations

import json
import re

import pytest

from interview.generation.chatter import chatter
from interview.generation.generator import GenerationOptions, build_candidate, reject_reason
from tests.conftest import ROOT
from training.generator.errors import format_problem

# The two copies as they were before (interview/generation/generator.py and training/generator/errors.py at 2c52462).
_OLD_SERVING_ECHO = re.compile(r"(<<<|>>>|job description:|question type:|write one interview question|difficulty:|role:)", re.I)
_OLD_SERVING_SELF = re.compile(r"^(i'm|i am|i have|i'd|i would|as an? |my name|sure|certainly|here is|here's|great|thank)", re.I)
_OLD_EVAL_SELF = re.compile(r"^(sure|certainly|of course|okay|ok|great|thank|as an ai|i'm an?|i am an?|"
                            r"here('s| is) (a|an|one|your|my) (interview |follow-up )?question)\b", re.I)
_OLD_EVAL_ECHO = re.compile(r"(<<<|>>>|job description:|question type:|write one interview question|write 2-3 sentences|"
                            r"write a strong sample answer|write one follow-up|candidate experience:|rubric:|"
                            r"the answer is missing:)", re.I)


def _old_serving(text):
    return "prompt_echo" if _OLD_SERVING_ECHO.search(text) else "self_talk" if _OLD_SERVING_SELF.search(text) else None


def _old_eval(text, task):
    if _OLD_EVAL_ECHO.search(text):
        return "prompt_echo"
    return "self_talk" if task in ("question", "follow_up") and _OLD_EVAL_SELF.search(text) else None


def _new_eval(text, task):
    kind = chatter(text)
    return kind if kind == "prompt_echo" or (kind and task in ("question", "follow_up")) else None


@pytest.mark.parametrize("text,strict,kind", [
    ("Sure! Here's a question: how does a B-tree work?", False, "self_talk"),
    ("Here is a login handler. What would you test first?", False, None),       # a reference question
    ("Here is a login handler. What would you test first?", True, "self_talk"),  # serving is stricter
    ("I have led three teams; what do you want to know?", True, "self_talk"),
    ("Role: <<<Backend Engineer>>> Tell me about a time you failed.", False, "prompt_echo"),
    ("Rubric: relevance 4/5. Tell me more.", True, "prompt_echo"),
    ("Tell me about a time you disagreed with your manager.", True, None),
])
def test_examples(text, strict, kind):
    assert chatter(text, strict=strict) == kind


def _texts():
    """(task, text): every stored output, candidate and reference of the generator evaluation, and every
    training target (5,000 lines)."""
    out = []
    for line in open(ROOT / "checkpoints/generator/smollm2-lora/predictions.jsonl", encoding="utf-8"):
        r = json.loads(line)
        out += [(r["task"], r[k].strip()) for k in ("raw", "output", "reference")]
        out.append((r["task"], build_candidate(r["raw"])))
    for name in ("decoder_dataset.jsonl", "feedback_dataset.jsonl"):
        for line in open(ROOT / "data" / name, encoding="utf-8"):
            r = json.loads(line)
            out += [(r.get("task", "feedback"), m["content"].strip()) for m in r.get("messages", []) if m["role"] == "assistant"]
    return out


def test_the_one_rule_decides_as_the_two_copies_did():
    texts = _texts()
    assert len(texts) > 4000
    assert [t for _, t in texts if chatter(t, strict=True) != _old_serving(t)] == []
    assert [t for task, t in texts if _new_eval(t, task) != _old_eval(t, task)] == []


def test_serving_and_the_evaluation_ask_it():
    opts = GenerationOptions()
    assert reject_reason("Sure, here is one: what is a cache?", opts) == "self_talk"
    assert reject_reason("Job description: build APIs. What is REST?", opts) == "prompt_echo"
    assert format_problem("Sure! Here's a question: what is a cache?", "question") == "self_talk"
    assert format_problem("Sure, I rebuilt the cache and cut latency by half for our users.", "sample_answer") != "self_talk"
