"""Spoken answers: audio → Whisper → `Transcript` with word timings and delivery metrics.

Two backends behind one function:
- "faster-whisper" (default): the embedded Whisper tiny.en in CTranslate2 format, int8 on the CPU;
- "openai-whisper": the reference PyTorch implementation, for `base.en` / `small.en` checkpoints
  (INTERVIEW_WHISPER_BACKEND=openai-whisper, INTERVIEW_WHISPER=<name or .pt file>).

Whisper invents text for silence and noise ("Thank you.", "you"). Three guards keep invented words
out of a user's answer: digital silence never reaches the model, Silero VAD cuts everything that is
not speech before decoding, and segments that Whisper itself thinks are not speech (Whisper's
no_speech / log-prob rule) or that loop (compression ratio) are dropped. When nothing is left, the
user is told that no speech was detected.

>>> model = load_speech_model()
>>> t = transcribe(model, "answer.wav"); t.text, t.words_per_minute, t.long_pauses
"""
from __future__ import annotations

import os
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from interview.speech.audio import SAMPLE_RATE, AudioError, decode, decode_audio, format_duration, too_long_error
from interview.config import get_settings
from interview.speech.delivery import count_fillers, delivery_metrics
from interview.speech.transcript import Transcript, Word, transcript_from_dict

# Re-exported (audio errors, the transcript's data, its delivery figures): callers only need `interview.speech.transcribe`.
__all__ = ["AudioError", "SpeechOptions", "SpeechModel", "Word", "Transcript", "load_speech_model",
           "transcribe", "delivery_metrics", "count_fillers", "decode_audio", "too_long_error",
           "transcript_from_dict"]

FASTER_WHISPER = "faster-whisper"
OPENAI_WHISPER = "openai-whisper"
BACKENDS = (FASTER_WHISPER, OPENAI_WHISPER)

NO_SPEECH = "No speech detected in the recording. Check your microphone and try again."


@dataclass
class SpeechOptions:
    language: str = "en"              # the coach is English-only; fixing it also skips language detection
    # bench/speech.py: greedy (beam 1) doubles the word errors and saves little once chunks are batched;
    # beam 3 heard the fixture's "uh" as "umm" (tests/test_speech.py) where beam 5 did not; on another host
    # beam 5 hears "umm" too (int8 kernels differ by CPU), so the test counts hesitations, not their spelling
    beam_size: int = 5
    # faster-whisper: decode the VAD's speech chunks (each <= 30 s) side by side in one batch
    # (BatchedInferencePipeline). The sequential decoder slides a 30 s window and often spends a whole
    # second encoder pass and beam search on the last second of an answer; batching removes that and
    # shares the encoder's matrix products. 0 = the sequential decoder (also used when vad is off).
    batch_size: int = 4
    vad: bool = True                  # Silero VAD removes non-speech before decoding (no text for silence)
    vad_threshold: float = 0.5        # Silero speech probability above which a 32 ms frame is speech
    vad_min_silence_ms: int = 2000    # speech chunks are split at silences at least this long
    no_speech_threshold: float | None = 0.6   # drop a segment whose P(no speech) is above this ...
    logprob_threshold: float | None = -1.0    # ... and whose mean token log-prob is below this (Whisper's rule)
    compression_ratio_threshold: float | None = 2.4  # gzip ratio above this = looping text = dropped
    # Whisper learnt from transcripts that leave out "um" and "uh"; a fixed prompt in a disfluent style
    # makes it write them down, so filler counts are possible. The sequential decoder primes the first
    # 30 s window only: repeated on every window (faster-whisper hotwords) it made tiny.en loop
    # "I'm... I'm..." in trailing silence. The batched decoder primes every speech chunk, which is safe
    # there because VAD has cut the silence away. It is never the previous window's text; None = off.
    filler_prompt: str | None = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
    max_window_tokens: int | None = None  # openai-whisper: tokens per 30 s window (None = model's n_text_ctx/2)
    # faster-whisper: decode text tokens only, no segment timestamp tokens (word times still come from
    # the alignment). With the sequential decoder it was faster (a 31 s answer: 3.8 s instead of 5.5 s
    # on 2 cores), but tiny.en then adds a trailing "Thank you very much." and hears "uh" as "umm"
    # (tests/test_speech.py fails), so off; with batched chunks it saves only ~5%.
    without_timestamps: bool = False
    min_seconds: float = 1.0          # shorter recordings are refused: too little to transcribe or score
    silence_rms: float = 1e-4         # RMS below this (≈ -80 dBFS) is digital silence; the model is not run
    pause_s: float = 2.0              # a gap between words longer than this is a "long pause"
    compute_type: str = "int8"        # CTranslate2 weights: int8 is ≈2× faster than float32 on CPU
    cpu_threads: int = 0              # 0 = every core of the machine


@dataclass
class SpeechModel:
    """A loaded Whisper model, which backend runs it, and where it came from."""
    backend: str                      # "faster-whisper" or "openai-whisper"
    model: object                     # faster_whisper.WhisperModel or whisper.Whisper
    source: str                       # the folder, file or model name that was loaded
    options: SpeechOptions = field(default_factory=SpeechOptions)


# ----------------------------------------------------------------------------- loading

def load_speech_model(name_or_path: str | Path | None = None, backend: str | None = None,
                      options: SpeechOptions | None = None) -> SpeechModel:
    """The speech model: argument → INTERVIEW_WHISPER(_BACKEND) → embedded tiny.en (faster-whisper, int8).

    The openai-whisper backend takes an official name ("base.en", from its download cache) or a
    checkpoint file saved with `torch.save({"dims": ..., "model_state_dict": ...})`.
    """
    from interview.models.loading import ModelMissing, embedded_whisper_dir
    from interview.models.offline import force_offline

    force_offline()  # faster_whisper would fetch a model name it does not find on disk from the Hub

    settings = get_settings()
    backend = (backend or settings.whisper_backend or FASTER_WHISPER).strip().lower()
    if backend not in BACKENDS:
        raise ModelMissing(f"Unknown speech backend '{backend}'. Set INTERVIEW_WHISPER_BACKEND to "
                           f"'{FASTER_WHISPER}' or '{OPENAI_WHISPER}'.")
    options = options or SpeechOptions()
    name = name_or_path or settings.whisper
    if name is None:
        name = embedded_whisper_dir() if backend == FASTER_WHISPER else "base.en"
    name = str(name)
    try:
        if backend == FASTER_WHISPER:
            from faster_whisper import WhisperModel

            model = WhisperModel(name, device="cpu", compute_type=options.compute_type,
                                 cpu_threads=options.cpu_threads or os.cpu_count() or 1)
        else:
            import whisper

            model = whisper.load_model(name, device="cpu")
            model.eval()
    except Exception as exc:  # noqa: BLE001 - re-raised with the setting to change
        hint = ("a CTranslate2 Whisper folder" if backend == FASTER_WHISPER
                else "an openai-whisper checkpoint (.pt) or a model name in its download cache")
        raise ModelMissing(
            f"Could not load the speech model '{name}' with {backend} ({exc.__class__.__name__}: {exc}). "
            f"Set INTERVIEW_WHISPER to {hint}, or unset INTERVIEW_WHISPER and INTERVIEW_WHISPER_BACKEND "
            "to use the embedded Whisper tiny.en.") from exc
    return SpeechModel(backend=backend, model=model, source=name, options=options)


# ----------------------------------------------------------------------------- transcription

@dataclass
class _Segment:
    text: str
    no_speech_prob: float
    avg_logprob: float
    compression_ratio: float
    words: list[Word]


def _speech_chunks(samples: np.ndarray, opts: SpeechOptions) -> list[tuple[float, float]]:
    """(start, end) seconds of the stretches Silero VAD hears speech in."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    vad = VadOptions(threshold=opts.vad_threshold, min_silence_duration_ms=opts.vad_min_silence_ms)
    return [(c["start"] / SAMPLE_RATE, c["end"] / SAMPLE_RATE) for c in get_speech_timestamps(samples, vad)]


def _run_faster_whisper(model, samples: np.ndarray, opts: SpeechOptions) -> list[_Segment]:
    common = dict(
        language=opts.language, beam_size=opts.beam_size, word_timestamps=True,
        without_timestamps=opts.without_timestamps,
        initial_prompt=opts.filler_prompt,
        vad_filter=opts.vad,
        vad_parameters={"threshold": opts.vad_threshold, "min_silence_duration_ms": opts.vad_min_silence_ms},
        no_speech_threshold=opts.no_speech_threshold, log_prob_threshold=opts.logprob_threshold,
        compression_ratio_threshold=opts.compression_ratio_threshold)
    if opts.batch_size > 0 and opts.vad:  # without VAD the batched decoder has no chunks to batch
        from faster_whisper import BatchedInferencePipeline

        # A new pipeline per call: it keeps per-call state, and the model is shared between sessions.
        # Its chunks are independent, so nothing is conditioned on a previous chunk's text.
        segments, _info = BatchedInferencePipeline(model).transcribe(
            samples, batch_size=opts.batch_size, **common)
    else:
        segments, _info = model.transcribe(
            samples, condition_on_previous_text=False,  # one misheard window must not steer the next one
            **common)
    return [_Segment(s.text, s.no_speech_prob, s.avg_logprob, s.compression_ratio,
                     [Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
                      for w in (s.words or [])])
            for s in segments]  # a generator: decoding happens while we iterate


def _run_openai_whisper(model, samples: np.ndarray, opts: SpeechOptions) -> list[_Segment]:
    import whisper

    clips: str | list[float] = "0"
    if opts.vad:  # openai-whisper has no VAD of its own: decode only the stretches Silero hears speech in
        chunks = _speech_chunks(samples, opts)
        if not chunks:
            return []
        clips = [t for chunk in chunks for t in chunk]
    result = whisper.transcribe(
        model, samples, language=opts.language, beam_size=opts.beam_size, best_of=opts.beam_size,
        fp16=False, word_timestamps=True, condition_on_previous_text=False, clip_timestamps=clips,
        initial_prompt=opts.filler_prompt, carry_initial_prompt=False,  # first window only, as above
        sample_len=opts.max_window_tokens,
        no_speech_threshold=opts.no_speech_threshold, logprob_threshold=opts.logprob_threshold,
        compression_ratio_threshold=opts.compression_ratio_threshold, verbose=None)
    return [_Segment(s["text"], s["no_speech_prob"], s["avg_logprob"], s["compression_ratio"],
                     [Word(w["word"].strip(), float(w["start"]), float(w["end"]), float(w["probability"]))
                      for w in s.get("words", [])])
            for s in result["segments"]]


def _is_speech(seg: _Segment, opts: SpeechOptions) -> bool:
    """Whisper's own test for a hallucinated window, applied to every segment we keep."""
    if (opts.no_speech_threshold is not None and seg.no_speech_prob > opts.no_speech_threshold
            and (opts.logprob_threshold is None or seg.avg_logprob < opts.logprob_threshold)):
        return False
    if opts.compression_ratio_threshold is not None and seg.compression_ratio > opts.compression_ratio_threshold:
        return False
    return any(ch.isalnum() for ch in seg.text)


def transcribe(model: SpeechModel, audio: bytes | str | Path | np.ndarray, max_seconds: float = 180,
               keep_first: bool = False, options: SpeechOptions | None = None, on_wait=None) -> Transcript:
    """Transcribe a spoken answer (file path, file bytes, or 16 kHz float32 samples).

    Raises AudioError: kind "too_short" (< 1 s), "too_long" (> max_seconds, unless keep_first: then
    the first max_seconds are transcribed and `truncated` is set; a file whose header says it is too
    long is refused before decoding), "silent" (no speech: no words are ever made up), "corrupt" /
    "unsupported" (undecodable file or absurd header). Audio that will transcribe badly is still
    transcribed, with `warnings` saying why. In hosted mode the model runs one request at a time, in
    arrival order (MODEL_LINE); `on_wait(ahead)` is called while others go first.
    """
    from interview.speech.audio_quality import check

    opts = options or model.options
    decoded = None
    if isinstance(audio, np.ndarray):
        samples = np.asarray(audio, dtype=np.float32).reshape(-1)
        total = samples.size / SAMPLE_RATE
        samples = samples[: int(max_seconds * SAMPLE_RATE)]
    else:
        decoded = decode(audio, keep_seconds=max_seconds, refuse_over=None if keep_first else max_seconds)
        samples, total = decoded.samples, decoded.total_s
    if total < opts.min_seconds:
        raise AudioError(f"The recording is shorter than 1 second ({format_duration(total)}). "
                         "Record your whole answer, then stop.", "too_short", total)
    truncated = total > max_seconds + 0.05  # container lengths are rounded to a frame
    if truncated and not keep_first:
        raise too_long_error(total, max_seconds)
    duration = samples.size / SAMPLE_RATE
    if float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < opts.silence_rms:
        raise AudioError(NO_SPEECH, "silent", duration)

    warnings = check(samples, decoded)

    run = _run_faster_whisper if model.backend == FASTER_WHISPER else _run_openai_whisper
    with _model_line(on_wait):
        kept = [s for s in run(model.model, samples, opts) if _is_speech(s, opts)]
    words = [w for s in kept for w in s.words if w.text]
    if not words:
        raise AudioError(NO_SPEECH, "silent", duration)
    text = re.sub(r"\s+", " ", " ".join(s.text.strip() for s in kept)).strip()
    wpm, n_fillers, fillers, pauses, speaking = delivery_metrics(words, duration, opts.pause_s)
    return Transcript(text=text, duration_s=duration, words=words, words_per_minute=wpm,
                      filler_count=n_fillers, fillers=fillers, long_pauses=pauses,
                      speaking_time_s=speaking, truncated=truncated, warnings=warnings)


def _model_line(on_wait=None):
    """Hosted mode: wait for this visitor's turn in the one line every model call joins (the
    generator's calls join it in interview/ui.py), so a transcription never runs beside a generation
    on the 2 shared vCPUs and visitors are served in arrival order. Locally: no line."""
    if not get_settings().hosted:
        return nullcontext()
    from interview.fairlock import MODEL_LINE

    return MODEL_LINE.hold(on_wait)
