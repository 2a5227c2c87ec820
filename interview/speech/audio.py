"""Decoding any audio the user gives us into what Whisper wants: float32, mono, 16 kHz.

We decode with PyAV (the `av` package faster-whisper already depends on: FFmpeg's libraries in a
wheel), so neither the app nor the CLI needs a system `ffmpeg`. Every failure is an `AudioError`
whose message can be shown to the user as is.

>>> audio = decode_audio("answer.webm"); audio.dtype, audio.ndim
(dtype('float32'), 1)
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16_000  # Whisper's input rate; every model we load expects it
# What a header may claim before we decode a frame (a WAV claiming 1 Hz took 58 s of CPU per MB).
MIN_RATE = 8_000      # Hz: telephone band, the lowest rate speech is recorded at
MAX_RATE = 192_000    # Hz: the highest rate studio interfaces record at
MAX_CHANNELS = 8      # 7.1 surround; a voice answer has 1 or 2
MAX_SECONDS = 3600.0  # nothing longer is decoded at all: answers are limited to 3 minutes
HEAD_BYTES = 4096     # read before decoding: the magic bytes and a WAV's chunk headers
# Truncated: decoded less than this share of the header's length, minus this slack (container
# lengths are rounded to a frame; Opus pre-skip makes a whole WebM ~15 ms shorter than it says).
TRUNCATED_SHARE = 0.97
TRUNCATED_SLACK_S = 0.25
CANCELLED_SHARE = 0.25  # stereo mix keeping less than this share of the channels' energy = out of phase

# File signatures of audio containers FFmpeg reads. A file that starts like one of these but does not
# decode is damaged ("corrupt"); anything else we cannot open is a format we do not read ("unsupported").
_AUDIO_MAGIC = (b"RIFF", b"RF64", b"fLaC", b"OggS", b"ID3", b"\x1a\x45\xdf\xa3", b"FORM", b"caff",
                b"#!AMR", b"MAC ", b"wvpk")
_MP3_SYNC = (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xfa")
SUPPORTED = "wav, flac, mp3, ogg, webm or m4a"


class AudioError(ValueError):
    """Audio we cannot use. `str(exc)` is one line for the user; `kind` is one of
    "silent", "too_short", "too_long", "corrupt", "unsupported"."""

    def __init__(self, message: str, kind: str, duration_s: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.duration_s = duration_s  # the recording's length, when we got that far


def _looks_like_audio(head: bytes) -> bool:
    return (head.startswith(_AUDIO_MAGIC) or head.startswith(_MP3_SYNC)
            or head[4:8] == b"ftyp")  # MP4/M4A/3GP: the box type sits after a 4-byte size


def _damaged() -> AudioError:
    return AudioError("The audio file is damaged and could not be decoded. "
                      "Record again, or export the file once more.", "corrupt")


def too_long_error(total_s: float, limit_s: float, offer: str | None = None) -> AudioError:
    """The one message for an over-long recording; `offer` says how to keep the start instead
    (the app's button by default; the CLI names its --keep-first flag)."""
    limit = format_duration(limit_s)
    offer = offer or f"Keep the first {limit}?"
    return AudioError(f"The recording is {format_duration(total_s)} long; answers are limited to {limit}. "
                      f"{offer}", "too_long", total_s)


def _over_cap(seconds: float) -> AudioError:
    return AudioError(f"The audio file is {format_duration(seconds)} long, far longer than an answer can be. "
                      "Record a shorter answer.", "too_long", seconds)


def _open(data: bytes | str | Path):
    """(container, first bytes of the input) for a path or an in-memory recording."""
    import av

    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if not raw:
            raise AudioError("The recording is empty. Record again, or choose another file.", "corrupt")
        head, source = raw[:HEAD_BYTES], io.BytesIO(raw)
    else:
        path = Path(data)
        if not path.is_file():
            raise AudioError(f"Audio file not found: {path}", "corrupt")
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
        if not head:
            raise AudioError(f"The audio file {path.name} is empty.", "corrupt")
        source = str(path)
    try:
        return av.open(source, mode="r", metadata_errors="ignore"), head
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        if _looks_like_audio(head):
            raise _damaged() from exc
        raise AudioError(f"This file is not an audio format we can read (use {SUPPORTED}).",
                         "unsupported") from exc


def _wav_declared_seconds(head: bytes) -> float | None:
    """The length a RIFF/WAVE header promises (data chunk size / byte rate), or None.

    FFmpeg clamps a WAV's duration to the bytes it finds, so a cut-off WAV looks whole to it; the
    header still says how long the recording was meant to be. Streaming writers put 0, 0xFFFFFFFF or
    (sox, some recorders) a value near 2**31 in the size field when they do not know it: those are
    "unknown", not "truncated".
    """
    if not (head[:4] == b"RIFF" and head[8:12] == b"WAVE"):
        return None
    pos, byte_rate = 12, 0
    while pos + 8 <= len(head):
        chunk, size = head[pos:pos + 4], struct.unpack("<I", head[pos + 4:pos + 8])[0]
        if chunk == b"fmt " and size >= 16 and pos + 16 <= len(head):
            byte_rate = struct.unpack("<I", head[pos + 16:pos + 20])[0]
        elif chunk == b"data":
            return size / byte_rate if byte_rate and 0 < size < 0x7FFF0000 else None
        pos += 8 + size + (size & 1)  # chunks are padded to an even length
    return None


def _check_header(stream, container, head: bytes) -> tuple[int, int, float | None, float | None]:
    """(sample rate, channels, length, promised length) from the header, refusing what no recording has.

    The length is FFmpeg's from the header (for PCM: the bytes present / byte rate, exact); the
    promised length is what a WAV header's size field says (else the same), for noticing a cut file.

    Runs before a single frame is decoded: a WAV header that claims 1 Hz makes the resampler turn each
    byte into 16,000 samples (1 MB took 58 s of CPU), and a header may claim days of audio.
    """
    ctx = stream.codec_context
    rate, channels = int(ctx.sample_rate or 0), int(ctx.layout.nb_channels if ctx.layout else 0)
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioError(f"The audio file claims a sample rate of {rate} Hz, which no recording has (it is damaged "
                         f"or mislabelled). Export it again as {SUPPORTED}.", "corrupt")
    if not 1 <= channels <= MAX_CHANNELS:
        raise AudioError(f"The audio file claims {channels} channels; recordings have 1 to {MAX_CHANNELS}. "
                         "Export it again in mono or stereo.", "corrupt")
    length = None
    if stream.duration and stream.time_base:
        length = float(stream.duration * stream.time_base)
    elif container.duration and container.duration > 0:
        length = container.duration / 1_000_000  # AV_TIME_BASE: microseconds
    promised = _wav_declared_seconds(head)
    return rate, channels, length, promised if promised is not None else length


class _Enough(Exception):
    """Decoding stops: the kept start is complete, and the header gives the total length, or counting
    the rest would pass MAX_SECONDS."""


@dataclass
class Decoded:
    """What `decode` found: the samples Whisper gets, and what the quality check needs to know."""
    samples: np.ndarray               # float32 mono at SAMPLE_RATE, at most keep_seconds of it
    total_s: float                    # seconds decoded (the whole file, also past keep_seconds)
    native_rate: int                  # the file's own sample rate (8000 = telephone band)
    channels: int                     # the file's channel count
    declared_s: float | None          # the length its header promises (None: it does not say)
    stopped_early: bool = False       # decoding hit damaged data after some audio; what came before is kept
    louder_channel_only: bool = False  # stereo whose channels cancel when mixed: one channel was used

    @property
    def truncated(self) -> bool:
        """The file ends before the length its header promises (cut off while copying or uploading)."""
        short = (self.declared_s is not None
                 and self.total_s < self.declared_s * TRUNCATED_SHARE - TRUNCATED_SLACK_S)
        return self.stopped_early or short


def decode(data: bytes | str | Path, keep_seconds: float | None = None, sample_rate: int = SAMPLE_RATE,
           refuse_over: float | None = None) -> Decoded:
    """Any audio file (path) or recording (bytes) → `Decoded`: float32 mono at `sample_rate`.

    Decoding continues past `keep_seconds` only to count the length (so an over-long answer can be
    told "4 min 12 s") without holding the rest in memory, when the header does not say, and never
    past MAX_SECONDS (then the header's length is taken). A header that promises more than `refuse_over` seconds is refused
    ("too_long") before decoding; so is one over MAX_SECONDS when the whole file is asked for.
    """
    import av

    container, head = _open(data)
    try:
        streams = [s for s in container.streams if s.type == "audio"]
        if not streams:  # FFmpeg opens images and text too; only an audio container is "damaged" here
            if _looks_like_audio(head):
                raise AudioError(f"The file has no audio track (use {SUPPORTED}).", "corrupt")
            raise AudioError(f"This file is not an audio format we can read (use {SUPPORTED}).", "unsupported")
        rate, channels, length, declared = _check_header(streams[0], container, head)
        if refuse_over is not None and length is not None and length > refuse_over + 0.05:
            raise too_long_error(length, refuse_over)
        if keep_seconds is None and length is not None and length > MAX_SECONDS:
            raise _over_cap(length)
        # Stereo stays two channels until the end: if one channel is phase-inverted, the mix cancels
        # to near silence ("No speech detected") while either channel alone is clear speech.
        layout = "stereo" if channels == 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=sample_rate)
        limit = None if keep_seconds is None else int(round(keep_seconds * sample_rate))
        cap = int(MAX_SECONDS * sample_rate)
        chunks, kept, total, stopped_early = [], 0, 0, False

        def take(frames) -> None:
            nonlocal kept, total
            for frame in frames:
                pcm = frame.to_ndarray()  # (channels, samples)
                total += pcm.shape[1]
                kept_all = limit is not None and kept >= limit
                if kept_all and length is not None:  # the header says how long the rest is
                    raise _Enough()
                if total > cap:  # the start is kept already: stop counting; else refuse
                    raise _Enough() if kept_all else _over_cap(total / sample_rate)
                if limit is None or kept < limit:
                    pcm = pcm if limit is None else pcm[:, : limit - kept]
                    chunks.append(pcm.copy())
                    kept += pcm.shape[1]

        try:
            for frame in container.decode(streams[0]):
                take(resampler.resample(frame))
            take(resampler.resample(None))  # flush the resampler's tail
        except _Enough:
            total = max(total, int((length or 0) * sample_rate))
        except AudioError:
            raise
        except (av.error.FFmpegError, ValueError) as exc:
            if total == 0:
                raise _damaged() from exc
            stopped_early = True  # keep what decoded; the transcript says the file was cut short
    finally:
        container.close()
    pcm = np.concatenate(chunks, axis=1) if chunks else np.zeros((1, 0), np.float32)
    if not np.isfinite(pcm).all():
        raise AudioError("The audio file is damaged (invalid samples).", "corrupt")
    audio, louder_only = _downmix(pcm.astype(np.float32, copy=False))
    return Decoded(audio, total / sample_rate, rate, channels, declared, stopped_early, louder_only)


def _downmix(pcm: np.ndarray) -> tuple[np.ndarray, bool]:
    """(mono, used one channel only). The mean of the channels, unless it cancels: two channels that
    are each speech but whose mix keeps under a quarter of their energy are out of phase (a
    mis-wired microphone), so the louder channel is used. Uncorrelated channels keep half."""
    if pcm.shape[0] == 1:
        return pcm[0], False
    energy = np.mean(np.square(pcm, dtype=np.float64), axis=1)
    mix = pcm.mean(axis=0)
    if energy.mean() > 0 and float(np.mean(np.square(mix, dtype=np.float64))) < CANCELLED_SHARE * energy.mean():
        return np.ascontiguousarray(pcm[int(np.argmax(energy))]), True
    return mix, False


def decode_with_duration(data: bytes | str | Path, keep_seconds: float | None = None,
                         sample_rate: int = SAMPLE_RATE) -> tuple[np.ndarray, float]:
    """(samples, total_seconds): float32 mono at `sample_rate`, keeping at most `keep_seconds`."""
    d = decode(data, keep_seconds, sample_rate)
    return d.samples, d.total_s


def decode_audio(data: bytes | str | Path, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Any audio file (path) or recording (bytes) → float32 mono samples at 16 kHz.

    Any input rate and channel count; wav, flac, mp3, ogg/opus, webm, m4a. Raises `AudioError`
    (kind "corrupt" or "unsupported") with a message for the user.
    """
    return decode(data, None, sample_rate).samples


def format_duration(seconds: float) -> str:
    """252 → '4 min 12 s', 180 → '3 minutes', 0.6 → '0.6 s' (for messages to the user)."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    m, s = divmod(int(round(seconds)), 60)
    if m == 0:
        return f"{s} s"
    if s == 0:
        return f"{m} minute" if m == 1 else f"{m} minutes"
    return f"{m} min {s} s"
