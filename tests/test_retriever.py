"""The bullet retriever: the query rule, FAISS against a brute-force oracle, and encoder resolution."""
import numpy as np
import pytest

from interview.retrieval.retriever import (QUERY_JD_WORDS, build_index, diversify, embed, load_retriever_encoder,
                                 retrieval_query, retrieve)

BULLETS = [
    "Cut p95 checkout latency from 480 ms to 190 ms by moving session state to Redis",
    "Led the migration of 40 cron jobs to Airflow, cutting failed nightly runs by 85%",
    "Mentored 3 junior engineers through their first on-call rotations",
    "Built a Kafka consumer that reconciled 2 million shipment events a day",
    "Designed a versioned REST API for order history, used by 12 internal teams",
    "Wrote the incident review process after a 2-hour payment outage",
    "Added OpenTelemetry tracing to 6 Go services, cutting time to diagnose by 70%",
    "Automated test environments with Docker Compose, saving 30 minutes a day per developer",
    "Negotiated a 20% discount on our cloud contract by consolidating three AWS accounts",
    "Presented our data platform roadmap to the executive team every quarter",
    "Rewrote the onboarding flow in React, lifting sign-up conversion from 3.1% to 4.4%",
    "Trained a gradient-boosted churn model that flagged 62% of churners a month early",
]


# ----------------------------------------------------------------------------- query rule

def test_query_keeps_the_question_whole_and_cuts_the_description_at_a_word():
    jd = "We are hiring a backend engineer to own our payments platform. " * 20
    question = "Tell me about   a time you made\nan API faster."
    q = retrieval_query(jd, question)
    assert q.endswith(" Tell me about a time you made an API faster.")
    context = q[: -len(" Tell me about a time you made an API faster.")]
    assert context.split() == jd.split()[:QUERY_JD_WORDS]


def test_query_strips_invisible_characters_and_handles_empty_parts():
    assert retrieval_query("Go\u200b and\u202e Redis", "Why?") == "Go and Redis Why?"
    assert retrieval_query("", "Why did you leave?") == "Why did you leave?"
    assert retrieval_query("Short JD.", "") == "Short JD."


# ----------------------------------------------------------------------------- index and search

@pytest.mark.slow
def test_faiss_top_k_equals_brute_force_cosine(encoder):
    index = build_index(encoder, BULLETS)
    raw = encoder.encode(BULLETS, convert_to_numpy=True)  # unnormalised on purpose: the oracle normalises
    raw = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    queries = [retrieval_query("Backend role on a payments team", q) for q in (
        "How did you make a slow endpoint faster?", "Tell me about mentoring.", "How do you handle outages?",
        "What machine learning have you shipped?", "How did you save the company money?")]
    for query in queries:
        qv = encoder.encode([query], convert_to_numpy=True)[0]
        cosine = raw @ (qv / np.linalg.norm(qv))
        for k in (1, 3, 5, len(BULLETS)):
            hits = retrieve(index, query, k=k, diversity=0)
            oracle = np.argsort(-cosine, kind="stable")[:k]
            assert [h.index for h in hits] == list(oracle)
            assert np.allclose([h.score for h in hits], cosine[oracle], atol=1e-5)
            assert all(BULLETS[h.index] == h.bullet for h in hits)
            assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_diversify_puts_a_near_copy_behind_other_evidence():
    def unit(v):
        return np.asarray(v, dtype=np.float32) / np.linalg.norm(v)
    emb = np.stack([unit([1, 0, 0]), unit([0.99, 0.14, 0]), unit([0.6, 0, 0.8])])
    query = unit([0.9, 0, 0.43])
    sims = emb @ query
    ids = list(np.argsort(-sims))
    assert ids[:3] == [0, 1, 2]                                   # plain order: the copy comes second
    assert diversify(ids, sims[ids], emb, 3) == [0, 2, 1]         # MMR: other evidence before the copy
    assert diversify(ids, sims[ids], emb, 3, diversity=0) == [0, 1, 2]
    assert diversify(ids + [-1], list(sims[ids]) + [0.0], emb, 9) == diversify(ids, sims[ids], emb, 9)
    assert diversify([], [], emb, 3) == []


@pytest.mark.slow
def test_retrieve_shows_other_evidence_before_a_reworded_copy(encoder):
    copy = "Cut p95 checkout latency from 480 ms to 195 ms by moving the session state into Redis"
    index = build_index(encoder, BULLETS + [copy])
    query = retrieval_query("Backend role on a payments team", "How did you make the checkout page faster?")
    plain = [h.bullet for h in retrieve(index, query, k=3, diversity=0)]
    assert set(plain[:2]) == {BULLETS[0], copy}                  # the premise: both copies lead by cosine
    hits = retrieve(index, query, k=3)
    assert hits[0].bullet == plain[0]                            # the best match never moves
    assert {h.bullet for h in hits[:2]} != {BULLETS[0], copy}    # the second slot shows something else
    cosine = index.embeddings @ embed(encoder, [query])[0]
    assert np.allclose([h.score for h in hits], cosine[[h.index for h in hits]], atol=1e-5)


@pytest.mark.slow
def test_k_is_clipped_and_empty_cases(encoder):
    index = build_index(encoder, BULLETS[:3])
    assert len(retrieve(index, "Redis latency", k=10)) == 3
    assert retrieve(index, "Redis latency", k=0) == []
    empty = build_index(encoder, [])
    assert len(empty) == 0 and retrieve(empty, "anything", k=5) == []
    with pytest.raises(ValueError, match="empty"):
        retrieve(index, "   ", k=2)


@pytest.mark.slow
def test_index_embeddings_are_unit_length(encoder):
    index = build_index(encoder, BULLETS)
    assert index.embeddings.dtype == np.float32
    assert np.allclose(np.linalg.norm(index.embeddings, axis=1), 1.0, atol=1e-5)


# ----------------------------------------------------------------------------- encoder resolution

def _save_random_adapter(run_dir, base_encoder):
    """A LoRA adapter with random (non-zero) B matrices, so attaching it visibly changes embeddings."""
    import json

    from peft import LoraConfig

    from interview.models.lora import add_lora

    peft_model = add_lora(base_encoder[0].model, LoraConfig(r=4, lora_alpha=8, target_modules=["query", "value"],
                                                            init_lora_weights=False))
    peft_model.save_pretrained(str(run_dir / "adapter"))
    (run_dir / "config.json").write_text(json.dumps({"base": "embedded:all-MiniLM-L6-v2"}))


@pytest.mark.slow
def test_adapter_from_setting_is_attached_and_merged(tmp_path, monkeypatch):
    import torch

    from interview.models.loading import embedded_encoder_dir, load_sentence_transformer

    # a private sentence-transformers copy (add_lora modifies the model in place; load_encoder's weights are
    # shared by the app's encoders): its unmerged peft model is the reference the served encoder must match
    holder = load_sentence_transformer()
    _save_random_adapter(tmp_path / "run", holder)
    with torch.no_grad():  # embeddings of the unmerged peft model = the reference
        expected = holder.encode(BULLETS[:4], convert_to_numpy=True, normalize_embeddings=True)
    monkeypatch.setenv("INTERVIEW_RETRIEVER", str(tmp_path / "run"))
    merged = load_retriever_encoder()
    got = embed(merged, BULLETS[:4])
    assert np.allclose(got, expected, atol=1e-4)
    base = embed(load_retriever_encoder(embedded_encoder_dir()), BULLETS[:4])  # explicit path beats the setting
    assert not np.allclose(got, base, atol=1e-3)  # the adapter really changed the model


def test_broken_setting_says_which_setting_to_change(tmp_path, monkeypatch):
    from interview.models.loading import ModelMissing

    (tmp_path / "adapter").mkdir()
    (tmp_path / "adapter" / "adapter_config.json").write_text("{not json")
    monkeypatch.setenv("INTERVIEW_RETRIEVER", str(tmp_path))
    with pytest.raises(ModelMissing, match="INTERVIEW_RETRIEVER"):
        load_retriever_encoder()
