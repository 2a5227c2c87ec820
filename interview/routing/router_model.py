"""The fine-tuned router: a BERT-family encoder with a LoRA adapter and four classification heads.

One encoder pass over a request gives three heads (role family: softmax, interview types:
multi-label sigmoid, difficulty band: softmax); one pass over a question gives the question-type head.
The checkpoint folder written by `training/router/train.py` holds only the small parts:

    checkpoints/router/<run>/
        config.json        base model, label lists, max length, threshold, training options
        adapter/           the LoRA adapter (peft format; the base encoder is NOT saved)
        heads.safetensors  the four linear heads
        family.safetensors the role-family head on request + title embeddings, when present (it then
                           decides the family; training/router/refit.py)
        seniority.npz      the seniority model that decides the band (interview/routing/seniority.py)
        metrics.json, plots/

At load time the adapter is attached to the base (the embedded MiniLM unless the run says otherwise)
and merged into it, so inference costs one plain encoder pass.

>>> router = load_trained_router("checkpoints/router/minilm-lora")
>>> router.route("Backend Engineer", "Build APIs in Go.", "medium").role_family
'software_engineering'

This module imports torch at the top; `interview.routing.router` imports it only when a checkpoint is used.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import torch
from torch import nn

from interview.labels import DIFFICULTY_BANDS, INTERVIEW_TYPES, ROLE_FAMILIES
from interview.config import get_settings
from interview.routing.band import band_probs
from interview.models.loading import ModelMissing, embedded_encoder_dir
from interview.models.lora import merge_lora_adapter
from interview.models.quantize import quantize_dynamic_int8
from interview.models.sentence_encoder import is_mean_pooled_folder, shared_adapted
from interview.documents.posting import FEDERAL_SPECIALTIES
from interview.text.clean import clean_text
from interview.routing.route import QuestionType, Route, check_request
from interview.routing.seniority import SeniorityModel, posting_text

SENIORITY_FILE = "seniority.npz"   # optional: the band model of interview/routing/seniority.py
FAMILY_FILE = "family.safetensors"  # optional: the role-family head on request + title embeddings

EMBEDDED_BASE = "embedded:all-MiniLM-L6-v2"  # how configs name the embedded encoder (no machine paths)
MAX_LENGTH = 256                             # word pieces; MiniLM was trained with this window
HEADS: dict[str, list[str]] = {
    "role_family": list(ROLE_FAMILIES),
    "interview_types": list(INTERVIEW_TYPES),
    "difficulty_band": list(DIFFICULTY_BANDS),
    "question_type": list(INTERVIEW_TYPES),
}
REQUEST_HEADS = ("role_family", "interview_types", "difficulty_band")
MULTI_LABEL = frozenset({"interview_types"})
# LoRA targets per architecture: attention projections and the feed-forward layers.
LORA_TARGETS = {
    "bert": ["query", "key", "value", "dense"],
    "distilbert": ["q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2"],
}


def request_segments(role: str, description: str, difficulty: str) -> tuple[str, str]:
    """The two text segments the encoder sees for a request (training and serving share this).

    The chosen hardness and the title go first and the description second, so that truncating
    the second segment only (a long pasted posting) never cuts the title or the hardness.
    """
    return f"[hardness: {difficulty}] {role}", description


# Abbreviations in job titles, spelled out before the title is encoded: US federal titles name their
# specialty by OPM code ("IT Specialist (INFOSEC)", "(APPSW/AI)"), which the encoder reads as noise
# (on the real validation postings, 5 of 10 "/AI" titles went to software or security).
TITLE_ABBREVIATIONS = {**{code: name for code, (name, _) in FEDERAL_SPECIALTIES.items() if code != "NETWORK"},
                       "AI": "artificial intelligence", "ML": "machine learning", "UX": "user experience",
                       "UI": "user interface", "SRE": "site reliability engineering", "QA": "quality assurance",
                       "IT": "information technology", "ITSPEC": "information technology specialist"}
_ABBREVIATION = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(TITLE_ABBREVIATIONS, key=len, reverse=True))
                           + r")(?![A-Za-z])", re.I)


def readable_title(title: str) -> str:
    """The title with its abbreviations spelled out; a short one only in capitals ('it', 'os' are words).

    >>> readable_title("IT Specialist (APPSW/AI)")
    'information technology Specialist (application software/artificial intelligence)'
    """
    def spell(m):
        word = m.group(1)
        return word if len(word) <= 3 and not word.isupper() else TITLE_ABBREVIATIONS[word.upper()]
    return _ABBREVIATION.sub(spell, title)


def resolve_base(base: str) -> str:
    """A loadable folder or hub id for a config's `base` (the embedded MiniLM has a symbolic name)."""
    return str(embedded_encoder_dir()) if base == EMBEDDED_BASE else base


def tokenize_requests(tokenizer, rows, max_length: int = MAX_LENGTH) -> dict:
    """rows: (role, description, difficulty) triples → tokenizer output (lists, unpadded).

    "longest_first" cuts the description (the longer segment) first, as "only_second" did, but it
    cannot fail: "only_second" raised "Sequence to truncate too short" when the first segment alone
    filled the window (a ~200-word role; check_request now cuts roles too, this is the last guard).
    """
    firsts, seconds = zip(*(request_segments(*r) for r in rows)) if rows else ((), ())
    return tokenizer(list(firsts), list(seconds), truncation="longest_first", max_length=max_length)


def tokenize_questions(tokenizer, texts, max_length: int = MAX_LENGTH) -> dict:
    return tokenizer(list(texts), truncation=True, max_length=max_length)


def tokenize_titles(tokenizer, roles, max_length: int = MAX_LENGTH) -> dict:
    """The title alone, abbreviations spelled out: the family head's second input. Mean pooling over
    a whole posting lets the description drown a title that says the most ("IT Specialist (Network)")."""
    return tokenize_questions(tokenizer, [readable_title(r) for r in roles], max_length)


class RouterNet(nn.Module):
    """Encoder + mean pooling + one linear head per task.

    `forward` takes the tokenizer's tensors and, for training, per-example labels: an index per
    softmax head (-100 where the example has no such label) and a multi-hot float row for
    interview types with `types_mask` saying which rows carry one.
    """

    def __init__(self, encoder, hidden_size: int, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({name: nn.Linear(hidden_size, len(labels)) for name, labels in HEADS.items()})

    def embed(self, input_ids, attention_mask, **extra):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, **extra)[0]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        # Mean pooling: how MiniLM was trained as a sentence encoder, so the heads start from
        # embeddings that already separate topics.
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)

    def forward(self, input_ids, attention_mask, token_type_ids=None, role_family=None,
                interview_types=None, types_mask=None, difficulty_band=None, question_type=None):
        extra = {"token_type_ids": token_type_ids} if token_type_ids is not None else {}
        embedding = self.embed(input_ids, attention_mask, **extra)
        pooled = self.dropout(embedding)
        logits = {name: head(pooled) for name, head in self.heads.items()}
        out = {"logits": logits, "embedding": embedding}
        if role_family is None:
            return out
        ce = nn.functional.cross_entropy
        losses = []
        for name, target in (("role_family", role_family), ("difficulty_band", difficulty_band),
                             ("question_type", question_type)):
            if (target != -100).any():
                losses.append(ce(logits[name], target, ignore_index=-100))
        if types_mask.any():
            bce = nn.functional.binary_cross_entropy_with_logits(
                logits["interview_types"], interview_types, reduction="none").mean(-1)
            losses.append((bce * types_mask).sum() / types_mask.sum())
        out["loss"] = torch.stack(losses).sum()
        return out


def types_from_probs(probs, labels, threshold: float) -> list[str]:
    """Labels whose probability passes the threshold; the most likely one when none does
    (an interview always has at least one type)."""
    chosen = [l for l, p in zip(labels, probs) if p >= threshold]
    return chosen or [labels[int(max(range(len(probs)), key=lambda i: probs[i]))]]


class _TensorRouter(nn.Module):
    """RouterNet with positional tensor inputs and a tuple of logits, the form torch.jit.trace records."""

    def __init__(self, net: RouterNet, input_names: tuple[str, ...]):
        super().__init__()
        self.net, self.input_names = net, input_names

    def forward(self, *tensors):
        out = self.net(**dict(zip(self.input_names, tensors)))
        return tuple(out["logits"][name] for name in HEADS) + (out["embedding"],)


def trace_net(net: RouterNet, tokenizer, max_length: int = MAX_LENGTH):
    """A TorchScript trace of `net` for serving, or None when tracing fails or changes the outputs.

    A route is one small encoder pass, and on 2 cores about half of its time went to Python running
    the transformers modules, not to arithmetic; the trace runs the same operations without that
    (bench/router.py). It is recorded on a padded batch of two, so the attention mask is applied on
    every path, and is checked against the eager net on a single unpadded request before it is used.
    The trace API is deprecated in favour of torch.compile, which needs a C++ toolchain and tens of
    seconds of compiling at start-up; torch is pinned, so the trace keeps working.
    """
    import warnings

    example = tokenizer.pad(tokenize_requests(tokenizer, [
        ("Data Engineer", "Build batch and streaming pipelines in Spark and Airflow on AWS.", "medium"),
        ("Nurse", "", "easy")], max_length), return_tensors="pt")
    check = tokenizer.pad(tokenize_questions(tokenizer, ["Tell me about a time you disagreed with a manager."],
                                             max_length), return_tensors="pt")
    names = tuple(k for k in ("input_ids", "attention_mask", "token_type_ids") if k in example)
    eager = _TensorRouter(net.eval(), names)
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the deprecation notice and tracer warnings about mask branches
            traced = torch.jit.trace(eager, tuple(example[k] for k in names), check_trace=False)
            for batch in (example, check):
                inputs = tuple(batch[k] for k in names)
                if any(not torch.allclose(a, b, atol=1e-4) for a, b in zip(eager(*inputs), traced(*inputs))):
                    return None
    except Exception:  # noqa: BLE001 - an architecture the tracer cannot follow is served eagerly
        return None
    return traced, names


class TrainedRouter:
    """The fine-tuned router; same interface as `interview.routing.router.ZeroShotRouter`."""

    source = "fine-tuned"

    def __init__(self, net: RouterNet, tokenizer, config: dict, path: str = "", seniority=None, family=None):
        self.net = net.eval()
        self.traced = None             # (TorchScript module, input names) from trace_net; None: eager
        self.seniority = seniority     # interview.routing.seniority.SeniorityModel: decides the band when present
        self.family = family           # nn.Linear on request and/or title embeddings: decides the family when present
        self.family_features = config.get("family_features", "request+title")   # that head's input
        self.tokenizer = tokenizer
        self.config = config
        self.path = path
        self.max_length = int(config.get("max_length", MAX_LENGTH))
        self.threshold = float(config.get("threshold", 0.5))

    @torch.inference_mode()
    def _forward(self, enc: dict) -> tuple[dict, torch.Tensor]:
        """(logits per head, pooled embeddings) of one tokenized batch, traced when possible."""
        batch = self.tokenizer.pad(enc, return_tensors="pt")
        if self.traced is not None:
            module, names = self.traced
            with torch.jit.optimized_execution(False):  # no re-optimising per input length (decode_trace.py)
                *logits, embedding = module(*(batch[k] for k in names))
            return dict(zip(HEADS, logits)), embedding
        out = self.net(**{k: batch[k] for k in batch if k in ("input_ids", "attention_mask", "token_type_ids")})
        return out["logits"], out["embedding"]

    @torch.inference_mode()
    def embed_requests(self, rows) -> torch.Tensor:
        """The family head's input for (role, description, difficulty) rows: [request, title] embeddings."""
        return torch.cat([self._forward(tokenize_requests(self.tokenizer, rows, self.max_length))[1],
                          self._forward(tokenize_titles(self.tokenizer, [r[0] for r in rows], self.max_length))[1]], 1)

    @torch.inference_mode()
    def _probs(self, enc: dict, heads, rows=None) -> dict[str, list[list[float]]]:
        logits, embedding = self._forward(enc)
        if self.family is not None and rows is not None:
            # The family head reads the title's own embedding beside the request's; the encoder's
            # own family head is kept under another name for comparison.
            title = self._forward(tokenize_titles(self.tokenizer, [r[0] for r in rows], self.max_length))[1]
            features = {"request+title": lambda: torch.cat([embedding, title], 1), "title": lambda: title,
                        "request": lambda: embedding}[self.family_features]()
            logits = {**logits, "role_family_head": logits["role_family"], "role_family": self.family(features)}
            heads = (*heads, "role_family_head")
        out = {}
        for name in heads:
            fn = torch.sigmoid if name in MULTI_LABEL else (lambda x: torch.softmax(x, -1))
            out[name] = fn(logits[name]).tolist()
        return out

    def predict_requests(self, rows, batch_size: int = 32) -> list[dict[str, dict[str, float]]]:
        """Probabilities per request head for (role, description, difficulty) rows, already clean."""
        results = []
        for i in range(0, len(rows), batch_size):
            enc = tokenize_requests(self.tokenizer, rows[i:i + batch_size], self.max_length)
            probs = self._probs(enc, REQUEST_HEADS, rows[i:i + batch_size])
            for j in range(len(enc["input_ids"])):
                results.append({h: dict(zip(HEADS[h.removesuffix("_head")], probs[h][j])) for h in probs})
        if self.seniority is not None:
            # The band follows from the hardness and the posting's seniority (interview/routing/seniority.py);
            # the encoder's own band head is kept under another name for comparison.
            seniority = self.seniority.predict_proba([posting_text(r[0], r[1]) for r in rows])
            for r, res, sen in zip(rows, results, seniority):
                res["difficulty_band_head"] = res["difficulty_band"]
                res["seniority"] = sen
                res["difficulty_band"] = band_probs(r[2], sen)
        return results

    def predict_questions(self, texts, batch_size: int = 64) -> list[dict[str, float]]:
        results = []
        for i in range(0, len(texts), batch_size):
            enc = tokenize_questions(self.tokenizer, texts[i:i + batch_size], self.max_length)
            probs = self._probs(enc, ("question_type",))["question_type"]
            results.extend(dict(zip(HEADS["question_type"], p)) for p in probs)
        return results

    def decide(self, scores: dict[str, dict[str, float]]) -> tuple[str, list[str], str]:
        """(role family, interview types, band) from one request's probabilities."""
        types = scores["interview_types"]
        return (max(scores["role_family"], key=scores["role_family"].get),
                types_from_probs(list(types.values()), list(types), self.threshold),
                max(scores["difficulty_band"], key=scores["difficulty_band"].get))

    def route(self, role: str, description: str, difficulty: str) -> Route:
        """Route one request; validation and warnings come from `interview.routing.router.check_request`."""
        role, description, warnings = check_request(role, description, difficulty)
        scores = self.predict_requests([(role, description, difficulty)])[0]
        family, types, band = self.decide(scores)
        return Route(role_family=family, interview_types=types, difficulty_band=band,
                     scores=scores, warnings=warnings, source=self.source)

    def classify_question(self, text: str) -> QuestionType:
        text = clean_text(text)
        if not text:
            raise ValueError("The question is empty.")
        scores = self.predict_questions([text])[0]
        return QuestionType(type=max(scores, key=scores.get), scores=scores)


def build_net(base: str, lora: dict | None = None, dropout: float = 0.1):
    """(RouterNet, tokenizer) on `base`, with a fresh LoRA adapter when `lora` options are given."""
    from interview.models.offline import quiet_transformers

    quiet_transformers()
    from transformers import AutoModel, AutoTokenizer

    where = resolve_base(base)
    try:
        tokenizer = AutoTokenizer.from_pretrained(where)
        encoder = AutoModel.from_pretrained(where, dtype=torch.float32)
    except Exception as exc:  # noqa: BLE001 - re-raised with the setting to change
        raise ModelMissing(
            f"Could not load the router base encoder '{base}' ({exc.__class__.__name__}: {exc}). "
            "Give a local folder (e.g. a downloaded distilbert-base-uncased) or use the embedded MiniLM."
        ) from exc
    if lora is not None:
        from peft import LoraConfig

        from interview.models.lora import add_lora

        targets = LORA_TARGETS.get(encoder.config.model_type)
        if targets is None:
            raise ModelMissing(f"No LoRA targets known for model type '{encoder.config.model_type}' "
                               f"(known: {', '.join(LORA_TARGETS)}).")
        encoder = add_lora(encoder, LoraConfig(target_modules=targets, **lora))
    return RouterNet(encoder, encoder.config.hidden_size, dropout), tokenizer


def load_trained_router(path: str | Path, quantize: bool | None = None) -> TrainedRouter:
    """Load a router run folder written by `python -m training.router.train`.

    The merged encoder's Linear layers are dynamically quantized to int8 unless INTERVIEW_QUANTIZE=0 (1.8x
    faster routes on 2 cores, test macro-F1 within 0.002; metrics.json is measured on this path), then
    traced (`trace_net`: the same outputs without the Python overhead). On the embedded MiniLM the merge
    reads the weights the app's MiniLM models share and int8 packs new layers (sentence_encoder.py: 0.09 GB
    less); unquantized, the adapter is attached unmerged to the shared weights.

    >>> load_trained_router("checkpoints/router/minilm-lora").classify_question("Tell me about a conflict.").type
    'behavioral'
    """
    from safetensors.torch import load_file

    path = Path(path)
    if not (path / "config.json").is_file() or not (path / "heads.safetensors").is_file():
        raise ModelMissing(f"'{path}' is not a router checkpoint (config.json and heads.safetensors "
                           "expected). Set INTERVIEW_ROUTER to a run folder under checkpoints/router/, "
                           "or unset it to use the default.")
    config = json.loads((path / "config.json").read_text())
    quantize = get_settings().quantize if quantize is None else quantize
    try:
        if is_mean_pooled_folder(where := resolve_base(config["base"])):
            encoder, tokenizer = shared_adapted(where, path / "adapter", merge=quantize)
            net = RouterNet(encoder, encoder.config.hidden_size, dropout=0.0)
        else:
            net, tokenizer = build_net(config["base"], lora=None, dropout=0.0)
            net.encoder = merge_lora_adapter(net.encoder, path / "adapter")
        net.heads.load_state_dict(load_file(str(path / "heads.safetensors")))
    except Exception as exc:  # noqa: BLE001
        raise ModelMissing(f"Could not load the router adapter in '{path}' ({exc.__class__.__name__}: "
                           f"{exc}). Retrain with `make train-router` or unset INTERVIEW_ROUTER.") from exc
    net.eval()
    if quantize:
        net.encoder = quantize_dynamic_int8(net.encoder)
    seniority = SeniorityModel.load(path / SENIORITY_FILE) if (path / SENIORITY_FILE).is_file() else None
    router = TrainedRouter(net, tokenizer, config, str(path), seniority=seniority, family=load_family_head(path))
    if quantize:
        router.traced = trace_net(net, tokenizer, router.max_length)
    return router


def load_family_head(path: Path) -> nn.Linear | None:
    """The role-family head on [request, title] embeddings of a run (training/router/refit.py), or None."""
    from safetensors.torch import load_file

    if not (path / FAMILY_FILE).is_file():
        return None
    weights = load_file(str(path / FAMILY_FILE))
    head = nn.Linear(weights["weight"].shape[1], weights["weight"].shape[0])
    head.load_state_dict(weights)
    return head.eval()
