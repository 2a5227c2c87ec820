"""Hand-written PDFs and the corpus of bad resume files used by the tests (and the bench).

pypdf cannot lay out text and reportlab is not a dependency, so the PDFs are written here object by
object: a catalog, a page tree, a standard Type 1 font (Helvetica, WinAnsi encoding, with `fi`/`fl`
ligature glyphs at codes 1 and 2) and one content stream per page.

    make_text_pdf(["EXPERIENCE", "• Cut latency by 60%"])             # one page
    make_text_pdf(lines, pages=3, header="Jane Doe — Resume")          # page numbers + a repeated header
    make_two_column_pdf(left_lines, right_lines)
    bad_corpus()  -> list[BadFile(name, data, code)]                   # each must raise ResumeError(code)
"""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

FONT = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [1 /fi 2 /fl] >> >>")
# A 2 x 2 grey image: what a scanner puts on a page instead of text.
IMAGE = (b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
         b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
LIGATURES = {"ﬁ": b"\\001", "ﬂ": b"\\002"}


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252) with the ligature codes of FONT."""
    out = bytearray(b"(")
    for ch in text:
        if ch in LIGATURES:
            out += LIGATURES[ch]
            continue
        b = ch.encode("cp1252", errors="replace")
        if b in (b"(", b")", b"\\"):
            out += b"\\" + b
        elif b[0] > 126:
            out += b"\\%03o" % b[0]
        else:
            out += b
    return bytes(out + b")")


def text_stream(lines: list[str], x: int = 72, y: int = 740, size: int = 10, leading: int = 13) -> bytes:
    """One text block: lines top to bottom from (x, y)."""
    parts = [b"BT /F1 %d Tf %d TL %d %d Td" % (size, leading, x, y)]
    for i, line in enumerate(lines):
        parts.append((b"T* " if i else b"") + pdf_string(line) + b" Tj")
    return b"\n".join(parts + [b"ET"])


def build_pdf(streams: list[bytes], *, image: bool = False, compress: bool = False,
              raw_streams: list[bytes] | None = None, filters: bytes = b"") -> bytes:
    """A complete PDF with one page per content stream (correct xref table and trailer).

    raw_streams: already encoded stream bodies (with `filters` naming their filter) for hostile files.
    """
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    if image:
        objects[4] = IMAGE
    bodies = raw_streams if raw_streams is not None else [zlib.compress(s) if compress else s for s in streams]
    if compress and raw_streams is None:
        filters = b"/Filter /FlateDecode"
    kids, next_id = [], 5
    for body in bodies:
        page, content = next_id, next_id + 1
        next_id += 2
        kids.append(page)
        resources = b"<< /Font << /F1 3 0 R >>" + (b" /XObject << /Im1 4 0 R >>" if image else b"") + b" >>"
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources
                         + b" /Contents %d 0 R >>" % content)
        objects[content] = (b"<< /Length %d %s >>\nstream\n" % (len(body), filters)) + body + b"\nendstream"
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def make_text_pdf(lines, pages: int = 1, header: str | None = None, page_numbers: bool = False) -> bytes:
    """A text PDF. `lines`: list[str] (split evenly over `pages`) or one list per page.

    header: a line drawn at the top of every page; page_numbers: "Page i of n" at the bottom.
    """
    per_page = lines if lines and isinstance(lines[0], list) else None
    if per_page is None:
        step = max(1, -(-len(lines) // pages))
        per_page = [lines[i * step:(i + 1) * step] for i in range(pages)]
    streams = []
    for i, page in enumerate(per_page):
        parts = []
        if header:
            parts.append(text_stream([header], y=770, size=9))
        parts.append(text_stream(page))
        if page_numbers:
            parts.append(text_stream([f"Page {i + 1} of {len(per_page)}"], x=280, y=30, size=9))
        streams.append(b"\n".join(parts))
    return build_pdf(streams)


def make_two_column_pdf(left: list[str], right: list[str]) -> bytes:
    """Two text blocks side by side on one page, written column after column (as editors do)."""
    return build_pdf([text_stream(left, x=40, size=9) + b"\n" + text_stream(right, x=320, size=9)])


def encrypt(pdf: bytes, user_password: str = "secret", algorithm: str = "RC4-128") -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def zlib_bomb(gib: int = 2) -> bytes:
    """A valid zlib stream of `gib` GiB of zeros in a few MB, built in milliseconds: after a full
    flush deflate restarts from scratch, so one compressed MiB can be repeated; the Adler-32
    checksum at the end is computed for the whole length."""
    zeros = bytes(1 << 20)
    co = zlib.compressobj(9)
    first = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    chunk = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    tail = co.flush()[:-4]
    n = gib * 1024
    adler = 1
    for _ in range(n):
        adler = zlib.adler32(zeros, adler)
    return first + chunk * (n - 1) + tail + adler.to_bytes(4, "big")


RESUME_LINES = [
    "Jane Doe",
    "jane.doe@example.com | +1 (555) 201-7788 | github.com/janedoe",
    "EXPERIENCE",
    "Senior Backend Engineer, Northwind Payments 2020 – Present",
    "• Cut p95 checkout latency from 480 ms to 190 ms by moving session state from",
    "PostgreSQL to Redis and batching ledger writes",
    "• Designed the ﬁrst versioned REST API for refunds, now used by 12 internal teams",
    "• Led the migration of 40 cron jobs to Airflow, cutting failed nightly runs by 85%",
    "EDUCATION",
    "B.Sc. Computer Science, University of Lisbon 2012 – 2016",
]


@dataclass
class BadFile:
    name: str    # file name as uploaded (the extension matters)
    data: bytes
    code: str    # the ResumeError.code it must produce


def bad_corpus(seed: int = 0) -> list[BadFile]:
    """The bad-file corpus: every entry must raise ResumeError with `code`, within 10 s."""
    rng = random.Random(seed)
    good = make_text_pdf(RESUME_LINES)
    nested = b"[" * 50_000 + b"]" * 50_000
    return [
        BadFile("zero.pdf", b"", "empty"),
        BadFile("zero.md", b"", "empty"),
        BadFile("huge.pdf", good + b"%" + bytes(11 * 1024 * 1024), "too_big"),
        BadFile("encrypted.pdf", encrypt(good), "encrypted"),
        BadFile("encrypted_aes.pdf", encrypt(good, algorithm="AES-256"), "encrypted"),
        BadFile("scan.pdf", build_pdf([b"q 500 0 0 700 50 50 cm /Im1 Do Q"], image=True), "scanned"),
        BadFile("truncated.pdf", good[:120], "truncated"),
        BadFile("corrupt.pdf", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)), "corrupt"),
        BadFile("nested.pdf", build_pdf([b""], raw_streams=[b"BT ET"]).replace(
            b"/Type /Catalog", b"/Nest " + nested + b" /Type /Catalog"), "corrupt"),
        BadFile("random.pdf", bytes(rng.randrange(256) for _ in range(5000)), "not_pdf"),
        BadFile("bomb.pdf", build_pdf([], raw_streams=[zlib_bomb(2)], filters=b"/Filter /FlateDecode"), "bomb"),
        BadFile("pages200.pdf", make_text_pdf([["Page filler line"] for _ in range(200)]), "pages"),
        BadFile("whitespace.pdf", build_pdf([text_stream(["   ", "      "])]), "blank_pdf"),
        BadFile("utf16.pdf", "\n".join(RESUME_LINES).encode("utf-16"), "not_pdf_text"),
        BadFile("page.pdf", b"<!DOCTYPE html><html><body><h1>Jane Doe</h1></body></html>", "not_pdf_html"),
        BadFile("word.pdf", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(2000)), "not_pdf_zip"),
        BadFile("photo.pdf", b"\x89PNG\r\n\x1a\n" + bytes(200), "not_pdf_image"),
        BadFile("old.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "not_pdf_ole"),
        BadFile("resume.docx", b"PK\x03\x04" + bytes(300), "unsupported_document"),
        BadFile("resume.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "unsupported_image"),
        BadFile("resume.exe", b"MZ" + bytes(300), "unsupported_type"),
        BadFile("binary.txt", bytes(rng.randrange(256) for _ in range(3000)), "not_text"),
        BadFile("blank.txt", b" \n\t\n   \r\n", "empty_text"),
        BadFile("contact_only.txt", b"Jane Doe\njane@example.com\n+1 555 201 7788\n", "no_bullets"),
        BadFile("skills_only.pdf", make_text_pdf(["SKILLS", "• Python", "• Go", "• SQL"]), "no_bullets"),
    ]
