"""Session reports: Markdown and a printable, self-contained HTML page.

Everything user- or model-written is escaped: Markdown special characters in the .md, HTML entities
in the .html (so a resume line like `<script>` shows as text, never runs).
"""
from __future__ import annotations

import html
import re
import time

from interview.session import InterviewSession, Turn

_MD = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _md(text: str) -> str:
    return _MD.sub(r"\\\1", text or "").replace("\n", "  \n")


def _turn_title(t: Turn) -> str:
    kind = " (follow-up)" if t.is_follow_up else (f" (attempt {t.attempt})" if t.attempt > 1 else "")
    return f"Question {t.index + 1}{kind} · {t.question_type.replace('_', ' ')}"


def average_overall(session: InterviewSession) -> float | None:
    scores = [t.overall for t in session.turns if t.overall is not None]
    return sum(scores) / len(scores) if scores else None


def to_markdown(session: InterviewSession) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.created_at))
    avg = average_overall(session)
    out = [f"# Mock interview: {_md(session.role)}", "",
           f"{when} · difficulty {session.difficulty} · {len(session.main_turns)} of {session.n_questions} questions"
           + (f" · average score {avg:.0f}/100" if avg is not None else ""), ""]
    for t in session.turns:
        out += [f"## {_turn_title(t)}", "", f"**Question.** {_md(t.question)}", ""]
        if not t.answered:
            out += ["_Not answered._", ""]
            continue
        out += [f"**Answer.** {_md(t.answer)}", ""]
        if t.transcript:
            tr = t.transcript
            out += [f"Spoken: {tr.get('words_per_minute', 0):.0f} words/min, {tr.get('filler_count', 0)} fillers, "
                    f"{len(tr.get('long_pauses') or [])} long pauses.", ""]
        out += [f"**Score: {t.rubric['overall']:.0f}/100**", "", "| dimension | score | why |", "|---|---|---|"]
        out += [f"| {d['name'].replace('_', ' ')} | {d['score']}/5 | {_md(d['reason'])} |" for d in t.rubric["dimensions"]]
        out.append("")
        if t.feedback:
            out += [f"**Feedback.** {_md(t.feedback)}", ""]
        if t.evidence:
            out += ["**Resume evidence.**", ""] + [f"- {_md(e['bullet'])}" for e in t.evidence] + [""]
        if t.sample_answer:
            out += [f"**Sample answer.** {_md(t.sample_answer)}", ""]
        if t.follow_up:
            out += [f"**Follow-up.** {_md(t.follow_up)}", ""]
    return "\n".join(out)


_CSS = """body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5;color:#111}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
.q{font-weight:600}@media print{h2{page-break-before:auto}}"""


def to_html(session: InterviewSession) -> str:
    e = html.escape
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.created_at))
    avg = average_overall(session)
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Mock interview: {e(session.role)}</title>"
             f"<style>{_CSS}</style></head><body>",
             f"<h1>Mock interview: {e(session.role)}</h1><p>{e(when)} · difficulty {e(session.difficulty)}"
             + (f" · average score {avg:.0f}/100" if avg is not None else "") + "</p>"]
    for t in session.turns:
        parts.append(f"<section><h2>{e(_turn_title(t))}</h2><p class='q'>{e(t.question)}</p>")
        if not t.answered:
            parts.append("<p><em>Not answered.</em></p></section>")
            continue
        parts.append(f"<p><strong>Answer.</strong> {e(t.answer)}</p>")
        if t.transcript:
            tr = t.transcript
            parts.append(f"<p>Spoken: {tr.get('words_per_minute', 0):.0f} words/min, {tr.get('filler_count', 0)} fillers, "
                         f"{len(tr.get('long_pauses') or [])} long pauses.</p>")
        rows = "".join(f"<tr><td>{e(d['name'].replace('_', ' '))}</td><td>{d['score']}/5</td><td>{e(d['reason'])}</td></tr>"
                       for d in t.rubric["dimensions"])
        parts.append(f"<p><strong>Score: {t.rubric['overall']:.0f}/100</strong></p>"
                     f"<table><tr><th>dimension</th><th>score</th><th>why</th></tr>{rows}</table>")
        if t.feedback:
            parts.append(f"<p><strong>Feedback.</strong> {e(t.feedback)}</p>")
        if t.evidence:
            parts.append("<p><strong>Resume evidence.</strong></p><ul>"
                         + "".join(f"<li>{e(x['bullet'])}</li>" for x in t.evidence) + "</ul>")
        if t.sample_answer:
            parts.append(f"<p><strong>Sample answer.</strong> {e(t.sample_answer)}</p>")
        if t.follow_up:
            parts.append(f"<p><strong>Follow-up.</strong> {e(t.follow_up)}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
