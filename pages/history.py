"""History page: past sessions (only your own in hosted mode), score trend, delete my data."""
import streamlit as st

from interview import report, store, ui

st.title("History")
owner = ui.owner_id()
sessions = store.list_sessions(owner)
if not sessions:
    st.info("No saved interviews yet. Every answer is saved the moment it is scored.")
    st.stop()

trend = [{"session": i + 1, "average score": report.average_overall(s)}
         for i, s in enumerate(reversed(sessions)) if report.average_overall(s) is not None]
if len(trend) > 1:
    st.line_chart(trend, x="session", y="average score")

for s in sessions:
    avg = report.average_overall(s)
    label = f"{s.role} · {s.difficulty} · {len(s.main_turns)}/{s.n_questions} questions" + (
        f" · {avg:.0f}/100" if avg is not None else "")
    with st.expander(label):
        for t in s.turns:
            ui.plain(f"Q{t.index + 1}: {t.question}")
            if t.answered:
                st.caption(f"score {t.overall:.0f}/100")
        if st.button("Open in report", key=f"open_{s.id}"):
            ui.set_interview(s)
            st.switch_page("pages/report.py")

st.divider()
if st.button("Delete my data", type="secondary"):
    n = store.delete_owner_data(owner)
    ui.set_interview(None)
    st.success(f"Deleted {n} interview(s).")
    st.rerun()
