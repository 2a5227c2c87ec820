"""Page text in reading order from text positions: columns, table cells, form fields, right-to-left.

Runs only inside the PDF child process (interview/pdf_worker.py), so it imports nothing from the
`interview` package. pypdf's plain extraction writes text in content-stream order and joins every
fragment drawn on the same baseline, so a two-column resume or a table comes out with its columns
merged into each line. Here each page becomes positioned pieces of text:

    pieces = page_pieces(page) + field_pieces(page)   # Piece(x0, x1, y, size, text, run), page units
    text = assemble(pieces)                           # columns one after another, blank line between

`assemble` finds multi-column bands (runs of lines that share an empty vertical gutter) and writes
each band column by column; a blank line separates columns, table rows and widely spaced
paragraphs, so resume structuring never joins text across them. Lines written mostly in a
right-to-left script are turned from visual into logical order (the bullet drawn at the right end
comes first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FORM_DEPTH = 12          # nested Form XObjects followed; deeper ones are hostile, not resumes
MAX_OPERATIONS = 400_000     # content-stream operators read per page (flattened forms included)
PIECE_GAP_EM = 0.9           # a horizontal gap wider than this many font sizes separates two pieces
CELL_GAP_EM = 0.45           # ... or this much, between text drawn apart (a word space is ~0.25-0.33)
WIDE_GAP_EM = 3.0            # a gap this wide splits even a single line (a title and a right-aligned date)
RIGHT_EDGE_EM = 1.5          # how far left the text right of a gutter may start on a later line
GUTTER_EM = 0.5              # a column gutter stays at least this wide over all lines of its band
PARAGRAPH_PITCH = 1.25       # in a column, a line gap this many times its line pitch starts a paragraph
                             # (or a table row: cell padding widens the gap between rows)
SPACE_EM = 0.28              # width of a space, for placing pieces inside one of pypdf's text groups
TIGHT_GAP_EM = 0.15          # pieces closer than this are one word (a ligature or kerning run drawn apart)

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\ufb00-\ufb06]")
# An LTR run inside right-to-left text: kept left to right when the line is put in logical order.
_LTR_RUN = re.compile(r"[%A-Za-z0-9\u00c0-\u024f\ufb00-\ufb06](?:[A-Za-z0-9\u00c0-\u024f\ufb00-\ufb06.,:%/+\-_'@ ]*"
                      r"[A-Za-z0-9\u00c0-\u024f\ufb00-\ufb06%])?")
# A list marker drawn on its own, with a tab to the hanging indent: part of the text after it.
_MARKER = re.compile(r"^(?:[•●▪■◦○‣⁃➢➣➤►▸▹◆◇♦✓✔❖∙·→➔✗◉*+–—-]|[\uf000-\uf0ff]|\(?\d{1,2}[.)]|\(?[a-z][.)])$")
ANCHOR_FONT, ANCHOR_Y = "/PdfLayoutAnchor", -1e6   # see page_pieces.anchored
MARKER_GAP_EM = 4.0          # how far such a marker may sit from its text
_BULLET_END = re.compile(r"^(?P<text>.*\S)\s*(?P<glyph>[•●▪■◦○‣⁃➢➤►▸◆♦✓✔❖∙·\-*])$")


@dataclass
class Piece:
    x0: float      # left edge, in page units (points, unless the writer scales the page)
    x1: float      # right edge
    y: float       # baseline (larger is higher on the page)
    size: float    # font height, in the same units
    text: str
    run: int = 0   # pieces drawn in one go (one text group, no jump) share a run number


# ----------------------------------------------------------------------------- pieces

def page_pieces(page, hidden: list[str] | None = None) -> list[Piece]:
    """The text pieces of a page's content, Form XObjects included, from pypdf's layout machinery.

    Text a reader cannot see is left out and its strings appended to `hidden` (for a warning): text in
    render mode 3 or 7 (invisible), and white text on a page that has painted nothing under it yet
    (white on white; white text on a dark header or sidebar is kept). Such text is how instructions
    to a screening model are hidden in resumes."""
    from pypdf._text_extraction._layout_mode import Font, text_show_operations
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    fonts: dict[str, Font] = {}
    budget = [MAX_OPERATIONS]
    # Graphics state that decides visibility: [white fill?, render mode], saved and restored by q / Q;
    # painted: a non-white fill or an image was drawn on the page (a background text may sit on).
    state, painted = [[False, 0]], [False]
    hidden = [] if hidden is None else hidden

    def font_names(resources, tag: str) -> dict[str, str]:
        """Register the fonts of one resource dictionary under names unique to it (a form's /F1 is
        not the page's /F1)."""
        names = {}
        font_dict = resources.get("/Font") if isinstance(resources, DictionaryObject) else None
        font_dict = font_dict.get_object() if font_dict is not None else None
        if isinstance(font_dict, DictionaryObject):
            for name in font_dict:
                obj = font_dict[name].get_object()
                if isinstance(obj, DictionaryObject):
                    unique = f"{name}#{tag}"
                    fonts[unique] = Font.from_font_resource(obj)
                    names[name] = unique
        return names

    def operations(content, resources, depth: int, seen: frozenset):
        names = font_names(resources, str(len(fonts)) + "." + str(depth))
        xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
        xobjects = xobjects.get_object() if xobjects is not None else None
        for operands, op in ContentStream(content, page.pdf, "bytes").operations:
            budget[0] -= 1
            if budget[0] < 0:
                return
            if op in (b"q", b"Q", b"rg", b"g", b"k", b"sc", b"scn", b"Tr", b"f", b"F", b"f*", b"B", b"B*",
                      b"b", b"b*"):
                _track(state, painted, operands, op)
            if op == b"Tf" and operands and operands[0] in names:
                operands = [NameObject(names[operands[0]])] + list(operands[1:])
            elif op == b"Do" and operands and isinstance(xobjects, DictionaryObject) and operands[0] in xobjects:
                ref = xobjects[operands[0]]
                form = ref.get_object()
                key = getattr(ref, "idnum", id(form))
                if form.get("/Subtype") == "/Image":
                    painted[0] = True
                if form.get("/Subtype") != "/Form" or depth >= MAX_FORM_DEPTH or key in seen:
                    continue
                # A form without its own /Resources uses those of the page or form that draws it
                # (allowed by PDF 1.1 and still written by some tools; pypdf finds no font there).
                inner = form.get("/Resources")
                inner = inner.get_object() if inner is not None else resources
                yield [], b"q"
                state.append(list(state[-1]))
                matrix = form.get("/Matrix")
                if matrix is not None and len(matrix) == 6:
                    yield [float(v) for v in matrix], b"cm"
                yield from operations(form, inner, depth + 1, seen | {key})
                yield [], b"Q"
                if len(state) > 1:
                    state.pop()
                continue
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                white, mode = state[-1]
                if mode in (3, 7) or (white and not painted[0]):
                    hidden.append(_shown_text(operands, op))
                    continue
                yield from _advancing(operands, op)
                continue
            yield operands, op

    def anchored(ops):
        """An invisible dot at x = 0, far below the page, then the page: pypdf shifts every x by the
        smallest one, and with this anchor that shift is 0, so form fields (placed by their page
        coordinates) line up with the text."""
        fonts[ANCHOR_FONT] = Font.from_font_resource(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica")}))
        yield from [([], b"BT"), ([NameObject(ANCHOR_FONT), 1], b"Tf"), ([1, 0, 0, 1, 0, ANCHOR_Y], b"Tm"),
                    ([b"."], b"Tj"), ([], b"ET")]
        yield from ops

    contents = page.get("/Contents")
    if contents is None:
        return []
    resources = page.get_inherited("/Resources", DictionaryObject())
    resources = resources.get_object() if resources is not None else DictionaryObject()
    ops = anchored(operations(contents.get_object(), resources, 0, frozenset()))
    pieces = []
    for run, group in enumerate(text_show_operations(ops, fonts)):
        if group["ty"] <= ANCHOR_Y + 1:
            continue
        text, x0, x1 = group["text"], group["tx"], group["displaced_tx"]
        y = group["ty"] * group["flip_sort"]  # writers that flip the y axis (Chrome, Word) count downwards
        size = abs(group["font_height"] or group["font_size"] or 10.0)
        # pypdf pads a jump to the right on the same line (the next column, the next cell) with
        # spaces; three or more spaces are such a jump, so the group is cut there. Only the group's
        # ends are known: inner positions count a space as SPACE_EM and share the rest among the
        # other characters.
        spaces = text.count(" ")
        space_w = min(SPACE_EM * size, (x1 - x0) / max(len(text), 1))
        char_w = (x1 - x0 - spaces * space_w) / max(len(text) - spaces, 1)
        offsets = [0.0]
        for ch in text:
            offsets.append(offsets[-1] + (space_w if ch == " " else char_w))
        for m in re.finditer(r"\S+(?: {1,2}\S+)*", text):
            pieces.append(Piece(x0 + offsets[m.start()], x0 + offsets[m.end()], y, size, m.group(), run))
    return pieces


def _is_white(values: list, op: bytes) -> bool:
    try:
        v = [float(x) for x in values]
    except (TypeError, ValueError):   # a pattern name (scn /P0): not a plain colour
        return False
    if op == b"k" or len(v) == 4:
        return bool(v) and all(x <= 0.05 for x in v)   # CMYK: no ink
    return bool(v) and all(x >= 0.95 for x in v)       # gray or RGB at full brightness


def _track(state: list, painted: list, operands: list, op: bytes) -> None:
    """Update the visibility state for one operator (see page_pieces)."""
    if op == b"q":
        state.append(list(state[-1]))
    elif op == b"Q":
        if len(state) > 1:
            state.pop()
    elif op == b"Tr":
        try:
            state[-1][1] = int(operands[0])
        except (IndexError, TypeError, ValueError):
            pass
    elif op in (b"rg", b"g", b"k", b"sc", b"scn"):
        state[-1][0] = _is_white(operands, op)
    elif not state[-1][0]:   # a fill painted in a colour: text may now sit on a background
        painted[0] = True


def _shown_text(operands: list, op: bytes) -> str:
    """The strings of a text-showing operator, decoded as Latin-1 (enough to quote hidden text)."""
    items = operands[0] if op == b"TJ" and operands and isinstance(operands[0], list) else operands[-1:]
    out = []
    for item in items:
        if isinstance(item, bytes):
            out.append(item.decode("latin-1"))
        elif isinstance(item, str):
            out.append(str(item))
    return "".join(out)


def _advancing(operands: list, op: bytes):
    """A text-showing operator rewritten as a TJ array that ends with a 0 offset.

    pypdf's layout machinery moves the text position only at a TJ offset, so two Tj in a row
    (Chrome writes "Built the ", "ﬁ", "rst" as three) would all start at the same x; the trailing
    0 makes it advance by the string's width, as a viewer does."""
    from pypdf.generic import ArrayObject

    if op == b"'":
        yield [], b"T*"
    elif op == b'"':
        if len(operands) < 3:
            return
        yield [operands[0]], b"Tw"
        yield [operands[1]], b"Tc"
        yield [], b"T*"
        operands = operands[2:]
    items = operands[0] if op == b"TJ" and operands and isinstance(operands[0], list) else operands[:1]
    if items:
        yield [ArrayObject([*items, 0])], b"TJ"


def field_pieces(page) -> list[Piece]:
    """Values of the page's text and choice form fields, placed where their widgets are."""
    from pypdf.generic import DictionaryObject

    pieces = []
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else []
    for ref in list(annots)[:500]:
        widget = ref.get_object()
        if not isinstance(widget, DictionaryObject) or widget.get("/Subtype") != "/Widget":
            continue
        kind, value, field = None, None, widget
        for _ in range(8):  # /FT and /V may sit on the parent field of a widget (kids of one field)
            kind = kind or field.get("/FT")
            value = value if value is not None else field.get("/V")
            parent = field.get("/Parent")
            if parent is None:
                break
            field = parent.get_object()
        if kind not in ("/Tx", "/Ch") or value is None:
            continue
        value = value.get_object()
        values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        rect = [float(v) for v in widget.get("/Rect", [0, 0, 0, 0])]
        size = _field_font_size(widget)
        x, top = min(rect[0], rect[2]), max(rect[1], rect[3])
        lines = [line for v in values for line in re.split(r"\r\n|\r|\n", v)]
        for i, line in enumerate(lines):
            if line.strip():
                y = top - size * (1.2 * i + 1)
                pieces.append(Piece(x, x + 0.5 * size * len(line), y, size, line.strip(), -1 - len(pieces)))
    return pieces


def _field_font_size(widget) -> float:
    m = re.search(r"([\d.]+)\s+Tf", str(widget.get("/DA", "")))
    size = float(m.group(1)) if m else 0.0
    return size if 4 <= size <= 72 else 10.0  # 0 means auto-size in a /DA string


# ----------------------------------------------------------------------------- pieces → text

@dataclass
class _Line:
    y: float
    size: float
    pieces: list[Piece]


def assemble(pieces: list[Piece]) -> str:
    """The page's text in reading order: bands of columns written column by column."""
    lines = _lines(pieces)
    if not lines:
        return ""
    out: list[str] = []
    i = 0
    while i < len(lines):
        end, gutters = _band(lines, i)
        if not gutters:
            out.append(_line_text(lines[i].pieces))  # its pieces joined by a space
            i += 1
            continue
        out += _band_text(lines[i:end], gutters)
        i = end
    return "\n".join(out).strip("\n")


def _lines(pieces: list[Piece]) -> list[_Line]:
    """Pieces grouped by baseline, top to bottom; pieces of a line left to right, near ones merged."""
    lines: list[_Line] = []
    for p in sorted(pieces, key=lambda p: (-p.y, p.x0)):
        if lines and abs(lines[-1].y - p.y) <= 0.4 * min(lines[-1].size, p.size):
            lines[-1].pieces.append(p)
        else:
            lines.append(_Line(p.y, p.size, [p]))
    for line in lines:
        merged: list[Piece] = []
        for p in sorted(line.pieces, key=lambda p: p.x0):
            last = merged[-1] if merged else None
            gap, size = (p.x0 - last.x1, min(last.size, p.size)) if last else (0.0, 0.0)
            # Text drawn in one go is split only by a wide gap; text drawn apart (the next table cell,
            # which writers draw as its own text object) already by more than a word space.
            split_at = PIECE_GAP_EM if last and last.run == p.run else CELL_GAP_EM
            if last and (gap < split_at * size or _MARKER.match(last.text) and gap < MARKER_GAP_EM * size):
                joint = "" if gap < TIGHT_GAP_EM * size else " "
                merged[-1] = Piece(last.x0, max(last.x1, p.x1), last.y, last.size, last.text + joint + p.text, p.run)
            else:
                merged.append(p)
        line.pieces = merged
    return lines


def _gaps(line: _Line) -> list[tuple[float, float]]:
    """The wide empty stretches between the pieces of a line."""
    ps = line.pieces
    return [(a.x1, b.x0) for a, b in zip(ps, ps[1:]) if b.x0 - a.x1 >= CELL_GAP_EM * line.size]


def _narrow(gutters: list[tuple[float, float]], line: _Line) -> list[tuple[float, float]]:
    """The parts of the gutters that stay empty on `line` and are still wide enough.

    The ragged ends of the column to the left may eat into the gutter. The column to the right
    is left-aligned: its edge may move left a little, or a lot only while the gutter stays wide (a
    centred table heading above left-aligned cells), never onto the wide space after a full stop."""
    out = []
    em = line.size
    for lo, hi in gutters:
        for p in line.pieces:
            if p.x1 <= lo or p.x0 >= hi:
                continue
            if p.x0 - lo > hi - p.x1 and (hi - p.x0 <= RIGHT_EDGE_EM * em or p.x0 - lo >= RIGHT_EDGE_EM * em):
                hi = p.x0                # the right column starts further left here
            else:
                lo = max(lo, p.x1)
        if hi - lo >= GUTTER_EM * em:
            out.append((lo, hi))
    return out


def _band(lines: list[_Line], start: int) -> tuple[int, list[tuple[float, float]]]:
    """(end, gutters) of the multi-column band starting at `start`; no gutters when there is none.

    A band starts at a line with wide gaps and grows down while some gutter stays empty. A gap
    seen on one line only is a wide word space of justified text (TeX widens the space after a
    full stop), not a column, unless it is very wide."""
    first = _gaps(lines[start])
    if not first:
        return start + 1, []
    gutters, end = first, start + 1
    while end < len(lines):
        narrowed = _narrow(gutters, lines[end])
        if not narrowed:
            break
        gutters, end = narrowed, end + 1
    # The band's columns: the empty stretches of all its lines together (a table's third column may
    # start only on its second row), each with text on both sides on at least two lines.
    band = lines[start:end]
    found = [g for g in _projection_gutters(band) if _two_sided(band, g) >= 2]
    if found:
        return end, found
    if max(hi - lo for lo, hi in first) >= WIDE_GAP_EM * lines[start].size:
        return start + 1, first
    return start + 1, []


def _projection_gutters(band: list[_Line]) -> list[tuple[float, float]]:
    """Stretches of x that no piece of any line of the band covers, between covered ones."""
    size = sorted(line.size for line in band)[len(band) // 2]
    spans = sorted((p.x0, p.x1) for line in band for p in line.pieces)
    covered = [list(spans[0])]
    for x0, x1 in spans[1:]:
        if x0 - covered[-1][1] < GUTTER_EM * size:
            covered[-1][1] = max(covered[-1][1], x1)
        else:
            covered.append([x0, x1])
    return [(a[1], b[0]) for a, b in zip(covered, covered[1:])]


def _two_sided(band: list[_Line], gutter: tuple[float, float]) -> int:
    """Lines of the band with text on both sides of the gutter."""
    lo, hi = gutter
    return sum(any(p.x1 <= lo for p in line.pieces) and any(p.x0 >= hi for p in line.pieces) for line in band)


def _band_text(lines: list[_Line], gutters: list[tuple[float, float]]) -> list[str]:
    """The band column by column, a blank line before each column and each paragraph or table row;
    right to left when the band is written in a right-to-left script."""
    bounds = [(lo + hi) / 2 for lo, hi in sorted(gutters)]
    n = len(bounds) + 1
    cells: list[list[tuple[_Line, list[Piece]]]] = [[] for _ in range(n)]
    for line in lines:
        parts: list[list[Piece]] = [[] for _ in range(n)]
        for p in line.pieces:
            parts[sum(p.x0 >= b for b in bounds)].append(p)
        for c in range(n):
            if parts[c]:
                cells[c].append((line, parts[c]))
    text = "".join(p.text for line in lines for p in line.pieces)
    if len(_RTL.findall(text)) > len(_LTR.findall(text)):
        cells.reverse()
    out: list[str] = []
    for column in cells:
        if not column:
            continue
        out.append("")
        gaps = sorted(a.y - b.y for (a, _), (b, _) in zip(column, column[1:]))
        pitch = gaps[len(gaps) // 4] if gaps else 0.0   # a low quantile: the column's own line pitch
        prev = None
        for line, parts in column:
            if prev is not None and prev.y - line.y > PARAGRAPH_PITCH * pitch:
                out.append("")
            out.append(_line_text(parts))
            prev = line
    out.append("")
    return out


def _line_text(pieces: list[Piece]) -> str:
    return to_logical(" ".join(p.text for p in pieces))


def to_logical(line: str) -> str:
    """A line drawn right to left (Hebrew, Arabic) in visual order, turned into reading order.

    PDF writers draw such lines glyph by glyph from the left, so the text comes out reversed and a
    leading bullet comes out last; runs of Latin letters and digits inside stay left to right."""
    rtl = len(_RTL.findall(line))
    if not rtl or rtl <= len(_LTR.findall(line)):
        return line
    flipped = _LTR_RUN.sub(lambda m: m.group()[::-1], line[::-1])
    return flipped.strip()


def bullet_first(line: str) -> str:
    """A right-to-left line already in logical order whose bullet came out at its end: bullet first."""
    if len(_RTL.findall(line)) <= len(_LTR.findall(line)):
        return line
    m = _BULLET_END.match(line.strip())
    return f"{m['glyph']} {m['text']}" if m else line
