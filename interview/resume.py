"""Resume parsing: a PDF, .txt or .md resume → sections and bullet points.

    parse_resume_file("cv.pdf").bullets        # ['Cut p95 checkout latency from 480 ms to 190 ms ...', ...]
    parse_resume_bytes(upload_bytes, "cv.pdf")  # the same for an upload; ResumeError on bad input

Every bad input raises `ResumeError`, whose message is one line the user can act on and whose `.code`
names the case ("encrypted", "scanned", "too_big", ...). PDFs are read by pypdf in a child process
with a time and memory cap (interview/pdf_worker.py); text files may be UTF-8 (with or without BOM),
UTF-16/32 with a BOM, BOM-less UTF-16 or Windows-1252.

Structuring works on lines: bullet glyphs (•, ▪, -, *, ◦, ➢, numbers ...) start a bullet, wrapped
lines are joined back, section headings are recognised, page numbers and lines repeated on every
page (headers, footers) and contact lines are dropped. A resume written as prose paragraphs yields
its sentences as bullets, with a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from interview.prompts import clean_text
from interview.resume_structure import (BulletContext, entry_context, has_date, is_structure_line, is_title_case,
                                        word_count)

MAX_BYTES = 10 * 1024 * 1024   # larger uploads are refused before anything parses them
MAX_BULLETS = 200              # more is not a resume; keeps the index and the UI list small
MIN_BULLET_WORDS = 3           # "• Python" is a skill tag, not an experience to retrieve
MIN_PROSE_WORDS = 6            # sentences taken from prose must say something
MIN_DESCRIPTION_WORDS = 4      # a paragraph under a job or project ("Built and maintained cloud apps.")
MAX_BULLET_CHARS = 400         # longer "bullets" are paragraphs: split into sentences
PDF_EXTENSIONS = {".pdf"}
TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}
DOCUMENT_EXTENSIONS = {".docx", ".doc", ".odt", ".rtf", ".pages", ".wpd"}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".tif", ".tiff", ".bmp"}
DEFAULT_SECTION = "Resume"     # bullets that come before any heading

SECTION_TITLES = {
    "experience", "work experience", "professional experience", "relevant experience", "employment",
    "employment history", "work history", "career history", "education", "skills", "technical skills",
    "core skills", "key skills", "skills and tools", "core competencies", "competencies", "projects",
    "selected projects", "personal projects", "side projects", "summary", "professional summary",
    "profile", "about", "about me", "objective", "certifications", "certificates", "licenses",
    "awards", "honors", "honours", "achievements", "key achievements", "accomplishments",
    "publications", "volunteering", "volunteer experience", "leadership", "activities", "languages",
    "interests", "references", "training", "courses", "research", "open source", "teaching",
    "internships", "military service", "patents", "talks", "contact", "highlights",
}
# Section titles of Chinese, Japanese and Thai resumes (they have no capitals to tell a heading by).
_OTHER_SCRIPT_TITLES = {"工作经历", "工作经验", "项目经历", "项目经验", "实习经历", "实习/项目经历", "教育背景", "教育经历",
                        "专业技能", "技能", "it 技能", "自我评价", "获奖情况", "个人简介", "其他", "職務経歴", "職歴", "学歴",
                        "資格", "スキル", "自己pr", "ประสบการณ์", "ประสบการณ์การทำงาน", "การศึกษา", "ทักษะ"}
# Word and other writers draw bullets with Symbol/Wingdings glyphs that pypdf returns as private-use
# characters, which clean_text would strip; map them to a real bullet first.
_PUA_BULLETS = re.compile("[\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0\uf071\uf075]")
_GLYPHS = "•●▪■◦○‣⁃➢➣➤►▸▹◆◇♦✓✔❖∙·→➔✗◉"
_BULLET = re.compile(rf"^(?:[{_GLYPHS}]\s*|[-*+–—]\s+(?:\[[ xX]\]\s+)?|\(?\d{{1,2}}[.)]\s+|\([a-z]\)\s+)(?P<text>\S.*)$")
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*$")
_UNDERLINE = re.compile(r"^(=|-|_|~){3,}$")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,3})?$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:linkedin|github|gitlab|twitter|x|medium)\.com\S*", re.I)
_PHONE = re.compile(r"\+?\(?\d[\d ().-]{7,}\d")
_DATES = re.compile(r"\b(?:19|20)\d\d\b.*(?:[-–—]|to)\s*(?:(?:19|20)\d\d|present|now|current)|"
                    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? (?:19|20)\d\d\b", re.I)
_CONNECTORS = {"and", "or", "to", "of", "for", "with", "by", "in", "on", "the", "a", "an", "from", "at",
               "via", "into", "across", "while", "using", "including", "that", "which", "as", "than"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])|(?<=[。！？])")
# Sections whose paragraphs describe the person or list skills: never experiences to cite.
_NO_DESCRIPTION_SECTIONS = {"summary", "professional summary", "profile", "about", "about me", "objective",
                            "skills", "technical skills", "core skills", "key skills", "skills and tools",
                            "core competencies", "competencies", "languages", "interests", "references",
                            "contact", "education", "footer", DEFAULT_SECTION.lower(), "简介", "个人简介",
                            "技能", "专业技能", "it 技能", "技术", "自我评价", "教育背景", "学历", "教育经历", "其他"}
_SKILL_LINE = re.compile(r"^[^.:]{1,40}:\s*[^.]+(?:,[^,.]+){2,}$")  # "Languages: Python, Go, SQL"
# Sections whose bullets are skill tags or facts about the person, not experiences.
_TAG_SECTIONS = {"skills", "technical skills", "core skills", "key skills", "skills and tools", "competencies",
                 "core competencies", "languages", "interests", "technical", "miscellaneous", "contact",
                 "技能", "专业技能", "it 技能", "技术", "其他"}
# Sections where any paragraph describes work done, even before an entry header was read.
_EXPERIENCE_SECTION = re.compile(r"experience|employment|work|project|history|career|research|volunteer|"
                                 r"open source|leadership|activities|internship|经历|经验|项目", re.I)


class ResumeError(ValueError):
    """A resume that cannot be used; str(error) is the one-line message for the user."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code  # which case it is: "empty", "too_big", "encrypted", "scanned", ...


@dataclass
class ParsedResume:
    bullets: list[str]                                             # in reading order, de-duplicated
    sections: dict[str, list[str]] = field(default_factory=dict)   # section title -> its bullets
    warnings: list[str] = field(default_factory=list)              # things the user should check
    # bullet -> the entry it was listed under (employer, role, dates, section); header lines such as
    # "Google    Mountain View, CA" end up here, never in `bullets`
    context: dict[str, BulletContext] = field(default_factory=dict)

    def context_dicts(self) -> dict[str, dict]:
        """`context` as plain dicts (JSON, the session store)."""
        return {b: c.to_dict() for b, c in self.context.items()}


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
    from interview.answer_checks import strip_terminal_codes

    return screen_resume(_structure(strip_terminal_codes(text), from_pdf=False), raw=text)


def screen_resume(parsed: ParsedResume, raw: str = "") -> ParsedResume:
    """Move the bullets that read like instructions to the coach (a sentence, or invisible tag text in
    the `raw` text) out of the bullets into a warning, so that the retriever index, the evidence and
    the prompts never see them, and the user is told which lines were ignored."""
    from interview.answer_checks import hidden_instruction_lines, ignored_lines_warning, screen_lines

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
    from interview.answer_checks import strip_terminal_codes

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
    from interview.pdf_worker import extract_pdf, unreadable_share

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
    parsed = _structure(text, from_pdf=True)
    if pdf.hidden:   # left out of the text above: shown to the user, never used as evidence
        quoted = "; ".join(f'"{h[:80]}{"…" if len(h) > 80 else ""}"' for h in pdf.hidden[:3])
        parsed.warnings.append(f"Ignored text that is invisible in the PDF (white on white or hidden): {quoted}. "
                               "A screening tool may read it; remove it from your resume.")
    if pdf.truncated:
        parsed.warnings.append("The PDF seems cut off at the end; some text may be missing.")
    return parsed


# ----------------------------------------------------------------------------- text → bullets

def _lines_of(page: str) -> list[tuple[str, bool]]:
    """(cleaned line, indented?) pairs of one page."""
    out = []
    for raw in page.split("\n"):
        # a wide gap or a tab separates fields ("Acme    Berlin", a right-aligned date): keep it as " | "
        line = clean_text(re.sub(r"(?<=\S)(?: {3,}|\t+)(?=\S)", " | ", raw))
        out.append((line, raw[:1] in (" ", "\t") and bool(line)))
    return out


def _drop_page_furniture(pages: list[list[tuple[str, bool]]]) -> list[tuple[str, bool]]:
    """All lines in order, without page numbers and without header/footer lines repeated on pages."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.lower())

    def edges(page) -> set[str]:  # the top and bottom lines, where headers and footers sit; never bullets
        text = [l for l, _ in page if l]
        return {key(l) for l in text[:3] + text[-3:] if not _BULLET.match(l)}

    repeated: set[str] = set()
    if len(pages) >= 2:
        seen: dict[str, int] = {}
        for page in pages:
            for k in edges(page):
                seen[k] = seen.get(k, 0) + 1
        repeated = {k for k, n in seen.items() if n >= max(2, (len(pages) + 1) // 2)}
    out = []
    for page in pages:
        edge = edges(page)
        for line, indented in page:
            if _PAGE_NUMBER.match(line) or (key(line) in repeated and key(line) in edge):
                continue
            out.append((line, indented))
    return out


def _is_contact(line: str) -> bool:
    if not (_EMAIL.search(line) or _URL.search(line) or _PHONE.search(line)):
        return False
    rest = _PHONE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", line)))
    return len(re.findall(r"[^\W\d_]{2,}", _CJK_RUN.sub(" ", rest))) + word_count("".join(_CJK_RUN.findall(rest))) <= 4


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]+")


def _heading(line: str, next_line: str) -> tuple[str, bool] | None:
    """(title, starts a section?) when the line is a heading; sub-headings (### Job) don't."""
    m = _MD_HEADING.match(line)
    if m:
        title = _strip_markup(m["title"]).rstrip(":")
        return title, len(m["hashes"]) <= 2 or title.lower() in SECTION_TITLES | _NO_DESCRIPTION_SECTIONS | _TAG_SECTIONS
    title = _strip_markup(line).strip().rstrip(":").strip()
    if not title or len(title) > 40:
        return None
    pretty = title.title() if title.isupper() and len(title) > 3 else title  # "SKILLS" → "Skills"
    if title.lower() in SECTION_TITLES | _OTHER_SCRIPT_TITLES or _UNDERLINE.match(next_line):
        return pretty, True
    if (title.isupper() and len(title.split()) <= 4 and not re.search(r"\d|[.!?,]$", title)
            and any(c.isalpha() for c in title) and not has_date(next_line)):  # "KAIST" over "Researcher 2022 – 2023"
        return pretty, True
    return None


def _strip_markup(text: str) -> str:
    text = re.sub(r"\s*\{#[\w-]+\}\s*$", "", text)  # pandoc heading anchor: "Skills {#skills}"
    text = re.sub(r"^:\s+", "", text)  # pandoc definition-list item
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # markdown link → its text
    return re.sub(r"\*\*|__|`", "", text).strip()


def _continues(prev: str, line: str, indented: bool, wide: int, from_pdf: bool) -> bool:
    """Is `line` the wrapped continuation of the text ending with `prev`?"""
    if line[0].islower() or line[0] in ",;:)&%" or indented and not from_pdf:
        return True
    last = prev.split()[-1].lower() if prev.split() else ""
    if prev[-1] in ",;:-–—&/(+" or last in _CONNECTORS:
        return True
    if prev[-1] in ".!?" or _DATES.search(line) or " | " in line or _looks_like_job_line(line):
        return False
    # PDFs wrap at the text width: a line that filled it usually continues on the next one.
    return from_pdf and wide >= 40 and len(prev) >= 0.7 * wide


def _looks_like_job_line(line: str) -> bool:
    """"Junior Developer, Freightly" or "Engineer at Acme": every word capitalised, with a separator."""
    words = [w for w in re.findall(r"[^\W\d_][\w'&.-]*", line) if w.lower() not in _CONNECTORS]
    return (0 < len(words) <= 6 and all(w[0].isupper() for w in words)
            and bool(re.search(r",| at | [-–—] ", line)))


def _join(prev: str, line: str) -> str:
    if re.search(r"[a-z]-$", prev) and line[:1].islower():
        return prev[:-1] + line  # a hyphenated word split across lines ("optimi-" + "zation")
    return f"{prev} {line}"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _structure(text: str, from_pdf: bool) -> ParsedResume:
    text = _PUA_BULLETS.sub("•", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\v", "\n")
    lines = _drop_page_furniture([_lines_of(page) for page in text.split("\f")])
    lengths = sorted(len(l) for l, _ in lines if l)
    wide = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0

    section = DEFAULT_SECTION
    # Every kept line is [section, text, context, kind]; kind "bullet" (a glyph bullet), "desc" (a
    # paragraph under an entry: a description to cite) or "block" (other prose, the fallback).
    items: list[list] = []
    header: list[str] = []                # structure lines of the entry being read (employer, role, dates)
    ctx = BulletContext(section=section)  # what the bullets read now are attached to
    in_entry = None                       # None: no entry header read in this section yet; else does it head an entry?
    open_kind = None                      # "bullet", "block" or None: what a wrapped line would extend

    bulleted = False                      # has a bullet been read under the current context?

    def context_now() -> BulletContext:
        nonlocal header, ctx, bulleted
        if header:
            ctx, header, bulleted = entry_context(header, section), [], False
        return ctx

    for i, (line, indented) in enumerate(lines):
        following = lines[i + 1][0] if i + 1 < len(lines) else ""
        if not line or _UNDERLINE.match(line):
            open_kind = None
            continue
        if _is_contact(line):
            open_kind = None
            continue
        m = _BULLET.match(line)
        if m:
            text = _strip_markup(m["text"])
            # skill lines and degree frames are not experiences: "• M.S. in CS, May 2005. GPA 3.6"
            if _is_frame_bullet(text, section):
                open_kind = None
                continue
            # bullets of a skills section are tags; their wrapped lines still join them, and the short
            # ones still reach the "fewer than 3 words" warning
            kind = "tag" if section.lower() in _TAG_SECTIONS else "bullet"
            items.append([section, text, context_now(), kind])
            bulleted = True
            open_kind = "bullet"
            continue
        heading = _heading(line, following)
        if heading:
            if heading[1]:
                section, header, in_entry = heading[0], [], None
                ctx = BulletContext(section=section)
            else:  # "### Engineer, Acme": an entry's header written as a sub-heading
                header, in_entry = [heading[0]], True
            open_kind = None
            continue
        line = _strip_markup(line)
        if not line:
            continue
        prev = items[-1] if items and open_kind else None
        structure = is_structure_line(line)
        if prev and _continues(prev[1], line, indented, wide, from_pdf) and (
                not structure or line[0].islower() or prev[1][-1] in ",;:-–—&/(+"):
            prev[1] = _join(prev[1], line)
            continue
        if structure and not header and not bulleted and ctx.employer and not has_date(line) \
                and not is_title_case(line):
            open_kind = None  # "Independent analytics consulting" under a job: what the employer is, skipped
            continue
        if structure:  # employer, school, role, place, dates: context for what follows, never a bullet
            header = [*header[-2:], line]  # an entry header is 1-3 lines; older ones belong to an entry without bullets
            # a "Programming Languages" or "Tools" term heads a list of skills, not an entry to describe
            if re.search(r"\b(?:skills|languages|tools|technologies|interests)\b", line, re.I):
                in_entry = False
            elif not _SKILL_LINE.match(line):  # a skill line under such a term keeps it a skills list
                in_entry = True
            open_kind = None
            continue
        described = in_entry if in_entry is not None else bool(_EXPERIENCE_SECTION.search(section))
        if described and _about_the_employer(line, context_now()):
            open_kind = None  # "Acme builds logistics software.": the organisation, not the candidate's work
            continue
        kind = "desc" if described and section.lower() not in _NO_DESCRIPTION_SECTIONS else "block"
        items.append([section, line, context_now() if kind == "desc" else ctx, kind])
        open_kind = "block" if not _DATES.search(line) else None
    return _finish(items)


def _about_the_employer(line: str, ctx: BulletContext) -> bool:
    """One sentence that starts with the employer's name ("Pied Piper is a compression company")."""
    first = ctx.employer.split()[0].lower() if ctx.employer else ""
    return bool(first) and line.lower().startswith(first) and not _SENTENCE_END.search(line.rstrip(". "))


def _is_frame_bullet(text: str, section: str = "") -> bool:
    """A bullet that only carries structure: a skill list, a degree with its dates and GPA, or an
    education detail ("Thesis: ...", "Advisor: ..."). Awards and publications are never frames."""
    if _LISTED_ACHIEVEMENTS.search(section):
        return False
    plain = text.rstrip(". ")
    if re.search(r"\bgpa\b", plain, re.I) or section.lower() == "education" and (
            re.match(r"^[\w /-]{1,30}:\s", plain) or is_structure_line(plain)):  # "Minor in Mathematics"
        return True
    parts = [p.strip() for p in re.split(r"[,;]", plain.split(":", 1)[-1])]
    if (len(parts) >= 4 and all(len(p.split()) <= 3 for p in parts)  # "C++; C; Java; SQL; XML Schema"
            and not re.match(r"^[A-Za-z]+ed\b", plain)):                # not "Built with Go, Redis, ..."
        return True
    if re.match(r"^[^.:]{1,40}:\s*[^.]+(?:[,;][^,;.]+){2,}$", plain):
        return True
    return has_date(plain) and is_structure_line(plain) and bool(_FRAME_WORDS.search(plain))


_FRAME_WORDS = re.compile(r"\b(?:gpa|b\.?s\.?[ce]?|m\.?s\.?[ce]?|ph\.?d|bachelor|master|degree|diploma|university|"
                          r"college|school|institute)\b", re.I)
_LISTED_ACHIEVEMENTS = re.compile(r"award|hono|prize|achievement|publication|patent|talk|获奖", re.I)


def _finish(items: list[list]) -> ParsedResume:
    warnings: list[str] = []
    chosen = [(sec, text, ctx) for sec, text, ctx, kind in items
              if kind == "bullet" or kind == "tag" and word_count(text) < MIN_BULLET_WORDS
              or kind == "desc" and word_count(text) >= MIN_DESCRIPTION_WORDS]
    if not chosen:
        # No bullet markers anywhere: sentences of the prose (entry descriptions first kept as they are).
        prose = [it for it in items if it[0].lower() not in _NO_DESCRIPTION_SECTIONS] or items  # profile last
        chosen = [(sec, s, ctx) for sec, text, ctx, kind in prose for s in _sentences(text)
                  if word_count(s) >= MIN_PROSE_WORDS and not _DATES.search(s) and not is_structure_line(s)]
        if chosen:
            warnings.append("No bullet markers (•, -, *) were found, so each sentence was used as a bullet. "
                            "Check the list before you start.")
    items = chosen
    split = []
    for sec, item, ctx in items:
        parts = _sentences(item) if len(item) > MAX_BULLET_CHARS else [item]
        split += [(sec, p if len(p) <= MAX_BULLET_CHARS else p[:MAX_BULLET_CHARS].rsplit(" ", 1)[0] + " …", ctx)
                  for p in parts]
    short = [s for _, s, _ in split if word_count(s) < MIN_BULLET_WORDS]
    kept, seen, sections, dupes, context = [], set(), {}, [], {}
    for sec, s, ctx in split:
        s = s.strip(" ;,")
        if word_count(s) < MIN_BULLET_WORDS:
            continue
        if s.lower() in seen:
            dupes.append(s)  # named in the warning, so the user can tell which line went
            continue
        seen.add(s.lower())
        kept.append(s)
        sections.setdefault(sec, []).append(s)
        context[s] = ctx if ctx.section else BulletContext(ctx.employer, ctx.role, ctx.dates, sec)
    if not kept:
        raise ResumeError("No bullet points found in this resume. Put each achievement on its own line "
                          "starting with • or -, then upload it again.", code="no_bullets")
    if short:
        warnings.append(f"Skipped {len(short)} line(s) of fewer than {MIN_BULLET_WORDS} words "
                        "(skill tags, not experiences).")
    if dupes:
        named = "; ".join(f"'{d[:80]}{'…' if len(d) > 80 else ''}'" for d in dupes[:3])
        more = f" and {len(dupes) - 3} more" if len(dupes) > 3 else ""
        warnings.append(f"Removed {len(dupes)} duplicate bullet(s): {named}{more}.")
    if len(kept) > MAX_BULLETS:
        warnings.append(f"Only the first {MAX_BULLETS} of {len(kept)} bullets are used.")
        kept = kept[:MAX_BULLETS]
        sections = {sec: [b for b in bs if b in set(kept)] for sec, bs in sections.items()}
        sections = {sec: bs for sec, bs in sections.items() if bs}
    return ParsedResume(bullets=kept, sections=sections, warnings=warnings,
                        context={b: context[b] for b in kept})
