"""training/generator/choices.py: the bare-label prompt it compares against, and the judge's handling of
empty outputs in training/generator/evaluate.py (no model loaded)."""
from __future__ import annotations

from interview.generation import prompts
from training.generator.evaluate import judge_types
from training.generator.choices import PROJECTION_VARIANTS, bare_prompt


def test_the_bare_prompt_is_the_served_prompt_without_the_type_hint():
    chat = prompts.question_messages("Backend Engineer", "Go services.", "medium", "coding", previous=["Q1?"])
    bare = bare_prompt(chat)
    assert chat[-1]["content"].endswith(f"It must be {prompts.QUESTION_TYPE_HINTS['coding']}.")
    assert bare[-1]["content"].endswith("Question type: coding\nAlready asked (ask something different):\n- Q1?\n"
                                        "Write one interview question.")
    assert bare[0] == chat[0] and chat[-1]["content"].startswith(bare[-1]["content"])


def test_the_served_projections_are_among_the_variants():
    from interview.models.quantize import FLOAT_PROJECTIONS

    kept = [set(v) for v in PROJECTION_VARIANTS.values() if v is not None]
    assert {p for p in FLOAT_PROJECTIONS if p.endswith("_proj")} in kept and set() in kept


class _Judge:
    def judge(self, texts):
        return [{"type": "coding" if "write" in t.lower() else "technical"} for t in texts]


def test_an_empty_output_has_no_type():
    assert judge_types(_Judge(), ["Write a function.", "", "  ", "Why?"]) == ["coding", "", "", "technical"]
    assert judge_types(_Judge(), []) == []
