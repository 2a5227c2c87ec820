"""Generate-then-filter: the candidate rules (fast) and one real generation (slow)."""
import pytest

from interview.generation.generator import GenerationOptions, build_candidate, reject_reason, trim_to_sentence

OPTS = GenerationOptions()


@pytest.mark.parametrize("raw,expected", [
    ("Question: How would you shard a Postgres table?", "How would you shard a Postgres table?"),
    ("1. Tell me about a time you missed a deadline?\n2. Another", "Tell me about a time you missed a deadline?"),
    ('"Interviewer: Why did you choose Kafka over RabbitMQ?" Thanks!', "Why did you choose Kafka over RabbitMQ?"),
    ("How do you size a Spark cluster? I think you should", "How do you size a Spark cluster?"),
])
def test_build_candidate_extracts_the_question(raw, expected):
    assert build_candidate(raw) == expected


@pytest.mark.parametrize("text,reason", [
    ("", "empty"),
    ("Why?", "too_short"),
    ("I'm a senior engineer with ten years of experience in Python and Go?", "self_talk"),
    ("Job description: build APIs. What would you do first in the role?", "prompt_echo"),
    ("Ownership of the payments platform and its many services in production", "not_a_question"),
    (" ".join(["word"] * 50) + "?", "too_long"),
])
def test_invalid_candidates_are_rejected_with_a_reason(text, reason):
    assert reject_reason(text, OPTS) == reason


@pytest.mark.parametrize("text", [
    "Tell me about a time you disagreed with a teammate on a design. What happened?",
    "How would you design a rate limiter for a public API serving 10k requests per second?",
    "Write a function that returns the k most frequent words in a stream.",
])
def test_good_questions_pass(text):
    assert reject_reason(text, OPTS) is None


def test_trim_to_sentence_drops_a_cut_off_tail():
    assert trim_to_sentence("Good structure. You could add numbers and") == "Good structure."
    assert trim_to_sentence("Complete.") == "Complete."


@pytest.mark.slow
def test_real_model_writes_distinct_valid_questions(generator, encoder):
    from interview.generation.generator import generate_question
    from interview.routing.router import ZeroShotRouter

    router = ZeroShotRouter(encoder)
    previous = []
    for qtype in ["behavioral", "technical", "system_design"]:
        q = generate_question(generator, encoder, "Data Engineer", "Spark and Airflow pipelines on AWS.",
                              "medium", qtype, previous, classify=router.classify_question,
                              opts=GenerationOptions(seed=7))
        assert reject_reason(q.text, OPTS) is None
        assert q.text not in previous
        previous.append(q.text)
    vecs = encoder.encode(previous, normalize_embeddings=True)
    sims = vecs @ vecs.T
    assert max(sims[i, j] for i in range(3) for j in range(3) if i != j) < OPTS.duplicate_cosine


@pytest.mark.slow
def test_sampling_stops_each_candidate_after_its_first_line(generator):
    """The stopping criterion marks a sequence done once its first non-empty line has ended; the
    real sampler then returns candidates whose text beyond that line is at most one token long."""
    from interview.generation.generator import GenerationOptions, _sample, first_line_done

    tok = generator.tokenizer
    prompt = tok("Q:", return_tensors="pt")["input_ids"]
    rows = [tok(t, add_special_tokens=False)["input_ids"] for t in
            ("What is a queue?\nAnd more", "\n\nStill writing the first", "No newline yet")]
    width = max(len(r) for r in rows)
    import torch
    ids = torch.tensor([prompt[0].tolist() + r + [tok.pad_token_id] * (width - len(r)) for r in rows])
    done = first_line_done(tok, prompt.shape[1])(ids, None)
    assert done.tolist() == [True, False, False]
    # once `enough` rows have finished their line, the whole batch stops
    assert first_line_done(tok, prompt.shape[1], enough=2)(ids, None).tolist() == [True, False, False]
    assert first_line_done(tok, prompt.shape[1], enough=1)(ids, None).tolist() == [True, True, True]

    messages = [{"role": "user", "content": "Write three interview questions for a data engineer, one per line."}]
    outs = _sample(generator, messages, GenerationOptions(seed=3, max_new_tokens=80, enough_candidates=3), 3)
    assert len(outs) == 3 and len(set(outs)) > 1  # the rows share one prompt cache, not one sample
    for raw in outs:
        assert raw.strip()
        first, _, rest = raw.lstrip().partition("\n")
        assert len(tok(rest, add_special_tokens=False)["input_ids"]) <= 1, raw


@pytest.mark.slow
def test_dequantized_weights_are_cached_once_and_reloaded_unchanged(tmp_path, monkeypatch):
    """The first load converts the GGUF file and caches float32 weights; the next load reads the cache
    (what bench/latency.py reports as a cached load) and gives the same model."""
    import torch

    from interview.models.gguf_cache import generator_cache_ready, load_base_generator

    monkeypatch.setenv("INTERVIEW_CACHE_DIR", str(tmp_path / "cache"))
    assert not generator_cache_ready()
    converted, _ = load_base_generator()
    assert generator_cache_ready()
    assert not list((tmp_path / "cache").glob(".tmp-*"))  # written under a temporary name, then renamed
    cached, _ = load_base_generator()
    for (name, a), (_, b) in zip(converted.state_dict().items(), cached.state_dict().items()):
        assert torch.equal(a, b), name


@pytest.mark.slow
def test_greedy_feedback_reads_the_words_it_copies_from_its_prompt_in_fewer_passes(generator, monkeypatch):
    """Greedy generation uses prompt lookup decoding: feedback that repeats its findings (quotes, advice)
    is checked several tokens per forward pass, so the model runs fewer passes than it writes tokens;
    turned off, it runs one pass per token. The text keeps the opening it was given either way."""
    from interview.generation import generator as gen_module, prompts

    findings = ('Score: 48/100\nStrength: "I showed the team user research to convince them" (a step you took '
                'yourself)\nGap 1: Put a number on the result: time saved, errors avoided, users reached or '
                'money.\nGap 2: Close with what you learned or would do differently.')
    messages = prompts.feedback_messages("Tell me about a time you put the customer first.", findings)
    opening = 'One thing that works: "I showed the team user research to convince them"'
    model, passes = generator.model, []
    forward = model.forward
    monkeypatch.setattr(model, "forward", lambda *a, **kw: passes.append(1) or forward(*a, **kw))

    def run(lookup_tokens: int) -> tuple[str, int, int]:
        monkeypatch.setattr(gen_module, "PROMPT_LOOKUP_TOKENS", lookup_tokens)
        passes.clear()
        text = gen_module.complete(generator, messages, max_new_tokens=80, temperature=0.0,
                                   repetition_penalty=1.0, prefix=opening)
        written = len(generator.tokenizer(text[len(opening):], add_special_tokens=False)["input_ids"])
        return text, len(passes), written

    plain, plain_passes, plain_tokens = run(0)
    looked_up, lookup_passes, lookup_tokens = run(10)
    assert plain.startswith(opening) and looked_up.startswith(opening)
    assert plain_passes >= plain_tokens > 10, (plain_passes, plain_tokens)   # one pass per token, off
    assert lookup_passes < 0.7 * lookup_tokens, (lookup_passes, lookup_tokens, looked_up)
