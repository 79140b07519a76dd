"""Gradients: how much each hidden state h_t affects the loss, and the W_hh spectrum behind it."""

import numpy as np
import streamlit as st

from playground import figures
from playground.analysis import gradient_reach, spectrum
from playground.probe import gradient_reach_at_start, series, snapshot
from playground.ui import controls, live, page, session, views
from playground.ui.language import t, translator

page.setup("gradients")

config = session.config()
left, right = st.columns(2)
# These switches drive the sidebar's own settings, so the two always agree.
st.session_state["relu_switch"] = config.model.nonlinearity == "relu"
st.session_state["clip_switch"] = config.train.clip > 0
left.toggle(t("grad.relu"), key="relu_switch", disabled=config.model.cell != "RNN",
            on_change=controls.set_from, args=("nonlinearity", "relu_switch", {True: "relu", False: "tanh"}),
            help=t("grad.relu.help"))
right.toggle(t("grad.clip"), key="clip_switch",
             on_change=controls.set_from, args=("clip", "clip_switch", {True: 1.0, False: 0.0}),
             help=t("grad.clip.help"))

part = views.part_picker(session.trainer(), "gradients")  # an encoder-decoder: the encoder's or the decoder's


def render(trainer):
    shot = snapshot(trainer.model, trainer.task, part=part)
    steps = shot.step_labels[0]
    labels = [f"{t}: {s}" for t, s in enumerate(steps)] if len(steps) <= 12 else None  # long: plain t
    norms = {views.series_name(k): v for k, v in shot.grad_norms.items() if part is None or k[0] == part}
    views.live_chart(figures.gradient_norms(norms, x_labels=labels, title=t("grad.norms.title"), tr=translator()),
                     "grad_norms")
    first = next(iter(norms.values()))
    st.caption(t("grad.norms.summary", steps=len(first), first=float(first[0]), last=float(first[-1]),
                 ratio=gradient_reach(first), series=next(iter(norms))))
    views.data_view("grad_norms", lambda: {t("fig.time_step"): list(range(len(first))),
                                           t("fig.input"): steps[:len(first)], **norms})
    if part == "encoder":
        st.caption(t("grad.encoder_note"))


live.live(render)

if config.task.name == "memory":
    st.header(t("grad.memory.title"))
    reach = gradient_reach_at_start(config)
    trainer = session.trainer()
    shot = snapshot(trainer.model, trainer.task)
    top = series("model", config.model.num_layers - 1, 0, 1 + config.model.bidirectional)
    now = gradient_reach(shot.grad_norms[top])
    st.container(key="memory_reach").dataframe({t("grad.memory.model"): [t("grad.memory.untrained", cell="RNN"),
                                           t("grad.memory.untrained", cell="LSTM"),
                                           t("grad.memory.this", cell=config.model.cell, step=trainer.step_count)],
                  t("grad.memory.ratio"): [f"{reach['RNN']:.2g}", f"{reach['LSTM']:.2g}", f"{now:.2g}"]},
                 hide_index=True)
    bias = (t("grad.memory.bias", bias=config.model.forget_bias) if config.model.forget_bias else
            t("grad.memory.torch_bias"))
    st.markdown(t("grad.memory.text", back=trainer.task.seq_len - 1, rnn=reach["RNN"], lstm=reach["LSTM"], bias=bias)
                + (t("grad.memory.gru") if config.model.cell == "GRU" else ""))
eigen, words = st.columns([1, 1])
with words:
    core = session.trainer().model.decoder if part == "decoder" else session.trainer().model.core
    layer, direction = views.layer_picker(session.trainer(), "eigen", st.columns(2))
    name = f"weight_hh_l{layer}" + ("_reverse" if direction else "")
    st.caption(t("grad.whh", name=name))
    spec = spectrum(getattr(core, name), config.model.cell)
    st.caption(t("grad.radius.inside" if spec.spectral_radius < 1 else "grad.radius.outside",
                 radius=spec.spectral_radius))
    st.markdown(t("grad.explanation"))
with eigen:
    block = "" if spec.main == "W_hh" else f" ({spec.main})"
    st.plotly_chart(figures.eigen_plane(spec.eigenvalues, spec.spectral_radius,
                                        title=t("grad.eigen.title", block=block), tr=translator()), key="eigen")
    main = np.asarray(spec.eigenvalues)
    st.caption(t("grad.eigen.summary", count=main.size, radius=spec.spectral_radius,
                 inside=int((np.abs(main) < 1).sum())))
    views.data_view("eigen", lambda: {"Re λ": main.real, "Im λ": main.imag, "|λ|": np.abs(main)})
