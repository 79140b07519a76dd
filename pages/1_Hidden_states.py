"""Hidden states: the trajectory of h_t through time, units over time, the gates, and a training time machine."""

import numpy as np
import streamlit as st

from playground import figures
from playground.analysis import fit_pca
from playground.errors import message
from playground.probe import snapshot
from playground.ui import live, page, session, views
from playground.ui.language import t, translator

PRESENTER_HEIGHT = 600  # px: a figure that fits under the presenter view's scroll, at 1280x720

page.setup("hidden_states")


def training_note(trainer) -> None:
    if session.training():
        st.caption(t("hidden.training"))


live.live(training_note)
st.caption(t("hidden.caption"))


def _rewind(step: int) -> None:
    session.set_training(False)
    session.trainer().rewind(step)
    session.notify(message("rewound", step=step))


trainer = session.trainer()
pickers = st.columns(3)  # the time machine gets a row of its own: four columns cut the pickers at 1024 px
dims = pickers[0].segmented_control(t("hidden.projection"), [3, 2], default=3, key="dims", required=True,
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
    chosen = st.select_slider(t("hidden.time_machine"), steps, key="time_machine", help=t("hidden.time_machine.help"))
model = trainer.model if chosen == trainer.step_count else trainer.weights_at(saved[chosen])
if chosen < trainer.step_count:
    machine.button(t("hidden.rewind", step=chosen), key="rewind", icon=":material/history:", on_click=_rewind,
                   args=(chosen,), help=t("hidden.rewind.help"))
shot = snapshot(model, trainer.task, part=part)
states = shot.states(layer, direction)  # (N, L, H_out)
pca = fit_pca(states.reshape(-1, states.shape[-1]), dims)
points = pca.transform(states)  # (N, L, dims)
labels = shot.step_labels
names = [f"{seq[0]} …" if len(labels) > 1 else "h_t" for seq in labels]  # e.g. "arrive …" vs "leave …"
where = views.layer_name(layer, direction, trainer.model.core.bidirectional + 1, part)
explained = pca.explained_variance_ratio
st.plotly_chart(figures.trajectory(points, names, step_labels=labels[0],
                                   title=t("hidden.trajectory.title", where=where, step=chosen),
                                   axis_titles=figures.pca_axis_titles(explained), tr=translator()),
                key="trajectory")
first, last = points[:, 0], points[:, -1]
st.caption(t("hidden.trajectory.summary", sequences=len(names), steps=points.shape[1], dims=dims,
             explained=float(np.sum(explained)), spread=float(np.linalg.norm(last - last.mean(0), axis=-1).mean()),
             travel=float(np.linalg.norm(last - first, axis=-1).mean())))
views.data_view("trajectory", lambda: {
    t("fig.sequence"): [names[s] for s in range(len(names)) for _ in range(points.shape[1])],
    t("fig.time_step"): [i for _ in range(len(names)) for i in range(points.shape[1])],
    t("fig.input"): [labels[s][i] for s in range(len(names)) for i in range(points.shape[1])],
    **{f"PC{k + 1}": points[:, :, k].reshape(-1) for k in range(dims)}})

left, right = st.columns(2)
with left:
    sequence = st.selectbox(t("pick.sequence"), range(len(labels)), key="hidden_sequence",
                            format_func=lambda i: f"{i + 1}: {views.sequence_preview(labels[i])}")
    units = states[sequence].T  # (H_out, L)
    st.plotly_chart(figures.heatmap(units, x_labels=labels[sequence], title=t("hidden.heatmap.title", where=where),
                                    tr=translator()), key="heatmap")
    strongest = int(np.abs(units).max(1).argmax())
    st.caption(t("hidden.heatmap.summary", units=units.shape[0], steps=units.shape[1], low=float(units.min()),
                 high=float(units.max()), unit=strongest))
    views.data_view("heatmap", lambda: {t("fig.unit"): list(range(units.shape[0])),
                                        **{f"t={i} {labels[sequence][i]}": units[:, i] for i in range(units.shape[1])}})
with right:
    if trainer.model.cfg.cell == "RNN":
        gates = {"pre": shot.trace.gates[layer][direction]["pre"][:, sequence].detach().numpy()}
        title = t("hidden.pre.title")
    else:
        gates = {k: v[:, sequence].detach().numpy() for k, v in shot.trace.gates[layer][direction].items()}
        title = t("hidden.gates.title", cell=trainer.model.cfg.cell)
    fit = PRESENTER_HEIGHT if session.view().present else None  # four LSTM gates fit a projector's 720 px
    st.plotly_chart(figures.gates_over_time(gates, x_labels=labels[sequence], title=title, tr=translator(),
                                            max_height=fit),
                    key="gates")
    st.caption(t("hidden.gates.summary", means=", ".join(f"{t('gate.' + name)} {float(v.mean()):.2f}"
                                                               for name, v in gates.items())))
    views.data_view("gates", lambda: {
        t("fig.gate"): [t(f"gate.{name}") for name, v in gates.items() for _ in range(v.shape[0])],
        t("fig.time_step"): [i for v in gates.values() for i in range(v.shape[0])],
        t("fig.mean"): np.concatenate([v.mean(1) for v in gates.values()]),
        t("fig.min"): np.concatenate([v.min(1) for v in gates.values()]),
        t("fig.max"): np.concatenate([v.max(1) for v in gates.values()])})
