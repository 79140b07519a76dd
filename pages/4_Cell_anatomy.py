"""Cell anatomy: one time step of the current model with its real numbers, and proof that the loop is the layer."""

import numpy as np
import streamlit as st

from playground import figures
from playground.anatomy import cell_step, equations, layer_input, loop_equals_layer, step_latex
from playground.probe import layer_name, parts
from playground.ui import live, page, session, views
from playground.unroll import unroll
from playground.windowing import make_windows

page.setup("Cell anatomy")
live.live()

trainer = session.trainer()
model, task = trainer.model.eval(), trainer.task
cfg = model.cfg
batch = task.example()
st.subheader(f"One time step of this {cfg.cell}, with its real numbers")
part_name = views.part_picker(trainer, "anatomy")  # an encoder-decoder: which core
part = parts(model, task, batch)[part_name or "model"]
core, x, hx, labels = part.core, part.x, part.hx, part.labels  # x: the core's input, in its own layout
trace = unroll(core, x, hx)
if part_name == "decoder":
    st.caption("The decoder starts from the encoder's final state (its h_0 is the encoder's h_n), and each step "
               "reads the symbol it wrote at the step before: <sos> first.")
pick = st.columns(4)
layer, direction = views.layer_picker(trainer, "anatomy", pick[:2])
index = pick[2].selectbox("sequence", range(len(batch.x)), key="anatomy_sequence",
                          format_func=lambda i: f"{i + 1}: {views.sequence_preview(labels[i])}")
t = pick[3].number_input("time step t", 0, x.shape[1 if cfg.batch_first else 0] - 1, 0, key="anatomy_t",
                         help="Step through the sequence one time step at a time (+ and − buttons).")
st.markdown(f"Input at t = {t}: **{labels[index][t]}** · {layer_name(layer, direction, 1 + cfg.bidirectional)}"
            f" · step {trainer.step_count} of training")

step = cell_step(core, trace, layer_input(trace, x, layer), layer, direction, t, index, hx)
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
looped, fused, difference = loop_equals_layer(core, x, hx)
st.markdown(f"A `torch.nn.{cfg.cell}Cell` holding the same weights, called once per time step in a Python loop "
            f"(layer by layer, both directions), gives nn.{cfg.cell}'s output: the largest difference over all "
            f"{fused.numel():,} numbers is **{difference:.2e}**, float32 rounding.")
(st.success if difference < 1e-5 else st.error)(
    f"max |loop − layer| = {difference:.2e}", icon=":material/check_circle:" if difference < 1e-5 else None)
st.code(f"""cell = torch.nn.{cfg.cell}Cell({core.input_size}, {cfg.hidden_size})
cell.load_state_dict({{"weight_ih": rnn.weight_ih_l0, "weight_hh": rnn.weight_hh_l0, ...}})
state = None
for x_t in x:                  # x: (L, N, H_in)
    state = cell(x_t, state)   # the same weights at every step
""", language="python")
compare = {"t": list(range(fused.shape[0])), "loop": np.round(looped[:, index, 0].numpy(), 6),
           "nn." + cfg.cell: np.round(fused[:, index, 0].numpy(), 6)}
st.dataframe(compare, hide_index=True, height=180)

st.subheader("Windows and batches: seq_len is not batch_size")
st.caption("It opens on the classic tutorial's example: samples 1…10, seq_len 3, a window at every sample "
           "(stride 1), 2 windows a batch.")
win = st.columns(4)
length = win[0].number_input("samples T", 2, 200, 10, key="win_T", help="The series is 1, 2, …, T.")
seq_len = win[1].number_input("seq_len (L)", 1, int(length), min(3, int(length)), key="win_L")
stride = win[2].number_input("stride", 1, int(seq_len), 1, key="win_stride",
                             help="Samples from one window's start to the next: 1 slides (a window at every "
                                  "sample, as the tutorial); seq_len puts windows back to back.")
batch_size = win[3].number_input("batch_size (N)", 1, 32, 2, key="win_N")
series = np.arange(1, length + 1)
windows = make_windows(series, seq_len, stride, batch_size)
st.plotly_chart(figures.windows_figure(series, list(zip(windows.starts, windows.lengths, strict=True)), seq_len,
                                       batch_size), key="windows")
padded = int((windows.lengths < seq_len).sum())
padding = f", {padded} of them zero-padded at the end" if padded else ""
cut = ("sliding, a window at every sample" if stride == 1 else
       "back to back" if stride == seq_len else f"a window every {stride} samples")
st.markdown(f"{length} samples cut {cut}: **{windows.num_windows} windows** of L = {seq_len}{padding}, grouped "
            f"into **{windows.num_batches} batches** of up to N = {batch_size}. One optimizer step reads one "
            f"batch, a (N, L, H_in) tensor.")
if stride == 1:
    st.markdown(f"With stride 1 every sample starts a window, so seq_len makes each window longer but leaves "
                f"the count alone: T = {length} windows and ⌈T / N⌉ = {windows.num_batches} batches for any "
                "seq_len.")
st.dataframe({"batch": [b + 1 for b, rows in enumerate(windows.batches) for _ in rows],
              "window": [int(w) + 1 for rows in windows.batches for w in rows],
              "samples": [windows.text(int(w)) for rows in windows.batches for w in rows]},
             hide_index=True, height=min(400, 38 + 35 * windows.num_windows))
