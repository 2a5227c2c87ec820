"""Shared fixtures. Real embedded models are loaded once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Derived model files (the dequantized generator) survive between test runs; user data never does.
os.environ.setdefault("INTERVIEW_CACHE_DIR", str(ROOT / ".cache" / "models"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """Every test gets its own empty user data folder."""
    monkeypatch.setenv("INTERVIEW_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture(scope="session")
def encoder():
    from interview.models.loading import load_encoder
    return load_encoder()


@pytest.fixture(scope="session")
def generator():
    from interview.models.loading import load_generator
    return load_generator()
