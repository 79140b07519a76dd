"""Walk through time: one step t of the current example on one screen, the unrolled graph lit at t, the hidden
state's path marked at t, and the cell's equations with the numbers of that step; by hand or playing slowly."""

import numpy as np
import streamlit as st

from playground import figures
from playground.analysis import fit_pca
from playground.anatomy import cell_step, layer_input, step_latex
from playground.graph import unrolled_dot
from playground.probe import parts
from playground.ui import live, page, session, views
from playground.ui.language import t, translator
from playground.unroll import unroll

# The equations a little smaller than Cell anatomy's: here they share the screen with the graph and the path.
STYLE = "<style>.st-key-walk .katex { font-size: 0.9em; }</style>"
SLOWNESS = [0.5, 1.0, 2.0, 3.0]  # seconds a step while playing; a room follows 1-2 s, like GAN Lab's slow motion
_TICKER_JS = """
export default function({ data }) {
  clearInterval(window.rnnPlaygroundTicker);
  if (!data.playing) return;
  window.rnnPlaygroundTicker = setInterval(() => {
    const button = document.querySelector(`.st-key-${data.button} button:not([disabled])`);
    if (button) button.click();
  }, data.ms);
}
"""
_ticker = st.components.v2.component("rnn_playground.walk_ticker", js=_TICKER_JS)

page.setup("walk_through")
st.html(STYLE)
live.live()
st.caption(t("walk.caption"))

trainer = session.trainer()
model, task = trainer.model.eval(), trainer.task
cfg = model.cfg
batch = task.example()
part_name = views.part_picker(trainer, "walk")  # an encoder-decoder: the encoder's steps or the decoder's
part = parts(model, task, batch)[part_name or "model"]
core, x, hx, labels = part.core, part.x, part.hx, part.labels
trace = unroll(core, x, hx)
steps = x.shape[1 if cfg.batch_first else 0]
pick = st.columns(4)
layer, direction = views.layer_picker(trainer, "walk", pick[:2])
index = pick[2].selectbox(t("pick.sequence"), range(len(labels)), key="walk_sequence",
                          format_func=lambda i: f"{i + 1}: {views.sequence_preview(labels[i])}")
slowness = pick[3].select_slider(t("walk.slowness"), SLOWNESS, value=1.0, key="walk_slowness",
                                 format_func=lambda s: t("walk.seconds", seconds=f"{s:g}"))
if st.session_state.get("walk_t", 0) >= steps:  # a shorter sequence than before
    st.session_state["walk_t"] = 0
st.session_state.setdefault("walk_t", 0)
st.session_state.setdefault("walk_playing", False)


def move(by: int) -> None:
    st.session_state["walk_t"] = (st.session_state["walk_t"] + by) % steps


def play(on: bool) -> None:
    st.session_state["walk_playing"] = on


states = trace.hidden[layer][direction].detach().transpose(0, 1).numpy()  # (N, L, H_out)
pca = fit_pca(states.reshape(-1, states.shape[-1]), min(2, states.shape[-1]))
points = pca.transform(states)  # (N, L, 2)
axis_titles = figures.pca_axis_titles(pca.explained_variance_ratio)
if points.shape[-1] == 1:  # hidden_size 1: the one unit against time
    points = np.concatenate([points, np.broadcast_to(np.arange(steps)[None, :, None], points.shape)], -1)
    axis_titles = [*axis_titles, "t"]
names = [f"{seq[0]} …" if len(labels) > 1 else "h_t" for seq in labels]
where = views.layer_name(layer, direction, 1 + cfg.bidirectional, part_name)
units = min(2, cfg.hidden_size)  # two units of each vector: the equations fit beside the drawing
below = layer_input(trace, x, layer)
words = translator()


def walk() -> None:
    step_t = st.session_state["walk_t"]
    with st.container(horizontal=True, vertical_alignment="center", key="walk_controls"):
        st.button(t("walk.back"), key="walk_back", icon=":material/chevron_left:", on_click=move, args=(-1,))
        if st.session_state["walk_playing"]:
            st.button(t("walk.pause"), key="walk_pause", icon=":material/pause:", on_click=play, args=(False,))
        else:
            st.button(t("walk.play"), key="walk_play", icon=":material/play_arrow:", on_click=play, args=(True,))
        st.button(t("walk.on"), key="walk_on", icon=":material/chevron_right:", on_click=move, args=(1,))
        st.container(key="walk_at").markdown(t("walk.at", t=step_t, last=steps - 1, symbol=labels[index][step_t],
                                                 where=where))
    with st.container(key="walk"):  # the graph and the path on the left, the equations beside them
        left, right = st.columns([1, 1])
        left.graphviz_chart(unrolled_dot(cfg.cell, core.input_size, cfg.hidden_size, cfg.num_layers, cfg.bidirectional,
                                          len(labels), steps, batch_first=cfg.batch_first, highlight_step=step_t,
                                          max_steps=min(steps, 6), tr=words))
        left.plotly_chart(figures.trajectory_at(points, names, step_t, step_labels=labels[index], height=300,
                                                title=t("walk.trajectory", where=where),
                                                axis_titles=axis_titles, tr=words), key="walk_trajectory")
        step = cell_step(core, trace, below, layer, direction, step_t, index, hx)
        for line in step_latex(step, cfg.cell, cfg.nonlinearity, units):
            right.latex(line)


walk()
# Playing: the browser presses "t + 1" every `slowness` seconds, exactly as a visitor would (a fragment's own
# timer never fired on this page, measured in Chromium 156 and Streamlit 1.67).
_ticker(data={"playing": st.session_state["walk_playing"], "ms": int(slowness * 1000), "button": "walk_on"},
        key="walk_ticker")
