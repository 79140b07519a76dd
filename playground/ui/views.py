"""Views that several pages share: live metrics, the loss curve, each task's own view, and pickers."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground import figures
from playground.probe import predict
from playground.tasks import TaskError, sample
from playground.trainer import Refusal, Trainer
from playground.ui import session
from playground.ui.language import say, t, translator

MAX_CURVE_POINTS = 400  # the loss curve is redrawn every run: keep its payload small


def metric_slots(trainer: Trainer) -> list:
    """The live metrics, drawn now: three, and a fourth for the held-out data where the task has some. Returns
    the metric elements, which `metrics` refills in place during a run.

    Drawn as metrics at once, not as st.empty placeholders filled next: a fragment run's placeholder replaced
    the metric shown at its place, and the row blinked out until the fill arrived (~50 ms, now and then)."""
    return metrics(trainer, st.columns(3 + (trainer.task.validation() is not None)))


def metrics(trainer: Trainer, slots: list) -> list:
    """The "Step" and "Loss" metrics, the task's own metric, and the same on held-out data if there is any, in
    `slots` (columns, or the metric elements drawn before, which they replace). Returns the metric elements."""
    last = trainer.last
    step, loss, metric, *held_out = slots
    task = trainer.task.name
    drawn = [step.metric(t("metric.step"), f"{trainer.step_count:,}"),
             loss.metric(t("metric.loss"), "—" if last is None else loss_text(last.loss)),
             metric.metric(t(f"metric.{task}"), "—" if last is None else _metric_text(trainer, last.metric))]
    if held_out:
        measured = trainer.last_validation
        drawn.append(held_out[0].metric(t(f"metric.{task}.held_out"), "—" if measured is None else
                                        _metric_text(trainer, measured.validation_metric),
                                        help=validation_help(trainer.task)))
    return drawn


def not_finite(what: str) -> str:
    """What a refused step found not finite, in words: "loss", "grad_norm" or "weights"."""
    return t(f"refused.{what}")


def refusal_text(refusal: Refusal) -> str:
    """Why a step was refused, and what the guard did about it."""
    value = t("refused.nan") if refusal.what == "weights" else f"{refusal.value}"
    return t("refused.text", what=not_finite(refusal.what), value=value, step=refusal.step,
             rolled_back_to=refusal.rolled_back_to)


def target_text(task) -> str:
    """The task's target in words: "loss < 0.01", "recall accuracy ≥ 95% (mean of 20 steps)"."""
    target = task.target
    name = t("metric.loss.lower") if target.field == "loss" else t(f"metric.{task.name}.lower")
    if "accuracy" in task.metric_name and target.field != "loss":
        value = f"{target.threshold:.0%}"
        relation = "<" if target.below else "=" if target.threshold == 1 else "≥"
    else:
        value, relation = f"{target.threshold:g}", "<" if target.below else "≥"
    text = f"{name} {relation} {value}"
    return t("target.mean", target=text, window=target.window) if target.window > 1 else text


def training_messages(trainer: Trainer) -> None:
    """Why training stopped by itself, beside the metrics (a projector often hides the sidebar)."""
    if trainer.diverged:
        st.error(refusal_text(trainer.diverged), icon=":material/warning:")
    elif trainer.stopped_at_target:
        st.success(t("target.reached", step=trainer.target_step, target=target_text(trainer.task)),
                   icon=":material/flag:")


def loss_text(loss: float) -> str:
    """Four decimals, or three significant digits below 0.001, where four decimals would read "0.0000"."""
    return f"{loss:.4f}" if loss >= 0.001 or loss == 0 else f"{loss:.3g}"


def validation_help(task) -> str:
    """What the held-out figure is measured on, for its metric's help."""
    if task.name == "text":
        return t("metric.text.held_out.help", chars=task.held_out_chars)
    return t("metric.seq2seq.held_out.help.translate" if task.mapping == "translate" else
             "metric.seq2seq.held_out.help")


def _metric_text(trainer: Trainer, value: float) -> str:
    return f"{value:.0%}" if "accuracy" in trainer.task.metric_name else f"{value:.4g}"


def loss_curve(trainer: Trainer, height: int = 300) -> None:
    history = list(trainer.history)
    if not history and not trainer.refusals:
        st.info(t("curve.empty"), icon=":material/play_arrow:")
        return
    stride = max(1, len(history) // MAX_CURVE_POINTS)
    shown = history[::stride]
    if history and shown[-1] is not history[-1]:
        shown.append(history[-1])
    target = trainer.task.target
    refused = [(r.step, r.loss_before, not_finite(r.what)) for r in trainer.refusals]
    measured = [r for r in history if r.validation_loss is not None]
    figure = figures.loss_curve([r.step for r in shown], [r.loss for r in shown],
                                metric=[r.metric for r in shown], metric_name=t(f"metric.{trainer.task.name}.lower"),
                                validation=[(r.step, r.validation_loss) for r in measured[::stride]],
                                refused=refused, target=(target.field, target.threshold, target_text(trainer.task)),
                                height=height, tr=translator())
    live_chart(figure, "loss_curve")
    if history:
        last, best = history[-1], min(history, key=lambda r: r.loss)
        reached = (t("curve.reached", step=trainer.target_step) if trainer.target_step is not None
                   else t("curve.not_reached"))
        st.caption(t("curve.summary", step=last.step, loss=loss_text(last.loss), best=loss_text(best.loss),
                     best_step=best.step, metric=t(f"metric.{trainer.task.name}.lower"),
                     value=_metric_text(trainer, last.metric), target=target_text(trainer.task), reached=reached))
        data_view("loss_curve", lambda: {t("fig.training_step"): [r.step for r in history],
                                         t("fig.loss"): [r.loss for r in history],
                                         t(f"metric.{trainer.task.name}.lower"): [r.metric for r in history],
                                         "lr": [r.lr for r in history],
                                         t("fig.grad_norm"): [r.grad_norm for r in history]})


def live_chart(figure: dict, key: str) -> None:
    """A Vega-Lite chart that redraws in place run after run (figures.style says why Vega-Lite), in a container
    keyed `key` (a Vega-Lite chart without selections carries no key of its own)."""
    with st.container(key=key):
        st.vega_lite_chart(figure, theme=None)


def task_view(trainer: Trainer) -> None:
    """What the model predicts on the task's example, in the task's own terms."""
    task = trainer.task
    _, _, described = predict(trainer.model, task)
    if task.name == "sine":
        live_chart(figures.sequence_prediction(described["t"], described["target"], described["prediction"],
                                               inputs=described["input"], title=t("sine.title"), tr=translator()),
                   "task_view")
        carried = t("sine.carried" if task.carries_state else "sine.not_carried")
        st.caption(t("sine.summary", mae=described["mae"], windows=described["windows"], carried=carried))
        data_view("task_view", lambda: {t("fig.t"): described["t"], t("fig.input"): described["input"],
                                        t("fig.target"): described["target"],
                                        t("fig.prediction"): described["prediction"]})
    elif task.name == "hello":
        st.markdown(t("hello.headline", input=described["input"], predicted=described["predicted"],
                      target=described["target"]))
        # Not "next character": the targets (ohlol) are a mapping, not the input shifted by one.
        probabilities, vocab = described["probabilities"], described["vocab"]
        live_chart(figures.char_probabilities(probabilities, vocab, list(described["input"]),
                                              list(described["predicted"]), title=t("hello.title"),
                                              output_label=t("hello.output_character"), tr=translator()),
                   "task_view")
        right = sum(p == q for p, q in zip(described["predicted"], described["target"], strict=True))
        st.caption(t("hello.summary", right=right, total=len(described["target"]),
                     confidence=float(probabilities.max(-1).mean())))
        data_view("task_view", lambda: {t("fig.input_character"): list(described["input"]),
                                        **{repr(c)[1:-1] or c: probabilities[:, i] for i, c in enumerate(vocab)}})
    elif task.name == "text":
        text_sample(trainer)
    elif task.name == "seq2seq":
        st.markdown(t("seq2seq.headline", token=described["token_accuracy"], exact=described["exact"]))
        # st.table, not a data grid: its cells wrap, where the grid cut long targets off at the right
        st.table([{t("seq2seq.input"): r["input"], t("seq2seq.decoded"): r["output"], t("seq2seq.target"): r["target"],
                   t("seq2seq.right"): "✓" if r["output"] == r["target"] else "✗"} for r in described["rows"]],
                 hide_index=True)
    elif task.name == "memory":
        st.code("\n".join(t("memory.line", symbol=s, delay=described["delay"], recalled=r)
                          for s, r in zip(described["shown"], described["recalled"], strict=True)), language=None)
    else:
        st.code(described["text"], language=None)


def data_view(key: str, columns) -> None:
    """A figure's numbers as a table, for a screen reader or a closer look (a chart has no alt text). Folded
    away, and filled only while paused: `columns` (name -> values) is called then, so a live run stays light."""
    with st.expander(t("data.title"), icon=":material/table:"):
        if session.training():
            st.caption(t("data.paused_only"))
        else:
            st.dataframe({name: _rounded(values) for name, values in columns().items()}, hide_index=True,
                         height=240, key=f"{key}_data")


def _rounded(values):
    array = np.asarray(values)
    return np.round(array, 4) if array.dtype.kind == "f" else array


def text_sample(trainer: Trainer) -> None:
    """A sample at a chosen temperature: gibberish at first, then the corpus's words."""
    if st.session_state.get("prime_text") is not trainer.task.text:  # new text: start from its first character
        st.session_state["prime_text"] = trainer.task.text
        st.session_state["prime"] = st.session_state[_KEPT + "prime"] = trainer.task.text[:1]
    _restore("temperature", 0.8)
    _restore("prime", trainer.task.text[:1])
    # One under the other: side by side in half a 1024 px page, "temperature" broke across two lines.
    temperature = _kept(st.slider(t("text.temperature"), 0.1, 2.0, step=0.1, key="temperature",
                                  help=t("text.temperature.help")), "temperature")
    prime = _kept(st.text_input(t("text.prime"), key="prime", max_chars=50), "prime")
    try:
        text = sample(trainer.model, trainer.task.vocab, prime, 160, temperature, seed=trainer.step_count)
    except TaskError as error:
        st.error(say(error.message), icon=":material/error:")
        return
    st.code(prime + text, language=None, wrap_lines=True)


# Streamlit drops a widget's value on any page that does not draw it: these widgets keep theirs under a
# plain key as well, and get it back when their page is drawn again.
_KEPT = "kept_"


def _restore(key: str, default) -> None:
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(_KEPT + key, default)


def _kept(value, key: str):
    st.session_state[_KEPT + key] = value
    return value


def sequence_preview(tokens: list[str], limit: int = 24) -> str:
    """The first tokens of a sequence in at most `limit` characters, readable: characters joined as text,
    anything longer (words, numbers) with spaces, and "…" when there is more. A picker a quarter of a
    1280 px page wide shows about 24."""
    joiner = "" if all(len(token) == 1 for token in tokens) else " "
    if len(whole := joiner.join(tokens)) <= limit:
        return whole
    shown = []
    for token in tokens:
        if len(joiner.join([*shown, token])) > limit - 2:  # room for " …"
            break
        shown.append(token)
    shown = shown or tokens[:1]
    return joiner.join(shown) + (" …" if len(shown) < len(tokens) else "")


def part_picker(trainer: Trainer, key: str, place=st) -> str | None:
    """For an encoder-decoder, which core to look at ("encoder" or "decoder"); None for a one-core model."""
    if not hasattr(trainer.model, "decoder"):
        return None
    tr = translator()  # format_funcs take the words of this run (see controls._pace_label)
    return place.segmented_control(t("pick.core"), ["encoder", "decoder"], default="encoder", key=f"{key}_part",
                                   required=True, format_func=lambda part: tr(f"pick.{part}"),
                                   help=t("pick.core.help"))


def layer_picker(trainer: Trainer, key: str, places: list) -> tuple[int, int]:
    """A layer and a direction of the current model, picked in the two containers `places`."""
    cfg = trainer.model.cfg
    tr = translator()  # format_funcs take the words of this run (see controls._pace_label)
    layer = places[0].selectbox(t("pick.layer"), range(cfg.num_layers), index=cfg.num_layers - 1,
                                key=f"{key}_layer", format_func=lambda k: tr("pick.layer_k", layer=k),
                                disabled=cfg.num_layers == 1)
    direction = places[1].selectbox(t("pick.direction"), range(2 if cfg.bidirectional else 1), key=f"{key}_direction",
                                    format_func=lambda d: tr("pick.reverse" if d else "pick.forward"),
                                    disabled=not cfg.bidirectional)
    return layer, direction


def direction_name(direction: int) -> str:
    return t("pick.reverse" if direction else "pick.forward")


def layer_name(layer: int, direction: int, directions: int, part: str | None = None) -> str:
    """A layer (and direction, and core) in words: "layer 1, reverse", "the encoder, layer 0"."""
    name = t("pick.layer_k", layer=layer)
    if directions > 1:
        name = t("pick.layer_direction", layer=name, direction=direction_name(direction))
    return t("pick.in_part", part=t(f"pick.{part}"), layer=name) if part and part != "model" else name


def series_name(where: tuple) -> str:
    """A probe's gradient series key (part, layer, direction, directions) in words."""
    part, layer, direction, directions = where
    name = layer_name(layer, direction, directions)
    return name if part == "model" else t("pick.part_layer", part=t(f"pick.{part}"), layer=name)
