"""Two design choices of the generator, made on its VALIDATION split: which projections
of a decoder block stay float32 when the rest is int8 (interview.models.loading.FLOAT_PROJECTIONS), and whether the
question prompt spells out what the requested type means (interview.generation.prompts.QUESTION_TYPE_HINTS). Both
were first chosen on the test split; this script redoes them where choices belong.

    python -m training.generator.choices                          # validation, 60 question prompts
    python -m training.generator.choices --split test             # once, after the choice, for the figure

Projections: the served adapter (BEST) merged into SmolLM2, in float32 and with int8 blocks keeping each
candidate set in float32 (LM head int8 per row, as served); greedy, batched (eager decoding: the served
trace computes the same layers). Scored by ROUGE-L against the references, ROUGE-L against the float32
outputs, and type adherence. Speed does not depend on the prompts: bench/generation.py measures it.
Prompt: the adapter trained on the bare-label prompt (git commit `bare_adapter_commit`) and the served
adapter, each asked with the dataset's prompt (the type spelt out) and with the hint cut off (bare label).

Type adherence is judged by the real-question classifier of training/generator/evaluate_questions_real.py (fitted
on real questions only), not the router that ranks the app's candidates. Writes
checkpoints/generator/choices_<split>.{json,md}.
"""
from __future__ import annotations

import json
import re
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from training.options import parse_options
from training.paths import project_path

# name -> projections kept float32 (None: the whole model float32, the reference)
PROJECTION_VARIANTS = {
    "float32": None,
    "int8, no projection kept float": (),
    "o_proj, down_proj float": ("o_proj", "down_proj"),
    "v_proj, o_proj, down_proj float (served)": ("v_proj", "o_proj", "down_proj"),
}
_HINT = re.compile(r" It must be .*\Z", re.S)


@dataclass
class Config:
    split: str = "validation"              # validation while choosing; test once, for the figure
    questions: int = 60                    # question prompts, stratified over type x role family
    run: str = ""                          # the adapter for the projection choice; "" = checkpoints/generator/BEST
    bare_adapter_commit: str = "110e931"   # the adapter trained on the bare-label prompt (smollm2-lora then)
    parts: str = "projections,prompt"
    batch_size: int = 8
    data_path: str = "data/decoder_dataset.jsonl"
    seed: int = 0


def bare_prompt(chat: list[dict]) -> list[dict]:
    """The chat with the type's hint cut from the instruction: '... Write one interview question.'"""
    *head, user = chat
    return [*head, {**user, "content": _HINT.sub("", user["content"])}]


def bare_adapter(commit: str) -> Path:
    """The old adapter, written from git history into the ignored .cache/ (once)."""
    out = project_path(".cache") / f"generator_bare_prompt_{commit}"
    if not (out / "adapter_model.safetensors").is_file():
        out.mkdir(parents=True, exist_ok=True)
        for name in ("adapter_config.json", "adapter_model.safetensors", "config.json"):
            blob = subprocess.run(["git", "show", f"{commit}:checkpoints/generator/smollm2-lora/{name}"],
                                  cwd=project_path("."), capture_output=True, check=True).stdout
            (out / name).write_bytes(blob)
    return out


def scores(outs: list[str], rows, judge, reference_outs: list[str] | None = None) -> dict:
    from training.generator.metrics import rouge_scores

    types = [v["type"] for v in judge.judge([o or "-" for o in outs])]
    m = {"n": len(rows),
         "rougeL": round(statistics.fmean(rouge_scores(outs, [r.target for r in rows])["rougeL"]), 4),
         "type_adherence": round(sum(t == r.interview_type and bool(o) for t, o, r in zip(types, outs, rows)) / len(rows), 4)}
    if reference_outs is not None:
        m["rougeL_vs_float32"] = round(statistics.fmean(rouge_scores(outs, reference_outs)["rougeL"]), 4)
    return m


def main(cfg: Config) -> dict:
    import gc

    from interview.models.loading import load_encoder, load_generator

    from interview.models.quantize import quantize_dynamic_int8
    from training.generator.evaluate import EvalConfig, resolve_run
    from training.generator.evaluate_questions_real import Config as JudgeConfig, fit_judge, real_question_rows
    from training.generator.data import load_rows, select
    from training.generator.eval_utils import generate, served_text

    t0 = time.time()
    rows = select(load_rows(project_path(cfg.data_path)), cfg.split, {"question": cfg.questions}, cfg.seed)
    judge, judge_quality = fit_judge(load_encoder(), real_question_rows(JudgeConfig()), JudgeConfig())
    served = resolve_run(EvalConfig(run=cfg.run or None))
    parts = set(cfg.parts.split(","))

    def ask(gen, chats) -> list[str]:
        return [served_text(x, "question") for x in generate(gen, chats, "question", cfg.batch_size)]

    def run_arm(loader, chats) -> list[str]:
        gen = loader()
        outs = ask(gen, chats)
        del gen
        gc.collect()
        return outs

    out = project_path("checkpoints/generator") / f"choices_{cfg.split}"
    before = json.loads(out.with_suffix(".json").read_text()) if out.with_suffix(".json").is_file() else {}
    result = {"split": cfg.split, "reading": before.get("reading", 0) + 1, "config": asdict(cfg),
              "served_adapter": served.name, "judge": judge_quality, "projections": {}, "prompt": {}}
    hinted = [r.prompt for r in rows]

    def save() -> None:  # after every arm: a run stopped by its time limit keeps what it measured
        result["seconds"] = round(time.time() - t0, 1)
        out.with_suffix(".json").write_text(json.dumps(result, indent=2))
        out.with_suffix(".md").write_text(report(result))
    if "projections" in parts:
        float_outs = None
        for name, keep in PROJECTION_VARIANTS.items():
            def loader(keep=keep):
                gen = load_generator(served, quantize=False, backend="torch")
                if keep is not None:
                    gen.model = quantize_dynamic_int8(gen.model, keep_float=keep)
                return gen
            outs = run_arm(loader, hinted)
            float_outs = outs if keep is None else float_outs
            result["projections"][name] = scores(outs, rows, judge, float_outs)
            print(f"[generator_choices] {name}: {result['projections'][name]}", flush=True)
            save()
    if "prompt" in parts:
        for who, path in (("adapter trained on the bare label", bare_adapter(cfg.bare_adapter_commit)),
                          (f"served adapter ({served.name})", served)):
            for wording, chats in (("bare label", [bare_prompt(c) for c in hinted]), ("type spelt out", hinted)):
                outs = run_arm(lambda path=path: load_generator(path, quantize=True, backend="torch"), chats)
                result["prompt"][f"{who}, {wording}"] = scores(outs, rows, judge)
                print(f"[generator_choices] {who}, {wording}: {result['prompt'][f'{who}, {wording}']}", flush=True)
                save()
    print(f"[generator_choices] wrote {out}.md ({result['seconds'] / 60:.1f} min)", flush=True)
    return result


# The test split was read for these choices before this script existed (bench/generation.py --quality 216
# and evaluate_generator on its question prompts): a test reading here is at least the second.
EARLIER_TEST_READINGS = "the test split's question prompts were read before, when these choices were first made"


def choice(result: dict) -> str:
    """What this split says: the int8 variant with the best type adherence (then closeness to float32)
    and whether spelling the type out helps the adapter trained without it."""
    out = []
    int8 = {k: v for k, v in result["projections"].items() if "rougeL_vs_float32" in v and v["rougeL_vs_float32"] < 1}
    if int8:
        best = max(int8, key=lambda k: (int8[k]["type_adherence"], int8[k]["rougeL_vs_float32"]))
        out.append(f"projections: {best}")
    bare = {k.rsplit(", ", 1)[1]: v for k, v in result["prompt"].items() if k.startswith("adapter trained on the bare")}
    if len(bare) == 2:
        spelt = bare["type spelt out"]["type_adherence"] > bare["bare label"]["type_adherence"]
        out.append("prompt: " + ("the type spelt out" if spelt else "the bare label"))
    return "; ".join(out)


def report(result: dict) -> str:
    n = next(iter({**result["projections"], **result["prompt"]}.values()), {}).get("n", 0)
    j = result["judge"]
    split = result["split"]
    readings = f"reading {result.get('reading', 1)} of this split by this script" + (
        f"; {EARLIER_TEST_READINGS}" if split == "test" else "")
    lines = [f"# Generator design choices on the {split} split", "",
             f"`python -m training.generator.choices --split {split} --questions {result['config']['questions']}"
             f" --parts {result['config']['parts']}`: {n} {split} question prompts (stratified sample), greedy ({readings}). "
             f"Type adherence judged by the real-question classifier (training/generator/evaluate_questions_real.py; validation "
             f"accuracy {j['question_type_validation_accuracy']} on {j['validation_questions']} real questions), not the router. "
             f"Speed is not measured here (bench/generation.py).", "", f"Choice on this split: {choice(result)}.", ""]
    if result["projections"]:
        lines += [f"## Projections kept float32 (adapter `{result['served_adapter']}`)", "",
                  "| variant | ROUGE-L vs references | ROUGE-L vs float32 output | type adherence |", "|---|---:|---:|---:|"]
        lines += [f"| {k} | {v['rougeL']:.3f} | {v.get('rougeL_vs_float32', 1.0):.3f} | {v['type_adherence']:.3f} |"
                  for k, v in result["projections"].items()]
        lines.append("")
    if result["prompt"]:
        lines += ["## Question prompt: bare type label vs the type spelt out", "",
                  "| adapter, prompt | ROUGE-L | type adherence |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['rougeL']:.3f} | {v['type_adherence']:.3f} |" for k, v in result["prompt"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__))
