"""interview/models/offline.py: no model load reaches the network, whatever was imported first, and
importing the models package changes nothing.

The checks that import run in a subprocess with no HF_* / TRANSFORMERS_* settings (conftest.py sets
HF_HUB_OFFLINE for the test process itself). Fast: huggingface_hub only, no model is loaded.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Calls that read a model from disk, or from the Hub when it is not on disk.
LOADS = ("from_pretrained", "SentenceTransformer", "WhisperModel")
SETS_FLAGS = ("force_offline", "quiet_transformers")
# Loads on a model or generator that a loader returned, so the flags are set already.
AFTER_A_LOADER = {
    ("interview/models/lora.py", "merge_lora_adapter"): "the adapter goes on a model load_base_generator returned",
    ("training/generator/eval_utils.py", "_with_template"): "a tokenizer for a generator load_generator returned",
}


def clean_run(code: str, **env) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "TOKENIZERS_"))}
    out = subprocess.run([sys.executable, "-c", code], env={**base, **env}, cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_importing_the_models_package_sets_no_environment_variable():
    code = ("import json, os; before = dict(os.environ)\n"
            "import interview.models, interview.models.loading, interview.models.cards, interview.models.offline\n"
            "print(json.dumps(sorted(k for k in os.environ if os.environ.get(k) != before.get(k))))")
    assert clean_run(code) == []


def test_force_offline_holds_when_huggingface_hub_was_imported_first():
    code = ("import json; import huggingface_hub.constants as hub\n"
            "before = hub.is_offline_mode()\n"
            "from interview.models.offline import force_offline; force_offline()\n"
            "print(json.dumps([before, hub.is_offline_mode()]))")
    assert clean_run(code) == [False, True]


def test_a_flag_the_user_set_is_kept():
    code = ("import json, os; import huggingface_hub.constants as hub\n"
            "from interview.models.offline import force_offline; force_offline()\n"
            "print(json.dumps([os.environ['HF_HUB_OFFLINE'], hub.is_offline_mode()]))")
    assert clean_run(code, HF_HUB_OFFLINE="0") == ["0", False]


def loads_without_flags() -> list[str]:
    """Functions of interview/ and training/ that load a model without setting the flags first."""
    wrong = []
    for path in sorted([*(ROOT / "interview").rglob("*.py"), *(ROOT / "training").rglob("*.py")]):
        rel = str(path.relative_to(ROOT))
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or (rel, fn.name) in AFTER_A_LOADER:
                continue
            calls = [n.func for n in ast.walk(fn) if isinstance(n, ast.Call)]
            names = [c.attr if isinstance(c, ast.Attribute) else getattr(c, "id", "") for c in calls]
            if any(n in LOADS for n in names) and not any(n in SETS_FLAGS for n in names):
                wrong.append(f"{rel}:{fn.lineno} {fn.name}")
    return wrong


def test_every_loader_sets_the_offline_flags():
    assert not loads_without_flags(), "call offline.force_offline (or quiet_transformers) before loading in: " \
        + ", ".join(loads_without_flags())
