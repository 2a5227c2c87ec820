"""The cross-encoder relevance judge (interview/coaching/cross_relevance.py) and its training pairs
(training/coaching/train_cross_relevance.py)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from interview.coaching.cross_relevance import CrossRelevanceJudge, answer_head, is_cross_judge
from interview.coaching.relevance import read_judge
from training.coaching.train_cross_relevance import Config, make_pairs, pair_wins, thin


def test_answer_head_and_thin_answers():
    answer = "Cold starts happen when no warm environment is free. " * 3 + "Provisioned concurrency keeps some warm."
    assert answer_head(answer, 5) == "Cold starts happen when no"
    short = thin(answer, 12)
    assert short.startswith("Cold starts happen when no warm environment is free.")
    assert len(short.split()) <= 12 and len(short.split()) < len(answer.split())
    # the first sentence is kept even when it alone is longer than the limit (cut at the limit, >= 8 words)
    long_first = "word " * 40 + "end."
    assert len(thin(long_first, 10).split()) == 10


def _item(i, family, vec, val=False):
    return {"id": f"q{i}", "topic": f"question {i}", "answer": f"Answer {i} first sentence here. "
            f"Then a second sentence that says more about answer {i}.", "family": family, "val": val,
            "group": family}


def test_pairs_take_the_nearest_questions_of_the_family_as_negatives():
    # q0's nearest same-family questions are q1 (0.7) then q2 (0.5); q3 asks the same thing (0.9): never a
    # negative; q4 is another family: never a neighbour
    vecs = np.array([[1, 0, 0], [0.7, 0.71, 0], [0.5, 0, 0.87], [0.9, 0.43, 0], [0.99, 0.1, 0]], dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    items = [_item(0, "a", 0), _item(1, "a", 1), _item(2, "a", 2), _item(3, "a", 3), _item(4, "b", 4)]
    rows = [r for r in make_pairs(items, vecs, Config(neighbours=2, random_negatives=0, thin_words=6), False)
            if r["qid"] == "q0"]
    kinds = {r["kind"]: [] for r in rows}
    for r in rows:
        kinds[r["kind"]].append(r["answer"])
    assert kinds["own"] == [items[0]["answer"]] and len(kinds["own_thin"]) == 1
    assert kinds["neighbour"] == [items[1]["answer"], items[2]["answer"]]
    assert all("Answer 3" not in a and "Answer 4" not in a for a in kinds["neighbour"] + kinds["neighbour_thin"])
    assert {r["label"] for r in rows if r["kind"].startswith("own")} == {1}
    assert {r["label"] for r in rows if r["kind"].startswith("neighbour")} == {0}


def test_review_pairs_teach_the_team_answers_and_the_nearest_question_of_the_same_type(monkeypatch):
    import training.coaching.train_cross_relevance as tcr

    def row(qid, question, qtype):
        return {"id": qid, "question": question, "question_type": qtype,
                "answers": {k: f"{k} answer to {qid}. It says a second thing too." for k in ("strong", "weak", "off_topic")}}

    rows = [row("a", "What is a cache?", "technical"), row("b", "What is a cache line?", "technical"),
            row("c", "What is a cache of stories?", "behavioral")]
    vecs = np.array([[1, 0], [0.8, 0.6], [0.99, 0.14]], dtype=np.float32)   # a's nearest is c, but c is behavioural

    class Encoder:
        def encode(self, texts, **_):
            return vecs[: len(texts)]

    monkeypatch.setattr(tcr, "load_review_set", lambda half: rows if half == "read" else [])
    pairs = tcr.review_pairs("read, other", Encoder(), Config(review_repeat=2, thin_words=6))
    of_a = [p for p in pairs if p["qid"] == "a"]
    assert len(of_a) == 14 and len(pairs) == 38       # 7 pairs a question, each twice; c has no neighbour of its type
    label = {p["kind"]: p["label"] for p in of_a}
    assert label == {"review_strong": 1, "review_weak": 1, "review_strong_thin": 1, "review_off_topic": 0,
                     "review_off_topic_thin": 0, "review_neighbour": 0, "review_neighbour_thin": 0}
    # the negatives come short too, or the judge learns that a short answer is on topic
    assert {p["answer"] for p in of_a if p["kind"] == "review_off_topic_thin"} == {thin(rows[0]["answers"]["off_topic"], 6)}
    assert {p["answer"] for p in of_a if p["kind"] == "review_neighbour"} == {rows[1]["answers"]["strong"]}
    assert {p["answer"] for p in of_a if p["kind"] == "review_off_topic"} == {rows[0]["answers"]["off_topic"]}
    assert not {"review_neighbour", "review_neighbour_thin"} & {p["kind"] for p in pairs if p["qid"] == "c"}
    assert tcr.review_pairs("", Encoder(), Config()) == []


def test_pairs_stay_on_their_side_of_the_split():
    vecs = np.eye(4, dtype=np.float32)
    items = [_item(0, "a", 0), _item(1, "a", 1, val=True), _item(2, "a", 2), _item(3, "a", 3, val=True)]
    val = make_pairs(items, vecs, Config(), True)
    assert {r["qid"] for r in val} == {"q1", "q3"}
    assert all("Answer 0" not in r["answer"] and "Answer 2" not in r["answer"] for r in val)


def test_pair_wins_compares_rows_of_the_same_question():
    rows = [{"qid": "a", "kind": "own"}, {"qid": "a", "kind": "neighbour"},
            {"qid": "b", "kind": "own"}, {"qid": "b", "kind": "neighbour"}]
    assert pair_wins(rows, np.array([0.9, 0.1, 0.2, 0.8]), "own", "neighbour") == 0.5


def test_read_judge_tells_a_cross_encoder_folder_from_a_head(tmp_path):
    assert not is_cross_judge(tmp_path)
    (tmp_path / "adapter_config.json").write_text(json.dumps({}))
    assert is_cross_judge(tmp_path)


class _Tok:
    def __call__(self, qs, answers, **kw):
        self.seen = answers
        return {"n": len(qs)}


class _Model:
    calls = 0

    def __call__(self, n):
        import torch

        _Model.calls += 1

        class Out:
            logits = torch.zeros(n, 1)
        return Out()


def test_judge_reads_the_answer_head():
    import torch

    tok = _Tok()
    judge = CrossRelevanceJudge(_Model(), tok, answer_words=3, _torch=torch)
    assert judge.answers("Q?", "one two three four", None, 0.0) == pytest.approx(0.5)
    assert tok.seen == ["one two three"]                 # what training read: the answer's first words


def test_scoring_asks_the_judge_once_per_answer(monkeypatch):
    """The relevance dimension and the content credit both use the judge's say: one forward pass."""
    import interview.coaching.scoring as scoring

    class Counting:
        calls = 0

        def answers(self, question, answer, vectors, share):
            Counting.calls += 1
            return 0.9

    class TwoNumbers:
        def encode(self, texts, **kw):
            return np.stack([np.array([1.0, 0.0], dtype=np.float32)]
                            + [np.array([0.6, 0.8], dtype=np.float32)] * (len(texts) - 1))

    monkeypatch.setattr(scoring, "relevance_judge", lambda vectors, opts, question_type="technical": Counting())
    rubric = scoring.score_answer("What is a cache?", "A cache keeps recent results close so reads are fast. "
                                  "For example Redis in front of a database.", "technical", encoder=TwoNumbers())
    assert "answers this question: 90%" in rubric.get("relevance").reason and Counting.calls == 1


@pytest.mark.slow
def test_installed_cross_judge_tells_the_answer_from_a_neighbouring_one(monkeypatch):
    from interview.models.loading import find_adapter

    monkeypatch.delenv("INTERVIEW_RELEVANCE", raising=False)
    run = find_adapter("relevance")
    if run is None or not is_cross_judge(run):
        pytest.skip("the installed relevance judge is not a cross-encoder")
    judge = read_judge(run)
    q = "What causes Lambda cold starts and how do you reduce them?"
    own = ("A cold start happens when no warm execution environment is free: Lambda downloads the code, starts "
           "the runtime and runs the init code. Keep the package small and use provisioned concurrency.")
    thin_own = "Cold starts are when Lambda has to start a new environment, so keep init code light."
    neighbour = ("Lambda memory sizing also sets the CPU share. Raise memory until the duration stops falling, "
                 "then compare cost per invocation with power tuning.")
    p_own, p_thin, p_near = judge.probability_of_texts([q] * 3, [own, thin_own, neighbour])
    assert p_own > p_near and p_thin > p_near
