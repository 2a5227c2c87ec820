"""The job that builds data/feedback_dataset.jsonl (training/coaching/build_feedback_data.py): the off-topic cap and
the gate over the training targets; and the follow-ups written in code, not by the model (coaching/feedback.py)."""
import json
import random
from pathlib import Path

from interview.coaching.assessment import assess
from interview.coaching.feedback import advice_words, feedback_from_findings, feedback_sources
from interview.coaching.gate import Sources, check_text
from training.coaching.build_feedback_data import Config, _cap_off_topic

DATASET = Path(__file__).resolve().parent.parent / "data" / "feedback_dataset.jsonl"
QUESTION = "Tell me about a time you made a data pipeline more reliable."
STAR = ("Situation: our nightly data pipeline failed twice a week and analysts lost a day of reports each time. "
        "Task: I owned the ingestion framework. Action: I added idempotent loads and retries with backoff in "
        "Airflow, and I wrote contract tests for the three upstream feeds. Result: failed runs dropped 80% in the "
        "first month and nobody has lost a report since. I learned to measure the failure modes before fixing anything.")


def _rows():
    return [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_no_gap_phrasing_passes_the_gate(encoder):
    a = assess(QUESTION, "behavioral", STAR, encoder=encoder)
    a.gaps, a.hint = [], ""
    for seed in range(8):
        text = feedback_from_findings(a, random.Random(seed))
        sources = feedback_sources(a, Sources(QUESTION, a.answer))
        assert check_text(text, sources, "feedback", overall=a.overall, off_topic=False,
                          gap_words=advice_words(a)) == [], text


def test_off_topic_rows_are_capped_per_split():
    def row(i, split, off):
        user = "Findings:\nScore: 10/100\nOff topic: x" if off else "Findings:\nScore: 70/100\nStrength: x"
        return {"id": f"r{i}", "task": "feedback", "split": split, "messages": [{}, {"content": user}, {}]}
    rows = [row(i, "train", i < 8) for i in range(12)] + [row(100 + i, "validation", i < 1) for i in range(4)]
    kept = _cap_off_topic(rows, 0.25, random.Random(0))
    off = [r for r in kept if r["split"] == "train" and "Off topic" in r["messages"][1]["content"]]
    assert len(off) == 1                                  # 4 on-topic rows: at most 1 off-topic for 25%
    assert len([r for r in kept if r["split"] == "validation"]) == 4   # under the cap: nothing dropped


def test_the_build_drops_targets_the_gate_rejects_and_counts_them(monkeypatch, tmp_path, encoder):
    import training.coaching.build_feedback_data as build

    item = {"question": QUESTION, "answer": STAR, "type": "behavioral", "family": "data_engineering",
            "split": "train", "origin": "synthetic"}
    monkeypatch.setattr(build, "_synthetic", lambda path: [item, dict(item, answer=STAR.replace("80%", "70%"))])
    monkeypatch.setattr(build, "_review_dev", lambda share: [])
    monkeypatch.setattr(build, "_bank", lambda path, n, seed: [])
    monkeypatch.setattr("interview.models.loading.load_encoder", lambda: encoder)
    real = build.feedback_from_findings
    # the second answer's target says "I", which the gate refuses (candidate voice)
    monkeypatch.setattr(build, "feedback_from_findings",
                        lambda a, rng: real(a, rng) + (" I would add more." if "70%" in a.answer else ""))
    out = build.main(Config(out=str(tmp_path / "fb.jsonl"), synthetic_per_split={"train": 5}))
    rows = [json.loads(line) for line in (tmp_path / "fb.jsonl").read_text().splitlines()]
    targets = [r["messages"][2]["content"] for r in rows if r["task"] == "feedback"]
    assert out["targets_pass_gate"] < 1.0 and targets and not any("I would add" in t for t in targets)


def test_a_number_that_sizes_something_is_asked_about_in_code(monkeypatch, encoder):
    """Development half: the model asked "how did you measure that?" of such numbers in 8 of 16 first drafts."""
    import interview.generation.generator as generator
    from interview.coaching.feedback import best_claim, follow_up_from_findings, follow_up_sources, write_follow_up

    def no_model(*a, **k):
        raise AssertionError("the model was asked")

    monkeypatch.setattr(generator, "complete", no_model)
    question = "How would you design a multi-tenant analytics service?"
    answer = ("Our B2B analytics SaaS has 500 tenants. I would keep one shared Postgres cluster with a tenant id "
              "on every row and move the largest tenants to their own schema when they outgrow it.")
    a = assess(question, "system_design", answer, encoder=encoder)
    assert best_claim(a).kind == "number"
    w = write_follow_up(object(), a, Sources(question, a.answer))
    assert w.source == "code" and w.text == follow_up_from_findings(a) and "measure" not in w.text
    gaps = " ".join(g.advice for g in a.gaps[:2])
    assert check_text(w.text, follow_up_sources(a, Sources(question, a.answer)), "follow_up", gap_words=gaps) == []
    # the same number set up as an assumption ("Say ...") is probed by scaling it, also in code
    said = assess(question, "system_design", "Say a B2B analytics SaaS with 500 tenants." + answer[answer.index(".") + 1:],
                  encoder=encoder)
    w = write_follow_up(object(), said, Sources(question, said.answer))
    assert w.source == "code" and w.text.startswith('You assumed "Say a B2B analytics SaaS with 500 tenants"')
