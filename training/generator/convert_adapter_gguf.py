"""Convert the generator's LoRA adapter (peft safetensors) to a GGUF adapter for the llama.cpp backend.

    .venv/bin/python -m training.generator.convert_adapter_gguf [--run checkpoints/generator/<run>]   (make convert-adapter-gguf)

Writes `<run>/adapter.gguf` beside the peft files, and `<run>/adapter_gguf.json` with the sha256 of the
peft weights it came from: interview/models/llama_backend.py serves the GGUF adapter only while that hash still
matches, so a retrained adapter is never served with a stale conversion.

The converter is llama.cpp's own `convert_lora_to_gguf.py` (MIT): it knows llama.cpp's tensor names and
the query/key row permutation of Llama-family GGUFs, which a hand-written converter would have to
repeat. It ships in the source distribution of llama-cpp-python (the version pinned in
requirements-llama.txt), not in the installed package, so that sdist is fetched once with pip (PyPI;
pip's cache makes later fetches free) and its converter unpacked into the cache folder;
`--llama-cpp-source <llama.cpp checkout>` uses that instead. The peft weights are float16, so the GGUF
adapter is written as f16: lossless, ~5 MB for SmolLM2's rank-8 adapter.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from dataclasses import dataclass

from interview.config import PROJECT_ROOT as ROOT, get_settings
from interview.models.llama_backend import ADAPTER_GGUF, ADAPTER_GGUF_INFO, adapter_gguf_current
from interview.models.llama_backend import sha256_file as sha256
from training.options import parse_options


@dataclass
class Config:
    run: str = ""                  # adapter run folder ('' = the one checkpoints/generator/BEST names)
    force: bool = False            # convert even when adapter.gguf is current
    llama_cpp_source: str = ""     # a llama.cpp checkout holding convert_lora_to_gguf.py ('' = the pinned sdist's)
# What the converter needs from the llama.cpp tree: the script, its model classes and its gguf-py.
CONVERTER_PARTS = ("convert_lora_to_gguf.py", "conversion/", "gguf-py/", "LICENSE")


def pinned_llama_version() -> str:
    for line in (ROOT / "requirements-llama.txt").read_text().splitlines():
        if line.startswith("llama-cpp-python=="):
            return line.split("==", 1)[1].strip()
    raise SystemExit("requirements-llama.txt pins no llama-cpp-python version.")


def converter_dir(source: str = "") -> Path:
    """A llama.cpp tree holding convert_lora_to_gguf.py: `source`, or the pinned sdist's vendored llama.cpp
    unpacked (once) into the cache folder."""
    if source:
        src = Path(source)
        if not (src / "convert_lora_to_gguf.py").is_file():
            raise SystemExit(f"--llama-cpp-source {src} has no convert_lora_to_gguf.py; point it at a llama.cpp checkout.")
        return src
    version = pinned_llama_version()
    dest = get_settings().cache_dir / f"llama-cpp-converter-{version}"
    if (dest / "convert_lora_to_gguf.py").is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
               "--no-binary", ":all:", "-d", tmp, f"llama-cpp-python=={version}"]
        if subprocess.run(cmd).returncode != 0:
            raise SystemExit(f"Could not fetch the llama-cpp-python {version} source from PyPI for its converter; "
                             "connect to the internet once, or pass --llama-cpp-source <llama.cpp checkout>.")
        sdist = next(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
        prefix = f"{sdist.name[:-len('.tar.gz')]}/vendor/llama.cpp/"
        unpacked = Path(tmp) / "tree"
        with tarfile.open(sdist) as tar:
            members = [m for m in tar.getmembers()
                       if m.name.startswith(prefix) and m.name[len(prefix):].startswith(CONVERTER_PARTS)]
            for m in members:
                m.name = m.name[len(prefix):]
            tar.extractall(unpacked, members=members, filter="data")
        os.replace(unpacked, dest)
    return dest


def base_config_dir() -> Path:
    """A folder with the embedded base's Hugging Face config.json (the converter needs only the config):
    the float32 cache that the torch path writes on its first load, written now if it is missing."""
    from interview.models.loading import GENERATOR_GGUF, embedded_generator_dir
    from interview.models.gguf_cache import _gguf_cache_dir, generator_cache_ready

    gguf = embedded_generator_dir() / GENERATOR_GGUF
    if not generator_cache_ready(gguf):
        from interview.models.gguf_cache import load_base_generator

        load_base_generator(gguf)
    return _gguf_cache_dir(gguf)


def convert(run: Path, source: str = "") -> Path:
    """Convert `run`'s peft adapter to `run/adapter.gguf` (written under a temporary name, then renamed)."""
    run = Path(run)
    if not (run / "adapter_config.json").is_file():
        raise SystemExit(f"{run} holds no peft LoRA adapter (adapter_config.json).")
    tree = converter_dir(source)
    tmp = run / f".{ADAPTER_GGUF}.tmp"
    cmd = [sys.executable, str(tree / "convert_lora_to_gguf.py"), "--base", str(base_config_dir()),
           "--outtype", "f16", "--outfile", str(tmp), str(run)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise SystemExit(f"llama.cpp's converter failed on {run}:\n{proc.stderr[-2000:]}")
    os.replace(tmp, run / ADAPTER_GGUF)
    info = {"source": "adapter_model.safetensors", "source_sha256": sha256(run / "adapter_model.safetensors"),
            "converter": f"convert_lora_to_gguf.py of llama.cpp vendored in llama-cpp-python=={pinned_llama_version()}"
                         if not source else f"convert_lora_to_gguf.py of {tree}",
            "outtype": "f16", "bytes": (run / ADAPTER_GGUF).stat().st_size}
    (run / ADAPTER_GGUF_INFO).write_text(json.dumps(info, indent=2) + "\n")
    return run / ADAPTER_GGUF


def main() -> None:
    from interview.models.loading import find_adapter

    cfg = parse_options(Config, description=__doc__.split("\n\n")[0])
    run = Path(cfg.run) if cfg.run else find_adapter("generator")
    if run is None:
        raise SystemExit("No generator adapter: checkpoints/generator/BEST names none. Run `make train-generator`.")
    if adapter_gguf_current(run) and not cfg.force:
        print(f"{run / ADAPTER_GGUF} is current ({(run / ADAPTER_GGUF).stat().st_size / 1e6:.1f} MB).")
        return
    out = convert(run, cfg.llama_cpp_source)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
