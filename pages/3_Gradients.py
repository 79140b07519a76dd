"""Gradients: how much each hidden state h_t affects the loss, and the W_hh spectrum behind it."""

import streamlit as st

from playground import figures
from playground.analysis import gradient_reach, spectrum
from playground.probe import gradient_reach_at_start, layer_name, snapshot
from playground.ui import controls, live, page, session, views

page.setup("Gradients")

config = session.config()
left, right = st.columns(2)
# These switches drive the sidebar's own settings, so the two always agree.
st.session_state["relu_switch"] = config.model.nonlinearity == "relu"
st.session_state["clip_switch"] = config.train.clip > 0
left.toggle("relu instead of tanh (RNN)", key="relu_switch", disabled=config.model.cell != "RNN",
            on_change=controls.set_from, args=("nonlinearity", "relu_switch", {True: "relu", False: "tanh"}),
            help="Switching re-initialises the model. LSTM and GRU gates use fixed σ and tanh.")
right.toggle("clip gradients (max norm 1)", key="clip_switch",
             on_change=controls.set_from, args=("clip", "clip_switch", {True: 1.0, False: 0.0}),
             help="Rescales the whole gradient when its norm exceeds 1. Changes live, without a reset.")

EXPLANATION = (
    "**Vanishing and exploding gradients.** Backpropagation through time multiplies the gradient by the "
    "Jacobian ∂h_t/∂h_{t-1} once per step, and that Jacobian is W_hh scaled by the derivative of the "
    "nonlinearity. When W_hh's eigenvalues (left) sit inside the unit circle, ‖∂L/∂h_t‖ (above) shrinks "
    "geometrically for early steps: they barely learn, and a plain RNN forgets. Outside it, with relu, the "
    "norm can grow step after step and explode: clipping caps the update. LSTM and GRU carry their memory "
    "through gates, so the gradient keeps its size over many more steps. Try the memory task with a long delay."
)


part = views.part_picker(session.trainer(), "gradients")  # an encoder-decoder: the encoder's or the decoder's


def render(trainer):
    shot = snapshot(trainer.model, trainer.task, part=part)
    steps = shot.step_labels[0]
    labels = [f"{t}: {s}" for t, s in enumerate(steps)] if len(steps) <= 12 else None  # long: plain t
    norms = {k: v for k, v in shot.grad_norms.items() if part is None or k.startswith(part)}
    views.live_chart(figures.gradient_norms(norms, x_labels=labels), "grad_norms")
    if part == "encoder":
        st.caption("The encoder's loss is the decoder's: its gradient comes back through the hand-over, the "
                   "encoder's final state, so its last step (the one nearest the decoder) gets the most.")


live.live(render)

if config.task.name == "memory":
    st.subheader("Why a plain RNN cannot learn this task, and an LSTM can")
    reach = gradient_reach_at_start(config)
    trainer = session.trainer()
    shot = snapshot(trainer.model, trainer.task)
    top = layer_name(config.model.num_layers - 1, 0, 1 + config.model.bidirectional)
    now = gradient_reach(shot.grad_norms[top])
    st.dataframe({"model": ["RNN, untrained", "LSTM, untrained", f"this {config.model.cell}, at step "
                                                                   f"{trainer.step_count:,}"],
                  "‖∂L/∂h_t‖ at t = 0 ÷ at t = L−1": [f"{reach['RNN']:.2g}", f"{reach['LSTM']:.2g}", f"{now:.2g}"]},
                 hide_index=True)
    bias = (f"its forget gate starting at bias {config.model.forget_bias:g} (forget_bias)"
            if config.model.forget_bias else "torch's initial forget-gate bias")
    st.markdown(
        f"The ratio says how much of the gradient at the cue reaches the first steps, where the symbol to keep "
        f"is, {trainer.task.seq_len - 1} steps back. In the untrained RNN it is {reach['RNN']:.1g}: the weights "
        f"that read the symbol get practically no signal, so the RNN never learns that the symbol matters and "
        f"stays near chance (25%). The LSTM, with {bias}, passes {reach['LSTM']:.1g} of it along its cell "
        f"state, enough to start learning. Try delay 5: the RNN's ratio is far larger, and it learns too."
        + (" A GRU starts almost as low as the RNN, but its update gate can learn to keep the state: the last "
           "row's ratio climbs by orders of magnitude as it learns. Watch it while it trains."
           if config.model.cell == "GRU" else ""))
eigen, words = st.columns([1, 1])
with words:
    core = session.trainer().model.decoder if part == "decoder" else session.trainer().model.core
    layer, direction = views.layer_picker(session.trainer(), "eigen", st.columns(2))
    name = f"weight_hh_l{layer}" + ("_reverse" if direction else "")
    st.caption(f"W_hh is `{name}`: the recurrent weights of that layer and direction.")
    spec = spectrum(getattr(core, name), config.model.cell)
    st.caption(f"Spectral radius {spec.spectral_radius:.3f}: "
               + ("inside the unit circle, so without input the state decays."
                  if spec.spectral_radius < 1 else "outside the unit circle, so some directions grow."))
    st.markdown(EXPLANATION)
with eigen:
    block = "" if spec.main == "W_hh" else f" ({spec.main} block)"
    st.plotly_chart(figures.eigen_plane(spec.eigenvalues, spec.spectral_radius,
                                        title=f"Eigenvalues of W_hh{block}"), key="eigen")
