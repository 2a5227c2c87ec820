"""Resume parsing: real (hand-written) PDFs and text files, and a corpus of bad files that must each
fail with their own clear message within 10 s."""
import time

import pytest
from fixtures.bad_resumes import RESUME_LINES, bad_corpus
from fixtures.pdf_writer import build_pdf, encrypt, make_text_pdf, make_two_column_pdf, text_stream

from interview.documents.pdf_worker import PdfLimits, extract_pdf
from interview.documents.resume import (MAX_BULLETS, ResumeError, parse_resume_bytes, parse_resume_file,
                              parse_resume_text)

CORPUS = bad_corpus()


# ----------------------------------------------------------------------------- bad files

def test_corpus_is_large_and_varied():
    assert len(CORPUS) >= 20
    assert len({f.code for f in CORPUS}) >= 20


@pytest.mark.parametrize("bad", CORPUS, ids=[f.name for f in CORPUS])
def test_bad_file_gets_its_own_message_fast(bad):
    start = time.perf_counter()
    with pytest.raises(ResumeError) as info:
        parse_resume_bytes(bad.data, bad.name)
    assert time.perf_counter() - start < 10
    assert info.value.code == bad.code
    message = str(info.value)
    assert "\n" not in message and 20 < len(message) < 300
    assert "Traceback" not in message and "Error" not in message  # words for a user, not an exception


def test_each_failure_kind_reads_differently():
    messages = {}
    for bad in CORPUS:
        with pytest.raises(ResumeError) as info:
            parse_resume_bytes(bad.data, bad.name)
        messages.setdefault(info.value.code, set()).add(str(info.value))
    flat = [m for ms in messages.values() for m in ms]
    # codes that differ carry different messages (pages / too_big embed numbers, so compare per code)
    assert len(set(flat)) >= len(messages)


def test_bad_file_on_disk_and_the_app_keeps_working(tmp_path):
    bad = next(f for f in CORPUS if f.code == "bomb")
    path = tmp_path / bad.name
    path.write_bytes(bad.data)
    with pytest.raises(ResumeError, match="decompression bomb"):
        parse_resume_file(path)
    # the parent process is unharmed: the next, good upload parses
    assert parse_resume_bytes(make_text_pdf(RESUME_LINES), "cv.pdf").bullets


def test_huge_file_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: refusing must not read it
    with pytest.raises(ResumeError) as info:
        parse_resume_file(path)
    assert info.value.code == "too_big" and "10 MB" in str(info.value)


def test_missing_file():
    with pytest.raises(ResumeError, match="not found"):
        parse_resume_file("/no/such/resume.pdf")


def test_child_time_and_memory_limits_are_enforced():
    pdf = make_text_pdf(RESUME_LINES)
    with pytest.raises(ResumeError) as info:
        extract_pdf(pdf, PdfLimits(time_s=0.05))
    assert info.value.code == "timeout" and "took longer" in str(info.value)
    with pytest.raises(ResumeError) as info:
        extract_pdf(pdf, PdfLimits(memory_mb=30))  # Python cannot even start pypdf in 30 MB
    assert info.value.code == "memory"
    assert extract_pdf(pdf).pages  # the default limits leave room for a real resume


def test_owner_password_only_pdf_opens():
    """Restrictions without a user password (common from Word) must not block reading."""
    pdf = encrypt(make_text_pdf(RESUME_LINES), user_password="", algorithm="AES-128")
    assert len(parse_resume_bytes(pdf, "cv.pdf").bullets) == 3


# ----------------------------------------------------------------------------- real PDFs

def test_text_pdf_bullets_sections_ligatures_and_wraps():
    r = parse_resume_bytes(make_text_pdf(RESUME_LINES), "cv.pdf")
    assert r.bullets == [
        "Cut p95 checkout latency from 480 ms to 190 ms by moving session state from PostgreSQL to Redis "
        "and batching ledger writes",
        "Designed the first versioned REST API for refunds, now used by 12 internal teams",  # ﬁ → fi
        "Led the migration of 40 cron jobs to Airflow, cutting failed nightly runs by 85%",
    ]
    assert r.sections == {"Experience": r.bullets}
    assert not any("@" in b or "github" in b for b in r.bullets)  # the contact line is not a bullet


def test_two_columns_keep_their_own_bullets_and_sections():
    left = ["EXPERIENCE", "• Built a fraud model in XGBoost that caught 30% more",
            "chargebacks at the same false-positive rate", "• Shipped a feature store serving 2,000 features"]
    right = ["PROJECTS", "• Open-sourced a ﬂaky-test detector with 1,200 GitHub stars",
             "• Wrote a Rust CLI that validates 50 GB of Parquet files per hour"]
    r = parse_resume_bytes(make_two_column_pdf(left, right), "two.pdf")
    assert r.sections["Experience"] == [
        "Built a fraud model in XGBoost that caught 30% more chargebacks at the same false-positive rate",
        "Shipped a feature store serving 2,000 features"]
    assert r.sections["Projects"][0] == "Open-sourced a flaky-test detector with 1,200 GitHub stars"


def test_headers_footers_dropped_and_bullet_wrapped_across_pages_joined():
    pages = [["EXPERIENCE", "• Migrated 300 services from a self-hosted Kubernetes cluster running on bare"],
             ["metal to EKS with zero downtime and a 40% lower bill", "• Ran the on-call rotation for 12 engineers"]]
    pdf = make_text_pdf(pages, header="Jane Doe — Senior Engineer", page_numbers=True)
    r = parse_resume_bytes(pdf, "cv.pdf")
    assert r.bullets == ["Migrated 300 services from a self-hosted Kubernetes cluster running on bare metal to "
                         "EKS with zero downtime and a 40% lower bill",
                         "Ran the on-call rotation for 12 engineers"]


def test_many_pages_of_similar_bullets_are_not_mistaken_for_footers():
    lines = ["EXPERIENCE"] + [f"• Delivered project {i} that raised throughput by {i}% for the team" for i in range(30)]
    r = parse_resume_bytes(make_text_pdf(lines, pages=3, header="Jane Doe", page_numbers=True), "cv.pdf")
    assert len(r.bullets) == 30


def test_twenty_pages_is_the_limit():
    ok = make_text_pdf([["• Page filler bullet with words"]] * 20)
    assert parse_resume_bytes(ok, "cv.pdf").bullets
    with pytest.raises(ResumeError, match="21 pages"):
        parse_resume_bytes(make_text_pdf([["• Page filler bullet with words"]] * 21), "cv.pdf")


def test_compressed_streams_and_pdf_inside_a_txt_name():
    pdf = build_pdf([text_stream(RESUME_LINES)], compress=True)
    assert len(parse_resume_bytes(pdf, "cv.pdf").bullets) == 3
    assert len(parse_resume_bytes(pdf, "cv.txt").bullets) == 3  # magic bytes win over a wrong extension


def test_scan_with_a_little_text_is_still_a_scan():
    stream = b"q 500 0 0 700 50 50 cm /Im1 Do Q\n" + text_stream(["Scanned by an app"])
    with pytest.raises(ResumeError) as info:
        parse_resume_bytes(build_pdf([stream], image=True), "scan.pdf")
    assert info.value.code == "scanned"


# ----------------------------------------------------------------------------- text files

TEXT = ("# Jane Doe\njane@doe.io · +351 912 345 678 · https://jane.dev\n\n## Experience\n"
        "### Data Engineer, Acme (2020 – present)\n"
        "- Built a streaming pipeline in Kafka and Flink that processes 3 billion events a day\n"
        "  with exactly-once delivery\n"
        "* Reduced warehouse costs by 38% by partitioning fact tables and\n"
        "moving cold data to S3\n"
        "1. Designed the **first** data contract standard, adopted by 14 teams\n\n"
        "## Skills\nPython, SQL, Spark\n- Python\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_text_encodings(encoding):
    r = parse_resume_bytes(TEXT.encode(encoding), "cv.md")
    assert r.bullets == [
        "Built a streaming pipeline in Kafka and Flink that processes 3 billion events a day with exactly-once delivery",
        "Reduced warehouse costs by 38% by partitioning fact tables and moving cold data to S3",
        "Designed the first data contract standard, adopted by 14 teams",
    ]
    assert list(r.sections) == ["Experience"]
    assert any("fewer than 3 words" in w for w in r.warnings)  # "- Python" was skipped, and said so
    assert not any(w.startswith("The file is not UTF-8") for w in r.warnings)


def test_windows_1252_is_read_with_a_warning():
    r = parse_resume_bytes("Experience\n- Led the café chain's résumé screening redesign\n".encode("cp1252"), "cv.txt")
    assert r.bullets == ["Led the café chain's résumé screening redesign"]
    assert any("Windows-1252" in w for w in r.warnings)


def test_glyphs_numbers_and_invisible_characters():
    text = ("Projects\n• Bullet glyph item with text\n▪ Square glyph item here\n◦ Hollow glyph item here\n"
            "➢ Arrow glyph item here\n\uf0b7 Word symbol-font bullet here\n2) Numbered item with paren\n"
            "(3) Numbered item in parens\n- [x] Checkbox item done here\n"
            "• Zero\u200bwidth and\u00a0odd\u2009spaces\u202e here\n")
    r = parse_resume_text(text)
    assert r.bullets == ["Bullet glyph item with text", "Square glyph item here", "Hollow glyph item here",
                         "Arrow glyph item here", "Word symbol-font bullet here", "Numbered item with paren",
                         "Numbered item in parens", "Checkbox item done here",
                         "Zerowidth and odd spaces here"]


def test_job_lines_end_a_wrapped_bullet():
    text = ("EXPERIENCE\n• Led the migration of 40 cron jobs to Airflow, cutting failed runs by 85%\n"
            "Junior Developer, Freightly\n• Built a Kafka consumer for 2 million events a day\n")
    assert parse_resume_text(text).bullets[0].endswith("by 85%")


def test_prose_resume_gives_sentences_with_a_warning():
    text = ("Summary\nI am a backend engineer with eight years of experience building payment systems. At "
            "Stripe I rebuilt the ledger service,\nwhich cut reconciliation errors by 90 percent. I mentored "
            "four junior engineers and ran the weekly architecture review.\n\nJane Doe\n")
    r = parse_resume_text(text)
    assert r.bullets == [
        "I am a backend engineer with eight years of experience building payment systems.",
        "At Stripe I rebuilt the ledger service, which cut reconciliation errors by 90 percent.",
        "I mentored four junior engineers and ran the weekly architecture review.",
    ]
    assert any("No bullet markers" in w for w in r.warnings)


def test_duplicates_removed_long_bullets_split_and_count_capped():
    long = "• " + " ".join(f"Delivered outcome number {i} for the team." for i in range(30))
    text = "Experience\n• Same bullet written twice here\n• Same bullet written twice here\n" + long + "\n"
    r = parse_resume_text(text)
    assert r.bullets.count("Same bullet written twice here") == 1
    assert all(len(b) <= 400 for b in r.bullets) and len(r.bullets) == 31
    many = "\n".join(f"- Shipped release {i} of the mobile app" for i in range(MAX_BULLETS + 50))
    r = parse_resume_text(many)
    assert len(r.bullets) == MAX_BULLETS and any("first 200" in w for w in r.warnings)


def test_no_bullets_message():
    with pytest.raises(ResumeError, match="No bullet points"):
        parse_resume_text("Jane Doe\njane@doe.io\n")


def test_demo_resume_parses():
    from interview.config import ASSETS_DIR

    r = parse_resume_file(ASSETS_DIR / "demo_resume.md")
    assert len(r.bullets) == 8 and not r.warnings


# ----------------------------------------------------------------------------- command line

def test_cli_exits_2_with_one_line_for_every_bad_file(tmp_path, capsys):
    from interview.cli import main

    for bad in CORPUS:
        path = tmp_path / bad.name
        path.write_bytes(bad.data)
        code = main(["parse-resume", str(path)])
        out, err = capsys.readouterr()
        assert (code, out) == (2, ""), bad.name
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, bad.name
