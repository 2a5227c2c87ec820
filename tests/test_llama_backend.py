"""The llama.cpp generator backend (interview/models/llama_backend.py, issue 26): the backend choice, the GGUF
adapter's provenance check, and, with the real embedded GGUF and the project's adapter, the calls the
app makes (candidates, streaming, whole completions, seeds) and the feedback gate; then a GGUF of a second
architecture with its own chat template, built here, served through the same code.

llama-cpp-python is an extra (`make install-llama`; `make test` installs it). Where it is missing these
tests skip, except under CI (CI=true) or INTERVIEW_REQUIRE_LLAMA=1, where they fail: CI must run them."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from interview.models import llama_backend, llama_files
from interview.models.loading import ModelMissing, ModelSource, find_adapter, generator_backend

STAR_ANSWER = ("In my last role my manager wanted to ship the pricing page without a test. I was responsible for "
               "the experiment plan, so I showed him last quarter's data and proposed a one-week A/B test. He "
               "agreed, the test showed a 4% drop in sign-ups for the new page, and we kept the old one.")


@pytest.fixture(scope="module")
def needs_llama():
    if llama_backend.available():
        return
    if os.environ.get("CI", "").lower() in ("1", "true") or os.environ.get("INTERVIEW_REQUIRE_LLAMA") == "1":
        pytest.fail("llama-cpp-python is not installed; run `make install-llama` (make test does).")
    pytest.skip("llama-cpp-python is not installed (`make install-llama`)")


@pytest.fixture(scope="module")
def llama_gen(needs_llama):
    from interview.models.loading import load_generator

    return load_generator(backend="llama")


# ----------------------------------------------------------------------------- no model needed

def test_backend_setting_and_model_file_choose_the_engine(monkeypatch, tmp_path):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    hf_folder = ModelSource("generator", "setting", str(tmp_path))
    as_gguf = ModelSource("generator", "setting", str(gguf))
    monkeypatch.setattr(llama_backend, "available", lambda: True)
    assert generator_backend(as_gguf, "auto") == "llama"
    assert generator_backend(hf_folder, "auto") == "torch"      # llama.cpp serves GGUF files only
    project = ModelSource("generator", "adapter", str(find_adapter("generator")))
    assert generator_backend(project, "auto") == "torch"        # measured faster to feedback (bench/serving.py)
    assert generator_backend(project, "llama") == "llama"
    assert generator_backend(as_gguf, "torch") == "torch"
    monkeypatch.setattr(llama_backend, "available", lambda: False)
    assert generator_backend(as_gguf, "auto") == "torch"
    monkeypatch.setenv("INTERVIEW_BACKEND", "llama")
    assert generator_backend(as_gguf) == "llama"
    monkeypatch.setenv("INTERVIEW_BACKEND", "tensorrt")
    with pytest.raises(ModelMissing, match="INTERVIEW_BACKEND=tensorrt"):
        generator_backend(as_gguf)


def test_the_models_page_says_the_embedded_gguf_is_served_as_q8_0(monkeypatch):
    from interview.models.cards import model_card

    monkeypatch.setenv("INTERVIEW_BACKEND", "llama")
    monkeypatch.setattr(llama_backend, "available", lambda: True)
    assert "Q4_1.gguf requantized to Q8_0 with the GGUF adapter" in model_card("generator").model


def test_asking_for_llama_without_it_names_the_install_command(monkeypatch):
    from interview.models.loading import load_generator

    monkeypatch.setattr(llama_backend, "available", lambda: False)
    with pytest.raises(ModelMissing, match="make install-llama"):
        load_generator(backend="llama")


def test_a_retrained_adapter_is_not_served_with_a_stale_conversion(tmp_path):
    run = find_adapter("generator")
    assert run is not None and llama_backend.adapter_gguf_current(run), \
        "checkpoints/generator/<BEST>/adapter.gguf is missing or stale: run `make convert-adapter-gguf`"
    assert (run / llama_backend.ADAPTER_GGUF).stat().st_size <= 10_000_000
    copy = tmp_path / "run"
    shutil.copytree(run, copy, ignore=shutil.ignore_patterns("plots", "feedback_eval"))
    assert llama_backend.adapter_gguf_current(copy)
    with open(copy / "adapter_model.safetensors", "ab") as f:   # as if trained again
        f.write(b"\0")
    assert not llama_backend.adapter_gguf_current(copy)
    reason = llama_backend.gguf_files(ModelSource("generator", "adapter", str(copy)))
    assert isinstance(reason, str) and "make convert-adapter-gguf" in reason


# ----------------------------------------------------------------------------- the embedded GGUF + adapter

def test_the_embedded_gguf_is_served_requantized_to_q8_0_once(needs_llama, tmp_path, monkeypatch):
    """llama.cpp reads prompts with batched kernels in Q8_0 and one dot product per row in Q4_1 (the shipped
    type; bench/serving.py): the embedded file is requantized once into the cache folder and reused, any
    other GGUF is served as it is, and so is the shipped file where the cache cannot be written."""
    import gguf

    from interview.models.loading import GENERATOR_GGUF, embedded_generator_dir

    monkeypatch.setenv("INTERVIEW_CACHE_DIR", str(tmp_path / "cache"))
    shipped = embedded_generator_dir() / GENERATOR_GGUF
    served = llama_backend.served_model_file(shipped)
    assert served.parent == tmp_path / "cache" and served.name.endswith(".gguf")
    types = {t.tensor_type.name for t in gguf.GGUFReader(served).tensors}
    assert "Q8_0" in types and "Q4_1" not in types
    made = served.stat().st_mtime_ns
    assert llama_backend.served_model_file(shipped) == served and served.stat().st_mtime_ns == made
    assert [p.name for p in served.parent.iterdir()] == [served.name]        # no temporary file left
    other = tmp_path / "brought.gguf"
    other.write_bytes(b"GGUF")
    assert llama_backend.served_model_file(other) == other
    monkeypatch.setenv("INTERVIEW_CACHE_DIR", "/proc/no-such-cache")         # cannot be created
    assert llama_backend.served_model_file(shipped) == shipped


@pytest.mark.slow
def test_the_project_adapter_is_served_and_changes_the_output(llama_gen, needs_llama):
    from interview.generation.generator import complete

    assert llama_gen.backend == "llama" and llama_gen.model.merged_adapter.name == "adapter.gguf"
    shipped = llama_files.embedded_generator_dir() / llama_files.GENERATOR_GGUF
    base = llama_backend.LlamaModel(llama_backend.served_model_file(shipped))   # the same GGUF, no adapter
    messages = json.loads(Path(__file__).parent.joinpath("..", "data", "feedback_dataset.jsonl").resolve()
                          .read_text().splitlines()[0])["messages"][:2]
    tuned = complete(llama_gen, messages, max_new_tokens=60, temperature=0.0, repetition_penalty=1.0)
    ids = base.prompt_ids(messages)
    plain = "".join(base.pieces(ids, 60, temperature=0.0))
    assert tuned and tuned != plain.strip()


def test_the_adapter_is_merged_once_and_keyed_by_its_contents(needs_llama, tmp_path, monkeypatch):
    """The served GGUF has the project's adapter merged in (merged_model_file): built once into the cache,
    reused, rebuilt for another adapter, and not built where merging is off (the adapter is then applied at
    run time, as for the shipped Q4_1 file)."""
    from interview.models.loading import GENERATOR_GGUF, embedded_generator_dir

    monkeypatch.setenv("INTERVIEW_CACHE_DIR", str(tmp_path / "cache"))
    shipped = embedded_generator_dir() / GENERATOR_GGUF
    adapter = find_adapter("generator") / llama_backend.ADAPTER_GGUF
    model, runtime, merged = llama_backend.served_files(shipped, adapter)
    assert runtime is None and merged == adapter and model.parent == tmp_path / "cache"
    made = model.stat().st_mtime_ns
    assert llama_backend.served_files(shipped, adapter)[0] == model and model.stat().st_mtime_ns == made
    assert [p.name for p in model.parent.iterdir()] == [model.name]          # no temporary file left
    other = tmp_path / "other" / llama_backend.ADAPTER_GGUF
    other.parent.mkdir()
    other.write_bytes(adapter.read_bytes()[:-1] + b"\1")                    # another adapter's weights
    assert llama_files.merged_model_file(shipped, other) not in (None, model)
    monkeypatch.setattr(llama_files, "MERGE_ADAPTER", False)
    assert llama_backend.served_files(shipped, adapter) == (llama_backend.served_model_file(shipped), adapter, None)


@pytest.mark.slow
def test_the_merged_gguf_decodes_as_the_adapter_applied_at_run_time(llama_gen):
    """Greedy decoding on the served (merged) GGUF gives the runtime adapter's tokens on a short prompt; the
    two differ only by the Q8_0 rounding of the merged weights."""
    shipped = llama_files.embedded_generator_dir() / llama_files.GENERATOR_GGUF
    runtime = llama_backend.LlamaModel(llama_backend.served_model_file(shipped), llama_gen.model.merged_adapter)
    messages = [{"role": "user", "content": "Ask me one interview question about SQL indexes."}]
    ids = runtime.prompt_ids(messages)
    assert ids == llama_gen.model.prompt_ids(messages)
    assert list(llama_gen.model.tokens(ids, 24)) == list(runtime.tokens(ids, 24))


@pytest.mark.slow
def test_streaming_completion_and_seeds(llama_gen):
    from interview.generation.generator import complete, stream_chat
    from interview.generation import prompts

    messages = prompts.question_messages("Backend Engineer", "Build Python services on AWS.", "medium", "technical")
    pieces = list(stream_chat(llama_gen, messages, max_new_tokens=40, temperature=0.0, repetition_penalty=1.0))
    assert len(pieces) > 3                                            # streamed, not one block
    assert complete(llama_gen, messages, max_new_tokens=40, temperature=0.0, repetition_penalty=1.0) \
        .startswith("".join(pieces).strip()[:20])
    a = complete(llama_gen, messages, max_new_tokens=40, temperature=0.9, seed=7)
    b = complete(llama_gen, messages, max_new_tokens=40, temperature=0.9, seed=7)
    c = complete(llama_gen, messages, max_new_tokens=40, temperature=0.9, seed=8)
    assert a == b and a != c


@pytest.mark.slow
def test_question_candidates_stop_at_their_first_line(llama_gen, encoder):
    from interview.generation.generator import GENERATION_LOCK, GenerationOptions, _sample, build_candidate, generate_question
    from interview.generation import prompts

    messages = prompts.question_messages("Data Engineer", "Own Airflow pipelines and a Snowflake warehouse.",
                                         "medium", "behavioral")
    opts = GenerationOptions(seed=11)
    raws = _sample(llama_gen, messages, opts, 4)
    assert 1 <= len(raws) <= 4 and raws == _sample(llama_gen, messages, opts, 4)   # seeded: reproducible
    assert all(r.strip().count("\n") == 0 for r in raws)      # decoding ended with the first line
    assert len({build_candidate(r) for r in raws}) > 1         # candidates differ
    assert not GENERATION_LOCK.locked()
    q = generate_question(llama_gen, encoder, "Data Engineer", "Own Airflow pipelines and a Snowflake warehouse.",
                          "medium", "behavioral", opts=GenerationOptions(seed=3))
    assert q.text.endswith(("?", "."))


@pytest.mark.slow
def test_feedback_passes_the_gate_as_with_torch(llama_gen, generator, encoder):
    """The feedback's first (greedy) draft through the gate, llama.cpp beside torch, on the answers
    tests/test_coaching.py uses for torch."""
    from interview.coaching.assessment import assess
    from interview.coaching.feedback import write_feedback
    from interview.coaching.gate import Sources

    answers = [("Tell me about a time you disagreed with your manager.", "behavioral", STAR_ANSWER),
               ("What is an index in a relational database, and when would you not add one?", "technical",
                "An index is a B-tree on one or more columns that lets the database find rows without scanning "
                "the table. For example I added one on orders.customer_id and the lookup went from 900 ms to 4 ms. "
                "I would not add one on a column that is written far more than it is read, because every insert "
                "updates it.")]
    passed = {"llama": 0, "torch": 0}
    for question, qtype, answer in answers:
        a = assess(question, qtype, answer, encoder=encoder)
        for name, gen in (("llama", llama_gen), ("torch", generator)):
            fb = write_feedback(gen, a, Sources(question, a.answer))
            passed[name] += fb.first_draft_passed
            assert fb.source == "model" or fb.drafts, fb   # the model was asked and its drafts gated
    assert passed["llama"] >= 1 and passed["llama"] >= passed["torch"] - 1, passed


def write_tiny_lora_gguf(path: Path, model: Path, targets: dict[str, tuple[int, int]], rank: int = 4,
                         alpha: float = 8.0, seed: int = 1) -> Path:
    """A GGUF LoRA adapter for `model` on the tensors `targets` ({name: (n_out, n_in)}), as llama.cpp's
    convert_lora_to_gguf.py writes one: A (rank, n_in) and B (n_out, rank) in numpy order, alpha in the
    metadata."""
    import gguf
    import numpy as np

    rng = np.random.default_rng(seed)
    arch = bytes(gguf.GGUFReader(model).fields["general.architecture"].parts[-1]).decode()
    w = gguf.GGUFWriter(str(path), arch)
    w.add_string("general.type", "adapter")
    w.add_string("adapter.type", "lora")
    w.add_float32("adapter.lora.alpha", alpha)
    for name, (n_out, n_in) in targets.items():
        w.add_tensor(name + ".lora_a", (rng.standard_normal((rank, n_in)) * 0.1).astype(np.float32))
        w.add_tensor(name + ".lora_b", (rng.standard_normal((n_out, rank)) * 0.1).astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def test_a_merged_adapter_gives_the_logits_of_the_adapter_applied_at_run_time(needs_llama, tmp_path):
    """gguf_merge.write_merged adds alpha/rank * B @ A to exactly the adapted tensors, in the orientation and
    scale llama.cpp applies a runtime adapter with: a tiny float32 model's logits with the adapter merged
    equal its logits with the adapter loaded by llama.cpp, and differ from the bare model's."""
    import gguf
    import llama_cpp
    import numpy as np
    from llama_cpp import Llama

    from interview.models.gguf_merge import write_merged

    model = write_tiny_qwen2_gguf(tmp_path / "tiny.gguf")
    targets = {"blk.0.attn_q.weight": (64, 64), "blk.1.ffn_down.weight": (64, 128), "blk.1.ffn_up.weight": (128, 64)}
    adapter = write_tiny_lora_gguf(tmp_path / "lora.gguf", model, targets)
    assert write_merged(model, adapter, tmp_path / "merged.gguf") == len(targets)

    before = {t.name: np.array(t.data) for t in gguf.GGUFReader(model).tensors}
    after = {t.name: np.array(t.data) for t in gguf.GGUFReader(tmp_path / "merged.gguf").tensors}
    assert sorted(n for n in before if not np.array_equal(before[n], after[n])) == sorted(targets)

    def logits(path, lora=None):
        llama_backend._silence_llama_log()
        llm = Llama(model_path=str(path), lora_path=str(lora) if lora else None, n_ctx=64, n_threads=1,
                    verbose=False)
        llm.eval(llm.tokenize(b"Tell me about a time you disagreed.", add_bos=False))
        return np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1), shape=(llm.n_vocab(),)).copy()

    merged, runtime, bare = logits(tmp_path / "merged.gguf"), logits(model, adapter), logits(model)
    assert np.abs(merged - runtime).max() < 1e-3 * np.abs(runtime).max()
    assert np.abs(bare - runtime).max() > 100 * np.abs(merged - runtime).max()     # the adapter matters

    wrong = write_tiny_lora_gguf(tmp_path / "wrong.gguf", model, {"blk.9.attn_q.weight": (64, 64)})
    with pytest.raises(ValueError, match="blk.9.attn_q.weight"):
        write_merged(model, wrong, tmp_path / "never.gguf")


# ----------------------------------------------------------------------------- a second architecture

CUSTOM_TEMPLATE = ("{% for m in messages %}### {{ m['role'] | capitalize }}:\n{{ m['content'] }}\n\n{% endfor %}"
                   "{% if add_generation_prompt %}### Assistant:\n{% endif %}")


def write_tiny_qwen2_gguf(path: Path, seed: int = 0) -> Path:
    """A 2-layer Qwen2 (q/k/v biases, grouped-query attention: another llama.cpp architecture than
    SmolLM2's llama) with random weights, SmolLM2's byte-level BPE vocabulary and a chat template of its
    own, written with the gguf package. ~13 MB, most of it the embedding table."""
    import gguf
    import numpy as np

    from interview.models.loading import GENERATOR_GGUF, embedded_generator_dir

    src = gguf.GGUFReader(embedded_generator_dir() / GENERATOR_GGUF)

    def field(name):
        f = src.fields[name]
        if f.types[0] == gguf.GGUFValueType.ARRAY:
            if f.types[-1] == gguf.GGUFValueType.STRING:
                return [bytes(f.parts[i]).decode("utf-8") for i in f.data]
            return [int(f.parts[i][0]) for i in f.data]
        v = f.parts[f.data[0]]
        return bytes(v).decode("utf-8") if f.types[0] == gguf.GGUFValueType.STRING else int(v[0])

    tokens = field("tokenizer.ggml.tokens")
    n_vocab, n_embd, n_head, n_kv, n_ff, n_layer = len(tokens), 64, 4, 2, 128, 2
    head = n_embd // n_head
    w = gguf.GGUFWriter(str(path), "qwen2")
    w.add_name("tiny-qwen2-test")
    w.add_context_length(2048)
    w.add_embedding_length(n_embd)
    w.add_block_count(n_layer)
    w.add_feed_forward_length(n_ff)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_kv)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre(field("tokenizer.ggml.pre"))
    w.add_token_list(tokens)
    w.add_token_types(field("tokenizer.ggml.token_type"))
    w.add_token_merges(field("tokenizer.ggml.merges"))
    w.add_bos_token_id(field("tokenizer.ggml.bos_token_id"))
    w.add_eos_token_id(field("tokenizer.ggml.eos_token_id"))
    w.add_chat_template(CUSTOM_TEMPLATE)
    rng = np.random.default_rng(seed)

    def t(*shape):
        return (rng.standard_normal(shape) * 0.05).astype(np.float32)

    w.add_tensor("token_embd.weight", t(n_vocab, n_embd))
    w.add_tensor("output_norm.weight", np.ones(n_embd, np.float32))
    for i in range(n_layer):
        p = f"blk.{i}."
        w.add_tensor(p + "attn_norm.weight", np.ones(n_embd, np.float32))
        w.add_tensor(p + "attn_q.weight", t(n_embd, n_embd))
        w.add_tensor(p + "attn_q.bias", t(n_embd))
        w.add_tensor(p + "attn_k.weight", t(n_kv * head, n_embd))
        w.add_tensor(p + "attn_k.bias", t(n_kv * head))
        w.add_tensor(p + "attn_v.weight", t(n_kv * head, n_embd))
        w.add_tensor(p + "attn_v.bias", t(n_kv * head))
        w.add_tensor(p + "attn_output.weight", t(n_embd, n_embd))
        w.add_tensor(p + "ffn_norm.weight", np.ones(n_embd, np.float32))
        w.add_tensor(p + "ffn_gate.weight", t(n_ff, n_embd))
        w.add_tensor(p + "ffn_up.weight", t(n_ff, n_embd))
        w.add_tensor(p + "ffn_down.weight", t(n_embd, n_ff))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


@pytest.mark.slow
def test_a_gguf_of_another_architecture_answers_through_the_app(needs_llama, tmp_path, monkeypatch, encoder):
    from interview.coach import Coach
    from interview.generation.generator import complete
    from interview.models.cards import model_card
    from interview.models.loading import load_generator
    from interview.routing.router import load_router

    gguf_path = write_tiny_qwen2_gguf(tmp_path / "tiny-qwen2.gguf")
    monkeypatch.setenv("INTERVIEW_GENERATOR", str(gguf_path))
    monkeypatch.setenv("INTERVIEW_BACKEND", "auto")
    gen = load_generator()                     # the app's call: the setting and the file choose llama.cpp
    assert gen.backend == "llama" and gen.model.architecture == "qwen2"
    messages = [{"role": "user", "content": "Ask me one interview question."}]
    prompt = gen.model.llm.detokenize(gen.model.prompt_ids(messages)).decode()
    assert prompt == "### User:\nAsk me one interview question.\n\n### Assistant:\n"    # its own template
    assert isinstance(complete(gen, messages, max_new_tokens=12, temperature=0.0), str)

    coach = Coach(generator=gen, encoder=encoder, router=load_router(encoder=encoder), retriever_encoder=encoder)
    s = coach.start("Backend Engineer", "Build Python services on AWS.", "medium", 1, owner="test")
    from interview.session import Turn

    s.turns.append(Turn(index=0, question="Tell me about a time you disagreed with your manager.",
                        question_type="behavioral"))
    coach.score(s, STAR_ANSWER)
    shown = "".join(coach.feedback_stream(s))
    turn = s.turns[-1]
    assert shown.strip() and turn.drafts["feedback"]            # the random model was asked, its drafts gated
    assert turn.written_by["feedback"] in ("model", "code")
    card = model_card("generator")
    assert "llama.cpp" in card.model and "tiny-qwen2" in card.model
