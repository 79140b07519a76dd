"""What every page does first: page config, the session, the sidebar, the URL, the training bar and
pending messages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from playground.ui import controls, lecture, session, style
from playground.ui.language import say, t

# Served by the app itself: a ":material/...:" or emoji icon is fetched from an outside host, which a
# lecture hall without internet shows as an error, and which a visitor never agreed to.
ICON = Path(__file__).resolve().parent.parent / "assets" / "icon.png"


def setup(page: str) -> None:
    """`page` names the page in the catalogue: its title is "page.<page>"."""
    session.init_session()  # first: the title is in the session's language
    title = t(f"page.{page}")
    st.set_page_config(page_title=f"{title} · RNN Playground", page_icon=str(ICON), layout="wide",
                       initial_sidebar_state="collapsed" if session.view().present else "auto")
    lecture.open_from_link(page)  # before the sidebar, whose widgets then show the scene's settings
    controls.sidebar()
    session.sync_url()
    st.html(f"<style>{style.CSS}{lecture.style()}</style>")
    st.title(title)
    controls.training_bar()
    lecture.narration()
    notices = st.session_state[session.NOTICES]
    for message in notices:
        st.warning(say(message), icon=":material/info:")
    notices.clear()
    if session.INPUT_ERROR in st.session_state:
        st.error(say(st.session_state[session.INPUT_ERROR]), icon=":material/error:")
    trainer = session.trainer()
    if trainer.config.model.bidirectional and trainer.task.predicts_next_input:
        st.warning(t("page.bidirectional_leak"), icon=":material/visibility:")
