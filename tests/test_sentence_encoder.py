"""The serving path's MiniLM encoders (interview/models/sentence_encoder.py) and the seniority features
(interview/routing/hashed_ngrams.py): the same numbers as sentence-transformers and scikit-learn, one shared
copy of the weights, and neither library imported by the app."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import ROOT

POSTINGS = [json.loads(line) for line in (ROOT / "data" / "real" / "postings.jsonl").read_text().splitlines()]
TEXTS = ([p["description"][:1200] for p in POSTINGS[:40]] + [p["job_title"] for p in POSTINGS[:40]]
         + ["", "   padded   ", "Tell me about a time you failed.", "Ünïcödé café — 日本語"])


@pytest.mark.slow
def test_sentence_encoder_gives_sentence_transformers_vectors():
    from interview.models.loading import load_encoder, load_sentence_transformer

    served, reference = load_encoder(), load_sentence_transformer()
    assert type(served).__name__ == "SentenceEncoder"
    got = served.encode(TEXTS, batch_size=16, normalize_embeddings=True)
    want = reference.encode(TEXTS, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    assert got.shape == want.shape and got.dtype == np.float32
    assert np.abs(got - want).max() < 1e-5
    assert np.abs(served.encode("one sentence") - reference.encode("one sentence")).max() < 1e-5


@pytest.mark.slow
def test_adapters_leave_the_shared_weights_as_they_were():
    """The router merges, the retriever and the judge attach adapters: none may write into the weights
    every encoder reads (a merge in place would change the plain encoder's vectors)."""
    from interview.coaching.relevance import load_relevance_judge
    from interview.models.loading import load_encoder, resolve
    from interview.retrieval.retriever import load_retriever_encoder
    from interview.routing.router_model import load_trained_router

    encoder = load_encoder()
    before = encoder.encode(TEXTS[:8])
    retriever = load_retriever_encoder()
    router = load_trained_router(resolve("router").path)
    judge = load_relevance_judge()
    assert np.array_equal(encoder.encode(TEXTS[:8]), before)
    assert retriever.model is not encoder.model and router.net.encoder is not encoder.model
    # the retriever's adapter does change its vectors (it is attached, not lost)
    assert not np.allclose(retriever.encode(TEXTS[:8]), before, atol=1e-3)
    assert judge is None or 0.0 <= judge.probability_of_texts(["What is a cache?"], ["A cache keeps hot data."])[0] <= 1.0


@pytest.mark.parametrize("text", [p["job_title"] + "\n" + p["description"] for p in POSTINGS[::9]]
                         + ["Sr. Engineer II, 5+ years", "x", "", " a  b\tc\n\nd ", "Ünïcödé café — 日本語 テスト"])
def test_served_seniority_features_are_scikit_learns(text):
    from interview.routing.seniority import featurize, served_features

    row = featurize([text])[0]
    idx, val = served_features(text)
    assert dict(zip(row.indices.tolist(), row.data.tolist())).keys() == set(idx.tolist())
    want = dict(zip(row.indices.tolist(), row.data.tolist()))
    assert all(abs(want[i] - v) < 1e-12 for i, v in zip(idx.tolist(), val.tolist()))


@pytest.mark.slow
def test_the_app_serves_without_sentence_transformers_or_scikit_learn():
    """Loading every model of the coach and answering once imports neither library (0.12 GB of memory)."""
    script = """
import sys
from interview.coach import Coach
from interview.models.loading import load_encoder, load_generator
from interview.retrieval.retriever import load_retriever_encoder
from interview.routing.router import load_router
from interview.coaching.relevance import installed_judge
encoder = load_encoder()
coach = Coach(generator=load_generator(), encoder=encoder, router=load_router(encoder=encoder),
              retriever_encoder=load_retriever_encoder())
s = coach.start("Senior Data Engineer", "Build Spark and Airflow pipelines on AWS; 5+ years.", "medium", 2,
                bullets=["Built a Spark pipeline that cut nightly runtime from 6 h to 2 h."], owner="t")
coach.next_question(s)
coach.score(s, "I built a Spark pipeline at Acme that cut the nightly run from six hours to two.")
installed_judge()
print(sorted(m for m in ("sentence_transformers", "sklearn", "pandas") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"
