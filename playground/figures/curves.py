"""Loss and metric curves."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.figures.style import PALETTE, Fig, _as_array, _axis, _float, _layout, _log_ticks, _round


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
