"""Pieces of the generator evaluation: loading base and fine-tuned the way the app does, batched greedy
generation with the app's limits and post-processing, and the two plots.

Kept apart from evaluate_generator.py so that script reads top to bottom as numbered steps.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from interview.coaching.feedback import FEEDBACK_TOKENS, FOLLOW_UP_TOKENS
from interview.generation.generator import GenerationOptions, build_candidate, trim_to_sentence
from interview.text.star import speaks_in_first_person

# The app no longer shows the model's sample answers (interview/coaching/sample.py composes them from
# the user's bullets); the evaluation still measures the task the adapter was trained on.
SAMPLE_ANSWER_TOKENS = 140  # 3-5 sentences
_QUESTION_START = ("tell me", "describe", "walk me", "can you", "could you", "how would", "what would",
                   "how do you", "what is", "why ", "give me", "share ", "explain ")


def answer_problem(text: str) -> str | None:
    """Why a sample-answer draft is not an answer, or None. The fine-tuned generator sometimes writes
    an interview question instead (training/generator/errors.py counts it under 'format')."""
    t = text.strip()
    if len(t.split()) < 20:
        return "too_short"
    if t.lower().startswith(_QUESTION_START) or t.endswith("?") or t.count("?") > 1:
        return "a_question"
    if not speaks_in_first_person(t):
        return "not_first_person"
    return None


# New-token limits per task: the ones serving uses (interview/generation/generator.py, interview/coach.py,
# interview/coaching/feedback.py).
MAX_NEW_TOKENS = {"question": GenerationOptions().max_new_tokens, "follow_up": FOLLOW_UP_TOKENS,
                  "feedback": FEEDBACK_TOKENS, "sample_answer": SAMPLE_ANSWER_TOKENS}
# Serving streams feedback, sample answers and follow-ups with this penalty (generator.stream_chat);
# questions are sampled without one.
REPETITION_PENALTY = {"question": 1.0, "follow_up": 1.15, "feedback": 1.15, "sample_answer": 1.15}


def served_text(raw: str, task: str) -> str:
    """What the app shows for a raw completion: the question inside it, or the text cut to its last
    full sentence (the same functions serving calls)."""
    return build_candidate(raw) if task in ("question", "follow_up") else trim_to_sentence(raw)


def load_models(run_dir: Path, quantize: bool | None):
    """(load_base, load_tuned): two loaders, so only one model is in memory at a time. Both go through
    interview.models.loading.load_generator, the app's path (adapter merged into the base, then int8)."""
    from interview.models.loading import GENERATOR_GGUF, embedded_generator_dir, load_generator

    cfg_path = run_dir / "config.json"
    base_model = json.loads(cfg_path.read_text()).get("base_model", "embedded") if cfg_path.is_file() else "embedded"
    # Always torch: generate() below batches with the tokenizer and model.generate, and with llama.cpp
    # installed the engine setting "auto" would send the named GGUF to llama.cpp.
    if base_model == "embedded":
        return (lambda: load_generator(embedded_generator_dir() / GENERATOR_GGUF, quantize, backend="torch"),
                lambda: load_generator(run_dir, quantize, backend="torch"))
    # Another base (Falcon-RW-1B): load_generator merges adapters into the embedded SmolLM2 only, so the
    # adapter is merged here the same way (PeftModel.merge_and_unload, then the app's int8 step).
    from interview.config import PROJECT_ROOT

    base_path = Path(base_model) if Path(base_model).is_absolute() else PROJECT_ROOT / base_model
    return (lambda: _with_template(load_generator(base_path, quantize, backend="torch")),
            lambda: _merged(base_path, run_dir, quantize))


def _with_template(gen, template_from: Path | None = None):
    from training.generator.data import ensure_chat_template

    if template_from is not None and (template_from / "tokenizer_config.json").is_file():
        from transformers import AutoTokenizer

        gen.tokenizer = AutoTokenizer.from_pretrained(template_from)
        if gen.tokenizer.pad_token is None:
            gen.tokenizer.pad_token = gen.tokenizer.eos_token
    ensure_chat_template(gen.tokenizer)
    return gen


def _merged(base_path: Path, run_dir: Path, quantize: bool | None):
    from interview.config import get_settings
    from interview.models.loading import load_generator
    from interview.models.lora import merge_lora_adapter
    from interview.models.quantize import quantize_dynamic_int8

    gen = load_generator(base_path, quantize=False)
    gen.model = merge_lora_adapter(gen.model, run_dir).eval()
    quantize = get_settings().quantize if quantize is None else quantize
    if quantize:
        gen.model = quantize_dynamic_int8(gen.model)
    gen.quantized = quantize
    return _with_template(gen, run_dir)


def generate(gen, chats: list[list[dict]], task: str, batch_size: int = 8) -> list[str]:
    """Greedy completions of `chats` (raw text), batched with left padding; prompts are sorted by
    length so a batch wastes little on padding. Deterministic: no sampling."""
    import torch

    tok = gen.tokenizer
    tok.padding_side = "left"
    texts = [tok.apply_chat_template(c, add_generation_prompt=True, tokenize=False) for c in chats]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[str] = [""] * len(texts)
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        enc = tok([texts[i] for i in idx], return_tensors="pt", padding=True, add_special_tokens=False)
        with torch.inference_mode():
            ids = gen.model.generate(**enc, max_new_tokens=MAX_NEW_TOKENS[task], do_sample=False,
                                     repetition_penalty=REPETITION_PENALTY[task], pad_token_id=tok.pad_token_id)
        for i, row in zip(idx, ids[:, enc["input_ids"].shape[1]:]):
            out[i] = tok.decode(row, skip_special_tokens=True)
    return out


_ASKED = re.compile(r"Already asked \(ask something different\):\n((?:- .*\n?)+)")


def already_asked(prompt: str) -> list[str]:
    """The questions a question prompt lists as already asked in this interview."""
    m = _ASKED.search(prompt)
    return [line[2:].strip() for line in m.group(1).splitlines() if line.startswith("- ")] if m else []


def plot_metrics(tasks: dict, path: Path) -> None:
    """Bars base vs fine-tuned: every metric of the question task, and ROUGE-L per task."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = ["rouge1", "rouge2", "rougeL", "bleu", "meteor", "exact_match", "distinct_2", "format_validity",
             "type_adherence"]
    q = tasks.get("question") or next(iter(tasks.values()))
    names = [n for n in names if q["base"]["metrics"].get(n) is not None or q["fine_tuned"]["metrics"].get(n) is not None]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [len(names), max(2, len(tasks))]})
    for ax, labels, pairs, title in (
        (axes[0], names, [(q["base"]["metrics"].get(n) or 0, q["fine_tuned"]["metrics"].get(n) or 0) for n in names],
         "question task"),
        (axes[1], list(tasks), [(t["base"]["metrics"]["rougeL"], t["fine_tuned"]["metrics"]["rougeL"]) for t in tasks.values()],
         "ROUGE-L per task"),
    ):
        x = range(len(labels))
        ax.bar([i - 0.2 for i in x], [p[0] for p in pairs], 0.4, label="base")
        ax.bar([i + 0.2 for i in x], [p[1] for p in pairs], 0.4, label="fine-tuned")
        ax.set_xticks(list(x), labels, rotation=35, ha="right")
        ax.set_ylim(0, 1.05)
        ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_errors(errors: dict, path: Path) -> None:
    """Bars per error category: references (false alarms of the detector), base, fine-tuned."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cats = list(errors["detectors"])
    who = [w for w in ("reference", "base", "fine_tuned") if w in errors]
    fig, ax = plt.subplots(figsize=(9, 3.8))
    width = 0.8 / len(who)
    for k, w in enumerate(who):
        ax.bar([i + (k - (len(who) - 1) / 2) * width for i in range(len(cats))],
               [errors[w]["counts"][c] for c in cats], width, label=w.replace("_", "-"))
    ax.set_xticks(range(len(cats)), cats, rotation=30, ha="right")
    ax.set_ylabel(f"outputs flagged (of {errors['n']})")
    ax.set_title("error analysis (automatic detectors)")
    ax.grid(axis="y", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


_FIELD = {name: re.compile(rf"^{name}: <<<(.*?)>>>", re.M | re.S) for name in ("Role", "Job description")}


def app_questions(gen, encoder, classify, rows, seed: int = 0) -> list[str]:
    """Each question prompt run through the app's question path (interview.generation.generator.generate_question:
    sampled candidates, filtered, ranked by relevance and by the router's type). "" where every
    candidate was rejected (the app then shows 'Try again'). Seeded, so reruns give the same questions."""
    from interview.generation.generator import GenerationFailed, generate_question

    out = []
    for i, r in enumerate(rows):
        prompt = r.prompt[-1]["content"]
        role, description = (_FIELD[name].search(prompt).group(1) for name in ("Role", "Job description"))
        try:
            out.append(generate_question(gen, encoder, role, description, r.difficulty, r.interview_type,
                                         previous=already_asked(prompt), classify=classify,
                                         opts=GenerationOptions(seed=seed + i)).text)
        except GenerationFailed:
            out.append("")
    return out
