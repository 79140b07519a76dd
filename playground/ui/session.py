"""Session glue: one visitor's config and trainer in `st.session_state`, and the URL that shares them.

Every page calls `setup()` first, so a deep link opened on a cold server works with no other page run
before it. The URL is read once per session (it may carry a shared setup), and written back on every run.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

import streamlit as st

from playground import link, scenes
from playground.config import Config, fit_headless, to_values, too_big
from playground.errors import Message, message
from playground.tasks import TaskError
from playground.trainer import Trainer
from playground.ui import language

CONFIG, TRAINER, TRAINING, NOTICES = "config", "trainer", "training", "notices"
VIEW = "view"  # the visitor's link.View: pace, language, scene, presenter view, hidden controls


def init_session() -> None:
    """On a session's first run: the config from the URL, with a warning for each value that was fixed."""
    if CONFIG in st.session_state:
        return
    shared = link.read(st.query_params.to_dict())
    language.init(shared.view.lang)
    config, messages = shared.config, shared.messages
    try:
        trainer = Trainer(config)
    except TaskError as error:  # e.g. shared text that no longer fits: start from the task's defaults
        messages.append(message("default_text_instead", why=error.message))
        config.task.text = ""
        trainer = Trainer(config)
    st.session_state[CONFIG] = config
    st.session_state[TRAINER] = trainer
    st.session_state[TRAINING] = False
    st.session_state[VIEW] = shared.view
    st.session_state[NOTICES] = [message("link_fixed", what=m) for m in messages]


def config() -> Config:
    return st.session_state[CONFIG]


def trainer() -> Trainer:
    return st.session_state[TRAINER]


def training() -> bool:
    return st.session_state[TRAINING]


def set_training(on: bool) -> None:
    st.session_state[TRAINING] = on


def view() -> link.View:
    return st.session_state[VIEW]


def pace() -> str:
    """The visitor's pace, a key of pacing.PACES. Kept in the view besides the widget's: Streamlit drops a
    widget's value on a page that does not draw it."""
    return view().pace


def hidden(group: str) -> bool:
    """Whether the link hid this group of controls (link.HIDEABLE)."""
    return group in view().hide


def notify(notice: Message) -> None:
    """A message to show on the next run of any page (resets, refused settings), in the visitor's language."""
    st.session_state[NOTICES].append(notice)


INPUT_ERROR = "input_error"  # the task's refusal of the last change, shown until a change is taken
REVERT_WIDGETS = "revert_widgets"  # set when a change was refused: the next run redraws the kept settings


def apply(new: Config) -> Message | None:
    """Move the session to `new`: live settings change in place, anything else resets (and says so).

    Bad task input (text, seq_len) and a model too big to train live are refused with a message, and
    nothing is lost. Returns why the task refused `new`, or None when the session moved to it.
    """
    fitted = None if new.model.linear_head else fit_headless(new)
    if problem := too_big(new):
        notify(message("kept_previous_model", why=problem))
        st.session_state[REVERT_WIDGETS] = True
        st.rerun()  # the sidebar's widgets are drawn again, from the kept settings
    try:
        reset_by = trainer().update(new)
    except TaskError as error:
        st.session_state[INPUT_ERROR] = error.message
        return error.message
    st.session_state.pop(INPUT_ERROR, None)
    st.session_state[CONFIG] = new
    if reset_by:
        notify(message("reinitialised", changed=", ".join(reset_by), seed=new.train.seed))
    if fitted:
        notify(fitted)
        st.session_state[REVERT_WIDGETS] = True
        st.rerun()  # the widgets show the fitted hidden_size and direction
    return None


def share_params() -> dict[str, str]:
    """The URL parameters of the current setup: every setting, the seed and the view. A scene stays in the link
    while the run keeps its settings; once they change, the link is the new setup's."""
    shown = view()
    if shown.scene and scene_config(shown.scene) != to_values(config()):
        shown = dataclasses.replace(shown, scene=None)
    return link.write(config(), shown, language.lang())


def scene_config(scene_id: str) -> dict:
    """The flat settings a scene opens with."""
    return to_values(link.read(scenes.get(scene_id).settings).config)


def sync_url() -> None:
    """Rewrite the URL's query string to the current setup, if it differs (each write costs a message)."""
    params = share_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def share_link() -> str:
    """The full link to this page with this setup, for copying."""
    base = st.context.url or ""
    return f"{base}?{urlencode(share_params())}"
