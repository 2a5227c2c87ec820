"""Speech fixtures made at test time: espeak-ng speaks known text, PyAV writes it in any format.

Nothing here is a recording checked into the repo: every test knows exactly what was said, and
where the silences are, because it built the audio itself. Used by tests/test_speech.py,
tests/test_voice_e2e.py and bench/speech.py.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

RATE = 16_000

# Interview-answer sentences without digits, so the reference needs no number normalisation.
ANSWERS = [
    "In my last role I led a small team that moved our billing service to a new database. "
    "We planned the work in stages, wrote careful tests, and finished two weeks early.",
    "When two engineers disagreed about the design, I asked each of them to write down the risks. "
    "We reviewed the notes together and chose the simpler option.",
    "I am most proud of the monitoring system I built for our data pipeline. "
    "It cut the time to find failures from hours to minutes.",
]


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


def espeak_wav(text: str, path: Path, voice: str = "en-us", wpm: int = 160) -> Path:
    """Speak `text` into a WAV file (22.05 kHz mono, espeak-ng's native format)."""
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(path), text],
                   check=True, capture_output=True, timeout=60)
    return path


def speech(text: str, voice: str = "en-us", wpm: int = 160) -> np.ndarray:
    """`text` spoken by espeak-ng, as float32 mono 16 kHz samples."""
    from interview.audio import decode_audio

    with tempfile.TemporaryDirectory() as tmp:
        return decode_audio(espeak_wav(text, Path(tmp) / "s.wav", voice, wpm))


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * RATE)), np.float32)


def trim(samples: np.ndarray, threshold: float = 1e-3) -> np.ndarray:
    """Cut espeak's leading/trailing near-silence, so the gaps we insert are the only gaps."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    return samples[loud[0]: loud[-1] + 1] if loud.size else samples[:0]


def write_wav(samples: np.ndarray, path: Path, rate: int = RATE) -> Path:
    """int16 PCM WAV; `samples` is (n,) mono or (n, channels)."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1 if pcm.ndim == 1 else pcm.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """Linear-interpolation resampling from 16 kHz (good enough to make a 44.1 kHz test file)."""
    n = int(round(samples.size * rate / RATE))
    return np.interp(np.linspace(0, samples.size - 1, n), np.arange(samples.size), samples).astype(np.float32)


def encode(samples: np.ndarray, path: Path, codec: str, rate: int = RATE, channels: int = 1) -> Path:
    """Write 16 kHz mono `samples` with PyAV as `codec` in the container named by `path`'s suffix
    (e.g. flac/.flac, libmp3lame/.mp3, libopus/.ogg or .webm), at `rate` Hz with `channels`."""
    import av

    audio = resample(samples, rate) if rate != RATE else samples.astype(np.float32)
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=rate, layout="mono" if channels == 1 else "stereo")
        fmt = stream.codec_context.codec.audio_formats[0].name  # the encoder's preferred sample format
        resampler = av.AudioResampler(format=fmt, layout=stream.layout.name, rate=rate)
        frame = av.AudioFrame.from_ndarray(audio.reshape(1, -1), format="flt", layout="mono")
        frame.rate = rate
        for f in resampler.resample(frame) + resampler.resample(None):
            for packet in stream.encode(f):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


# ----------------------------------------------------------------------------- word error rate

def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation; hyphens and slashes split words ("follow-up")."""
    text = re.sub(r"[-/]", " ", text.lower())
    return [w for w in (re.sub(r"[^a-z0-9']", "", t).strip("'") for t in text.split()) if w]


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: (substitutions + deletions + insertions) / reference words, by edit distance."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / max(1, len(ref))
