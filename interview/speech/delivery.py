"""Delivery figures of a spoken answer: computed from its word timings (pace, filler words, long
pauses) and written out for a reader, in one place (the Practice caption, the report and the rubric's
delivery reason all take their wording from here).

    delivery_metrics(words, duration_s)  -> (words_per_minute, filler_count, fillers, long_pauses, speaking_time_s)
    count_fillers("So, um, we, like, rewrote it".split())  -> {"um": 1, "like": 1}
    delivery_lines(transcript)           -> ["Pace: 132 words per minute", "Filler words: 2 (um ×2)", ...]
    delivery_reason(140, 1.2, 0)         -> "140 words/min (good pace); 1.2 fillers/min; 0 long pauses."
"""
from __future__ import annotations

import re

from interview.speech.transcript import Transcript, Word

GOOD_PACE_WPM = (110, 170)   # words per minute of speaking time that read as a good pace (and score best)


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


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def delivery_lines(transcript: Transcript | None) -> list[str]:
    """Plain-text delivery metrics of a spoken answer, one fact a line; [] for typed answers.

    >>> delivery_lines(Transcript("", 45, [], 131.6, 2, {"um": 2}, [(12.0, 2.5)], 40))[:2]
    ['Pace: 132 words per minute', 'Filler words: 2 (um ×2)']
    """
    if transcript is None:
        return []
    tr = transcript
    fillers = ", ".join(f"{w} ×{n}" for w, n in tr.fillers.items())
    pauses = tr.long_pauses
    lines = [f"Pace: {tr.words_per_minute:.0f} words per minute",
             f"Filler words: {tr.filler_count}" + (f" ({fillers})" if fillers else ""),
             f"Long pauses: {len(pauses)}" + (" (" + ", ".join(f"{n:.1f} s at {_clock(s)}"
                                                               for s, n in pauses) + ")" if pauses else "")]
    if tr.duration_s:
        lines.append(f"Speaking time: {tr.speaking_time_s:.0f} s of {tr.duration_s:.0f} s recorded")
    if tr.truncated:
        lines.append("Only the first part of the recording was transcribed.")
    return lines


def pace_verdict(words_per_minute: float) -> str:
    lo, hi = GOOD_PACE_WPM
    return "good pace" if lo <= words_per_minute <= hi else "too slow" if words_per_minute < lo else "too fast"


def delivery_reason(words_per_minute: float, fillers_per_minute: float, long_pauses: int) -> str:
    """The rubric's one-line reason for its delivery score (interview/coaching/scoring.py).

    >>> delivery_reason(140, 1.25, 0)
    '140 words/min (good pace); 1.2 fillers/min; 0 long pauses.'
    """
    return (f"{words_per_minute:.0f} words/min ({pace_verdict(words_per_minute)}); "
            f"{fillers_per_minute:.1f} fillers/min; {long_pauses} long pauses.")


def delivery_points(delivery: dict) -> tuple[int, str] | None:
    """(points 0-5, the reason shown) for a spoken answer's pace, fillers and pauses (its delivery figures); None
    when the transcript has no timing. Pace 110-170 wpm -> 2 (90-200 -> 1), fillers per minute <= 2 -> 2 (<= 5 -> 1),
    long pauses <= 1 -> 1."""
    wpm, secs = delivery.get("words_per_minute"), delivery.get("speaking_time_s")
    if wpm is None or not secs:
        return None
    fpm = float(delivery.get("filler_count") or 0) / (float(secs) / 60)
    # A transcript carries the pauses themselves (a list); a caller may pass just their count.
    lp = delivery.get("long_pauses") or 0
    pauses = len(lp) if isinstance(lp, (list, tuple)) else int(lp)
    lo, hi = GOOD_PACE_WPM
    score = (2 if lo <= wpm <= hi else 1 if 90 <= wpm <= 200 else 0) + (fpm <= 5) + (fpm <= 2) + (pauses <= 1)
    return score, delivery_reason(wpm, fpm, pauses)
