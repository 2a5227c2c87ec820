"""Entry point: `streamlit run streamlit_app.py`. Page config, navigation, shared sidebar."""
import streamlit as st

from interview import ui
from interview.config import get_settings

st.set_page_config(page_title="Interview coach", page_icon="🎤", layout="centered")

pages = [
    st.Page("pages/setup.py", title="Set up", icon="📝", default=True),
    st.Page("pages/practice.py", title="Practice", icon="🎤"),
    st.Page("pages/report.py", title="Report", icon="📄"),
    st.Page("pages/history.py", title="History", icon="📈"),
    st.Page("pages/model_cards.py", title="Models", icon="🧠"),
]
nav = st.navigation(pages)

with st.sidebar:
    st.caption("Offline mock-interview coach. Everything runs on this computer.")
    if st.toggle("Large text (projector)", key="projector"):
        ui.projector_style()
    session = ui.current_interview()
    if session is not None:
        st.caption(f"Current: {ui.escape_md(session.role)} · {session.difficulty} · "
                   f"{session.questions_done}/{session.n_questions} answered")
    if get_settings().hosted:
        ui.owner_id()  # puts this visitor's private id into the address before they answer anything
        st.info(ui.HOSTED_NOTICE)

nav.run()
