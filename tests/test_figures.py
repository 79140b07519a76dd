"""Tests for playground.figures' Plotly builders: plain-dict figures that plotly itself accepts. The live
Vega-Lite charts are tested in test_figures_live.py."""

import itertools
import json
import re

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import torch

from playground import figures as F
from playground.figures import style

RNG = np.random.default_rng(0)


def _check(fig: dict) -> str:
    """The figure is plain JSON and plotly validates every property name; returns the JSON."""
    assert set(fig) <= {"data", "layout", "frames"}
    text = json.dumps(fig)  # fails on numpy scalars / arrays
    assert "NaN" not in text and "Infinity" not in text
    pio.from_json(text)  # validates, including frames
    go.Figure(fig)
    return text


def _font_sizes(obj, inside_font=False):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "size" and inside_font and isinstance(v, int | float):
                yield v
            else:
                yield from _font_sizes(v, inside_font=k in ("font", "tickfont"))
    elif isinstance(obj, list):
        for v in obj:
            yield from _font_sizes(v, inside_font)


def _all_figures() -> dict[str, dict]:
    walk = np.cumsum(RNG.normal(size=(2, 30, 3)), axis=1)
    return {
        "trajectory3d": F.trajectory(walk, ["a", "b"], list("abcdefghij" * 3)),
        "trajectory2d": F.trajectory(walk[..., :2], ["a", "b"]),
        "heatmap": F.heatmap(RNG.normal(size=(6, 9)), list("hello wor")),
        "gates": F.gates_over_time({g: RNG.random((9, 6)) for g in "ifgo"}, list("hello wor")),
        "gates_mean": F.gates_over_time({g: RNG.random((9, 6)) for g in "rzn"}, mode="mean"),
        "eig": F.eigen_plane(RNG.normal(size=5) + 1j * RNG.normal(size=5), 2.0),
        "windows": F.windows_figure(np.sin(np.arange(50)), [(0, 10), (10, 10), (20, 10)], 10, 2),
    }


# ------------------------------------------------------------------------------------------ general


@pytest.mark.parametrize("name", list(_all_figures()))
def test_every_builder_returns_a_valid_readable_plain_dict(name):
    fig = _all_figures()[name]
    _check(fig)
    lay = fig["layout"]
    assert lay["title"]["text"]
    assert lay["font"]["size"] >= 13
    sizes = list(_font_sizes(fig))
    assert sizes and min(sizes) >= 13, f"font sizes {sorted(set(sizes))}"


def test_floats_are_rounded_to_four_significant_digits():
    text = json.dumps(F.heatmap(RNG.normal(size=(5, 7)) * 1e-3, None))
    z = json.loads(text)["data"][0]["z"]
    for v in (x for row in z for x in row):
        assert isinstance(v, float)
        digits = re.sub(r"e.*$", "", repr(abs(v))).replace(".", "").lstrip("0")
        assert len(digits) <= 4, v


def test_round_helper_keeps_zero_negative_and_large_values():
    assert style._round([0.0, -1.23456, 123456.0, 1e-7 * 1.23456]) == [0.0, -1.235, 123500.0, 1.235e-07]


# --------------------------------------------------------------------------------------- trajectory


def _walk(s, length, k, seed=1):
    return np.cumsum(np.random.default_rng(seed).normal(size=(s, length, k)), axis=1)


def test_trajectory_3d_structure():
    pts = _walk(2, 50, 3)
    fig = F.trajectory(pts, ["hello", "world"], [chr(97 + t % 26) for t in range(50)])
    _check(fig)
    data = fig["data"]
    assert [d["type"] for d in data] == ["scatter3d"] * 4
    assert [d["mode"] for d in data] == ["lines+markers", "lines+markers", "markers", "markers"]
    # Static paths: full length, marker colour = time step, one colorbar.
    for d in data[:2]:
        assert len(d["x"]) == len(d["y"]) == len(d["z"]) == 50
        assert d["marker"]["color"] == list(range(50))
    assert data[0]["marker"]["showscale"] and not data[1]["marker"]["showscale"]
    assert data[0]["marker"]["colorbar"]["title"]["text"] == "time step"
    # Frames hold only the moving markers: one single-point trace per sequence.
    frames = fig["frames"]
    assert len(frames) == 50
    for f in frames:
        assert f["traces"] == [2, 3]
        assert len(f["data"]) == 2
        for d in f["data"]:
            assert set(d) == {"type", "x", "y", "z"} and d["type"] == "scatter3d"
            assert len(d["x"]) == len(d["y"]) == len(d["z"]) == 1
    assert frames[10]["data"][1]["x"] == [data[1]["x"][10]]
    # Fixed ranges containing every point, cube aspect, persistent camera.
    scene = fig["layout"]["scene"]
    assert scene["aspectmode"] == "cube" and scene["uirevision"]
    for d, c in enumerate("xyz"):
        lo, hi = scene[f"{c}axis"]["range"]
        assert scene[f"{c}axis"]["autorange"] is False
        assert lo < pts[..., d].min() and hi > pts[..., d].max()
    # Controls: Play/Pause, a slider step per frame, 3-D frames need redraw.
    buttons = fig["layout"]["updatemenus"][0]["buttons"]
    assert [b["label"] for b in buttons] == ["▶ Play", "❚❚ Pause"]
    assert buttons[0]["args"][1]["frame"]["redraw"] is True
    steps = fig["layout"]["sliders"][0]["steps"]
    assert [s["args"][0][0] for s in steps] == [f["name"] for f in frames]
    assert "'c'" in steps[2]["label"]


def test_trajectory_2d_uses_scatter_and_fixed_axes():
    pts = _walk(1, 20, 2)
    fig = F.trajectory(pts, ["seq"], axis_titles=F.pca_axis_titles([0.5, 0.25]))
    _check(fig)
    assert [d["type"] for d in fig["data"]] == ["scatter", "scatter"]
    assert all(d["type"] == "scatter" and set(d) == {"type", "x", "y"} for f in fig["frames"] for d in f["data"])
    lay = fig["layout"]
    assert "scene" not in lay
    assert lay["xaxis"]["title"]["text"] == "PC1 (50%)"
    for d, ax in enumerate(("xaxis", "yaxis")):
        lo, hi = lay[ax]["range"]
        assert lo < pts[..., d].min() and hi > pts[..., d].max()
    assert lay["updatemenus"][0]["buttons"][0]["args"][1]["frame"]["redraw"] is False


def test_trajectory_subsamples_frames_but_keeps_full_path():
    fig = F.trajectory(_walk(1, 1000, 3), ["s"], max_frames=200)
    frames = fig["frames"]
    assert len(frames) == 200
    assert frames[0]["name"] == "0" and frames[-1]["name"] == "999"
    assert len(fig["data"][0]["x"]) == 1000
    assert len(fig["layout"]["sliders"][0]["steps"]) == 200


def test_trajectory_payload_grows_linearly_with_frames():
    small = json.dumps(F.trajectory(_walk(1, 100, 3), ["s"], max_frames=1000))
    big = json.dumps(F.trajectory(_walk(1, 200, 3), ["s"], max_frames=1000))
    assert 1.7 < len(big) / len(small) < 2.3
    frames_small = json.dumps(F.trajectory(_walk(3, 100, 3), list("abc"))["frames"])
    frames_big = json.dumps(F.trajectory(_walk(3, 200, 3), list("abc"))["frames"])
    assert 1.8 < len(frames_big) / len(frames_small) < 2.2


@pytest.mark.parametrize("length", [200, 1000])
def test_trajectory_3d_200_frames_one_sequence_fits_500kb(length):
    labels = [chr(97 + t % 26) for t in range(length)]
    fig = F.trajectory(_walk(1, length, 3), ["s"], labels, max_frames=200)
    assert len(fig["frames"]) == 200
    assert len(json.dumps(fig)) <= 500_000


def test_trajectory_handles_constant_and_nan_points():
    pts = np.zeros((1, 5, 3))
    pts[0, 2, 1] = np.nan
    fig = F.trajectory(pts, ["flat"])
    _check(fig)
    lo, hi = fig["layout"]["scene"]["xaxis"]["range"]
    assert lo < 0 < hi
    assert fig["data"][0]["y"][2] is None


def test_trajectory_accepts_torch_tensor():
    _check(F.trajectory(torch.randn(1, 4, 2), ["t"]))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"points": np.zeros((1, 5, 4)), "labels": ["a"]}, "k = 2 or 3"),
        ({"points": np.zeros((5, 3)), "labels": ["a"]}, "3-D"),
        ({"points": np.zeros((2, 5, 3)), "labels": ["a"]}, "labels"),
        ({"points": np.zeros((1, 5, 3)), "labels": ["a"], "step_labels": list("abc")}, "step_labels"),
        ({"points": np.zeros((1, 5, 3)), "labels": ["a"], "max_frames": 1}, "max_frames"),
        ({"points": np.full((1, 5, 3), np.nan), "labels": ["a"]}, "finite"),
    ],
)
def test_trajectory_validates_shapes(kwargs, match):
    with pytest.raises(ValueError, match=match):
        F.trajectory(**kwargs)


# ------------------------------------------------------------------------------------------- others


def test_heatmap_is_diverging_and_centred():
    v = RNG.normal(size=(4, 6))
    fig = F.heatmap(v, list("abcdef"), y_title="unit", title="h")
    _check(fig)
    (tr,) = fig["data"]
    assert tr["type"] == "heatmap" and tr["zmid"] == 0 and tr["zmin"] == -tr["zmax"]
    assert np.array(tr["z"]).shape == (4, 6)
    assert fig["layout"]["xaxis"]["ticktext"] == list("abcdef")
    with pytest.raises(ValueError, match="x_labels"):
        F.heatmap(v, list("abc"))
    with pytest.raises(ValueError, match="2-D"):
        F.heatmap(np.zeros(3))


def test_heatmap_shows_whitespace_labels():
    fig = F.heatmap(np.zeros((2, 3)), ["a", " ", "\n"])
    assert fig["layout"]["xaxis"]["ticktext"] == ["a", "␣", "↵"]


def test_gates_over_time_small_multiples():
    gates = {"i": RNG.random((8, 5)), "f": RNG.random((8, 5)), "g": RNG.uniform(-1, 1, (8, 5)),
             "o": RNG.random((8, 5))}
    fig = F.gates_over_time(gates, list("abcdefgh"))
    _check(fig)
    data, lay = fig["data"], fig["layout"]
    assert [d["type"] for d in data] == ["heatmap"] * 4
    assert [(d["xaxis"], d["yaxis"]) for d in data] == [("x", "y"), ("x2", "y2"), ("x3", "y3"), ("x4", "y4")]
    assert [(d["zmin"], d["zmax"]) for d in data] == [(0.0, 1.0), (0.0, 1.0), (-1.0, 1.0), (0.0, 1.0)]
    assert np.array(data[0]["z"]).shape == (5, 8)  # units × time
    domains = [lay[f"yaxis{s}"]["domain"] for s in ("", "2", "3", "4")]
    for upper, lower in itertools.pairwise(domains):
        assert lower[1] < upper[0]  # stacked, not overlapping
    assert len(lay["annotations"]) == 4 and "forget gate" in lay["annotations"][1]["text"]

    fig = F.gates_over_time({"r": RNG.random((8, 5)), "n": RNG.uniform(-1, 1, (8, 5))}, mode="mean")
    _check(fig)
    assert len(fig["data"]) == 6
    assert fig["layout"]["yaxis2"]["range"] == [-1.0, 1.0]

    with pytest.raises(ValueError, match="share one"):
        F.gates_over_time({"i": np.zeros((3, 2)), "f": np.zeros((4, 2))})
    with pytest.raises(ValueError, match="mode"):
        F.gates_over_time(gates, mode="violin")


def test_gates_over_time_rnn_pre_activation_is_symmetric():
    fig = F.gates_over_time({"pre": np.array([[3.0, -1.0], [0.5, 2.0]])})
    _check(fig)
    assert (fig["data"][0]["zmin"], fig["data"][0]["zmax"]) == (-3.0, 3.0)


def test_eigen_plane_unit_circle_and_equal_aspect():
    eigs = 0.9 * np.exp(1j * np.array([0.3, -0.3]))
    fig = F.eigen_plane(eigs, 0.9)
    _check(fig)
    circle, points = fig["data"]
    assert len(circle["x"]) == 200
    np.testing.assert_allclose(np.hypot(circle["x"], circle["y"]), 1.0, atol=1e-3)
    np.testing.assert_allclose(points["x"], eigs.real, atol=1e-3)
    lay = fig["layout"]
    assert lay["yaxis"]["scaleanchor"] == "x" and lay["yaxis"]["scaleratio"] == 1
    assert lay["xaxis"]["range"] == lay["yaxis"]["range"]
    assert "0.900" in lay["title"]["text"]
    fig = F.eigen_plane({"i": eigs, "f": np.array([1.5 + 0j])}, {"i": 0.9, "f": 1.5})
    _check(fig)
    assert len(fig["data"]) == 3
    assert fig["layout"]["xaxis"]["range"][1] >= 1.5
    with pytest.raises(ValueError, match="1-D"):
        F.eigen_plane(np.eye(2))


def test_eigen_plane_accepts_spectrum_output():
    from playground.analysis import spectrum

    spec = spectrum(torch.nn.LSTM(2, 3).weight_hh_l0, "lstm")
    fig = F.eigen_plane(spec.blocks, spec.radii, title="Eigenvalues of each W_hh block")
    _check(fig)
    assert len(fig["data"]) == 5


def test_windows_figure_colours_by_batch():
    series = np.sin(np.arange(60) / 5)
    windows = [(s, 12) for s in range(0, 48, 6)]  # 8 windows
    fig = F.windows_figure(series, windows, seq_len=12, batch_size=3)
    _check(fig)
    data = fig["data"]
    assert data[0]["name"] == "series" and len(data[0]["y"]) == 60
    assert [d["name"] for d in data[1:]] == ["batch 1", "batch 2", "batch 3"]
    assert len({d["line"]["color"] for d in data[1:]}) == 3
    assert len({d["marker"]["symbol"] for d in data[1:]}) == 3  # and by symbol: never colour alone
    # Each window is a bar over its samples [start, start + length - 1], whole, on its own lane; 60 samples are
    # too close together for a symbol on each, so the batch's symbol marks the window's first sample.
    assert data[1]["x"][:4] == [-0.4, 0, 11.4, None] and data[1]["y"][:4] == [0, 0, 0, None]
    assert data[1]["marker"]["size"][:4] == [0, data[1]["marker"]["size"][1], 0, 0] and data[1]["marker"]["size"][1]
    assert "3 batches" in fig["layout"]["title"]["text"]
    padded = F.windows_figure(np.arange(1, 11), [(8, 2), (9, 1)], 3, 2)["data"]
    assert padded[-1]["name"] == "zero padding" and padded[-1]["x"] == [9.6, 10.4, None, 9.6, 11.4, None]
    assert padded[1]["x"] == [7.6, 8, 9, 9.4, None, 8.6, 9, 9.4, None]  # 10 samples: a symbol on each
    many = F.windows_figure(series, [(0, 5)] * 100, 5, 10, max_windows=20)
    assert "first 20" in many["layout"]["title"]["text"]
    with pytest.raises(ValueError, match="does not fit"):
        F.windows_figure(series, [(55, 12)], 12, 1)
    with pytest.raises(ValueError, match="pair"):
        F.windows_figure(series, [(3,)], 12, 1)


def test_long_tick_labels_get_fewer_ticks():
    numbers = [f"{v:+.2f}" for v in np.linspace(-1, 1, 40)]  # "+0.34": 5 characters
    ticks = F.heatmap(np.zeros((3, 40)), x_labels=numbers)["layout"]["xaxis"]
    assert len(ticks["tickvals"]) == 8 and ticks["ticktext"][1] == numbers[5]
    chars = F.heatmap(np.zeros((3, 40)), x_labels=list("abcdefghij" * 4))["layout"]["xaxis"]
    assert len(chars["tickvals"]) == 40


# ------------------------------------------------------------------------------------------- layout


def _plain(title: str) -> list[str]:
    """A title's lines without markup."""
    return [re.sub(r"</?\w+>", "", line) for line in title.split("<br>")]


WIDE = {"trajectory3d", "trajectory2d", "windows"}  # the charts as wide as the page


@pytest.mark.parametrize("name", list(_all_figures()))
def test_titles_wrap_and_legends_sit_at_the_bottom(name):
    lay = _all_figures()[name]["layout"]
    title = lay["title"]
    # From the figure's left edge, just above the plot, pushing the top margin as it wraps.
    assert (title["xref"], title["x"], title["xanchor"]) == ("container", 0.0, "left")
    assert (title["yref"], title["y"], title["yanchor"], title["automargin"]) == ("paper", 1.0, "bottom", True)
    budget = style.WIDE_TITLE_CHARS if name in WIDE else style.TITLE_CHARS
    for line in title["text"].split("<br>"):  # a <sup> subtitle line has a smaller font: 1.4 times the budget
        assert len(_plain(line)[0]) <= (1.4 * budget if line.startswith("<sup>") else budget), line
    # The legend is pinned to the figure's bottom, where it reserves its own margin: never over the title.
    legend = lay["legend"]
    assert (legend["orientation"], legend["yref"], legend["y"], legend["yanchor"]) == ("h", "container", 0.0, "bottom")


def test_wrap_breaks_long_titles_at_spaces_and_keeps_subtitles_small():
    text = style._wrap("cos(t): target vs prediction, sin(t) as input<br><sup>" + "word " * 20 + "</sup>", 30)
    lines = text.split("<br>")
    assert lines[:2] == ["cos(t): target vs prediction,", "sin(t) as input"]
    assert all(line.startswith("<sup>") and line.endswith("</sup>") for line in lines[2:]) and len(lines) > 3
    assert all(len(line) <= 42 for line in _plain(text))
    assert style._wrap("Training loss", 30) == "Training loss"
    unbreakable = "a_very_long_identifier_that_cannot_be_broken"
    assert style._wrap(unbreakable, 10) == unbreakable


def test_gate_labels_get_room_between_title_and_plot():
    fig = F.gates_over_time({g: RNG.random((6, 3)) for g in "ifgo"})
    assert fig["layout"]["title"]["pad"]["b"] >= 40  # the two-line label of the first gate
    assert all(a["text"].count("<br>") == 1 and a["align"] == "left" for a in fig["layout"]["annotations"])
