"""Each task's own view of a prediction (live, Vega-Lite: see style.py), and the windowing figure."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from playground.figures.style import (
    FONT_SIZE,
    GUIDE_LINE,
    PALETTE,
    REFERENCE,
    SEQUENTIAL,
    SEQUENTIAL_DARK_TEXT_FROM,
    SYMBOLS_2D,
    VEGA_DASHES,
    Fig,
    _as_array,
    _axis,
    _float,
    _labels,
    _layout,
    _round,
    _show_char,
    _ticks,
    _vega_chart,
)
from playground.i18n import Translator, english


def sequence_prediction(
    t: Sequence[float],
    target: Sequence[float],
    prediction: Sequence[float],
    inputs: Sequence[float] | None = None,
    title: str | None = None,
    height: int = 380,
    tr: Translator = english,
) -> Fig:
    """Sine task: the target and the model's prediction over the window (the input dotted, if given), as a
    live Vega-Lite chart. The lines differ by colour and dash (target solid, prediction dashed), and the
    prediction has markers at up to 120 points; the legend shows colour and dash.

    All arrays are 1-D of the same length L.
    """
    x = _as_array(t, "t", 1)
    arrays = {"target": _as_array(target, "target", 1), "prediction": _as_array(prediction, "prediction", 1)}
    if inputs is not None:
        arrays = {"input": _as_array(inputs, "inputs", 1), **arrays}
    for name, a in arrays.items():
        if a.shape != x.shape:
            raise ValueError(f"{name} must have the same length as t ({x.shape[0]}), got {a.shape[0]}")
    xs = _round(x)
    words = {name: tr(f"fig.{name}") for name in arrays}  # the legend's names
    rows = [{"t": ti, "series": words[name], "value": v}
            for name, a in arrays.items() for ti, v in zip(xs, _round(a), strict=True)]
    names = list(arrays)
    shown = [words[n] for n in names]
    # colour, dash and width of each line: never colour alone. The target is the reference, in black.
    style = {"input": (PALETTE[0], VEGA_DASHES[2], 2), "target": (REFERENCE, VEGA_DASHES[0], 3),
             "prediction": (PALETTE[1], VEGA_DASHES[1], 2.5)}
    encoding = {
        "x": {"field": "t", "type": "quantitative", "title": "t"},
        "y": {"field": "value", "type": "quantitative", "title": tr("fig.value")},
        "color": {"field": "series", "type": "nominal", "title": None,
                  "scale": {"domain": shown, "range": [style[n][0] for n in names]}},
        "strokeDash": {"field": "series", "type": "nominal", "title": None,  # merged into the colour's legend
                       "scale": {"domain": shown, "range": [style[n][1] for n in names]}},
        # the target drawn thicker; a width channel of its own, even with "legend": None, hid the merged legend
        "strokeWidth": {"field": "series", "type": "nominal", "title": None,
                        "scale": {"domain": shown, "range": [style[n][2] for n in names]}},
        "tooltip": [{"field": "series", "title": tr("fig.series")}, {"field": "t", "format": ".3g"},
                    {"field": "value", "title": tr("fig.value"), "format": ".3g"}],
    }
    layers = [{"data": {"name": "lines"}, "mark": {"type": "line"}, "encoding": encoding}]
    if x.size <= 120:
        is_prediction = f"datum.series === {json.dumps(words['prediction'])}"
        layers.append({"data": {"name": "lines"}, "transform": [{"filter": is_prediction}],
                       "mark": {"type": "point", "filled": True, "size": 40, "color": style["prediction"][0]},
                       "encoding": {"x": encoding["x"], "y": encoding["y"]}})
    return _vega_chart(title or tr("fig.sine.title"), {"layer": layers}, {"lines": rows}, height)


def char_probabilities(
    probs: np.ndarray,
    vocab: Sequence[str],
    input_chars: Sequence[str],
    predicted_chars: Sequence[str],
    top_k: int = 5,
    title: str | None = None,
    max_rows: int = 30,
    output_label: str | None = None,
    tr: Translator = english,
) -> Fig:
    """Heatmap of P(next char = c) for each vocabulary char c (rows) at each step (columns), live (Vega-Lite).

    ``probs`` is (L, V) (rows are softmax outputs), ``vocab`` the V characters, ``input_chars`` and
    ``predicted_chars`` length L. The x axis shows the input character at each step; the predicted
    character is written in its cell, in black or white, whichever reads on the cell's colour. With more
    than ``max_rows`` characters only the chars that are among the ``top_k`` most likely at some step get
    a row. ``output_label`` names the rows' axis: the next character for a language model, the output
    character for a mapping such as hello -> ohlol.
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
    cells = [{"step": t, "row": j, "char": shown[j], "p": _float(z[j, t])} for j in range(len(rows))
             for t in range(n_steps)]
    written = n_steps <= 60
    picks = [{"step": t, "row": row_of[str(c)], "char": _show_char(c), "p": _float(z[row_of[str(c)], t])}
             for t, c in enumerate(predicted_chars) if written and str(c) in row_of]
    height = max(240, min(640, 60 + 26 * len(rows)))
    output_label = output_label or tr("fig.next_character")
    x = {"field": "step", "type": "ordinal", "title": tr("fig.input_at_each_step"),
         "axis": {"labelExpr": f"{json.dumps(inp)}[datum.value]", "labelAngle": 0,
                  "values": _ticks(inp, n_steps, max_ticks=60)["tickvals"]}}
    y = {"field": "row", "type": "ordinal", "title": output_label,
         "axis": {"labelExpr": f"{json.dumps(shown)}[datum.value]"}}
    layers: list[dict] = [{
        "data": {"name": "cells"}, "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
        "encoding": {"x": x, "y": y,
                     "color": {"field": "p", "type": "quantitative", "title": tr("fig.probability"),
                               "scale": {"scheme": SEQUENTIAL.lower(), "domain": [0, 1]},
                               "legend": {"orient": "right", "direction": "vertical",
                                          "gradientLength": min(160, height - 90)}},
                     "tooltip": [{"field": "char", "title": output_label},
                                 {"field": "p", "title": tr("fig.probability"),
                                                                            "format": ".3f"}]},
    }]
    if picks:
        layers.append({
            "data": {"name": "picks"}, "mark": {"type": "text", "fontSize": FONT_SIZE + 1, "fontWeight": "bold"},
            "encoding": {"x": {"field": "step", "type": "ordinal"}, "y": {"field": "row", "type": "ordinal"},
                         "text": {"field": "char"},
                         # at least 4.5:1 on the cell's viridis colour either way (see style.py)
                         "color": {"condition": {"test": f"datum.p >= {SEQUENTIAL_DARK_TEXT_FROM}",
                                                 "value": "#000000"}, "value": "#ffffff"}},
        })
    return _vega_chart(title or tr("fig.probabilities.title"), {"layer": layers}, {"cells": cells, "picks": picks},
                       height, subtitle=[tr("fig.probabilities.subtitle")] if picks else ())


def windows_figure(
    series: Sequence[float],
    windows: Sequence[tuple[int, int]],
    seq_len: int,
    batch_size: int,
    max_windows: int = 48,
    title: str | None = None,
    tr: Translator = english,
) -> Fig:
    """How ``seq_len`` and ``batch_size`` cut a series into training windows.

    Top: the series (T,). Bottom: one bar per window ``(start, length)`` over the time steps it
    covers, one lane per window, coloured by the batch it falls in (window i is in batch
    i // batch_size) and marked with the batch's symbol: on each sample it covers, or on its first
    sample only when the axis holds more than 40 samples. Only the first ``max_windows`` windows are drawn.
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
    x_end = max([n_t, *(s + seq_len for s, _ in shown)])
    every_sample = x_end <= 40  # wider apart than the symbols are
    size = max(5.0, min(11.0, width - 2))
    data: list[dict] = [{
        "type": "scatter", "mode": "lines", "name": "series", "x": list(range(n_t)), "y": _round(y),
        "line": {"color": REFERENCE, "width": 2}, "hovertemplate": "t=%{x}<br>%{y:.3f}<extra></extra>",
        "showlegend": False,
    }]
    by_batch: dict[int, list[int]] = {}
    for i in range(len(shown)):
        by_batch.setdefault(i // batch_size, []).append(i)
    for b, idx in by_batch.items():
        xs: list[float | None] = []
        ys: list[int | None] = []
        sizes: list[float] = []
        for i in idx:  # each bar covers its samples whole, so a window of one sample still shows
            s, n = shown[i]
            marked = list(range(s, s + n)) if every_sample else [s]  # the samples that get the batch's symbol
            xs += [s - 0.4, *marked, s + n - 0.6, None]
            ys += [i] * (len(marked) + 2) + [None]
            sizes += [0, *[size] * len(marked), 0, 0]  # none at the bar's ends
        batch = tr("fig.batch_n", batch=b + 1)
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": batch, "x": xs, "y": ys,
            "xaxis": "x2", "yaxis": "y2", "legendgroup": batch,
            "showlegend": b < len(PALETTE),
            "line": {"color": PALETTE[b % len(PALETTE)], "width": width},
            # never colour alone: each batch its symbol too, in the bar's colour with a black rim that shows it
            "marker": {"symbol": SYMBOLS_2D[b % len(SYMBOLS_2D)], "size": sizes, "color": PALETTE[b % len(PALETTE)],
                       "line": {"color": REFERENCE, "width": [1.5 if v else 0 for v in sizes]}},
            "hovertemplate": f"{batch}<br>{tr('fig.window')} %{{y}}<br>t=%{{x:.0f}}<extra></extra>",
        })
    padded = [(i, s + n, seq_len - n) for i, (s, n) in enumerate(shown) if n < seq_len]
    if padded:  # the zeros a window past the end is filled with, past the series' last sample
        xs, ys = [], []
        for i, s, n in padded:
            xs += [s - 0.4, s + n - 0.6, None]
            ys += [i, i, None]
        data.append({
            "type": "scatter", "mode": "lines", "name": tr("fig.zero_padding"), "x": xs, "y": ys, "xaxis": "x2",
            "yaxis": "y2", "line": {"color": GUIDE_LINE, "width": width, "dash": "dot"},
            "hovertemplate": f"{tr('fig.window')} %{{y}}: {tr('fig.zero_padding')}<extra></extra>",
        })
    if title is None:
        title = tr("fig.windows.title", seq_len=seq_len, batch_size=batch_size, windows=len(wins), batches=n_batches)
    if len(wins) > len(shown):
        title += "  " + tr("fig.windows.first", shown=len(shown))
    layout = _layout(
        title,
        height=560,
        wide=True,
        xaxis=_axis(None, anchor="y", showticklabels=False, range=[-0.5, x_end - 0.5]),
        yaxis=_axis(tr("fig.series"), domain=[0.58, 1.0], anchor="x"),
        xaxis2=_axis(tr("fig.time_step"), anchor="y2", matches="x"),
        yaxis2=_axis(tr("fig.window_number"), domain=[0.0, 0.5], anchor="x2", autorange="reversed", showgrid=False),
    )
    layout["legend"]["itemsizing"] = "constant"  # a batch's symbol in the legend at full size
    return {"data": data, "layout": layout}
