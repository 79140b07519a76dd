"""RNN Playground, home page: pick a task and a cell, train it live, watch the loss and the predictions."""

import streamlit as st

from playground.tasks import TaskError, default_corpus
from playground.tasks.text import check_text
from playground.ui import live, page, session, views

page.setup("Playground")
st.caption("Train a recurrent network live. Change the cell, the sizes or the task in the sidebar; "
           "the other pages show the same model from the inside.")

trainer = session.trainer()
if trainer.config.task.name == "text":
    with st.expander("Training text", expanded=False):
        current = trainer.config.task.text or default_corpus()
        text = st.text_area("Text to learn from (any language)", value=current, height=180, key="w_text",
                            help="The vocabulary is built from these characters.")
        if text != current:
            try:
                check_text(text)
                session.apply(trainer.config.replace(text="" if text == default_corpus() else text))
                st.rerun()
            except TaskError as error:
                st.error(f"{error} Still training on the previous text.", icon=":material/error:")
        st.caption(f"{len(current):,} characters, {trainer.task.input_size} different.")


def render(trainer):
    curve, task = st.columns([1, 1])
    with curve:
        views.loss_curve(trainer)
    with task:
        views.task_view(trainer)


live.live(render)
