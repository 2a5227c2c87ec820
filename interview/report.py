"""Session reports: Markdown and a printable, self-contained HTML page.

    md = to_markdown(session)     # one "## Question n" section per turn
    page = to_html(session)       # one <section> per turn; prints cleanly (File > Print > PDF)

Each turn shows the question, the answer, the transcript of a spoken answer with its delivery
metrics, the rubric (score and one-line reason per dimension), the feedback, the resume bullets it
used, the sample answer and the follow-up, each with who wrote it (the model, the coach's rules, the
resume or a licensed answer bank, as the app says). Everything user- or model-written is escaped: Markdown
punctuation in the .md, HTML entities in the .html (so an answer like `<script>` shows as text and
never runs; nothing user-supplied is ever rendered as markup, DESIGN.md §7).
"""
from __future__ import annotations

import html
import re
import time

from interview.speech.delivery import delivery_lines  # noqa: F401 - the Report page calls report.delivery_lines
from interview.session import InterviewSession, Turn

# Inline Markdown syntax, escaped everywhere (CommonMark lets any ASCII punctuation be escaped).
_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>#|!~$&])")
# Block syntax that only matters at the start of a line: lists, quotes, headings, rules.
_MD_LINE_START = re.compile(r"^([-+=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """User text as literal Markdown: no emphasis, links, HTML, lists or headings can sneak in.
    Lines are kept as hard line breaks; blank lines and indentation are dropped, since they would
    start a new block (an indented line after a blank one is a code block)."""
    lines = [_MD_INLINE.sub(r"\\\1", line.strip()) for line in (text or "").splitlines()]
    lines = [_MD_LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], line) for line in lines if line]
    return "  \n".join(lines)


def md_cell(text: str) -> str:
    """User text inside a Markdown table cell: escaped, and on one line (a newline ends the row)."""
    return md_escape(" ".join(str(text or "").split()))


def turn_title(t: Turn) -> str:
    kind = " (follow-up)" if t.is_follow_up else (f" (attempt {t.attempt})" if t.attempt > 1 else "")
    return f"Question {t.index + 1}{kind} · {t.question_type.replace('_', ' ')}"


def average_overall(session: InterviewSession) -> float | None:
    """The average over the planned questions, each at its latest scored attempt: the header says "3 of 3
    questions", and a walkthrough's average also counted the two follow-ups (43 where its questions gave 46)."""
    latest = {t.index: t.overall for t in session.turns if not t.is_follow_up and t.overall is not None}
    return sum(latest.values()) / len(latest) if latest else None


def transcript_text(turn: Turn) -> str:
    """What Whisper heard, when it differs from the submitted (possibly edited) answer; else ''."""
    heard = turn.transcript.text.strip() if turn.transcript else ""
    return heard if heard and " ".join(heard.split()) != " ".join(turn.answer.split()) else ""


def rubric_rows(turn: Turn) -> list[tuple[str, str, str]]:
    """(dimension, 'n/5', reason) for each rubric dimension of a scored turn."""
    return [(d.name.replace("_", " "), f"{d.score}/5", d.reason) for d in turn.rubric.dimensions] if turn.rubric else []


# A gap's name as the report lists it under "Missing:" (the length gaps are in the rubric's own rows).
_GAP_WORDS = {"on_topic": "a link to the question", "quantified_result": "a number for the result",
              "too_short": "", "too_long": ""}


def missing_parts(turn: Turn) -> list[str]:
    """What the answer lacks, as the feedback's findings name it (the gaps of turn.assessment); the rubric's own list
    for a turn saved without findings. A walkthrough's report said "Missing: trade-offs." under feedback that said
    nothing was missing: the rubric's structure rule and the question type's criteria disagreed."""
    if turn.assessment is not None:
        words = [_GAP_WORDS.get(g.name, g.name.replace("_", " ")) for g in turn.assessment.gaps]
        return [w for w in words if w]
    return [m.replace("_", " ") for m in turn.rubric.missing] if turn.rubric else []


def rubric_notes(turn: Turn) -> str:
    """'Missing: result, numbers. Capped by: too short.' (empty when nothing is missing or capped)."""
    if turn.rubric is None:
        return ""
    notes = []
    if missing := missing_parts(turn):
        notes.append("Missing: " + ", ".join(missing) + ".")
    if turn.rubric.flags:
        notes.append("Score capped by: " + ", ".join(f.replace("_", " ") for f in turn.rubric.flags) + ".")
    return " ".join(notes)


WRITTEN_BY_CODE = {
    "feedback": "Written from your scores by the coach's rules: the model's draft did not pass the checks "
                "(nothing invented, nothing about you that you did not say).",
    "follow_up": "Written from your answer by the coach's rules, not by the model.",
    "sample_answer": "Written by the coach's rules, not by the model: what a strong answer to this kind of "
                     "question holds. Fill it with your own experience.",
}


WRITTEN_BY_MODEL = {
    "feedback": "Written by the model from the findings computed in code, and checked before it was shown. "
                "Its first sentence, about your answer, is set by the coach's rules.",
    "follow_up": "Written by the model about a claim in your answer, and checked before it was shown.",
}


WRITTEN_FROM_RESUME = ("Written by the coach's rules, not by the model, from your resume bullets: each sentence "
                       "marked [n] uses bullet n's words, nothing added. Fill the [placeholders] with your own story.")


def written_by(turn: Turn, kind: str) -> str:
    """Who wrote a text the user reads ("feedback", "follow_up", "sample_answer"): the model, the
    coach's rules, or (sample answers) the user's own bullets or a licensed answer bank, with its
    source and licence; '' when the turn has no such text or no record of its writer. Shared by the
    Practice and Report pages and the exported reports, so that a text keeps its label wherever it
    is read again."""
    source = turn.written_by.get(kind)
    if not getattr(turn, kind):
        return ""
    if source == "code":
        return WRITTEN_BY_CODE[kind]
    if source == "model":
        return WRITTEN_BY_MODEL.get(kind, "")
    if source == "resume":
        return WRITTEN_FROM_RESUME
    if source == "bank" and turn.drafts.get(kind):
        return bank_attribution(turn.drafts[kind][0])
    return ""


def bank_attribution(entry: dict) -> str:
    """Under a bank answer: where it comes from and under which licence (the licence requires it)."""
    return (f"Not written for you: a model answer from a public answer bank, for the question \"{entry.get('question')}\". "
            f"Source: {entry.get('source_repo')} ({entry.get('licence')}); {entry.get('attribution')}. "
            "Say it in your own words, with an example of your own.")


def _header(session: InterviewSession) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.created_at))
    avg = average_overall(session)
    return (f"{when} · difficulty {session.difficulty} · {len(session.main_turns)} of {session.n_questions} "
            f"questions" + (f" · average score {avg:.0f}/100" if avg is not None else ""))


# ----------------------------------------------------------------------------- Markdown

def to_markdown(session: InterviewSession) -> str:
    out = [f"# Mock interview: {md_escape(session.role)}", "", md_escape(_header(session)), ""]
    for t in session.turns:
        out += [f"## {md_escape(turn_title(t))}", "", f"**Question.** {md_escape(t.question)}", ""]
        if not t.answered:
            out += [f"**Answer.** {md_escape(t.answer)}" if t.answer else "_Not answered._", ""]
            continue
        out += [f"**Answer.** {md_escape(t.answer)}", ""]
        if heard := transcript_text(t):
            out += [f"**Transcript (as heard).** {md_escape(heard)}", ""]
        if lines := delivery_lines(t.transcript):
            out += ["**Delivery.**", ""] + [f"- {md_escape(x)}" for x in lines] + [""]
        out += [f"**Score: {t.overall:.0f}/100**", "", "| dimension | score | why |", "|---|---|---|"]
        out += [f"| {md_cell(name)} | {score} | {md_cell(why)} |" for name, score, why in rubric_rows(t)]
        out.append("")
        if notes := rubric_notes(t):
            out += [md_escape(notes), ""]
        if t.feedback:
            out += [f"**Feedback.** {md_escape(t.feedback)}", ""] + _md_note(t, "feedback")
        if t.evidence:
            out += [f"**{t.evidence_title}.**", ""]
            out += [f"- {md_escape(e.bullet)} (match {e.score:.2f})" for e in t.evidence]
            out.append("")
        if t.sample_answer:
            out += [f"**Sample answer.** {md_escape(t.sample_answer)}", ""] + _md_note(t, "sample_answer")
        if t.follow_up:
            out += [f"**Follow-up.** {md_escape(t.follow_up)}", ""] + _md_note(t, "follow_up")
    return "\n".join(out)


def _md_note(t: Turn, kind: str) -> list[str]:
    """Who wrote the text above, in italics, as lines of the Markdown report (none when unknown)."""
    note = written_by(t, kind)
    return [f"_{md_escape(note)}_", ""] if note else []


# ----------------------------------------------------------------------------- HTML

_CSS = """body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
.q{font-weight:600}.text{white-space:pre-wrap}.note{color:#555}
@media print{body{margin:0;max-width:none}section{break-inside:avoid-page}}"""


def _p(label: str, text: str) -> str:
    """A labelled paragraph; the text keeps its line breaks (CSS pre-wrap) and is escaped."""
    return f"<p><strong>{label}</strong> <span class='text'>{html.escape(text)}</span></p>"


def _html_note(t: Turn, kind: str) -> str:
    """Who wrote the text above, as a small escaped paragraph ('' when unknown)."""
    note = written_by(t, kind)
    return f"<p class='note'>{html.escape(note)}</p>" if note else ""


def to_html(session: InterviewSession) -> str:
    e = html.escape
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Mock interview: {e(session.role)}</title>"
             f"<style>{_CSS}</style></head><body>",
             f"<h1>Mock interview: {e(session.role)}</h1><p>{e(_header(session))}</p>"]
    for t in session.turns:
        parts.append(f"<section><h2>{e(turn_title(t))}</h2><p class='q text'>{e(t.question)}</p>")
        if not t.answered:
            parts.append((_p("Answer.", t.answer) if t.answer else "<p><em>Not answered.</em></p>") + "</section>")
            continue
        parts.append(_p("Answer.", t.answer))
        if heard := transcript_text(t):
            parts.append(_p("Transcript (as heard).", heard))
        if lines := delivery_lines(t.transcript):
            parts.append("<p><strong>Delivery.</strong></p><ul class='delivery'>"
                         + "".join(f"<li>{e(x)}</li>" for x in lines) + "</ul>")
        rows = "".join(f"<tr><td>{e(name)}</td><td>{e(score)}</td><td>{e(why)}</td></tr>"
                       for name, score, why in rubric_rows(t))
        parts.append(f"<p><strong>Score: {t.overall:.0f}/100</strong></p>"
                     f"<table><tr><th>dimension</th><th>score</th><th>why</th></tr>{rows}</table>")
        if notes := rubric_notes(t):
            parts.append(f"<p class='note'>{e(notes)}</p>")
        if t.feedback:
            parts.append(_p("Feedback.", t.feedback) + _html_note(t, "feedback"))
        if t.evidence:
            parts.append(f"<p><strong>{e(t.evidence_title)}.</strong></p><ul class='evidence'>"
                         + "".join(f"<li>{e(x.bullet)} (match {x.score:.2f})</li>"
                                   for x in t.evidence) + "</ul>")
        if t.sample_answer:
            parts.append(_p("Sample answer.", t.sample_answer) + _html_note(t, "sample_answer"))
        if t.follow_up:
            parts.append(_p("Follow-up.", t.follow_up) + _html_note(t, "follow_up"))
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
