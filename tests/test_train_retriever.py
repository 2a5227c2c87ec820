"""The retriever training job: metrics by hand, training rows, and a 2-step run on a tiny dataset
(the real MiniLM, and tiny random MPNet / DistilBERT models built here)."""
import csv
import json

import numpy as np
import pytest

from training.retriever.data import Pair, distinct_batches, load_data, train_rows
from training.retriever.metrics import one_per_achievement, rank_metrics
from training.retriever.train import Config, main

TOPICS = [
    ("Cut p95 API latency from {n}0 ms to {n} ms with Redis caching", "How did you make a slow service faster?"),
    ("Mentored {n} junior engineers through their first on-call rotations", "Tell me about mentoring someone."),
    ("Migrated {n}0 cron jobs to Airflow with zero missed runs", "Describe a migration you led."),
    ("Cut the cloud bill by {n}% by right-sizing Kubernetes nodes", "How have you reduced costs?"),
]
SPLITS = ["train", "train", "train", "train", "validation", "test"]


def write_dataset(folder):
    """6 resumes x 4 bullets, 2 questions per bullet, with the columns data/ uses; each topic is one
    achievement, told with other numbers in every resume."""
    folder.mkdir(parents=True, exist_ok=True)
    bullets, pairs = [], []
    for r, split in enumerate(SPLITS):
        for t, (bullet, question) in enumerate(TOPICS):
            bid, text = f"b{r}{t}", bullet.format(n=r + 2)
            bullets.append({"bullet_id": bid, "resume_id": f"res-{r}", "bullet": text,
                            "role_family": "software_engineering", "achievement_id": f"ach-{t}"})
            for q in (question, "In your last role: " + question.lower()):
                jd = f"Backend engineer role number {r} on our payments team."
                pairs.append({"id": f"p{len(pairs)}", "resume_id": f"res-{r}", "job_description": jd,
                              "question": q, "query": f"{jd} {q}", "bullet": text, "bullet_id": bid,
                              "role_family": "software_engineering" if t % 2 else "devops_sre", "split": split})
    for name, rows in (("bullets.csv", bullets), ("retrieval_pairs.csv", pairs)):
        with (folder / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    return folder


# ----------------------------------------------------------------------------- metrics by hand

def test_rank_metrics_hand_worked():
    # query 1: relevant item 0 is ranked 2nd; query 2: relevant {0, 2}, ranked 1st and 3rd
    m = rank_metrics([[2, 0, 1], [0, 1, 2]], [{0}, {0, 2}], ks=(1, 3))
    assert m["hit@1"] == 0.5                      # only query 2 has a relevant item first
    assert m["hit@3"] == 1.0
    assert m["precision@1"] == 0.5
    assert m["precision@3"] == round((1 / 3 + 2 / 3) / 2, 4)
    assert m["mrr@10"] == round((1 / 2 + 1) / 2, 4)


def test_rank_metrics_past_rank_10_counts_zero():
    ranked = [list(range(1, 12)) + [0]]           # the relevant item is 12th
    m = rank_metrics(ranked, [{0}])
    assert m["hit@10"] == 0 and m["mrr@10"] == 0


def test_one_per_achievement_keeps_the_first_bullet_of_each():
    # bullets 0, 2 and 3 tell achievement "a", 1 tells "b"; 4 has no achievement and stands for itself
    achievement_of = {0: "a", 1: "b", 2: "a", 3: "a"}
    assert one_per_achievement([2, 0, 4, 3, 1], achievement_of) == [2, 4, 1]
    # so the "b" bullet ranked 5th plainly is 3rd once "a"'s copies are gone
    plain, oracle = rank_metrics([[2, 0, 4, 3, 1]], [{1}], ks=(3,)), rank_metrics([[2, 4, 1]], [{1}], ks=(3,))
    assert plain["hit@3"] == 0 and oracle["hit@3"] == 1


def test_train_rows_take_negatives_from_the_same_resume_and_never_an_answer():
    pairs = [Pair("q1", "A", "r1", "", "train"), Pair("q1", "B", "r1", "", "train"),
             Pair("q2", "C", "r1", "", "train"), Pair("q3", "X", "r2", "", "train")]
    resumes = {"r1": ["A", "B", "C"], "r2": ["X"]}
    cols, keys = train_rows(pairs, resumes, hard_negatives=True, seed=0)
    assert cols["anchor"] == ["q1", "q1", "q2"]    # r2 has no other bullet: no triplet for q3
    assert cols["negative"][:2] == ["C", "C"]      # B answers q1 too, so it is never q1's negative
    assert cols["negative"][2] in {"A", "B"}
    assert keys[0] == ("A", frozenset({"C"}))      # without achievement ids a bullet stands for itself
    assert set(train_rows(pairs, resumes, hard_negatives=False, seed=0)[0]) == {"anchor", "positive"}


def test_negatives_never_tell_the_same_achievement():
    pairs = [Pair("q1", "A1", "r1", "", "train", "a"), Pair("q2", "B1", "r1", "", "train", "b")]
    resumes = {"r1": ["A1", "A2", "B1"]}
    achievements = {"A1": "a", "A2": "a", "B1": "b"}  # A2: the same achievement told twice
    cols, keys = train_rows(pairs, resumes, hard_negatives=True, seed=0, achievements=achievements)
    assert cols["negative"][0] == "B1"                 # never A2
    assert keys[0] == ("a", frozenset({"b"}))


def test_distinct_batches_keep_each_achievement_out_of_its_own_negatives():
    # 3 achievements x 4 rows; each row's negative is the next achievement
    names = ["a", "b", "c"]
    keys = [(names[g], frozenset({names[(g + 1) % 3]})) for g in range(3) for _ in range(4)]
    batches = distinct_batches(keys, batch_size=8, seed=1)
    assert sorted(i for b in batches for i in b) == list(range(12))   # every row once
    for b in batches:
        positives = [keys[i][0] for i in b]
        assert len(positives) == len(set(positives))                    # no achievement twice
        assert not set(positives) & set().union(*(keys[i][1] for i in b))  # nor as a negative
    # without negatives, 3 achievements fill batches of 3; a random batcher would mix them
    plain = [(names[i % 3], frozenset()) for i in range(12)]
    assert all(len(b) == 3 for b in distinct_batches(plain, batch_size=8, seed=0))


def test_load_data_reads_the_pool_and_resumes(tmp_path):
    pairs, pool, resumes, achievements = load_data(write_dataset(tmp_path / "data"))
    assert len(pairs) == 48 and len(pool) == 24 and len(resumes) == 6
    assert len(set(achievements.values())) == 4 and {p.achievement for p in pairs} == {"ach-0", "ach-1", "ach-2", "ach-3"}
    assert all(len(b) == 4 for b in resumes.values())
    assert {p.split for p in pairs} == {"train", "validation", "test"}


# ----------------------------------------------------------------------------- training runs

def _check_run(tmp_path, run_name, metrics):
    run = tmp_path / "ckpt" / "retriever" / run_name
    meta = json.loads((run / "adapter" / "adapter_config.json").read_text())
    assert meta["peft_type"] == "LORA"
    sizes = sum(f.stat().st_size for f in (run / "adapter").iterdir())
    assert sizes < 10e6
    for f in ("config.json", "metrics.json", "plots/tsne_base.png", "plots/tsne_finetuned.png", "plots/hit_at_k.png"):
        assert (run / f).is_file(), f
    saved = json.loads((run / "metrics.json").read_text())
    assert saved["test"]["base"]["pool"] == 24 and saved["test"]["fine_tuned"]["queries"] == 8
    for split in ("base", "fine_tuned"):
        for k in ("hit@1", "hit@3", "hit@5", "hit@10", "precision@5", "mrr@10", "resume_hit@1"):
            assert 0.0 <= saved["test"][split][k] <= 1.0
    assert saved["test"]["base"]["hit@1"] <= saved["test"]["base"]["hit@10"]
    for split in ("base", "fine_tuned"):  # a hit on the pair's own bullet is a hit on its achievement
        m = saved["test"][split]
        assert all(m[f"strict_hit@{k}"] <= m[f"hit@{k}"] for k in (1, 3, 5, 10))
        assert m["relevant_per_query"] == 6.0        # its achievement in each of the 6 resumes
        # de-duplicating can only lift a hit; no order of the 50 candidates beats having the achievement among them
        assert all(m[f"hit@{k}"] <= m[f"distinct_hit@{k}"] <= m["candidates_hit@50"] for k in (1, 3, 5, 10))
        assert all(m[f"mmr_hit@{k}"] <= m["candidates_hit@50"] for k in (1, 3, 5, 10))
        assert m["distinct_hit@1"] == m["hit@1"]
        by = m["mmr_hit@5_by_achievement"]
        assert sum(v["queries"] for v in by.values()) == m["queries"]
        assert abs(sum(v["queries"] * v["mmr_hit@5"] for v in by.values()) / m["queries"] - m["mmr_hit@5"]) < 0.01
    assert (tmp_path / "ckpt" / "retriever" / "BEST").read_text().strip() == run_name
    assert metrics["steps"] == 2
    return run, meta


@pytest.mark.slow
def test_two_step_minilm_run_is_found_and_loaded_like_the_app(tmp_path, monkeypatch):
    import interview.models.loading
    from interview.config import PROJECT_ROOT
    from interview.retrieval.retriever import embed, load_adapter_encoder, load_retriever_encoder

    data = write_dataset(tmp_path / "data")
    cfg = Config(data_dir=str(data), out_dir=str(tmp_path / "ckpt" / "retriever"), run_name="smoke",
                 max_steps=2, batch_size=8, tsne_points=8)
    run, meta = _check_run(tmp_path, "smoke", main(cfg))
    # Portable: the adapter names the embedded base symbolically, no file names a path of this machine.
    assert meta["base_model_name_or_path"] == "embedded:all-MiniLM-L6-v2"
    for f in (run / "config.json", run / "adapter" / "adapter_config.json"):
        assert "site-packages" not in f.read_text() and str(PROJECT_ROOT) not in f.read_text()
    # The app finds the run through BEST and loads base + adapter.
    monkeypatch.setattr(interview.models.loading, "CHECKPOINTS_DIR", tmp_path / "ckpt")
    monkeypatch.delenv("INTERVIEW_RETRIEVER", raising=False)
    assert interview.models.loading.resolve("retriever").origin == "adapter"
    app = load_retriever_encoder()
    assert app.max_seq_length == cfg.max_seq_length
    texts = ["Cut p95 API latency with Redis", "Mentored engineers"]
    assert np.allclose(embed(app, texts), embed(load_adapter_encoder(run), texts), atol=1e-6)


def _tiny_model(folder, arch):
    """A 2-layer randomly initialised model of `arch` with the embedded MiniLM's WordPiece tokenizer."""
    from transformers import AutoTokenizer, DistilBertConfig, DistilBertModel, MPNetConfig, MPNetModel

    from interview.models.loading import embedded_encoder_dir

    if arch == "mpnet":
        model = MPNetModel(MPNetConfig(vocab_size=30527, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                       intermediate_size=64, max_position_embeddings=130))
    else:
        model = DistilBertModel(DistilBertConfig(vocab_size=30522, dim=32, n_layers=2, n_heads=2, hidden_dim=64,
                                                 max_position_embeddings=130))
    model.save_pretrained(folder)
    AutoTokenizer.from_pretrained(embedded_encoder_dir()).save_pretrained(folder)
    return folder


@pytest.mark.parametrize("arch", ["mpnet", "distilbert"])
def test_two_step_run_on_other_architectures(tmp_path, arch):
    base = _tiny_model(tmp_path / arch, arch)
    cfg = Config(data_dir=str(write_dataset(tmp_path / "data")), out_dir=str(tmp_path / "ckpt" / "retriever"),
                 run_name=f"{arch}-smoke", base=str(base), max_steps=2, batch_size=8, tsne_points=8,
                 max_seq_length=64, achievement_batches=arch == "mpnet")  # both samplers run
    run, meta = _check_run(tmp_path, f"{arch}-smoke", main(cfg))
    targets = set(meta["target_modules"])
    assert targets == ({"q", "k", "v", "o", "dense"} if arch == "mpnet"
                       else {"q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2"})
    assert json.loads((run / "config.json").read_text())["base"] == str(base)
