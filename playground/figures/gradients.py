"""Gradients through time and the eigenvalues of W_hh."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from playground.figures.style import (
    GATE_TITLES,
    GUIDE_LINE,
    PALETTE,
    SYMBOLS_2D,
    VEGA_DASHES,
    VEGA_SHAPES,
    Fig,
    _as_array,
    _axis,
    _float,
    _index_labels,
    _labels,
    _layout,
    _round,
    _vega_chart,
    _vega_log_axis,
)
from playground.i18n import Translator, english


def gradient_norms(
    norms: np.ndarray | Mapping[str, np.ndarray],
    log_y: bool = True,
    x_labels: Sequence[str] | None = None,
    title: str | None = None,
    tr: Translator = english,
) -> Fig:
    """‖∂L/∂h_t‖ against time step t (lines and markers, log y axis), live (Vega-Lite: see style.py).

    ``norms`` is (L,) or a dict label -> (L,) (e.g. one per layer or cell type). A subtitle gives the ratio
    of the first to the last step for each series: tiny means the gradient vanished on its way back through
    time, huge means it exploded. Zeros are not drawn on the log axis. Series differ by colour, dash and (up to
    150 steps, where the points are drawn) marker, and the legend shows all of them.
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
    rows, notes = [], []
    for name, a in arrays.items():
        y = np.where(a > 0, a, np.nan) if use_log else a
        rows += [{"t": t, "series": name, "norm": v} for t, v in enumerate(_round(y))]
        if n_steps > 1 and a[-1] > 0 and np.isfinite(a[[0, -1]]).all():
            ratio = a[0] / a[-1]
            hint = ("  " + tr("fig.vanishing") if ratio < 1e-3 else "  " + tr("fig.exploding") if ratio > 1e3
                    else "")
            prefix = f"{name}: " if len(arrays) > 1 else ""
            notes.append(prefix + tr("fig.first_over_last", ratio=f"{ratio:.2g}") + hint)
    names = list(arrays)
    points = n_steps <= 150
    legend = {"title": None} if len(arrays) > 1 else None  # one legend: Vega-Lite merges those of one field

    def by_series(values: list) -> dict:
        return {"field": "series", "type": "nominal", "legend": legend,
                "scale": {"domain": names, "range": [values[i % len(values)] for i in range(len(names))]}}

    encoding = {
        "x": {"field": "t", "type": "quantitative", "title": tr("fig.time_step_t"), "axis": _index_labels(xl),
              "scale": {"domain": [0, max(1, n_steps - 1)], "nice": False}},
        "y": {"field": "norm", "type": "quantitative", "title": "‖∂L/∂h_t‖" + (" " + tr("fig.log") if use_log else ""),
              "scale": {"type": "log"} if use_log else {},
              "axis": _vega_log_axis(positive) if use_log else {"format": "~g"}},
        "color": by_series(PALETTE),
        "strokeDash": by_series(VEGA_DASHES),
        **({"shape": by_series(VEGA_SHAPES)} if points else {}),
        "tooltip": [{"field": "series", "title": tr("fig.series")}, {"field": "t"},
                    {"field": "norm", "title": "‖∂L/∂h‖", "format": ".3g"}],
    }
    mark = {"type": "line", "strokeWidth": 2.5, "point": {"filled": True, "size": 50} if points else False}
    return _vega_chart(title or tr("fig.gradients.title"), {"mark": mark, "data": {"name": "norms"},
                                                           "encoding": encoding}, {"norms": rows},
                       height=380, wide=True, subtitle=notes)


def eigen_plane(
    eigs: np.ndarray | Mapping[str, np.ndarray],
    spectral_radius: float | Mapping[str, float] | None = None,
    title: str | None = None,
    tr: Translator = english,
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
        "name": tr("fig.unit_circle"),
        "x": _round(np.cos(theta)),
        "y": _round(np.sin(theta)),
        "line": {"color": GUIDE_LINE, "width": 1.5, "dash": "dash"},
        "hoverinfo": "skip",
    }]
    for j, (name, a) in enumerate(arrays.items()):  # each block its colour and its marker
        data.append({
            "type": "scatter",
            "mode": "markers",
            "name": (tr(GATE_TITLES[name]) if name in GATE_TITLES else name) if len(arrays) > 1
            else tr("fig.eigenvalue"),
            "x": _round(a.real),
            "y": _round(a.imag),
            "marker": {"size": 10, "color": PALETTE[j % len(PALETTE)], "symbol": SYMBOLS_2D[j % len(SYMBOLS_2D)],
                       "opacity": 0.85, "line": {"color": "white", "width": 1}},
            "cliponaxis": False,
            "hovertemplate": "Re %{x:.3f}<br>Im %{y:.3f}<extra>" + name + "</extra>",
        })

    if isinstance(spectral_radius, Mapping):
        rho = " · ".join(f"{k} {float(v):.3f}" for k, v in spectral_radius.items())
        radius = tr("fig.spectral_radius_each", radii=rho)
    else:
        r = rmax if spectral_radius is None else float(spectral_radius)
        radius = tr("fig.spectral_radius", radius=f"{r:.3f}")
    # The radius on a line of its own and the legend under the plot: the figure often gets half a page.
    layout = _layout(
        f"{title or tr('fig.eigen.title')}<br><sup>{radius}</sup>",
        height=500,
        xaxis=_axis("Re λ", range=[-lim, lim], zeroline=True, constrain="domain"),
        yaxis=_axis("Im λ", range=[-lim, lim], zeroline=True, scaleanchor="x", scaleratio=1,
                    constrain="domain"),
        margin={"l": 60, "r": 20},
    )
    return {"data": data, "layout": layout}
