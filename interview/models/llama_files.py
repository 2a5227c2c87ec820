"""Which GGUF files llama.cpp serves (interview/models/llama_backend.py): the model and adapter for a source,
the embedded SmolLM2 requantized to SERVED_TYPE or with the project's adapter merged into its weights, each built
once into the cache folder and keyed by the files' contents, and whether an adapter's GGUF conversion is current.
"""
from __future__ import annotations

import ctypes
import hashlib
import json
import os
from pathlib import Path

from interview.models.gguf_cache import cache_key, file_identity
from interview.models.sources import GENERATOR_GGUF, ModelSource, embedded_generator_dir

ADAPTER_GGUF = "adapter.gguf"
ADAPTER_GGUF_INFO = "adapter_gguf.json"


# The embedded SmolLM2 ships as Q4_1, a type llama.cpp reads prompts slowly in: its batched matrix kernels
# (llamafile's tinyBLAS, the repacked AVX kernels) take F32, F16, Q8_0 and Q4_0, and Q4_1 falls back to one
# dot product per row. It is served requantized to Q8_0 (served_model_file). Measured (bench/serving.py, 40
# feedback prompts, 2 cores): first token 0.48 s vs 0.81 s, decoding 66.9 vs 72.1 tokens/s, greedy text equal
# to torch float32's on 28 vs 27 of 40, generator RSS 0.27 GB either way (the context is 2,048 now).
SERVED_TYPE = "Q8_0"
SERVED_FTYPE = 7   # llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0 (named here without importing llama_cpp)
# The project's adapter is served merged into the embedded model's weights (merged_model_file): applied at
# run time, llama.cpp adds two small matrix products, a scale and an add to each of the 210 adapted
# projections of every decoding step. False: the <= 10 MB GGUF adapter is applied at run time instead.
MERGE_ADAPTER = True


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def adapter_gguf_current(run: Path) -> bool:
    """Whether `run/adapter.gguf` exists and was converted from the peft weights now in `run`."""
    run = Path(run)
    gguf, info, peft = run / ADAPTER_GGUF, run / ADAPTER_GGUF_INFO, run / "adapter_model.safetensors"
    if not (gguf.is_file() and info.is_file() and peft.is_file()):
        return False
    try:
        return json.loads(info.read_text()).get("source_sha256") == sha256_file(peft)
    except (OSError, ValueError):
        return False


def gguf_files(source: ModelSource) -> tuple[Path, Path | None] | str:
    """(model GGUF, GGUF adapter or None) that llama.cpp would serve for `source`, or the reason it cannot
    serve it (one sentence naming what to do)."""
    path = Path(source.path)
    if path.suffix == ".gguf":
        return (path, None) if path.is_file() else f"The GGUF file {path} does not exist."
    if (path / "adapter_config.json").is_file():
        if not adapter_gguf_current(path):
            return (f"The adapter {path} has no current GGUF conversion ({ADAPTER_GGUF}); run "
                    "`make convert-adapter-gguf`, or set INTERVIEW_BACKEND=torch.")
        return embedded_generator_dir() / GENERATOR_GGUF, path / ADAPTER_GGUF
    return (f"llama.cpp serves GGUF files, and {path} is not one; set INTERVIEW_GENERATOR to a .gguf file, "
            "or INTERVIEW_BACKEND=torch.")


_SILENT_LOG = None   # the C callback must outlive every log call, so it is kept here


def _silence_llama_log() -> None:
    """llama.cpp logs to stderr (context sizes, adapter buffer fallbacks) whatever `verbose` says; the
    CLI's stderr carries one line, and a load failure is reported by the ModelMissing we raise."""
    global _SILENT_LOG
    import llama_cpp

    if _SILENT_LOG is None:
        _SILENT_LOG = llama_cpp.llama_log_callback(lambda level, text, user_data: None)
        llama_cpp.llama_log_set(_SILENT_LOG, ctypes.c_void_p(0))


def _threads() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _quantize(source: Path, out: Path) -> bool:
    """llama.cpp's quantizer, `source` to SERVED_TYPE, into `out` (written under a temporary name, then
    renamed); False when it fails or the folder cannot be written."""
    import llama_cpp

    _silence_llama_log()
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype, params.allow_requantize, params.nthread = SERVED_FTYPE, True, _threads()
    tmp = out.with_name(f".tmp-{os.getpid()}-{out.name}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if llama_cpp.llama_model_quantize(str(source).encode(), str(tmp).encode(), params) == 0:
            os.replace(tmp, out)
            return True
    except OSError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return False


def _is_embedded(model_path: Path) -> bool:
    return model_path.resolve() == (embedded_generator_dir() / GENERATOR_GGUF).resolve()


def served_model_file(model_path: Path) -> Path:
    """The GGUF llama.cpp loads for `model_path`: the embedded SmolLM2 requantized once to SERVED_TYPE into
    the cache folder (a second or so), any other file as is, and the file itself when the copy cannot be
    written (a read-only cache)."""
    from interview.config import get_settings

    model_path = Path(model_path)
    if not SERVED_TYPE or not _is_embedded(model_path):
        return model_path
    out = get_settings().cache_dir / f"{model_path.stem}-{SERVED_TYPE}-{cache_key(file_identity(model_path))}.gguf"
    return out if out.is_file() or _quantize(model_path, out) else model_path


def merged_model_file(model_path: Path, lora_path: Path) -> Path | None:
    """The embedded SmolLM2 with the GGUF adapter merged into its weights, quantized to SERVED_TYPE, built
    once into the cache folder (about 10 s: gguf_merge.write_merged from the shipped file, whose weights
    the torch path serves too, then llama.cpp's quantizer) and keyed by both files' contents, so a new
    adapter never meets a stale merge. None where it is not built: merging is off (MERGE_ADAPTER), another
    model, no SERVED_TYPE, or the merge or the cache failed; the adapter is then applied at run time."""
    from interview.config import get_settings
    from interview.models.gguf_merge import write_merged

    model_path, lora_path = Path(model_path), Path(lora_path)
    if not (MERGE_ADAPTER and SERVED_TYPE and _is_embedded(model_path)):
        return None
    key = cache_key(file_identity(model_path), sha256_file(lora_path))
    out = get_settings().cache_dir / f"{model_path.stem}-{SERVED_TYPE}-{lora_path.parent.name}-merged-{key}.gguf"
    if out.is_file():
        return out
    f32 = out.with_name(f".tmp-{os.getpid()}-f32-{out.name}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_merged(model_path, lora_path, f32)
        return out if _quantize(f32, out) else None
    except (OSError, ValueError):
        return None
    finally:
        f32.unlink(missing_ok=True)


def served_files(model_path: Path, lora_path: Path | None) -> tuple[Path, Path | None, Path | None]:
    """(GGUF llama.cpp loads, adapter it applies at run time or None, adapter merged into that GGUF or None)."""
    if lora_path is not None and (merged := merged_model_file(model_path, lora_path)) is not None:
        return merged, None, Path(lora_path)
    return served_model_file(model_path), lora_path, None
