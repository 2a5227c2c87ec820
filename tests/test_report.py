"""Report export: every turn in the Markdown and the HTML, all user text escaped, both render."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from interview import report
from interview.coaching.scoring import score_answer
from interview.retrieval.evidence import EvidenceHit
from interview.session import InterviewSession, Turn
from interview.speech.transcript import Transcript

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
HOSTILE = ("<script>alert('x')</script> I **really** did | this | [click](http://evil.example) "
           "<img src=x onerror=alert(1)> & &lt;b&gt;\n- not a list\n# not a heading\n\n    not code\n1. not ordered")
GOOD = ("At my last company our checkout API timed out under Black Friday load. I owned the fix: I profiled the "
        "service, found N+1 queries against PostgreSQL, added a Redis cache and batched the queries. p95 latency "
        "fell from 900 ms to 180 ms and we handled 3x the traffic.")
TRANSCRIPT = Transcript(text="um at my last company uh our checkout API timed out", duration_s=50.0, words=[],
                        words_per_minute=131.6, filler_count=2, fillers={"um": 1, "uh": 1},
                        long_pauses=[(12.0, 2.5)], speaking_time_s=40.0)


def _scored(i, question, answer, qtype="behavioral", **extra) -> Turn:
    """A turn scored by the real rubric (lexical relevance: no encoder needed for a report test)."""
    bullets = [e.bullet for e in extra.get("evidence", [])]
    tr = extra.get("transcript")
    rubric = score_answer(question, answer, qtype, bullets=bullets, delivery=tr.delivery_figures() if tr else None)
    return Turn(index=i, question=question, question_type=qtype, answer=answer, rubric=rubric, **extra)


@pytest.fixture
def session() -> InterviewSession:
    s = InterviewSession(role="Backend <Engineer> | **lead**", description="jd", difficulty="medium", n_questions=3,
                         plan=["behavioral", "technical", "behavioral"])
    s.turns = [
        _scored(0, "Tell me about a time you fixed a slow API.", GOOD, transcript=TRANSCRIPT,
                evidence=[EvidenceHit("Profiled the checkout API | added a <b>Redis</b> cache", 0.71)],
                feedback="Good *structure*; add `numbers` [here](x).", sample_answer="In 2023 I ... <i>x</i>",
                follow_up="What would you do | differently?"),
        _scored(0, "Tell me about a time you fixed a slow API.", HOSTILE, attempt=2),
        _scored(0, "What did you measure?", "p95 latency and error rate, 900 ms to 180 ms.", is_follow_up=True),
        _scored(1, "How does a B-tree <index> work?", "It keeps keys sorted in pages so lookups are O(log n).",
                "technical"),
        Turn(index=2, question="Describe a conflict with a teammate.", question_type="behavioral"),  # not answered
    ]
    return s


VOID = {"meta", "img", "br", "hr", "input"}


class Structure(HTMLParser):
    """Tags, text per tag path, and the text of every <section>."""

    def __init__(self):
        super().__init__()
        self.tags, self.stack, self.sections, self.text = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "section":
            self.sections.append([])

    def handle_endtag(self, tag):
        if tag in VOID:  # <br /> arrives as start + end
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if "section" in self.stack:
            self.sections[-1].append(data)

    def count(self, tag):
        return sum(t == tag for t, _ in self.tags)


def _parse(page: str) -> Structure:
    p = Structure()
    p.feed(page)
    p.close()
    assert not p.stack, f"unclosed tags: {p.stack}"
    return p


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_delivery_lines_hand_worked():
    assert report.delivery_lines(TRANSCRIPT) == [
        "Pace: 132 words per minute", "Filler words: 2 (um ×1, uh ×1)", "Long pauses: 1 (2.5 s at 0:12)",
        "Speaking time: 40 s of 50 s recorded"]
    assert report.delivery_lines(None) == []


def test_html_has_one_section_per_turn_and_renders_every_part(session):
    page = report.to_html(session)
    p = _parse(page)
    assert p.count("h1") == 1 and p.count("section") == len(session.turns) == p.count("h2")
    scored = [t for t in session.turns if t.answered]
    assert p.count("table") == len(scored)
    rows = [t for t, _ in p.tags if t == "tr"]
    assert len(rows) == sum(len(t.rubric.dimensions) + 1 for t in scored)  # + a header row each
    # nothing user-written became markup
    assert {t for t, _ in p.tags} <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "strong",
                                      "em", "span", "section", "table", "tr", "th", "td", "ul", "li"}
    assert not any(k.startswith("on") or k == "href" for _, attrs in p.tags for k in attrs)
    for turn, text in zip(session.turns, p.sections):
        section = _flat("".join(text))
        assert _flat(turn.question) in section
        if turn.answered:
            assert _flat(turn.answer) in section and f"Score: {turn.overall:.0f}/100" in section
            for d in turn.rubric.dimensions:
                assert _flat(d.reason) in section
        else:
            assert "Not answered." in section
    first = _flat("".join(p.sections[0]))
    for part in ("Transcript (as heard). um at my last company", "Pace: 132 words per minute",
                 "Long pauses: 1 (2.5 s at 0:12)", "Profiled the checkout API | added a <b>Redis</b> cache (match 0.71)",
                 "Feedback. Good *structure*", "Sample answer. In 2023 I ... <i>x</i>",
                 "Follow-up. What would you do | differently?"):
        assert part in first, part
    assert "<script>alert('x')</script>" in _flat("".join(p.sections[1]))  # shown as text
    assert "&lt;script&gt;" in page and "<script>" not in page and "<img" not in page


def _render_md(md: str) -> Structure:
    html = MarkdownIt("commonmark").enable("table").render(md)
    return _parse(f"<div>{html}</div>")


def test_markdown_has_one_section_per_turn_and_escapes_user_text(session):
    md = report.to_markdown(session)
    assert [l for l in md.splitlines() if l.startswith("# ")] == [l for l in md.splitlines()[:1]]
    headings = [l for l in md.splitlines() if l.startswith("## ")]
    assert len(headings) == len(session.turns)
    assert headings[1].endswith("(attempt 2) · behavioral") and "(follow-up)" in headings[2]

    p = _render_md(md)
    assert p.count("h1") == 1 and p.count("h2") == len(session.turns)
    # Hostile text stays text: no script/img/link/emphasis/list/heading/code comes from it.
    tags = {t for t, _ in p.tags}
    assert not tags & {"script", "img", "a", "code", "pre", "ol", "h3", "hr", "blockquote"}
    assert p.count("em") == 1  # only our own "_Not answered._"
    scored = [t for t in session.turns if t.answered]
    text = _flat("".join(p.text))
    assert p.count("table") == len(scored)
    assert 'Uses your experience: "Profiled the checkout API | added' in text  # a '|' inside a table cell
    cells = [t for t, _ in p.tags if t == "td"]
    assert len(cells) == 3 * sum(len(t.rubric.dimensions) for t in scored)  # a '|' never adds a column
    for part in ("<script>alert('x')</script> I **really** did | this | [click](http://evil.example)",
                 "<img src=x onerror=alert(1)> & &lt;b&gt;", "- not a list", "# not a heading", "1. not ordered",
                 "Backend <Engineer> | **lead**", "Profiled the checkout API | added a <b>Redis</b> cache (match 0.71)",
                 "Good *structure*; add `numbers` [here](x).", "What would you do | differently?",
                 "Pace: 132 words per minute", "Transcript (as heard). um at my last company"):
        assert part in text, part
    for turn in session.turns:
        assert _flat(turn.question) in text


def test_report_page_shows_every_turn_escaped(session):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.session_state["interview"] = session
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Report"
    md = [m.value for m in at.markdown]
    assert sum(v.startswith("**Question ") for v in md) == len(session.turns)
    # the hostile answer has an indented line, so it is shown verbatim in a code block, which renders nothing
    assert any(c.value == HOSTILE for c in at.code) and not any("<script>" in v for v in md)
    assert any(m.label == "Average score" for m in at.metric)
    assert any("132 words per minute" in c.value for c in at.caption)
    downloads = at.get("download_button")
    assert len(downloads) == 2


def test_resume_bullets_are_called_evidence_only_when_the_answer_used_one():
    """Bullets retrieved for an answer that uses none of them (evidence 0/5) are shown as the closest
    bullets, not as evidence the feedback used, in the app's report and in the exported reports."""
    from interview.coaching.scoring import Dimension, Rubric
    from interview.report import to_html, to_markdown
    from interview.retrieval.evidence import EvidenceHit
    from interview.session import InterviewSession, Turn

    hit = EvidenceHit(bullet="Led the migration of 40 cron jobs to Airflow", score=0.15)
    for evidence_score, close in ((0, False), (3, True)):
        s = InterviewSession(role="Backend Engineer", description="", difficulty="medium", n_questions=1)
        t = Turn(index=0, question="Tell me about an API you built.", question_type="behavioral", answer="I built it.",
                 rubric=Rubric([Dimension("relevance", 3, "r"), Dimension("evidence", evidence_score, "e")], 50.0),
                 evidence=[hit])
        s.turns.append(t)
        assert t.evidence_close is close
        for text in (to_markdown(s), to_html(s)):
            assert t.evidence_title in text and "evidence used" not in text
        assert ("none is close" in t.evidence_title) is not close
    # a design question does not ask for the resume: no advice to tie the answer to it (a walkthrough, 2026-12-06)
    design = Turn(index=0, question="Design a cache.", question_type="system_design", answer="I would ...",
                  rubric=Rubric([Dimension("relevance", 3, "r"), Dimension("evidence", 0, "e")], 50.0), evidence=[hit])
    assert "none is close" in design.evidence_title and "retry" not in design.evidence_title
    assert "retry" in t.__class__(**{**t.__dict__, "rubric": design.rubric}).evidence_title   # behavioural: asked


def test_the_report_says_who_wrote_each_text_as_practice_did():
    """The Report page and both exports keep the Practice page's 'who wrote it' labels: feedback the
    coach's rules wrote when no model draft passed, a follow-up written by code, a sample answer from
    a licensed answer bank with its source and licence (the browser walkthrough of 2026-12-05 saw the
    Report page show code-written follow-ups and sample answers with no label at all)."""
    from html import unescape

    s = InterviewSession(role="Backend Engineer", description="", difficulty="medium", n_questions=2)
    entry = {"question": "What is an index?", "source_repo": "someone/interview-qa", "licence": "MIT",
             "attribution": "(c) 2024 Someone"}
    bank = _scored(0, "How does a database index work?", "It keeps keys sorted so lookups are fast.", "technical",
                   feedback="Add an example.", sample_answer="An index is a sorted structure ...",
                   follow_up="Can you give a concrete example from your own work?",
                   written_by={"feedback": "code", "sample_answer": "bank", "follow_up": "code"},
                   drafts={"sample_answer": [entry]})
    story = _scored(1, "Tell me about a time you fixed a slow API.", GOOD, feedback="Good: p95 fell.",
                    sample_answer="Situation: ... Result: I cut p95 latency [1].", follow_up="How did you measure it?",
                    written_by={"feedback": "model", "sample_answer": "resume", "follow_up": "model"})
    s.turns = [bank, story]
    labels = [report.WRITTEN_BY_CODE["feedback"], report.WRITTEN_BY_CODE["follow_up"],
              report.bank_attribution(entry), report.WRITTEN_BY_MODEL["feedback"],
              report.WRITTEN_FROM_RESUME, report.WRITTEN_BY_MODEL["follow_up"]]
    assert "someone/interview-qa (MIT)" in labels[2]

    at = AppTest.from_file(APP, default_timeout=30).run()
    at.session_state["interview"] = s
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    html_text = unescape(report.to_html(s))
    md_text = report.to_markdown(s).replace("\\", "")
    for label in labels:
        assert label in captions, label
        assert label in html_text, label
        assert label in md_text, label


def test_no_label_without_a_record_of_who_wrote_the_text():
    """A turn saved before its writer was recorded (or a text not written yet) gets no label, rather
    than a guess."""
    t = _scored(0, "Tell me about a time you fixed a slow API.", GOOD, feedback="Good.", written_by={})
    assert report.written_by(t, "feedback") == "" and report.written_by(t, "follow_up") == ""
    t.written_by["follow_up"] = "code"
    assert report.written_by(t, "follow_up") == ""  # no follow-up text: nothing to label


def test_the_average_is_over_the_questions_at_their_latest_attempt_not_the_follow_ups(session):
    """The header says "2 of 3 questions": the follow-up's score and the replaced first attempt are not in it."""
    by_turn = {(t.index, t.attempt, t.is_follow_up): t.overall for t in session.turns if t.overall is not None}
    expected = (by_turn[(0, 2, False)] + by_turn[(1, 1, False)]) / 2
    assert report.average_overall(session) == pytest.approx(expected)
    everything = [t.overall for t in session.turns if t.overall is not None]
    assert report.average_overall(session) != pytest.approx(sum(everything) / len(everything))


def test_missing_lists_the_gaps_the_feedback_names_not_the_rubrics_own_list():
    """Browser walkthrough, 2026-12-05: the report said "Missing: trade-offs." under a coding answer whose feedback
    said nothing important was missing (the rubric's structure rule and the coding criteria disagreed)."""
    from interview.coaching.assessment import assess

    question = "Write a function that returns the first non-repeating character of a string."
    answer = ("I'd count characters with a hash map in one pass, then scan again for the first with count one. "
              "It is O(n) time and O(k) space for k distinct characters. Edge cases: an empty string returns None. "
              "I'd test 'aabbc' gives 'c' and 'aabb' gives None.")
    a = assess(question, "coding", answer)
    turn = Turn(index=0, question=question, question_type="coding", answer=answer, rubric=a.rubric, assessment=a)
    # the coding criteria are all met, while the rubric's structure rule still lists trade-offs
    assert not a.gaps and a.rubric.missing
    assert "Missing" not in report.rubric_notes(turn)
    # a turn saved without findings keeps the rubric's own list
    bare = Turn(index=0, question=question, question_type="coding", answer=answer, rubric=a.rubric)
    assert report.rubric_notes(bare).startswith("Missing: ")
    short = assess(question, "coding", "I'd use a hash map.")
    listed = report.missing_parts(Turn(index=0, question=question, question_type="coding", answer="I'd use a hash map.",
                                       rubric=short.rubric, assessment=short))
    assert listed and "edge cases" in listed and "too short" not in listed


def test_an_answer_with_indented_code_keeps_its_indentation_on_the_report_page():
    """Browser walkthrough, 2026-12-05: a coding answer's Python was shown with its indentation gone."""
    code = "I'd count with a dict.\ndef first_unique(s):\n    counts = Counter(s)\n    return next((c for c in s if counts[c] == 1), None)"
    s = InterviewSession(role="Backend", description="jd", difficulty="medium", n_questions=1, plan=["coding"])
    s.turns = [_scored(0, "Return the first non-repeating character.", code, "coding")]
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.session_state["interview"] = s
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    assert any(c.value == code for c in at.code)
    assert not any("counts = Counter" in m.value for m in at.markdown)


def test_a_new_window_points_to_history_when_interviews_are_saved(session):
    """A walkthrough opened Report in a fresh browser session: it said "No interview yet" while History listed the
    interview just done, which reads as lost work."""
    from interview.storage import store

    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/report.py").run()
    assert not at.exception and "No interview yet" in at.info[0].value
    store.save_session(session)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    assert "No interview is open in this window" in at.info[0].value and "History" in at.info[0].value


def _practice_captions(hits: list[EvidenceHit]) -> list[str]:
    s = InterviewSession(role="Backend Engineer", description="jd", difficulty="medium", n_questions=2,
                         plan=["behavioral", "behavioral"])
    s.turns = [_scored(0, "Tell me about a time you fixed a slow API.", GOOD, evidence=hits, feedback="Good.",
                       follow_up="How did it end?")]
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.session_state["interview"] = s
    at.switch_page("pages/practice.py").run()
    assert not at.exception, at.exception
    return [c.value for c in at.caption]


@pytest.mark.parametrize("talked_about", [True, False])
def test_practice_says_how_the_evidence_is_ordered(talked_about):
    """The first bullet is the one the answer talks about, so its match can be below the next ones (a walkthrough:
    0.11, then 0.13 and 0.13); the page says so, and only when the evidence row quotes that bullet: a walkthrough's
    panel said "First the bullet your answer talks about" over a bullet the answer never mentioned."""
    first = ("Profiled the checkout API, fixed N+1 queries and added a Redis cache" if talked_about
             else "Built a monthly volunteer-hours report")
    hits = [EvidenceHit(first, 0.11), EvidenceHit("Grew annual revenue 28% in two years", 0.13)]
    captions = _practice_captions(hits)
    assert any(c.startswith("First the bullet your answer talks about") for c in captions) is talked_about
    assert any(c.startswith("By match with the question") for c in captions) is not talked_about


def test_the_bullet_the_evidence_row_quotes_is_listed_first():
    """Coach.score puts the bullet the score table's evidence row quotes first, then the rest by match; with no
    bullet talked about, all by match."""
    from interview.coach import talked_about_first

    talked = EvidenceHit("Profiled the checkout API, fixed N+1 queries and added a Redis cache", 0.20)
    other = [EvidenceHit("Ran the disaster-recovery drill for the payments database", 0.26),
             EvidenceHit("Mentored two junior engineers", 0.22)]
    rubric = score_answer("Tell me about a time you fixed a slow API.", GOOD, "behavioral",
                          bullets=[h.bullet for h in [*other, talked]])
    assert [h.bullet for h in talked_about_first([*other, talked], rubric.dimensions)] == \
        [talked.bullet, other[0].bullet, other[1].bullet]
    unrelated = score_answer("Tell me about a time you fixed a slow API.", GOOD, "behavioral",
                             bullets=[h.bullet for h in other])
    assert [h.score for h in talked_about_first(other[::-1], unrelated.dimensions)] == [0.26, 0.22]
