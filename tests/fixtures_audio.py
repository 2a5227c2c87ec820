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


# ----------------------------------------------------------------------------- degraded recordings
# What a bad microphone, a noisy room or a broken upload does to a clean answer; every level is a
# parameter, so the quality thresholds (interview/audio_quality.py) can be measured against WER.

def power(samples: np.ndarray) -> float:
    """Mean power of the speech itself (espeak's silences between sentences left out)."""
    loud = samples[np.abs(samples) > 1e-3]
    return float(np.mean(np.square(loud, dtype=np.float64))) if loud.size else 0.0


def with_noise(samples: np.ndarray, snr_db: float, seed: int = 0) -> np.ndarray:
    """White noise under the speech at `snr_db` (speech power / noise power), peak kept below 1."""
    noise = np.random.default_rng(seed).standard_normal(samples.size)
    noise *= np.sqrt(power(samples) / 10 ** (snr_db / 10))
    mixed = samples + noise
    return (mixed / max(1.0, np.abs(mixed).max() / 0.9)).astype(np.float32)


def music(seconds: float, seed: int = 0) -> np.ndarray:
    """Something like background music: a chord every half second (three harmonic notes with a decay)
    over a kick drum on each beat. Continuous, tonal, in the speech band: what VAD and Whisper mistake."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    out = np.zeros(t.size)
    beat = int(0.5 * RATE)
    for start in range(0, t.size, beat):
        tt = t[: min(beat, t.size - start)]
        root = 110 * 2 ** (rng.integers(0, 12) / 12)
        chord = sum(np.sin(2 * np.pi * root * ratio * h * tt) / h
                    for ratio in (1, 1.26, 1.5) for h in (1, 2, 3, 4))
        kick = np.sin(2 * np.pi * 60 * tt) * np.exp(-tt * 30) * 3
        out[start: start + tt.size] = (chord * np.exp(-tt * 2) + kick)
    return (out / np.abs(out).max()).astype(np.float32)


def over_music(samples: np.ndarray, snr_db: float, seed: int = 0) -> np.ndarray:
    """The answer spoken over `music` at `snr_db` (speech power / music power)."""
    bed = music(samples.size / RATE + 1, seed)[: samples.size].astype(np.float64)
    bed *= np.sqrt(power(samples) / 10 ** (snr_db / 10) / np.mean(bed ** 2))
    mixed = samples + bed
    return (mixed / max(1.0, np.abs(mixed).max() / 0.9)).astype(np.float32)


def lowpass(samples: np.ndarray, cutoff_hz: float = 3400.0) -> np.ndarray:
    """Telephone band at 16 kHz: everything above `cutoff_hz` removed (a brick-wall FFT filter)."""
    spectrum = np.fft.rfft(samples)
    spectrum[np.fft.rfftfreq(samples.size, 1 / RATE) > cutoff_hz] = 0
    return np.fft.irfft(spectrum, samples.size).astype(np.float32)


def clipped(samples: np.ndarray, gain: float) -> np.ndarray:
    """An overdriven microphone: `gain` times louder, cut off at full scale."""
    return np.clip(samples / np.abs(samples).max() * gain, -1, 1).astype(np.float32)


def phase_inverted_stereo(samples: np.ndarray) -> np.ndarray:
    """(n, 2): the right channel is the left one upside down (a mis-wired microphone); their sum is 0."""
    return np.stack([samples, -samples], axis=1)


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    """The first `keep` share of a file's bytes: an upload or copy cut off partway."""
    return data[: int(len(data) * keep)]


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
