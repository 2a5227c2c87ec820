"""Settings and paths. Settings are read from the environment at call time, never at import time,
so tests and the app can change them per process with `monkeypatch.setenv`."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHECKPOINTS_DIR = PROJECT_ROOT / "checkpoints"
DATA_DIR = PROJECT_ROOT / "data"
ASSETS_DIR = PROJECT_ROOT / "assets"



# The generator's engine (interview/models/loading.py generator_backend): "auto" serves a GGUF the user names with
# llama.cpp when it is installed (`make install-llama`), everything else with torch.
GENERATOR_BACKENDS = ("auto", "torch", "llama")
DEFAULT_BACKEND = "auto"

YES_WORDS = frozenset({"1", "true", "yes", "on"})  # what turns a setting on, in env vars and training flags


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in YES_WORDS


@dataclass(frozen=True)
class Settings:
    data_dir: Path               # SQLite history and user data (INTERVIEW_DATA_DIR)
    cache_dir: Path              # derived model files, e.g. the dequantized generator (INTERVIEW_CACHE_DIR)
    hosted: bool                 # INTERVIEW_HOSTED=1: many anonymous visitors, strict isolation
    generator: str | None        # INTERVIEW_GENERATOR: path/id of a causal LM or adapter; None = resolve
    router: str | None           # INTERVIEW_ROUTER: path of a router checkpoint; None = resolve
    retriever: str | None        # INTERVIEW_RETRIEVER: path/id of a sentence encoder or adapter
    whisper: str | None          # INTERVIEW_WHISPER: path or name of a Whisper model
    whisper_backend: str         # INTERVIEW_WHISPER_BACKEND: "faster-whisper" (default) or "openai-whisper"
    quantize: bool               # INTERVIEW_QUANTIZE=0 turns off int8 dynamic quantization (generator, router)
    backend: str                 # INTERVIEW_BACKEND: generator engine, "auto", "torch" or "llama" (DEFAULT_BACKEND)

    @classmethod
    def from_env(cls) -> "Settings":
        home = Path(os.environ.get("INTERVIEW_DATA_DIR") or Path.home() / ".interview-coach")
        cache = Path(os.environ.get("INTERVIEW_CACHE_DIR") or home / "cache")
        return cls(
            data_dir=home,
            cache_dir=cache,
            hosted=_flag("INTERVIEW_HOSTED"),
            generator=os.environ.get("INTERVIEW_GENERATOR") or None,
            router=os.environ.get("INTERVIEW_ROUTER") or None,
            retriever=os.environ.get("INTERVIEW_RETRIEVER") or None,
            whisper=os.environ.get("INTERVIEW_WHISPER") or None,
            whisper_backend=os.environ.get("INTERVIEW_WHISPER_BACKEND", "faster-whisper"),
            quantize=os.environ.get("INTERVIEW_QUANTIZE", "1") != "0",
            backend=os.environ.get("INTERVIEW_BACKEND", DEFAULT_BACKEND).strip().lower() or DEFAULT_BACKEND,
        )


def get_settings() -> Settings:
    """Current settings (re-read from the environment on every call; cheap)."""
    return Settings.from_env()
