"""Graphviz DOT of an nn.RNN, LSTM or GRU unrolled over time steps, layers and directions."""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Callable
from dataclasses import dataclass

from playground.graph.dims import _Dims, _dims, _numbers, _positive_int, _shape, _suffix
from playground.i18n import english

# --------------------------------------------------------------------------------------------------
# Unrolled graph (DOT)
# --------------------------------------------------------------------------------------------------
#
# Layout: rankdir=LR and one rank (column) per drawn time step, so time runs left → right and every
# recurrent edge crosses from one column to the next. Inside a column the nodes are stacked with "flat"
# edges; dot puts a flat edge's tail above its head, so those edges are written from the upper node to
# the lower one with dir=back (the arrowhead is drawn at the tail, i.e. data flows upward): inputs at
# the bottom, layers stacked bottom → top, outputs on top. The reverse direction uses the same trick
# horizontally: written left → right with dir=back, so its arrows point right → left.
# Rule for readers of the DOT: an edge with dir=back carries data from its head to its tail.

# Explicit colours: st.graphviz_chart ignores the app theme, so the diagram must be readable on its own.
_TEXT = "#111827"
_EDGE = "#4b5563"
_EDGE_TEXT = "#374151"
_IO_FILL = "#f3f4f6"
_STATE_FILL = "#ffffff"
# (fill, border) per weight set (layer, direction): same colour <=> same weights (repeats after 8 sets).
_PALETTE: tuple[tuple[str, str], ...] = (
    ("#dbeafe", "#1d4ed8"),  # blue
    ("#fce7f3", "#be185d"),  # pink
    ("#dcfce7", "#15803d"),  # green
    ("#ffedd5", "#c2410c"),  # orange
    ("#ede9fe", "#6d28d9"),  # violet
    ("#ccfbf1", "#0f766e"),  # teal
    ("#fef9c3", "#a16207"),  # amber
    ("#e5e7eb", "#374151"),  # grey
)
Attrs = dict[str, str | float]
Column = int | str  # a drawn time step, or ELLIPSIS


def _edge_shape(letters: tuple[str, ...], dims: _Dims, states: str = "") -> Attrs:
    """An edge's shape: its numbers as the label, the letters too as its tooltip (shown on hover).

    ``states`` names what a recurrent edge carries ("h", "h, c"): a line above the numbers, a prefix in
    the tooltip ("h, c: (N, H_out) = (32, 16)").
    """
    numbers, full = _numbers(letters, dims), _shape(letters, dims)
    if not states:
        return {"label": numbers, "tooltip": full}
    return {"label": f"{states}\n{numbers}", "tooltip": f"{states}: {full}"}


# Highlighted nodes also get class="highlight" (kept in SVG output) so tests and styling can find them.
_HIGHLIGHT: Attrs = {"class": "highlight", "penwidth": 3, "color": "#b45309", "fillcolor": "#fde047"}
ELLIPSIS = "ell"  # column key of the ellipsis column that stands for the hidden middle steps


def _q(text: str) -> str:
    """Quote a string for DOT: escape backslashes and quotes, turn newlines into centred line breaks."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _render_attrs(attrs: Attrs) -> str:
    parts = [
        f"{key}={value}" if isinstance(value, int | float) else f"{key}={_q(value)}"
        for key, value in attrs.items()
    ]
    return f" [{', '.join(parts)}]" if parts else ""


class _Dot:
    """Tiny DOT writer: one statement per line, so the output is easy to read and to test."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def node(self, node_id: str, label: str, attrs: Attrs) -> None:
        self.lines.append(f"  {node_id}{_render_attrs({'label': label, **attrs})};")

    def edge(self, tail: str, head: str, attrs: Attrs) -> None:
        self.lines.append(f"  {tail} -> {head}{_render_attrs(attrs)};")

    def up(self, lower: str, upper: str, shape: Attrs) -> None:
        """Data edge lower → upper inside one column (written upper → lower with dir=back, see top)."""
        # xlabel, not label: a label on a flat edge would make dot insert an extra column for it.
        self.edge(upper, lower, {"dir": "back", "xlabel": shape["label"], "tooltip": shape["tooltip"]})

    def invisible(self, tail: str, head: str) -> None:
        # Invisible edges only fix the order of nodes; they carry no data.
        self.edge(tail, head, {"style": "invis"})

    def same_rank(self, node_ids: list[str]) -> None:
        self.lines.append(f"  {{rank=same; {'; '.join(node_ids)};}}")


def _columns(seq_len: int, max_steps: int) -> list[Column]:
    """Steps to draw, left to right: all of them, or the first ``max_steps - 1``, an ellipsis, the last."""
    if seq_len <= max_steps:
        return list(range(seq_len))
    return [*range(max_steps - 1), ELLIPSIS, seq_len - 1]


def _key(column: Column) -> str:
    return f"t{column}" if isinstance(column, int) else ELLIPSIS


def _row(layer: int, direction: int) -> str:
    return f"l{layer}_{'b' if direction else 'f'}"


def _cell_id(layer: int, direction: int, column: Column) -> str:
    return f"cell_{_row(layer, direction)}_{_key(column)}"


def _state_id(kind: str, layer: int, direction: int) -> str:
    """Id of an initial/final state node; ``kind`` is one of h0, c0, hn, cn."""
    return f"{kind}_{_row(layer, direction)}"


def _dir_name(direction: int) -> str:
    return "reverse" if direction else "forward"


def _colours(layer: int, direction: int, dims: _Dims) -> tuple[str, str]:
    return _PALETTE[(layer * dims.D + direction) % len(_PALETTE)]


def _states(dims: _Dims) -> tuple[str, ...]:
    """Recurrent state(s) passed along time: LSTM carries h and c, RNN and GRU only h."""
    return ("h", "c") if dims.cell == "LSTM" else ("h",)


def _rows_top_down(dims: _Dims) -> list[tuple[int, int]]:
    """(layer, direction) rows in drawing order from the top: last layer first, reverse above forward."""
    layers, directions = reversed(range(dims.num_layers)), list(reversed(range(dims.D)))
    return [(layer, direction) for layer in layers for direction in directions]


@dataclass(frozen=True)
class _Plan:
    """What to draw: validated sizes, the drawn columns and which column (if any) is highlighted."""

    dims: _Dims
    columns: list[Column]
    hidden: tuple[int, int]  # first and last step behind the ellipsis (unused without one)
    batch_first: bool
    highlight_step: int | None
    lit: str | None  # key of the highlighted column
    tr: Callable[..., str] = english  # the words of labels, tooltips and the legend

    def hidden_span(self, prefix: str) -> str:
        """The steps behind the ellipsis, e.g. ``"x_7 … x_98"`` (``"x_7"`` if only one is hidden)."""
        first, last = self.hidden
        return f"{prefix}{first}" if first == last else f"{prefix}{first} … {prefix}{last}"

    def step_text(self, column: Column) -> str:
        """``"t = 3"`` for a drawn step, ``"t = 7 … 98"`` for the ellipsis."""
        if isinstance(column, int):
            return f"t = {column}"
        return "t = " + self.hidden_span("")

    def column_node(self, dot: _Dot, node_id: str, column: Column, label: str, attrs: Attrs) -> None:
        """Add a node of a time-step column, highlighted if that column is the chosen one."""
        if column == ELLIPSIS:
            attrs = {**attrs, "style": f"{attrs.get('style', 'filled')},dashed"}
        if _key(column) == self.lit:
            attrs = {**attrs, **_HIGHLIGHT}
            if column == ELLIPSIS:
                label += "\n" + self.tr("graph.contains", step=self.highlight_step)
        dot.node(node_id, label, attrs)


def _add_io_nodes(dot: _Dot, plan: _Plan) -> None:
    attrs: Attrs = {"shape": "box", "style": "rounded,filled", "fillcolor": _IO_FILL}
    for column in plan.columns:
        key = _key(column)
        if isinstance(column, int):
            index = f"[:, {column}]" if plan.batch_first else f"[{column}]"
            x_label, y_label = f"x_{column}\ninput{index}", f"y_{column}\noutput{index}"
        else:
            x_label, y_label = plan.hidden_span("x_"), plan.hidden_span("y_")
        plan.column_node(dot, f"x_{key}", column, x_label, attrs)
        plan.column_node(dot, f"y_{key}", column, y_label, attrs)


def _add_cell_nodes(dot: _Dot, plan: _Plan) -> None:
    dims = plan.dims
    for layer, direction in _rows_top_down(dims):
        fill, border = _colours(layer, direction, dims)
        suffix = _suffix(direction)
        weights = f"W_ih_l{layer}{suffix}\nW_hh_l{layer}{suffix}"  # a line each: narrow cells, a narrow graph
        # group=<row> asks dot to keep the row's recurrent edges straight and horizontal.
        attrs: Attrs = {"shape": "box", "style": "rounded,filled", "fillcolor": fill, "color": border,
                        "penwidth": 1.5, "group": _row(layer, direction)}
        for column in plan.columns:
            # The weight names are identical in every column of a row: that *is* weight sharing.
            label = f"{dims.cell} · {plan.step_text(column)}\n{weights}"
            plan.column_node(dot, _cell_id(layer, direction, column), column, label, attrs)


def _add_state_nodes(dot: _Dot, plan: _Plan) -> None:
    dims = plan.dims
    for layer, direction in _rows_top_down(dims):
        _, border = _colours(layer, direction, dims)
        index = layer * dims.D + direction  # torch's index into h_0 / h_n
        for state in _states(dims):
            for when, name in (("0", f"{state}_0"), ("n", f"{state}_n")):
                attrs: Attrs = {"shape": "box", "style": "filled,dashed", "fillcolor": _STATE_FILL,
                                "color": border}
                if state == "h":
                    attrs["group"] = _row(layer, direction)  # in line with its row's cells
                # The row is named by its colour and its cells' weights; the name is a tooltip, to keep it narrow.
                attrs["tooltip"] = f"{name}[{index}]: " + plan.tr("graph.layer_direction", layer=layer,
                                                                   direction=plan.tr(f"pick.{_dir_name(direction)}"))
                dot.node(_state_id(f"{state}{when}", layer, direction), f"{name}[{index}]", attrs)


def _add_concat_nodes(dot: _Dot, plan: _Plan) -> None:
    # Layers above 0 read [h_forward ; h_reverse] of the layer below: show the concatenation as a node.
    if plan.dims.D == 1:
        return
    attrs: Attrs = {"shape": "ellipse", "style": "filled", "fillcolor": "#ffffff", "fontsize": 9}
    for layer in range(1, plan.dims.num_layers):
        for column in plan.columns:
            dot.node(f"cat_l{layer}_{_key(column)}", "concat", attrs)


def _legend_lines(plan: _Plan) -> list[str]:
    """What the drawing leaves out to stay small: the full tensor shapes and how to read it."""
    dims = plan.dims
    seq_first = ("N", "L") if plan.batch_first else ("L", "N")
    states = "h_0, h_n, c_0, c_n" if dims.cell == "LSTM" else "h_0, h_n"
    t = plan.tr
    lines = [
        t("graph.legend.title", cell=dims.cell, layers=dims.num_layers,
          directions=t("graph.legend.bidirectional" if dims.D == 2 else "graph.legend.one_direction"),
          batch_first=plan.batch_first),
        f"input {_shape((*seq_first, 'H_in'), dims)}, output {_shape((*seq_first, 'D·H_out'), dims)}, "
        f"{states} {_shape(('D·num_layers', 'N', 'H_out'), dims)}",
        t("graph.legend.edges", x=f"x_t {_shape(('N', 'H_in'), dims)}", h=f"h {_shape(('N', 'H_out'), dims)}"),
        t("graph.legend.colour"),
    ]
    if ELLIPSIS in plan.columns:
        lines.append(t("graph.legend.ellipsis", span=plan.hidden_span("t = ")))
    return lines


def _add_column_edges(dot: _Dot, plan: _Plan) -> None:
    """Edges inside one time step: x_t → layer 0, layer k-1 → layer k, top layer → y_t."""
    dims = plan.dims
    x_shape = _edge_shape(("N", "H_in"), dims)
    h_shape = _edge_shape(("N", "H_out"), dims)
    cat_shape = _edge_shape(("N", "D·H_out"), dims)
    top = dims.num_layers - 1
    for column in plan.columns:
        key = _key(column)
        for direction in range(dims.D):
            dot.up(f"x_{key}", _cell_id(0, direction, column), x_shape)
            dot.up(_cell_id(top, direction, column), f"y_{key}", h_shape)
        for layer in range(1, dims.num_layers):
            if dims.D == 1:
                dot.up(_cell_id(layer - 1, 0, column), _cell_id(layer, 0, column), h_shape)
                continue
            cat = f"cat_l{layer}_{key}"
            for direction in range(dims.D):
                dot.up(_cell_id(layer - 1, direction, column), cat, h_shape)
                dot.up(cat, _cell_id(layer, direction, column), cat_shape)
        if dims.D == 2:
            # No data flows between the two directions of a layer: an invisible edge puts reverse on top.
            for layer in range(dims.num_layers):
                dot.invisible(_cell_id(layer, 1, column), _cell_id(layer, 0, column))


def _add_recurrent_edges(dot: _Dot, plan: _Plan) -> None:
    """Edges along time inside each row: h_0 → t0 → t1 → … → h_n (the reverse row runs right → left).

    An LSTM passes both h and c between two cells; they have the same shape, so one edge labelled
    "h, c" carries both (two parallel labelled edges would double the clutter). The initial and final
    states keep one edge per node.
    """
    dims = plan.dims
    letters = ("N", "H_out")
    for layer, direction in _rows_top_down(dims):
        _, border = _colours(layer, direction, dims)
        flow: Attrs = {"color": border, **({"dir": "back"} if direction else {})}
        chain = [_cell_id(layer, direction, column) for column in plan.columns]
        for left, right in itertools.pairwise(chain):
            dot.edge(left, right, {**_edge_shape(letters, dims, ", ".join(_states(dims))), **flow})
        for state in _states(dims):
            start, end = _state_id(f"{state}0", layer, direction), _state_id(f"{state}n", layer, direction)
            left, right = (end, start) if direction else (start, end)  # reverse: h_n on the left
            edge: Attrs = {**_edge_shape(letters, dims, state), **flow}
            if state == "c":
                edge["style"] = "dashed"  # tell the cell state apart from h at a glance
            dot.edge(left, chain[0], edge)
            dot.edge(chain[-1], right, edge)


def _add_ranks(dot: _Dot, plan: _Plan) -> None:
    """Columns left → right: states entering at the left, one per time step, states leaving right."""
    dims = plan.dims
    left: list[str] = []
    right: list[str] = []
    for layer, direction in _rows_top_down(dims):
        for state in _states(dims):
            start, end = _state_id(f"{state}0", layer, direction), _state_id(f"{state}n", layer, direction)
            left.append(end if direction else start)
            right.append(start if direction else end)
    columns = [[f"y_{key}", *cells, f"x_{key}"] for key, cells in _column_stacks(plan)]
    for stack in [left, *columns, right]:
        dot.same_rank(stack)
    for stack in (left, right):
        for upper, lower in itertools.pairwise(stack):
            dot.invisible(upper, lower)


def _column_stacks(plan: _Plan) -> list[tuple[str, list[str]]]:
    """Per column key, the nodes between y_t and x_t from top to bottom (cells and concat nodes)."""
    dims = plan.dims
    stacks: list[tuple[str, list[str]]] = []
    for column in plan.columns:
        key = _key(column)
        nodes: list[str] = []
        for layer, direction in _rows_top_down(dims):
            nodes.append(_cell_id(layer, direction, column))
            if layer and direction == 0 and dims.D == 2:
                nodes.append(f"cat_l{layer}_{key}")
        stacks.append((key, nodes))
    return stacks


def unrolled_dot(
    cell: str,
    input_size: int,
    hidden_size: int,
    num_layers: int,
    bidirectional: bool,
    batch_size: int,
    seq_len: int,
    batch_first: bool = False,
    highlight_step: int | None = None,
    max_steps: int = 8,
    tr: Callable[..., str] = english,
) -> str:
    """Graphviz DOT source of the network unrolled over time steps, layers and directions.

    One column per time step (left → right). Inside a column, from the bottom: ``x_t``, then each layer
    (forward row, reverse row above it, a ``concat`` node between layers when bidirectional), and ``y_t``
    on top (top layer, both directions concatenated to ``(N, D·H_out)``). Each (layer, direction) row
    starts at its ``h_0`` (``c_0``) node and ends at ``h_n`` (``c_n``); the reverse rows run right → left,
    so their ``h_n`` comes from ``t = 0``. Every data edge is labelled with its shape's numbers for these
    settings, e.g. ``"(32, 1)"`` (``label``, or ``xlabel`` inside a column), and its ``tooltip`` gives the
    letters too, ``"(N, H_in) = (32, 1)"``: the drawing must stay readable when it is scaled to a page.
    Each cell names its weights (``W_ih_l0 · W_hh_l0``, the same names at every step) and is coloured per
    weight set. Edges with ``dir=back`` carry data from head to tail (layout). :func:`unrolled_legend`
    gives the text to show beside it.

    When ``seq_len > max_steps`` only steps ``0 … max_steps-2`` and the last step are drawn, with one dashed
    ellipsis column (node ids ending in ``_ell``) standing for the steps in between.

    ``highlight_step`` (0-based, ``None`` for none) highlights that step's column: ``x_t``, its cells and
    ``y_t`` get ``class="highlight"``, a thick border and a bright fill. A step hidden behind the ellipsis
    highlights the ellipsis column instead, whose labels then say ``(contains t = k)``.
    """
    plan = _plan(cell, input_size, hidden_size, num_layers, bidirectional, batch_size, seq_len, batch_first,
                 highlight_step, max_steps, tr)
    graph: Attrs = {"rankdir": "LR", "bgcolor": "white", "fontname": "Helvetica", "nodesep": 0.2,
                    "ranksep": 0.35, "forcelabels": "true"}
    node: Attrs = {"fontname": "Helvetica", "fontsize": 12, "fontcolor": _TEXT, "color": _EDGE, "margin": "0.08,0.04"}
    edge: Attrs = {"fontname": "Helvetica", "fontsize": 11, "fontcolor": _EDGE_TEXT, "color": _EDGE,
                   "arrowsize": 0.7}
    dot = _Dot()
    dot.lines += [
        f"digraph unrolled_{plan.dims.cell.lower()} {{",
        f"  graph{_render_attrs(graph)};",
        f"  node{_render_attrs(node)};",
        f"  edge{_render_attrs(edge)};",
    ]
    _add_state_nodes(dot, plan)
    _add_io_nodes(dot, plan)
    _add_cell_nodes(dot, plan)
    _add_concat_nodes(dot, plan)
    _add_column_edges(dot, plan)
    _add_recurrent_edges(dot, plan)
    _add_ranks(dot, plan)
    dot.lines.append("}")
    return "\n".join(dot.lines) + "\n"


def unrolled_legend(**settings: object) -> list[str]:
    """Lines to show with :func:`unrolled_dot`, which takes the same keyword arguments: the title, the full
    tensor shapes, how to read the edges and colours, and which steps the dashed column stands for."""
    return _legend_lines(_plan(**{**settings, "highlight_step": None}))


def _plan(cell: object, input_size: object, hidden_size: object, num_layers: object, bidirectional: object,
          batch_size: object, seq_len: object, batch_first: object = False, highlight_step: object = None,
          max_steps: object = 8, tr: Callable[..., str] = english) -> _Plan:
    dims = _dims(cell, input_size, hidden_size, num_layers, bidirectional, batch_size, seq_len)
    if not isinstance(batch_first, bool):
        raise ValueError(f"batch_first must be True or False, got {batch_first!r}")
    max_steps = _positive_int("max_steps", max_steps)
    if max_steps < 2:
        raise ValueError(f"max_steps must be at least 2 (the first and the last step), got {max_steps}")
    columns = _columns(dims.L, max_steps)
    step = _checked_step(highlight_step, dims.L)
    lit = None if step is None else (_key(step) if step in columns else ELLIPSIS)
    return _Plan(dims, columns, (max_steps - 1, dims.L - 2), batch_first, step, lit, tr)


def _checked_step(highlight_step: object, seq_len: int) -> int | None:
    if highlight_step is None:
        return None
    if isinstance(highlight_step, bool) or not isinstance(highlight_step, numbers.Integral):
        raise ValueError(f"highlight_step must be an integer step or None, got {highlight_step!r}")
    if not 0 <= highlight_step < seq_len:
        raise ValueError(
            f"highlight_step must be in 0 … {seq_len - 1} (seq_len = {seq_len}), got {highlight_step}"
        )
    return int(highlight_step)
