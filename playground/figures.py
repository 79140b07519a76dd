"""Plotly figures for the playground, built as plain dicts.

Every builder returns ``{"data": [...], "layout": {...}}`` (plus ``"frames"`` for animations) that
``st.plotly_chart`` (or ``plotly.graph_objects.Figure``) accepts. Plain dicts are much faster to
build than graph objects and serialise smaller. Builders only draw numbers they are given - they
never run a model. Floats are rounded to 4 significant digits to keep payloads small; NaN/inf become
``None`` (a gap in the plot).

Style: large fonts (projector-readable), the Okabe-Ito colour-blind-safe palette, viridis for
sequential values and a blue-white-red diverging scale centred at 0.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "DIVERGING",
    "PALETTE",
    "SEQUENTIAL",
    "char_probabilities",
    "eigen_plane",
    "gates_over_time",
    "gradient_norms",
    "heatmap",
    "loss_curve",
    "pca_axis_titles",
    "sequence_prediction",
    "trajectory",
    "windows_figure",
]

Fig = dict[str, Any]

#: Okabe-Ito colour-blind-safe palette (yellow last: it is hard to see on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
#: Blue (negative) - white (0) - red (positive); readable with the common colour-vision deficiencies.
DIVERGING = [
    [0.0, "#2166ac"],
    [0.25, "#92c5de"],
    [0.5, "#f7f7f7"],
    [0.75, "#f4a582"],
    [1.0, "#b2182b"],
]
SEQUENTIAL = "Viridis"

FONT_SIZE = 15
SMALL_FONT = 13
GRID = "#e3e3e3"
SIGFIGS = 4
# Plotly never wraps a title, so titles are broken into lines of at most this many characters: a half-page
# chart is ~270 px wide in a 1024 px window (sidebar open), ~35 characters of the 18 px title font.
TITLE_CHARS = 32
WIDE_TITLE_CHARS = 60  # a chart the width of the page

GATE_TITLES = {
    "i": "input gate i",
    "f": "forget gate f",
    "g": "candidate g (tanh)",
    "o": "output gate o",
    "r": "reset gate r",
    "z": "update gate z",
    "n": "candidate n (tanh)",
    "pre": "pre-activation",
}
_SIGMOID_GATES = {"i", "f", "o", "r", "z"}
_TANH_GATES = {"g", "n"}


# --------------------------------------------------------------------------------------------- helpers


def _round(values: Any, sig: int = SIGFIGS) -> list:
    """Nested list of floats rounded to ``sig`` significant digits; NaN/inf -> None. Integers stay ints."""
    raw = np.asarray(values)
    if raw.dtype.kind in "iub":
        return raw.astype(np.int64).tolist()
    a = raw.astype(np.float64)
    out = a.copy()
    ok = np.isfinite(a)
    nz = ok & (a != 0.0)
    if nz.any():
        v = a[nz]
        d = sig - 1 - np.floor(np.log10(np.abs(v))).astype(np.int64)
        d = np.clip(d, -300, 300)
        r = np.empty_like(v)
        up = d >= 0
        s = 10.0 ** d[up]
        r[up] = np.round(v[up] * s) / s
        s = 10.0 ** (-d[~up])
        r[~up] = np.round(v[~up] / s) * s
        out[nz] = r
    if ok.all():
        if out.size and np.all(out == np.round(out)) and np.abs(out).max() < 2**53:
            return out.astype(np.int64).tolist()  # e.g. step numbers: "10", not "10.0"
        return out.tolist()
    obj = out.astype(object)
    obj[~ok] = None
    return obj.tolist()


def _float(x: float, sig: int = SIGFIGS) -> float:
    return float(_round([x], sig)[0])


def _wrap(text: str, width: int) -> str:
    """``text`` broken with <br> into lines of at most ``width`` characters, at spaces.

    Lines already split by <br> are wrapped one by one; a ``<sup>...</sup>`` subtitle line (smaller
    font) gets 1.4 times the budget.
    """
    lines: list[str] = []
    for line in text.split("<br>"):
        sup = line.startswith("<sup>") and line.endswith("</sup>")
        inner = line[5:-6] if sup else line
        parts = textwrap.wrap(inner, int(width * 1.4) if sup else width, break_long_words=False,
                              break_on_hyphens=False) or [inner]
        lines += [f"<sup>{part}</sup>" for part in parts] if sup else parts
    return "<br>".join(lines)


def _title(text: str, width: int = TITLE_CHARS, size: int = FONT_SIZE + 3, gap: int = 0) -> dict:
    """A title from the figure's left edge (not the plot area's, so a long title gets the whole width), just
    above the plot, ``gap`` pixels higher (room for notes between them). automargin grows the top margin to
    fit however many lines it wraps to (anchored to the container's top instead, plotly 3.8 draws a
    multi-line title partly off the figure)."""
    return {"text": _wrap(text, width), "font": {"size": size}, "x": 0.0, "xanchor": "left", "xref": "container",
            "y": 1.0, "yanchor": "bottom", "yref": "paper", "pad": {"l": 8, "b": 12 + gap}, "automargin": True}


def _axis(title: str | None = None, **extra: Any) -> dict:
    ax: dict[str, Any] = {
        "gridcolor": GRID,
        "zerolinecolor": "#bdbdbd",
        "linecolor": "#888888",
        "showline": True,
        "tickfont": {"size": SMALL_FONT + 1},
        "automargin": True,
    }
    if title:
        # A small standoff (Streamlit's theme sets ~30 px) leaves the plot more room in a narrow column.
        ax["title"] = {"text": title, "font": {"size": FONT_SIZE}, "standoff": 12}
    ax.update(extra)
    return ax


def _layout(title: str, height: int | None = 420, wide: bool = False, title_gap: int = 0, **extra: Any) -> dict:
    """The common layout; ``wide`` for a chart the width of the page (its title wraps later), ``title_gap``
    pixels kept free between the title and the plot.

    The legend sits at the very bottom of the figure: a container-referenced legend reserves its own
    margin, so it can collide neither with the title nor with the x axis, however narrow the chart.
    ``margin`` in ``extra`` is merged into the defaults.
    """
    margin = {"l": 70, "r": 30, "t": 30, "b": 50, **extra.pop("margin", {})}
    lay: dict[str, Any] = {
        "title": _title(title, WIDE_TITLE_CHARS if wide else TITLE_CHARS, gap=title_gap),
        "font": {"size": FONT_SIZE, "family": "Arial, Helvetica, sans-serif", "color": "#222222"},
        "colorway": PALETTE,
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": margin,
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "legend": {"font": {"size": SMALL_FONT + 1}, "orientation": "h", "xref": "container", "x": 0.0,
                   "xanchor": "left", "yref": "container", "y": 0.0, "yanchor": "bottom"},
    }
    if height is not None:
        lay["height"] = height
    lay.update(extra)
    return lay


def _as_array(x: Any, name: str, ndim: int | tuple[int, ...]) -> np.ndarray:
    if hasattr(x, "detach"):  # a torch tensor slipped through
        x = x.detach().cpu().numpy()
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {type(x).__name__}") from exc
    dims = (ndim,) if isinstance(ndim, int) else ndim
    if a.ndim not in dims:
        want = " or ".join(f"{d}-D" for d in dims)
        raise ValueError(f"{name} must be {want}, got shape {a.shape}")
    return a


def _labels(labels: Sequence[Any] | None, n: int, name: str) -> list[str] | None:
    if labels is None:
        return None
    out = [_show_char(x) for x in labels]
    if len(out) != n:
        raise ValueError(f"{name} must have {n} entries (one per time step), got {len(out)}")
    return out


def _show_char(x: Any) -> str:
    """Make whitespace characters visible in tick labels."""
    s = str(x)
    return {" ": "␣", "\n": "↵", "\t": "⇥", "": "∅"}.get(s, s)


def _ticks(labels: list[str] | None, n: int, max_ticks: int = 40) -> dict:
    """Tick settings for an index axis 0..n-1 showing ``labels`` (subsampled when there are many).

    Longer labels get fewer ticks, so they never overlap on a half-page chart: 40 single characters,
    but 8 numbers like "+0.34".
    """
    if labels is None:
        return {}
    longest = max((len(label) for label in labels), default=1)
    budget = max(4, max_ticks // max(1, longest))
    step = max(1, int(np.ceil(n / budget)))
    idx = list(range(0, n, step))
    return {"tickmode": "array", "tickvals": idx, "ticktext": [labels[i] for i in idx]}


def _range(values: np.ndarray, pad: float = 0.08) -> list[float]:
    """A fixed axis range covering all finite ``values`` with a margin."""
    v = values[np.isfinite(values)]
    if v.size == 0:
        return [-1.0, 1.0]
    lo, hi = float(v.min()), float(v.max())
    span = hi - lo
    margin = pad * span if span > 0 else max(0.5, 0.1 * abs(lo))
    return [_float(lo - margin), _float(hi + margin)]


def _log_label(mantissa: int, exponent: int) -> str:
    """mantissa·10^exponent written in full: "0.05", "1000", "10<sup>−6</sup>", "2×10<sup>−6</sup>" (never a
    bare "5" meaning 0.5)."""
    if -3 <= exponent <= 3:
        return f"{mantissa * 10.0**exponent:g}"
    power = f"10<sup>{exponent}</sup>".replace("-", "−")  # <sup>: Plotly draws it larger than "⁻⁶"
    return power if mantissa == 1 else f"{mantissa}×{power}"


def _log_ticks(positive: np.ndarray, max_labels: int = 5) -> dict:
    """Log-axis ticks readable at any range: at most ``max_labels`` labels, each the full value.

    Plotly's own ticks label every decade (they pile up once the loss spans 10+ decades) or, over one
    or two decades, label 2 and 5 as bare digits ("5" for 0.5). Here: powers of ten, every 2nd, 3rd...
    one when there are many; with fewer than two powers of ten in the data, 1-2-5 steps on a range at
    least 0.8 decades tall, so that two of them show.
    """
    if positive.size == 0:
        return {}
    lo, hi = float(np.log10(positive.min())), float(np.log10(positive.max()))
    powers = range(int(np.ceil(lo - 0.02)), int(np.floor(hi + 0.02)) + 1)  # the autorange pads ~5%
    if len(powers) >= 2:
        every = -(-len(powers) // max_labels)
        ticks = [(1, e) for e in powers if e % every == 0]
        extra: dict[str, Any] = {}
    else:
        pad = max(0.05, (0.8 - (hi - lo)) / 2)
        lo, hi = lo - pad, hi + pad
        ticks = [(m, e) for e in range(int(np.floor(lo)), int(np.ceil(hi)) + 1) for m in (1, 2, 5)
                 if lo <= np.log10(m) + e <= hi]
        extra = {"range": [_float(lo), _float(hi)], "autorange": False}
    return {"tickmode": "array", "tickvals": [_float(m * 10.0**e) for m, e in ticks],
            "ticktext": [_log_label(m, e) for m, e in ticks], **extra}


def pca_axis_titles(explained_variance_ratio: Sequence[float]) -> list[str]:
    """Axis titles like 'PC1 (62%)' for :func:`trajectory` from a PCA's explained-variance ratio."""
    return [f"PC{i + 1} ({100 * float(r):.0f}%)" for i, r in enumerate(explained_variance_ratio)]


# ---------------------------------------------------------------------------------------- loss curve


def loss_curve(
    steps: Sequence[float],
    losses: Sequence[float],
    metric: Sequence[float] | None = None,
    metric_name: str | None = None,
    log_y: bool = True,
    title: str = "Training loss",
    refused: Sequence[tuple[int, float | None, str]] = (),
    target: tuple[str, float, str] | None = None,
) -> Fig:
    """Loss vs training step; the task metric (e.g. accuracy), if given, on a second y axis.

    Shapes: ``steps``, ``losses`` and ``metric`` are 1-D of the same length (may be empty). A log
    axis is used only when every finite loss is positive. No legend: each y axis title has its line's
    colour, which leaves the plot more room in a narrow column.

    ``refused``: (step, loss before it, what was not finite) for each step the guard refused, drawn as a
    cross where the curve was when it spiked. ``target``: ("loss" or "metric", threshold, label), drawn
    as a dashed line on that value's axis.
    """
    x = _as_array(steps, "steps", 1)
    y = _as_array(losses, "losses", 1)
    if x.shape != y.shape:
        raise ValueError(f"steps and losses must have the same length, got {x.shape[0]} and {y.shape[0]}")
    finite = y[np.isfinite(y)]
    use_log = bool(log_y and finite.size > 0 and (finite > 0).all())
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "loss",
            "x": _round(x),
            "y": _round(y),
            "line": {"color": PALETTE[0], "width": 2.5},
            "hovertemplate": "step %{x}<br>loss %{y:.4g}<extra></extra>",
        }
    ]
    layout = _layout(
        title,
        xaxis=_axis("training step"),
        yaxis=_axis("loss" + (" (log scale)" if use_log else ""), type="log" if use_log else "linear",
                    **(_log_ticks(finite) if use_log else {})),
        showlegend=False,
        margin={"l": 20, "r": 20},  # automargin makes room for the tick labels and the second axis
    )
    layout["yaxis"]["title"]["font"]["color"] = PALETTE[0]
    if metric is not None:
        m = _as_array(metric, "metric", 1)
        if m.shape != x.shape:
            raise ValueError(f"metric must have the same length as steps ({x.shape[0]}), got {m.shape[0]}")
        name = metric_name or "metric"
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "x": _round(x),
                "y": _round(m),
                "yaxis": "y2",
                "line": {"color": PALETTE[1], "width": 2.5, "dash": "dot"},
                "hovertemplate": f"step %{{x}}<br>{name} %{{y:.4g}}<extra></extra>",
            }
        )
        # tickmode 'auto': an overlaying axis would otherwise sync its ticks to the (log) loss axis.
        layout["yaxis2"] = _axis(name, overlaying="y", side="right", showgrid=False, tickmode="auto")
        layout["yaxis2"]["title"]["font"]["color"] = PALETTE[1]
    if target is not None and x.size:
        field, threshold, label = target
        on_metric = field == "metric" and metric is not None
        if on_metric or field == "loss":
            data.append({"type": "scatter", "mode": "lines", "name": f"target: {label}",
                         "x": [_float(x.min()), _float(x.max())], "y": [threshold, threshold],
                         "yaxis": "y2" if on_metric else "y", "hoverinfo": "skip",
                         "line": {"color": PALETTE[2], "width": 1.5, "dash": "dash"}})
    if refused:
        last = float(y[np.isfinite(y)][-1]) if np.isfinite(y).any() else 1.0
        data.append({"type": "scatter", "mode": "markers", "name": "refused step",
                     "x": [step for step, _, _ in refused],
                     "y": [_float(before) if before is not None and np.isfinite(before) else _float(last)
                           for _, before, _ in refused],
                     "text": [what for _, _, what in refused],
                     "marker": {"symbol": "x", "size": 13, "color": PALETTE[3], "line": {"width": 1}},
                     "hovertemplate": "step %{x} refused: %{text} was not finite; rolled back<extra></extra>"})
    return {"data": data, "layout": layout}


# ---------------------------------------------------------------------------------------- trajectory


def trajectory(
    points: np.ndarray,
    labels: Sequence[str],
    step_labels: Sequence[str] | None = None,
    max_frames: int = 200,
    title: str = "Hidden-state trajectory (PCA)",
    axis_titles: Sequence[str] | None = None,
    frame_ms: int = 60,
) -> Fig:
    """Animated path of the hidden state through PCA space, one path per sequence.

    ``points`` is (S, L, k) with k = 2 (Scatter) or 3 (Scatter3d): S sequences, L time steps,
    projected by a PCA fitted once (see ``analysis.fit_pca``). ``labels`` names each sequence;
    ``step_labels`` (length L, e.g. the input character at each step) is shown on hover and on the
    time slider. Static traces: one line+marker path per sequence with marker colour = time step
    (colorbar "time step"). Animated traces: one moving marker per sequence. Frames hold only those
    markers, so the payload grows linearly with the number of frames; frames are subsampled to at
    most ``max_frames``. Axis ranges are fixed so the view does not jump, and in 3-D the camera is
    kept across reruns (``uirevision``).
    ``axis_titles``: e.g. ``pca_axis_titles(pca.explained_variance_ratio)``; default PC1, PC2, PC3.
    """
    p = _as_array(points, "points", 3)
    s, n_steps, k = p.shape
    if k not in (2, 3):
        raise ValueError(f"points must be (S, L, k) with k = 2 or 3, got k = {k}")
    if s < 1 or n_steps < 1:
        raise ValueError(f"points must hold at least one sequence and one step, got shape {p.shape}")
    names = [str(x) for x in labels]
    if len(names) != s:
        raise ValueError(f"labels must name each of the {s} sequences, got {len(names)}")
    steps_txt = _labels(step_labels, n_steps, "step_labels")
    if max_frames < 2:
        raise ValueError(f"max_frames must be at least 2, got {max_frames}")
    if not np.isfinite(p).any():
        raise ValueError("points contain no finite values (did training diverge?)")
    titles = list(axis_titles) if axis_titles is not None else [f"PC{i + 1}" for i in range(k)]
    if len(titles) != k:
        raise ValueError(f"axis_titles must have {k} entries, got {len(titles)}")

    is3d = k == 3
    trace_type = "scatter3d" if is3d else "scatter"
    coords = ("x", "y", "z")[:k]
    ranges = [_range(p[..., d]) for d in range(k)]
    if n_steps > max_frames:
        frame_idx = np.unique(np.linspace(0, n_steps - 1, max_frames).round().astype(int)).tolist()
    else:
        frame_idx = list(range(n_steps))

    hover = [f"t={t}" + (f" · input '{steps_txt[t]}'" if steps_txt else "") for t in range(n_steps)]
    time_colour = list(range(n_steps))
    data: list[dict] = []
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        trace: dict[str, Any] = {
            "type": trace_type,
            "mode": "lines+markers",
            "name": name,
            "legendgroup": name,
            "line": {"color": colour, "width": 4 if is3d else 2},
            "marker": {
                "color": time_colour,
                "colorscale": SEQUENTIAL,
                "cmin": 0,
                "cmax": max(n_steps - 1, 1),
                "size": 3.5 if is3d else 7,
                "showscale": i == 0,
            },
            "text": hover,
            "hovertemplate": f"{name}<br>%{{text}}<extra></extra>",
        }
        if i == 0:
            trace["marker"]["colorbar"] = {
                "title": {"text": "time step", "side": "right", "font": {"size": FONT_SIZE}},
                "tickfont": {"size": SMALL_FONT},
                "thickness": 16,
                "len": 0.75,
            }
        for d, c in enumerate(coords):
            trace[c] = _round(p[i, :, d])
        data.append(trace)

    first = frame_idx[0]
    for i, name in enumerate(names):
        marker: dict[str, Any] = {
            "type": trace_type,
            "mode": "markers",
            "name": f"{name} (now)",
            "legendgroup": name,
            "showlegend": False,
            "marker": {
                "color": PALETTE[i % len(PALETTE)],
                "size": 9 if is3d else 16,
                "symbol": "diamond" if is3d else "circle",
                "line": {"color": "#000000", "width": 2},
            },
            "hoverinfo": "skip",
        }
        for d, c in enumerate(coords):
            marker[c] = _round(p[i, first : first + 1, d])
        data.append(marker)

    moving = list(range(s, 2 * s))
    # Round every coordinate once, then slice per frame.
    rounded = [[_round(p[i, :, d]) for d in range(k)] for i in range(s)]
    frames = []
    for t in frame_idx:
        fdata = []
        for i in range(s):
            fd: dict[str, Any] = {"type": trace_type}
            for d, c in enumerate(coords):
                fd[c] = [rounded[i][d][t]]
            fdata.append(fd)
        frames.append({"name": str(t), "data": fdata, "traces": moving})

    redraw = is3d
    slider_steps = [
        {
            "method": "animate",
            "label": f"{t}" + (f"  '{steps_txt[t]}'" if steps_txt else ""),
            "args": [[str(t)], {"mode": "immediate", "frame": {"duration": 0, "redraw": redraw},
                                "transition": {"duration": 0}}],
        }
        for t in frame_idx
    ]
    play = {
        "label": "▶ Play",
        "method": "animate",
        "args": [None, {"frame": {"duration": frame_ms, "redraw": redraw}, "fromcurrent": True,
                        "transition": {"duration": 0}, "mode": "immediate"}],
    }
    pause = {
        "label": "❚❚ Pause",
        "method": "animate",
        "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
                          "transition": {"duration": 0}}],
    }
    many = len(frame_idx) > 25
    layout = _layout(
        title,
        height=620 if is3d else 560,
        wide=True,
        uirevision="trajectory",
        margin={"l": 60, "r": 30, "b": 175},
        updatemenus=[{
            "type": "buttons",
            "direction": "left",
            "showactive": False,
            "x": 0.0,
            "xanchor": "left",
            "y": 0.0,
            "yanchor": "top",
            "pad": {"t": 135, "r": 10},  # under the slider: beside it, they covered its label in a narrow chart
            "font": {"size": FONT_SIZE},
            "buttons": [play, pause],
        }],
        sliders=[{
            "active": 0,
            "x": 0.0,
            "len": 1.0,
            "y": 0.0,
            "yanchor": "top",
            "pad": {"t": 40, "b": 10},
            # With many steps the per-step tick labels overlap: hide them, the current value shows.
            "font": {"size": SMALL_FONT, "color": "rgba(0,0,0,0)" if many else "#222222"},
            "currentvalue": {"prefix": "time step ", "font": {"size": FONT_SIZE, "color": "#222222"},
                             "xanchor": "left"},
            "transition": {"duration": 0},
            "steps": slider_steps,
        }],
    )
    if is3d:
        # The camera a little further out than plotly's default: the axis titles stay inside the figure.
        scene: dict[str, Any] = {"aspectmode": "cube", "uirevision": "trajectory",
                                 "camera": {"eye": {"x": 1.6, "y": 1.6, "z": 1.2}}}
        for d, c in enumerate(coords):
            scene[f"{c}axis"] = {
                "title": {"text": titles[d], "font": {"size": FONT_SIZE}},
                "range": ranges[d],
                "autorange": False,
                "gridcolor": GRID,
                "backgroundcolor": "white",
                "tickfont": {"size": SMALL_FONT},
            }
        layout["scene"] = scene
    else:
        layout["xaxis"] = _axis(titles[0], range=ranges[0], autorange=False)
        layout["yaxis"] = _axis(titles[1], range=ranges[1], autorange=False)
    return {"data": data, "layout": layout, "frames": frames}


# ------------------------------------------------------------------------------------------ heatmaps


def heatmap(
    values: np.ndarray,
    x_labels: Sequence[str] | None = None,
    y_title: str = "unit",
    title: str = "Hidden state over time",
    colorbar_title: str = "value",
) -> Fig:
    """Units × time heatmap of ``values`` (H, L) on a diverging colour scale centred at 0.

    ``x_labels`` (length L, e.g. the input characters) label the time axis; None shows step numbers.
    """
    v = _as_array(values, "values", 2)
    h, n_steps = v.shape
    xl = _labels(x_labels, n_steps, "x_labels")
    vmax = np.abs(v[np.isfinite(v)]).max() if np.isfinite(v).any() else 1.0
    vmax = _float(vmax) if vmax > 0 else 1.0
    trace = {
        "type": "heatmap",
        "z": _round(v),
        "x": list(range(n_steps)),
        "y": list(range(h)),
        "colorscale": DIVERGING,
        "zmid": 0,
        "zmin": -vmax,
        "zmax": vmax,
        "colorbar": {"title": {"text": colorbar_title, "side": "right"}, "thickness": 16},
        "hovertemplate": f"t=%{{x}}<br>{y_title} %{{y}}<br>%{{z:.3f}}<extra></extra>",
    }
    layout = _layout(
        title,
        height=max(320, min(720, 140 + 14 * h)),
        xaxis=_axis("time step", showgrid=False, **_ticks(xl, n_steps)),
        yaxis=_axis(y_title, showgrid=False),
    )
    return {"data": [trace], "layout": layout}


def _gate_range(name: str, arr: np.ndarray) -> tuple[float, float, Any, bool]:
    """(zmin, zmax, colorscale, bounded) for a gate by its activation."""
    if name in _SIGMOID_GATES:
        return 0.0, 1.0, SEQUENTIAL, True
    if name in _TANH_GATES:
        return -1.0, 1.0, DIVERGING, True
    finite = arr[np.isfinite(arr)]
    m = float(np.abs(finite).max()) if finite.size else 1.0
    m = _float(m) if m > 0 else 1.0
    return -m, m, DIVERGING, False


def gates_over_time(
    gates: Mapping[str, np.ndarray],
    x_labels: Sequence[str] | None = None,
    mode: str = "heatmap",
    title: str = "Gate activations over time",
) -> Fig:
    """Small multiples, one row per gate: units × time heatmaps, or the mean over units with a ±1 std band.

    ``gates`` maps a gate name to its (L, H) activations ('i','f','g','o' for LSTM; 'r','z','n'
    for GRU; 'pre' for a plain RNN). Sigmoid gates are drawn on [0, 1] (viridis), the tanh
    candidates g/n on [-1, 1] (diverging); other arrays on a symmetric range. ``mode`` is
    'heatmap' or 'mean' (cheaper for many units).
    """
    if mode not in ("heatmap", "mean"):
        raise ValueError(f"mode must be 'heatmap' or 'mean', got {mode!r}")
    if not gates:
        raise ValueError("gates is empty: expected a dict gate name -> (L, H) array")
    arrays = {str(k): _as_array(v, f"gates[{k!r}]", 2) for k, v in gates.items()}
    shapes = {a.shape for a in arrays.values()}
    if len(shapes) != 1:
        raise ValueError(f"all gate arrays must share one (L, H) shape, got {sorted(shapes)}")
    n_steps = next(iter(shapes))[0]
    xl = _labels(x_labels, n_steps, "x_labels")
    n = len(arrays)
    gap = 0.1 if n > 1 else 0.0
    row_h = (1.0 - gap * (n - 1)) / n
    data: list[dict] = []
    annotations: list[dict] = []
    layout = _layout(title, height=120 + 190 * n, title_gap=40)  # the first gate's label sits in the gap
    for j, (name, arr) in enumerate(arrays.items()):
        top = 1.0 - j * (row_h + gap)
        domain = [max(0.0, _float(top - row_h)), min(1.0, _float(top))]
        suffix = "" if j == 0 else str(j + 1)
        xa, ya = f"x{suffix}", f"y{suffix}"
        zmin, zmax, scale, bounded = _gate_range(name, arr)
        last = j == n - 1
        layout[f"xaxis{suffix}"] = _axis(
            "time step" if last else None,
            anchor=ya,
            showticklabels=last,
            showgrid=mode == "mean",
            **({} if j == 0 else {"matches": "x"}),
            **_ticks(xl, n_steps),
        )
        label = GATE_TITLES.get(name, name)
        rng = f"[{zmin:g}, {zmax:g}]" if bounded else "symmetric"
        annotations.append({
            "text": f"<b>{label}</b><br>range {rng}",  # two short lines: a narrow plot cuts one long one
            "xref": "paper", "yref": "paper", "x": 0.0, "y": domain[1],
            "xanchor": "left", "yanchor": "bottom", "align": "left", "showarrow": False,
            "font": {"size": FONT_SIZE - 1},
        })
        if mode == "heatmap":
            h = arr.shape[1]
            layout[f"yaxis{suffix}"] = _axis("unit", domain=domain, anchor=xa, showgrid=False)
            data.append({
                "type": "heatmap",
                "name": name,
                "z": _round(arr.T),
                "x": list(range(n_steps)),
                "y": list(range(h)),
                "xaxis": xa,
                "yaxis": ya,
                "colorscale": scale,
                "zmin": zmin,
                "zmax": zmax,
                **({"zmid": 0} if scale is DIVERGING else {}),
                "colorbar": {
                    "y": _float((domain[0] + domain[1]) / 2), "len": _float(row_h * 0.95),
                    "thickness": 14, "tickfont": {"size": SMALL_FONT},
                },
                "hovertemplate": f"{name}: t=%{{x}}, unit %{{y}}<br>%{{z:.3f}}<extra></extra>",
            })
        else:
            layout[f"yaxis{suffix}"] = _axis("mean", domain=domain, anchor=xa, range=[zmin, zmax])
            with np.errstate(all="ignore"):
                mean = np.nanmean(arr, axis=1) if np.isfinite(arr).any() else np.full(n_steps, np.nan)
                std = np.nanstd(arr, axis=1) if np.isfinite(arr).any() else np.full(n_steps, np.nan)
            x = list(range(n_steps))
            colour = PALETTE[j % len(PALETTE)]
            common = {"type": "scatter", "x": x, "xaxis": xa, "yaxis": ya, "legendgroup": name}
            data.append({**common, "y": _round(np.clip(mean + std, zmin, zmax)), "mode": "lines",
                         "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"})
            data.append({**common, "y": _round(np.clip(mean - std, zmin, zmax)), "mode": "lines",
                         "line": {"width": 0}, "fill": "tonexty", "fillcolor": "rgba(120,120,120,0.25)",
                         "showlegend": False, "hoverinfo": "skip"})
            data.append({**common, "y": _round(mean), "mode": "lines", "name": name,
                         "line": {"color": colour, "width": 2.5}, "showlegend": False,
                         "hovertemplate": f"{name}: t=%{{x}}<br>mean %{{y:.3f}}<extra></extra>"})
    layout["annotations"] = annotations
    return {"data": data, "layout": layout}


# ---------------------------------------------------------------------------------- gradient norms


def gradient_norms(
    norms: np.ndarray | Mapping[str, np.ndarray],
    log_y: bool = True,
    x_labels: Sequence[str] | None = None,
    title: str = "How much each hidden state affects the loss: ‖∂L/∂hₜ‖",
) -> Fig:
    """‖∂L/∂h_t‖ against time step t (lines + markers, log y axis).

    ``norms`` is (L,) or a dict label -> (L,) (e.g. one per layer or cell type). An annotation gives
    the ratio of the first to the last step for each series: tiny means the gradient vanished on its
    way back through time, huge means it exploded. Zeros are not drawn on the log axis.
    """
    series = {"‖∂L/∂hₜ‖": norms} if not isinstance(norms, Mapping) else dict(norms)
    if not series:
        raise ValueError("norms is empty")
    arrays = {str(k): _as_array(v, f"norms[{k!r}]", 1) for k, v in series.items()}
    lengths = {a.shape[0] for a in arrays.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"all gradient-norm series must share one non-zero length L, got {sorted(lengths)}")
    n_steps = lengths.pop()
    xl = _labels(x_labels, n_steps, "x_labels")
    positive = np.concatenate([a[np.isfinite(a) & (a > 0)] for a in arrays.values()])
    use_log = bool(log_y and positive.size > 0)
    data = []
    notes = []
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
    for j, (name, a) in enumerate(arrays.items()):
        y = np.where(a > 0, a, np.nan) if use_log else a
        data.append({
            "type": "scatter",
            "mode": "lines+markers" if n_steps <= 150 else "lines",
            "name": name,
            "x": list(range(n_steps)),
            "y": _round(y),
            "line": {"color": PALETTE[j % len(PALETTE)], "width": 2.5},
            "marker": {"size": 7, "symbol": symbols[j % len(symbols)]},
            "hovertemplate": f"{name}<br>t=%{{x}}<br>‖∂L/∂h‖ = %{{y:.3g}}<extra></extra>",
        })
        if n_steps > 1 and a[-1] > 0 and np.isfinite(a[[0, -1]]).all():
            ratio = a[0] / a[-1]
            hint = "  (vanishing)" if ratio < 1e-3 else "  (exploding)" if ratio > 1e3 else ""
            prefix = f"{name}: " if len(arrays) > 1 else ""
            notes.append(f"{prefix}first / last step = {ratio:.2g}{hint}")
    # Top to bottom: the title, the first/last notes (a line per series), the plot, the legend: nothing
    # overlaps however many series there are.
    layout = _layout(
        title,
        height=420 + 18 * len(notes),
        wide=True,
        xaxis=_axis("time step t", **_ticks(xl, n_steps)),
        yaxis=_axis("‖∂L/∂hₜ‖" + (" (log)" if use_log else ""), type="log" if use_log else "linear",
                    **(_log_ticks(positive) if use_log else {})),
        showlegend=len(arrays) > 1,
        title_gap=18 * len(notes) + 4,
        margin={"l": 80},
    )
    if notes:
        layout["annotations"] = [{
            "text": "<br>".join(notes),
            "xref": "paper", "yref": "paper", "x": 0.0, "y": 1.0,
            "xanchor": "left", "yanchor": "bottom", "align": "left", "showarrow": False,
            "font": {"size": SMALL_FONT + 1},
        }]
    return {"data": data, "layout": layout}


# -------------------------------------------------------------------------------------- eigenvalues


def eigen_plane(
    eigs: np.ndarray | Mapping[str, np.ndarray],
    spectral_radius: float | Mapping[str, float] | None = None,
    title: str = "Eigenvalues of W_hh",
) -> Fig:
    """Eigenvalues on the complex plane with the unit circle |λ| = 1, equal aspect ratio.

    ``eigs`` is a complex 1-D array or a dict name -> complex 1-D array (e.g. ``Spectrum.blocks``);
    ``spectral_radius`` a float or a dict name -> float (e.g. ``Spectrum.radii``), shown in the title
    (None: the largest |λ| is shown). Eigenvalues outside the circle can grow the state step after step.
    """
    groups = {"λ": eigs} if not isinstance(eigs, Mapping) else dict(eigs)
    if not groups:
        raise ValueError("eigs is empty")
    arrays: dict[str, np.ndarray] = {}
    for k, v in groups.items():
        a = np.asarray(v.detach().cpu().numpy() if hasattr(v, "detach") else v).astype(np.complex128)
        if a.ndim != 1:
            raise ValueError(f"eigenvalues for {k!r} must be a 1-D (complex) array, got shape {a.shape}")
        arrays[str(k)] = a
    allv = np.concatenate(list(arrays.values()))
    finite = allv[np.isfinite(allv)]
    rmax = float(np.abs(finite).max()) if finite.size else 0.0
    lim = _float(max(1.2, 1.15 * rmax))  # room for a whole marker at the largest |λ|

    theta = np.linspace(0.0, 2.0 * np.pi, 200)
    data: list[dict] = [{
        "type": "scatter",
        "mode": "lines",
        "name": "unit circle |λ| = 1",
        "x": _round(np.cos(theta)),
        "y": _round(np.sin(theta)),
        "line": {"color": "#777777", "width": 1.5, "dash": "dash"},
        "hoverinfo": "skip",
    }]
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
    for j, (name, a) in enumerate(arrays.items()):
        data.append({
            "type": "scatter",
            "mode": "markers",
            "name": GATE_TITLES.get(name, name) if len(arrays) > 1 else "eigenvalue λ",
            "x": _round(a.real),
            "y": _round(a.imag),
            "marker": {"size": 10, "color": PALETTE[j % len(PALETTE)], "symbol": symbols[j % len(symbols)],
                       "opacity": 0.85, "line": {"color": "white", "width": 1}},
            "cliponaxis": False,
            "hovertemplate": "Re %{x:.3f}<br>Im %{y:.3f}<extra>" + name + "</extra>",
        })

    if isinstance(spectral_radius, Mapping):
        rho = " · ".join(f"{k} {float(v):.3f}" for k, v in spectral_radius.items())
        radius = f"spectral radius ρ: {rho}"
    else:
        r = rmax if spectral_radius is None else float(spectral_radius)
        radius = f"spectral radius ρ = {r:.3f}"
    # The radius on a line of its own and the legend under the plot: the figure often gets half a page.
    layout = _layout(
        f"{title}<br><sup>{radius}</sup>",
        height=500,
        xaxis=_axis("Re λ", range=[-lim, lim], zeroline=True, constrain="domain"),
        yaxis=_axis("Im λ", range=[-lim, lim], zeroline=True, scaleanchor="x", scaleratio=1,
                    constrain="domain"),
        margin={"l": 60, "r": 20},
    )
    return {"data": data, "layout": layout}


# ------------------------------------------------------------------------------------- task figures


def sequence_prediction(
    t: Sequence[float],
    target: Sequence[float],
    prediction: Sequence[float],
    inputs: Sequence[float] | None = None,
    title: str = "Target vs prediction",
) -> Fig:
    """Sine task: the target and the model's prediction over the window (the input dashed, if given).

    All arrays are 1-D of the same length L.
    """
    x = _as_array(t, "t", 1)
    arrays = {"target": _as_array(target, "target", 1), "prediction": _as_array(prediction, "prediction", 1)}
    if inputs is not None:
        arrays["input"] = _as_array(inputs, "inputs", 1)
    for name, a in arrays.items():
        if a.shape != x.shape:
            raise ValueError(f"{name} must have the same length as t ({x.shape[0]}), got {a.shape[0]}")
    xs = _round(x)
    data = []
    if "input" in arrays:
        data.append({"type": "scatter", "mode": "lines", "name": "input", "x": xs,
                     "y": _round(arrays["input"]), "line": {"color": PALETTE[5], "width": 2, "dash": "dash"}})
    data.append({"type": "scatter", "mode": "lines", "name": "target", "x": xs,
                 "y": _round(arrays["target"]), "line": {"color": "#222222", "width": 3}})
    data.append({"type": "scatter", "mode": "lines+markers" if x.size <= 120 else "lines",
                 "name": "prediction", "x": xs, "y": _round(arrays["prediction"]),
                 "line": {"color": PALETTE[3], "width": 2.5}, "marker": {"size": 6}})
    layout = _layout(
        title,
        xaxis=_axis("t"),
        yaxis=_axis("value"),
        hovermode="x unified",
    )
    return {"data": data, "layout": layout}


def char_probabilities(
    probs: np.ndarray,
    vocab: Sequence[str],
    input_chars: Sequence[str],
    predicted_chars: Sequence[str],
    top_k: int = 5,
    title: str = "Next-character probabilities",
    max_rows: int = 30,
    output_label: str = "next character",
) -> Fig:
    """Heatmap of P(next char = c) for each vocabulary char c (rows) at each step (columns).

    ``probs`` is (L, V) (rows are softmax outputs), ``vocab`` the V characters, ``input_chars`` and
    ``predicted_chars`` length L. The x axis shows the input character at each step; the predicted
    character is written in its cell. With more than ``max_rows`` characters only the chars that are
    among the ``top_k`` most likely at some step get a row. ``output_label`` names the rows' axis: the next
    character for a language model, the output character for a mapping such as hello -> ohlol.
    """
    pr = _as_array(probs, "probs", 2)
    n_steps, v = pr.shape
    chars = [str(c) for c in vocab]
    if len(chars) != v:
        raise ValueError(f"vocab must have {v} characters (probs is (L, V) = {pr.shape}), got {len(chars)}")
    inp = _labels(input_chars, n_steps, "input_chars")
    if len(predicted_chars) != n_steps:
        raise ValueError(f"predicted_chars must have {n_steps} entries, got {len(predicted_chars)}")
    if top_k < 1:
        raise ValueError(f"top_k must be >= 1, got {top_k}")
    if v <= max_rows:
        rows = list(range(v))
    else:
        top = np.argsort(-np.nan_to_num(pr, nan=-1.0), axis=1, kind="stable")[:, :top_k]
        rows = sorted(set(top.ravel().tolist()))
    shown = [_show_char(chars[r]) for r in rows]
    z = pr[:, rows].T  # (rows, L)
    row_of = {chars[r]: j for j, r in enumerate(rows)}
    data = [{
        "type": "heatmap",
        "z": _round(z),
        "x": list(range(n_steps)),
        "y": list(range(len(rows))),
        "text": [[c] * n_steps for c in shown],
        "colorscale": SEQUENTIAL,
        "zmin": 0,
        "zmax": 1,
        "xgap": 1,
        "ygap": 1,
        "colorbar": {"title": {"text": "probability", "side": "right"}, "thickness": 16},
        "hovertemplate": "step %{x}<br>P('%{text}') = %{z:.3f}<extra></extra>",
    }]
    annotations = []
    if n_steps <= 60:
        for t, c in enumerate(predicted_chars):
            j = row_of.get(str(c))
            if j is None:
                continue
            p = float(z[j, t]) if np.isfinite(z[j, t]) else 0.0
            annotations.append({
                "x": t, "y": j, "xref": "x", "yref": "y", "text": f"<b>{_show_char(c)}</b>",
                "showarrow": False,
                "font": {"size": FONT_SIZE + 1, "color": "#000000" if p > 0.5 else "#ffffff"},
            })
    layout = _layout(
        f"{title}<br><sup>the prediction is written in its cell</sup>" if annotations else title,
        height=max(320, min(760, 160 + 26 * len(rows))),
        xaxis=_axis("input character at each step", showgrid=False, **_ticks(inp, n_steps, max_ticks=60)),
        yaxis=_axis(output_label, showgrid=False, tickmode="array", tickvals=list(range(len(rows))),
                    ticktext=shown, autorange="reversed"),
        annotations=annotations,
    )
    return {"data": data, "layout": layout}


def windows_figure(
    series: Sequence[float],
    windows: Sequence[tuple[int, int]],
    seq_len: int,
    batch_size: int,
    max_windows: int = 48,
    title: str | None = None,
) -> Fig:
    """How ``seq_len`` and ``batch_size`` cut a series into training windows.

    Top: the series (T,). Bottom: one bar per window ``(start, length)`` over the time steps it
    covers, one lane per window, coloured by the batch it falls in (window i is in batch
    i // batch_size). Only the first ``max_windows`` windows are drawn.
    """
    y = _as_array(series, "series", 1)
    n_t = y.shape[0]
    if seq_len < 1 or batch_size < 1:
        raise ValueError(f"seq_len and batch_size must be >= 1, got {seq_len} and {batch_size}")
    wins: list[tuple[int, int]] = []
    for i, w in enumerate(windows):
        try:
            start, length = (int(w[0]), int(w[1]))
        except (TypeError, IndexError, ValueError) as exc:
            raise ValueError(f"windows[{i}] must be a (start, length) pair, got {w!r}") from exc
        if start < 0 or length < 1 or start + length > n_t:
            raise ValueError(f"windows[{i}] = ({start}, {length}) does not fit in a series of length {n_t}")
        wins.append((start, length))
    n_batches = -(-len(wins) // batch_size) if wins else 0
    shown = wins[:max_windows]
    lanes = max(len(shown), 1)
    width = max(2.0, min(14.0, 240.0 / lanes))
    data: list[dict] = [{
        "type": "scatter", "mode": "lines", "name": "series", "x": list(range(n_t)), "y": _round(y),
        "line": {"color": "#222222", "width": 2}, "hovertemplate": "t=%{x}<br>%{y:.3f}<extra></extra>",
        "showlegend": False,
    }]
    by_batch: dict[int, list[int]] = {}
    for i in range(len(shown)):
        by_batch.setdefault(i // batch_size, []).append(i)
    for b, idx in by_batch.items():
        xs: list[int | None] = []
        ys: list[int | None] = []
        for i in idx:
            s, n = shown[i]
            xs += [s, s + n - 1, None]
            ys += [i, i, None]
        data.append({
            "type": "scatter", "mode": "lines", "name": f"batch {b + 1}", "x": xs, "y": ys,
            "xaxis": "x2", "yaxis": "y2", "legendgroup": f"batch {b + 1}",
            "showlegend": b < len(PALETTE),
            "line": {"color": PALETTE[b % len(PALETTE)], "width": width},
            "hovertemplate": f"batch {b + 1}<br>window %{{y}}<br>t=%{{x}}<extra></extra>",
        })
    if title is None:
        title = f"seq_len = {seq_len}, batch_size = {batch_size}: {len(wins)} windows → {n_batches} batches"
    if len(wins) > len(shown):
        title += f"  (first {len(shown)} windows shown)"
    layout = _layout(
        title,
        height=560,
        wide=True,
        xaxis=_axis(None, anchor="y", showticklabels=False, range=[-0.5, n_t - 0.5]),
        yaxis=_axis("series", domain=[0.58, 1.0], anchor="x"),
        xaxis2=_axis("time step", anchor="y2", matches="x"),
        yaxis2=_axis("window #", domain=[0.0, 0.5], anchor="x2", autorange="reversed", showgrid=False),
    )
    return {"data": data, "layout": layout}
