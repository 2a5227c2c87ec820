"""The generator on llama.cpp (llama-cpp-python, `make install-llama`): the same calls as the torch path
(interview/generation/generator.py: question candidates, streaming, whole completions), served from GGUF files.

Why: it is the one way to serve a bigger GGUF a user brings (INTERVIEW_GENERATOR=model.gguf) without
dequantizing it to float32, and on the embedded SmolLM2 (served as Q8_0, see llama_files.SERVED_TYPE) it holds a
fraction of the torch path's memory and decodes faster (1.5x with the adapter merged, see llama_files.MERGE_ADAPTER;
1.4x with it applied at run time); it reads a prompt 2.9x slower, though, so the
feedback a user waits for comes later, and INTERVIEW_BACKEND=auto keeps the embedded model on torch
(bench/serving.py and interview.models.loading.generator_backend have the figures).

What it serves: a `.gguf` model file (its own chat template, read from the file), optionally with a GGUF
LoRA adapter. The project's adapter (`checkpoints/generator/<BEST>`) is converted once to
`<run>/adapter.gguf` by `training/generator/convert_adapter_gguf.py`; `adapter_gguf.json` beside it records the
sha256 of the peft weights it came from, so a retrained adapter is never served with a stale conversion.
The embedded model is served with that adapter merged into its weights (llama_files.merged_model_file, built once into
the cache folder); the adapter is applied at run time where no merge is built (MERGE_ADAPTER off, the
shipped Q4_1 file, a cache that cannot be written).

Sampling mirrors Hugging Face `generate` as the torch path calls it, so that both backends mean the same
by temperature, top_p and repetition_penalty: the repetition penalty counts the prompt's tokens too (HF
does; llama-cpp-python's own sampler sees only the generated ones), the temperature is applied before
top-k 50 and top-p (HF's order; llama.cpp's default chain applies top-p first and adds min-p 0.05).
Greedy decoding is greedy on both. A prompt's key/value cache is kept and reused by the next call with
the same prompt (the candidates of a question, the drafts of a feedback), never for a mere common prefix:
the same prompt and seed give the same text whatever was decoded before (see LlamaModel._prefill).
"""
from __future__ import annotations

import codecs
import ctypes
import importlib.util
import queue
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from interview.models.sources import Generator, ModelMissing, ModelSource
from interview.models.llama_files import (  # noqa: F401 - ADAPTER_GGUF, adapter_gguf_current, gguf_files and
    ADAPTER_GGUF, ADAPTER_GGUF_INFO, _silence_llama_log, _threads, adapter_gguf_current, gguf_files,  # served_*
    served_files, served_model_file, sha256_file)  # are also read from here

# Context window: the app's prompts in its training data are at most 476 tokens (data/*_dataset.jsonl;
# sample answers with long evidence run longer) and it writes at most a few hundred; 2,048 leaves room
# and holds SmolLM2's KV cache (f16) at ~45 MB, 46 MB less resident memory than 4,096 (measured).
N_CTX = 2048
HF_TOP_K = 50            # transformers' default top_k, which the torch path's sampling uses
MISSING = ("The llama.cpp backend (llama-cpp-python) is not installed. Run `make install-llama` (it "
           "compiles llama.cpp: about {minutes} on 2 cores), or set INTERVIEW_BACKEND=torch.")
INSTALL_MINUTES = "6 minutes"   # measured: 5 min 31 s on this project's 2-core machine
def available() -> bool:
    """Whether llama-cpp-python is installed (checked without importing it: the import loads the library)."""
    return importlib.util.find_spec("llama_cpp") is not None


def require() -> None:
    if not available():
        raise ModelMissing(MISSING.format(minutes=INSTALL_MINUTES))


_PARAMS_LOCK = threading.Lock()


@contextmanager
def _no_amx_buffers():
    """While a Llama is constructed inside: no extra weight buffer types if the library was compiled with
    AMX kernels. On a VM whose CPU reports AMX without granting its tile state (this project's 2-core
    machine) those kernels crash the first decode; `make install-llama` compiles without them, a
    llama-cpp-python built by other means may not. llama-cpp-python's Llama() has no argument for
    llama.cpp's `use_extra_bufts`, so its default model parameters are amended for the duration."""
    import llama_cpp
    from llama_cpp import llama_cpp as lib

    if b"AMX_INT8 = 1" not in llama_cpp.llama_print_system_info():
        yield
        return
    plain = lib.llama_model_default_params

    def without_extra_buffers():
        params = plain()
        params.use_extra_bufts = False
        return params

    with _PARAMS_LOCK:
        lib.llama_model_default_params = without_extra_buffers
        try:
            yield
        finally:
            lib.llama_model_default_params = plain


def _trained_context(model_path: Path) -> int | None:
    """The context length the GGUF was trained with (its `<arch>.context_length`), read without loading it."""
    try:
        import gguf

        reader = gguf.GGUFReader(str(model_path))
        arch = bytes(reader.fields["general.architecture"].parts[-1]).decode()
        f = reader.fields.get(f"{arch}.context_length")
        return int(f.parts[-1][0]) if f else None
    except Exception:  # noqa: BLE001 - llama.cpp reports an unreadable file itself, below
        return None


class LlamaModel:
    """A llama_cpp.Llama with the chat template of its GGUF and a decoding loop whose sampling matches
    the torch path's. Not thread-safe: callers hold interview.fairlock.GENERATION_LOCK."""

    def __init__(self, model_path: Path, lora_path: Path | None = None, n_ctx: int = N_CTX,
                 merged_adapter: Path | None = None):
        """`lora_path`: a GGUF adapter applied at run time; `merged_adapter`: the one already merged into
        `model_path` (merged_model_file), recorded for what the app says it serves."""
        from llama_cpp import Llama, llama_chat_format

        self.model_path, self.lora_path = Path(model_path), (Path(lora_path) if lora_path else None)
        self.merged_adapter = Path(merged_adapter) if merged_adapter else None
        _silence_llama_log()
        threads = _threads()
        n_ctx = min(n_ctx, _trained_context(self.model_path) or n_ctx)
        # llama-cpp-python's default is half the cores: on 2 cores one thread, and half the speed.
        with _no_amx_buffers():
            self.llm = Llama(model_path=str(model_path), lora_path=str(lora_path) if lora_path else None,
                             n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads, verbose=False)
        self.n_ctx = self.llm.n_ctx()
        self._piece_buf = ctypes.create_string_buffer(256)
        template = self.llm.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelMissing(f"The GGUF file {model_path} carries no chat template (tokenizer.chat_template); "
                               "use an instruct/chat model's GGUF.")
        text = self.llm._model.token_get_text
        bos, eos = self.llm.token_bos(), self.llm.token_eos()
        self.template = llama_chat_format.Jinja2ChatFormatter(
            template, eos_token=text(eos) if eos >= 0 else "", bos_token=text(bos) if bos >= 0 else "",
            add_generation_prompt=True)
        self.architecture = self.llm.metadata.get("general.architecture", "?")
        self.name = self.llm.metadata.get("general.name") or self.model_path.stem

    def prompt_ids(self, messages: list[dict], prefix: str = "") -> list[int]:
        """The chat prompt's token ids, `prefix` (the assistant turn's first words) tokenized with it as
        one string, as the torch path does. Like transformers' apply_chat_template, no BOS is added
        beyond what the template writes itself."""
        prompt = self.template(messages=messages).prompt + prefix
        return self.llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)

    def _prefill(self, ids: list[int]) -> None:
        """Evaluate the prompt: all but its last token in one pass, then the last token alone, so that
        the logits sampled from never depend on what was decoded before (llama.cpp's numbers differ in
        the last bits between a batch and a single token, and seeded outputs would too). The first pass
        is skipped when the cache already holds exactly those tokens: the candidates of a question and
        the drafts of a feedback share their prompt."""
        llm, head = self.llm, len(ids) - 1
        if not (llm.n_tokens >= head and llm.input_ids[:head].tolist() == ids[:head]):
            llm.n_tokens = 0    # eval() drops the cache from n_tokens on before decoding
            llm.eval(ids[:head])
        llm.n_tokens = head
        llm.eval(ids[head:])

    def _sampler(self, ids: list[int], temperature: float, top_p: float, repetition_penalty: float,
                 seed: int | None):
        import llama_cpp
        from llama_cpp._internals import LlamaSampler

        s = LlamaSampler()
        if repetition_penalty != 1.0:
            s.add_penalties(n_vocab=self.llm.n_vocab(), penalty_last_n=self.n_ctx,
                            penalty_repeat=repetition_penalty, penalty_freq=0.0, penalty_present=0.0)
            for t in ids:       # HF penalises the prompt's tokens as well as the generated ones
                s.accept(t)
        if temperature <= 0:
            s.add_greedy()
        else:
            s.add_temp(temperature)
            s.add_top_k(HF_TOP_K)
            s.add_top_p(top_p, 1)
            s.add_dist(llama_cpp.LLAMA_DEFAULT_SEED if seed is None else seed & 0xFFFFFFFF)
        return s

    def tokens(self, ids: list[int], max_new_tokens: int, temperature: float = 0.0, top_p: float = 1.0,
               repetition_penalty: float = 1.0, seed: int | None = None, min_new_tokens: int = 0) -> Iterator[int]:
        """Generated token ids, until an end-of-generation token, `max_new_tokens` or the context's end.
        `min_new_tokens` (benchmarks: a fixed number of decoding steps) decodes on past an earlier end."""
        import llama_cpp

        if len(ids) >= self.n_ctx:
            raise ValueError(f"The prompt has {len(ids)} tokens, more than the model's context of {self.n_ctx}.")
        sampler = self._sampler(ids, temperature, top_p, repetition_penalty, seed)
        self._prefill(ids)
        vocab = self.llm._model.vocab
        for i in range(min(max_new_tokens, self.n_ctx - len(ids))):
            tok = sampler.sample(self.llm._ctx, -1)
            if llama_cpp.llama_vocab_is_eog(vocab, tok) and i >= min_new_tokens:
                return
            yield tok
            self.llm.eval([tok])

    def piece(self, tok: int) -> bytes:
        """The bytes of one token (special tokens render as nothing, like skip_special_tokens)."""
        import llama_cpp

        vocab = self.llm._model.vocab
        n = llama_cpp.llama_token_to_piece(vocab, tok, self._piece_buf, len(self._piece_buf), 0, False)
        if n < 0:                       # a piece longer than the buffer: -n bytes are needed
            buf = ctypes.create_string_buffer(-n)
            n = llama_cpp.llama_token_to_piece(vocab, tok, buf, len(buf), 0, False)
            return buf.raw[:n]
        return self._piece_buf.raw[:n]

    def pieces(self, ids: list[int], max_new_tokens: int, **sampling) -> Iterator[str]:
        """Generated text piece by piece (special tokens left out, UTF-8 split across tokens joined)."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        for tok in self.tokens(ids, max_new_tokens, **sampling):
            piece = decoder.decode(self.piece(tok))
            if piece:
                yield piece
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail


def load_generator(source: ModelSource) -> Generator:
    """A Generator whose `model` is a LlamaModel (its `tokenizer` is None: the GGUF carries its own)."""
    require()
    files = gguf_files(source)
    if isinstance(files, str):
        raise ModelMissing(files)
    model_path, lora_path, merged = served_files(*files)
    try:
        model = LlamaModel(model_path, lora_path, merged_adapter=merged)
    except ModelMissing:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised with the setting to change
        raise ModelMissing(
            f"llama.cpp could not load '{model_path}'{f' with {lora_path}' if lora_path else ''} "
            f"({exc.__class__.__name__}: {exc}). Set INTERVIEW_GENERATOR to another GGUF, or "
            "INTERVIEW_BACKEND=torch.") from exc
    return Generator(model=model, tokenizer=None, source=source, quantized=True, backend="llama")


# ----------------------------------------------------------------------------- the generator calls

def sample(gen: Generator, messages: list[dict], opts, n: int) -> list[str]:
    """Up to `n` question candidates (generator._sample's contract): each is decoded until its first
    non-empty line is complete (build_candidate keeps only that line), at EOS or at opts.max_new_tokens.
    llama-cpp-python decodes one sequence at a time, so candidates run one after another on the shared
    prompt cache, and the round stops once `opts.enough_candidates` have finished their line: the torch
    path cuts the stragglers of its batch at that point too."""
    from interview.fairlock import GENERATION_LOCK

    model: LlamaModel = gen.model
    ids = model.prompt_ids(messages)
    enough = min(n, opts.enough_candidates)
    texts, finished = [], 0
    with GENERATION_LOCK:
        for i in range(n):
            seed = None if opts.seed is None else (opts.seed << 8) + i   # one stream per round and candidate
            text, line_done = "", False
            for piece in model.pieces(ids, opts.max_new_tokens, temperature=opts.temperature, top_p=opts.top_p,
                                      seed=seed):
                text += piece
                if text.strip() and "\n" in text.lstrip():
                    line_done = True
                    break
            texts.append(text)
            finished += line_done
            if finished >= enough:
                break
    return texts


def stream_chat(gen: Generator, messages: list[dict], max_new_tokens: int, temperature: float,
                seed: int | None, repetition_penalty: float, prefix: str = "") -> Iterator[str]:
    """generator.stream_chat on llama.cpp: decoded in a worker thread that holds the generation lock
    until it is done (as the torch path's does), so a reader that stops early never leaves it held.
    The continuation of `prefix` only: generator.stream_chat yields the prefix itself."""
    from interview.fairlock import GENERATION_LOCK

    model: LlamaModel = gen.model
    ids = model.prompt_ids(messages, prefix)
    out: queue.Queue = queue.Queue()
    done = object()

    def work():
        try:
            with GENERATION_LOCK:
                for piece in model.pieces(ids, max_new_tokens, temperature=temperature,
                                          top_p=0.9 if temperature > 0 else 1.0,
                                          repetition_penalty=repetition_penalty, seed=seed):
                    out.put(piece)
        except BaseException as exc:  # noqa: BLE001 - surfaced to the reader below
            out.put(exc)
        out.put(done)

    threading.Thread(target=work, daemon=True).start()
    while (item := out.get(timeout=300)) is not done:
        if isinstance(item, BaseException):
            raise item
        yield item
