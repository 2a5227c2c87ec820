"""Report page: every question, answer, transcript, score and feedback of the session; Markdown and
printable HTML export (interview/report.py builds both, with all user text escaped)."""
import streamlit as st

from interview import report, ui
from interview.storage import store

st.title("Report")
session = ui.current_interview()
if session is None or not session.turns:
    # A new window has no interview open even when earlier ones are saved: "No interview yet" beside a History
    # page that listed one read as lost work (a walkthrough opened the report in a fresh browser session).
    if store.list_sessions(ui.owner_id()):
        st.info("No interview is open in this window. Your saved interviews are on the History page: open one "
                "there to see its report.")
        st.page_link("pages/history.py", label="Open History", icon="📈")
    else:
        st.info("No interview yet. Set one up; every answer is saved the moment it is scored.")
    st.page_link("pages/setup.py", label="Set up an interview", icon="📝")
    st.stop()

avg = report.average_overall(session)
st.caption(f"{ui.escape_md(session.role)} · {session.difficulty} · "
           f"{len(session.main_turns)} of {session.n_questions} questions")
if avg is not None:
    st.metric("Average score", f"{avg:.0f}/100")

left, right = st.columns(2)
left.download_button("Download Markdown", report.to_markdown(session), file_name="interview-report.md",
                     mime="text/markdown")
right.download_button("Download printable HTML", report.to_html(session), file_name="interview-report.html",
                      mime="text/html", help="Open it in a browser and print it, or save it as PDF.")

for turn in session.turns:
    with st.container(border=True):
        st.markdown(f"**{ui.escape_md(report.turn_title(turn))}**")
        ui.plain(turn.question)
        if not turn.answered:
            st.caption("Not answered yet.")
            continue
        st.markdown("*Answer*")
        ui.answer_text(turn.answer)
        if heard := report.transcript_text(turn):
            st.markdown("*Transcript (as heard)*")
            ui.plain(heard)
        if lines := report.delivery_lines(turn.transcript):
            st.caption(ui.escape_md(" · ".join(lines)))
        ui.score_table(turn.rubric)
        if notes := report.rubric_notes(turn):
            st.caption(ui.escape_md(notes))
        if turn.feedback:
            st.markdown("*Feedback*")
            ui.plain(turn.feedback)
            ui.written_by_caption(turn, "feedback")
        if turn.evidence:
            st.markdown(f"*{turn.evidence_title}*")
            for e in turn.evidence:
                ui.plain(f"• {e.bullet}  (match {e.score:.2f})")
        if turn.sample_answer:
            st.markdown("*Sample answer*")
            ui.plain(turn.sample_answer)
            ui.written_by_caption(turn, "sample_answer")  # a bank answer's licence asks for its source
        if turn.follow_up:
            st.markdown("*Follow-up*")
            ui.plain(turn.follow_up)
            ui.written_by_caption(turn, "follow_up")
