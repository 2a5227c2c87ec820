"""Paths in training configs: relative ones are relative to the project, and paths inside the
project are saved relative to it, so committed configs carry no machine paths.

    >>> project_path("data")            # PosixPath('/.../project/data')
    >>> portable_path(str(project_path("checkpoints/router")))
    'checkpoints/router'
"""
from __future__ import annotations

import json
from pathlib import Path

from interview.config import PROJECT_ROOT


def project_path(p: str | Path) -> Path:
    p = Path(p)
    return p if p.is_absolute() else PROJECT_ROOT / p


def portable_path(value: str) -> str:
    try:
        return str(Path(value).resolve().relative_to(PROJECT_ROOT))
    except (ValueError, OSError):
        return value


def save_adapter(peft_model, folder: Path, base: str) -> None:
    """Save a peft model's adapter to `folder` with nothing machine-specific in it: `base` (a portable
    name or path) replaces the base model's site-packages or cache path in adapter_config.json, and
    peft's empty model card, which names that path too, is not kept."""
    peft_model.save_pretrained(str(folder))
    (folder / "README.md").unlink(missing_ok=True)
    config = folder / "adapter_config.json"
    meta = json.loads(config.read_text())
    meta["base_model_name_or_path"] = base
    config.write_text(json.dumps(meta, indent=2))
