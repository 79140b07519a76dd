"""Tests for the live charts in playground.figures: Vega-Lite specs that the Vega-Lite schema accepts, whose
data travel as named datasets (so the spec stays the same while training), and that look like the rest."""

import json

import altair as alt
import jsonschema
import numpy as np
import pytest

from playground import figures as F
from playground.figures import style

VALIDATOR = jsonschema.Draft7Validator(alt.vegalite.v6.schema.core.load_schema())


def check(spec: dict) -> dict:
    """The spec is plain JSON and valid Vega-Lite; returns it."""
    text = json.dumps(spec)  # fails on numpy scalars and arrays
    assert "NaN" not in text and "Infinity" not in text
    errors = [e.message for e in VALIDATOR.iter_errors(spec)]
    assert not errors, errors[:3]
    assert spec["config"] == style.VEGA_CONFIG and spec["width"] == "container"
    return spec


def layers(spec: dict) -> list[dict]:
    """Every unit layer of a spec, nested layers flattened."""
    if "layer" not in spec:
        return [spec]
    return [unit for layer in spec["layer"] for unit in layers(layer)]


def spec_without_data(spec: dict) -> str:
    return json.dumps({k: v for k, v in spec.items() if k != "datasets"}, sort_keys=True)


def loss(steps=40, **kwargs):
    x = np.arange(1, steps + 1)
    return F.loss_curve(x, np.exp(-x / 10), np.linspace(0, 1, steps), "accuracy", **kwargs)


def test_loss_curve_has_the_loss_on_a_log_axis_and_the_metric_dotted_at_the_right():
    spec = check(loss())
    assert [row["step"] for row in spec["datasets"]["curve"]][:3] == [1, 2, 3]
    line, _, metric = layers(spec)[:3]  # the loss, the dot at its end, the metric
    assert line["encoding"]["y"]["scale"]["type"] == "log" and line["encoding"]["y"]["title"] == "loss (log scale)"
    assert metric["mark"]["strokeDash"] and metric["encoding"]["y"]["axis"]["orient"] == "right"
    assert spec["resolve"] == {"scale": {"y": "independent"}}
    # No legend: each axis title takes its line's colour.
    assert line["encoding"]["y"]["axis"]["titleColor"] == line["mark"]["color"]
    assert metric["encoding"]["y"]["axis"]["titleColor"] == metric["mark"]["color"]
    assert spec["datasets"]["now"] == [{"step": 40, "loss": spec["datasets"]["curve"][-1]["loss"], "label": "step 40"}]


def test_loss_curve_falls_back_to_a_linear_axis_and_gaps_for_bad_values():
    spec = check(F.loss_curve([0, 1, 2, 3], [1.0, np.nan, -0.5, np.inf]))
    assert [row["loss"] for row in spec["datasets"]["curve"]] == [1.0, None, -0.5, None]
    assert "type" not in layers(spec)[0]["encoding"]["y"]["scale"]
    check(F.loss_curve([], []))
    with pytest.raises(ValueError, match="same length"):
        F.loss_curve([0, 1], [1.0])
    with pytest.raises(ValueError, match="metric"):
        F.loss_curve([0, 1], [1.0, 2.0], [1.0])


def test_the_loss_curves_spec_stays_the_same_while_it_trains():
    """Streamlit redraws a Vega-Lite chart in place only while its spec (the data aside) is unchanged."""
    assert spec_without_data(loss(40)) == spec_without_data(loss(41))


@pytest.mark.parametrize(("lo", "hi"), [(1e-14, 1.0), (3e-6, 0.9), (1e-30, 1e3), (1e-3, 0.1), (0.9, 15.0)])
def test_log_axes_show_at_most_five_labels(lo, hi):
    axis = layers(F.loss_curve(np.arange(50), np.geomspace(hi, lo, 50)))[0]["encoding"]["y"]["axis"]
    assert 2 <= len(axis["values"]) <= 5 and axis["format"] == "~g"
    assert all(lo / 10 <= v <= hi * 10 for v in axis["values"])


def test_loss_curve_marks_refused_steps_where_the_curve_was():
    spec = check(loss(3, refused=[(7, 0.35, "the loss"), (9, None, "a weight")]))
    crosses = spec["datasets"]["refused"]
    assert [(c["step"], c["what"]) for c in crosses] == [(7, "the loss"), (9, "a weight")]
    assert crosses[0]["loss"] == 0.35 and crosses[1]["loss"] == spec["datasets"]["curve"][-1]["loss"]
    assert any(unit["mark"].get("shape") == "cross" for unit in layers(spec))


def test_loss_curve_draws_the_target_on_its_own_axis():
    on_loss = check(loss(target=("loss", 0.01, "loss < 0.01")))
    assert on_loss["datasets"]["target"] == [{"value": 0.01, "label": "loss < 0.01"}]
    rules = [i for i, unit in enumerate(layers(on_loss)) if unit["mark"]["type"] == "rule"]
    assert rules and rules[0] < len(on_loss["layer"][0]["layer"])  # in the loss's group: the loss's axis
    on_metric = check(loss(target=("metric", 1.0, "accuracy = 100%")))
    assert on_metric["layer"][1]["layer"][-1]["mark"]["type"] == "rule"


def test_sequence_prediction_lines_differ_by_colour_dash_and_marker():
    t = np.linspace(0, 6, 30)
    spec = check(F.sequence_prediction(t, np.sin(t), np.sin(t) + 0.1, np.sin(t - 0.2), title="cos(t): target vs "
                                       "prediction, sin(t) as input"))
    assert spec["title"]["text"] == ["cos(t): target vs prediction,", "sin(t) as input"]
    line, points = layers(spec)
    assert line["encoding"]["color"]["scale"]["domain"] == ["input", "target", "prediction"]
    dashes = line["encoding"]["strokeDash"]["scale"]["range"]
    assert dashes[0] != dashes[1] and points["transform"] == [{"filter": 'datum.series === "prediction"'}]
    assert len(spec["datasets"]["lines"]) == 90
    assert len(layers(check(F.sequence_prediction(t, np.sin(t), np.sin(t))))) == 2
    with pytest.raises(ValueError, match="prediction"):
        F.sequence_prediction(t, np.sin(t), np.sin(t)[:-1])


def test_char_probabilities_writes_the_prediction_in_its_cell():
    probs = np.array([[0.1, 0.7, 0.1, 0.1], [0.1, 0.1, 0.7, 0.1], [0.1, 0.1, 0.7, 0.1], [0.1, 0.1, 0.1, 0.7]])
    spec = check(F.char_probabilities(probs, list("helo"), list("hell"), list("ello"), output_label="output"))
    cells, picks = spec["datasets"]["cells"], spec["datasets"]["picks"]
    assert len(cells) == 16 and {c["p"] for c in cells} == {0.1, 0.7}
    assert [(p["step"], p["row"], p["char"]) for p in picks] == [(0, 1, "e"), (1, 2, "l"), (2, 2, "l"), (3, 3, "o")]
    heat = layers(spec)[0]["encoding"]
    assert heat["color"]["scale"]["domain"] == [0, 1] and heat["y"]["title"] == "output"
    assert heat["x"]["axis"]["labelExpr"].startswith('["h", "e", "l", "l"]')
    with pytest.raises(ValueError, match="vocab"):
        F.char_probabilities(probs, list("hel"), list("hell"), list("ello"))
    with pytest.raises(ValueError, match="predicted_chars"):
        F.char_probabilities(probs, list("helo"), list("hell"), list("ell"))


def test_char_probabilities_keeps_the_top_rows_of_a_large_vocabulary():
    vocab = [chr(33 + i) for i in range(60)]
    probs = np.full((3, 60), 1e-3)
    probs[:, 5] = 0.5
    probs[1, 7] = 0.4
    spec = check(F.char_probabilities(probs, vocab, list("abc"), [vocab[5]] * 3, top_k=2))
    shown = {c["char"] for c in spec["datasets"]["cells"]}
    assert vocab[5] in shown and vocab[7] in shown and len(shown) < 60


def test_gradient_norms_one_series_or_several_with_the_first_to_last_ratio():
    norms = 0.5 ** np.arange(12)[::-1]
    spec = check(F.gradient_norms(norms))
    assert spec["encoding"]["y"]["scale"]["type"] == "log" and "vanishing" in spec["title"]["subtitle"][0]
    assert spec["encoding"]["color"]["legend"] is None  # one series: no legend
    spec = check(F.gradient_norms({"RNN": norms, "LSTM": np.ones(12)}, log_y=False, x_labels=list("abcdefghijkl")))
    assert spec["encoding"]["color"]["scale"]["domain"] == ["RNN", "LSTM"] and len(spec["title"]["subtitle"]) == 2
    assert spec["encoding"]["shape"]["scale"]["range"] == ["circle", "square"]  # not colour alone
    assert spec["encoding"]["y"]["scale"] == {}
    zero = check(F.gradient_norms(np.array([0.0, 1.0, 2.0])))  # zero: no point on a log axis
    assert zero["datasets"]["norms"][0]["norm"] is None
    check(F.gradient_norms(np.zeros(4)))  # nothing positive: a linear axis
    with pytest.raises(ValueError, match="length"):
        F.gradient_norms({"a": np.ones(3), "b": np.ones(4)})


def test_titles_wrap_at_the_width_of_their_chart():
    half = F.sequence_prediction([0, 1], [0, 1], [0, 1], title="word " * 20)
    wide = F.gradient_norms(np.ones(3), title="word " * 30)
    assert all(len(line) <= style.TITLE_CHARS for line in half["title"]["text"])
    assert all(len(line) <= style.WIDE_TITLE_CHARS for line in wide["title"]["text"])
    assert max(map(len, wide["title"]["text"])) > style.TITLE_CHARS


def test_the_sine_lines_have_one_legend():
    """Vega-Lite merges the legends of the channels of one field; one channel with "legend": None drops all of
    them (the sine view once showed three lines with no legend)."""
    t = np.linspace(0, 3, 10)
    spec = F.sequence_prediction(t, np.sin(t), np.cos(t), inputs=t)
    encoding = spec["layer"][0]["encoding"]
    series = [channel for channel in encoding.values() if isinstance(channel, dict) and channel.get("field") == "series"
              and "scale" in channel]
    assert len(series) >= 2 and all("legend" not in channel or channel["legend"] for channel in series)
