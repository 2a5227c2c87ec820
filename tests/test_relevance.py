"""The relevance judge (interview/coaching/relevance.py), its loader, its blend into scoring.relevance_value,
and its training job (training/coaching/train_relevance.py)."""
from __future__ import annotations

import numpy as np
import pytest

from interview.coaching.relevance import RelevanceJudge, pair_features, read_judge, save_judge
from interview.coaching.relevance import load_relevance_judge
from interview.models.loading import ModelMissing
from interview.coaching.scoring import ScoringOptions, relevance_dimension, relevance_judge, relevance_value, score_answer


class _FixedJudge:
    """Says p for every pair (blend arithmetic only)."""

    def __init__(self, p):
        self.p = p

    def answers(self, question, answer, vectors, share):
        return self.p


def _vectors(cos: float, dim: int = 2) -> dict:
    q = np.zeros(dim, dtype=np.float32)
    q[0] = 1
    a = np.zeros(dim, dtype=np.float32)
    a[0], a[1] = cos, (1 - cos ** 2) ** 0.5
    return {"q": q, "a": a, "s": a[None, :], "b": np.zeros((0, dim), dtype=np.float32)}


# ----------------------------------------------------------------------------- features and head by hand

def test_pair_features_by_hand():
    q, a, b = np.array([1.0, 0.0]), np.array([0.6, 0.8]), np.array([0.0, 1.0])
    x = pair_features(q, a, b, 0.5)
    # q*a, |q-a|, q*b, |q-b|, then cos(q, a), cos(q, best), share
    assert x.tolist() == pytest.approx([0.6, 0, 0.4, 0.8, 0, 0, 1, 1, 0.6, 0.0, 0.5])


def test_head_by_hand_and_save_read_round_trip(tmp_path):
    # one hidden unit reading cos(q, a) (feature 8 of 11): p = sigmoid(10 x cos - 5)
    w1 = np.zeros((11, 1), dtype=np.float32)
    w1[8, 0] = 10
    judge = RelevanceJudge(w1, np.zeros(1, np.float32), np.ones(1, np.float32), -5.0)
    on, off = judge.probability(_vectors(0.9), 0.0), judge.probability(_vectors(0.1), 0.0)
    assert on == pytest.approx(1 / (1 + np.exp(-4))) and off == pytest.approx(1 / (1 + np.exp(4)))
    assert judge.fits(_vectors(0.5)) and not judge.fits(_vectors(0.5, dim=384))
    save_judge({"w1": w1, "b1": np.zeros(1), "w2": np.ones(1), "b2": np.float32(-5)}, tmp_path)
    again = read_judge(tmp_path)
    assert again.probability(_vectors(0.9), 0.0) == pytest.approx(on)


# ----------------------------------------------------------------------------- the blend

@pytest.mark.parametrize("p", [0.0, 0.5, 0.9])
def test_judge_moves_the_value_by_weight_times_offset(p):
    opts = ScoringOptions()
    v = _vectors(0.40)
    plain, _ = relevance_value("Which queue?", "Kafka scales.", v, opts)
    judged, what = relevance_value("Which queue?", "Kafka scales.", v, opts, _FixedJudge(p))
    assert plain == pytest.approx(0.40)                     # 0.25 x 0.4 + 0.75 x 0.4 + 0.3 x 0 shared words
    assert judged == pytest.approx(plain + opts.judge_weight * (p - opts.judge_center))
    assert f"answers this question: {p:.0%}" in what        # the user sees the judge's say


def test_the_judge_only_raises_a_story():
    """It flagged strong stories that set the scene for 80 words (the checkout story, 11.6/100), and the cosines missed
    an on-topic story that shares no key word with the question (a walkthrough, 25/100): for a behavioural answer the
    judge can lift the value, never sink it."""
    opts, v = ScoringOptions(), _vectors(0.40)
    plain, _ = relevance_value("Which queue?", "Kafka scales.", v, opts, question_type="behavioral")
    sunk, what = relevance_value("Which queue?", "Kafka scales.", v, opts, _FixedJudge(0.0), "behavioral")
    lifted, _ = relevance_value("Which queue?", "Kafka scales.", v, opts, _FixedJudge(1.0), "behavioral")
    assert sunk == pytest.approx(plain) and "answers this question: 0%" in what
    assert lifted == pytest.approx(plain + opts.judge_weight * (1.0 - opts.judge_center))
    technical, _ = relevance_value("Which queue?", "Kafka scales.", v, opts, _FixedJudge(0.0), "technical")
    assert technical < plain


def test_judge_can_lift_or_sink_the_points():
    opts = ScoringOptions()
    v = _vectors(0.40)                                      # 2 points without the judge (0.34 <= 0.40 < 0.42)
    assert relevance_dimension("Which queue?", "Kafka scales.", v, opts).score == 2
    assert relevance_dimension("Which queue?", "Kafka scales.", v, opts, _FixedJudge(1.0)).score > 2
    assert relevance_dimension("Which queue?", "Kafka scales.", v, opts, _FixedJudge(0.0)).score < 2


def test_lexical_fallback_ignores_the_judge():
    q, a = "How do you design a rate limiter for an API?", "I would put a token bucket rate limiter in the API gateway."
    assert relevance_value(q, a, None, ScoringOptions(), _FixedJudge(0.0)) == relevance_value(q, a, None, ScoringOptions())
    assert relevance_judge(None, ScoringOptions()) is None


def test_judge_is_skipped_for_vectors_it_was_not_trained_on():
    # 2-number vectors (the rule tests' fixed encoder) are not MiniLM's 384: the cosine rule alone applies
    assert relevance_judge(_vectors(0.4), ScoringOptions()) is None
    assert relevance_judge(_vectors(0.4, dim=384), ScoringOptions(use_judge=False)) is None


def test_judge_is_used_only_for_the_types_chosen_on_validation_data(monkeypatch):
    monkeypatch.delenv("INTERVIEW_RELEVANCE", raising=False)
    v = _vectors(0.4, dim=384)
    for qtype in ("technical", "coding", "system_design", "behavioral"):   # behavioural: it may only raise (below)
        assert relevance_judge(v, ScoringOptions(), qtype) is not None
    assert relevance_judge(v, ScoringOptions(judge_types=("behavioral",)), "behavioral") is not None
    assert relevance_judge(v, ScoringOptions(judge_types=("technical",)), "behavioral") is None
    assert relevance_judge(v, ScoringOptions(use_judge=False), "technical") is None
    assert relevance_judge(None, ScoringOptions(), "technical") is None          # no encoder vectors: cosine rule


# ----------------------------------------------------------------------------- the loader

def test_loader_setting_off_and_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("INTERVIEW_RELEVANCE", "off")
    assert load_relevance_judge() is None
    monkeypatch.setenv("INTERVIEW_RELEVANCE", str(tmp_path / "nowhere"))
    with pytest.raises(ModelMissing, match="INTERVIEW_RELEVANCE"):
        load_relevance_judge()


def test_loader_resolution_order(monkeypatch, tmp_path):
    import interview.models.loading as models

    monkeypatch.delenv("INTERVIEW_RELEVANCE", raising=False)
    monkeypatch.setattr(models, "CHECKPOINTS_DIR", tmp_path)
    assert load_relevance_judge() is None                       # nothing installed: the cosine rule alone
    w1 = np.zeros((11, 1), dtype=np.float32)
    (tmp_path / "relevance" / "run").mkdir(parents=True)
    (tmp_path / "relevance" / "BEST").write_text("run\n")
    with pytest.raises(ModelMissing, match="checkpoints/relevance/BEST"):   # BEST names a run without its head
        load_relevance_judge()
    save_judge({"w1": w1, "b1": np.zeros(1), "w2": np.ones(1), "b2": np.float32(0)}, tmp_path / "relevance" / "run")
    assert load_relevance_judge().path == str(tmp_path / "relevance" / "run")
    other = tmp_path / "other"
    other.mkdir()
    save_judge({"w1": np.zeros((7, 1)), "b1": np.zeros(1), "w2": np.ones(1), "b2": np.float32(0)}, other)
    monkeypatch.setenv("INTERVIEW_RELEVANCE", str(other))            # the setting comes first
    assert load_relevance_judge().w1.shape == (7, 1)


# ----------------------------------------------------------------------------- with the real encoder

QUESTION = "What is the difference between a process and a thread?"
ON_TOPIC = ("A process is a running program with its own address space, file handles and memory, isolated from "
            "other processes by the operating system. A thread is a unit of execution inside a process: threads "
            "share the process's memory, so they are cheaper to create and switch between, but a bug in one thread "
            "can corrupt data used by the others. For example, a web server may run several worker processes for "
            "isolation and many threads in each to serve requests concurrently.")
SAME_FIELD = ("A deadlock happens when two tasks each hold a lock the other one needs, so neither can continue. "
              "The classic conditions are mutual exclusion, hold and wait, no preemption and circular wait. You "
              "prevent it by always taking locks in the same global order, by using timeouts on lock acquisition, "
              "or by designing with lock-free queues. For example, in a payments service we ordered account locks "
              "by account id, and the deadlocks in our database logs disappeared.")


@pytest.mark.slow
def test_on_topic_answer_outranks_a_same_field_answer_to_another_question(encoder, monkeypatch):
    monkeypatch.delenv("INTERVIEW_RELEVANCE", raising=False)
    if load_relevance_judge() is None:
        pytest.skip("no relevance judge in checkpoints/relevance/BEST: run `make train-relevance`")
    on = score_answer(QUESTION, ON_TOPIC, "technical", encoder=encoder)
    off = score_answer(QUESTION, SAME_FIELD, "technical", encoder=encoder)
    assert "answers this question" in on.get("relevance").reason          # the judge was used
    assert on.get("relevance").score >= 4 and off.get("relevance").score <= 2
    assert on.overall > off.overall


# ----------------------------------------------------------------------------- the training job

@pytest.mark.slow
def test_training_job_smoke(tmp_path):
    from training.coaching.train_relevance import Config, main

    m = main(Config(out=str(tmp_path / "run"), limit=120, epochs=2))
    assert (tmp_path / "run" / "head.npz").is_file() and (tmp_path / "BEST").read_text().strip() == "run"
    assert read_judge(tmp_path / "run").w1.shape == (4 * 384 + 3, 64)
    assert 0.5 < m["head"]["auc"] <= 1 and m["validation_pairs"] > 0


def test_review_near_duplicates_are_dropped():
    from training.coaching.train_relevance import Config, drop_review_duplicates

    class Enc:   # one axis per distinct lower-cased text: equal texts have cosine 1, others 0
        def encode(self, texts, **kw):
            keys = sorted({t.lower() for t in texts} | {"what is docker?", "what is a b-tree?"})
            return np.stack([np.eye(len(keys))[keys.index(t.lower())] for t in texts]).astype(np.float32)

    items = [{"question": "What is Docker?"}, {"question": "What is a B-tree?"}]
    assert drop_review_duplicates(items, ["what is docker?"], Enc(), Config()) == 1
    assert [it["question"] for it in items] == ["What is a B-tree?"]


def test_a_heading_question_is_spelled_out_as_its_answer_spells_it():
    from interview.coaching.relevance import spell_out_acronyms

    answer = "K-nearest neighbours stores the training data and predicts from the k closest points."
    assert spell_out_acronyms("KNN", answer) == "KNN (K-nearest neighbours)"
    assert spell_out_acronyms("KNN", "KNN stores the training data.") == "KNN"          # the answer uses it
    assert spell_out_acronyms("Explain SLO, SLI, SLA", "Searchable later. Over the year ...") == "Explain SLO, SLI, SLA"
    assert spell_out_acronyms("How do you monitor AI models?", "Alerts and inline checks ...") == \
        "How do you monitor AI models?"                                                 # a longer question keeps its words
    assert spell_out_acronyms("Explain AI", "It is the field where a machine and I ...") == "Explain AI"   # no "and I"


@pytest.mark.slow
def test_an_answer_that_spells_out_a_heading_question_is_on_topic(encoder):
    """The unseen review half's "KNN": its strong answer says "K-nearest neighbours" and scored 0/100, off topic."""
    answer = ("K-nearest neighbours is a non-parametric, instance-based algorithm: it stores the training data and, "
              "for a new point, finds the k closest training points under a distance metric, usually Euclidean, then "
              "predicts the majority label for classification or the average value for regression. For example, to "
              "predict churn I would scale tenure and monthly spend and look at the 15 most similar customers. It is "
              "slow at prediction time on large data and suffers in high dimensions.")
    rubric = score_answer("KNN", answer, "technical", encoder=encoder)
    assert "off_topic" not in rubric.flags
    assert rubric.get("relevance").score >= 3


def test_a_behavioural_question_is_judged_on_what_it_asks_about_not_its_framing():
    from interview.coaching.relevance import relevance_question

    for question, core in [
        ("Tell us about a time when you had to make an unpopular decision.", "had to make an unpopular decision."),
        ("Give an example when clear communication prevented a problem.", "clear communication prevented a problem."),
        ("Do you recall a situation when you had to clean and organize a big data set?",
         "had to clean and organize a big data set?"),
        ("Discuss a time when a customer came to you with a feature request",
         "a customer came to you with a feature request"),
    ]:
        assert relevance_question(question, "behavioral") == core
    assert relevance_question("Tell me about a time you failed.", "behavioral") == "Tell me about a time you failed."
    assert relevance_question("Tell us about Kafka.", "technical") == "Tell us about Kafka."


WALK_DECISION = ("When I joined Apkudo as Director of Engineering, every deployment of the phone-testing software was done "
                 "by hand on the facility machines, and a bad release could stop the robot line for half a day. I decided "
                 "that nobody would deploy by hand any more: I introduced unit tests and code coverage into the CI build "
                 "and moved the services into Docker containers, so a release was the same image everywhere. Some "
                 "engineers pushed back because it slowed them down for the first few weeks, so I paired with each of "
                 "them on their first containerised release. After that, deployments became routine, and in the "
                 "following quarter we had no release that stopped the line. I learned that a rule like that only "
                 "sticks if you help people through the first time.")


@pytest.mark.slow
def test_an_on_topic_story_without_the_questions_words_is_not_flagged(encoder, monkeypatch):
    """A browser walkthrough's story answered "a decision that impacted your team's performance" without one of its key
    words (cosine 0.25) and was flagged off topic at 25/100; the served judge (69%) now lifts it, and an answer about
    something else stays flagged."""
    monkeypatch.delenv("INTERVIEW_RELEVANCE", raising=False)
    q = "Tell me about a time you had to make a decision that impacted your team's performance. What happened next?"
    r = score_answer(q, WALK_DECISION, "behavioral", encoder=encoder)
    assert "off_topic" not in r.flags and r.overall > 50, r.summary()
    other = ("My favourite programming language is Python because its syntax is readable and its standard library is "
             "large. I like list comprehensions and the way packages are managed with pip and virtual environments, "
             "and I use it for scripts, data analysis and small web services.")
    assert "off_topic" in score_answer(q, other, "behavioral", encoder=encoder).flags
