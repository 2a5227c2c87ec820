"""The resume retriever: which of the candidate's bullets fit an interview question.

Bullets are embedded once per resume with a sentence encoder (the embedded all-MiniLM-L6-v2, or
its LoRA fine-tune from `checkpoints/retriever/`), L2-normalised and put in a FAISS `IndexFlatIP`,
so inner product = cosine similarity and the search is exact.

    index = build_index(load_retriever_encoder(), bullets)      # once per resume
    hits = retrieve(index, retrieval_query(job_description, question), k=3)
    [(h.bullet, h.score) for h in hits]                         # MMR order, cosine scores

The top bullet is always the most similar one; the next ones are picked by maximal marginal relevance
(`diversify`), so near-copies of a bullet already shown give way to other evidence. `diversity=0` gives
the plain cosine order.

A fine-tuned run folder (written by `training/retriever/train.py`) holds only the small parts:

    checkpoints/retriever/<run>/
        config.json      base encoder ("embedded:all-MiniLM-L6-v2" or a folder / hub id), options
        adapter/         the LoRA adapter in peft format (the base is NOT saved)
        metrics.json, plots/

At load time the adapter is attached to the base and merged, so a query costs one plain encoder pass.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from interview.models.loading import ModelMissing, embedded_encoder_dir, load_encoder, load_sentence_transformer, resolve

from interview.models.lora import merge_lora_adapter
from interview.text.clean import clean_text

EMBEDDED_BASE = "embedded:all-MiniLM-L6-v2"  # how run configs name the embedded encoder (no machine paths)
QUERY_JD_WORDS = 32                          # job-description words in a query; the question matters more
ENCODE_BATCH = 32                            # bullets per encoder batch when building an index
# MMR: a bullet's gain is (1 - DIVERSITY) x its similarity to the query - DIVERSITY x its highest similarity
# to a bullet already picked. 0.5 had the best Hit@5 on the validation queries over the whole bullet pool
# (tried 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7 with the tuned encoder: Hit@5 0.451 plain, 0.683 at 0.5), where
# the plain top five were mostly one achievement written five ways. The first bullet never changes.
DIVERSITY = 0.5
MMR_CANDIDATES = 50                          # MMR re-ranks this many nearest bullets (all, in one resume)
# Evidence for an answer (retrieve_for_answer): the bullet the answer talks about must come first. The
# answer is embedded on its own as well as inside the question query, and the bullet's own words found in
# the answer add to its score. Chosen on the dev resumes' cases of training/retriever/evaluate_evidence.py.
ANSWER_WEIGHT = 0.5                          # share of the score from the answer-only cosine
LEXICAL_WEIGHT = 0.3                         # weight of the share of the bullet's content words the answer uses
ANSWER_WORDS = 80                            # answer words used (MiniLM reads ~128 word pieces well)
# Function words the lexical overlap ignores. A list of its own, not tokens.STOPWORDS (which also drops words
# that frame a question: 'tell', 'describe', 'example', 'time'): the weights above were chosen with this one,
# so a change to it is a retrieval change, to measure with evaluate_evidence.
_STOP = set("a an the and or of to in on for with by at from as is was were be been it its this that these those "
            "i we my our you your they their he she his her them us me into over under than then so such "
            "which who whom what when where how while also all any each more most other some".split())


@dataclass
class Hit:
    bullet: str     # the resume bullet, as given to build_index
    score: float    # cosine similarity to the query, in [-1, 1]
    index: int      # position of the bullet in the list given to build_index


@dataclass
class BulletIndex:
    """The bullets of one resume, their normalised embeddings and the FAISS index over them."""
    encoder: object                          # the SentenceTransformer that embedded the bullets
    bullets: list[str]
    embeddings: object                       # float32 array (n, dim), rows of unit length
    faiss_index: object = field(repr=False)  # faiss.IndexFlatIP, or None when there are no bullets

    def __len__(self) -> int:
        return len(self.bullets)


def retrieval_query(job_description: str, question: str) -> str:
    """The single rule that turns (job description, question) into a retrieval query; the dataset
    builder and the app both use it, so training and serving queries look the same.

    The first 32 words of the cleaned description give the context and the question follows whole:
    a long pasted posting must not drown the question (MiniLM reads ~128 word pieces well).

    >>> retrieval_query("We build   payment APIs in Go.", "Tell me about a slow endpoint you fixed.")
    'We build payment APIs in Go. Tell me about a slow endpoint you fixed.'
    """
    jd = " ".join(clean_text(job_description or "").split()[:QUERY_JD_WORDS])
    q = " ".join(clean_text(question or "").split())
    return f"{jd} {q}".strip()


# ----------------------------------------------------------------------------- loading

def resolve_base(base: str | None) -> str:
    """A loadable folder or hub id for a run config's `base` (the embedded MiniLM has a symbolic name)."""
    return str(embedded_encoder_dir()) if not base or base == EMBEDDED_BASE else base


def _adapter_dir(path: Path) -> Path | None:
    """The peft adapter folder of a run folder (or the adapter folder itself), if there is one."""
    for candidate in (path / "adapter", path):
        if (candidate / "adapter_config.json").is_file():
            return candidate
    return None


def load_adapter_encoder(run_dir: str | Path, base: str | None = None):
    """Base encoder + the LoRA adapter of a run folder.

    The base comes from `base`, else the run's config.json, else the embedded MiniLM; the adapter's
    own `base_model_name_or_path` is ignored, so a fresh clone on another machine loads the same model.
    On the embedded MiniLM (any mean-pooled sentence-transformers folder) the adapter is attached unmerged
    to the weights every encoder of the app shares (interview/models/sentence_encoder.py: 0.05 GB less
    than a merged copy, the same vectors within 3e-6); another base gets a merged sentence-transformers model.
    """
    from interview.models.sentence_encoder import is_mean_pooled_folder, load_sentence_encoder

    run_dir = Path(run_dir)
    adapter = _adapter_dir(run_dir)
    if adapter is None:
        raise ModelMissing(f"No LoRA adapter (adapter_config.json) in {run_dir}. "
                           "Set INTERVIEW_RETRIEVER to a run folder of training/retriever/train.py.")
    run_config = {}
    if (run_dir / "config.json").is_file():
        run_config = json.loads((run_dir / "config.json").read_text())
    base_path = resolve_base(base or run_config.get("base"))
    window = int(run_config["max_seq_length"]) if run_config.get("max_seq_length") else None  # the training window
    try:
        if is_mean_pooled_folder(base_path):
            return load_sentence_encoder(base_path, adapter, max_seq_length=window)
        encoder = load_sentence_transformer(base_path)
        if window:
            encoder.max_seq_length = window
        module = encoder[0]
        module.model = merge_lora_adapter(module.model, adapter)
    except ModelMissing:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised with the setting to change
        raise ModelMissing(f"Could not attach the retriever adapter in {adapter} ({exc.__class__.__name__}: "
                           f"{exc}). Set INTERVIEW_RETRIEVER to another run folder, or unset it.") from exc
    encoder.eval()
    return encoder


def load_retriever_encoder(name_or_path: str | Path | None = None):
    """The retriever's SentenceTransformer: `name_or_path`, else the INTERVIEW_RETRIEVER setting, else
    the adapter named in checkpoints/retriever/BEST, else the embedded all-MiniLM-L6-v2.

    A folder holding a LoRA adapter (a run folder or its adapter/) is attached to its base; anything
    else is loaded as a sentence-transformers model.
    """
    target = str(name_or_path) if name_or_path else resolve("retriever").path
    path = Path(target)
    if path.is_dir() and _adapter_dir(path) is not None:
        return load_adapter_encoder(path)
    return load_encoder(target)


# ----------------------------------------------------------------------------- index and search

def embed(encoder, texts: list[str]):
    """Unit-length float32 embeddings (n, dim) of `texts`."""
    import numpy as np

    vectors = encoder.encode(list(texts), batch_size=ENCODE_BATCH, convert_to_numpy=True,
                             normalize_embeddings=True, show_progress_bar=False)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def build_index(encoder, bullets: list[str]) -> BulletIndex:
    """Embed the bullets and index them; an empty list gives an empty index (retrieve returns [])."""
    import faiss
    import numpy as np

    bullets = list(bullets)
    if not bullets:
        dim_of = getattr(encoder, "get_embedding_dimension", None) or encoder.get_sentence_embedding_dimension
        dim = dim_of() or 0
        return BulletIndex(encoder, [], np.zeros((0, dim), dtype=np.float32), None)
    # One query against a few hundred bullets takes microseconds on one thread; FAISS's OpenMP pool
    # would only spin-wait and steal the cores torch needs for the next query embedding (measured
    # 4x slower warm queries on 2 cores).
    faiss.omp_set_num_threads(1)
    vectors = embed(encoder, bullets)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return BulletIndex(encoder, bullets, vectors, index)


def diversify(ids, scores, embeddings, k: int, diversity: float = DIVERSITY) -> list[int]:
    """Maximal marginal relevance: `k` of the candidate rows `ids` (best first by cosine `scores`, FAISS
    order; -1 padding ignored) of the unit-length `embeddings`, each next one the candidate with the best
    (1 - diversity) * score - diversity * (highest cosine to a row already picked)."""
    import numpy as np

    pairs = [(int(i), float(s)) for i, s in zip(ids, scores) if i >= 0]
    if diversity <= 0 or len(pairs) <= 1:
        return [i for i, _ in pairs[:k]]
    rest, relevance = [i for i, _ in pairs], np.array([s for _, s in pairs], dtype=np.float32)
    picked = [rest.pop(0)]
    relevance = relevance[1:]
    while rest and len(picked) < k:
        redundancy = (embeddings[rest] @ embeddings[picked].T).max(axis=1)
        best = int(np.argmax((1 - diversity) * relevance - diversity * redundancy))
        picked.append(rest.pop(best))
        relevance = np.delete(relevance, best)
    return picked


def retrieve(index: BulletIndex, query: str, k: int = 5, diversity: float = DIVERSITY) -> list[Hit]:
    """`k` bullets for `query` (k is clipped to the number of bullets): the most similar first, then in
    MMR order (`diversify`); `diversity=0` gives the plain top k by cosine similarity.

    Build the query with `retrieval_query(job_description, question)`.
    """
    if not (query or "").strip():
        raise ValueError("The retrieval query is empty.")
    k = min(int(k), len(index.bullets))
    if k <= 0 or index.faiss_index is None:
        return []
    n = min(max(k, MMR_CANDIDATES), len(index.bullets)) if diversity > 0 else k
    scores, ids = index.faiss_index.search(embed(index.encoder, [query]), n)
    score_of = {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}
    return [Hit(bullet=index.bullets[i], score=score_of[i], index=i)
            for i in diversify(ids[0], scores[0], index.embeddings, k, diversity)]


def _content_words(text: str) -> set[str]:
    """Lower-cased words and numbers of `text` minus function words; crude stems ("built" ~ "build")."""
    import re

    words = re.findall(r"[^\W_]+(?:[.,][0-9]+)?", clean_text(text).lower())
    return {w[:5] if not w[0].isdigit() else w for w in words if w not in _STOP and (len(w) > 2 or w.isdigit())}


def lexical_overlap(bullet: str, answer: str) -> float:
    """Share of the bullet's content words that the answer uses, in [0, 1].

    >>> lexical_overlap("Cut p99 latency 40% with caching", "I added caching and latency fell 40%")
    0.6
    """
    own = _content_words(bullet)
    return len(own & _content_words(answer)) / len(own) if own else 0.0


def retrieve_for_answer(index: BulletIndex, question: str, answer: str, job_description: str = "", k: int = 5,
                        diversity: float = DIVERSITY, answer_weight: float = ANSWER_WEIGHT,
                        lexical_weight: float = LEXICAL_WEIGHT) -> list[Hit]:
    """Resume evidence for an answer: the bullet the answer talks about first, then MMR order.

    A bullet's rank score is (1 - answer_weight) x cosine(bullet, question + answer query) + answer_weight x
    cosine(bullet, answer alone) + lexical_weight x lexical_overlap(bullet, answer); `Hit.score` stays the
    cosine to the question + answer query (what the UI calls the match). Without an answer this is
    `retrieve(index, retrieval_query(job_description, question))`.

        hits = retrieve_for_answer(index, "Tell me about a slow endpoint.", "I cut p99 from 480 ms ...")
    """
    import numpy as np

    said = " ".join(clean_text(answer or "").split()[:ANSWER_WORDS])
    query = retrieval_query(job_description, f"{question} {said}".strip())
    if not said:
        return retrieve(index, query, k=k, diversity=diversity)
    if not query.strip():
        raise ValueError("The retrieval query is empty.")
    k = min(int(k), len(index.bullets))
    if k <= 0 or index.faiss_index is None:
        return []
    q = embed(index.encoder, [query, said])
    full, alone = index.embeddings @ q[0], index.embeddings @ q[1]
    lexical = np.array([lexical_overlap(b, said) for b in index.bullets], dtype=np.float32)
    rank = (1 - answer_weight) * full + answer_weight * alone + lexical_weight * lexical
    order = np.argsort(-rank)[:max(k, MMR_CANDIDATES)]
    picked = diversify(order, rank[order], index.embeddings, k, diversity)
    return [Hit(bullet=index.bullets[i], score=float(full[i]), index=i) for i in picked]

