"""Text extraction from an untrusted PDF, in a child process with a time and memory limit.

pypdf has had a run of denial-of-service bugs (endless loops, decompression bombs, deep recursion),
and a resume upload comes from anyone. So the parent never parses a PDF itself: it starts
`python -I interview/documents/pdf_worker.py`, writes the bytes to its stdin and reads one JSON document back.
The child caps its own address space (RLIMIT_AS) and CPU time before importing pypdf; the parent
kills it after `time_s` seconds of wall time whatever it is doing.

    extract_pdf(data) -> PdfText(pages=[...], images=0, truncated=False)     # or raises ResumeError

Each page's text is put in reading order from text positions (interview/documents/pdf_layout.py and
interview/documents/pdf_reading_order.py: columns and table cells apart, form-field values, nested Form
XObjects, right-to-left lines); pypdf's plain extraction is the fallback when that finds less text.
`unreadable_share` tells text whose fonts have no character map (glyph names such as /g69,
"(cid:12)", private-use characters) from real text.

This file runs as a plain script in the child (`-I`: no user site, no script folder on sys.path),
so it imports nothing from the `interview` package at module level.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PdfLimits:
    time_s: float = 8.0        # wall time of the child; with start-up the whole parse stays under 10 s
    memory_mb: int = 512       # address-space cap of the child (Python + pypdf start in ~60 MB)
    max_pages: int = 20        # a resume longer than this is not a resume


@dataclass
class PdfText:
    pages: list[str] = field(default_factory=list)  # extracted text, one string per page
    images: int = 0                                 # image XObjects drawn on the pages (scans have some)
    truncated: bool = False                         # the file does not end with %%EOF (cut-off download)
    unmapped: int = 0                               # characters drawn with fonts that have no character map
    hidden: list[str] = field(default_factory=list)  # text drawn invisible or white on white, per page that has some


# Text that a font without a Unicode map leaves behind: glyph names ("/g69", "/glyph12", "/uni05D0"
# is mapped by pypdf so is not here), pdfminer-style "(cid:12)" and the private-use, control and
# replacement characters that raw glyph codes decode to.
_GLYPH_TOKENS = re.compile(r"/(?:g|G|glyph|cid|c|index)\d{1,5}|\(cid:\d+\)")
_NO_MAP_CHARS = re.compile("[\ue000-\uf8ff\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def unreadable_share(text: str, unmapped: int = 0) -> float:
    """Share (0..1) of the visible characters of `text` that are not readable text.

    unreadable_share("/g69/g88/g77") -> 1.0;  unreadable_share("Built a model") -> 0.0
    `unmapped`: characters the child counted as drawn with a font that has no character map."""
    visible = sum(not ch.isspace() for ch in text)
    if not visible:
        return 0.0
    bad = sum(len(m.group()) for m in _GLYPH_TOKENS.finditer(text))
    bad += len(_NO_MAP_CHARS.findall(_GLYPH_TOKENS.sub("", text)))
    return min(1.0, (bad + unmapped) / visible)


def _error(code: str, message: str):
    from interview.documents.resume_types import ResumeError  # not interview.documents.resume: it imports this module

    return ResumeError(message, code=code)


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def extract_pdf(data: bytes, limits: PdfLimits = PdfLimits()) -> PdfText:
    """The text of every page of `data`, extracted by pypdf in a limited child process.

    Raises ResumeError (with `.code`) for encrypted, oversized, damaged and hostile PDFs and when the
    child runs out of time or memory.
    """
    cmd = [sys.executable, "-I", os.path.abspath(__file__), str(limits.memory_mb),
           str(int(limits.time_s) + 1), str(limits.max_pages)]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=limits.time_s,
                              env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8"})
    except subprocess.TimeoutExpired:
        raise _error("timeout", f"Reading this PDF took longer than {limits.time_s:.0f} s and was stopped. "
                     "Export the resume again as a simple PDF, or upload it as a .txt file.") from None
    out = proc.stdout.decode("utf-8", "replace").strip()
    result = None
    if out:
        try:
            result = json.loads(out.splitlines()[-1])
        except ValueError:
            result = None
    if result is None:
        err = proc.stderr.decode("utf-8", "replace")
        if "MemoryError" in err:
            code = "memory"
        elif proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            code = "timeout"
        else:
            code = "crash"
        result = {"error": code}
    error = result.get("error")
    if error is None:
        return PdfText(pages=result["pages"], images=result["images"], truncated=result["truncated"],
                       unmapped=result.get("unmapped", 0), hidden=result.get("hidden", []))
    messages = {
        "encrypted": "This PDF is password-protected. Remove the password (print it to a new PDF) "
                     "and upload it again.",
        "pages": f"This PDF has {result.get('pages', 'too many')} pages; a resume may have at most "
                 f"{limits.max_pages}. Upload only the pages of your resume.",
        "bomb": "This PDF holds a compressed stream that expands to an enormous size (a 'decompression "
                "bomb'), so it was not opened. Export the resume again as a normal PDF.",
        "nested": "This PDF's structure is nested too deeply to be read safely, so it was not opened. "
                  "Export the resume again as a normal PDF, or upload it as a .txt file.",
        "truncated": "This PDF is incomplete (the file is cut off, as after an interrupted download). "
                     "Download or export it again.",
        "corrupt": "This PDF is damaged and could not be read. Download or export it again, "
                   "or upload the resume as a .txt file.",
        "memory": f"Reading this PDF needed more than {limits.memory_mb} MB of memory and was stopped. "
                  "Export the resume again as a simple PDF, or upload it as a .txt file.",
        "timeout": f"Reading this PDF took longer than {limits.time_s:.0f} s and was stopped. "
                   "Export the resume again as a simple PDF, or upload it as a .txt file.",
        "crash": "The PDF reader crashed on this file. Export the resume again as a simple PDF, "
                 "or upload it as a .txt file.",
    }
    raise _error(error, messages.get(error, messages["crash"]))


# ----------------------------------------------------------------------------- the child

def _count_images(page) -> int:
    """Image XObjects in the page's resources (read from the dictionaries; no image is decoded)."""
    try:
        xobjects = page.get("/Resources", {}).get_object().get("/XObject", {}).get_object()
        return sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
    except Exception:  # noqa: BLE001 - a broken resource dictionary just counts as no images
        return 0


def _sibling_module(name: str):
    """interview/<name>.py, loaded by path: `-I` keeps this folder off sys.path, and putting it
    there would let interview/*.py shadow modules that pypdf imports."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _layout_module():
    """The positional reading: pieces of text (interview/documents/pdf_layout.py), put in reading order
    (interview/documents/pdf_reading_order.py)."""
    from types import SimpleNamespace

    pieces, order = _sibling_module("pdf_layout"), _sibling_module("pdf_reading_order")
    return SimpleNamespace(page_pieces=pieces.page_pieces, field_pieces=pieces.field_pieces,
                           assemble=order.assemble, bullet_first=order.bullet_first)


def _has_no_map(font) -> bool:
    """A composite font with identity encoding and no /ToUnicode: its codes are glyph ids, not text."""
    try:
        encoding = font.get("/Encoding")
        return (font.get("/Subtype") == "/Type0" and "/ToUnicode" not in font
                and str(encoding).startswith("/Identity"))
    except Exception:  # noqa: BLE001 - an odd font dictionary is not evidence either way
        return False


def _letters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def _page_text(page, layout) -> tuple[str, int, str]:
    """(text in reading order, characters drawn with unmapped fonts, text a reader cannot see) of one page.

    Decompression bombs and running out of memory end the whole parse (raised); any other failure
    of one way of reading falls back to the other, and when both fail pypdf's error is raised (the
    file is damaged, not blank)."""
    from pypdf.errors import LimitReachedError

    fatal = (MemoryError, LimitReachedError)
    unmapped = [0]

    def count(text, _cm, _tm, font, _size):
        if font is not None and _has_no_map(font):
            unmapped[0] += sum(not ch.isspace() for ch in text)

    plain_error = None
    try:
        plain = page.extract_text(visitor_text=count) or ""
    except fatal:
        raise
    except Exception as error:  # noqa: BLE001 - the positional reading below may still find the text
        plain, plain_error = "", error
    try:
        fields = layout.field_pieces(page)
    except fatal:
        raise
    except Exception:  # noqa: BLE001 - a broken annotation list just has no fields
        fields = []
    hidden: list[str] = []
    try:
        text = layout.assemble(layout.page_pieces(page, hidden) + fields)
    except fatal:
        raise
    except Exception:  # noqa: BLE001 - includes RecursionError from deeply nested q/Q: use plain
        if plain_error is not None:
            raise plain_error from None
        text = ""
    hidden_text = " ".join(" ".join(hidden).split())
    if _letters(text) + _letters(hidden_text) < 0.8 * _letters(plain):
        # pypdf's own reading found clearly more (a construct the positional reading skips).
        lines = [layout.bullet_first(line) for line in plain.split("\n")]
        text = "\n".join(lines) + ("\n\n" + layout.assemble(fields) if fields else "")
        hidden_text = ""   # pypdf's reading cannot tell visible from hidden text
    return text, unmapped[0], hidden_text


def _child(memory_mb: int, cpu_s: int, max_pages: int) -> dict:
    import resource

    cap = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    except (ValueError, OSError):
        pass  # platforms without these limits (macOS ignores RLIMIT_AS) still have the parent's timeout
    sys.setrecursionlimit(5000)  # deeply nested objects must fail as RecursionError, not crash C stack
    data = sys.stdin.buffer.read()

    import io
    import logging

    logging.disable(logging.CRITICAL)  # pypdf logs every recovered damage to stderr
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError
    except ModuleNotFoundError:
        raise
    except Exception:  # noqa: BLE001 - see below
        # pypdf imports fine without the cap, so failing under it means the cap left no room: CPython
        # reports some allocation failures during an import as SystemError ("error return without
        # exception set") or as a failed mmap of an extension module (ImportError), not as MemoryError.
        return {"error": "memory"}
    layout = _layout_module()

    # Cut off (an interrupted download): PDF objects, but no end-of-file marker.
    truncated = b"%%EOF" not in data[-2048:] and b" obj" in data[:65536]
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An owner password alone (printing/copying restrictions) opens with an empty user password.
            try:
                if not reader.decrypt(""):
                    return {"error": "encrypted"}
            except (FileNotDecryptedError, DependencyError, NotImplementedError):
                return {"error": "encrypted"}
        n = len(reader.pages)
        if n > max_pages:
            return {"error": "pages", "pages": n}
        pages, images, unmapped, hidden = [], 0, 0, []
        for page in reader.pages:
            images += _count_images(page)
            text, no_map, invisible = _page_text(page, layout)
            if invisible:
                hidden.append(invisible)
            pages.append(text)
            unmapped += no_map
    except LimitReachedError as error:
        # pypdf's limits: an enormous decompressed stream, or a page tree nested past its depth cap.
        return {"error": "nested" if "depth" in str(error) else "bomb"}
    except FileNotDecryptedError:
        return {"error": "encrypted"}
    except MemoryError:
        return {"error": "memory"}
    except Exception:  # noqa: BLE001 - any other parse failure of an untrusted file is "damaged"
        return {"error": "truncated" if truncated else "corrupt"}
    if not pages:
        return {"error": "truncated" if truncated else "corrupt"}
    return {"pages": pages, "images": images, "truncated": truncated, "unmapped": unmapped, "hidden": hidden}


if __name__ == "__main__":
    try:
        result = _child(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
    except MemoryError:
        result = {"error": "memory"}
    sys.stdout.write(json.dumps(result) + "\n")
