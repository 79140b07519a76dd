"""Hidden states: the trajectory through time (PCA), units x time, and the gates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from playground.figures.style import (
    DASHES,
    DIVERGING,
    FONT_SIZE,
    GATE_TITLES,
    GRID,
    PALETTE,
    REFERENCE,
    SEQUENTIAL,
    SMALL_FONT,
    SYMBOLS,
    SYMBOLS_2D,
    TEXT,
    Fig,
    _as_array,
    _axis,
    _float,
    _font,
    _labels,
    _layout,
    _range,
    _round,
    _ticks,
)
from playground.i18n import Translator, english

_SIGMOID_GATES = {"i", "f", "o", "r", "z"}


_TANH_GATES = {"g", "n"}


def pca_axis_titles(explained_variance_ratio: Sequence[float]) -> list[str]:
    """Axis titles like 'PC1 (62%)' for :func:`trajectory` from a PCA's explained-variance ratio."""
    return [f"PC{i + 1} ({100 * float(r):.0f}%)" for i, r in enumerate(explained_variance_ratio)]


def trajectory(
    points: np.ndarray,
    labels: Sequence[str],
    step_labels: Sequence[str] | None = None,
    max_frames: int = 200,
    title: str | None = None,
    axis_titles: Sequence[str] | None = None,
    frame_ms: int = 60,
    tr: Translator = english,
) -> Fig:
    """Animated path of the hidden state through PCA space, one path per sequence.

    ``points`` is (S, L, k) with k = 2 (Scatter) or 3 (Scatter3d): S sequences, L time steps,
    projected by a PCA fitted once (see ``analysis.fit_pca``). ``labels`` names each sequence;
    ``step_labels`` (length L, e.g. the input character at each step) is shown on hover and on the
    time slider. Static traces: one line+marker path per sequence with marker colour = time step
    (colorbar "time step"); the sequences differ by line colour, dash and marker symbol (the path's and
    the moving marker's). Animated traces: one moving marker per sequence. Frames hold only those
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

    hover = [f"t={t}" + (f" · {tr('fig.input')} '{steps_txt[t]}'" if steps_txt else "") for t in range(n_steps)]
    time_colour = list(range(n_steps))
    symbols = SYMBOLS if is3d else SYMBOLS_2D
    data: list[dict] = []
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        trace: dict[str, Any] = {
            "type": trace_type,
            "mode": "lines+markers",
            "name": name,
            "legendgroup": name,
            "line": {"color": colour, "width": 4 if is3d else 2, "dash": DASHES[i % len(DASHES)]},
            "marker": {
                "color": time_colour,
                "colorscale": SEQUENTIAL,
                "cmin": 0,
                "cmax": max(n_steps - 1, 1),
                "size": 3.5 if is3d else 7,
                "symbol": symbols[i % len(symbols)],
                "showscale": i == 0,
                # viridis ends in a light yellow: a dark rim keeps the last steps' points visible on white
                **({} if is3d else {"line": {"color": TEXT, "width": 0.5}}),
            },
            "text": hover,
            "hovertemplate": f"{name}<br>%{{text}}<extra></extra>",
        }
        if i == 0:
            trace["marker"]["colorbar"] = {
                "title": {"text": tr("fig.time_step"), "side": "right", "font": _font(FONT_SIZE)},
                "tickfont": _font(SMALL_FONT),
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
            "name": f"{name} ({tr('fig.now')})",
            "legendgroup": name,
            "showlegend": False,
            "marker": {  # the sequence's colour and its path's symbol, larger, with a black rim
                "color": PALETTE[i % len(PALETTE)],
                "size": 9 if is3d else 16,
                "symbol": symbols[i % len(symbols)],
                "line": {"color": REFERENCE, "width": 2},
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
        "label": "▶ " + tr("fig.play"),
        "method": "animate",
        "args": [None, {"frame": {"duration": frame_ms, "redraw": redraw}, "fromcurrent": True,
                        "transition": {"duration": 0}, "mode": "immediate"}],
    }
    pause = {
        "label": "❚❚ " + tr("fig.pause"),
        "method": "animate",
        "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
                          "transition": {"duration": 0}}],
    }
    many = len(frame_idx) > 25
    layout = _layout(
        title or tr("fig.trajectory.title"),
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
            "font": _font(FONT_SIZE),
            "buttons": [play, pause],
        }],
        sliders=[{
            "active": 0,
            "x": 0.0,
            "len": 1.0,
            "y": 0.0,
            "yanchor": "top",
            "pad": {"t": 40, "b": 10},
            # With many steps the per-step tick labels overlap: hide them (transparent), the current value shows.
            "font": {"size": SMALL_FONT, "color": "rgba(0,0,0,0)" if many else TEXT},
            "currentvalue": {"prefix": tr("fig.time_step") + " ", "font": _font(FONT_SIZE),
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
                "title": {"text": titles[d], "font": _font(FONT_SIZE)},
                "range": ranges[d],
                "autorange": False,
                "gridcolor": GRID,
                "backgroundcolor": "white",
                "tickfont": _font(SMALL_FONT),
            }
        layout["scene"] = scene
    else:
        layout["xaxis"] = _axis(titles[0], range=ranges[0], autorange=False)
        layout["yaxis"] = _axis(titles[1], range=ranges[1], autorange=False)
    return {"data": data, "layout": layout, "frames": frames}


def heatmap(
    values: np.ndarray,
    x_labels: Sequence[str] | None = None,
    y_title: str | None = None,
    title: str | None = None,
    colorbar_title: str | None = None,
    tr: Translator = english,
) -> Fig:
    """Units × time heatmap of ``values`` (H, L) on a diverging colour scale centred at 0 (style.DIVERGING says why).

    ``x_labels`` (length L, e.g. the input characters) label the time axis; None shows step numbers.
    """
    v = _as_array(values, "values", 2)
    y_title, colorbar_title = y_title or tr("fig.unit"), colorbar_title or tr("fig.value")
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
        "colorbar": {"title": {"text": colorbar_title, "side": "right", "font": _font(FONT_SIZE)},
                     "tickfont": _font(FONT_SIZE), "thickness": 16},
        "hovertemplate": f"t=%{{x}}<br>{y_title} %{{y}}<br>%{{z:.3f}}<extra></extra>",
    }
    layout = _layout(
        title or tr("fig.heatmap.title"),
        height=max(320, min(720, 140 + 14 * h)),
        xaxis=_axis(tr("fig.time_step"), showgrid=False, **_ticks(xl, n_steps)),
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
    title: str | None = None,
    tr: Translator = english,
    max_height: int | None = None,
) -> Fig:
    """Small multiples, one row per gate: units × time heatmaps, or the mean over units with a ±1 std band.

    ``gates`` maps a gate name to its (L, H) activations ('i','f','g','o' for LSTM; 'r','z','n'
    for GRU; 'pre' for a plain RNN). Sigmoid gates are drawn on [0, 1] (viridis), the tanh
    candidates g/n on [-1, 1] (diverging); other arrays on a symmetric range. ``mode`` is
    'heatmap' or 'mean' (cheaper for many units; each gate's mean line has its own colour and dash).
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
    # the first gate's label sits in the title's gap
    height = 120 + 190 * n if max_height is None else min(120 + 190 * n, max_height)  # e.g. a projector's screen
    layout = _layout(title or tr("fig.gates.title"), height=height, title_gap=40)
    for j, (name, arr) in enumerate(arrays.items()):
        top = 1.0 - j * (row_h + gap)
        domain = [max(0.0, _float(top - row_h)), min(1.0, _float(top))]
        suffix = "" if j == 0 else str(j + 1)
        xa, ya = f"x{suffix}", f"y{suffix}"
        zmin, zmax, scale, bounded = _gate_range(name, arr)
        last = j == n - 1
        layout[f"xaxis{suffix}"] = _axis(
            tr("fig.time_step") if last else None,
            anchor=ya,
            showticklabels=last,
            showgrid=mode == "mean",
            **({} if j == 0 else {"matches": "x"}),
            **_ticks(xl, n_steps),
        )
        label = tr(GATE_TITLES[name]) if name in GATE_TITLES else name
        rng = f"[{zmin:g}, {zmax:g}]" if bounded else tr("fig.symmetric")
        annotations.append({
            # two short lines: a narrow plot cuts one long one
            "text": f"<b>{label}</b><br>{tr('fig.range', range=rng)}",
            "xref": "paper", "yref": "paper", "x": 0.0, "y": domain[1],
            "xanchor": "left", "yanchor": "bottom", "align": "left", "showarrow": False,
            "font": _font(FONT_SIZE - 1),
        })
        if mode == "heatmap":
            h = arr.shape[1]
            layout[f"yaxis{suffix}"] = _axis(tr("fig.unit"), domain=domain, anchor=xa, showgrid=False)
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
                    "thickness": 14, "tickfont": _font(SMALL_FONT),
                },
                "hovertemplate": f"{label}: t=%{{x}}, {tr('fig.unit')} %{{y}}<br>%{{z:.3f}}<extra></extra>",
            })
        else:
            layout[f"yaxis{suffix}"] = _axis(tr("fig.mean"), domain=domain, anchor=xa, range=[zmin, zmax])
            with np.errstate(all="ignore"):
                mean = np.nanmean(arr, axis=1) if np.isfinite(arr).any() else np.full(n_steps, np.nan)
                std = np.nanstd(arr, axis=1) if np.isfinite(arr).any() else np.full(n_steps, np.nan)
            x = list(range(n_steps))
            colour, dash = PALETTE[j % len(PALETTE)], DASHES[j % len(DASHES)]
            common = {"type": "scatter", "x": x, "xaxis": xa, "yaxis": ya, "legendgroup": name}
            data.append({**common, "y": _round(np.clip(mean + std, zmin, zmax)), "mode": "lines",
                         "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"})
            data.append({**common, "y": _round(np.clip(mean - std, zmin, zmax)), "mode": "lines",
                         "line": {"width": 0}, "fill": "tonexty", "fillcolor": "rgba(120,120,120,0.25)",
                         "showlegend": False, "hoverinfo": "skip"})
            data.append({**common, "y": _round(mean), "mode": "lines", "name": name,
                         "line": {"color": colour, "width": 2.5, "dash": dash}, "showlegend": False,
                         "hovertemplate": f"{label}: t=%{{x}}<br>{tr('fig.mean')} %{{y:.3f}}<extra></extra>"})
    layout["annotations"] = annotations
    return {"data": data, "layout": layout}


def trajectory_at(
    points: np.ndarray,
    labels: Sequence[str],
    t: int,
    step_labels: Sequence[str] | None = None,
    title: str | None = None,
    axis_titles: Sequence[str] | None = None,
    height: int = 420,
    tr: Translator = english,
) -> Fig:
    """The hidden state's 2-D path (PCA) with the point at step ``t`` marked, one path per sequence: the walk
    through time's still view. ``points`` is (S, L, 2); the path up to ``t`` is drawn solid, the rest faint."""
    p = _as_array(points, "points", 3)
    s, n_steps, k = p.shape
    if k != 2:
        raise ValueError(f"points must be (S, L, 2), got k = {k}")
    if not 0 <= t < n_steps:
        raise ValueError(f"t must be in 0 … {n_steps - 1}, got {t}")
    names = [str(name) for name in labels]
    if len(names) != s:
        raise ValueError(f"labels must name each of the {s} sequences, got {len(names)}")
    steps_txt = _labels(step_labels, n_steps, "step_labels")
    titles = list(axis_titles) if axis_titles is not None else ["PC1", "PC2"]
    data: list[dict] = []
    for i, name in enumerate(names):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        symbol = SYMBOLS_2D[i % len(SYMBOLS_2D)]
        common = {"type": "scatter", "legendgroup": name, "hoverinfo": "skip"}
        data.append({**common, "mode": "lines", "x": _round(p[i, :, 0]), "y": _round(p[i, :, 1]), "showlegend": False,
                     "line": {"color": colour, "width": 1.5, "dash": dash}, "opacity": 0.35})
        data.append({**common, "mode": "lines+markers", "name": name, "x": _round(p[i, : t + 1, 0]),
                     "y": _round(p[i, : t + 1, 1]), "line": {"color": colour, "width": 3, "dash": dash},
                     "marker": {"symbol": symbol, "size": 7, "color": colour}})
        label = f"t = {t}" + (f" '{steps_txt[t]}'" if steps_txt else "") if i == 0 else ""  # one label: no overlap
        data.append({**common, "mode": "markers+text", "x": _round(p[i, t : t + 1, 0]), "y": _round(p[i, t : t + 1, 1]),
                     "showlegend": False, "text": [label],
                     "textposition": "top center", "textfont": _font(SMALL_FONT),
                     "marker": {"symbol": symbol, "size": 18, "color": colour,
                                "line": {"color": REFERENCE, "width": 2}}})
    layout = _layout(title or tr("fig.trajectory.title"), height=height,
                     xaxis=_axis(titles[0], range=_range(p[..., 0])), yaxis=_axis(titles[1], range=_range(p[..., 1])))
    return {"data": data, "layout": layout}
