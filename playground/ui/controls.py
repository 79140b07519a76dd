"""The sidebar: navigation, the training buttons and every setting, shared by all pages.

Widgets are keyed `w_<setting>` and seeded from the session's config, so they show the same values on
every page. Reading them gives plain values; `session.apply` decides what a change means.
"""

from __future__ import annotations

import streamlit as st

from playground.config import FIELDS, ONE_DIRECTION, TASKS, from_values, min_seq_len, preset, to_values
from playground.pacing import PACES
from playground.tasks import sequence_length
from playground.tasks.seq2seq import TRANSLATE_LEN
from playground.ui import live, session

PACE_WIDGET = "w_pace"

PAGES = [
    ("app.py", "Playground", ":material/play_circle:"),
    ("pages/1_Hidden_states.py", "Hidden states", ":material/scatter_plot:"),
    ("pages/2_Unrolled_graph.py", "Unrolled graph", ":material/account_tree:"),
    ("pages/3_Gradients.py", "Gradients", ":material/trending_down:"),
    ("pages/4_Cell_anatomy.py", "Cell anatomy", ":material/biotech:"),
]
TASK_LABELS = {"sine": "sine → cosine", "hello": "hello → ohlol", "text": "character language model",
               "context": "context (arrive / leave Taipei)", "memory": "long-range memory",
               "seq2seq": "sequence to sequence"}
MAPPING_LABELS = {"reverse": "reverse: abcde → edcba", "autoencode": "autoencoder: abcde → abcde",
                  "translate": "translate: machine learning → 机器学习"}
LEARNING_RATES = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.02, 0.03, 0.1, 0.3, 1.0, 3.0]
BETA2S = [0.9, 0.95, 0.99, 0.995, 0.999, 0.9999]
FORGET_BIASES = [0.0, 0.5, 1.0, 2.0]  # 0: torch's init; 1.0: Keras and TensorFlow


def key(name: str) -> str:
    return f"w_{name}"


def _seed_widgets(values: dict) -> None:
    """Give every setting widget its value: the one it holds, else (or after a refused change) the config's.

    Assigned on every run, not just the first: Streamlit hashes the page into a widget's id, so on another
    page the same key is a new widget, which would come up empty unless its value is set again here.
    """
    revert = st.session_state.pop(session.REVERT_WIDGETS, False)
    for name in FIELDS:
        current = st.session_state.get(key(name))
        st.session_state[key(name)] = values[name] if current is None or revert else current


def _on_task_change() -> None:
    """A new task starts from its preset (that is what trains it well): load it into the widgets."""
    values = to_values(preset(st.session_state[key("task")], seed=st.session_state[key("seed")]))
    for name in FIELDS:
        st.session_state[key(name)] = values[name]


def set_from(name: str, source: str, mapping: dict) -> None:
    """Callback: set setting `name` from another widget's value (runs before the sidebar is drawn)."""
    st.session_state[key(name)] = mapping[st.session_state[source]]


def navigation(container) -> None:
    """Links to every page that carry the current setup along."""
    params = session.share_params()
    for path, label, icon in PAGES:
        container.page_link(path, label=label, icon=icon, query_params=params)


def training_bar() -> None:
    """Train/Pause, Step, Reset and the pace, in one compact row at the top of the page (the sidebar is
    often closed on a projector or a phone). Callbacks flip state before the rerun draws anything."""
    with st.container(horizontal=True, vertical_alignment="center", key="training_bar"):
        if session.training():
            st.button("Pause", key="pause", icon=":material/pause:", type="primary", on_click=live.pause,
                      help="Stop training; the model keeps its weights.")
        else:
            st.button("Train", key="train", icon=":material/play_arrow:", type="primary", on_click=live.start,
                      help="Train live at the chosen pace.")
        st.button("Step", key="step", icon=":material/skip_next:", on_click=live.step_once,
                  help="One optimizer step, then pause.")
        st.button("Reset", key="reset", icon=":material/restart_alt:", on_click=_reset,
                  help="Re-initialise with the same seed.")
        st.session_state[PACE_WIDGET] = session.pace()  # a new widget on every page: give it the visitor's pace
        st.segmented_control("pace", list(PACES), key=PACE_WIDGET, required=True, on_change=_change_pace,
                             label_visibility="collapsed",
                             help="Optimizer steps a second. At 1/s and 10/s every step is drawn; max trains "
                                  "as fast as this machine can.")


def _change_pace() -> None:
    live.set_pace(st.session_state[PACE_WIDGET])


def _reset() -> None:
    live.pause()
    session.trainer().reset()
    session.notify(f"Reset: the model is back at step 0 with seed {session.config().train.seed}.")


def settings() -> dict:
    """Every setting widget; returns the flat values they hold."""
    values = to_values(session.config())
    _seed_widgets(values)
    side = st.sidebar
    task = side.selectbox("Task", TASKS, key=key("task"), format_func=TASK_LABELS.get, on_change=_on_task_change)
    with side.expander("Model", expanded=True):
        cell = st.segmented_control("Cell", ["RNN", "LSTM", "GRU"], key=key("cell"), required=True)
        st.slider("hidden_size", 1, 128, key=key("hidden_size"), help="H_out: units in each layer and direction.")
        layers = st.slider("num_layers", 1, 3, key=key("num_layers"))
        st.segmented_control("nonlinearity", ["tanh", "relu"], key=key("nonlinearity"), required=True,
                             disabled=cell != "RNN", help="RNN only: LSTM and GRU use fixed gate activations.")
        st.toggle("bidirectional", key=key("bidirectional"), disabled=task in ONE_DIRECTION,
                  help="D = 2: a second pass reads the sequence backwards. Not for sequence to sequence: its "
                       "decoder writes one symbol after another, forwards.")
        with st.popover("More model settings", width="stretch"):
            st.toggle("bias", key=key("bias"))
            st.toggle("batch_first", key=key("batch_first"),
                      help="Lay the core's input out as (N, L, H_in) instead of (L, N, H_in). Same maths.")
            st.slider("dropout", 0.0, 0.9, step=0.05, key=key("dropout"), disabled=layers == 1,
                      help="Between layers, in training only; needs num_layers > 1.")
            forget_options = sorted(set(FORGET_BIASES) | {st.session_state[key("forget_bias")]})
            st.select_slider("forget-gate bias (LSTM)", forget_options, key=key("forget_bias"),
                             format_func=lambda v: "torch's init" if v == 0 else f"{v:g}",
                             disabled=cell != "LSTM" or not st.session_state[key("bias")],
                             help="The forget gate's bias at the start. torch draws it at random like every "
                                  "bias (a gate near sigmoid(0) = 0.5); Keras and TensorFlow start it at 1.0, so "
                                  "an untrained LSTM keeps ~73% of its cell state a step.")
            st.toggle("Linear head", key=key("linear_head"),
                      help="On: a Linear layer maps each h_t to the outputs (what this playground builds). Off: "
                           "the classic tutorial's own model, an RNN whose hidden_size is the number of classes "
                           "and whose h_t is the prediction itself (RNNCell(4, 4) for hello -> ohlol). Its "
                           "outputs stay within (-1, 1) with tanh, and with so few units some seeds get stuck "
                           "at 4 of 5 characters: compare the two.")
            st.slider("embedding_dim", 0, 64, key=key("embedding_dim"), disabled=task == "sine",
                      help="Character tasks: 0 feeds one-hot vectors, otherwise a learned embedding. The sine "
                           "task feeds its numbers as they are.")
    with side.expander("Training", expanded=True):
        optimizer = st.segmented_control("optimizer", ["Adam", "SGD", "RMSprop"], key=key("optimizer"),
                                         required=True)
        lr_options = sorted(set(LEARNING_RATES) | {st.session_state[key("lr")]})
        st.select_slider("learning rate", lr_options, key=key("lr"), format_func=lambda v: f"{v:g}",
                         help="Changes live, without a reset.")
        beta2_options = sorted(set(BETA2S) | {st.session_state[key("beta2")]})
        st.select_slider("beta2 (Adam)", beta2_options, key=key("beta2"), format_func=lambda v: f"{v:g}",
                         disabled=optimizer != "Adam",
                         help="Adam's betas[1]: its average of squared gradients spans about 1 / (1 − beta2) "
                              "steps. torch's default is 0.999; at 0.99 the average follows a sudden large "
                              "gradient within ~100 steps, so no step moves a weight by much more than lr. "
                              "Changes live.")
        st.slider("batch_size", 1, 32, key=key("batch_size"), help="N: sequences each optimizer step.")
        if task == "seq2seq":
            st.selectbox("mapping", list(MAPPING_LABELS), key=key("mapping"), format_func=MAPPING_LABELS.get)
            st.slider("teacher forcing", 0.0, 1.0, step=0.05, key=key("teacher_forcing"), format="%.2f",
                      help="In training, the chance that a decoder step is fed the true previous symbol rather "
                           "than its own guess. 1: always the truth (fast, but it never practises on its own "
                           "mistakes); 0: always its own guess, as when it predicts.")
        fixed_length = task in ("hello", "memory") or (task == "seq2seq" and st.session_state[key("mapping")] ==
                                                        "translate")
        if not fixed_length:
            st.slider("seq_len", min_seq_len(task), 100, key=key("seq_len"), help="L: time steps a window.")
        if task == "memory":
            st.slider("delay", 1, 60, key=key("delay"),
                      help="Look-alike symbols between the symbol to keep and the recall cue (one more when the "
                           "marker comes first).")
        if task == "text":
            st.slider("validation", 0.0, 0.5, step=0.05, key=key("validation"), format="%.2f",
                      help="The share of the text, at its end, held out: the model never trains on it, and "
                           "its loss there (dashed on the loss curve) shows when the model overfits. 0: none.")
        if fixed_length:  # a disabled slider would show a length the task does not use
            length = (TRANSLATE_LEN if task == "seq2seq" else
                      sequence_length(preset(task).replace(delay=st.session_state[key("delay")])))
            why = {"memory": ": the marker (first or second), the symbol, the delay, the cue.",
                   "seq2seq": ": the longest English entry, left-padded."}.get(task, ".")
            st.caption(f"seq_len (L) = {length}, fixed by this task{why}")
        if task == "sine":
            st.toggle("carry hidden state", key=key("carry_state"),
                      help="Feed each window's final state into the next window, as the classic tutorial.")
        st.number_input("lr_decay (steps, 0 = constant lr)", 0, 100_000, step=100, key=key("lr_decay"),
                        help="Learning rate at step t: lr / (1 + t / lr_decay). A decaying rate lets a trained "
                             "model settle instead of drifting off what it learned. Changes live.")
        st.number_input("gradient clipping (max norm, 0 = off)", 0.0, 100.0, step=0.5, key=key("clip"),
                        help="Changes live, without a reset.")
        st.toggle("stop at target", key=key("stop_at_target"),
                  help="Pause training the first time the task's target is reached. Changes live.")
        st.number_input("seed", 0, 2**31 - 1, step=1, key=key("seed"),
                        help="Weights and data both follow the seed: a shared link trains the same way.")
    values = {name: st.session_state[key(name)] for name in FIELDS}
    values["text"] = session.config().task.text
    return values


def share_box() -> None:
    # A popover: the browser draws its content only when opened, so st.code (for its copy button) costs a
    # first visit nothing, where its syntax highlighter would delay the first chart by ~0.35 s.
    with st.sidebar.popover("Share this setup", icon=":material/share:", width="stretch"):
        st.caption("Whoever opens this link gets every setting and the seed, so it trains the same run. It is "
                   "also this page's address.")
        st.code(session.share_link(), language=None, wrap_lines=True)


def sidebar() -> None:
    """Draw the whole sidebar and apply what the visitor changed."""
    st.sidebar.markdown("### RNN Playground")
    nav = st.sidebar.container()  # filled last, so its links carry the settings of this run
    values = settings()
    session.apply(from_values(values))
    navigation(nav)
    share_box()
