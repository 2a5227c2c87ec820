"""Rendering helpers of the pages: user text as plain text, the score table, who wrote what, the
spoken-delivery line, the projector style. Imports streamlit (like interview/ui.py, whose names the
pages use: `ui.plain(...)`), and no model code.
"""
from __future__ import annotations

import re

import streamlit as st

from interview.speech.delivery import delivery_lines
from interview.coaching.scoring import Rubric
from interview.report import written_by
from interview.speech.transcript import Transcript

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


def escape_md(text: str) -> str:
    """User text as literal Markdown: no links, images, HTML or formatting can sneak in."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def plain(text: str) -> None:
    """Render user-supplied or model-written text as plain text (never HTML, never Markdown)."""
    st.markdown(escape_md(text).replace("\n", "  \n"))


_INDENTED = re.compile(r"^(\t| {2,})\S", re.M)


def has_indented_lines(text: str) -> bool:
    """Text with indented lines: code an answer quotes, whose indentation is part of what it says."""
    return bool(_INDENTED.search(text or ""))


def answer_text(text: str) -> None:
    """The user's answer as they wrote it: plain text, or, when it holds indented code, a code block (monospaced, its
    indentation kept, wrapped; st.code renders no Markdown or HTML either). A browser walkthrough showed a coding
    answer's Python with its indentation gone."""
    if has_indented_lines(text):
        st.code(text, language=None, wrap_lines=True)
    else:
        plain(text)


PROJECTOR_CSS = """<style>
html {font-size: 1.35rem !important}
.stMarkdown p, .stMarkdown li, .stTextArea textarea, .stTextInput input, .stNumberInput input,
[data-testid="stWidgetLabel"] p, [data-testid="stCaptionContainer"], .stButton button p,
.stDownloadButton button p, [data-testid="stPageLink"] p, [data-testid="stTable"] td,
[data-testid="stTable"] th, [data-testid="stExpander"] summary p, [data-testid="stAlert"] p,
[data-testid="stProgress"] p
  {font-size: 1rem !important; line-height: 1.5 !important}
h1 {font-size: 2.2rem !important} h3 {font-size: 1.5rem !important}
</style>"""


def projector_style() -> None:
    """Bigger type for a classroom projector: everything sized in rem grows 1.35x with the root, and
    the small print (widget labels, buttons, captions, the score table) is lifted to body size. The
    score table is an HTML table (score_table), so it grows with the text and wraps the "why" column
    instead of clipping it. Our own constant CSS, never user text."""
    st.html(PROJECTOR_CSS)


def score_table(rubric: Rubric) -> None:
    """The rubric: one row per dimension with its 0-5 score and one-line reason.

    st.table, not st.dataframe: the grid of st.dataframe is drawn on a canvas, which neither wraps
    the long "why" reasons nor grows with the projector text. st.table renders Markdown, and reasons
    can quote the answer, so every cell is escaped."""
    rows = [{"dimension": escape_md(d.name.replace("_", " ")), "score": f"{d.score}/5",
             "why": escape_md(d.reason)} for d in rubric.dimensions]
    st.metric("Overall", f"{rubric.overall:.0f}/100")
    if rows:
        st.table(rows, hide_index=True)
    st.caption("Scores and reasons are computed by rules in code, not by the model.")


def written_by_caption(turn, kind: str) -> None:
    """Say who wrote a text the user reads: the model, the coach's rules, or (sample answers) the
    user's own bullets or a licensed answer bank, with its source and licence (report.written_by)."""
    if note := written_by(turn, kind):
        st.caption(note)


def delivery_caption(transcript: Transcript) -> None:
    """One line of delivery metrics for a spoken answer: pace, fillers (which ones), pauses, speaking
    time, as the report writes them (interview/speech/delivery.py)."""
    st.caption(" · ".join(["Spoken answer", *delivery_lines(transcript)]))


def dimension_trend_chart(rows: list[dict], dims: list[str]):
    """History's per-dimension trend: a line with a point per session, so a dimension only one session
    measured (delivery after a single spoken interview) still shows; st.line_chart draws no mark for a lone
    value, and the browser walkthrough's chart was empty. Gaps (None) are left out, not drawn as zero."""
    import altair as alt
    import pandas as pd

    long = (pd.DataFrame(rows)[["session", *dims]].melt("session", var_name="dimension", value_name="score")
            .dropna())
    long["dimension"] = long["dimension"].str.replace("_", " ")
    return alt.Chart(long).mark_line(point=True).encode(
        # every session on the axis, as on the overall chart above, even one with no dimension scored
        x=alt.X("session:O", title="session", axis=alt.Axis(labelAngle=0),
                scale=alt.Scale(domain=[r["session"] for r in rows])),
        y=alt.Y("score:Q", title="average rubric score (0-5)", scale=alt.Scale(domain=[0, 5])),
        color=alt.Color("dimension:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=["session", "dimension", "score"])

