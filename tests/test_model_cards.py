"""Models page: cards for every role, with and without checkpoints, robust to partial runs.

Run folders are fabricated in tmp_path with the training code's own metric and plot functions, in
the layout train_router.py / train_retriever.py / train_generator.py write."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from interview.models import cards as model_cards, loading as models
from interview.models.cards import ROLES, model_card

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def ckpt(tmp_path, monkeypatch):
    """An empty checkpoints folder that both interview.models.loading.resolve and the cards read."""
    root = tmp_path / "checkpoints"
    root.mkdir()
    monkeypatch.setattr(models, "CHECKPOINTS_DIR", root)
    for name in ("INTERVIEW_ROUTER", "INTERVIEW_RETRIEVER", "INTERVIEW_GENERATOR", "INTERVIEW_WHISPER",
                 "INTERVIEW_RELEVANCE"):
        monkeypatch.delenv(name, raising=False)
    return root


def _run(root: Path, component: str, name: str = "run1") -> Path:
    run = root / component / name
    (run / "plots").mkdir(parents=True)
    (root / component / "BEST").write_text(name + "\n")
    return run


def make_router_run(root: Path) -> Path:
    from interview.routing.router_model import HEADS
    from training.router.metrics import (multi_label_metrics, plot_confusion, plot_multilabel_confusion,
                                         single_label_metrics)

    run = _run(root, "router")
    fam, band, qt = HEADS["role_family"], HEADS["difficulty_band"], HEADS["question_type"]
    test = {
        "role_family": single_label_metrics([fam[0], fam[1], fam[1]], [fam[0], fam[1], fam[0]], fam),
        "interview_types": multi_label_metrics([[HEADS["interview_types"][0]]] * 2,
                                               [[HEADS["interview_types"][0]], []], HEADS["interview_types"]),
        "difficulty_band": single_label_metrics([band[0], band[1]], [band[0], band[1]], band),
        "question_type": single_label_metrics([qt[0], qt[1]], [qt[0], qt[0]], qt),
    }
    majority = {h: {**m, "macro_f1": 0.1} for h, m in test.items()}
    metrics = {"run": "run1", "base": "embedded:all-MiniLM-L6-v2", "threshold": 0.4, "train_seconds": 321.0,
               "test_size": {"requests": 3, "questions": 2}, "test": test,
               "validation": {h: {"accuracy": m["accuracy"], "macro_f1": m["macro_f1"]} for h, m in test.items()},
               "baselines": {"majority": majority, "zero_shot": majority},
               "realistic": {"role_family_accuracy": 0.75, "band_accuracy": 0.5, "question_type_accuracy": 0.9,
                             "routes": [{"role": "Backend Engineer", "difficulty": "hard", "expected": [fam[0], "hard"],
                                         "got": [fam[0], "hard"], "types": ["technical"], "warnings": []}],
                             "questions": [{"question": "Design a URL shortener.", "expected": qt[0], "got": qt[0]}]}}
    for head in ("role_family", "difficulty_band", "question_type"):
        plot_confusion(test[head]["confusion"], HEADS[head], head, run / "plots" / f"confusion_{head}.png")
    plot_multilabel_confusion(test["interview_types"]["confusion"], "types", run / "plots" / "confusion_interview_types.png")
    (run / "metrics.json").write_text(json.dumps(metrics))
    return run


def make_retriever_run(root: Path) -> Path:
    from training.retriever.metrics import rank_metrics

    run = _run(root, "retriever")
    base = {**rank_metrics([[0, 1, 2], [3, 4, 5]], [{1}, {9}]), "queries": 2, "pool": 6,
            "resume_hit@1": 0.25, "resume_hit@3": 0.5, "resume_queries": 2}
    tuned = {**rank_metrics([[1, 0, 2], [9, 4, 5]], [{1}, {9}]), "queries": 2, "pool": 6,
             "resume_hit@1": 0.75, "resume_hit@3": 1.0, "resume_queries": 2,
             "mmr_hit@5_by_achievement": {"design:0": {"queries": 1, "mmr_hit@5": 1.0},
                                          "security:1": {"queries": 1, "mmr_hit@5": 0.0}}}
    metrics = {"run": "run1", "base": "embedded:all-MiniLM-L6-v2", "train_seconds": 60.0, "train_rows": 5000,
               "steps": 100, "adapter_mb": 1.2, "test": {"base": base, "fine_tuned": tuned},
               "validation": {"fine_tuned": tuned},
               "acceptance": {"hit@1_gain": 1.0, "hit@1_gain_ok": True, "hit@5_ok": True},
               "tsne_pair_distance": {"base": 1.2, "fine-tuned": 0.6}}
    (run / "metrics.json").write_text(json.dumps(metrics))
    for name in ("tsne_base", "tsne_finetuned", "hit_at_k"):
        (run / "plots" / f"{name}.png").write_bytes(_png())
    return run


def _png() -> bytes:
    """A real 2x2 PNG (matplotlib), so st.image gets an image, not junk bytes."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(0.2, 0.2))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def make_generator_run(root: Path, evaluated: bool = True) -> Path:
    from training.generator.report import write_report

    run = _run(root, "generator")
    (run / "adapter_config.json").write_text("{}")
    training = {"base_model": "embedded:SmolLM2-135M-Instruct", "trainable_params": 1_000, "total_params": 135_000_000,
                "train_examples": 900, "validation_examples": 100, "dropped_too_long": {"train": 1, "validation": 0},
                "steps": 50, "planned_steps": 60, "stopped_early": True, "train_loss": 1.5, "base_eval_loss": 2.0,
                "eval_loss": 1.2, "eval_perplexity": 3.32, "base_eval_perplexity": 7.39, "best_step": 40,
                "seconds": 600.0, "seconds_per_step": 12.0, "threads": 2, "curves": {"train": [], "eval": []}}
    metrics = {"training": training}
    if evaluated:
        ex = {"task": "feedback", "output": "Great answer! <script>x</script>", "reference": "Add numbers."}
        metrics["evaluation"] = {
            "summary": "Fine-tuned beats base on ROUGE-L.",
            "tasks": {"feedback": {"n": 40, "base": {"metrics": {"rouge_l": 0.12, "_per_example": [0.1]}},
                                   "fine_tuned": {"metrics": {"rouge_l": 0.31}},
                                   "significance": {"mean_diff": 0.19, "ci95": [0.1, 0.28], "t": 4.2, "p": 0.0001,
                                                    "cohens_d": 0.8, "n": 40}}},
            "acceptance": [{"target": "ROUGE-L gain >= 0.05", "value": 0.19, "met": True}],
            "errors": {"method": "Rules over each output.", "n": 40,
                       "detectors": {"generic_praise": "starts with praise words", "off_format": "no question mark"},
                       "base": {"counts": {"generic_praise": 12, "off_format": 5}, "examples": {"generic_praise": [ex]}},
                       "fine_tuned": {"counts": {"generic_praise": 2, "off_format": 1}, "examples": {}}},
            "samples": [{"task": "question", "meta": "backend", "fine_tuned": "Q1?", "base": "Q0", "reference": "Q?"}],
        }
    (run / "metrics.json").write_text(json.dumps(metrics))
    (run / "plots" / "loss.png").write_bytes(_png())
    write_report(run)  # the real report writer accepts this layout, so the fixture matches the trainer's
    return run


# ----------------------------------------------------------------------------- without checkpoints

def test_every_role_has_a_card_without_checkpoints(ckpt):
    cards = {r.key: model_card(r.key) for r in ROLES}
    assert set(cards) == {"router", "question_classifier", "retriever", "generator", "speech"}
    for card in cards.values():
        assert card.origin == "embedded" and "embedded package" in card.source and card.path
        assert not card.tables and not card.plots
    assert cards["router"].status.startswith("Not trained yet: no checkpoints/router/BEST")
    assert cards["speech"].status.startswith("Not fine-tuned")


def test_unfinished_runs_and_broken_best_say_not_trained(ckpt):
    (ckpt / "router" / "minilm-lora" / "_trainer").mkdir(parents=True)  # training in progress
    (ckpt / "retriever").mkdir()
    (ckpt / "retriever" / "BEST").write_text("gone\n")  # names a folder that is not there
    router, retriever = model_card("router"), model_card("retriever")
    assert "Not trained yet" in router.status and "Unfinished run(s): minilm-lora" in router.status
    assert retriever.origin == "embedded" and "Not trained yet" in retriever.status


def test_models_page_renders_without_checkpoints(ckpt):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/model_cards.py").run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == [r.title for r in ROLES] + ["Relevance judge"]
    assert sum("Not trained yet" in i.value for i in at.info) == 4
    assert any("cosine rule" in i.value for i in at.info)        # no relevance judge installed
    assert any("Not fine-tuned" in i.value for i in at.info)


# ----------------------------------------------------------------------------- with checkpoints

def test_relevance_card_names_the_judge_that_scores(ckpt, monkeypatch):
    from interview.models.relevance_card import relevance_card

    assert relevance_card().origin == "missing"
    cross = ckpt / "relevance" / "cross-v1"
    cross.mkdir(parents=True)
    (cross / "adapter_config.json").write_text("{}")
    (cross / "metrics.json").write_text(json.dumps({"auc": 0.94, "own_beats_neighbour": 0.93}))
    (ckpt / "relevance" / "BEST").write_text("cross-v1\n")
    card = relevance_card()
    assert "cross-encoder" in card.model and "cross-v1" in card.model and card.origin == "adapter"
    assert {r["figure"]: r["value"] for r in card.tables[0].rows}["AUC, validation pairs"] == 0.94
    head = ckpt / "head"
    head.mkdir()
    (head / "metrics.json").write_text(json.dumps({"head": {"auc": 0.97}, "train_pairs": 100}))
    monkeypatch.setenv("INTERVIEW_RELEVANCE", str(head))       # the setting comes first
    card = relevance_card()
    assert "head" in card.model and card.source == "setting INTERVIEW_RELEVANCE"
    assert [r["value"] for r in card.tables[0].rows] == [0.97, 100]
    monkeypatch.setenv("INTERVIEW_RELEVANCE", "off")
    assert "cosine rule" in relevance_card().model


def test_router_and_question_classifier_cards_split_one_run(ckpt):
    make_router_run(ckpt)
    router, qc = model_card("router"), model_card("question_classifier")
    assert router.origin == qc.origin == "adapter" and router.run == "run1"
    assert "LoRA adapter (run 'run1')" in router.model and "checkpoints" in router.source
    head = router.tables[0]
    assert head.title.startswith("Test split") and [r["head"] for r in head.rows] == [
        "role family", "interview types", "difficulty band"]
    assert head.rows[0]["fine-tuned accuracy"] == round(2 / 3, 3) and head.rows[0]["majority macro-F1"] == 0.1
    assert ("hand-written postings: band accuracy", "0.5") in router.facts
    assert sorted(p.stem for p in router.plots) == ["confusion_difficulty_band", "confusion_interview_types",
                                                    "confusion_role_family"]
    assert [p.stem for p in qc.plots] == ["confusion_question_type"]
    assert qc.tables[0].rows[0]["fine-tuned accuracy"] == 0.5
    assert ("hand-written questions: accuracy", "0.9") in qc.facts


def test_retriever_card_compares_base_and_fine_tuned(ckpt):
    make_retriever_run(ckpt)
    card = model_card("retriever")
    rows = {r["metric"]: r for r in card.tables[0].rows}
    # hand-worked: base finds query 1's bullet at rank 2 and never query 2's; tuned finds both at rank 1
    assert rows["hit@1"]["base"] == 0.0 and rows["hit@1"]["fine-tuned"] == 1.0 and rows["hit@1"]["change"] == 1.0
    assert rows["mrr@10"]["base"] == 0.25 and "queries" not in rows
    assert "mmr_hit@5_by_achievement" not in rows
    errors = card.tables[1]
    assert "Error analysis" in errors.title and errors.rows[0] == {"achievement": "security:1", "test queries": 1, "Hit@5": 0.0}
    assert {r["target"]: r["value"] for r in card.tables[2].rows}["hit@5_ok"] == "met"
    assert any("t-SNE" in k for k, _ in card.facts) and len(card.plots) == 3


def test_generator_card_shows_evaluation_and_error_analysis(ckpt):
    make_generator_run(ckpt)
    card = model_card("generator")
    assert card.origin == "adapter" and not card.status
    assert ("validation loss: base → fine-tuned", "2.000 → 1.200") in card.facts
    task = card.tables[0]
    assert task.rows == [{"metric": "rouge_l", "base": 0.12, "fine-tuned": 0.31}]  # "_per_example" is hidden
    assert "p = 0.0001" in task.note
    errors = next(t for t in card.tables if t.title.startswith("Error analysis"))
    assert {r["category"]: (r["base"], r["fine-tuned"]) for r in errors.rows} == {
        "generic_praise": (12, 2), "off_format": (5, 1)}
    assert card.examples[0][0] == "Examples: generic_praise" and "<script>" in card.examples[0][1][0]


def test_generator_trained_but_not_evaluated(ckpt):
    make_generator_run(ckpt, evaluated=False)
    card = model_card("generator")
    assert "evaluation has not been run yet" in card.status and card.facts and not card.tables


def test_partial_or_odd_metrics_never_crash(ckpt):
    run = _run(ckpt, "router")
    (run / "metrics.json").write_text('{"run": "run1", "test": {"role_fam')  # being written right now
    assert "could not be read" in model_card("router").status
    (run / "metrics.json").write_text(json.dumps({"test": {"role_family": [1, 2]}, "realistic": "n/a"}))
    card = model_card("router")
    assert "unexpected layout" in card.status and not card.tables
    (run / "metrics.json").write_text("[]")
    assert "not a JSON object" in model_card("router").status


def test_a_setting_overrides_the_checkpoint_and_the_card_says_so(ckpt, monkeypatch):
    make_retriever_run(ckpt)
    monkeypatch.setenv("INTERVIEW_RETRIEVER", "/models/my-encoder")
    card = model_card("retriever")
    assert card.origin == "setting" and card.source == "setting INTERVIEW_RETRIEVER"
    assert "which INTERVIEW_RETRIEVER overrides" in card.status and card.tables


def test_models_page_renders_all_checkpoints(ckpt):
    make_router_run(ckpt)
    make_retriever_run(ckpt)
    make_generator_run(ckpt)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/model_cards.py").run()
    assert not at.exception, at.exception
    assert not any("Not trained yet" in i.value for i in at.info)
    titles = [e.label for e in at.expander]
    assert "Test split: fine-tuned vs baselines" in titles and "Examples: generic_praise" in titles
    assert sum(t.startswith("Plots") for t in titles) == 4  # router, question classifier, retriever, generator
    images = at.get("image")
    assert len(images) == 3 + 1 + 3 + 1 and all(img.value for img in images)
    assert "confusion role family" in [c for img in images for c in img.captions]
    shown = " ".join(m.value for m in at.markdown)
    assert "\\<script\\>" in shown and "<script>" not in shown  # model output is plain text
    assert model_cards.best_run("router") == ckpt / "router" / "run1"
