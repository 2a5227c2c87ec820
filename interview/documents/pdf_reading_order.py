"""Positioned pieces of text → page text in reading order: columns, table cells, right-to-left lines.

Runs only inside the PDF child process (interview/documents/pdf_worker.py), which loads it by path, so it imports
nothing from the `interview` package at run time. The pieces come from interview/documents/pdf_layout.py.

`assemble` finds multi-column bands (runs of lines that share an empty vertical gutter) and writes
each band column by column; a blank line separates columns, table rows and widely spaced
paragraphs, so resume structuring never joins text across them. Lines written mostly in a
right-to-left script are turned from visual into logical order (the bullet drawn at the right end
comes first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview.documents.pdf_layout import Piece

PIECE_GAP_EM = 0.9           # a horizontal gap wider than this many font sizes separates two pieces
CELL_GAP_EM = 0.45           # ... or this much, between text drawn apart (a word space is ~0.25-0.33)
WIDE_GAP_EM = 3.0            # a gap this wide splits even a single line (a title and a right-aligned date)
RIGHT_EDGE_EM = 1.5          # how far left the text right of a gutter may start on a later line
GUTTER_EM = 0.5              # a column gutter stays at least this wide over all lines of its band
PARAGRAPH_PITCH = 1.25       # in a column, a line gap this many times its line pitch starts a paragraph
                             # (or a table row: cell padding widens the gap between rows)
TIGHT_GAP_EM = 0.15          # pieces closer than this are one word (a ligature or kerning run drawn apart)

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\ufb00-\ufb06]")
# An LTR run inside right-to-left text: kept left to right when the line is put in logical order.
_LTR_RUN = re.compile(r"[%A-Za-z0-9\u00c0-\u024f\ufb00-\ufb06](?:[A-Za-z0-9\u00c0-\u024f\ufb00-\ufb06.,:%/+\-_'@ ]*"
                      r"[A-Za-z0-9\u00c0-\u024f\ufb00-\ufb06%])?")
# A list marker drawn on its own, with a tab to the hanging indent: part of the text after it.
_MARKER = re.compile(r"^(?:[•●▪■◦○‣⁃➢➣➤►▸▹◆◇♦✓✔❖∙·→➔✗◉*+–—-]|[\uf000-\uf0ff]|\(?\d{1,2}[.)]|\(?[a-z][.)])$")
MARKER_GAP_EM = 4.0          # how far such a marker may sit from its text
_BULLET_END = re.compile(r"^(?P<text>.*\S)\s*(?P<glyph>[•●▪■◦○‣⁃➢➤►▸◆♦✓✔❖∙·\-*])$")


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
                merged[-1] = replace(last, x1=max(last.x1, p.x1), text=last.text + joint + p.text, run=p.run)
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
