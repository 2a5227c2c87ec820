"""Model answers for technical, system-design and coding questions, from a licensed answer bank.

The bank (`data/answer_bank/bank.jsonl`, built by `training/answer_bank/build.py`) holds real
question-answer pairs from permissively licensed public repositories, each with its source repository,
commit, path, licence and attribution. A question asked in the app is matched to the nearest bank
question by the embedded sentence encoder (all-MiniLM-L6-v2, cosine similarity in a FAISS IndexFlatIP);
the bank answer is shown only when that similarity reaches THRESHOLD, chosen on a development split of
held-out questions (`training/answer_bank/evaluate.py`), the bank question is not a sibling of the
asked one (`same_subject`), and it covers the whole asked question, not one part of it (`covers_whole`). Otherwise `lookup` returns None and the caller shows what a strong answer
covers (interview/coaching/criteria.py) instead: nothing is invented here.

    bank = load_answer_bank()                       # ~4.6k entries; embeddings cached on disk
    hit = bank.lookup("What are props in React?", role_family="frontend")
    if hit: print(hit.answer, hit.citation)         # text to show, and the line to show under it

The base MiniLM (not the retriever's LoRA tune, which learnt question -> resume bullet) embeds both
sides: here a question is matched to a question, the task MiniLM was trained for.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

BANK_PATH = Path(__file__).resolve().parents[2] / "data" / "answer_bank" / "bank.jsonl"
# Cosine similarity (question to bank question) at which a bank answer is shown. Chosen on the dev
# split of held-out questions: the lowest cut whose shown answers are on topic >= 0.90 (proxy label)
# with <= 5% of behavioural / off-domain questions answered; see data/answer_bank/eval/threshold.json.
THRESHOLD = 0.85
CANDIDATES = 20          # nearest bank questions considered, so an entry of the asked role family can win
FAMILY_MARGIN = 0.05     # an entry of the asked role family beats a closer one of another family by up to this
ENCODE_BATCH = 64        # bank questions per encoder batch when building the index
CACHE_VERSION = "2"      # bump when the cached embedding format changes

# The bank has no answers about the candidate's own past: such a question never gets one.
BEHAVIOURAL = re.compile(r"\b(tell (me|us) about a time|describe a (time|situation)|your (greatest|biggest)|"
                         r"have you ever|why do you want|walk me through your (resume|career)|a time when you|"
                         r"give (me|us) an example of a time)\b", re.I)


# Sibling questions ("linear" vs "non-linear techniques", "reset" vs "set initial state", "benefit" vs
# "drawback of MAE") embed almost alike. A bank question is refused when each side has a content word the
# other lacks, or only one side is negated; a bank question that is the asked one plus detail, or the
# reverse ("What is TLS?" for "How does TLS work?"), passes. Words compare on their first 5 letters.
STOPWORDS = frozenset("""a an the of in on for to and or is are was were be been being do does did can could
would should will may might must shall what why how when where which who whom whose explain describe define
discuss compare contrast difference differences different between mean means meaning use used using uses
role purpose concept main key common some various type types way ways work works working handle ensure
implement it its they them their this that these those there you your we our with from by as at into about
over than then also give name list tell state example examples important importance help helps i me my
if so such other each any all more most much many""".split())
NEGATIONS = frozenset({"non", "not", "without", "never"})


# "C#", "C++", "F#" are words too (else "Namespaces in C#" reads as "Namespaces").
WORD = re.compile(r"[a-z0-9]+[#+]*")


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _is_content(word: str) -> bool:
    return (len(word) > 2 or word[-1] in "#+") and word not in STOPWORDS and word not in NEGATIONS


def _content(text: str) -> tuple[set[str], set[str]]:
    words = _words(text)
    return {w[:5] for w in words if _is_content(w)}, {w for w in words if w in NEGATIONS}


def same_subject(asked: str, bank_question: str) -> bool:
    """False when `bank_question` is a sibling of `asked` rather than the same question (see STOPWORDS)."""
    (a, a_neg), (b, b_neg) = _content(asked), _content(bank_question)
    return a_neg == b_neg and (not (a - b) or not (b - a))


# A bank answer is shown only when it answers the WHOLE asked question (shown without it: two-part questions
# answered on one part, "Namespaces in C#" answered with Kubernetes namespaces, "TCP vs UDP scanning" with the
# protocols, "boosting" with gradient boosting). `same_subject` lets a bank question through when its words
# are a subset of the asked one's; the asked question's extra words are then exactly what the answer leaves
# out. So each extra word must be one of:
#   - a manner adverb ("securely", "exactly": how to say it, not what to say), or
#   - the object of a context preposition ("a pod in Kubernetes", "hooks with TypeScript") that the bank
#     answer itself names (the answer is about that context);
# anything else (a second subject "and Cloud HSM", a qualifier "scanning", a second question "how do you test
# for it", "how does it improve security") means the answer covers part of the question, and it is refused:
# the app then shows what a strong answer covers. A partial answer with a note was considered and not taken:
# an interview model answer that silently skips half the question teaches the wrong thing, and the
# criteria fallback already covers every part. Likewise a bank question about one aspect of the subject
# (limitations, advantages, impact, risks) answers that aspect only (ASPECTS).
# Follow-up clauses asking why / when / which / where ("L1 vs L2, when would you use each?") need a bank
# question that asks it too; "how does it work" after "what is X" is what a "what is X" answer explains.
# The reverse (the bank question narrower than the asked one) is refused when a short asked subject gets a bank
# question naming a kind or part of it ("gradient boosting" for "boosting", "CSRF token" for "CSRF"), or when
# the bank names a tool the asked question does not and the entry is of another role family ("constructor in
# React" for an OOP "What is a constructor?").
CONTEXT_PREPOSITIONS = frozenset({"in", "on", "with", "using", "inside", "within", "under", "for", "across"})
NOT_ADVERBS = frozenset({"apply", "supply", "reply", "only", "anomaly", "assembly", "family", "poly", "multiply",
                         "early", "daily", "weekly", "monthly", "hourly", "yearly", "fly", "july", "italy"})
FOLLOW_UP = re.compile(r"(?:\?|,|;|\band\b|\bor\b)\s*(?:and\s+)?(why|when|which|where)\b", re.I)
ARTICLES = frozenset({"a", "an", "the"})
# One aspect of a subject: a bank question about it answers that aspect only ("What is the main limitation of
# maximal margin classifier?" is no answer to "How does maximal margin classifier work?").
ASPECTS = frozenset(w[:5] for w in "limitation limitations disadvantage disadvantages advantage advantages benefit "
                    "benefits drawback drawbacks downside downsides impact pros cons risk risks challenge challenges "
                    "alternative alternatives pitfall pitfalls cost costs".split())
# Extra asked words that ask for nothing of their own ("the main goal of React Fiber", "a bucket is found")
LIGHT = frozenset(w[:5] for w in "goal goals aim idea need needed found happens happen actually basically "
                  "really exactly briefly simple simply basic basics overview".split())


def _adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4 and word not in NOT_ADVERBS


def _context_objects(words: list[str]) -> set[str]:
    """Content words that follow a context preposition, skipping articles: "in (the) Kubernetes" -> kuber."""
    out, after = set(), False
    for w in words:
        if w in CONTEXT_PREPOSITIONS:
            after = True
        elif w in ARTICLES:
            continue
        else:
            if after and _is_content(w):
                out.add(w[:5])
            after = False
    return out


def _names_a_kind(bank_words: list[str], extra: set[str], shared: set[str]) -> bool:
    """True when a short asked subject (one or two content words) meets a bank question that is it plus one
    word standing right next to it: a kind or a part of it ("gradient boosting" for "boosting", "CSRF token"
    for "CSRF"). Longer asked questions are left alone: there the extra bank word is mostly a verb or a
    rewording ("How do you resolve a Git merge conflict?" for "How do you handle merge conflicts in Git?")."""
    if len(extra) != 1 or not 1 <= len(shared) <= 2:
        return False
    stems = [w[:5] for w in bank_words if w not in ARTICLES]
    return any((x in extra and y in shared) or (x in shared and y in extra) for x, y in zip(stems, stems[1:]))


def _named_tools(question: str) -> set[str]:
    """Capitalised words after the first word ("React", "Kubernetes", "C#"): names of a tool or language."""
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z][\w#+]*", question)[1:]
            if w[0].isupper() and w.lower() not in STOPWORDS}


def covers_whole(asked: str, bank_question: str, bank_answer: str = "", same_family: bool = True) -> bool:
    """True when the bank question (and its answer) covers all of `asked`, not one part of it (see above)."""
    asked_words, bank_words = _words(asked), _words(bank_question)
    a, b = _content(asked)[0], _content(bank_question)[0]
    answer = {w[:5] for w in _words(bank_answer)}
    context = _context_objects(asked_words)
    adverbs = {w[:5] for w in asked_words if _adverb(w)}
    for word in a - b:
        if word in adverbs or word in LIGHT or (word in context and word in answer):
            continue
        return False
    bank_q = set(bank_words)
    for m in FOLLOW_UP.finditer(asked):
        if m.start() > 0 and m.group(1).lower() not in bank_q:
            return False
    if len(a) == len(a & b) and _names_a_kind(bank_words, b - a, a):
        return False
    if (b - a) & ASPECTS:   # the bank answers one aspect ("the main limitation of X") the asked one did not ask
        return False
    if not same_family and (_named_tools(bank_question) - a):
        return False
    return True


@dataclass(frozen=True)
class BankAnswer:
    """A bank entry shown for a question, with what the UI must show under it."""
    question: str           # the bank's question (what the answer was written for)
    answer: str             # cleaned answer text, at most ~150 words ("…" when cut)
    role_family: str
    question_type: str      # technical | system_design | coding
    source_repo: str        # owner/name on GitHub
    commit: str
    path: str
    licence: str            # SPDX id
    attribution: str        # copyright line, licence, repository URL
    url: str                # the file at the recorded commit
    score: float            # cosine similarity of the asked question to `question`
    truncated: bool = False

    @property
    def citation(self) -> str:
        """One line for under the answer: where it comes from and under which licence."""
        return f"Answer adapted from {self.source_repo} ({self.licence}); {self.attribution.split(',')[0]}."


def load_bank_entries(path: str | Path = BANK_PATH) -> list[dict]:
    """The bank's rows; a missing file is an error that says how to build it."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No answer bank at {path}. Run: python -m training.answer_bank.build")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class AnswerBank:
    entries: list[dict]
    encoder: object = field(repr=False)
    embeddings: object = field(repr=False)     # float32 (n, dim), unit rows
    index: object = field(repr=False)          # faiss.IndexFlatIP over `embeddings`
    threshold: float = THRESHOLD

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, question: str, k: int = CANDIDATES) -> list[tuple[int, float]]:
        """(row, cosine) of the k nearest bank questions, best first."""
        vector = embed(self.encoder, [question])
        scores, ids = self.index.search(vector, min(k, len(self.entries)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    @staticmethod
    def answers_whole(question: str, entry: dict, role_family: str | None = None) -> bool:
        """The bank entry is the asked question (not a sibling) and its answer covers all of it."""
        return same_subject(question, entry["question"]) and covers_whole(
            question, entry["question"], entry["answer"], role_family in (None, entry["role_family"]))

    def lookup(self, question: str, role_family: str | None = None,
               threshold: float | None = None) -> BankAnswer | None:
        """The bank answer for `question`, or None when no bank question is close enough (or the
        question is behavioural). An entry of `role_family` is preferred when it is within
        FAMILY_MARGIN of the nearest one; the threshold applies to the entry returned."""
        question = " ".join((question or "").split())
        if not question or BEHAVIOURAL.search(question) or not self.entries:
            return None
        cut = self.threshold if threshold is None else threshold
        hits = [(r, s) for r, s in self.search(question) if self.answers_whole(question, self.entries[r], role_family)]
        pick = self.prefer_family(hits, role_family)
        if pick is None or pick[1] < cut:
            return None
        return to_answer(self.entries[pick[0]], pick[1])

    def prefer_family(self, hits: list[tuple[int, float]], role_family: str | None) -> tuple[int, float] | None:
        """The (row, cosine) to show among `hits` (nearest first): the nearest, or the nearest entry of
        `role_family` when it is within FAMILY_MARGIN of it; None without hits."""
        if not hits:
            return None
        if role_family:
            same = [(r, s) for r, s in hits if self.entries[r]["role_family"] == role_family]
            if same and same[0][1] >= hits[0][1] - FAMILY_MARGIN:
                return same[0]
        return hits[0]


def to_answer(row: dict, score: float) -> BankAnswer:
    return BankAnswer(question=row["question"], answer=row["answer"], role_family=row["role_family"],
                      question_type=row["question_type"], source_repo=row["source_repo"], commit=row["commit"],
                      path=row["path"], licence=row["licence"], attribution=row["attribution"], url=row["url"],
                      score=round(float(score), 4), truncated=bool(row.get("answer_truncated")))


# ----------------------------------------------------------------------------- building

def embed(encoder, texts: list[str]):
    import numpy as np

    vectors = encoder.encode(list(texts), batch_size=ENCODE_BATCH, convert_to_numpy=True,
                             normalize_embeddings=True, show_progress_bar=False)
    return np.ascontiguousarray(vectors, dtype=np.float32)


CACHE_PROBE = "How does a hash map handle collisions?"   # embedded to tell encoders apart


def _cache_file(cache_dir: Path, bank_path: Path, encoder) -> Path:
    """The cache file for this bank file and this encoder. The encoder is identified by its embedding of a
    fixed sentence, not by a name: a LoRA-merged or other encoder passed in gets its own cache."""
    import numpy as np

    probe = np.round(embed(encoder, [CACHE_PROBE]), 4).tobytes()
    key = hashlib.sha1(bank_path.read_bytes() + probe + CACHE_VERSION.encode()).hexdigest()[:16]
    return cache_dir / "answer_bank" / f"questions-{key}.npy"


def build_answer_bank(encoder, entries: list[dict], embeddings=None, threshold: float = THRESHOLD) -> AnswerBank:
    """Index `entries` (embedding their questions unless `embeddings` are given). Pure: no disk."""
    import faiss

    # One query against a few thousand rows takes well under a millisecond on one thread; FAISS's
    # OpenMP pool would only compete with torch for the 2 cores (see interview/retrieval/retriever.py).
    faiss.omp_set_num_threads(1)
    if embeddings is None:
        embeddings = embed(encoder, [e["question"] for e in entries])
    index = faiss.IndexFlatIP(embeddings.shape[1])
    index.add(embeddings)
    return AnswerBank(entries=entries, encoder=encoder, embeddings=embeddings, index=index, threshold=threshold)


def load_answer_bank(encoder=None, path: str | Path = BANK_PATH, cache_dir: str | Path | None = None,
                     threshold: float = THRESHOLD) -> AnswerBank:
    """The bank at `path` indexed with `encoder` (default: the embedded MiniLM; THRESHOLD was chosen with
    it, so pass the base encoder, not the retriever's tuned one). The question embeddings are cached under
    the cache folder (INTERVIEW_CACHE_DIR), keyed by the bank file's bytes and the encoder, so only the
    first load pays for embedding; a stale or unreadable cache is rebuilt."""
    import numpy as np

    from interview.config import get_settings
    from interview.models.loading import load_encoder

    path = Path(path)
    entries = load_bank_entries(path)
    encoder = encoder or load_encoder()
    cache = _cache_file(Path(cache_dir) if cache_dir else get_settings().cache_dir, path, encoder)
    embeddings = None
    if cache.is_file():
        try:
            embeddings = np.load(cache)
            if embeddings.shape[0] != len(entries):
                embeddings = None
        except (OSError, ValueError):
            embeddings = None
    bank = build_answer_bank(encoder, entries, embeddings, threshold)
    if embeddings is None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp.npy")
            np.save(tmp, bank.embeddings)
            tmp.replace(cache)   # atomic: a concurrent reader never sees half a file
        except OSError:
            pass                 # a read-only cache folder costs a rebuild next time, nothing else
    return bank


_DEFAULT: AnswerBank | None = None
_LOCK = threading.Lock()


def get_default_bank() -> AnswerBank:
    """The process-wide bank over data/answer_bank/bank.jsonl with the embedded encoder (built once)."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = load_answer_bank()
        return _DEFAULT


def lookup(question: str, role_family: str | None = None) -> BankAnswer | None:
    """`get_default_bank().lookup(question, role_family)`: the bank answer, or None.

    >>> hit = lookup("What are props in React?", role_family="frontend")
    >>> hit.source_repo, hit.licence
    ('sudheerj/reactjs-interview-questions', 'MIT')
    >>> lookup("What is your greatest weakness?") is None
    True
    """
    return get_default_bank().lookup(question, role_family)


if __name__ == "__main__":
    # `python -m interview.retrieval.answer_bank`: embed the bank's questions into the cache now (make run and the
    # hosted image do this at install time), so that the first sample answer does not wait ~1 minute.
    import time

    t = time.perf_counter()
    bank = load_answer_bank()
    print(f"answer bank: {len(bank)} entries indexed and cached in {time.perf_counter() - t:.1f} s")
