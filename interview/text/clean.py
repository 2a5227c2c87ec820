"""Cleaning user text before anything reads it: invisible and control characters out, NFKC, spaces.

Every reader of user text (resume, posting, answer, scoring, routing, prompts) calls `clean_text` first,
so a zero-width character or a ligature cannot make two equal texts differ.
"""
from __future__ import annotations

import re
import unicodedata

MAX_FIELD_CHARS = 1200  # long job descriptions are cut: a 135M model attends poorly past ~512 tokens

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")


def clean_text(text: str, keep_indent: bool = False) -> str:
    """Drop invisible/control characters (zero-width, bidi overrides, soft hyphen), NFKC-normalise
    (ligatures become letters) and collapse runs of spaces. Keeps newlines, and with `keep_indent` the spaces
    that indent a line (the code an answer quotes: a browser walkthrough showed its Python flattened)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _INVISIBLE.sub("", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    if keep_indent:
        text = re.sub(r"(?<=\S)[ \t]+", " ", text.replace("\t", "    "))
        text = re.sub(r"[ \t]+\n", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()   # a first line's indent is no code block
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
