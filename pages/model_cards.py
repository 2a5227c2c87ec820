"""Models page: which model each role uses, where it came from, and its metrics once trained."""
import json

import streamlit as st

from interview.model_cards import ROLES, model_card

st.title("Models")
st.caption("Every model runs on this computer. Fine-tuned adapters live in checkpoints/ and are "
           "used automatically; environment variables (see README) override them.")

for role in ROLES:
    card = model_card(role)
    with st.container(border=True):
        st.subheader(card.title)
        st.markdown(f"**Source:** {card.origin} · {card.description}")
        st.code(card.path or "not available", language=None)
        if card.metrics:
            with st.expander("Metrics", expanded=False):
                st.code(json.dumps(card.metrics, indent=2), language="json")
        for plot in card.plots:
            st.image(str(plot), caption=plot.stem.replace("_", " "))
        if card.report:
            with st.expander("Training and evaluation report"):
                st.markdown(card.report)
