"""Speed and accuracy of speech-to-text on this machine: real-time factor for 10 s, 30 s and 60 s answers.

    .venv/bin/python bench/speech.py [--threads 2] [--rounds 2] [--quick]

The answers are spoken by espeak-ng (so the reference text is known): whole sentences from a pool of
interview-answer sentences, 0.4 s apart, as close to the target length as whole sentences get. Each configuration loads its own model; the first call is a
warm-up and is not timed. RTF = transcription seconds / audio seconds (the budget: <= 0.1
for a 30 s answer on 2 cores). Rows:
- app default: int8 weights, beam 5, the VAD's speech chunks decoded as one batch (what `interview.speech.transcribe` uses);
- int8, beam 5, sequential: faster-whisper's sliding 30 s window (the app's path before batching);
- int8, greedy (beam 1), batched: what a smaller beam would save;
- float32, beam 5, sequential: faster-whisper's out-of-the-box setting on CPU, the baseline.
`--quick` measures only the app default.

    .venv/bin/python bench/speech.py --quality

measures instead what degraded recordings do to the transcript and what interview/speech/audio_quality.py
measures on them (band share above 4 kHz, estimated SNR, clipped share) and warns about: the table
its thresholds were chosen from.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from fixtures.audio import (ANSWERS, clipped, encode, lowpass, over_music, phase_inverted_stereo, silence, speech, trim,
                            truncated, wer, with_noise, write_wav)
from interview.machine import describe

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


def degraded(clean: np.ndarray, tmp: Path) -> list[tuple[str, bytes]]:
    """(name, file bytes) of one answer recorded well and in each of the ways found to mislead the transcript."""
    def wav(x, rate=16_000):
        return write_wav(x, tmp / "x.wav", rate).read_bytes()

    rows = [("clean", wav(clean)),
            ("8 kHz telephone wav", encode(clean, tmp / "n.wav", "pcm_s16le", 8_000).read_bytes()),
            ("16 kHz, band-limited to 3.4 kHz", wav(lowpass(clean)))]
    rows += [(f"white noise, SNR {snr} dB", wav(with_noise(clean, snr))) for snr in (20, 15, 10, 5, 0, -5)]
    rows += [(f"over music, SNR {snr} dB", wav(over_music(clean, snr))) for snr in (20, 10, 5, 0)]
    rows += [(f"clipped, gain {g}", wav(clipped(clean, g))) for g in (1.5, 2, 4, 10)]
    rows += [("stereo, one channel phase-inverted", wav(phase_inverted_stereo(clean))),
             ("mp3 cut at half its bytes", truncated(encode(clean, tmp / "a.mp3", "libmp3lame", 44_100).read_bytes()))]
    return rows


def quality() -> None:
    import tempfile

    from interview.speech.audio import decode
    from interview.speech.audio_quality import check, measure
    from interview.speech.transcribe import AudioError, load_speech_model, transcribe

    model = load_speech_model()
    print(f"Degraded recordings, Whisper tiny.en (app default), {describe()}; mean over the {len(ANSWERS)} "
          "espeak-ng answers of tests/fixtures_audio.py\n")
    print("| recording | share > 4.5 kHz | est. SNR dB | clipped | WER | warned (of 3) | warnings |")
    print("|---|---|---|---|---|---|---|")
    table: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for text in ANSWERS:
            for name, data in degraded(speech(text), Path(tmp)):
                d = decode(data)
                stats = measure(d.samples)
                warnings = check(d.samples, d)
                try:
                    err = wer(text, transcribe(model, data).text)
                except AudioError as exc:
                    err = 1.0 if exc.kind == "silent" else float("nan")
                table.setdefault(name, []).append((stats, err, warnings))
    for name, runs in table.items():
        mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
        snr = mean([min(r[0].snr_db, 99.0) for r in runs])
        first = next(("; ".join(w.split(":")[0].split(" (")[0] for w in r[2]) for r in runs if r[2]), "")
        print(f"| {name} | {mean([r[0].high_band_share for r in runs]):.4f} | {snr:.1f} | "
              f"{mean([r[0].clipped_share for r in runs]):.2%} | {mean([r[1] for r in runs]):.2f} | "
              f"{sum(bool(r[2]) for r in runs)} | {first} |")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2, help="CPU threads for CTranslate2 (the budget: 2)")
    p.add_argument("--rounds", type=int, default=2, help="timed runs per length (median reported)")
    p.add_argument("--quick", action="store_true", help="only the app default configuration")
    p.add_argument("--quality", action="store_true", help="degraded recordings: quality figures, warnings, WER")
    args = p.parse_args()
    if args.quality:
        return quality()

    from interview.speech.transcribe import SpeechOptions, load_speech_model, transcribe

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
