"""Hidden states: the trajectory of h_t through time, units over time, the gates, and a training time machine."""

import streamlit as st

from playground import figures
from playground.analysis import fit_pca
from playground.probe import layer_name, snapshot
from playground.ui import live, page, session, views

page.setup("Hidden states")


def training_note(trainer) -> None:
    if session.training():
        st.caption("Training: the figures below redraw when you pause, so the 3-D view keeps its camera.")


live.live(training_note)
st.caption("Every point is the hidden state h_t of the real model on the task's example, projected by PCA "
           "(fitted once per view, so the axes stay still while it plays). Press ▶ to animate.")



def _rewind(step: int) -> None:
    session.set_training(False)
    session.trainer().rewind(step)
    session.notify(f"Rewound to step {step}: press Train to replay from there.")


trainer = session.trainer()
pickers = st.columns(3)  # the time machine gets a row of its own: four columns cut the pickers at 1024 px
dims = pickers[0].segmented_control("projection", [3, 2], default=3, key="dims", required=True,
                                     format_func=lambda k: f"{k}-D")
layer, direction = views.layer_picker(trainer, "hidden", pickers[1:3])
part = views.part_picker(trainer, "hidden")  # an encoder-decoder: which core's states
saved = {c.step: c for c in trainer.checkpoints}
steps = sorted(set(saved) | {trainer.step_count})
picked = st.session_state.get("time_machine")
if picked not in steps or picked == st.session_state.get("time_machine_latest"):  # follow "now" unless pinned
    st.session_state["time_machine"] = trainer.step_count
st.session_state["time_machine_latest"] = trainer.step_count
machine = st.container()
with machine:
    chosen = st.select_slider("training time machine: weights at step", steps, key="time_machine",
                              help="Saved checkpoints: slide back to see how the trajectory changed as it learned.")
model = trainer.model if chosen == trainer.step_count else trainer.weights_at(saved[chosen])
if chosen < trainer.step_count:
    machine.button(f"Rewind training to step {chosen}", key="rewind", icon=":material/history:",
                       on_click=_rewind, args=(chosen,),
                       help="Continue from these weights. Training on replays the same run exactly.")
shot = snapshot(model, trainer.task, part=part)
states = shot.states(layer, direction)  # (N, L, H_out)
pca = fit_pca(states.reshape(-1, states.shape[-1]), dims)
points = pca.transform(states)  # (N, L, dims)
labels = shot.step_labels
names = [f"{seq[0]} …" if len(labels) > 1 else "h_t" for seq in labels]  # e.g. "arrive …" vs "leave …"
where = (f"the {part}, " if part else "") + layer_name(layer, direction, trainer.model.core.bidirectional + 1)
st.plotly_chart(figures.trajectory(points, names, step_labels=labels[0],
                                   title=f"h_t of {where} at step {chosen} (one path per example sequence)",
                                   axis_titles=figures.pca_axis_titles(pca.explained_variance_ratio)),
                key="trajectory")

left, right = st.columns(2)
with left:
    sequence = st.selectbox("sequence", range(len(labels)), key="hidden_sequence",
                            format_func=lambda i: f"{i + 1}: {views.sequence_preview(labels[i])}")
    st.plotly_chart(figures.heatmap(states[sequence].T, x_labels=labels[sequence],
                                    title=f"Units × time, {where}"), key="heatmap")
with right:
    if trainer.model.cfg.cell == "RNN":
        gates = {"pre-activation": shot.trace.gates[layer][direction]["pre"][:, sequence].detach().numpy()}
        title = "Pre-activation over time<br><sup>W_ih·x_t + b_ih + W_hh·h_(t-1) + b_hh, before the nonlinearity</sup>"
    else:
        gates = {k: v[:, sequence].detach().numpy() for k, v in shot.trace.gates[layer][direction].items()}
        title = f"{trainer.model.cfg.cell} gates over time<br><sup>units × time</sup>"
    st.plotly_chart(figures.gates_over_time(gates, x_labels=labels[sequence], title=title), key="gates")

