"""training/router/train.py and its helpers: metrics by hand, data handling, and two real (tiny)
training runs, one on the embedded MiniLM and one on a randomly initialised DistilBERT."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from interview.labels import ROLE_FAMILIES
from interview.routing.router_model import HEADS
from tests.conftest import ROOT
from training.router.metrics import (majority_multi, majority_single, multi_label_metrics,
                                     single_label_metrics)

# ----------------------------------------------------------------------------- metrics by hand


def test_single_label_metrics_by_hand():
    # truth a a b c, predicted a b b b: a P=1 R=.5 F=2/3; b P=1/3 R=1 F=.5; c P=0 R=0 F=0
    m = single_label_metrics(["a", "a", "b", "c"], ["a", "b", "b", "b"], ["a", "b", "c"])
    assert m["accuracy"] == pytest.approx(0.5)
    assert m["per_class"]["a"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert m["per_class"]["b"]["precision"] == pytest.approx(1 / 3)
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.5 + 0.0) / 3)
    assert m["confusion"] == [[1, 1, 0], [0, 1, 0], [0, 1, 0]]


def test_multi_label_metrics_by_hand():
    truth = [["x", "y"], ["x"], ["y"]]
    pred = [["x"], ["x", "y"], ["y"]]
    m = multi_label_metrics(truth, pred, ["x", "y"])
    # x: TP 2, FP 0, FN 0 → F1 1; y: TP 1, FP 1, FN 1 → F1 .5; exact set match on 1 row of 3
    assert m["per_class"]["x"]["f1"] == pytest.approx(1.0)
    assert m["per_class"]["y"]["f1"] == pytest.approx(0.5)
    assert m["macro_f1"] == pytest.approx(0.75)
    assert m["accuracy"] == pytest.approx(1 / 3)
    assert m["confusion"]["y"] == [[0, 1], [1, 1]]


def test_a_constant_meets_macro_f1_but_not_exact_set_accuracy():
    # Like the synthetic test rows: b and t in every row, c and s in some. The constant {b, t} gets both
    # always-on labels right (F1 1 each) and the others wrong: macro-F1 0.5, varying labels 0.
    labels = ["b", "t", "s", "c"]
    truth = [["b", "t", "c"], ["b", "t", "s"], ["b", "t", "s", "c"], ["b", "t"]]
    constant = multi_label_metrics(truth, majority_multi(truth[:2] + truth[3:], labels, 4), labels)
    assert constant["labels_in_every_row"] == ["b", "t"]
    assert constant["macro_f1"] == pytest.approx(0.5) and constant["macro_f1_varying_labels"] == 0.0
    assert constant["exact_set_accuracy"] == pytest.approx(0.25)
    exact = multi_label_metrics(truth, truth, labels)
    assert exact["exact_set_accuracy"] == 1.0 and exact["macro_f1_varying_labels"] == 1.0


def test_majority_baselines():
    assert majority_single(["a", "b", "b"], 2) == ["b", "b"]
    # x is on in 2 of 3 rows, y in 1 of 3: only x is predicted
    assert majority_multi([["x", "y"], ["x"], []], ["x", "y"], 2) == [["x"], ["x"]]


# ----------------------------------------------------------------------------- tiny data

FAMILY_TEXT = {
    "software_engineering": ("Backend Engineer", "Build REST APIs and services in Go with Postgres."),
    "frontend": ("Frontend Developer", "Build React and TypeScript interfaces, CSS and accessibility."),
    "data_science": ("Data Scientist", "Run A/B tests, statistics and dashboards for product teams."),
    "machine_learning": ("ML Engineer", "Train, evaluate and deploy PyTorch models and LLMs."),
    "data_engineering": ("Data Engineer", "Build ETL pipelines with Spark, Airflow and a warehouse."),
    "devops_sre": ("Site Reliability Engineer", "Run Kubernetes and Terraform, CI/CD and on-call."),
    "security": ("Security Engineer", "Threat modelling, penetration tests and incident response."),
    "product_management": ("Product Manager", "Own the roadmap, user research and success metrics."),
    "design": ("UX Designer", "Interaction design, Figma prototypes and a design system."),
}
QUESTIONS = {
    "behavioral": ["Tell me about a time you disagreed with a teammate.", "Describe a failure and what you learned."],
    "technical": ["What is the difference between TCP and UDP?", "Explain what overfitting is."],
    "system_design": ["Design a chat service for a million users.", "Design a URL shortener."],
    "coding": ["Write a function that reverses a linked list.", "Write a SQL query for the second highest salary."],
}


def write_tiny_data(folder: Path) -> Path:
    """Three rows per role family and split-cycle, two questions per type per split."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for family, (title, text) in FAMILY_TEXT.items():
        for hardness, prefix, band, split in ([
                ("medium", "", "medium", "train"), ("easy", "Junior ", "easy", "train"),
                ("medium", "Senior ", "hard", "train"), ("hard", "", "hard", "validation"),
                ("easy", "", "easy", "test")]):
            types = ["behavioral", "technical"] + (["system_design"] if band == "hard" else [])
            rows.append({"id": len(rows), "job_title": prefix + title, "description": text, "hardness": hardness,
                         "role_family": family, "interview_types": "|".join(types), "difficulty_band": band,
                         "split": split})
    with open(folder / "encoder_dataset.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    qrows = []
    for qtype, texts in QUESTIONS.items():
        for split in ("train", "validation", "test"):
            for t in texts:
                qrows.append({"id": len(qrows), "question": t if split == "train" else f"{t} ({split})",
                              "type": qtype, "role_family": "software_engineering", "difficulty": "medium",
                              "split": split})
    with open(folder / "question_types.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(qrows[0]))
        w.writeheader()
        w.writerows(qrows)
    return folder


def test_load_requests_rejects_unknown_labels(tmp_path):
    from training.router.data import load_requests

    data = write_tiny_data(tmp_path / "data")
    text = (data / "encoder_dataset.csv").read_text().replace(",design,", ",astrology,", 1)
    (data / "encoder_dataset.csv").write_text(text)
    with pytest.raises(ValueError, match="astrology"):
        load_requests(data / "encoder_dataset.csv")


def test_dataset_masks_the_heads_an_example_has_no_label_for(tmp_path):
    from transformers import AutoTokenizer

    from interview.models.loading import embedded_encoder_dir
    from training.router.data import (RouterDataset, load_questions, load_requests, make_collator,
                                      title_only_copies)

    data = write_tiny_data(tmp_path / "data")
    reqs, qs = load_requests(data / "encoder_dataset.csv"), load_questions(data / "question_types.csv")
    copies = title_only_copies(reqs, 0.2, seed=1)
    assert len(copies) == int(len(reqs) * 0.2) and all(c.description == "" for c in copies)
    tok = AutoTokenizer.from_pretrained(embedded_encoder_dir())
    ds = RouterDataset(tok, reqs[:2], qs[:1], max_length=64)
    batch = make_collator(tok)([ds[0], ds[1], ds[2]])
    assert batch["input_ids"].shape[0] == 3
    assert batch["question_type"].tolist()[:2] == [-100, -100] and batch["question_type"][2] >= 0
    assert batch["role_family"][2] == -100 and batch["types_mask"].tolist() == [1.0, 1.0, 0.0]
    assert batch["interview_types"][0].sum() == len(reqs[0].interview_types)


def _assert_run_folder(run: Path):
    for name in ("config.json", "heads.safetensors", "metrics.json", "adapter/adapter_config.json",
                 "adapter/adapter_model.safetensors"):
        assert (run / name).is_file(), name
    assert sorted(p.name for p in (run / "plots").glob("*.png")) == sorted(
        f"confusion_{h}.png" for h in HEADS)
    # the base encoder is not saved, and the embedded base is named, not located
    assert sum(p.stat().st_size for p in run.rglob("*") if p.is_file()) < 5_000_000
    for cfg in (run / "config.json", run / "adapter" / "adapter_config.json"):
        assert "site-packages" not in cfg.read_text()
    assert not (run / "adapter" / "README.md").exists()


@pytest.mark.slow
def test_train_minilm_two_steps_then_load_and_route(tmp_path):
    from interview.routing.router_model import load_trained_router
    from training.router.train import Config, main

    data = write_tiny_data(tmp_path / "data")
    # relative paths resolve against the project root, so give absolute ones for tmp
    metrics = main(Config(data_dir=str(data), out_dir=str(tmp_path / "ckpt"), max_steps=2, batch_size=8))
    run = tmp_path / "ckpt" / "minilm-lora"
    _assert_run_folder(run)
    assert (tmp_path / "ckpt" / "BEST").read_text().strip() == "minilm-lora"
    assert set(metrics["test"]) == set(HEADS)
    assert set(metrics["baselines"]) == {"majority", "zero_shot"}
    assert set(metrics["baselines"]["zero_shot"]) == set(HEADS)
    assert json.loads((run / "metrics.json").read_text())["threshold"] in Config().thresholds

    router = load_trained_router(run)
    route = router.route("Staff Platform Engineer", "Kubernetes, Terraform and on-call.", "medium")
    assert route.source == "fine-tuned"
    assert route.role_family in ROLE_FAMILIES and route.interview_types
    assert sum(route.scores["role_family"].values()) == pytest.approx(1.0, abs=1e-4)
    assert sum(route.scores["difficulty_band"].values()) == pytest.approx(1.0, abs=1e-4)
    assert set(route.scores["interview_types"]) == set(HEADS["interview_types"])
    # the reloaded checkpoint gives what the training run measured on the same inputs
    first = metrics["realistic"]["routes"][0]
    from training.router.realistic import CASES

    again = router.route(CASES[0].role, CASES[0].description, CASES[0].difficulty)
    assert [again.role_family, again.difficulty_band] == first["got"]


def test_tiny_distilbert_path(tmp_path):
    from transformers import DistilBertConfig, DistilBertModel, DistilBertTokenizerFast

    from interview.models.loading import embedded_encoder_dir
    from interview.routing.router_model import load_trained_router
    from training.router.train import Config, main

    base = tmp_path / "tiny-distilbert"
    tok = DistilBertTokenizerFast(vocab_file=str(embedded_encoder_dir() / "vocab.txt"), do_lower_case=True)
    DistilBertModel(DistilBertConfig(vocab_size=tok.vocab_size, dim=32, hidden_dim=64, n_layers=2, n_heads=2,
                                     max_position_embeddings=256)).save_pretrained(base)
    tok.save_pretrained(base)
    data = write_tiny_data(tmp_path / "data")
    main(Config(data_dir=str(data), out_dir=str(tmp_path / "ckpt"), run_name="distilbert-lora", base=str(base),
                max_steps=2, baselines=False, write_best=False))
    run = tmp_path / "ckpt" / "distilbert-lora"
    assert not (tmp_path / "ckpt" / "BEST").exists()
    adapter = json.loads((run / "adapter" / "adapter_config.json").read_text())
    assert set(adapter["target_modules"]) == {"q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2"}
    assert json.loads((run / "config.json").read_text())["base"] == str(base)  # outside the project: as given

    router = load_trained_router(run)
    assert router.traced is not None and "token_type_ids" not in router.traced[1]  # DistilBERT has none
    route = router.route("Data Engineer", "", "hard")
    assert route.source == "fine-tuned" and route.warnings  # empty description → warning
    q = router.classify_question("Design a rate limiter.")
    assert q.type in HEADS["question_type"] and sum(q.scores.values()) == pytest.approx(1.0, abs=1e-4)


def test_missing_checkpoint_says_what_to_set(tmp_path):
    from interview.models.loading import ModelMissing
    from interview.routing.router_model import load_trained_router

    with pytest.raises(ModelMissing, match="INTERVIEW_ROUTER"):
        load_trained_router(tmp_path)


def test_real_splits_hold_out_whole_sources():
    """Issue 22: no real test source gives a row to training or validation; every type is tested."""
    import json

    from training.router.data import load_real_questions, load_real_requests, real_split

    real, review = ROOT / "data" / "real", ROOT / "data" / "review"
    rows = [json.loads(l) for l in (real / "questions.jsonl").read_text().splitlines()]
    rows += [json.loads(l) for p in sorted(review.glob("part_*.jsonl")) for l in p.read_text().splitlines()]
    splits = {}
    for r in rows:
        splits.setdefault(r["source"], set()).add(real_split(r["source"]))
    assert all(len(s) == 1 for s in splits.values())
    questions = load_real_questions(real, review)
    assert {q.type for q in questions if q.split == "test"} == set(HEADS["question_type"])
    postings = load_real_requests(real)
    orgs = {}
    for p in (json.loads(l) for l in (real / "postings.jsonl").read_text().splitlines()):
        orgs.setdefault(p["organisation"], set()).add(real_split(p["organisation"]))
    assert all(len(s) == 1 for s in orgs.values())
    assert {p.split for p in postings} == {"train", "validation", "test"}
    assert not any(p.has_types for p in postings)     # real postings have no interview-type label


def test_real_rows_carry_source_commit_and_licence():
    import json

    for name in ("questions.jsonl", "postings.jsonl", "postings_extra.jsonl"):
        for line in (ROOT / "data" / "real" / name).read_text().splitlines():
            row = json.loads(line)
            assert row["source"] and len(row["commit"]) == 40 and row["licence"], row["id"]


def test_extra_postings_train_only_and_new(tmp_path):
    """The extra federal postings (issue 22) come from training departments only, repeat no title of
    postings.jsonl, and a file that holds a validation or test organisation is refused."""
    import json

    from training.router.data import EXTRA_POSTINGS, load_real_requests, real_split

    real = ROOT / "data" / "real"
    extra = [json.loads(l) for l in (real / EXTRA_POSTINGS).read_text().splitlines()]
    base = {json.loads(l)["job_title"].lower() for l in (real / "postings.jsonl").read_text().splitlines()}
    assert extra and {real_split(r["organisation"]) for r in extra} == {"train"}
    assert not {r["job_title"].lower() for r in extra} & base
    assert "General Services Administration" not in {r["organisation"] for r in extra}   # holds 18F / TTS
    with_extra, without = load_real_requests(real), load_real_requests(real, extra=False)
    assert len(with_extra) == len(without) + len(extra)
    bad = tmp_path / "real"
    bad.mkdir()
    (bad / "postings.jsonl").write_text((real / "postings.jsonl").read_text())
    (bad / EXTRA_POSTINGS).write_text(json.dumps({**extra[0], "organisation": "Department of Labor"}) + "\n")
    with pytest.raises(ValueError, match="validation or test"):
        load_real_requests(bad)


@pytest.mark.slow
def test_refit_heads_keeps_the_encoder_and_the_unrefitted_heads(tmp_path):
    """--refit-heads-from (make train-router): the role family gets a head on [request, title]
    embeddings (family.safetensors) that decides the family; the encoder's heads and adapter are the
    source's, and the run is evaluated like a trained one."""
    import torch
    from safetensors.torch import load_file

    from interview.routing.router_model import FAMILY_FILE, load_trained_router
    from training.router.train import Config, main

    source = ROOT / "checkpoints" / "router" / "minilm-lora"
    data = write_tiny_data(tmp_path / "data")
    metrics = main(Config(data_dir=str(data), out_dir=str(tmp_path / "ckpt"), run_name="refit", real_dir="",
                          refit_heads_from=str(source), synthetic_sample=50, write_best=False, baselines=False))
    run = tmp_path / "ckpt" / "refit"
    old, new = load_file(str(source / "heads.safetensors")), load_file(str(run / "heads.safetensors"))
    assert all((old[k] == new[k]).all() for k in old)
    assert load_file(str(run / FAMILY_FILE))["weight"].shape == (len(HEADS["role_family"]), 2 * 384)
    assert (run / "adapter" / "adapter_model.safetensors").read_bytes() == \
        (source / "adapter" / "adapter_model.safetensors").read_bytes()
    assert set(metrics["test"]) == set(HEADS) and (run / "metrics.json").is_file()
    router = load_trained_router(run)
    rows = [("Staff Platform Engineer", "Kubernetes and on-call.", "easy"), ("IT Specialist (INFOSEC)", "", "medium")]
    scores = router.predict_requests(rows)
    with torch.inference_mode():
        logits = router.family(router.embed_requests(rows))
    for s, row in zip(scores, torch.softmax(logits, -1).tolist()):
        assert list(s["role_family"].values()) == pytest.approx(row, abs=1e-5)   # the family head decides
        assert set(s["role_family_head"]) == set(HEADS["role_family"])           # the encoder's, for the record
    route = router.route(*rows[0])
    assert route.role_family in HEADS["role_family"] and route.source == "fine-tuned"
