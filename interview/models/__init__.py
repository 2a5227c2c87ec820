"""Locating and loading the models of DESIGN.md §2 (settings → checkpoints → embedded), and what the Models page says about them.

Importing any module of this package sets the offline flags below first: every loader here, and every
module that imports transformers after one of them (router, retriever, training jobs), must never try
the network, and the flags are read when transformers is imported, so setting them inside a loader would
be too late for the others.
"""
import os

# Our own loads never touch the network; the embedded models are on disk.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Progress bars of weight loading would land on the CLI's stderr, whose contract is one line.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")


def quiet_transformers() -> None:
    """transformers' progress bars and advisories would land on the CLI's stderr, whose contract is one line."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
