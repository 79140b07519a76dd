"""Views that several pages share: live metrics, the loss curve, each task's own view, and pickers."""

from __future__ import annotations

import streamlit as st

from playground import figures
from playground.probe import predict
from playground.tasks import TaskError, sample
from playground.trainer import Refusal, Trainer

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
    name = trainer.task.metric_name
    drawn = [step.metric("Step", f"{trainer.step_count:,}"),
             loss.metric("Loss", "—" if last is None else loss_text(last.loss)),
             metric.metric(name[0].upper() + name[1:], "—" if last is None else _metric_text(trainer, last.metric))]
    if held_out:
        measured = trainer.last_validation
        label = "Held-out, greedy" if trainer.task.name == "seq2seq" else f"Validation {name}"  # fits 1280 px
        drawn.append(held_out[0].metric(label, "—" if measured is None else
                                        _metric_text(trainer, measured.validation_metric),
                                        help=validation_help(trainer.task)))
    return drawn


WHAT_WAS_NOT_FINITE = {"loss": "the loss", "grad_norm": "the gradient norm", "weights": "a weight"}


def refusal_text(refusal: Refusal) -> str:
    """Why a step was refused, and what the guard did about it."""
    what = WHAT_WAS_NOT_FINITE[refusal.what]
    value = "NaN or infinite" if refusal.what == "weights" else f"{refusal.value}"
    return (f"Training stopped: {what} became {value} at step {refusal.step:,}. The weights were rolled back to "
            f"step {refusal.rolled_back_to:,}. Try a lower learning rate or turn on gradient clipping.")


def target_text(task) -> str:
    """The task's target in words: "loss < 0.01", "recall accuracy ≥ 95% (mean of 20 steps)"."""
    target = task.target
    name = "loss" if target.field == "loss" else task.metric_name
    if "accuracy" in name:
        value = f"{target.threshold:.0%}"
        relation = "<" if target.below else "=" if target.threshold == 1 else "≥"
    else:
        value, relation = f"{target.threshold:g}", "<" if target.below else "≥"
    mean = f" (mean of {target.window} steps)" if target.window > 1 else ""
    return f"{name} {relation} {value}{mean}"


def training_messages(trainer: Trainer) -> None:
    """Why training stopped by itself, beside the metrics (a projector often hides the sidebar)."""
    if trainer.diverged:
        st.error(refusal_text(trainer.diverged), icon=":material/warning:")
    elif trainer.stopped_at_target:
        st.success(f"Target reached at step {trainer.target_step:,} ({target_text(trainer.task)}): training "
                   "paused, as **stop at target** asks. Press **Train** to go on.", icon=":material/flag:")


def loss_text(loss: float) -> str:
    """Four decimals, or three significant digits below 0.001, where four decimals would read "0.0000"."""
    return f"{loss:.4f}" if loss >= 0.001 or loss == 0 else f"{loss:.3g}"


def validation_help(task) -> str:
    """What the held-out figure is measured on, for its metric's help."""
    if task.name == "text":
        return (f"On the last {task.held_out_chars:,} characters of the text, which the model never trains on. "
                "When it rises while the training figure falls, the model is learning its training text by heart: "
                "it overfits.")
    held_out = "the whole lexicon" if task.mapping == "translate" else "256 fixed sequences"
    return (f"Greedy decoding, the decoder feeding back its own guesses (no teacher), on {held_out}: what the "
            "model does when it has to write on its own.")


def _metric_text(trainer: Trainer, value: float) -> str:
    return f"{value:.0%}" if "accuracy" in trainer.task.metric_name else f"{value:.4g}"


def loss_curve(trainer: Trainer, height: int = 300) -> None:
    history = list(trainer.history)
    if not history and not trainer.refusals:
        st.info("Press **Train** or **Step** above to start training.", icon=":material/play_arrow:")
        return
    stride = max(1, len(history) // MAX_CURVE_POINTS)
    shown = history[::stride]
    if history and shown[-1] is not history[-1]:
        shown.append(history[-1])
    target = trainer.task.target
    refused = [(r.step, r.loss_before, WHAT_WAS_NOT_FINITE[r.what]) for r in trainer.refusals]
    measured = [r for r in history if r.validation_loss is not None]
    figure = figures.loss_curve([r.step for r in shown], [r.loss for r in shown],
                                metric=[r.metric for r in shown], metric_name=trainer.task.metric_name,
                                validation=[(r.step, r.validation_loss) for r in measured[::stride]],
                                refused=refused, target=(target.field, target.threshold, target_text(trainer.task)),
                                height=height)
    live_chart(figure, "loss_curve")


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
                                               inputs=described["input"],
                                               title="cos(t): target vs prediction, sin(t) as input"), "task_view")
        carried = ("the state carried from window to window, starting from zero" if task.carries_state
                   else "each window starting from a zero state")
        st.caption(f"{described['text']} ({carried}).")
    elif task.name == "hello":
        st.markdown(f"#### `{described['input']}` → `{described['predicted']}`  (target `{described['target']}`)")
        # Not "next character": the targets (ohlol) are a mapping, not the input shifted by one.
        live_chart(figures.char_probabilities(described["probabilities"], described["vocab"],
                                              list(described["input"]), list(described["predicted"]),
                                              title="Output-character probabilities", output_label="output character"),
                   "task_view")
    elif task.name == "text":
        text_sample(trainer)
    elif task.name == "seq2seq":
        st.markdown(f"Greedy decoding: the decoder feeds back its own guesses until it writes `<eos>`. Token "
                    f"accuracy **{described['token_accuracy']:.0%}**, exact sequences **{described['exact']:.0%}**.")
        # st.table, not a data grid: its cells wrap, where the grid cut long targets off at the right
        st.table([{"input": r["input"], "decoded": r["output"], "target": r["target"],
                   "right": "✓" if r["output"] == r["target"] else "✗"} for r in described["rows"]], hide_index=True)
    else:
        st.code(described["text"], language=None)


def text_sample(trainer: Trainer) -> None:
    """A sample at a chosen temperature: gibberish at first, then the corpus's words."""
    if st.session_state.get("prime_text") is not trainer.task.text:  # new text: start from its first character
        st.session_state["prime_text"] = trainer.task.text
        st.session_state["prime"] = st.session_state[_KEPT + "prime"] = trainer.task.text[:1]
    _restore("temperature", 0.8)
    _restore("prime", trainer.task.text[:1])
    # One under the other: side by side in half a 1024 px page, "temperature" broke across two lines.
    temperature = _kept(st.slider("temperature", 0.1, 2.0, step=0.1, key="temperature",
                                  help="Low: the likeliest characters. High: more surprising ones."), "temperature")
    prime = _kept(st.text_input("start with", key="prime", max_chars=50), "prime")
    try:
        text = sample(trainer.model, trainer.task.vocab, prime, 160, temperature, seed=trainer.step_count)
    except TaskError as error:
        st.error(str(error), icon=":material/error:")
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
    return place.segmented_control("core", ["encoder", "decoder"], default="encoder", key=f"{key}_part",
                                   required=True, help="The encoder reads the input; the decoder starts from the "
                                                       "encoder's final state and writes the output.")


def layer_picker(trainer: Trainer, key: str, places: list) -> tuple[int, int]:
    """A layer and a direction of the current model, picked in the two containers `places`."""
    cfg = trainer.model.cfg
    layer = places[0].selectbox("layer", range(cfg.num_layers), index=cfg.num_layers - 1, key=f"{key}_layer",
                                format_func=lambda k: f"layer {k}", disabled=cfg.num_layers == 1)
    direction = places[1].selectbox("direction", range(2 if cfg.bidirectional else 1), key=f"{key}_direction",
                                    format_func=lambda d: ["forward", "reverse"][d], disabled=not cfg.bidirectional)
    return layer, direction
