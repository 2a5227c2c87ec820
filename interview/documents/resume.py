"""Resume parsing: a PDF, .txt or .md resume → sections and bullet points.

    parse_resume_file("cv.pdf").bullets        # ['Cut p95 checkout latency from 480 ms to 190 ms ...', ...]
    parse_resume_bytes(upload_bytes, "cv.pdf")  # the same for an upload; ResumeError on bad input

Every bad input raises `ResumeError`, whose message is one line the user can act on and whose `.code`
names the case ("encrypted", "scanned", "too_big", ...). PDFs are read by pypdf in a child process
with a time and memory cap (interview/documents/pdf_worker.py); text files may be UTF-8 (with or without BOM),
UTF-16/32 with a BOM, BOM-less UTF-16 or Windows-1252. Structuring the text into bullets:
interview/documents/resume_text.py.
"""
from __future__ import annotations

import re
from pathlib import Path

from interview.text.clean import clean_text
from interview.documents.resume_text import MAX_BULLETS, structure
from interview.documents.resume_types import ParsedResume, ResumeError

__all__ = ["MAX_BULLETS", "MAX_BYTES", "ParsedResume", "ResumeError", "parse_resume_bytes", "parse_resume_file",
           "parse_resume_text", "screen_resume"]

MAX_BYTES = 10 * 1024 * 1024   # larger uploads are refused before anything parses them
PDF_EXTENSIONS = {".pdf"}
TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}
DOCUMENT_EXTENSIONS = {".docx", ".doc", ".odt", ".rtf", ".pages", ".wpd"}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".tif", ".tiff", ".bmp"}


# ----------------------------------------------------------------------------- entry points

def parse_resume_file(path) -> ParsedResume:
    """Parse a resume file from disk (.pdf, .txt, .md)."""
    path = Path(path)
    if not path.is_file():
        raise ResumeError(f"File not found: {path}", code="not_found")
    size = path.stat().st_size
    if size > MAX_BYTES:  # refuse before reading gigabytes into memory
        raise _too_big(size)
    return parse_resume_bytes(path.read_bytes(), path.name)


def parse_resume_bytes(data: bytes, filename: str) -> ParsedResume:
    """Parse an uploaded resume; the extension says what the user meant, the first bytes what it is."""
    ext = Path(filename or "").suffix.lower()
    if not data:
        raise ResumeError("The file is empty (0 bytes). Upload your resume as a PDF, .txt or .md file.",
                          code="empty")
    if len(data) > MAX_BYTES:
        raise _too_big(len(data))
    if ext in DOCUMENT_EXTENSIONS:
        raise ResumeError(f"{ext} documents are not supported. Save your resume as PDF, or paste its "
                          "text into a .txt file, and upload that.", code="unsupported_document")
    if ext in IMAGE_EXTENSIONS:
        raise ResumeError(f"Images ({ext}) are not supported: they hold no text. Upload a PDF with "
                          "selectable text, or a .txt file.", code="unsupported_image")
    if ext and ext not in PDF_EXTENSIONS | TEXT_EXTENSIONS:
        raise ResumeError(f"Unsupported file type '{ext}'. Upload your resume as a PDF, .txt or .md file.",
                          code="unsupported_type")
    kind, text, encoding = sniff(data)
    if kind == "pdf":
        return screen_resume(_parse_pdf(data))
    if ext == ".pdf":
        raise _not_a_pdf(kind)
    if kind != "text" and kind != "html":
        raise ResumeError(f"This file is not plain text (it looks like {_KIND_NAMES[kind]}). Upload your "
                          "resume as a PDF, .txt or .md file.", code="not_text")
    if not text.strip():
        raise ResumeError("The text file contains only whitespace. Paste your resume into it and upload "
                          "it again.", code="empty_text")
    parsed = parse_resume_text(text)
    if encoding == "cp1252":
        parsed.warnings.append("The file is not UTF-8; it was read as Windows-1252. Check accented letters.")
    return parsed


def parse_resume_text(text: str) -> ParsedResume:
    """Structure resume text (pages separated by form feeds) into sections and bullets."""
    from interview.text.answer_checks import strip_terminal_codes

    return screen_resume(structure(strip_terminal_codes(text), from_pdf=False), raw=text)


def screen_resume(parsed: ParsedResume, raw: str = "") -> ParsedResume:
    """Move the bullets that read like instructions to the coach (a sentence, or invisible tag text in
    the `raw` text) out of the bullets into a warning, so that the retriever index, the evidence and
    the prompts never see them, and the user is told which lines were ignored."""
    from interview.text.answer_checks import hidden_instruction_lines, ignored_lines_warning, screen_lines

    kept, ignored = screen_lines(parsed.bullets)
    for line in hidden_instruction_lines(raw):
        visible = clean_text(line)
        hit = [b for b in kept if visible and (b in visible or visible in b)]
        kept = [b for b in kept if b not in hit]
        ignored += [line] if hit else []
    if not ignored:
        return parsed
    if not kept:
        raise ResumeError("Every line of this resume reads like an instruction to the coach, not an "
                          "experience. Upload your real resume.", code="only_instructions")
    keep = set(kept)
    sections = {sec: [b for b in bs if b in keep] for sec, bs in parsed.sections.items()}
    return ParsedResume(bullets=kept, sections={sec: bs for sec, bs in sections.items() if bs},
                        warnings=[*parsed.warnings, ignored_lines_warning(ignored)],
                        context={b: c for b, c in parsed.context.items() if b in keep})


# ----------------------------------------------------------------------------- bytes → text

_KIND_NAMES = {"zip": "a Word document or ZIP archive", "ole": "an old Word (.doc) or Excel file",
               "rtf": "a Rich Text (RTF) document", "image": "an image", "html": "a web page (HTML)",
               "text": "plain text", "binary": "binary data"}


def sniff(data: bytes) -> tuple[str, str, str]:
    """(kind, text, encoding) of a file from its bytes; text is "" unless kind is text or html."""
    if b"%PDF-" in data[:1024]:  # the header may follow a little junk, as readers allow
        return "pdf", "", ""
    if data.startswith(b"PK\x03\x04"):
        return "zip", "", ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole", "", ""
    if data.startswith(b"{\\rtf"):
        return "rtf", "", ""
    if (data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM"))
            or data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image", "", ""
    decoded = decode_text(data)
    if decoded is None:
        return "binary", "", ""
    text, encoding = decoded
    if re.match(r"\s*(?:<!doctype html|<html|<head|<body)", text[:1024], re.I):
        return "html", text, encoding
    return "text", text, encoding


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding), or None when the bytes are not text."""
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    encoding = next((enc for bom, enc in boms if data.startswith(bom)), None)
    sample = data[:4096]
    if encoding is None and b"\x00" in sample:
        # BOM-less UTF-16: ASCII letters leave a zero in every other byte.
        half = max(len(sample) // 2, 1)
        even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
        encoding = "utf-16-le" if odd > 0.3 and even < 0.05 else "utf-16-be" if even > 0.3 and odd < 0.05 else None
        if encoding is None:
            return None
    try:
        text = data.decode(encoding or "utf-8")
        encoding = encoding or "utf-8"
    except UnicodeDecodeError:
        if encoding:
            return None
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    from interview.text.answer_checks import strip_terminal_codes

    head = strip_terminal_codes(text[:20000])  # a resume kept in a terminal may carry colour codes
    controls = sum(1 for ch in head if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or ch == "\ufffd")
    return None if controls > 0.02 * max(len(head), 1) else (text, encoding)


def _too_big(size: int) -> ResumeError:
    return ResumeError(f"The file is {size / 1e6:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB. "
                       "Export a smaller PDF (text, no images) or upload a .txt file.", code="too_big")


def _not_a_pdf(kind: str) -> ResumeError:
    if kind == "binary":
        return ResumeError("This file is named .pdf but is not a PDF (it has no %PDF header); it may be "
                           "damaged. Download or export the PDF again.", code="not_pdf")
    hint = {"text": "Rename it to .txt and upload it again.",
            "html": "Open it in a browser and print it to PDF, or save its text as .txt."}
    return ResumeError(f"This file is named .pdf but is {_KIND_NAMES[kind]}, not a PDF. "
                       + hint.get(kind, "Save your resume as PDF and upload that."), code=f"not_pdf_{kind}")


def _parse_pdf(data: bytes) -> ParsedResume:
    from interview.documents.pdf_worker import extract_pdf, unreadable_share

    pdf = extract_pdf(data)
    text = "\f".join(pdf.pages)
    letters = sum(ch.isalnum() for ch in text)
    if letters < 50 and pdf.images:
        raise ResumeError("This PDF has no text layer (it looks like a scan or a picture). Export it from "
                          "your editor as a text PDF, or upload a .txt file.", code="scanned")
    visible = sum(not ch.isspace() for ch in text)
    # Glyph names (/g69), (cid:12) or raw glyph codes: mostly text of fonts without a character map.
    if visible and (letters < 0.5 * visible or unreadable_share(text, pdf.unmapped) >= 0.4):
        raise ResumeError("This PDF's text can't be read (its font has no character map). Export it again "
                          "from your editor, or paste the text into a .txt file and upload that.",
                          code="unreadable_text")
    if letters == 0 and pdf.truncated:
        raise ResumeError("This PDF is incomplete (the file is cut off, as after an interrupted download). "
                          "Download or export it again.", code="truncated")
    if letters == 0:
        raise ResumeError("This PDF contains no text: its pages are blank or only whitespace.",
                          code="blank_pdf")
    parsed = structure(text, from_pdf=True)
    if pdf.hidden:   # left out of the text above: shown to the user, never used as evidence
        quoted = "; ".join(f'"{h[:80]}{"…" if len(h) > 80 else ""}"' for h in pdf.hidden[:3])
        parsed.warnings.append(f"Ignored text that is invisible in the PDF (white on white or hidden): {quoted}. "
                               "A screening tool may read it; remove it from your resume.")
    if pdf.truncated:
        parsed.warnings.append("The PDF seems cut off at the end; some text may be missing.")
    return parsed
