"""METEOR with WordNet available offline, from Debian's `wordnet-base` package.

    from training.generator.meteor import meteor
    m = meteor()                       # None, with meteor_unavailable() saying why, when WordNet is missing
    m("How would you scale it?", "How do you scale it?")   # -> float in [0, 1]

nltk's METEOR needs the WordNet corpus, which `nltk.download` fetches from the internet. Debian's
`wordnet-base` and `wordnet-sense-index` (apt-get install wordnet-base wordnet-sense-index) ship the
same WordNet 3.0 database in /usr/share/wordnet, minus the `lexnames` file nltk's reader insists on. We copy the
files (28 MB, once) into an nltk data folder under the cache dir, write `lexnames` (a fixed table from the WordNet
3.0 docs, lexnames(5WN)), and register that folder with nltk (its path guard only reads from
registered roots).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

DEBIAN_WORDNET = Path(os.environ.get("INTERVIEW_WORDNET_DIR", "/usr/share/wordnet"))

# lexnames(5WN) of WordNet 3.0: index, lexicographer file, syntactic category (1 noun ... 4 adverb).
_LEXNAMES = (
    ["adj.all 3", "adj.pert 3", "adv.all 4"]
    + [f"noun.{n} 1" for n in ("Tops act animal artifact attribute body cognition communication event feeling "
                               "food group location motive object person phenomenon plant possession process "
                               "quantity relation shape state substance time").split()]
    + [f"verb.{n} 2" for n in ("body change cognition communication competition consumption contact creation "
                               "emotion motion perception possession social stative weather").split()]
    + ["adj.ppl 3"]
)
_NEEDED = [f"{kind}.{pos}" for kind in ("data", "index") for pos in ("noun", "verb", "adj", "adv")] + ["index.sense"]

_reason: str | None = None
_reader = None


def lexnames_text() -> str:
    return "".join(f"{i:02d}\t{name.split()[0]}\t{name.split()[1]}\n" for i, name in enumerate(_LEXNAMES))


def _data_root() -> Path:
    from interview.config import get_settings

    return get_settings().cache_dir / "nltk_data"


def wordnet_reader():
    """nltk's WordNetCorpusReader over the Debian files, or None (see meteor_unavailable())."""
    global _reader, _reason
    if _reader is not None or _reason is not None:
        return _reader
    missing = [n for n in _NEEDED if not (DEBIAN_WORDNET / n).is_file()]
    if missing:
        _reason = (f"WordNet not found in {DEBIAN_WORDNET} (missing {', '.join(missing[:3])}); "
                   "install it with `apt-get install wordnet-base wordnet-sense-index`")
        return None
    import warnings

    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    root = _data_root()
    folder = root / "corpora" / "wordnet"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for src in DEBIAN_WORDNET.iterdir():
            dst = folder / src.name
            if src.is_file() and (not dst.exists() or dst.stat().st_size != src.stat().st_size):
                dst.unlink(missing_ok=True)
                shutil.copyfile(src, dst)  # a copy: nltk refuses symlinks and hard links out of its roots
        if not (folder / "lexnames").is_file():
            (folder / "lexnames").write_text(lexnames_text())
        if str(root) not in nltk.data.path:
            nltk.data.path.append(str(root))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "multilingual functions not available": not needed here
            _reader = WordNetCorpusReader(str(folder), None)
            _reader.synsets("interview")  # fail now, not in the middle of an evaluation
    except Exception as exc:  # noqa: BLE001 - reported, never faked
        _reason = f"nltk could not read WordNet from {folder} ({exc.__class__.__name__}: {exc})"
        _reader = None
    return _reader


def meteor_unavailable() -> str | None:
    """Why METEOR cannot be computed here, or None when it can."""
    wordnet_reader()
    return _reason


def meteor():
    """A function (reference, hypothesis) -> METEOR score, or None when WordNet is unavailable."""
    wn = wordnet_reader()
    if wn is None:
        return None
    from nltk.translate.meteor_score import meteor_score

    def score(reference: str, hypothesis: str) -> float:
        ref, hyp = reference.lower().split(), hypothesis.lower().split()
        if not ref or not hyp:
            return 0.0
        return float(meteor_score([ref], hyp, wordnet=wn))

    return score
