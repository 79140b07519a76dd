"""Every figure is readable by everyone in the room: its lines and marks take Okabe-Ito's colours (or a neutral
grey for axes, guides and rims), its colour scales are viridis/cividis or the documented diverging one, its text
reaches WCAG AA (4.5:1) on white, and no two of its series differ in colour alone.

Each builder is drawn with small real inputs: a torch RNN's hidden states projected by the PCA, its gradient
through time, an LSTM's W_hh spectrum, the page's own windows, and arrays shaped as the pages pass them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import altair as alt
import jsonschema
import numpy as np
import plotly.colors
import plotly.io as pio
import pytest
import torch

from playground import figures as F
from playground.analysis import fit_pca, gradient_through_time, spectrum
from playground.figures import style
from playground.windowing import make_windows

RNG = np.random.default_rng(3)
OKABE_ITO = {c.lower() for c in style.OKABE_ITO.values()}
SCALES = {"viridis", "cividis"}
VEGA = jsonschema.Draft7Validator(alt.vegalite.v6.schema.core.load_schema())


# ------------------------------------------------------------------------------------------- real inputs


def _rnn_run(sequences: int = 3, steps: int = 12, hidden: int = 8, seed: int = 0):
    """An untrained torch RNN on random inputs: its hidden states (S, L, H) and, per layer, ‖∂L/∂h_t‖ (L,)."""
    torch.manual_seed(seed)
    rnn = torch.nn.RNN(2, hidden, num_layers=2)
    x = torch.randn(steps, sequences, 2)
    h = torch.zeros(2, sequences, hidden)
    tops, bottoms = [], []
    for t in range(steps):  # one step at a time, so every h_t is a node of the graph
        out, h = rnn(x[t : t + 1], h)
        bottoms.append(h[0])
        tops.append(out[0])
    loss = tops[-1].pow(2).sum()
    norms = {"layer 1": gradient_through_time(loss, bottoms), "layer 2": gradient_through_time(loss, tops)}
    return torch.stack(tops, 1).detach().numpy(), norms


def _trajectory(dims: int, sequences: int) -> dict:
    states, _ = _rnn_run(sequences)
    pca = fit_pca(states.reshape(-1, states.shape[-1]), dims)
    return F.trajectory(pca.transform(states), [f"seq {i}" for i in range(sequences)], list("hello world!"),
                        axis_titles=F.pca_axis_titles(pca.explained_variance_ratio))


def _windows(length: int, seq_len: int, stride: int, batch_size: int) -> dict:
    series = np.arange(1, length + 1)
    w = make_windows(series, seq_len, stride, batch_size)
    return F.windows_figure(series, list(zip(w.starts, w.lengths, strict=True)), seq_len, batch_size)


def _loss(target: str) -> dict:
    steps = np.arange(1, 61)
    return F.loss_curve(steps, np.exp(-steps / 15), np.linspace(0.2, 1, 60), "accuracy",
                        refused=[(20, 0.3, "the loss")], validation=[(10, 0.6), (30, 0.2), (50, 0.05)],
                        target=(target, 0.01 if target == "loss" else 0.95, "target"))


def _gradients(n_series: int, steps: int) -> dict:
    """Each of `n_series` a layer's gradient (of 2, of runs on different seeds), as a layer and direction each."""
    series = {}
    for seed, direction in enumerate(("forward", "backward", "third")):
        for layer, norms in _rnn_run(steps=steps, seed=seed)[1].items():
            series[f"{layer}, {direction}"] = norms
    return F.gradient_norms(dict(list(series.items())[:n_series]))


def _sine(n: int) -> dict:
    t = np.linspace(0, 6, n)
    return F.sequence_prediction(t, np.cos(t), np.cos(t) + 0.1, np.sin(t))


def _probs() -> dict:
    logits = RNG.normal(size=(6, 5)) * 3
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    vocab = list("helo ")
    return F.char_probabilities(probs, vocab, list("hello "), [vocab[i] for i in probs.argmax(1)])


BUILDERS: dict[str, Callable[[], dict]] = {
    "trajectory 3-D": lambda: _trajectory(3, 3),
    "trajectory 2-D": lambda: _trajectory(2, 3),
    "trajectory 3-D, 9 sequences": lambda: _trajectory(3, 9),
    "heatmap": lambda: F.heatmap(_rnn_run()[0][0].T, list("hello world!")),
    "gates LSTM": lambda: F.gates_over_time({g: RNG.uniform(-1 if g == "g" else 0, 1, (8, 5)) for g in "ifgo"}),
    "gates GRU, mean": lambda: F.gates_over_time({g: RNG.uniform(-1 if g == "n" else 0, 1, (8, 5)) for g in "rzn"},
                                                 mode="mean"),
    "gates RNN pre-activation": lambda: F.gates_over_time({"pre": RNG.normal(size=(8, 5)) * 2}),
    "eigen plane": lambda: F.eigen_plane(spectrum(torch.nn.RNN(2, 6).weight_hh_l0, "rnn").eigenvalues),
    "eigen plane, LSTM blocks": lambda: F.eigen_plane(*_blocks()),
    "windows, the tutorial's": lambda: _windows(10, 3, 1, 2),
    "windows, many": lambda: _windows(200, 5, 4, 1),
    "loss, target on the loss": lambda: _loss("loss"),
    "loss, target on the metric": lambda: _loss("metric"),
    "loss alone": lambda: F.loss_curve([1, 2, 3], [1.0, 0.5, 0.25]),
    "sine": lambda: _sine(30),
    "sine, long": lambda: _sine(200),
    "char probabilities": _probs,
    "gradient norms, one": lambda: _gradients(1, 12),
    "gradient norms, three": lambda: _gradients(3, 12),
    "gradient norms, six, long": lambda: _gradients(6, 160),
}


def _blocks():
    spec = spectrum(torch.nn.LSTM(2, 4).weight_hh_l0, "lstm")
    return spec.blocks, spec.radii


def is_vega(fig: dict) -> bool:
    return "$schema" in fig


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_figure_here_is_valid(name):
    """Plotly checks every property (dashes and symbols included), the Vega-Lite schema every channel."""
    fig = BUILDERS[name]()
    if is_vega(fig):
        errors = [e.message for e in VEGA.iter_errors(fig)]
        assert not errors, errors[:3]
    else:
        pio.from_json(json.dumps(fig))


# --------------------------------------------------------------------------------------------- colours

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_RGB = re.compile(r"^rgba?\(([^)]*)\)$")
_NAMED = {"white": (255, 255, 255, 1.0), "black": (0, 0, 0, 1.0), "transparent": (0, 0, 0, 0.0)}


def parse(colour: str) -> tuple[int, int, int, float] | None:
    """(r, g, b, alpha) of a CSS colour as the figures write them, None for a string that is no colour."""
    c = colour.strip().lower()
    if c in _NAMED:
        return _NAMED[c]
    if _HEX.match(c):
        return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16), 1.0
    if m := _RGB.match(c):
        parts = [float(p) for p in m.group(1).split(",")]
        return int(parts[0]), int(parts[1]), int(parts[2]), parts[3] if len(parts) == 4 else 1.0
    return None


def is_neutral(colour: str) -> bool:
    """Black, white or a grey (for axes, grids, guides, rims and bands)."""
    r, g, b, _ = parse(colour)
    return r == g == b


def as_hex(colour: str) -> str:
    r, g, b, _ = parse(colour)
    return f"#{r:02x}{g:02x}{b:02x}"


TEXT_KEYS = {"labelcolor", "titlecolor", "subtitlecolor"}
FONT_KEYS = {"font", "tickfont", "textfont"}


def colours(obj, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every (path, colour) in a figure, colour scales and Vega-Lite datasets aside (checked apart)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("colorscale", "datasets", "scheme"):
                continue
            yield from colours(value, (*path, key))
    elif isinstance(obj, list):
        for value in obj:
            yield from colours(value, path)
    elif isinstance(obj, str) and parse(obj) is not None:
        yield path, obj


def is_text(path: tuple) -> bool:
    keys = [str(k).lower() for k in path]
    return (bool(FONT_KEYS & set(keys)) or keys[-1] in TEXT_KEYS
            or (len(keys) > 1 and keys[-2] == "title" and keys[-1] == "color"))


def text_layers(fig: dict) -> list[dict]:
    return [unit for unit in units(fig) if unit.get("mark", {}).get("type") == "text"]


def units(spec: dict) -> list[dict]:
    """Every unit layer of a Vega-Lite spec, nested layers flattened."""
    if "layer" not in spec:
        return [spec]
    return [unit for layer in spec["layer"] for unit in units(layer)]


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_mark_colour_is_okabe_ito_or_a_neutral_and_every_text_reads_on_white(name):
    fig = BUILDERS[name]()
    written = {id(layer) for layer in text_layers(fig)} if is_vega(fig) else set()
    # text marks sit on the cells, not on white: test_text_written_in_a_cell_reads_on_it
    searched = {k: v for k, v in fig.items() if k != "layer"} if written else fig
    found = list(colours(searched))
    if written:
        found += [hit for unit in units(fig) if id(unit) not in written for hit in colours(unit)]
    assert found
    for path, colour in found:
        where = ".".join(map(str, path))
        if is_text(path):
            if parse(colour)[3] == 0:  # hidden on purpose (the trajectory slider's crowded labels)
                continue
            assert style.contrast_ratio(as_hex(colour)) >= 4.5, f"{where}: text {colour} on white"
        else:
            assert colour.lower() in OKABE_ITO or is_neutral(colour), f"{where}: {colour} is not Okabe-Ito"


def test_the_palette_is_okabe_ito_strongest_first_and_yellow_last():
    assert len(set(style.PALETTE)) == len(style.PALETTE) >= 7
    assert {c.lower() for c in style.PALETTE} <= OKABE_ITO and style.REFERENCE == "#000000"
    assert style.PALETTE[-1] == style.OKABE_ITO["yellow"]
    ratios = [style.contrast_ratio(c) for c in style.PALETTE]
    assert ratios[:4] == sorted(ratios[:4], reverse=True) and min(ratios[:4]) >= 3  # WCAG's 3:1 for graphics
    assert len(set(style.SYMBOLS)) == len(style.SYMBOLS) and len(set(style.VEGA_SHAPES)) == len(style.VEGA_SHAPES)
    assert set(style.SYMBOLS) <= {"circle", "circle-open", "cross", "diamond", "diamond-open", "square",
                                  "square-open", "x"}  # all that Scatter3d draws


def test_contrast_ratio_matches_wcag():
    assert style.contrast_ratio("#000000") == pytest.approx(21.0)
    assert style.contrast_ratio("#ffffff") == pytest.approx(1.0)
    assert style.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey on white
    assert style.contrast_ratio("#808495") < 4.5  # Streamlit's chart text grey, which every font overrides


def colour_scales(obj) -> Iterator:
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("colorscale", "scheme"):
                yield value
            else:
                yield from colour_scales(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from colour_scales(value)


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_colour_scale_is_viridis_cividis_or_the_diverging_one(name):
    fig = BUILDERS[name]()
    for scale in colour_scales(fig):
        assert (isinstance(scale, str) and scale.lower() in SCALES) or scale == style.DIVERGING, scale
    # a colour given as numbers (the trajectory's time) is mapped by a scale of its own
    def numeric_colours(obj):
        if isinstance(obj, dict):
            if isinstance(obj.get("color"), list) and obj["color"] and not isinstance(obj["color"][0], str):
                assert "colorscale" in obj, obj.keys()
            for value in obj.values():
                numeric_colours(value)
        elif isinstance(obj, list):
            for value in obj:
                numeric_colours(value)

    numeric_colours(fig)


def test_signed_values_are_diverging_and_bounded_ones_sequential():
    heat = F.heatmap(RNG.normal(size=(3, 4)))["data"][0]
    assert heat["colorscale"] == style.DIVERGING and heat["zmid"] == 0
    gates = F.gates_over_time({"i": RNG.random((4, 3)), "g": RNG.uniform(-1, 1, (4, 3)),
                               "pre": RNG.normal(size=(4, 3))})["data"]
    assert [d["colorscale"] for d in gates] == [style.SEQUENTIAL, style.DIVERGING, style.DIVERGING]
    # the diverging map: blue below 0, white at 0, red above, both ends dark enough to tell from white
    stops = dict(style.DIVERGING)
    assert stops[0.5].lower() == "#f7f7f7" and stops[0.0].lower() == "#2166ac" and stops[1.0].lower() == "#b2182b"
    assert min(style.contrast_ratio(stops[0.0]), style.contrast_ratio(stops[1.0])) >= 4.5


def test_text_written_in_a_cell_reads_on_it():
    """The predicted character is black or white on its viridis cell, whichever keeps 4.5:1 (WCAG AA)."""
    (text,) = text_layers(_probs())
    colour = text["encoding"]["color"]
    threshold = float(re.search(r"datum\.p >= ([0-9.]+)", colour["condition"]["test"]).group(1))
    for p in np.linspace(0, 1, 101):
        cell = as_hex(plotly.colors.sample_colorscale("Viridis", [float(p)])[0])
        written = colour["condition"]["value"] if p >= threshold else colour["value"]
        assert style.contrast_ratio(written, cell) >= 4.5, (p, written, cell)


def test_the_loss_curves_axis_titles_take_their_lines_colour_and_read_as_text():
    spec = _loss("loss")
    line, metric = units(spec)[0], units(spec)[-1]
    for unit in (line, metric):
        colour = unit["encoding"]["y"]["axis"]["titleColor"]
        assert colour == unit["mark"]["color"] and style.contrast_ratio(colour) >= 4.5


# ------------------------------------------------------------------------------------ never colour alone


def plotly_series(fig: dict) -> list[tuple[str, str, tuple]]:
    """(name, colour, (dash, symbol)) of each series: a legend group or a named line/marker trace. A trace
    that only fills a band (no line, no markers) is no series."""
    found: dict[str, tuple[str, str, tuple]] = {}
    for trace in fig["data"]:
        if trace["type"] not in ("scatter", "scatter3d"):
            continue
        mode = trace.get("mode", "lines+markers")
        line, marker = trace.get("line", {}), trace.get("marker", {})
        lines = "lines" in mode and line.get("width", 2) > 0
        markers = "markers" in mode
        if not (lines or markers):
            continue
        colour = line.get("color") if lines else marker.get("color")
        assert isinstance(colour, str), trace["name"]
        dash = line.get("dash", "solid") if lines else None
        symbol = marker.get("symbol", "circle") if markers else None
        found.setdefault(trace.get("legendgroup") or trace["name"], (trace["name"], colour.lower(), (dash, symbol)))
    return list(found.values())


def _ith(encoding: dict, channel: str, i: int, default):
    """The i-th value of a channel's scale range, or `default` where the channel is not encoded by range."""
    scale = encoding.get(channel, {}).get("scale", {})
    return scale["range"][i] if "range" in scale else default


def vega_series(spec: dict) -> list[tuple[str, str, tuple]]:
    """(name, colour, (mark, dash, shape)) of each series: each value of a field the colour encodes, or a layer
    drawn in one colour. Cells (rect) and text are no series."""
    category = spec["config"]["range"]["category"]
    found = []
    for unit in units(spec):
        mark, enc = unit["mark"], unit.get("encoding", {})
        kind = mark["type"]
        if kind in ("rect", "text"):
            continue
        point = mark.get("point")
        shape = mark.get("shape", "circle") if kind == "point" else ("circle" if point else None)
        dash = tuple(mark["strokeDash"]) if "strokeDash" in mark else ((1, 0) if kind in ("line", "rule") else None)
        if "field" in enc.get("color", {}):
            names = enc["color"]["scale"]["domain"]
            for i, name in enumerate(names):
                colour = _ith(enc, "color", i, category[i % len(category)])
                series_dash = _ith(enc, "strokeDash", i, dash)
                series_shape = _ith(enc, "shape", i, shape) if point or kind == "point" else None
                found.append((name, colour.lower(), (kind, tuple(series_dash) if series_dash else None,
                                                     series_shape)))
        else:
            found.append((unit.get("data", {}).get("name", kind), mark["color"].lower(), (kind, dash, shape)))
    return found


@pytest.mark.parametrize("name", list(BUILDERS))
def test_no_two_series_share_colour_and_dash_or_marker(name):
    fig = BUILDERS[name]()
    series = vega_series(fig) if is_vega(fig) else plotly_series(fig)
    looks = [(colour, style_) for _, colour, style_ in series]
    assert len(set(looks)) == len(looks), series
    # Never colour alone: while there are dashes or symbols enough, each series has a dash or marker of its own.
    if len(series) <= (len(style.VEGA_DASHES) if is_vega(fig) else len(style.SYMBOLS)):
        others = [style_ for _, _, style_ in series]
        assert len(set(others)) == len(others), series


def test_the_figures_with_several_series_have_them():
    """The test above compares series: these figures do have several (it would pass on one)."""
    counts = {name: len(vega_series(fig) if is_vega(fig) else plotly_series(fig))
              for name, fig in ((name, build()) for name, build in BUILDERS.items())}
    several = {name for name, n in counts.items() if n >= 2}
    assert several >= {"trajectory 3-D", "trajectory 2-D", "trajectory 3-D, 9 sequences", "gates GRU, mean",
                       "eigen plane", "eigen plane, LSTM blocks", "windows, the tutorial's", "windows, many",
                       "loss, target on the loss", "loss, target on the metric", "sine", "sine, long",
                       "gradient norms, three", "gradient norms, six, long"}, counts
    assert counts["trajectory 3-D, 9 sequences"] == 9 and counts["gradient norms, six, long"] == 6


def test_trajectory_sequences_differ_by_dash_and_symbol_in_both_views():
    for dims in (2, 3):
        fig = _trajectory(dims, 3)
        paths, now = fig["data"][:3], fig["data"][3:]
        assert len({p["line"]["dash"] for p in paths}) == 3
        assert [p["marker"]["symbol"] for p in paths] == [m["marker"]["symbol"] for m in now]
        assert len({m["marker"]["symbol"] for m in now}) == 3
        assert all(p["marker"]["colorscale"] == style.SEQUENTIAL for p in paths)


def test_gradient_norms_keep_a_dash_where_there_are_no_points():
    short, long = _gradients(3, 12), _gradients(3, 160)
    assert short["encoding"]["shape"]["scale"]["range"] == style.VEGA_SHAPES[:3] and short["mark"]["point"]
    assert long["mark"]["point"] is False and "shape" not in long["encoding"]
    for spec in (short, long):
        assert spec["encoding"]["strokeDash"]["scale"]["range"] == style.VEGA_DASHES[:3]
        legends = {spec["encoding"][c]["legend"] == {"title": None} for c in ("color", "strokeDash")}
        assert legends == {True}  # one legend that shows the dash too


def test_sine_prediction_is_dashed_so_it_differs_from_the_target_without_markers():
    (line,) = units(_sine(200))
    dashes = dict(zip(line["encoding"]["strokeDash"]["scale"]["domain"],
                      line["encoding"]["strokeDash"]["scale"]["range"], strict=True))
    assert len({tuple(d) for d in dashes.values()}) == 3
    assert line["encoding"]["strokeDash"]["title"] is None  # merged into the colour's legend


def test_windows_mark_every_sample_of_a_short_series_with_the_batchs_symbol():
    fig = _windows(10, 3, 1, 2)
    batches = [d for d in fig["data"] if d["name"].startswith("batch")]
    assert len(batches) == 5 and len({b["marker"]["symbol"] for b in batches}) == 5
    first = batches[0]
    # window 0 covers samples 0..2, window 1 samples 1..3: a symbol on each, none at the bars' ends
    assert first["x"][:6] == [-0.4, 0, 1, 2, 2.4, None] and first["marker"]["size"][0] == 0
    assert first["marker"]["size"][1:4] == [first["marker"]["size"][1]] * 3 and first["marker"]["size"][1] >= 5
    assert first["marker"]["line"]["width"][:5] == [0, 1.5, 1.5, 1.5, 0]
    assert fig["layout"]["legend"]["itemsizing"] == "constant"
    many = [d for d in _windows(200, 5, 4, 1)["data"] if d["name"].startswith("batch")]
    assert many[0]["x"][:4] == [-0.4, 0, 4.4, None]  # a long series: the symbol on the first sample only
