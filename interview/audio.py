"""Decoding any audio the user gives us into what Whisper wants: float32, mono, 16 kHz.

We decode with PyAV (the `av` package faster-whisper already depends on: FFmpeg's libraries in a
wheel), so neither the app nor the CLI needs a system `ffmpeg`. Every failure is an `AudioError`
whose message can be shown to the user as is.

>>> audio = decode_audio("answer.webm"); audio.dtype, audio.ndim
(dtype('float32'), 1)
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16_000  # Whisper's input rate; every model we load expects it

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


def _open(data: bytes | str | Path):
    """(container, first bytes of the input) for a path or an in-memory recording."""
    import av

    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if not raw:
            raise AudioError("The recording is empty. Record again, or choose another file.", "corrupt")
        head, source = raw[:16], io.BytesIO(raw)
    else:
        path = Path(data)
        if not path.is_file():
            raise AudioError(f"Audio file not found: {path}", "corrupt")
        with path.open("rb") as f:
            head = f.read(16)
        if not head:
            raise AudioError(f"The audio file {path.name} is empty.", "corrupt")
        source = str(path)
    try:
        return av.open(source, mode="r", metadata_errors="ignore"), head
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        if _looks_like_audio(head):
            raise AudioError("The audio file is damaged and could not be decoded. "
                             "Record again, or export the file once more.", "corrupt") from exc
        raise AudioError(f"This file is not an audio format we can read (use {SUPPORTED}).",
                         "unsupported") from exc


def decode_with_duration(data: bytes | str | Path, keep_seconds: float | None = None,
                         sample_rate: int = SAMPLE_RATE) -> tuple[np.ndarray, float]:
    """(samples, total_seconds): float32 mono at `sample_rate`, keeping at most `keep_seconds`.

    Decoding continues past `keep_seconds` only to count the length (so an over-long answer can be
    told "4 min 12 s") without holding the rest in memory.
    """
    import av

    container, head = _open(data)
    try:
        streams = [s for s in container.streams if s.type == "audio"]
        if not streams:  # FFmpeg opens images and text too; only an audio container is "damaged" here
            if _looks_like_audio(head):
                raise AudioError(f"The file has no audio track (use {SUPPORTED}).", "corrupt")
            raise AudioError(f"This file is not an audio format we can read (use {SUPPORTED}).", "unsupported")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
        limit = None if keep_seconds is None else int(round(keep_seconds * sample_rate))
        chunks, kept, total = [], 0, 0

        def take(frames) -> None:
            nonlocal kept, total
            for frame in frames:
                pcm = frame.to_ndarray().reshape(-1)
                total += pcm.size
                if limit is None or kept < limit:
                    pcm = pcm if limit is None else pcm[: limit - kept]
                    chunks.append(pcm.copy())
                    kept += pcm.size

        try:
            for frame in container.decode(streams[0]):
                take(resampler.resample(frame))
            take(resampler.resample(None))  # flush the resampler's tail
        except (av.error.FFmpegError, ValueError) as exc:
            raise AudioError("The audio file is damaged and could not be decoded. "
                             "Record again, or export the file once more.", "corrupt") from exc
    finally:
        container.close()
    audio = np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)
    if not np.isfinite(audio).all():
        raise AudioError("The audio file is damaged (invalid samples).", "corrupt")
    return audio, total / sample_rate


def decode_audio(data: bytes | str | Path, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Any audio file (path) or recording (bytes) → float32 mono samples at 16 kHz.

    Any input rate and channel count; wav, flac, mp3, ogg/opus, webm, m4a. Raises `AudioError`
    (kind "corrupt" or "unsupported") with a message for the user.
    """
    return decode_with_duration(data, None, sample_rate)[0]


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


class LiveRecording:
    """The frames of a live microphone stream (streamlit-webrtc / aiortc `av.AudioFrame`s of any
    rate, layout and sample format), kept as 16 kHz mono float32 for `speech.transcribe`.

    >>> rec = LiveRecording(); rec.add(frame); rec.samples().dtype, rec.seconds
    (dtype('float32'), 0.02)
    """

    def __init__(self, max_seconds: float = 600.0):
        import threading

        self.max_samples = int(max_seconds * SAMPLE_RATE)  # bounds memory (38 MB); answers stop at 3 min anyway
        self._chunks: list[np.ndarray] = []
        self._size = 0
        self._resampler = None
        self._lock = threading.Lock()  # frames arrive on the WebRTC thread, samples() is read by the page

    def add(self, frame) -> None:
        import av

        with self._lock:
            if self._resampler is None:
                self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            for out in self._resampler.resample(frame):
                pcm = out.to_ndarray().reshape(-1)[: self.max_samples - self._size]
                if pcm.size:
                    self._chunks.append(pcm.astype(np.float32, copy=True))
                    self._size += pcm.size

    @property
    def seconds(self) -> float:
        return self._size / SAMPLE_RATE

    def samples(self) -> np.ndarray:
        with self._lock:
            return np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)

    def clear(self) -> None:
        with self._lock:
            self._chunks, self._size, self._resampler = [], 0, None
