"""What the Models page shows: for each role, where its model comes from and, for fine-tuned
components, the metrics, plots and report written by the training jobs (read from checkpoints/)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from interview.models import ModelMissing, find_adapter, resolve

ROLES = {
    "generator": ("Question & feedback writer", "SmolLM2-135M-Instruct (Q4_1 GGUF, dequantized; int8 at run time)"),
    "router": ("Router", "all-MiniLM-L6-v2, zero-shot over label descriptions"),
    "retriever": ("Resume retriever", "all-MiniLM-L6-v2 + FAISS inner-product index"),
    "whisper": ("Speech to text", "Whisper tiny.en (CTranslate2, int8) via faster-whisper"),
}


@dataclass
class ModelCard:
    role: str
    title: str
    origin: str                  # setting / adapter / embedded / missing
    path: str
    description: str
    metrics: dict = field(default_factory=dict)
    plots: list[Path] = field(default_factory=list)
    report: str = ""


def model_card(role: str) -> ModelCard:
    title, embedded = ROLES[role]
    try:
        src = resolve(role)
    except ModelMissing as exc:
        return ModelCard(role, title, "missing", "", str(exc))
    card = ModelCard(role, title, src.origin, src.path, embedded if src.origin == "embedded" else "")
    run = find_adapter(role) if src.origin == "adapter" else None
    if run is not None:
        if (run / "metrics.json").is_file():
            card.metrics = json.loads((run / "metrics.json").read_text())
        card.plots = sorted((run / "plots").glob("*.png")) if (run / "plots").is_dir() else []
        if (run / "report.md").is_file():
            card.report = (run / "report.md").read_text()
        card.description = f"fine-tuned adapter, run '{run.name}'"
    return card
