"""Each task's own view of a prediction, and the windowing figure."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.figures.style import (
    FONT_SIZE,
    PALETTE,
    SEQUENTIAL,
    Fig,
    _as_array,
    _axis,
    _labels,
    _layout,
    _round,
    _show_char,
    _ticks,
)


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
