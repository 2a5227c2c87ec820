"""The embedded generator's weights: its GGUF file dequantized to float32 once, then read from a cache.

transformers dequantizes a GGUF on every load (about 20 s on 2 cores); the float32 safetensors written
here make later loads a few seconds.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from interview.config import get_settings
from interview.models.offline import quiet_transformers
from interview.models.sources import GENERATOR_GGUF, ModelMissing, embedded_generator_dir


def file_identity(path: Path) -> str:
    """A file's place, size and modification time: what a cache built from it is keyed by, so that a new
    package version (a new file) never meets what was built from the old one."""
    st = path.stat()
    return f"{path.resolve()}|{st.st_size}|{int(st.st_mtime)}"


def cache_key(*parts) -> str:
    """A short key for a cache entry built from `parts` (file identities, content hashes)."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _gguf_cache_dir(gguf: Path) -> Path:
    """Cache folder for the dequantized weights, keyed by the GGUF file's identity."""
    return get_settings().cache_dir / f"{gguf.stem}-f32-{cache_key(file_identity(gguf))}"


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
    quiet_transformers()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

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
