"""Set-up page: role, job description, difficulty, number of questions, optional resume."""
import streamlit as st

from interview import ui
from interview.config import DIFFICULTIES
from interview.language import COACHING_NOTE, posting_language_warning
from interview.session import description_notes as session_notes

st.title("Set up your mock interview")
st.caption("Tell the coach about the job. Your resume is optional: with it, feedback uses your own experience.")
st.caption(COACHING_NOTE)

if st.button("▶ Run the demo (3 questions, sample job and resume)", help="For a first look or a class demo"):
    try:
        with st.spinner("Preparing the demo interview…"):
            ui.start_demo()
    except RuntimeError as exc:
        st.error(str(exc))
    else:
        st.switch_page("pages/practice.py")

# Defaults live in session state (not in value=), so a value kept from an earlier visit wins.
FORM_DEFAULTS = {"setup_role": "", "setup_description": "", "setup_difficulty": "medium", "setup_n": 3,
                 "setup_years": None, "setup_stack": ""}
ui.restore_form(FORM_DEFAULTS)

role = st.text_input("Job role", key="setup_role", placeholder="e.g. Backend Engineer")
description = st.text_area("Job description", key="setup_description", height=160,
                           placeholder="Paste the job posting, or a few sentences about the role.")
if notice := posting_language_warning(role, description):  # said before Start, not only after routing
    st.warning(notice)
for note in session_notes(description):  # said before Start, not discovered in the questions
    st.caption(f"ℹ️ {note}")
left, right = st.columns(2)
difficulty = left.select_slider("Difficulty", options=list(DIFFICULTIES), key="setup_difficulty")
n_questions = right.number_input("Number of questions", min_value=1, max_value=15, step=1, key="setup_n")

with st.expander("About you (optional: steers difficulty and topics)"):
    years = st.number_input("Years of experience", min_value=0, max_value=50, step=1, key="setup_years",
                            placeholder="e.g. 4")
    stack = st.text_input("Your tech stack", key="setup_stack", placeholder="e.g. Python, PostgreSQL, AWS")
    st.caption("No name or contact details are needed.")
ui.remember_form(FORM_DEFAULTS)  # before the slow resume part: a page switch can cut the run short there

upload = st.file_uploader("Resume (optional: PDF, .txt or .md, up to 10 MB)", type=["pdf", "txt", "md"],
                          key="setup_resume")
bullets: list[str] = []
kept = st.session_state.get(ui.RESUME_KEY)
if upload is not None:
    parsed = ui.parse_upload(upload)
    if isinstance(parsed, str):
        st.error(parsed)
    else:
        if (kept or {}).get("file_id") != upload.file_id:  # kept at once: a page switch can cut this run short
            kept = st.session_state[ui.RESUME_KEY] = {"name": upload.name, "file_id": upload.file_id,
                                                      "bullets": list(parsed.bullets)}
        for w in parsed.warnings:
            st.warning(ui.escape_md(w))  # warnings quote resume lines: literal text, not Markdown
        st.caption(f"{len(parsed.bullets)} bullet points found. Fix or remove any that were parsed wrong:")
        edited = st.data_editor([{"bullet": b} for b in parsed.bullets], num_rows="dynamic",
                                key=f"bullets_{upload.file_id}", width="stretch")
        bullets = [row["bullet"].strip() for row in edited if row.get("bullet") and row["bullet"].strip()]
        kept["bullets"] = bullets
elif kept:  # the uploader forgets its file on other pages; the parsed bullets are kept instead
    if "bullets_kept" not in st.session_state:  # a fresh visit: the editor starts from the last edits
        kept["bullets"] = kept.get("edited", kept["bullets"])
    st.caption(f"Resume kept from before: {ui.escape_md(kept['name'])}, {len(kept['bullets'])} bullet points. "
               "Upload a file above to replace it.")
    edited = st.data_editor([{"bullet": b} for b in kept["bullets"]], num_rows="dynamic", key="bullets_kept",
                            width="stretch")
    bullets = [row["bullet"].strip() for row in edited if row.get("bullet") and row["bullet"].strip()]
    kept["edited"] = bullets  # not the editor's input: it re-applies its edits to that every run
    if st.button("Remove this resume"):
        st.session_state.pop(ui.RESUME_KEY, None)
        st.rerun()

if st.button("Start interview", type="primary"):
    try:
        with st.spinner("Preparing your first question…"):
            ui.start_interview(role, description, difficulty, int(n_questions), bullets, years=years, stack=stack)
    except ValueError as exc:  # bad form input: say what to fix, keep everything typed
        st.error(str(exc))
    except RuntimeError as exc:  # the model could not write a question; the form is kept
        st.error(str(exc))
    else:
        st.switch_page("pages/practice.py")
