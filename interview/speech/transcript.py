"""A spoken answer as data: `Transcript` (text, word timings, delivery figures) and its JSON.

Made by interview/speech/transcribe.py; its delivery figures are computed by interview/speech/delivery.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field


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
    # one line each with what to do; shown with the transcript (interview/speech/audio_quality.py)
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

    @classmethod
    def from_dict(cls, d: dict) -> "Transcript":
        """The inverse of `to_dict` (transcripts stored with a session, the older ones included)."""
        return cls(text=d["text"], duration_s=d["duration_s"], words=[Word(**w) for w in d["words"]],
                   words_per_minute=d["words_per_minute"], filler_count=d["filler_count"],
                   fillers=dict(d.get("fillers", {})),
                   long_pauses=[(float(s), float(n)) for s, n in d["long_pauses"]],
                   speaking_time_s=d.get("speaking_time_s", 0.0), truncated=d.get("truncated", False),
                   warnings=list(d.get("warnings", [])))  # older stored transcripts have none

    def delivery_figures(self) -> dict:
        """What the rubric's delivery dimension reads (scoring.score_answer(delivery=...)), rounded as
        in `to_dict`, so a stored transcript scores the same as the one just heard."""
        d = self.to_dict()
        return {k: d[k] for k in ("words_per_minute", "filler_count", "long_pauses", "speaking_time_s")}


transcript_from_dict = Transcript.from_dict   # the name interview.speech.transcribe re-exports
