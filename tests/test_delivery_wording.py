"""Spoken-delivery wording lives in interview/speech/delivery.py only: the rubric's delivery reason is worded
there (delivery_reason) and reads as it did when scoring.py formatted it itself (issue 24)."""
from __future__ import annotations

import pytest

from interview.speech.delivery import delivery_lines, delivery_reason
from interview.coaching.scoring import delivery_dimension
from interview.speech.transcript import Transcript


def _old_reason(wpm: float, fpm: float, pauses: int) -> str:
    # scoring.delivery_dimension's own wording before it moved (2c52462)
    pace = "good pace" if 110 <= wpm <= 170 else "too slow" if wpm < 110 else "too fast"
    return f"{wpm:.0f} words/min ({pace}); {fpm:.1f} fillers/min; {pauses} long pauses."


@pytest.mark.parametrize("wpm", [60.0, 109.9, 110.0, 140.2, 170.0, 170.4, 230.0])
@pytest.mark.parametrize("fillers,pauses", [(0, []), (3, [[5.0, 2.5]]), (12, [[1.0, 3.0], [9.0, 2.1]])])
def test_the_rubric_reason_reads_as_before(wpm, fillers, pauses):
    d = delivery_dimension({"words_per_minute": wpm, "filler_count": fillers, "long_pauses": pauses,
                            "speaking_time_s": 40.0}, 90)
    assert d.reason == _old_reason(wpm, fillers / (40.0 / 60), len(pauses))
    assert d.reason == delivery_reason(wpm, fillers / (40.0 / 60), len(pauses))


def test_a_stored_transcript_scores_as_the_one_just_heard():
    t = Transcript("so um", 50.0, [], 131.6449, 2, {"um": 2}, [(12.0, 2.5)], 40.004)
    again = Transcript.from_dict(t.to_dict())
    assert again.delivery_figures() == t.delivery_figures()
    assert delivery_lines(again) == delivery_lines(t)
    assert delivery_lines(t)[0] == "Pace: 132 words per minute"
