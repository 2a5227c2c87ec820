"""Behavioural relevance (issue 20): an answer that tells the experience a behavioural question asks for
(>= story_min_steps sentences of what the candidate did) gets story_bonus on its relevance value, because
MiniLM rates a concrete story far from an abstract prompt. Rule checks with fixed vectors; no model."""
from __future__ import annotations

import pytest

from interview.coaching.scoring import ScoringOptions, relevance_value, score_answer, story_steps
from tests.test_scoring import _FixedVectors

QUESTION = "Tell me about a time you handled a conflict."          # framing removed: "handled a conflict."
STORY = ("At my last company our deploys kept failing on Fridays. I rewrote the retry logic of the pipeline. "
         "I added alerts for the queue depth. I trained the team on the new runbook. Failed deploys dropped 80%.")
TWO_STEPS = ("At my last company our deploys kept failing on Fridays. I rewrote the retry logic of the pipeline. "
             "I added alerts for the queue depth. Failed deploys dropped 80% over the quarter.")
EXPLANATION = ("A retry policy should use exponential backoff with jitter, so clients do not retry in waves. "
               "Queue depth is a better alert than CPU, because it shows work piling up before users notice. "
               "A runbook should say what to check first and who to call.")


def test_story_steps_counts_what_the_candidate_did():
    assert story_steps(STORY) == 3
    assert story_steps(TWO_STEPS) == 2
    assert story_steps(EXPLANATION) == 0
    # a labelled part counts as the part, as everywhere in the STAR rules
    assert story_steps("Action: rewrote the retry logic. Action: added alerts. Action: trained the team.") == 3


def test_a_story_gets_the_bonus_on_a_behavioural_question_only():
    opts, v = ScoringOptions(), _FixedVectors(0.30)
    story = score_answer(QUESTION, STORY, "behavioral", encoder=v)
    explanation = score_answer(QUESTION, EXPLANATION, "behavioral", encoder=v)
    # same cosine (0.30, one point and off topic without the bonus); the story reads 0.30 + 0.10 = 0.40
    assert explanation.get("relevance").score == 1 and "off_topic" in explanation.flags
    assert story.get("relevance").score == 2 and "off_topic" not in story.flags
    assert "a story of what you did (3 steps)" in story.get("relevance").reason
    assert story.overall > explanation.overall
    # the bonus is the behavioural question's: the same text under a technical question gets none
    vec = {"q": v.encode(["q", "a"])[0], "a": v.encode(["q", "a"])[1], "s": v.encode(["q", "a"])[1:]}
    plain, _ = relevance_value("handled a conflict.", STORY, vec, opts, question_type="technical")
    told, _ = relevance_value("handled a conflict.", STORY, vec, opts, question_type="behavioral")
    assert told == pytest.approx(plain + opts.story_bonus)


def test_two_steps_or_a_zero_bonus_leave_the_value_alone():
    v = _FixedVectors(0.30)
    assert score_answer(QUESTION, TWO_STEPS, "behavioral", encoder=v).get("relevance").score == 1
    off = score_answer(QUESTION, STORY, "behavioral", encoder=v, opts=ScoringOptions(story_bonus=0.0))
    assert off.get("relevance").score == 1 and "off_topic" in off.flags


def test_the_bonus_needs_an_encoder():
    # the lexical fallback (no encoder) has no calibrated value to add to
    assert relevance_value(QUESTION, STORY, None, ScoringOptions(), question_type="behavioral") == \
        relevance_value(QUESTION, STORY, None, ScoringOptions(story_bonus=0.0), question_type="behavioral")
