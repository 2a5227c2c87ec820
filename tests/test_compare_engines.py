"""training/coaching/compare_engines.py counts identical texts and sets the evaluation figures side by side."""
import json

from training.coaching.compare_engines import compare


def _write(folder, texts, gate):
    folder.mkdir()
    with open(folder / "samples_development.jsonl", "w") as f:
        for i, (fb, fu) in enumerate(texts):
            f.write(json.dumps({"id": f"q{i}", "kind": "strong", "feedback": fb, "follow_up": fu}) + "\n")
    (folder / "metrics_development.json").write_text(json.dumps({"new": {"feedback_first_draft_passes_gate": gate}}))


def test_identical_texts_are_counted_per_answer(tmp_path):
    _write(tmp_path / "a", [("Good.", "Why?"), ("Fine.", "How?"), ("Ok.", "When?")], 1.0)
    _write(tmp_path / "b", [("Good.", "Why?"), ("Fine!", "How?"), ("Ok.", "Where?")], 0.9)
    r = compare(tmp_path / "a", tmp_path / "b")
    assert (r["answers"], r["same_feedback"], r["same_follow_up"]) == (3, 2, 2)
    assert r["figures"]["feedback_first_draft_passes_gate"] == (1.0, 0.9)
