"""Cell anatomy: one time step of the current model with its real numbers, and proof that the loop is the layer."""

import numpy as np
import streamlit as st

from playground import figures
from playground.anatomy import cell_step, equations, layer_input, loop_equals_layer, step_latex
from playground.probe import layer_name
from playground.ui import live, page, session, views
from playground.unroll import unroll
from playground.windowing import make_windows

page.setup("Cell anatomy")
live.live()

trainer = session.trainer()
model, task = trainer.model.eval(), trainer.task
cfg = model.cfg
batch = task.example()
x = model.encode(batch.x).detach()  # the core's input, in its own layout
trace = unroll(model.core, x)
labels = [task.step_labels(batch, i) for i in range(len(batch.x))]

st.subheader(f"One time step of this {cfg.cell}, with its real numbers")
pick = st.columns(4)
layer, direction = views.layer_picker(trainer, "anatomy", pick[:2])
index = pick[2].selectbox("sequence", range(len(batch.x)), key="anatomy_sequence",
                          format_func=lambda i: f"{i + 1}: {views.sequence_preview(labels[i])}")
t = pick[3].number_input("time step t", 0, batch.x.shape[1] - 1, 0, key="anatomy_t",
                         help="Step through the sequence one time step at a time (+ and − buttons).")
st.markdown(f"Input at t = {t}: **{labels[index][t]}** · {layer_name(layer, direction, 1 + cfg.bidirectional)}"
            f" · step {trainer.step_count} of training")

step = cell_step(model.core, trace, layer_input(trace, x, layer), layer, direction, t, index)
units = min(4, cfg.hidden_size)
# One under the other, each the page's width: side by side, the numbers were cut off at the right at 1280 px.
st.markdown("**The equations** (torch's notation and gate order)")
for line in equations(cfg.cell, cfg.nonlinearity):
    st.latex(line)
st.markdown(f"**At t = {t}**: the part from x_t + the part from h_(t-1), first {units} of "
            f"{cfg.hidden_size} units")
for line in step_latex(step, cfg.cell, cfg.nonlinearity, units):
    st.latex(line)
with st.expander("Every unit at this step"):
    columns = {"h_(t-1)": step.h_prev, **step.gates, "h_t": step.h}
    if step.c is not None:
        columns = {"c_(t-1)": step.c_prev, "c_t": step.c, **columns}
    st.dataframe({name: np.round(values, 4) for name, values in columns.items()})

st.subheader("Proof: the loop is the layer")
looped, fused, difference = loop_equals_layer(model.core, x)
st.markdown(f"A `torch.nn.{cfg.cell}Cell` holding the same weights, called once per time step in a Python loop "
            f"(layer by layer, both directions), gives nn.{cfg.cell}'s output: the largest difference over all "
            f"{fused.numel():,} numbers is **{difference:.2e}**, float32 rounding.")
(st.success if difference < 1e-5 else st.error)(
    f"max |loop − layer| = {difference:.2e}", icon=":material/check_circle:" if difference < 1e-5 else None)
st.code(f"""cell = torch.nn.{cfg.cell}Cell({model.core.input_size}, {cfg.hidden_size})
cell.load_state_dict({{"weight_ih": rnn.weight_ih_l0, "weight_hh": rnn.weight_hh_l0, ...}})
state = None
for x_t in x:                  # x: (L, N, H_in)
    state = cell(x_t, state)   # the same weights at every step
""", language="python")
compare = {"t": list(range(fused.shape[0])), "loop": np.round(looped[:, index, 0].numpy(), 6),
           "nn." + cfg.cell: np.round(fused[:, index, 0].numpy(), 6)}
st.dataframe(compare, hide_index=True, height=180)

st.subheader("Windows and batches: seq_len is not batch_size")
win = st.columns(3)
length = win[0].slider("series length T", 10, 200, 60, key="win_T")
seq_len = win[1].slider("seq_len (L)", 1, 50, min(10, length), key="win_L")
batch_size = win[2].slider("batch_size (N)", 1, 16, 4, key="win_N")
series = np.sin(np.linspace(0, 4 * np.pi, length))
windows = make_windows(series, min(seq_len, length), batch_size=batch_size)
st.plotly_chart(figures.windows_figure(series, list(zip(windows.starts, windows.lengths, strict=True)), seq_len,
                                       batch_size), key="windows")
padding = seq_len - windows.lengths[-1]
padded = f" (the last padded with {padding} zero{'s' if padding > 1 else ''})" if padding else ""
st.markdown(f"{length} samples cut into **{windows.num_windows} windows** of L = {seq_len}{padded}, grouped into "
            f"**{windows.num_batches} batches** of up to N = {batch_size}: one optimizer step reads a "
            f"(N, L, H_in) tensor.")

