"""Cell anatomy: one time step of the current model with its real numbers, and proof that the loop is the layer."""

import numpy as np
import streamlit as st

from playground import figures
from playground.anatomy import cell_step, equations, layer_input, loop_equals_layer, step_latex
from playground.probe import parts
from playground.ui import live, page, session, views
from playground.ui.language import t, translator
from playground.unroll import unroll
from playground.windowing import make_windows

page.setup("cell_anatomy")
live.live()

trainer = session.trainer()
model, task = trainer.model.eval(), trainer.task
cfg = model.cfg
batch = task.example()
st.header(t("anatomy.title", cell=cfg.cell))
part_name = views.part_picker(trainer, "anatomy")  # an encoder-decoder: which core
part = parts(model, task, batch)[part_name or "model"]
core, x, hx, labels = part.core, part.x, part.hx, part.labels  # x: the core's input, in its own layout
trace = unroll(core, x, hx)
if part_name == "decoder":
    st.caption(t("anatomy.decoder"))
pick = st.columns(4)
layer, direction = views.layer_picker(trainer, "anatomy", pick[:2])
index = pick[2].selectbox(t("pick.sequence"), range(len(batch.x)), key="anatomy_sequence",
                          format_func=lambda i: f"{i + 1}: {views.sequence_preview(labels[i])}")
step_t = pick[3].number_input(t("anatomy.t"), 0, x.shape[1 if cfg.batch_first else 0] - 1, 0, key="anatomy_t",
                              help=t("anatomy.t.help"))
st.markdown(t("anatomy.input", t=step_t, symbol=labels[index][step_t],
              where=views.layer_name(layer, direction, 1 + cfg.bidirectional), step=trainer.step_count))

step = cell_step(core, trace, layer_input(trace, x, layer), layer, direction, step_t, index, hx)
units = min(4, cfg.hidden_size)
# One under the other, each the page's width: side by side, the numbers were cut off at the right at 1280 px.
st.markdown(t("anatomy.equations"))
for line in equations(cfg.cell, cfg.nonlinearity):
    st.latex(line)
st.markdown(t("anatomy.at_t", t=step_t, units=units, hidden_size=cfg.hidden_size))
for line in step_latex(step, cfg.cell, cfg.nonlinearity, units):
    st.latex(line)
with st.expander(t("anatomy.every_unit")):
    columns = {"h_(t-1)": step.h_prev, **step.gates, "h_t": step.h}
    if step.c is not None:
        columns = {"c_(t-1)": step.c_prev, "c_t": step.c, **columns}
    st.dataframe({name: np.round(values, 4) for name, values in columns.items()})

proof = st.container(key="proof")  # a scene points at it
proof.header(t("anatomy.proof"))
looped, fused, difference = loop_equals_layer(core, x, hx)
proof.markdown(t("anatomy.proof.text", cell=cfg.cell, count=fused.numel(), difference=difference))
(proof.success if difference < 1e-5 else proof.error)(
    t("anatomy.max_difference", difference=difference), icon=":material/check_circle:" if difference < 1e-5 else None)
proof.code(f"""cell = torch.nn.{cfg.cell}Cell({core.input_size}, {cfg.hidden_size})
cell.load_state_dict({{"weight_ih": rnn.weight_ih_l0, "weight_hh": rnn.weight_hh_l0, ...}})
state = None
for x_t in x:                  # x: (L, N, H_in)
    state = cell(x_t, state)   # the same weights at every step
""", language="python")
compare = {"t": list(range(fused.shape[0])), t("anatomy.loop"): np.round(looped[:, index, 0].numpy(), 6),
           "nn." + cfg.cell: np.round(fused[:, index, 0].numpy(), 6)}
st.dataframe(compare, hide_index=True, height=180)

st.header(t("windows.title"))
st.caption(t("windows.caption"))
win = st.columns(4)
length = win[0].number_input(t("windows.samples"), 2, 200, 10, key="win_T", help=t("windows.samples.help"))
seq_len = win[1].number_input(t("windows.seq_len"), 1, int(length), min(3, int(length)), key="win_L")
stride = win[2].number_input(t("windows.stride"), 1, int(seq_len), 1, key="win_stride", help=t("windows.stride.help"))
batch_size = win[3].number_input(t("windows.batch_size"), 1, 32, 2, key="win_N")
series = np.arange(1, length + 1)
windows = make_windows(series, seq_len, stride, batch_size)
st.plotly_chart(figures.windows_figure(series, list(zip(windows.starts, windows.lengths, strict=True)), seq_len,
                                       batch_size, tr=translator()), key="windows")
padded = int((windows.lengths < seq_len).sum())
padding = t("windows.padded", padded=padded) if padded else ""
cut = (t("windows.sliding") if stride == 1 else t("windows.back_to_back") if stride == seq_len else
       t("windows.every", stride=stride))
st.markdown(t("windows.summary", length=length, cut=cut, windows=windows.num_windows, seq_len=seq_len,
              padding=padding, batches=windows.num_batches, batch_size=batch_size))
if stride == 1:
    st.markdown(t("windows.stride_one", length=length, batches=windows.num_batches))
st.dataframe({t("windows.batch"): [b + 1 for b, rows in enumerate(windows.batches) for _ in rows],
              t("windows.window"): [int(w) + 1 for rows in windows.batches for w in rows],
              t("windows.samples_column"): [windows.text(int(w)) for rows in windows.batches for w in rows]},
             hide_index=True, height=min(400, 38 + 35 * windows.num_windows))
