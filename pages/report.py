"""Report page: every question, answer, score and feedback of the session; Markdown/HTML export."""
import streamlit as st

from interview import report, ui

st.title("Report")
session = ui.current_interview()
if session is None or not session.turns:
    st.info("No interview yet. Finished interviews are also listed on the History page.")
    st.page_link("pages/setup.py", label="Set up an interview", icon="📝")
    st.stop()

avg = report.average_overall(session)
st.caption(f"{ui.escape_md(session.role)} · {session.difficulty} · "
           f"{len(session.main_turns)} of {session.n_questions} questions")
if avg is not None:
    st.metric("Average score", f"{avg:.0f}/100")

for turn in session.turns:
    with st.container(border=True):
        st.markdown(f"**{ui.escape_md(report._turn_title(turn))}**")
        ui.plain(turn.question)
        if not turn.answered:
            st.caption("Not answered yet.")
            continue
        st.markdown("*Answer*")
        ui.plain(turn.answer)
        if turn.transcript:
            ui.delivery_caption(turn.transcript)
        ui.score_table(turn.rubric)
        if turn.feedback:
            st.markdown("*Feedback*")
            ui.plain(turn.feedback)
        if turn.sample_answer:
            st.markdown("*Sample answer*")
            ui.plain(turn.sample_answer)

left, right = st.columns(2)
left.download_button("Download Markdown", report.to_markdown(session), file_name="interview-report.md",
                     mime="text/markdown")
right.download_button("Download printable HTML", report.to_html(session), file_name="interview-report.html",
                      mime="text/html")
