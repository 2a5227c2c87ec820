"""LoRA adapters with peft: a fresh trainable one for the training jobs, a trained one merged for serving."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


@contextmanager
def quiet_peft():
    """peft asks transformers' deprecated is_gradient_checkpointing whenever it wraps a model; the
    FutureWarning says nothing to a user, and it was printed on every model load and training run."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        yield


def add_lora(model, lora_config):
    """`model` wrapped with a fresh, trainable LoRA adapter (peft's get_peft_model), for the training jobs
    and the router's training path."""
    from peft import get_peft_model

    with quiet_peft():
        return get_peft_model(model, lora_config)


def merge_lora_adapter(model, adapter_dir: str | Path):
    """`model` with the LoRA adapter in `adapter_dir` attached and merged into its weights (generator,
    router encoder and retriever encoder alike)."""
    from peft import PeftModel

    with quiet_peft():
        return PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()
