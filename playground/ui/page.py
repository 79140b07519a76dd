"""What every page does first: page config, the session, the sidebar, the URL and pending messages."""

from __future__ import annotations

import streamlit as st

from playground.ui import controls, session


def setup(title: str) -> None:
    st.set_page_config(page_title=f"{title} · RNN Playground", page_icon=":material/cyclone:", layout="wide")
    session.init_session()
    controls.sidebar()
    session.sync_url()
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
    st.title(title)
