"""RNN Playground, home page: pick a task and a cell, train it live, watch the loss and the predictions.

`streamlit run app.py` first imports this file to find `app`, the server, whose start-up loads torch and
builds a first model (playground/ui/warmup.py), so the first visitor does not wait for that. Streamlit
then runs the file as the home page, under the name "__main__".
"""

import os

# One OpenMP thread for torch in every thread, set before torch loads: visitors share the cores, and
# Streamlit starts a new thread for each script run, where an earlier torch.set_num_threads does not reach.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import streamlit as st

from playground.tasks import TaskError, default_corpus
from playground.tasks.text import check_text
from playground.ui import live, page, session, views
from playground.ui.language import t
from playground.ui.warmup import warm_up


def text_box(trainer) -> None:
    """The text a character model learns from, editable; bad text is refused and training goes on."""
    with st.expander(t("home.text"), expanded=False):
        current = trainer.config.task.text or default_corpus()
        text = st.text_area(t("home.text.box"), value=current, height=180, key="w_text", help=t("home.text.help"))
        if text != current:
            try:
                check_text(text)
                refused = session.apply(trainer.config.replace(text="" if text == default_corpus() else text))
            except TaskError as error:
                refused = error.message
            if refused:  # no rerun: the box keeps the text to fix, and the next run would refuse it again
                st.error(t("home.text.refused", why=refused), icon=":material/error:")
            else:
                st.rerun()
        st.caption(t("home.text.size", chars=len(current), symbols=trainer.task.input_size))


def render(trainer) -> None:
    curve, task = st.columns([1, 1])
    with curve:
        views.loss_curve(trainer)
    with task, st.container(key="task"):  # keyed: a scene points at the whole view
        views.task_view(trainer)


def home() -> None:
    page.setup("playground")
    st.caption(t("home.caption"))
    trainer = session.trainer()
    if trainer.config.task.name == "text":
        text_box(trainer)
    live.live(render)


if __name__ == "__main__":
    home()
else:
    app = st.App(__file__, lifespan=warm_up)
