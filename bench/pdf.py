"""Time and peak memory of reading each generated PDF (the bad-file corpus and the misleading layouts).

    .venv/bin/python bench/pdf.py

Each PDF goes through interview.documents.pdf_worker.extract_pdf in a fresh Python process, which prints the
outcome (ok, or the ResumeError code), the wall time of the call and the peak resident memory of
the PDF child (ru_maxrss of its children). The acceptance bound is 10 s and 300 MB for any PDF.
Times include the child's start (~0.5 s) and grow on a loaded machine.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from fixtures.bad_resumes import RESUME_LINES, bad_corpus
from fixtures.pdf_layouts import (make_form_pdf, make_interleaved_two_column_pdf, make_nested_forms_pdf, make_rtl_pdf,
                                  make_table_pdf)
from fixtures.pdf_writer import build_pdf, make_text_pdf, placed_text

ROOT = Path(__file__).resolve().parent.parent

PROBE = """import json, resource, sys, time
from interview.documents.pdf_worker import extract_pdf
from interview.documents.resume import ResumeError
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    extract_pdf(data)
    outcome = "ok"
except ResumeError as error:
    outcome = error.code
print(json.dumps([outcome, time.perf_counter() - start,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))
"""


def cases() -> dict[str, bytes]:
    table = [[["2021 – 2024"], ["Northwind"], ["Cut p95 checkout latency from 480 ms", "to 190 ms with Redis"]]] * 8
    left = [f"• Left column line {k} about a project" for k in range(55)]
    right = [f"• Right column line {k} about a result" for k in range(55)]
    out = {f.name: f.data for f in bad_corpus() if f.name.endswith(".pdf")}
    out.update({
        "two_column_interleaved.pdf": make_interleaved_two_column_pdf(left[:20], right[:20]),
        "table.pdf": make_table_pdf("EXPERIENCE", table),
        "rtl_hebrew.pdf": make_rtl_pdf(["ניסיון"] + ["• בניתי מודל הונאה שתפס 30% יותר חיובים חוזרים"] * 30),
        "form_fields.pdf": make_form_pdf([(40, 720, "EXPERIENCE")],
                                         [(40, 700 - 20 * k, f"• Built feature {k} of the app") for k in range(30)]),
        "nested_forms_200.pdf": make_nested_forms_pdf(RESUME_LINES, 200, own_resources=True),
        "forms_without_resources.pdf": make_nested_forms_pdf(RESUME_LINES, 8, tree_depth=40),
        "text_20_pages.pdf": make_text_pdf([["EXPERIENCE"] + [f"• Delivered project {i}-{k} that raised throughput "
                                                              f"by {k}% for the team" for k in range(45)]
                                            for i in range(20)]),
        "columns_20_pages.pdf": build_pdf([placed_text([(40, 740 - 12 * k, s) for k, s in enumerate(left)]
                                                       + [(320, 740 - 12 * k, s) for k, s in enumerate(right)])] * 20),
    })
    return out


def main() -> None:
    worst_s = worst_mb = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in cases().items():
            path = Path(tmp) / name
            path.write_bytes(data)
            out = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True,
                                 cwd=ROOT, check=True).stdout
            outcome, seconds, mb = json.loads(out.strip().splitlines()[-1])
            worst_s, worst_mb = max(worst_s, seconds), max(worst_mb, mb)
            print(f"{name:30s} {outcome:16s} {seconds:5.2f} s {mb:6.0f} MB")
    print(f"worst: {worst_s:.2f} s, {worst_mb:.0f} MB (bound: 10 s, 300 MB)")


if __name__ == "__main__":
    main()
