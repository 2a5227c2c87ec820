"""Real resumes printed to PDF in three layouts: how many of their highlights come back as bullets.

    .venv/bin/python bench/pdf_real_layouts.py                 # the app's reader (interview/documents/pdf_layout.py)
    .venv/bin/python bench/pdf_real_layouts.py --reader plain  # pypdf's plain extract_text, for comparison

The JSON resumes of data/resumes_real/raw (jsonresume schema; sources and licences in
data/resumes_real/sources.tsv) are rendered as HTML in one column, two columns (CSS grid: experience
left, projects right) and a bordered table (dates | role and employer | highlights), with "•" text
bullets, and printed by headless Chromium (needs /usr/bin/chromium). A highlight of 3+ words counts
as found when a parsed bullet equals it (NFKC, whitespace and a final full stop normalised).
Losses in two columns and tables also come from joining wrapped lines (interview/documents/resume.py), which
narrow columns make harder; this bench does not separate the two.
"""
from __future__ import annotations

import argparse
import html
import io
import json
import re
import tempfile
import unicodedata
from pathlib import Path

import interview.documents.pdf_worker as pdf_worker
from fixtures.pdf_layouts import chromium_pdf
from interview.documents.resume import ResumeError, parse_resume_bytes

ROOT = Path(__file__).resolve().parent.parent

LAYOUTS = ("one", "two", "table")
CSS = ("body{font-family:'DejaVu Sans';font-size:10pt} @page{size:A4;margin:15mm} p{margin:0 0 2px} "
       "h2{font-size:12pt;margin:8px 0 2px} table{border-collapse:collapse;width:100%} "
       "td{border:1px solid #999;padding:4px;vertical-align:top}")


def entries(items) -> list[tuple[str, str, str, list[str]]]:
    """(role, employer, dates, highlights) of the work or project entries of a JSON resume."""
    return [(e.get("position") or e.get("name") or "", e.get("name") or e.get("organization") or "",
             e.get("startDate", "")[:4] + " – " + (e.get("endDate", "")[:4] or "Present"), e.get("highlights") or [])
            for e in items or [] if isinstance(e, dict)]


def render(resume: dict, layout: str) -> str:
    bullets = lambda hs: "".join(f"<p>• {html.escape(h)}</p>" for h in hs)  # noqa: E731
    work, projects = entries(resume.get("work")), entries(resume.get("projects"))

    def block(title, rows):
        return f"<h2>{title}</h2>" + "".join(f"<p><b>{html.escape(a)}, {html.escape(b)}</b> {d}</p>{bullets(hs)}"
                                             for a, b, d, hs in rows)
    if layout == "one":
        body = block("Experience", work) + block("Projects", projects)
    elif layout == "two":
        body = (f"<div style='display:grid;grid-template-columns:1fr 1fr;gap:24px'><div>{block('Experience', work)}"
                f"</div><div>{block('Projects', projects)}</div></div>")
    else:
        rows = "".join(f"<tr><td>{d}</td><td>{html.escape(a)}<br>{html.escape(b)}</td><td>{bullets(hs)}</td></tr>"
                       for a, b, d, hs in work + projects)
        body = f"<h2>Experience</h2><table>{rows}</table>"
    name = html.escape((resume.get("basics") or {}).get("name", "Jane Doe"))
    return f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body><h1>{name}</h1>{body}</body></html>"


def plain_extract(data: bytes, limits=None) -> pdf_worker.PdfText:
    """pypdf's plain extraction, in this process (the generated files are trusted)."""
    from pypdf import PdfReader

    return pdf_worker.PdfText(pages=[p.extract_text() for p in PdfReader(io.BytesIO(data)).pages])


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().rstrip(".").lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", choices=["layout", "plain"], default="layout")
    args = parser.parse_args()
    if args.reader == "plain":
        pdf_worker.extract_pdf = plain_extract
    totals = {layout: [0, 0, 0] for layout in LAYOUTS}  # found, highlights, bullets that are no highlight
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((ROOT / "data" / "resumes_real" / "raw").glob("*.json")):
            try:
                resume = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                print(f"skipped {path.name}: not valid JSON")
                continue
            truth = {norm(h) for *_, hs in entries(resume.get("work")) + entries(resume.get("projects"))
                     for h in hs if len(h.split()) >= 3}
            if len(truth) < 2:
                continue
            for layout in LAYOUTS:
                work = Path(tmp) / f"{path.stem}-{layout}"
                work.mkdir()
                try:
                    got = {norm(b) for b in parse_resume_bytes(chromium_pdf(render(resume, layout), work), "cv.pdf").bullets}
                except ResumeError:
                    got = set()
                t = totals[layout]
                t[0], t[1], t[2] = t[0] + len(truth & got), t[1] + len(truth), t[2] + len(got - truth)
    for layout, (found, total, extra) in totals.items():
        print(f"{args.reader:6s} {layout:6s} highlights found {found}/{total} = {found / max(total, 1):.3f}, "
              f"bullets that are no highlight: {extra}")


if __name__ == "__main__":
    main()
