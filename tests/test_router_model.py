"""interview/routing/router_model.py: the committed fine-tuned router, as the app and CLI load it."""
from __future__ import annotations

import json

import pytest

from interview.config import CHECKPOINTS_DIR
from interview.models.loading import embedded_encoder_dir, find_adapter
from interview.routing.router_model import HEADS, request_segments, tokenize_requests, types_from_probs

RUN = find_adapter("router")
needs_checkpoint = pytest.mark.skipif(RUN is None, reason="no committed router checkpoint (make train-router)")


def test_long_description_is_cut_but_title_and_hardness_are_kept():
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(embedded_encoder_dir())
    posting = "We build payment APIs in Go. " * 400
    enc = tokenize_requests(tok, [("Staff Backend Engineer", posting, "hard")], max_length=256)
    ids = enc["input_ids"][0]
    assert len(ids) == 256
    head = tok.decode(ids[:12])
    assert "hardness : hard" in head and "staff backend engineer" in head
    assert request_segments("R", "D", "easy") == ("[hardness: easy] R", "D")


def test_title_abbreviations_are_spelled_out_for_the_family_head():
    from transformers import AutoTokenizer

    from interview.routing.router_model import readable_title, tokenize_titles

    assert readable_title("ITSPEC (INFOSEC)") == "information technology specialist (information security)"
    assert readable_title("IT Program Manager (AppSw/AI)") == \
        "information technology Program Manager (application software/artificial intelligence)"
    assert readable_title("Senior UX Designer, SRE team") == "Senior user experience Designer, site reliability engineering team"
    # short words in lower case are words, not codes; unknown codes and plain titles stay as they are
    assert readable_title("Make it work (OS/2), ai") == "Make it work (operating systems/2), ai"
    assert readable_title("Backend Engineer (XYZ)") == "Backend Engineer (XYZ)"
    tok = AutoTokenizer.from_pretrained(embedded_encoder_dir())
    ids = tokenize_titles(tok, ["IT Specialist (SYSADMIN)"])["input_ids"][0]
    assert tok.decode(ids, skip_special_tokens=True) == "information technology specialist ( systems administration )"


def test_types_from_probs_keeps_at_least_one_label():
    labels = ["behavioral", "technical", "system_design", "coding"]
    assert types_from_probs([0.9, 0.2, 0.6, 0.1], labels, 0.5) == ["behavioral", "system_design"]
    assert types_from_probs([0.1, 0.3, 0.2, 0.1], labels, 0.5) == ["technical"]


@needs_checkpoint
def test_checkpoint_is_small_portable_and_meets_acceptance():
    assert (CHECKPOINTS_DIR / "router" / "BEST").read_text().strip() == RUN.name
    assert sum(p.stat().st_size for p in RUN.rglob("*") if p.is_file()) < 5_000_000
    config = json.loads((RUN / "config.json").read_text())
    text = json.dumps(config) + (RUN / "adapter" / "adapter_config.json").read_text()
    assert "site-packages" not in text and "/home/" not in text and '"/' not in text
    assert config["labels"] == HEADS
    metrics = json.loads((RUN / "metrics.json").read_text())
    targets = {"interview_types": 0.90, "difficulty_band": 0.90, "role_family": 0.85, "question_type": 0.85}
    for head, target in targets.items():
        f1 = metrics["test"][head]["macro_f1"]
        assert f1 >= target, head
        for baseline in ("majority", "zero_shot"):
            assert f1 > metrics["baselines"][baseline][head]["macro_f1"], (head, baseline)
    assert sorted(p.name for p in (RUN / "plots").glob("confusion_*.png")) == sorted(
        f"confusion_{h}.png" for h in HEADS)


@pytest.fixture(scope="module")
def router():
    from interview.routing.router import load_router

    if RUN is None:
        pytest.skip("no committed router checkpoint")
    return load_router()  # the default resolution must pick the committed checkpoint


@pytest.mark.slow
@needs_checkpoint
def test_default_router_is_the_fine_tuned_one_and_routes(router):
    from interview.labels import ROLE_FAMILIES

    r = router.route("Backend Engineer", "Design and run REST services in Go on Postgres; on-call.", "medium")
    assert r.source == "fine-tuned"
    assert r.role_family in ROLE_FAMILIES and r.difficulty_band in HEADS["difficulty_band"]
    assert r.interview_types and set(r.interview_types) <= set(HEADS["interview_types"])
    for head in ("role_family", "difficulty_band"):
        assert sum(r.scores[head].values()) == pytest.approx(1.0, abs=1e-4)
        assert max(r.scores[head], key=r.scores[head].get) == getattr(r, head)
    assert set(r.scores["interview_types"]) == set(HEADS["interview_types"])
    assert r.to_dict()["source"] == "fine-tuned"


@pytest.mark.slow
@needs_checkpoint
def test_real_input_edge_cases(router):
    empty = router.route("Full Stack Developer", "", "easy")
    assert any("job title alone" in w for w in empty.warnings)
    foreign = router.route("Ingeniero de datos", "Construir canalizaciones de datos. " * 3 + "データパイプライン" * 20, "medium")
    assert any("English" in w for w in foreign.warnings)
    long = router.route("Senior Data Engineer", "Build Spark and Airflow pipelines. " * 300, "medium")
    assert any("long" in w for w in long.warnings) and long.role_family in HEADS["role_family"]
    with pytest.raises(ValueError):
        router.route("Engineer", "x", "impossible")
    with pytest.raises(ValueError):
        router.route("   ", "x", "easy")
    with pytest.raises(ValueError):
        router.classify_question("  ")


@pytest.mark.slow
@needs_checkpoint
def test_hand_written_postings_and_questions(router):
    """Real-looking inputs that are not from the dataset generator (training/router/realistic.py).
    Most must be routed right; a wrong case or two is tolerated, a collapse is not."""
    from training.router.realistic import CASES, QUESTION_CASES

    routes = [router.route(c.role, c.description, c.difficulty) for c in CASES]
    family_ok = sum(r.role_family == c.role_family for r, c in zip(routes, CASES)) / len(CASES)
    band_ok = sum(r.difficulty_band == c.band for r, c in zip(routes, CASES)) / len(CASES)
    types = [router.classify_question(q.question) for q in QUESTION_CASES]
    question_ok = sum(t.type == q.type for t, q in zip(types, QUESTION_CASES)) / len(QUESTION_CASES)
    assert family_ok >= 0.75 and band_ok >= 0.75 and question_ok >= 0.75, (family_ok, band_ok, question_ok)
    # seniority in the title moves the band the same way for the same chosen hardness
    order = {"easy": 0, "medium": 1, "hard": 2}
    intern = router.route("Software Engineering Intern", "Help build our web app.", "medium")
    staff = router.route("Staff Software Engineer", "Lead the architecture of our web app.", "medium")
    assert order[intern.difficulty_band] < order[staff.difficulty_band]


@pytest.mark.slow
@needs_checkpoint
def test_served_trace_gives_the_eager_nets_probabilities():
    """The app routes through a TorchScript trace of the int8 net; on requests of every length, alone
    and padded into one batch, it must give what the eager net gives."""
    import copy

    from interview.routing.router_model import load_trained_router
    from training.router.realistic import CASES, QUESTION_CASES

    served = load_trained_router(RUN)
    assert served.traced is not None, "tracing failed: the app would route eagerly (slower)"
    eager = copy.copy(served)
    eager.traced = None
    rows = [(c.role, c.description, c.difficulty) for c in CASES] + [("Data Engineer", "Spark. " * 400, "hard")]
    questions = [q.question for q in QUESTION_CASES]
    for batch_size in (1, 32):
        for a, b in zip(served.predict_requests(rows, batch_size), eager.predict_requests(rows, batch_size)):
            for head in ("role_family", "interview_types", "difficulty_band_head"):
                assert a[head] == pytest.approx(b[head], abs=1e-5)
        for a, b in zip(served.predict_questions(questions, batch_size), eager.predict_questions(questions, batch_size)):
            assert a == pytest.approx(b, abs=1e-5)


@pytest.mark.slow
@needs_checkpoint
def test_router_serves_eagerly_when_tracing_fails(monkeypatch):
    import torch

    from interview.routing.router_model import load_trained_router

    def broken(*args, **kwargs):
        raise RuntimeError("tracer cannot follow this model")

    monkeypatch.setattr(torch.jit, "trace", broken)
    router = load_trained_router(RUN)
    assert router.traced is None
    assert router.classify_question("Design a URL shortener for 100 million users.").type == "system_design"
