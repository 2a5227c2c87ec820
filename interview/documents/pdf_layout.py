"""Positioned text of a PDF page: the first half of reading a page in order (the second half,
pieces → text, is interview/documents/pdf_reading_order.py).

Runs only inside the PDF child process (interview/documents/pdf_worker.py), which loads it by path, so it imports
nothing from the `interview` package. pypdf's plain extraction writes text in content-stream order and
joins every fragment drawn on the same baseline, so a two-column resume or a table comes out with its
columns merged into each line. Here each page becomes positioned pieces of text:

    pieces = page_pieces(page) + field_pieces(page)   # Piece(x0, x1, y, size, text, run), page units
    text = pdf_reading_order.assemble(pieces)         # columns one after another, blank line between
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FORM_DEPTH = 12          # nested Form XObjects followed; deeper ones are hostile, not resumes
MAX_OPERATIONS = 400_000     # content-stream operators read per page (flattened forms included)
SPACE_EM = 0.28              # width of a space, for placing pieces inside one of pypdf's text groups
ANCHOR_FONT, ANCHOR_Y = "/PdfLayoutAnchor", -1e6   # see page_pieces.anchored


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
