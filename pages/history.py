"""History page: past sessions (only your own in hosted mode), per-dimension trends, a review of
your weakest questions, and delete my data."""
import streamlit as st

from interview.storage import history, store

from interview import report, ui

FLASH_KEY = "_history_flash"  # a message that must survive st.rerun (st.success before it vanishes)
CONFIRM_KEY = "_history_confirm_delete"

st.title("History")
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)

owner = ui.owner_id()
sessions = store.list_sessions(owner)
if not sessions:
    st.info("No saved interviews yet. Every answer is saved the moment it is scored.")
    st.stop()

# ---- trends: one point per session, each rubric dimension averaged over its scored answers
rows = history.dimension_trends(sessions)
dims = history.present_dimensions(rows)
if len(rows) > 1:
    st.subheader("Progress")
    st.line_chart([{"session": r["session"], "overall": r["overall"]} for r in rows],
                  x="session", y="overall", y_label="average score (0-100)")
    st.altair_chart(ui.dimension_trend_chart(rows, dims), use_container_width=True)
elif rows:
    st.caption("Your progress chart appears after your second interview.")

# ---- practise the weakest questions again
weak = history.weakest_questions(sessions, n=3)
if weak:
    st.subheader("Your weakest questions")
    for w in weak:
        ui.plain(f"{w.score:.0f}/100 · {w.question}")
        if w.weakest:
            st.caption(f"weakest part: {w.weakest.replace('_', ' ')} · {w.question_type.replace('_', ' ')}")
    if st.button("Practise my weakest questions again", type="primary"):
        ui.set_interview(history.start_review(weak, sessions, owner=owner or "local"))
        st.switch_page("pages/practice.py")

# ---- the sessions, newest first
st.subheader("Interviews")
for s in sessions:
    avg = report.average_overall(s)
    label = f"{ui.escape_md(s.role)} · {s.difficulty} · {s.questions_done}/{s.n_questions} questions" + (
        f" · {avg:.0f}/100" if avg is not None else "")
    with st.expander(label):  # expander labels render Markdown: the role is escaped
        for t in s.turns:
            ui.plain(f"Q{t.index + 1}: {t.question}")
            if t.answered:
                st.caption(f"score {t.overall:.0f}/100")
        if st.button("Open in report", key=f"open_{s.id}"):
            ui.set_interview(s)
            st.switch_page("pages/report.py")

# ---- delete my data, with a confirmation step
st.divider()
if not st.session_state.get(CONFIRM_KEY):
    if st.button("Delete my data", type="secondary"):
        st.session_state[CONFIRM_KEY] = True
        st.rerun()
else:
    st.warning(f"Delete all {len(sessions)} interview(s), with every answer, transcript and feedback? "
               "This cannot be undone.")
    yes, no = st.columns(2)
    if yes.button("Yes, delete everything", type="primary"):
        n = store.delete_owner_data(owner)
        ui.set_interview(None)
        st.session_state[CONFIRM_KEY] = False
        st.session_state[FLASH_KEY] = f"Deleted {n} interview(s) and all their answers."
        st.rerun()
    if no.button("Cancel"):
        st.session_state[CONFIRM_KEY] = False
        st.rerun()
