"""Loss and metric curves (Vega-Lite: they redraw live, see style.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.figures.style import (
    PALETTE,
    REFERENCE,
    VEGA_DASHES,
    Fig,
    _as_array,
    _float,
    _round,
    _vega_chart,
    _vega_log_axis,
)
from playground.i18n import Translator, english

# Each line differs from the others in its dash or its marks as well as in its colour. The two axis titles take
# their line's colour, so those two must read as text on white (WCAG AA, 4.5:1): blue (5.2:1) and black.
LOSS, METRIC, REFUSED, TARGET, VALIDATION = PALETTE[0], REFERENCE, PALETTE[1], PALETTE[2], PALETTE[3]
LOSS_DASH, METRIC_DASH, VALIDATION_DASH, TARGET_DASH = VEGA_DASHES[0], VEGA_DASHES[2], VEGA_DASHES[1], VEGA_DASHES[3]


def loss_curve(
    steps: Sequence[float],
    losses: Sequence[float],
    metric: Sequence[float] | None = None,
    metric_name: str | None = None,
    log_y: bool = True,
    title: str | None = None,
    refused: Sequence[tuple[int, float | None, str]] = (),
    target: tuple[str, float, str] | None = None,
    validation: Sequence[tuple[int, float]] = (),
    height: int = 300,
    tr: Translator = english,
) -> Fig:
    """Loss vs training step; the task metric (e.g. accuracy), if given, on a second y axis at the right.

    Shapes: ``steps``, ``losses`` and ``metric`` are 1-D of the same length (may be empty). A log axis is
    used only when every finite loss is positive. No legend: each y axis title has its line's colour, the
    loss's line is solid and the metric's dotted.

    ``refused``: (step, loss before it, what was not finite) for each step the guard refused, drawn as a
    cross where the curve was when it spiked. ``target``: ("loss" or "metric", threshold, label), drawn as
    a dash-dotted rule on that value's axis. ``validation``: (step, loss on held-out data), drawn dashed with
    markers on the loss axis; the subtitle then says which line is which. Words come from ``tr``.
    """
    x = _as_array(steps, "steps", 1)
    y = _as_array(losses, "losses", 1)
    if x.shape != y.shape:
        raise ValueError(f"steps and losses must have the same length, got {x.shape[0]} and {y.shape[0]}")
    m = None
    if metric is not None:
        m = _as_array(metric, "metric", 1)
        if m.shape != x.shape:
            raise ValueError(f"metric must have the same length as steps ({x.shape[0]}), got {m.shape[0]}")
    finite = y[np.isfinite(y)]
    use_log = bool(log_y and finite.size > 0 and (finite > 0).all())
    name = metric_name or tr("fig.metric")
    title = title or tr("fig.loss.title")
    curve = [{"step": s, "loss": v, "metric": w}
             for s, v, w in zip(_round(x), _round(y), _round(m) if m is not None else [None] * x.size, strict=True)]
    last = float(finite[-1]) if finite.size else 1.0
    crosses = [{"step": step, "loss": _float(before) if before is not None and np.isfinite(before) else _float(last),
                "what": what} for step, before, what in refused]
    field, threshold, label = target if target is not None and x.size else (None, None, "")
    step_tip = {"field": "step", "title": tr("fig.training_step")}
    step_axis = {"field": "step", "type": "quantitative", "title": tr("fig.training_step"),
                 "axis": {"format": "d", "tickCount": 5}}
    loss_scale = {"type": "log"} if use_log else {"zero": False}
    loss_title = tr("fig.loss.log" if use_log else "fig.loss")
    loss_y = {"field": "loss", "type": "quantitative", "scale": loss_scale, "title": loss_title,
              "axis": {"titleColor": LOSS, **(_vega_log_axis(finite) if use_log else {"format": "~g"})}}
    loss_layers: list[dict] = [{
        "data": {"name": "curve"}, "mark": {"type": "line", "color": LOSS, "strokeWidth": 2.5, "strokeDash": LOSS_DASH},
        "encoding": {"x": step_axis, "y": loss_y,
                     "tooltip": [step_tip, {"field": "loss", "title": tr("fig.loss"), "format": ".4g"}]},
    }, {  # the step the model is at now: a dot at the curve's end, which screen readers read out
        "data": {"name": "now"}, "mark": {"type": "point", "filled": True, "size": 70, "color": LOSS},
        "encoding": {"x": {"field": "step", "type": "quantitative"},
                     "y": {"field": "loss", "type": "quantitative", "title": loss_title},
                     "description": {"field": "label"}},
    }]
    held_out = [{"step": step, "loss": _float(value)} for step, value in validation
                if value is not None and np.isfinite(value) and (value > 0 or not use_log)]
    if held_out:
        loss_layers.append({
            "data": {"name": "validation"},
            "mark": {"type": "line", "color": VALIDATION, "strokeWidth": 2, "strokeDash": VALIDATION_DASH,
                     "point": {"filled": True, "size": 25, "color": VALIDATION}},
            "encoding": {"x": {"field": "step", "type": "quantitative"},
                         "y": {"field": "loss", "type": "quantitative", "title": loss_title},
                         "tooltip": [step_tip, {"field": "loss", "title": tr("fig.validation_loss"),
                                                         "format": ".4g"}]},
        })
    if crosses:
        loss_layers.append({
            "data": {"name": "refused"}, "mark": {"type": "point", "shape": "cross", "size": 160, "color": REFUSED,
                                                  "filled": True, "angle": 45},
            "encoding": {"x": {"field": "step", "type": "quantitative"},
                         "y": {"field": "loss", "type": "quantitative", "title": loss_title},
                         "tooltip": [{"field": "step", "title": tr("fig.refused_step")},
                                     {"field": "what", "title": tr("fig.not_finite")}]},
        })
    if field == "loss":
        loss_layers.append(_target_rule(loss_title, tr))
    layers: list[dict] = [{"layer": loss_layers}]
    if m is not None:
        metric_layers: list[dict] = [{
            "data": {"name": "curve"}, "mark": {"type": "line", "color": METRIC, "strokeWidth": 2.5,
                                                "strokeDash": METRIC_DASH},
            "encoding": {"x": {"field": "step", "type": "quantitative"},
                         "y": {"field": "metric", "type": "quantitative", "scale": {"zero": False}, "title": name,
                               "axis": {"titleColor": METRIC, "orient": "right", "grid": False}},
                         "tooltip": [step_tip, {"field": "metric", "title": name, "format": ".4g"}]},
        }]
        if field == "metric":
            metric_layers.append(_target_rule(name, tr))
        layers.append({"layer": metric_layers})
    now = [{"step": curve[-1]["step"], "loss": curve[-1]["loss"],
            "label": tr("fig.step_n", step=f"{curve[-1]['step']:g}")}
           ] if curve and curve[-1]["loss"] is not None else []
    datasets = {"curve": curve, "now": now, "refused": crosses, "validation": held_out,
                "target": [{"value": threshold, "label": label}]}
    subtitle = [tr("fig.loss.validation_subtitle")] if held_out else []
    return _vega_chart(title, {"layer": layers, "resolve": {"scale": {"y": "independent"}}}, datasets, height,
                       subtitle=subtitle)


def _target_rule(axis_title: str, tr: Translator) -> dict:
    """A dash-dotted horizontal rule at the target, in a layer whose y axis is titled `axis_title`."""
    return {"data": {"name": "target"}, "mark": {"type": "rule", "color": TARGET, "strokeDash": TARGET_DASH,
                                                 "strokeWidth": 1.5},
            "encoding": {"y": {"field": "value", "type": "quantitative", "title": axis_title},
                         "tooltip": [{"field": "label", "title": tr("fig.target")}]}}
