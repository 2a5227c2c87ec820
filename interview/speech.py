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

from interview.audio import SAMPLE_RATE, AudioError, decode, decode_audio, format_duration, too_long_error
from interview.config import get_settings

# AudioError, decode_audio and too_long_error are re-exported: callers only need `interview.speech`.
__all__ = ["AudioError", "SpeechOptions", "SpeechModel", "Word", "Transcript", "load_speech_model",
           "transcribe", "delivery_metrics", "count_fillers", "decode_audio", "too_long_error"]

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


@dataclass
class Word:
    text: str                         # as Whisper wrote it, with its punctuation ("know,")
    start: float                      # seconds from the start of the recording
    end: float
    probability: float


@dataclass
class Transcript:
    text: str
    duration_s: float                 # length of the audio that was transcribed
    words: list[Word]
    words_per_minute: float           # words per minute of speaking time (long pauses excluded)
    filler_count: int
    fillers: dict[str, int]           # {"um": 2, "you know": 1}
    long_pauses: list[tuple[float, float]]  # (start, length) in seconds of each gap > 2 s
    speaking_time_s: float            # first word to last word, minus the long pauses
    truncated: bool = False           # True when only the first max_seconds were kept
    # Why this transcript may be wrong (telephone band, noise or music, clipping, a file cut short),
    # one line each with what to do; shown with the transcript (interview/audio_quality.py)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON of `python -m interview transcribe` (DESIGN.md §5)."""
        return {
            "text": self.text,
            "duration_s": round(self.duration_s, 2),
            "words": [{"text": w.text, "start": round(w.start, 2), "end": round(w.end, 2),
                       "probability": round(w.probability, 3)} for w in self.words],
            "words_per_minute": round(self.words_per_minute, 1),
            "filler_count": self.filler_count,
            "fillers": dict(self.fillers),
            "long_pauses": [[round(s, 2), round(n, 2)] for s, n in self.long_pauses],
            "speaking_time_s": round(self.speaking_time_s, 2),
            "truncated": self.truncated,
            "warnings": list(self.warnings),
        }


# ----------------------------------------------------------------------------- loading

def load_speech_model(name_or_path: str | Path | None = None, backend: str | None = None,
                      options: SpeechOptions | None = None) -> SpeechModel:
    """The speech model: argument → INTERVIEW_WHISPER(_BACKEND) → embedded tiny.en (faster-whisper, int8).

    The openai-whisper backend takes an official name ("base.en", from its download cache) or a
    checkpoint file saved with `torch.save({"dims": ..., "model_state_dict": ...})`.
    """
    from interview.models import ModelMissing, embedded_whisper_dir  # sets the offline hub flags

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
    from interview.audio_quality import check

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


# ----------------------------------------------------------------------------- delivery metrics

# Hesitation sounds, however Whisper spells them ("Umm", "uhh", "erm", "Hmm").
_HESITATIONS = [(re.compile(p), name) for p, name in (
    (r"^u+m+$|^u+h+m+$", "um"), (r"^u+h+$", "uh"), (r"^e+r+m*$", "er"), (r"^a+h+$", "ah"),
    (r"^h+m+$|^m{2,}$", "hmm"))]
# Hedge words that add nothing however they are used.
_ALWAYS = {"basically", "actually", "literally"}
# Words before "kind of"/"sort of" that make it a noun phrase ("what kind of database"), not a hedge.
_NOUN_KIND = {"a", "an", "the", "this", "that", "these", "those", "what", "which", "any", "some", "every",
              "each", "one", "same", "different", "other", "another", "all", "many", "no", "whatever",
              "first", "new", "right", "wrong", "particular", "specific", "certain", "only", "of"}
# Words before "like" that make it a verb or preposition ("I'd like", "looks like", "things like").
_NOT_FILLER_LIKE = {"i", "you", "we", "they", "he", "she", "would", "i'd", "we'd", "you'd", "they'd",
                    "look", "looks", "looked", "feel", "feels", "felt", "seem", "seems", "sound", "sounds",
                    "something", "anything", "nothing", "things", "stuff", "tools", "just", "more", "much",
                    "exactly", "not", "don't", "didn't", "doesn't", "really"}
# After ", like" these start an example ("services, like the recommendation service"), not a filler.
_LIKE_EXAMPLE = {"the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her", "its", "my",
                 "your", "some", "any", "each", "every", "when", "in", "on", "at", "for", "with"}
# Words before "you know" / "I mean" that make them part of a sentence ("do you know", "what I mean").
_NOT_FILLER_CLAUSE = {"do", "did", "don't", "didn't", "if", "would", "could", "should", "will", "might",
                      "may", "as", "that", "what", "which", "how", "who", "whether"}


def _norm(text: str) -> str:
    return re.sub(r"[^\w']+", "", text.lower()).strip("'")


def _set_off(raw_prev: str | None, raw_last: str, end_marks: str) -> bool:
    """Whisper punctuates interjections: ", like," / "So, like" / "you know?" mark filler use."""
    return (raw_prev or "")[-1:] == "," or raw_last[-1:] in end_marks


def count_fillers(words: list[str]) -> dict[str, int]:
    """Filler words and phrases in a list of words as Whisper wrote them (punctuation kept).

    >>> count_fillers("So, um, we, like, kind of rewrote it, you know?".split())
    {'um': 1, 'like': 1, 'kind of': 1, 'you know': 1}
    """
    toks = [_norm(w) for w in words]
    out: dict[str, int] = {}
    i = 0
    while i < len(toks):
        prev_tok = toks[i - 1] if i else None
        prev_raw = words[i - 1] if i else None
        pair = f"{toks[i]} {toks[i + 1]}" if i + 1 < len(toks) else ""
        found, width = None, 1
        if pair in ("kind of", "sort of") and prev_tok not in _NOUN_KIND:
            found, width = pair, 2
        elif pair == "you know" and prev_tok not in _NOT_FILLER_CLAUSE and _set_off(prev_raw, words[i + 1], ",.?!"):
            found, width = pair, 2
        elif pair == "i mean" and prev_tok not in _NOT_FILLER_CLAUSE:
            found, width = pair, 2
        elif toks[i] == "like":
            # "we, like, ..." is a filler whatever comes before the comma; "something like, five" is not;
            # ", like the recommendation service" introduces an example (a determiner or a noun follows)
            next_tok = toks[i + 1] if i + 1 < len(toks) else ""
            set_off_before = (prev_raw or "")[-1:] == "," and (words[i][-1:] == "," or next_tok not in _LIKE_EXAMPLE)
            if set_off_before or (prev_tok not in _NOT_FILLER_LIKE and words[i][-1:] == ","):
                found = "like"
        elif toks[i] in _ALWAYS:
            found = toks[i]
        else:
            found = next((name for pattern, name in _HESITATIONS if pattern.match(toks[i])), None)
        if found:
            out[found] = out.get(found, 0) + 1
        i += width
    return out


def delivery_metrics(words: list[Word], duration_s: float, pause_s: float = 2.0
                     ) -> tuple[float, int, dict[str, int], list[tuple[float, float]], float]:
    """(words_per_minute, filler_count, fillers, long_pauses, speaking_time_s) from word timings.

    Speaking time runs from the first word's start to the last word's end, minus every gap between
    words longer than `pause_s` (those gaps are the long pauses, as (start, length)); pace is words
    per minute of speaking time, so one long pause shows up as a pause, not as a slow pace.
    Example: 3 words at 0.0-0.5, 0.5-1.0, 3.5-4.0 → one pause (1.0, 2.5), 1.5 s speaking, 120 wpm.
    """
    fillers = count_fillers([w.text for w in words])
    if not words:
        return 0.0, 0, fillers, [], 0.0
    pauses = [(a.end, b.start - a.end) for a, b in zip(words, words[1:]) if b.start - a.end > pause_s]
    span = max(0.0, words[-1].end - words[0].start)
    speaking = max(0.0, min(span, duration_s) - sum(length for _, length in pauses))
    wpm = len(words) / speaking * 60 if speaking > 0 else 0.0
    return wpm, sum(fillers.values()), fillers, pauses, speaking


def transcript_from_dict(d: dict) -> Transcript:
    """The inverse of `Transcript.to_dict` (for transcripts stored with a session)."""
    return Transcript(text=d["text"], duration_s=d["duration_s"], words=[Word(**w) for w in d["words"]],
                      words_per_minute=d["words_per_minute"], filler_count=d["filler_count"],
                      fillers=dict(d.get("fillers", {})),
                      long_pauses=[(float(s), float(n)) for s, n in d["long_pauses"]],
                      speaking_time_s=d.get("speaking_time_s", 0.0), truncated=d.get("truncated", False),
                      warnings=list(d.get("warnings", [])))  # transcripts stored before issue 25 have none

