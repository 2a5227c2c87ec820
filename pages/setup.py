"""Set-up page: role, job description, difficulty, number of questions, optional resume."""
import streamlit as st

from interview import ui
from interview.labels import BANDS, DIFFICULTY_BANDS, INTERVIEW_TYPES, ROLE_FAMILIES
from interview.text.language import COACHING_NOTE, posting_language_warning
from interview.documents.posting import PostingFacts, extract_posting, posting_summary
from interview.session import description_notes as session_notes
from interview.validation import MAX_QUESTIONS, MIN_QUESTIONS

DETECTED_KEY = "setup_detected"   # {"inputs": [role, description, difficulty, years], role_family, ...}

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
difficulty = left.select_slider("Difficulty", options=list(BANDS), key="setup_difficulty")
n_questions = right.number_input("Number of questions", min_value=MIN_QUESTIONS, max_value=MAX_QUESTIONS, step=1,
                                 key="setup_n")

with st.expander("About you (optional: steers difficulty and topics)"):
    years = st.number_input("Years of experience", min_value=0, max_value=50, step=1, key="setup_years",
                            placeholder="e.g. 4")
    stack = st.text_input("Your tech stack", key="setup_stack", placeholder="e.g. Python, PostgreSQL, AWS")
    st.caption("No name or contact details are needed.")
ui.remember_form(FORM_DEFAULTS)  # before the slow resume part: a page switch can cut the run short there

# What the coach reads in the posting, shown and editable before Start (the router can be wrong on a
# real posting: "Principal Software Engineer" was once read as design, entry level).
reading = st.session_state.get(DETECTED_KEY)
if reading and reading["inputs"] != [role, description, difficulty, years]:
    reading = st.session_state[DETECTED_KEY] = None   # the form changed since: read it again
if st.button("Check what the coach reads in this posting",
             help="Role family, level and interview mix; you can change them before Start"):
    try:
        with st.spinner("Reading the posting…"):
            found = ui.detect_route(role, description, difficulty, years)
    except ValueError as exc:
        st.error(str(exc))
    else:
        reading = st.session_state[DETECTED_KEY] = {"inputs": [role, description, difficulty, years], **found,
                                                    "posting": extract_posting(role, description).to_dict()}
        st.session_state.update(setup_family=found["role_family"], setup_level=found["difficulty_band"],
                                setup_mix=list(found["interview_types"]))
overrides = None
if reading:
    # Widget values are dropped when the user visits another page; the choices are kept in `reading`.
    chosen = reading.get("chosen") or {"setup_family": reading["role_family"], "setup_level": reading["difficulty_band"],
                                       "setup_mix": reading["interview_types"]}
    for key, value in chosen.items():
        st.session_state.setdefault(key, value)
    left, right = st.columns(2)
    family = left.selectbox("Role family", options=list(ROLE_FAMILIES), key="setup_family",
                            format_func=lambda f: f.replace("_", " "))
    level = right.select_slider("Level of the questions", options=list(DIFFICULTY_BANDS), key="setup_level")
    mix = st.multiselect("Interview mix", options=list(INTERVIEW_TYPES), key="setup_mix",
                         format_func=lambda t: t.replace("_", " "))
    st.caption(f"Read from the posting: {reading['role_family'].replace('_', ' ')}, {reading['difficulty_band']} "
               f"(your difficulty moved at most one step by the level the posting asks for), "
               f"{', '.join(t.replace('_', ' ') for t in reading['interview_types'])}. Change any of them before Start.")
    if not mix:
        st.warning("Pick at least one interview type; until then the mix read from the posting is used.")
    st.markdown(posting_summary(PostingFacts.from_dict(reading.get("posting"))))
    overrides = {"role_family": family, "difficulty_band": level, "interview_types": mix or reading["interview_types"]}
    reading["chosen"] = {"setup_family": family, "setup_level": level, "setup_mix": mix}

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
            ui.start_interview(role, description, difficulty, int(n_questions), bullets, years=years, stack=stack,
                               overrides=overrides)
    except ValueError as exc:  # bad form input: say what to fix, keep everything typed
        st.error(str(exc))
    except RuntimeError as exc:  # the model could not write a question; the form is kept
        st.error(str(exc))
    else:
        st.switch_page("pages/practice.py")
