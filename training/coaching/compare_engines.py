"""Do two serving engines show the same texts? Reads two evaluate_feedback outputs made on the same answers.

    python -m training.coaching.compare_engines \
        checkpoints/generator/smollm2-topics/feedback_eval_backends/torch-fp32 \
        checkpoints/generator/smollm2-topics/feedback_eval_backends/llama-merged

Each folder is `evaluate_feedback --half development --generate N --legacy false --out <folder>` run with one engine
(INTERVIEW_BACKEND=torch INTERVIEW_QUANTIZE=0 for torch float32, INTERVIEW_BACKEND=llama for llama.cpp, ...) at the
same code. Prints how many feedback texts and follow-ups are identical, and the evaluation figures side by side:
issue 26 asks for greedy text identical to torch float32, or, where quantisation differs, the same gate pass rate and
evaluation figures.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def _samples(folder: Path, half: str) -> dict[tuple[str, str], dict]:
    with open(folder / f"samples_{half}.jsonl", encoding="utf-8") as f:
        return {(r["id"], r["kind"]): r for r in map(json.loads, f)}


def compare(base: Path, other: Path, half: str = "development") -> dict:
    """{"answers", "same_feedback", "same_follow_up", "figures": {name: (base, other)}} for two output folders."""
    a, b = _samples(base, half), _samples(other, half)
    keys = sorted(a.keys() & b.keys())
    figures_a = json.loads((base / f"metrics_{half}.json").read_text())["new"]
    figures_b = json.loads((other / f"metrics_{half}.json").read_text())["new"]
    return {"answers": len(keys),
            "same_feedback": sum(a[k]["feedback"] == b[k]["feedback"] for k in keys),
            "same_follow_up": sum(a[k]["follow_up"] == b[k]["follow_up"] for k in keys),
            "figures": {n: (figures_a[n], figures_b.get(n)) for n in figures_a}}


def main(argv: list[str]) -> None:
    base, other = Path(argv[0]), Path(argv[1])
    half = argv[2] if len(argv) > 2 else "development"
    r = compare(base, other, half)
    print(f"| {half}: {r['answers']} answers | {base.name} | {other.name} |\n|---|---:|---:|")
    print(f"| feedback identical | | {r['same_feedback']}/{r['answers']} |")
    print(f"| follow-up identical | | {r['same_follow_up']}/{r['answers']} |")
    for name, (x, y) in r["figures"].items():
        print(f"| {name} | {x} | {y} |")


if __name__ == "__main__":
    main(sys.argv[1:])
