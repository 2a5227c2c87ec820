"""Paths in training configs: relative ones are relative to the project, and paths inside the
project are saved relative to it, so committed configs carry no machine paths.

    >>> project_path("data")            # PosixPath('/.../project/data')
    >>> portable_path(str(project_path("checkpoints/router")))
    'checkpoints/router'
"""
from __future__ import annotations

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
