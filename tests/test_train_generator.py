"""Generator training and evaluation: smoke run on the embedded SmolLM2, the Falcon path on a tiny
random Falcon, evaluation keys, metrics worked by hand, and each error detector on a positive and a
negative example.

    .venv/bin/python -m pytest -q tests/test_train_generator.py
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.generator.errors import DETECTORS, detect, format_problem
from training.generator.metrics import distinct_n, duplicate_rate, exact_match, paired_test, reference_ceiling
from training.generator.train import EMBEDDED_NAME, load_config, update_best

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "training" / "configs" / "smoke.yaml"
SEED_FALCON_TARGETS = {"query_key_value", "dense", "dense_h_to_4h", "dense_4h_to_h"}


# ----------------------------------------------------------------------------- configs

def test_grid_configs_load_and_differ(tmp_path):
    a, b, c = (load_config(ROOT / "training" / "configs" / f"smollm2_{x}.yaml") for x in "abc")
    assert a.run_name == "smollm2-lora" and a == load_config(None)  # run A = the Config defaults
    assert {(x.learning_rate, x.lora_r, x.lora_alpha) for x in (a, b, c)} == {(1e-3, 8, 16), (5e-4, 16, 32), (2e-3, 4, 8)}
    falcon = load_config(ROOT / "training" / "configs" / "falcon_rw_1b.yaml")
    assert set(falcon.lora_targets) == SEED_FALCON_TARGETS and not falcon.write_best
    smoke = load_config(SMOKE, out_dir=str(tmp_path))
    assert smoke.max_steps == 2 and not smoke.write_best and smoke.out_dir == str(tmp_path)
    (tmp_path / "bad.yaml").write_text("lora_rank: 8\n")  # a typo must not silently train with defaults
    with pytest.raises(ValueError, match="Unknown config keys"):
        load_config(tmp_path / "bad.yaml")


def test_best_moves_only_to_a_lower_validation_loss(tmp_path):
    for name, loss in (("old", 1.0),):
        (tmp_path / name).mkdir()
        (tmp_path / name / "metrics.json").write_text(json.dumps({"training": {"eval_loss": loss}}))
    (tmp_path / "BEST").write_text("old\n")
    assert not update_best(tmp_path, "worse", 1.5)
    assert (tmp_path / "BEST").read_text().strip() == "old"
    assert update_best(tmp_path, "better", 0.8)
    assert (tmp_path / "BEST").read_text().strip() == "better"
    # BEST naming a run that no longer has metrics is replaced.
    (tmp_path / "BEST").write_text("gone\n")
    assert update_best(tmp_path, "new", 9.0)


# ----------------------------------------------------------------------------- metrics, by hand

def test_metrics_worked_examples():
    assert distinct_n(["a b a b"], 1) == 0.5            # {a, b} of 4 unigrams
    assert distinct_n(["a b a b"], 2) == 2 / 3          # {ab, ba} of 3 bigrams
    assert duplicate_rate(["Why X?", "why x", "Other?"]) == 1 / 3
    assert exact_match(["How, now?"], ["how now"]) == [1.0]
    s = paired_test([0.5, 0.6, 0.9], [0.4, 0.4, 0.5])   # diffs 0.1, 0.2, 0.4: mean 0.2333, sd 0.1528
    assert s["mean_diff"] == pytest.approx(0.23333, abs=1e-4)
    assert s["cohens_d"] == pytest.approx(0.23333 / 0.152753, abs=1e-3)
    assert s["t"] == pytest.approx(0.23333 / (0.152753 / 3 ** 0.5), abs=1e-3)
    assert s["ci95"][0] < s["mean_diff"] < s["ci95"][1]


def test_reference_ceiling_scores_the_typical_and_the_closest_question_of_a_cell():
    a, b = ("eng", "coding", "easy"), ("eng", "behavioral", "easy")
    train = [(a, "Write a function that reverses a list."), (a, "Write a function that sorts a list."),
             (a, "Explain the CAP theorem to a new teammate."), (b, "Tell me about a time you failed.")]
    # the first reference is a training question of its cell; the second shares words with no medoid
    c = reference_ceiling([(a, "Write a function that sorts a list."), (b, "Describe your proudest project.")], train)
    assert c["n"] == 2
    assert c["best_in_cell"] > c["cell_medoid"]       # the oracle sees the reference, the medoid does not
    assert abs(c["best_in_cell"] - (1.0 + 0.0) / 2) < 1e-9   # exact hit in cell a, nothing shared in cell b
    # the medoid of cell a is one of its two "Write a function" questions, not the CAP one
    assert 0.5 < c["cell_medoid"] * 2 <= 1.0
    assert reference_ceiling([(("x", "y", "z"), "anything")], train)["n"] == 0  # no training cell: not scored


def test_meteor_uses_offline_wordnet_or_says_why():
    from training.generator.meteor import meteor, meteor_unavailable

    score = meteor()
    if score is None:  # no Debian wordnet-base on this machine: reported, never faked
        assert "wordnet" in meteor_unavailable().lower()
        return
    same = score("tell me about a time you failed", "tell me about a time you failed")
    synonym = score("how would you scale the service", "how would you grow the service")
    unrelated = score("how would you scale the service", "bananas are yellow fruit")
    assert same > 0.99 and 0.3 < synonym < same and unrelated < 0.1


# ----------------------------------------------------------------------------- error detectors

PROMPT_Q = ("Role: <<<Backend Engineer>>>\nJob description: <<<Build Python services on PostgreSQL and Redis.>>>\n"
            "Difficulty: medium\nQuestion type: technical\nWrite one interview question.")
PROMPT_FB = ("Question: <<<Tell me about a time you fixed a slow query.>>>\nAnswer: <<<I added an index to the "
             "orders table and latency fell from 900 ms to 120 ms.>>>\nRubric: relevance 4/5\nCandidate experience:\n"
             "<<<[1] Cut p95 latency from 900 ms to 120 ms with a PostgreSQL index>>>\nWrite 2-3 sentences of feedback.")
GOOD_Q = "How would you keep PostgreSQL queries fast as a table grows?"
GOOD_FB = ("You picked a relevant example and gave the latency numbers. Say why the index helped and how you "
           "measured it. Lean on [1], where p95 latency fell from 900 ms to 120 ms.")

POSITIVES = {
    "hallucination": ("feedback", PROMPT_FB, "You cut latency by 75% at Google and Amazon. Mention [4] next time, it shows impact."),
    "generic": ("question", PROMPT_Q, "Tell me about yourself and your greatest strengths?"),
    "technical_error": ("question", PROMPT_Q, "Since UDP guarantees delivery, how would you use it for Redis replication?"),
    "length_mismatch": ("question", PROMPT_Q, "Why PostgreSQL?"),
    "incomplete": ("question", PROMPT_Q, "How would you design the cache layer for Redis and"),
    "repetitive": ("question", PROMPT_Q, "How would you index the table, how would you index the table in PostgreSQL?"),
    "off_topic": ("question", PROMPT_Q, "Bananas ripen faster beside apples because ethylene gas accumulates?"),
    "format": ("question", PROMPT_Q, "Sure! Here is a question:\n1. How would you use Redis?"),
}


@pytest.mark.parametrize("category", list(DETECTORS))
def test_each_detector_fires_on_its_positive_and_not_on_good_text(category):
    task, prompt, bad = POSITIVES[category]
    reference = GOOD_Q if task == "question" else GOOD_FB
    assert category in detect(bad, prompt, reference, task), bad
    assert category not in detect(reference, prompt, reference, task)


def test_format_rule_accepts_reference_styles_and_rejects_chatter():
    assert format_problem("Implement Promise.all from scratch.", "question") is None
    assert format_problem("Sketch the architecture of an inventory service for an online shop.", "question") is None
    assert format_problem("Sure! Here's a question: what is Redis?", "question") == "self_talk"
    assert format_problem("Job description: <<<Python>>> What is Redis used for here?", "question") == "prompt_echo"
    assert format_problem("I led the migration and we cut costs by 30%. The team kept the new process.", "sample_answer") == "too_short"


# ----------------------------------------------------------------------------- real training runs (slow)

@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    """The smoke config trained for 2 steps on the embedded SmolLM2 into a temp folder, with BEST on."""
    from training.generator.train import main

    out = tmp_path_factory.mktemp("generator")
    (out / "older").mkdir()
    (out / "older" / "metrics.json").write_text(json.dumps({"training": {"eval_loss": 99.0}}))
    (out / "BEST").write_text("older\n")
    result = main(load_config(SMOKE, out_dir=str(out), write_best=True))
    return out, result


@pytest.mark.slow
def test_smoke_run_writes_adapter_metrics_plots_and_best(smoke_run):
    out, result = smoke_run
    run = out / "smoke"
    assert result.run_dir == run and result.steps == 2
    for name in ("adapter_config.json", "adapter_model.safetensors", "config.json", "metrics.json",
                 "trainer_log.jsonl", "report.md", "plots/loss.png"):
        assert (run / name).is_file(), name
    assert (run / "adapter_model.safetensors").stat().st_size < 10_000_000  # a few MB, fp16
    assert not (run / "trainer").exists()  # step checkpoints removed
    t = json.loads((run / "metrics.json").read_text())["training"]
    assert t["steps"] == 2 and t["eval_loss"] < t["base_eval_loss"] + 0.5 and t["trainable_params"] < t["total_params"] / 20
    assert json.loads((run / "config.json").read_text())["lora_targets"][:3] == ["q_proj", "k_proj", "v_proj"]
    # nothing machine-specific travels with the adapter: the base is named, peft's card is not kept
    assert json.loads((run / "adapter_config.json").read_text())["base_model_name_or_path"] == EMBEDDED_NAME
    assert not (run / "README.md").exists()
    assert result.is_best and (out / "BEST").read_text().strip() == "smoke"  # 'older' had a worse loss


@pytest.mark.slow
def test_evaluate_smoke_adapter_produces_every_metric(smoke_run):
    from training.generator.evaluate import EvalConfig, main

    out, _ = smoke_run
    e = main(EvalConfig(run="smoke", out_dir=str(out), limit=2, per_task=0, batch_size=2))
    q = e["tasks"]["question"]
    keys = {"rouge1", "rouge2", "rougeL", "bleu", "meteor", "exact_match", "distinct_1", "distinct_2",
            "format_validity", "duplicate_rate", "mean_words", "type_adherence", "repeats_earlier"}
    for who in ("base", "fine_tuned"):
        assert keys <= set(q[who]["metrics"]), set(q[who]["metrics"]) ^ keys
        assert 0.0 <= q[who]["metrics"]["rougeL"] <= 1.0
    assert (q["base"]["metrics"]["meteor"] is None) == (e["meteor_unavailable"] is not None)
    assert q["significance"]["n"] == 2 and len(e["acceptance"]) == 6
    for who in ("base", "fine_tuned"):  # the app's own question path on the same 2 prompts
        m = q[who]["metrics"]
        assert 0.0 <= m["app_path_type_adherence"] <= 1.0 - m["app_path_no_question"]
    c = e["reference_ceiling"]
    assert c["n"] == 2 and 0.0 <= c["cell_medoid"] <= c["best_in_cell"] <= 1.0
    assert set(e["errors"]["fine_tuned"]["counts"]) == set(DETECTORS)
    run = out / "smoke"
    saved = json.loads((run / "metrics.json").read_text())
    assert "training" in saved and saved["evaluation"]["tasks"]["question"]["n"] == 2
    assert len((run / "predictions.jsonl").read_text().splitlines()) == 4  # 2 prompts x 2 models
    assert (run / "plots" / "metrics.png").is_file() and (run / "plots" / "errors.png").is_file()
    report = (run / "report.md").read_text()
    assert "## Evaluation on the test split" in report and "## Error analysis" in report and "limit 2" in report
    assert "What ROUGE-L this data allows" in report and "app's question path" in report


@pytest.mark.slow
def test_falcon_path_trains_with_the_seed_targets_and_evaluates(tmp_path):
    """A 2-layer random Falcon (Falcon-RW-1B's layout: ALiBi, no parallel attention, no chat template),
    saved with the embedded SmolLM2 tokenizer, trained by the same script with the seed's targets."""
    import torch
    from transformers import FalconConfig, FalconForCausalLM

    from interview.models.gguf_cache import load_base_generator
    from training.generator.evaluate import EvalConfig, main as evaluate
    from training.generator.train import main

    _, tok = load_base_generator()
    tok.chat_template = None  # like Falcon-RW-1B: the training script must add the fallback template
    base = tmp_path / "falcon-tiny"
    torch.manual_seed(0)
    cfg = FalconConfig(vocab_size=len(tok), hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                       alibi=True, multi_query=False, parallel_attn=False, bias=True, new_decoder_architecture=False,
                       bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id)
    FalconForCausalLM(cfg).save_pretrained(base)
    tok.save_pretrained(base)

    out = tmp_path / "runs"
    result = main(load_config(SMOKE, out_dir=str(out), base_model=str(base), run_name="falcon-smoke"))
    run = out / "falcon-smoke"
    assert result.steps == 2 and not (out / "BEST").exists()  # smoke never touches BEST
    acfg = json.loads((run / "adapter_config.json").read_text())
    assert set(acfg["target_modules"]) == SEED_FALCON_TARGETS
    assert json.loads((run / "config.json").read_text())["base_model"] == str(base)
    template = json.loads((run / "tokenizer_config.json").read_text()).get("chat_template") or ""
    if (run / "chat_template.jinja").is_file():
        template += (run / "chat_template.jinja").read_text()
    assert "<|assistant|>" in template  # the fallback template travels with the adapter
    e = evaluate(EvalConfig(run="falcon-smoke", out_dir=str(out), limit=1, per_task=0, batch_size=1))
    assert e["tasks"]["question"]["n"] == 1
