"""The sidebar: navigation, the training buttons and every setting, shared by all pages.

Widgets are keyed `w_<setting>` and seeded from the session's config, so they show the same values on
every page. Reading them gives plain values; `session.apply` decides what a change means.
"""

from __future__ import annotations

import streamlit as st

from playground import site
from playground.config import FIELDS, MAPPINGS, ONE_DIRECTION, TASKS, from_values, min_seq_len, preset, to_values
from playground.errors import message
from playground.i18n import Translator
from playground.pacing import PACES
from playground.tasks import sequence_length
from playground.tasks.seq2seq import TRANSLATE_LEN
from playground.ui import language, lecture, live, session
from playground.ui.language import t, translator

PACE_WIDGET = "w_pace"

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
    for page in site.PAGES:
        container.page_link(page.script, label=t(f"page.{page.name}"), icon=page.icon, query_params=params)


def training_bar() -> None:
    """Train/Pause, Step, Reset and the pace, in one compact row at the top of the page (the sidebar is
    often closed on a projector or a phone). Callbacks flip state before the rerun draws anything."""
    with st.container(horizontal=True, vertical_alignment="center", key="training_bar"):
        if session.training():
            st.button(t("bar.pause"), key="pause", icon=":material/pause:", type="primary", on_click=live.pause,
                      help=t("bar.pause.help"))
        else:
            st.button(t("bar.train"), key="train", icon=":material/play_arrow:", type="primary", on_click=live.start,
                      help=t("bar.train.help"))
        st.button(t("bar.step"), key="step", icon=":material/skip_next:", on_click=live.step_once,
                  help=t("bar.step.help"))
        st.button(t("bar.reset"), key="reset", icon=":material/restart_alt:", on_click=_reset,
                  help=t("bar.reset.help"))
        if not session.hidden("pace"):
            st.session_state[PACE_WIDGET] = session.pace()  # a new widget on every page: give it the pace
            st.segmented_control(t("bar.pace"), list(PACES), key=PACE_WIDGET, required=True,
                                 on_change=_change_pace, label_visibility="collapsed",
                                 format_func=_pace_label(translator()), help=t("bar.pace.help"))
        lecture.present_toggle(st)
        lecture.keys_help(st)


def _pace_label(tr: Translator):
    """A pace in words. Every format_func is bound to the language of its run: Streamlit keeps a widget's
    format_func to read the browser's next value, which must be read in the words it was shown in."""
    return lambda pace: tr("bar.pace.max") if pace == "max" else tr("bar.pace.rate", rate=pace.split("/")[0])


def _change_pace() -> None:
    live.set_pace(st.session_state[PACE_WIDGET])


def _reset() -> None:
    live.pause()
    session.trainer().reset()
    session.notify(message("reset_done", seed=session.config().train.seed))


def _label(name: str) -> str:
    """A setting's label: its words, and its torch name where it has one ("隐藏层大小 hidden_size")."""
    return t(f"set.{name}")


def _help(name: str) -> str:
    return t(f"set.{name}.help")


def settings() -> dict:
    """Every setting widget a link has not hidden; returns the flat values they hold (a hidden widget's value
    is the one its key keeps: _seed_widgets gives every key its value)."""
    values = to_values(session.config())
    _seed_widgets(values)
    side = st.sidebar
    tr = translator()  # format_funcs take the words of this run (see _pace_label)
    task = st.session_state[key("task")]
    if not session.hidden("task"):
        task = side.selectbox(_label("task"), TASKS, key=key("task"), format_func=lambda name: tr(f"task.{name}"),
                              on_change=_on_task_change, help=_help("task"))
    if not session.hidden("model"):
        _model_settings(side, task, tr)
    if not session.hidden("training"):
        _training_settings(side, task, tr)
    values = {name: st.session_state[key(name)] for name in FIELDS}
    values["text"] = session.config().task.text
    return values


def _model_settings(side, task: str, tr: Translator) -> None:
    with side.expander(t("set.section.model"), expanded=True):
        cell = st.segmented_control(_label("cell"), ["RNN", "LSTM", "GRU"], key=key("cell"), required=True)
        st.slider(_label("hidden_size"), 1, 128, key=key("hidden_size"), help=_help("hidden_size"))
        layers = st.slider(_label("num_layers"), 1, 3, key=key("num_layers"), help=_help("num_layers"))
        st.segmented_control(_label("nonlinearity"), ["tanh", "relu"], key=key("nonlinearity"), required=True,
                             disabled=cell != "RNN", help=_help("nonlinearity"))
        st.toggle(_label("bidirectional"), key=key("bidirectional"), disabled=task in ONE_DIRECTION,
                  help=_help("bidirectional"))
        with st.popover(t("set.section.more"), width="stretch"):
            st.toggle(_label("bias"), key=key("bias"), help=_help("bias"))
            st.toggle(_label("batch_first"), key=key("batch_first"), help=_help("batch_first"))
            st.slider(_label("dropout"), 0.0, 0.9, step=0.05, key=key("dropout"), disabled=layers == 1,
                      help=_help("dropout"))
            forget_options = sorted(set(FORGET_BIASES) | {st.session_state[key("forget_bias")]})
            st.select_slider(_label("forget_bias"), forget_options, key=key("forget_bias"),
                             format_func=lambda v: tr("set.forget_bias.torch") if v == 0 else f"{v:g}",
                             disabled=cell != "LSTM" or not st.session_state[key("bias")], help=_help("forget_bias"))
            st.toggle(_label("linear_head"), key=key("linear_head"), help=_help("linear_head"))
            st.slider(_label("embedding_dim"), 0, 64, key=key("embedding_dim"), disabled=task == "sine",
                      help=_help("embedding_dim"))


def _training_settings(side, task: str, tr: Translator) -> None:
    with side.expander(t("set.section.training"), expanded=True):
        optimizer = st.segmented_control(_label("optimizer"), ["Adam", "SGD", "RMSprop"], key=key("optimizer"),
                                         required=True)
        lr_options = sorted(set(LEARNING_RATES) | {st.session_state[key("lr")]})
        st.select_slider(_label("lr"), lr_options, key=key("lr"), format_func=lambda v: f"{v:g}", help=_help("lr"))
        beta2_options = sorted(set(BETA2S) | {st.session_state[key("beta2")]})
        st.select_slider(_label("beta2"), beta2_options, key=key("beta2"), format_func=lambda v: f"{v:g}",
                         disabled=optimizer != "Adam", help=_help("beta2"))
        st.slider(_label("batch_size"), 1, 32, key=key("batch_size"), help=_help("batch_size"))
        if task == "seq2seq":
            st.selectbox(_label("mapping"), MAPPINGS, key=key("mapping"),
                         format_func=lambda name: tr(f"mapping.{name}.long"))
            st.slider(_label("teacher_forcing"), 0.0, 1.0, step=0.05, key=key("teacher_forcing"), format="%.2f",
                      help=_help("teacher_forcing"))
        fixed_length = task in ("hello", "memory") or (task == "seq2seq" and st.session_state[key("mapping")] ==
                                                        "translate")
        if not fixed_length:
            st.slider(_label("seq_len"), min_seq_len(task), 100, key=key("seq_len"), help=_help("seq_len"))
        if task == "memory":
            st.slider(_label("delay"), 1, 60, key=key("delay"), help=_help("delay"))
        if task == "text":
            st.slider(_label("validation"), 0.0, 0.5, step=0.05, key=key("validation"), format="%.2f",
                      help=_help("validation"))
        if fixed_length:  # a disabled slider would show a length the task does not use
            length = (TRANSLATE_LEN if task == "seq2seq" else
                      sequence_length(preset(task).replace(delay=st.session_state[key("delay")])))
            st.caption(t(f"set.seq_len.fixed.{task}", length=length))
        if task == "sine":
            st.toggle(_label("carry_state"), key=key("carry_state"), help=_help("carry_state"))
        st.number_input(_label("lr_decay"), 0, 100_000, step=100, key=key("lr_decay"), help=_help("lr_decay"))
        st.number_input(_label("clip"), 0.0, 100.0, step=0.5, key=key("clip"), help=_help("clip"))
        st.toggle(_label("stop_at_target"), key=key("stop_at_target"), help=_help("stop_at_target"))
        st.number_input(_label("seed"), 0, 2**31 - 1, step=1, key=key("seed"), help=_help("seed"))


def share_box() -> None:
    # A popover: the browser draws its content only when opened, so st.code (for its copy button) costs a
    # first visit nothing, where its syntax highlighter would delay the first chart by ~0.35 s.
    with st.sidebar.popover(t("share.title"), icon=":material/share:", width="stretch"):
        st.caption(t("share.caption"))
        st.code(session.share_link(), language=None, wrap_lines=True)


def sidebar() -> None:
    """Draw the whole sidebar and apply what the visitor changed."""
    st.sidebar.markdown("### RNN Playground")
    if not session.hidden("language"):
        language.picker(st.sidebar)
    language.mark_page(st.sidebar)
    nav = st.sidebar.container()  # filled last, so its links carry the settings of this run
    lecture.scene_menu(st.sidebar)
    values = settings()
    session.apply(from_values(values))
    if not session.hidden("navigation"):
        navigation(nav)
    if not session.hidden("share"):
        share_box()
    with st.sidebar:  # scripts without a place of their own: the sidebar's end, out of the main column's flow
        lecture.keyboard()
        lecture.point_at()
