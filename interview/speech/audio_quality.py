"""Will this recording transcribe well? Signal checks that turn into warnings shown with the transcript.

Whisper tiny.en does not say when it is guessing. Telephone-band audio, loud background noise or
music, clipping and a file cut short all give a transcript that looks normal and is wrong (measured:
8 kHz audio WER 0.64 and a false 9 s pause; speech at -5 dB SNR WER 1.11; speech over music lost 67%
of its words; a truncated MP3 gave half a transcript and no notice). So the signal is measured before
the model runs and the user is told what to fix; the transcript is still given.

>>> stats = measure(samples); stats.snr_db, stats.high_band_share, stats.clipped_share
>>> quality_warnings(stats, native_rate=8000)
['The recording is telephone quality (8000 Hz): ...']

The thresholds come from generated fixtures (tests/test_audio_quality.py; the table in
`python bench/speech.py --quality`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interview.speech.audio import SAMPLE_RATE, Decoded, format_duration


@dataclass(frozen=True)
class QualityOptions:
    frame_s: float = 0.02             # analysis frame: 20 ms, the span over which speech is roughly steady
    # Narrowband: share of the loud frames' energy above 4.5 kHz (just above the telephone band, clear
    # of the resampler's transition band at 4 kHz). Measured (bench/speech.py --quality): espeak answers
    # as 16 kHz wav 4e-3..6e-3, as mp3 or opus (lossy codecs thin the highs) >= 4e-4; an 8 kHz wav
    # <= 7e-7, band-limited to 3.4 kHz at 16 kHz ~4e-9. The cut sits between, on a log scale.
    band_edge_hz: float = 4500.0
    min_high_band_share: float = 2e-5
    min_native_rate: int = 16_000     # a file recorded below this rate has no energy above rate/2 < 8 kHz
    # Noise: loud frames vs quiet frames. Speech has pauses between words; noise or music fills them.
    # The estimate reads ~5.5 dB above the true SNR (it compares the loudest frames with the noise).
    # Measured WER with white noise: true 20 dB (est. 25.6) 0.14, 15 dB (20.6) 0.14, 10 dB (15.6) 0.25,
    # 5 dB (10.7) 0.39, -5 dB (1.2) 1.13; clean 0.03. Warned from WER ~0.25 on.
    min_snr_db: float = 18.0
    # Clipping: share of samples within 1% of full scale. Clean speech has none; gain 1.5 clips 0.4%,
    # gain 2 1.4%, gain 4 6%. tiny.en's WER hardly moves even at gain 10 (0.02), so only distortion
    # a listener hears clearly is warned about.
    full_scale: float = 0.99
    max_clipped_share: float = 0.005


@dataclass(frozen=True)
class SignalStats:
    high_band_share: float            # energy above band_edge_hz / all energy, in the loudest half of frames
    snr_db: float                     # estimated signal-to-noise ratio (inf for digital silence between words)
    clipped_share: float              # share of samples at full scale


def measure(samples: np.ndarray, sample_rate: int = SAMPLE_RATE,
            opts: QualityOptions = QualityOptions()) -> SignalStats:
    """Band, noise and clipping figures of mono float32 samples (the decoded 16 kHz signal)."""
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    n = max(1, int(round(opts.frame_s * sample_rate)))
    frames = x[: x.size // n * n].reshape(-1, n).astype(np.float64)
    if frames.shape[0] < 4:
        return SignalStats(high_band_share=1.0, snr_db=float("inf"), clipped_share=0.0)
    energy = np.mean(frames ** 2, axis=1)
    order = np.sort(energy)
    # SNR: the loudest tenth of frames is speech (plus noise), the quietest tenth is the noise floor.
    tenth = max(1, order.size // 10)
    noise, loud = order[:tenth].mean(), order[-tenth:].mean()
    snr = float("inf") if noise <= 1e-12 else 10 * np.log10(max(loud - noise, 1e-12) / noise)
    # Band: spectrum of the loudest half of the frames (the speech), windowed to avoid leakage.
    speech = frames[energy >= np.median(energy)] * np.hanning(n)
    power = np.abs(np.fft.rfft(speech, axis=1)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / sample_rate)
    total = power.sum()
    high = float(power[:, freqs >= opts.band_edge_hz].sum() / total) if total > 0 else 1.0
    clipped = float(np.mean(np.abs(x) >= opts.full_scale)) if x.size else 0.0
    return SignalStats(high_band_share=high, snr_db=float(snr), clipped_share=clipped)


def quality_warnings(stats: SignalStats, native_rate: int | None = None, decoded: Decoded | None = None,
                     opts: QualityOptions = QualityOptions()) -> list[str]:
    """One line per problem, each saying what it does to the transcript and what to do about it."""
    out = []
    if native_rate is not None and native_rate < opts.min_native_rate:
        out.append(f"The recording is telephone quality ({native_rate} Hz): words may be misheard. "
                   "Record again at 16 kHz or more, e.g. in the browser.")
    elif stats.high_band_share < opts.min_high_band_share:
        out.append("The recording has no high frequencies (telephone or a muffled microphone): words may be "
                   "misheard. Record again closer to a better microphone.")
    if stats.snr_db < opts.min_snr_db:
        out.append(f"There is loud background noise or music (speech only {stats.snr_db:.0f} dB above it): "
                   "words may be missed or invented. Record again somewhere quieter.")
    if stats.clipped_share > opts.max_clipped_share:
        out.append(f"The recording is too loud and distorted ({stats.clipped_share:.1%} of it at full scale): "
                   "words may be misheard. Move back from the microphone or lower its gain.")
    if decoded is not None and decoded.truncated:
        said = (f" the file says {format_duration(decoded.declared_s)}, only {format_duration(decoded.total_s)} "
                "could be read" if decoded.declared_s else " it stops partway")
        out.append(f"The audio file is cut short ({said.strip()}): the transcript covers only what is there. "
                   "Upload the whole file again.")
    if decoded is not None and decoded.louder_channel_only:
        out.append("The two stereo channels cancel each other out (one is phase-inverted), so only the louder "
                   "channel was transcribed. Check your microphone's settings.")
    return out


def check(samples: np.ndarray, decoded: Decoded | None = None,
          opts: QualityOptions = QualityOptions()) -> list[str]:
    """The warnings for a recording about to be transcribed (samples: 16 kHz mono float32)."""
    return quality_warnings(measure(samples, SAMPLE_RATE, opts),
                            decoded.native_rate if decoded is not None else None, decoded, opts)
