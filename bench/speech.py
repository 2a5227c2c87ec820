"""Speed and accuracy of speech-to-text on this machine: real-time factor for 10 s, 30 s and 60 s answers.

    .venv/bin/python bench/speech.py [--threads 2] [--rounds 2] [--quick]

The answers are spoken by espeak-ng (so the reference text is known): whole sentences from a pool of
interview-answer sentences, 0.4 s apart, as close to the target length as whole sentences get. Each configuration loads its own model; the first call is a
warm-up and is not timed. RTF = transcription seconds / audio seconds (the budget of issue #7: <= 0.1
for a 30 s answer on 2 cores). Rows:
- app default: int8 weights, beam 5, the VAD's speech chunks decoded as one batch (what `interview.speech` uses);
- int8, beam 5, sequential: faster-whisper's sliding 30 s window (the app's path before batching);
- int8, greedy (beam 1), batched: what a smaller beam would save;
- float32, beam 5, sequential: faster-whisper's out-of-the-box setting on CPU, the baseline.
`--quick` measures only the app default.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the espeak fixtures and WER of the speech tests

from fixtures_audio import silence, speech, trim, wer  # noqa: E402
from interview.machine import describe  # noqa: E402

SENTENCES = [
    "In my last role I led a small team that moved our billing service to a new database.",
    "We planned the work in stages, wrote careful tests, and finished two weeks early.",
    "When two engineers disagreed about the design, I asked each of them to write down the risks.",
    "We reviewed the notes together and chose the simpler option.",
    "I am most proud of the monitoring system I built for our data pipeline.",
    "It cut the time to find failures from hours to minutes.",
    "The hardest part was getting other teams to trust the new alerts.",
    "So I ran a weekly review where we looked at every alert that fired and removed the noisy ones.",
    "After a month the on call engineers said they finally slept through the night.",
    "If I did it again I would involve the support team much earlier.",
    "They hear from customers first, and their questions would have shaped the dashboards.",
    "I also learned to write shorter design documents that people actually read.",
]
LENGTHS = (10, 30, 60)  # seconds of answer audio


def make_answer(seconds: float, cache: dict) -> tuple[np.ndarray, str]:
    """Whole sentences from the pool, cycling, until the answer is as close to `seconds` as they get."""
    parts, said, i, total = [], [], 0, 0.0
    while True:
        text = SENTENCES[i % len(SENTENCES)]
        if text not in cache:
            cache[text] = trim(speech(text))
        step = cache[text].size / 16_000 + (0.4 if parts else 0.0)
        if parts and total + step - seconds > seconds - total:  # the next sentence overshoots more
            break
        parts += ([silence(0.4)] if parts else []) + [cache[text]]
        said.append(text)
        total, i = total + step, i + 1
    return np.concatenate(parts), " ".join(said)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2, help="CPU threads for CTranslate2 (issue budget: 2)")
    p.add_argument("--rounds", type=int, default=2, help="timed runs per length (median reported)")
    p.add_argument("--quick", action="store_true", help="only the app default configuration")
    args = p.parse_args()

    from interview.speech import SpeechOptions, load_speech_model, transcribe

    cache: dict = {}
    answers = {n: make_answer(n, cache) for n in LENGTHS}
    configs = [("app default: int8, beam 5, batched", SpeechOptions(cpu_threads=args.threads))]
    if not args.quick:
        configs += [("int8, beam 5, sequential", SpeechOptions(cpu_threads=args.threads, batch_size=0)),
                    ("int8, greedy (beam 1), batched", SpeechOptions(cpu_threads=args.threads, beam_size=1)),
                    ("float32, beam 5, sequential (baseline)",
                     SpeechOptions(cpu_threads=args.threads, compute_type="float32", batch_size=0))]

    print(f"Speech-to-text on {args.threads} threads ({describe()}), Whisper tiny.en via "
          f"faster-whisper, espeak-ng answers, median of {args.rounds} runs\n")
    rows = []  # (name, load s, answer s, transcribe s, WER), printed once the baseline is known
    for name, opts in configs:
        t = time.perf_counter()
        model = load_speech_model(options=opts)
        load_s = time.perf_counter() - t
        transcribe(model, answers[LENGTHS[0]][0])  # warm-up: the first call sets up buffers and the VAD
        for n in LENGTHS:
            audio, reference = answers[n]
            times, text = [], ""
            for _ in range(args.rounds):
                t = time.perf_counter()
                text = transcribe(model, audio).text
                times.append(time.perf_counter() - t)
            rows.append((name, load_s, audio.size / 16_000, statistics.median(times), wer(reference, text)))
        del model  # one model in memory at a time

    baseline = {seconds: dt for name, _, seconds, dt, _ in rows if name == configs[-1][0]}
    print("| configuration | load s | answer | transcribe s | RTF | speed-up vs baseline | WER |")
    print("|---|---|---|---|---|---|---|")
    for name, load_s, seconds, dt, err in rows:
        speedup = f"{baseline[seconds] / dt:.2f}×" if len(configs) > 1 else "n/a (--quick)"
        print(f"| {name} | {load_s:.2f} | {seconds:.1f} s | {dt:.2f} | {dt / seconds:.3f} | {speedup} | {err:.1%} |")


if __name__ == "__main__":
    main()
