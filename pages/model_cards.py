"""Models page: which model each role uses, where it came from, and its metrics once trained
(interview/models/cards.py reads checkpoints/; this page only lays the cards out)."""
import streamlit as st

from interview import ui
from interview.models.cards import ROLES, model_card
from interview.models.relevance_card import relevance_card

st.title("Models")
st.caption("Every model runs on this computer. Fine-tuned adapters in checkpoints/ are used automatically; "
           "environment variables (see README) override them.")

for card in [*(model_card(role.key) for role in ROLES), relevance_card()]:
    with st.container(border=True):
        st.subheader(card.title)
        st.caption(card.job)
        st.markdown(f"**Model:** {ui.escape_md(card.model)}  \n**Source:** {ui.escape_md(card.source)}")
        if card.path:
            st.code(card.path, language=None)
        if card.status:
            st.info(card.status)
        if card.facts:
            st.dataframe([{"": k, "value": v} for k, v in card.facts], hide_index=True, width="stretch")
        for i, table in enumerate(card.tables):
            # the headline table is open; per-class and example tables fold away
            with st.expander(table.title, expanded=i == 0):
                if table.rows:
                    st.dataframe(table.rows, hide_index=True, width="stretch")
                else:
                    st.caption("No rows.")
                if table.note:
                    st.caption(ui.escape_md(table.note))
        for heading, lines in card.examples:
            with st.expander(heading):
                for line in lines:  # model output: plain text, never Markdown or HTML
                    ui.plain("• " + line)
        if card.plots:
            with st.expander(f"Plots ({len(card.plots)})", expanded=True):
                for plot in card.plots:
                    st.image(str(plot), caption=plot.stem.replace("_", " "))
