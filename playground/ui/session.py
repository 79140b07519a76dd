"""Session glue: one visitor's config and trainer in `st.session_state`, and the URL that shares them.

Every page calls `setup()` first, so a deep link opened on a cold server works with no other page run
before it. The URL is read once per session (it may carry a shared setup), and written back on every run.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from playground import link
from playground.config import Config, fit_headless, too_big
from playground.tasks import TaskError
from playground.trainer import Trainer

CONFIG, TRAINER, TRAINING, NOTICES = "config", "trainer", "training", "notices"
PACE = "pace"  # the visitor's pace, a key of pacing.PACES; the link carries it as pace=


def init_session() -> None:
    """On a session's first run: the config from the URL, with a warning for each value that was fixed."""
    if CONFIG in st.session_state:
        return
    shared = link.read(st.query_params.to_dict())
    config, messages = shared.config, shared.messages
    try:
        trainer = Trainer(config)
    except TaskError as error:  # e.g. shared text that no longer fits: start from the task's defaults
        messages.append(f"{error} Using the default text instead.")
        config.task.text = ""
        trainer = Trainer(config)
    st.session_state[CONFIG] = config
    st.session_state[TRAINER] = trainer
    st.session_state[TRAINING] = False
    st.session_state[PACE] = shared.pace
    st.session_state[NOTICES] = [f"Link setting fixed: {m}" for m in messages]


def config() -> Config:
    return st.session_state[CONFIG]


def trainer() -> Trainer:
    return st.session_state[TRAINER]


def training() -> bool:
    return st.session_state[TRAINING]


def set_training(on: bool) -> None:
    st.session_state[TRAINING] = on


def pace() -> str:
    """The visitor's pace, a key of pacing.PACES. Kept under a key of its own besides the widget's: Streamlit
    drops a widget's value on a page that does not draw it."""
    return st.session_state[PACE]


def notify(message: str) -> None:
    """A message to show on the next run of any page (resets, refused settings)."""
    st.session_state[NOTICES].append(message)


REVERT_WIDGETS = "revert_widgets"  # set when a change was refused: the next run redraws the kept settings


def apply(new: Config) -> str | None:
    """Move the session to `new`: live settings change in place, anything else resets (and says so).

    Bad task input (text, seq_len) and a model too big to train live are refused with a message, and
    nothing is lost. Returns why the task refused `new`, or None when the session moved to it.
    """
    fitted = None if new.model.linear_head else fit_headless(new)
    if problem := too_big(new):
        notify(f"{problem} Kept the previous model.")
        st.session_state[REVERT_WIDGETS] = True
        st.rerun()  # the sidebar's widgets are drawn again, from the kept settings
    try:
        reset_by = trainer().update(new)
    except TaskError as error:
        st.session_state["input_error"] = str(error)
        return str(error)
    st.session_state.pop("input_error", None)
    st.session_state[CONFIG] = new
    if reset_by:
        notify(f"Changed {', '.join(reset_by)}: the model was re-initialised (seed {new.train.seed}).")
    if fitted:
        notify(fitted)
        st.session_state[REVERT_WIDGETS] = True
        st.rerun()  # the widgets show the fitted hidden_size and direction
    return None


def share_params() -> dict[str, str]:
    """The URL parameters of the current setup: every setting, the seed and the pace."""
    return link.write(config(), pace())


def sync_url() -> None:
    """Rewrite the URL's query string to the current setup, if it differs (each write costs a message)."""
    params = share_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def share_link() -> str:
    """The full link to this page with this setup, for copying."""
    base = st.context.url or ""
    return f"{base}?{urlencode(share_params())}"
