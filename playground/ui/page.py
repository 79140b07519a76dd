"""What every page does first: page config, the session, the sidebar, the URL, the training bar and
pending messages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from playground.ui import controls, session, style

# Served by the app itself: a ":material/...:" or emoji icon is fetched from an outside host, which a
# lecture hall without internet shows as an error, and which a visitor never agreed to.
ICON = Path(__file__).resolve().parent.parent / "assets" / "icon.png"


def setup(title: str) -> None:
    st.set_page_config(page_title=f"{title} · RNN Playground", page_icon=str(ICON), layout="wide")
    session.init_session()
    controls.sidebar()
    session.sync_url()
    st.html(style.style_tag())
    st.title(title)
    controls.training_bar()
    notices = st.session_state[session.NOTICES]
    for message in notices:
        st.warning(message, icon=":material/info:")
    notices.clear()
    if "input_error" in st.session_state:
        st.error(st.session_state["input_error"], icon=":material/error:")
    trainer = session.trainer()
    if trainer.config.model.bidirectional and trainer.task.predicts_next_input:
        st.warning("Bidirectional on next-character prediction: the reverse pass reads x[t+1], the very "
                   "character it is asked to predict at step t, so the loss falls towards 0 without the model "
                   "learning the language, and samples (which have no future to read) stay poor. Turn "
                   "bidirectional off for a real language model.", icon=":material/visibility:")
