"""The look every figure shares: palettes, fonts, the layout, axes and ticks, and number rounding.

Figures are built as plain dicts.

Every builder returns ``{"data": [...], "layout": {...}}`` (plus ``"frames"`` for animations) that
``st.plotly_chart`` (or ``plotly.graph_objects.Figure``) accepts. Plain dicts are much faster to
build than graph objects and serialise smaller. Builders only draw numbers they are given - they
never run a model. Floats are rounded to 4 significant digits to keep payloads small; NaN/inf become
``None`` (a gap in the plot).

Style: large fonts (projector-readable) in dark grey (WCAG AA on white), the Okabe-Ito colour-blind-safe palette
for lines and marks, never colour alone (series that differ in colour also differ in dash or marker), viridis
for sequential values and a blue-white-red diverging scale centred at 0 for signed ones.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np

Fig = dict[str, Any]

#: The Okabe-Ito palette (M. Okabe and K. Ito, "Color Universal Design", 2008) in its usual order: its colours stay
#: apart with every common colour-vision deficiency. Every line and categorical mark takes its colour from here.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
#: The order series take Okabe-Ito's colours in: the strongest on white first (contrast blue 5.2:1, vermillion
#: 3.9, bluish green 3.4, reddish purple 3.1), then orange and sky blue (2.3:1, for a 5th and a 6th series) and
#: yellow last (1.3:1: hard to see as a thin line on white). Black is left out of the cycle: it is the reference
#: line's colour (a target, the series itself), see REFERENCE.
PALETTE = [OKABE_ITO[name] for name in
           ("blue", "vermillion", "bluish green", "reddish purple", "orange", "sky blue", "yellow")]
REFERENCE = OKABE_ITO["black"]
#: Never colour alone: the i-th series also gets the i-th dash and the i-th marker. Plotly's dash names and marker
#: symbols (only those Scatter3d draws too: circle, square, diamond, cross, x and their -open forms).
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "cross", "x", "circle-open", "square-open", "diamond-open"]
#: In 2-D, filled symbols all through (an open one shows only its outline, in the marker's colour).
SYMBOLS_2D = [*SYMBOLS[:5], "triangle-up", "triangle-down", "star"]
#: The same for Vega-Lite: strokeDash arrays ([1, 0] is solid) and point shapes.
VEGA_DASHES = [[1, 0], [6, 3], [2, 3], [8, 3, 2, 3], [12, 4], [4, 2, 1, 2]]
VEGA_SHAPES = ["circle", "square", "diamond", "triangle-up", "cross", "triangle-down", "triangle-right",
               "triangle-left"]

#: Sequential values (probabilities, sigmoid gates in [0, 1], time): viridis, perceptually uniform and readable
#: with every common colour-vision deficiency and in greyscale (its lightness rises monotonically).
SEQUENTIAL = "Viridis"
#: On a viridis cell, text is dark from this value of the scale on (its luminance passes 0.179 there): white text
#: below it and black text above it both keep at least 4.5:1 (WCAG AA).
SEQUENTIAL_DARK_TEXT_FROM = 0.44
#: Signed values (hidden states and candidates in [-1, 1], pre-activations): diverging, so that the sign shows at a
#: glance and 0 is white; a sequential map would hide the sign. Blue-red (ColorBrewer's 5-class RdBu, which
#: ColorBrewer marks colour-blind safe; blue for negative): its two ends stay apart with protanopia, deuteranopia
#: and tritanopia, where a red-green map collapses into one hue for the first two, and both ends are darker than
#: the white middle, so the size of a value also reads in greyscale.
DIVERGING = [
    [0.0, "#2166ac"],
    [0.25, "#92c5de"],
    [0.5, "#f7f7f7"],
    [0.75, "#f4a582"],
    [1.0, "#b2182b"],
]

FONT_SIZE = 15
SMALL_FONT = 13
# Greys: text at least 4.5:1 on white (WCAG AA), lines that carry no meaning of their own lighter.
TEXT = "#222222"  # 15.9:1
TEXT_MUTED = "#444444"  # 9.7:1, subtitles
AXIS_LINE = "#888888"  # 3.5:1, axis lines and ticks (WCAG's 3:1 for graphics)
GUIDE_LINE = "#777777"  # 4.48:1, drawn guides such as the unit circle and the zero padding
ZERO_LINE = "#bdbdbd"
GRID = "#e3e3e3"
SIGFIGS = 4
# Plotly never wraps a title, so titles are broken into lines of at most this many characters: a half-page
# chart is ~270 px wide in a 1024 px window (sidebar open), ~35 characters of the 18 px title font.
TITLE_CHARS = 32
WIDE_TITLE_CHARS = 60  # a chart the width of the page

# What each gate (torch's letters) is called in legends and titles.
# Gates by torch's letters (and "pre", an RNN's pre-activation); their names in words are "gate.<letter>".
GATE_TITLES = {name: f"gate.{name}" for name in ("i", "f", "g", "o", "r", "z", "n", "pre")}


def contrast_ratio(colour: str, background: str = "#ffffff") -> float:
    """WCAG's contrast ratio of two "#rrggbb" colours, from 1 (the same) to 21 (black on white)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(colour), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _font(size: int | float, colour: str = TEXT) -> dict:
    """A font of `size` in a colour that reads on white. Every font in a figure names its colour: Streamlit's theme
    would otherwise grey the axes' and the legend's text to #808495 (3.7:1 on white, under WCAG AA)."""
    return {"size": size, "color": colour}


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
    return {"text": _wrap(text, width), "font": _font(size), "x": 0.0, "xanchor": "left", "xref": "container",
            "y": 1.0, "yanchor": "bottom", "yref": "paper", "pad": {"l": 8, "b": 12 + gap}, "automargin": True}


def _axis(title: str | None = None, **extra: Any) -> dict:
    ax: dict[str, Any] = {
        "gridcolor": GRID,
        "zerolinecolor": ZERO_LINE,
        "linecolor": AXIS_LINE,
        "showline": True,
        "tickfont": _font(SMALL_FONT + 1),
        "automargin": True,
    }
    if title:
        # A small standoff (Streamlit's theme sets ~30 px) leaves the plot more room in a narrow column.
        ax["title"] = {"text": title, "font": _font(FONT_SIZE), "standoff": 12}
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
        "font": {"size": FONT_SIZE, "family": "Arial, Helvetica, sans-serif", "color": TEXT},
        "colorway": PALETTE,
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": margin,
        # Dark text on white (Streamlit's theme sets a white label with grey text; Plotly's own, the trace's colour).
        "hoverlabel": {"font": _font(FONT_SIZE), "bgcolor": "white", "bordercolor": AXIS_LINE},
        "legend": {"font": _font(SMALL_FONT + 1), "orientation": "h", "xref": "container", "x": 0.0,
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


# --------------------------------------------------------------------------------------------- Vega-Lite
# The live 2-D charts are Vega-Lite: Streamlit updates a Vega-Lite chart in place when its data changes,
# where it mounts a new Plotly chart for every new figure (the figure is part of the element's identity).
# Ten new Plotly charts a second kept a browser busy and made the charts blink; see playground/ui/live.py.
# Their data travel as named `datasets`, so the spec itself stays the same from one step to the next.

VEGA_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # names the version; never fetched
VEGA_CONFIG = {
    "font": "Arial, Helvetica, sans-serif",
    "background": "white",
    "view": {"stroke": None},
    "axis": {"labelFontSize": SMALL_FONT + 1, "titleFontSize": FONT_SIZE, "titleFontWeight": "normal",
             "gridColor": GRID, "domainColor": AXIS_LINE, "tickColor": AXIS_LINE, "labelColor": TEXT,
             "titleColor": TEXT, "labelOverlap": "greedy"},
    "legend": {"orient": "bottom", "labelFontSize": SMALL_FONT + 1, "titleFontSize": SMALL_FONT + 1,
               "labelColor": TEXT, "titleColor": TEXT, "symbolStrokeWidth": 2.5, "labelLimit": 260},
    "title": {"fontSize": FONT_SIZE + 3, "anchor": "start", "color": TEXT, "subtitleFontSize": SMALL_FONT + 1,
              "subtitleColor": TEXT_MUTED, "offset": 10},
    "range": {"category": PALETTE},
}


def _vega_title(text: str, width: int = TITLE_CHARS, subtitle: Sequence[str] = ()) -> dict:
    """A title wrapped into lines of at most `width` characters (Vega never wraps one), with subtitle lines."""
    title: dict[str, Any] = {"text": textwrap.wrap(text, width, break_long_words=False) or [text]}
    if subtitle:
        title["subtitle"] = [line for part in subtitle
                             for line in textwrap.wrap(part, int(width * 1.4), break_long_words=False)]
    return title


def _vega_chart(title: str, spec: dict, datasets: dict[str, list[dict]], height: int, wide: bool = False,
                subtitle: Sequence[str] = ()) -> Fig:
    """A whole Vega-Lite chart: the common look, the container's width, and the data as named datasets."""
    return {"$schema": VEGA_SCHEMA, "title": _vega_title(title, WIDE_TITLE_CHARS if wide else TITLE_CHARS, subtitle),
            "width": "container", "height": height, "datasets": datasets, **spec, "config": VEGA_CONFIG}


def _vega_log_axis(positive: np.ndarray) -> dict:
    """A log axis with at most five labels, each the full value (see `_log_ticks`)."""
    ticks = _log_ticks(positive)
    return {"values": ticks["tickvals"], "format": "~g"} if ticks else {"format": "~g"}


def _index_labels(labels: list[str] | None, max_ticks: int = 40) -> dict:
    """Axis settings that label an integer index axis 0..n-1 with `labels`, as many as fit (see `_ticks`)."""
    if labels is None:
        return {"tickMinStep": 1, "format": "d"}
    return {"labelExpr": f"{json.dumps(labels)}[datum.value] || ''",
            "values": _ticks(labels, len(labels), max_ticks)["tickvals"]}
