"""The MiniLM encoders the app serves: one copy of the embedded weights, each adapter attached beside it.

Two memory choices (issue 26, `bench/memory.py`):
- Serving does not import sentence-transformers. Its import alone added 0.12 GB of resident memory (it
  imports its trainers, scikit-learn, pandas and datasets), and what serving needs of it is what the
  embedded model's modules.json lists: the transformer, mean pooling over real tokens, L2 normalisation.
  `SentenceEncoder.encode` does that with `SentenceTransformer.encode`'s arguments and results (equal
  within 1e-6, tests/test_sentence_encoder.py). Training keeps sentence-transformers
  (`loading.load_sentence_transformer`).
- One base for every encoder. The retriever and the relevance judge each merged their LoRA adapter into a
  copy of MiniLM of their own (0.05-0.06 GB each once used); attached unmerged to a module tree that
  shares the base's weight tensors, an adapter costs its own few MB. Outputs match the merged models
  within 3e-6; a pass is ~5% slower (two small matrices more per layer).
"""
from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import numpy as np

from interview.models.offline import quiet_transformers

DEFAULT_MAX_SEQ_LENGTH = 256


def is_mean_pooled_folder(path: str | Path) -> bool:
    """Whether `path` is a sentence-transformers folder of transformer → mean pooling (→ normalise), the
    layout SentenceEncoder reproduces; anything else is loaded with sentence-transformers itself."""
    path = Path(path)
    try:
        modules = json.loads((path / "modules.json").read_text())
        pooling = json.loads((path / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
        pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens"))
    return kinds in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]) and bool(mean_only)


@functools.lru_cache(maxsize=4)
def shared_base(path: str):
    """(transformer, tokenizer) of the folder `path`, read once per process: every encoder built on it
    shares its weight tensors (memory-mapped from the file, read-only at serving)."""
    quiet_transformers()
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path, dtype=torch.float32).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model, tokenizer


def weight_sharing_copy(module):
    """A copy of `module`'s tree whose parameters and buffers are the original's tensors: an adapter
    attached to the copy wraps the copy's layers, never the original's, and no weight is duplicated."""
    memo = {id(t): t for t in [*module.parameters(), *module.buffers()]}
    return copy.deepcopy(module, memo)


def with_adapter(module, adapter_dir: str | Path):
    """A weight-sharing copy of `module` with the LoRA adapter in `adapter_dir` attached, unmerged (a merge
    writes new weights, which is the copy this module exists to avoid). Inference only."""
    from interview.models.lora import quiet_peft
    from interview.models.offline import force_offline

    force_offline()
    from peft import PeftModel

    with quiet_peft():
        return PeftModel.from_pretrained(weight_sharing_copy(module), str(adapter_dir)).eval()


def merged_copy(module, adapter_dir: str | Path):
    """A weight-sharing copy of `module` with the LoRA adapter in `adapter_dir` merged into new Linear
    layers (the base's tensors untouched: peft's merge would write into them, and they are shared), for a
    model quantized right after (the router: int8 packs the merged weights and the float ones are freed,
    so it costs its int8 layers, 0.015 GB, not a float copy; the same weights peft's merge gives)."""
    import torch
    from peft.tuners.lora import LoraLayer

    model = with_adapter(module, adapter_dir).get_base_model()
    for name, layer in list(model.named_modules()):
        if not isinstance(layer, LoraLayer):
            continue
        base = layer.get_base_layer()
        merged = torch.nn.Linear(base.in_features, base.out_features, bias=base.bias is not None)
        merged.weight = torch.nn.Parameter(base.weight.detach() + layer.get_delta_weight("default"),
                                           requires_grad=False)
        if base.bias is not None:
            merged.bias = base.bias
        parent, _, child = name.rpartition(".")
        setattr(model.get_submodule(parent) if parent else model, child, merged)
    return model.eval()


def shared_adapted(base_path: str | Path, adapter_dir: str | Path, merge: bool):
    """(model, tokenizer): the shared weights of `base_path` with the adapter merged into new layers
    (merge=True, for a model quantized next: merged_copy) or attached unmerged (with_adapter)."""
    base, tokenizer = shared_base(str(Path(base_path).resolve()))
    return (merged_copy if merge else with_adapter)(base, adapter_dir), tokenizer


class SentenceEncoder:
    """A transformer with mean pooling and normalisation, called like SentenceTransformer.

    >>> enc = load_sentence_encoder(embedded_dir()); enc.encode(["hello", "hi there"]).shape
    (2, 384)
    """

    def __init__(self, model, tokenizer, max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH, normalize: bool = True,
                 path: str = ""):
        self.model, self.tokenizer, self.max_seq_length = model, tokenizer, max_seq_length
        self.normalize, self.path = normalize, path

    def get_sentence_embedding_dimension(self) -> int:
        return int(self.model.config.hidden_size)

    get_embedding_dimension = get_sentence_embedding_dimension

    def eval(self):
        self.model.eval()
        return self

    def encode(self, sentences, batch_size: int = 32, convert_to_numpy: bool = True,
               normalize_embeddings: bool = False, show_progress_bar: bool = False, **_unused):
        """float32 embeddings, (n, dim) for a list and (dim,) for one string, as sentence-transformers
        gives them: stripped text, longest first in batches (less padding), truncated at max_seq_length."""
        import torch

        single = isinstance(sentences, str)
        texts = [str(s).strip() for s in ([sentences] if single else sentences)]
        out = np.zeros((len(texts), self.get_sentence_embedding_dimension()), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                rows = order[start:start + batch_size]
                batch = self.tokenizer([texts[i] for i in rows], padding=True, truncation="longest_first",
                                       max_length=self.max_seq_length, return_tensors="pt")
                hidden = self.model(**batch)[0]
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                vectors = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                if self.normalize or normalize_embeddings:
                    vectors = torch.nn.functional.normalize(vectors, p=2, dim=1)
                out[rows] = vectors.numpy()
        if not convert_to_numpy:
            out = torch.from_numpy(out)
        return out[0] if single else out


def _folder_settings(path: Path) -> tuple[int, bool]:
    """(max_seq_length, normalise) as the folder's sentence-transformers configuration gives them."""
    try:
        max_len = int(json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, ValueError, KeyError):
        max_len = DEFAULT_MAX_SEQ_LENGTH
    modules = json.loads((path / "modules.json").read_text())
    return max_len, any(m.get("type", "").endswith("Normalize") for m in modules)


def load_sentence_encoder(path: str | Path, adapter_dir: str | Path | None = None,
                          max_seq_length: int | None = None) -> SentenceEncoder:
    """The encoder in the sentence-transformers folder `path` (see is_mean_pooled_folder), on the shared
    copy of its weights, with the LoRA adapter in `adapter_dir` attached when given."""
    path = Path(path)
    base, tokenizer = shared_base(str(path.resolve()))
    max_len, normalize = _folder_settings(path)
    model = with_adapter(base, adapter_dir) if adapter_dir else base
    return SentenceEncoder(model, tokenizer, max_seq_length or max_len, normalize, str(path))


def embedded_dir() -> Path:
    from interview.models.sources import embedded_encoder_dir

    return embedded_encoder_dir()
