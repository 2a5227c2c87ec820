"""An answer that says it is about another subject is off topic (interview/coaching/subject.py, scoring)."""
from __future__ import annotations

import pytest

from interview.coaching.assessment import assess
from interview.coaching.feedback import feedback_as_list
from interview.coaching.subject import another_subject, declared_subject

_LEADERBOARD = ("For a real-time analytics dashboard of page views, I'd ingest events through Kafka, aggregate per "
                "minute in Flink by page and country, and store results in a column store like ClickHouse that handles "
                "fast group-by queries over time ranges. The dashboard queries pre-aggregated tables, and raw events "
                "land in S3 for backfills. Late events within five minutes update the minute buckets; later ones only "
                "the hourly rollups. I'd alert when ingestion lag passes thirty seconds.")
_ON_TOPIC = ("For a top-K service over billions of view events a day, I'd count in a stream processor with a count-min "
             "sketch per one-minute window, keep a heap of the K heaviest keys per partition, and merge the partial "
             "heaps every few seconds into the global top K that the API serves from a cache. Exact counts are "
             "recomputed hourly in a batch job, because the sketch over-counts rare keys.")


@pytest.mark.parametrize("answer, subject", [
    ("For a real-time leaderboard I'd use Redis sorted sets.", "a real-time leaderboard"),
    ("If I were designing a loyalty program for a coffee chain, I'd start with behaviour.",
     "a loyalty program for a coffee chain"),
    ("Designing an LRU cache is a classic object-oriented question.", "an LRU cache"),
    ("For secrets on a Kubernetes platform, the main challenge is rotation.", "secrets on a Kubernetes platform"),
    ("To protect a public API from abuse, I'd layer controls at the edge.", "a public API from abuse"),
    ("An online bookstore's order flow is a different problem from a library: stock is a count per title.",
     "An online bookstore's order flow"),
])
def test_the_subject_an_opening_declares(answer, subject):
    assert declared_subject(answer) == subject


@pytest.mark.parametrize("answer", [
    "I'd start with requirements: users, load and latency.",
    "For example, a team of five engineers could own it.",        # a scope, not a subject
    "For each index i, we multiply the prefix and suffix products.",
    "For the past two years, I led the platform team.",
    "For a big app I would use a component library and CSS modules.",   # names nothing in particular
    "For a binary task I count true positives and false positives.",
    "The cache sits in front of the database. For storage, I'd use S3.",  # not the first sentence
    "Mutual TLS means both sides present a certificate.",   # "X means" opens on-topic answers too
])
def test_openings_that_declare_no_other_subject(answer):
    assert declared_subject(answer) is None


def test_another_subject_needs_no_shared_word_and_a_low_cosine(encoder):
    question = "Design a Top-K heavy hitters service"
    found = another_subject(_LEADERBOARD, question, "system_design", encoder)
    assert found and found[0] == "a real-time analytics dashboard of page views" and found[1] < 0.4
    assert another_subject(_ON_TOPIC, question, "system_design", encoder) is None   # shares "top-K"
    # a behavioural story opens "For two years ..." or "For a client ...": the rule is not applied there
    assert another_subject(_LEADERBOARD, question, "behavioral", encoder) is None
    assert another_subject(_LEADERBOARD, question, "system_design", None) is None


def test_an_answer_about_another_system_is_flagged_off_topic_and_told_so(encoder):
    question = "Design a Top-K heavy hitters service"
    off = assess(question, "system_design", _LEADERBOARD, encoder=encoder)
    on = assess(question, "system_design", _ON_TOPIC, encoder=encoder)
    assert off.off_topic and off.overall <= 25
    assert not on.off_topic and on.overall > off.overall
    relevance = off.rubric.get("relevance")
    assert relevance.score == 0 and '"a real-time analytics dashboard of page views"' in relevance.reason
    assert "Off topic" in feedback_as_list(off)
