"""Tests for playground.graph: shape tables checked against real torch modules, DOT checked structurally."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field

import pytest
import torch

from playground.graph import shape_table, unrolled_dot, unrolled_legend

CELLS = ("RNN", "LSTM", "GRU")
TORCH_CELLS = {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}


def _numbers(shape_text: str) -> tuple[int, ...]:
    """``"(L, N, H_in) = (10, 32, 1)"`` -> ``(10, 32, 1)``."""
    numeric = shape_text.split(" = ")[-1].strip("()")
    return tuple(int(part) for part in numeric.split(",") if part.strip())


# ------------------------------------------------------------------------------------------------
# shape_table
# ------------------------------------------------------------------------------------------------

PARAM_GRID = list(
    itertools.product(CELLS, (1, 2, 3), (False, True), ((1, 16), (5, 3)), (True, False))
)


@pytest.mark.parametrize(("cell", "num_layers", "bidirectional", "sizes", "bias"), PARAM_GRID)
def test_parameters_match_torch_named_parameters(
    cell: str, num_layers: int, bidirectional: bool, sizes: tuple[int, int], bias: bool
) -> None:
    input_size, hidden_size = sizes
    module = TORCH_CELLS[cell](input_size, hidden_size, num_layers, bias=bias, bidirectional=bidirectional)
    table = shape_table(cell, input_size, hidden_size, num_layers, bidirectional, 4, 7, bias=bias)
    expected = [(name, str(tuple(p.shape)), p.numel()) for name, p in module.named_parameters()]
    got = [(row["name"], row["shape"], row["elements"]) for row in table["parameters"]]
    assert got == expected  # same names, same order, same shapes
    assert table["total_parameters"] == sum(p.numel() for p in module.parameters())
    for row in table["parameters"]:
        assert _numbers(str(row["symbolic"])) == tuple(
            int(n) for n in str(row["shape"]).strip("()").split(",") if n.strip()
        )
        assert row["direction"] == ("reverse" if str(row["name"]).endswith("_reverse") else "forward")
        assert str(row["name"]).split("_l")[1].startswith(str(row["layer"]))


@pytest.mark.parametrize(
    ("cell", "gates", "layout"), [("RNN", 1, "H_out"), ("LSTM", 4, "i|f|g|o"), ("GRU", 3, "r|z|n")]
)
def test_gate_layout_note(cell: str, gates: int, layout: str) -> None:
    table = shape_table(cell, 2, 8, 2, True, 4, 5)
    assert layout in table["gate_layout"]
    for row in table["parameters"]:
        assert layout in str(row["gate_layout"])
        assert _numbers(str(row["symbolic"]))[0] == gates * 8
    w_ih_l1 = next(row for row in table["parameters"] if row["name"] == "weight_ih_l1")
    prefix = "H_out" if gates == 1 else f"{gates}·H_out"
    assert w_ih_l1["symbolic"] == f"({prefix}, D·H_out) = ({gates * 8}, 16)"


@pytest.mark.parametrize(
    ("cell", "num_layers", "bidirectional"), list(itertools.product(CELLS, (1, 2), (False, True)))
)
def test_tensor_shapes_match_a_real_forward_pass(cell: str, num_layers: int, bidirectional: bool) -> None:
    input_size, hidden_size, batch, seq_len = 3, 5, 2, 6
    table = shape_table(cell, input_size, hidden_size, num_layers, bidirectional, batch, seq_len)
    rows = {row["tensor"]: row for row in table["tensors"]}
    lstm = cell == "LSTM"
    assert list(rows) == (
        ["input", "h_0", "c_0", "output", "h_n", "c_n"] if lstm else ["input", "h_0", "output", "h_n"]
    )
    for batch_first in (False, True):
        column = f"batch_first={batch_first}"
        module = TORCH_CELLS[cell](
            input_size, hidden_size, num_layers, batch_first=batch_first, bidirectional=bidirectional
        )
        x = torch.zeros(_numbers(str(rows["input"][column])))
        h0 = torch.zeros(_numbers(str(rows["h_0"][column])))
        state = (h0, torch.zeros(_numbers(str(rows["c_0"][column])))) if lstm else h0
        with torch.no_grad():
            output, final = module(x, state)  # raises if our input / h_0 / c_0 shapes were wrong
        assert _numbers(str(rows["output"][column])) == tuple(output.shape)
        h_n = final[0] if lstm else final
        assert _numbers(str(rows["h_n"][column])) == tuple(h_n.shape)
        if lstm:
            assert _numbers(str(rows["c_n"][column])) == tuple(final[1].shape)
    # h_0 / h_n do not depend on batch_first; input / output swap their first two axes.
    for name in ("h_0", "h_n"):
        assert rows[name]["batch_first=False"] == rows[name]["batch_first=True"]
        assert str(rows[name]["batch_first=True"]).startswith("(D·num_layers, N, H_out) = ")
    assert str(rows["input"]["batch_first=False"]).startswith("(L, N, H_in) = ")
    assert str(rows["input"]["batch_first=True"]).startswith("(N, L, H_in) = ")
    assert str(rows["output"]["batch_first=True"]).startswith("(N, L, D·H_out) = ")


def test_tensor_rows_are_plain_and_explained() -> None:
    table = shape_table("lstm", 1, 16, 2, True, 32, 10)
    first = table["tensors"][0]
    assert first["batch_first=False"] == "(L, N, H_in) = (10, 32, 1)"
    assert first["batch_first=True"] == "(N, L, H_in) = (32, 10, 1)"
    assert first["elements"] == 320
    assert "L = 10" in str(first["legend"]) and "H_in = 1" in str(first["legend"])
    for row in table["tensors"] + table["parameters"]:
        assert all(isinstance(value, str | int) for value in row.values())
        assert all(isinstance(key, str) for key in row)


# ------------------------------------------------------------------------------------------------
# DOT parsing helpers (the output is one statement per line, so a small parser is enough)
# ------------------------------------------------------------------------------------------------

_ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^,\s\]]+)')
_NODE = re.compile(r"^\s*(\w+) \[(.*)\];$")
_EDGE = re.compile(r"^\s*(\w+) -> (\w+)(?: \[(.*)\])?;$")
_RANK = re.compile(r"^\s*\{rank=same; (.*);\}$")


def _attrs(text: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in _ATTR.findall(text or ""):
        if value.startswith('"'):
            value = value[1:-1].replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")
        out[key] = value
    return out


@dataclass
class Graph:
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # as written
    ranks: list[list[str]] = field(default_factory=list)

    def flows(self) -> list[tuple[str, str, dict[str, str]]]:
        """Visible edges in the direction data flows (dir=back means head → tail)."""
        out = []
        for tail, head, attrs in self.edges:
            if attrs.get("style") == "invis":
                continue
            out.append((head, tail, attrs) if attrs.get("dir") == "back" else (tail, head, attrs))
        return out

    def into(self, node: str) -> list[tuple[str, str]]:
        """(source, shape label) of every data edge entering ``node``."""
        return [(src, _label(attrs)) for src, dst, attrs in self.flows() if dst == node]

    def out_of(self, node: str) -> list[tuple[str, str]]:
        """(target, shape label) of every data edge leaving ``node``."""
        return [(dst, _label(attrs)) for src, dst, attrs in self.flows() if src == node]


def _label(attrs: dict[str, str]) -> str:
    # The drawn label shows the numbers only; the tooltip has the letters too ("h: (N, H_out) = (32, 16)").
    return attrs.get("tooltip", "")


def _parse(dot: str) -> Graph:
    lines = dot.strip().splitlines()
    assert lines[0].startswith("digraph ") and lines[0].endswith("{")
    assert lines[-1] == "}"
    graph = Graph()
    for line in lines[1:-1]:
        if line.strip().startswith(("graph [", "node [", "edge [")):
            continue
        if match := _RANK.match(line):
            graph.ranks.append(match.group(1).split("; "))
        elif match := _EDGE.match(line):
            graph.edges.append((match.group(1), match.group(2), _attrs(match.group(3))))
        elif match := _NODE.match(line):
            assert match.group(1) not in graph.nodes, f"node declared twice: {match.group(1)}"
            graph.nodes[match.group(1)] = _attrs(match.group(2))
        else:
            raise AssertionError(f"unparsed DOT line: {line!r}")
    return graph


def _balanced(dot: str) -> bool:
    """Braces and brackets balance outside quoted strings, and every quote is closed."""
    depth = {"{": 0, "[": 0}
    closing = {"}": "{", "]": "["}
    in_string = escaped = False
    for char in dot:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in depth:
            depth[char] += 1
        elif char in closing:
            depth[closing[char]] -= 1
            if depth[closing[char]] < 0:
                return False
    return not in_string and all(value == 0 for value in depth.values())


def _is_acyclic(graph: Graph) -> bool:
    indegree = {node: 0 for node in graph.nodes}
    for _, dst, _ in graph.flows():
        indegree[dst] += 1
    ready = [node for node, degree in indegree.items() if degree == 0]
    seen = 0
    while ready:
        node = ready.pop()
        seen += 1
        for dst, _ in graph.out_of(node):
            indegree[dst] -= 1
            if indegree[dst] == 0:
                ready.append(dst)
    return seen == len(graph.nodes)


def _cell(layer: int, direction: int, key: str) -> str:
    return f"cell_l{layer}_{'b' if direction else 'f'}_{key}"


# ------------------------------------------------------------------------------------------------
# unrolled_dot: structure for every cell × layers × bidirectional × batch_first
# ------------------------------------------------------------------------------------------------

DOT_GRID = list(itertools.product(CELLS, (1, 2, 3), (False, True), (False, True)))
N, H_IN, H_OUT, L = 32, 1, 16, 4


@pytest.mark.parametrize(("cell", "num_layers", "bidirectional", "batch_first"), DOT_GRID)
def test_unrolled_structure(cell: str, num_layers: int, bidirectional: bool, batch_first: bool) -> None:
    dot = unrolled_dot(cell.lower(), H_IN, H_OUT, num_layers, bidirectional, N, L, batch_first=batch_first)
    assert _balanced(dot)
    graph = _parse(dot)
    d = 2 if bidirectional else 1
    keys = [f"t{t}" for t in range(L)]
    states = ("h", "c") if cell == "LSTM" else ("h",)

    # every edge endpoint and every rank member is a declared node
    for tail, head, _ in graph.edges:
        assert tail in graph.nodes and head in graph.nodes, (tail, head)
    for rank in graph.ranks:
        assert set(rank) <= set(graph.nodes)
    assert _is_acyclic(graph)

    cells = [node for node in graph.nodes if node.startswith("cell_")]
    assert len(cells) == num_layers * d * L
    assert not [node for node in graph.nodes if node.endswith("_ell")]

    # every data edge shows its shape's numbers, and its tooltip the letters too: "(N, H_in) = (32, 1)"
    for _, _, attrs in graph.flows():
        # Edges inside a column use xlabel (see playground/graph.py); the others use label.
        label = attrs.get("label") or attrs.get("xlabel")
        full = re.fullmatch(r"(?:(h|h, c|c): )?\(.+\) = (\([\d, ]+\))", attrs.get("tooltip", ""))
        assert label and full, attrs
        assert label == (f"{full[1]}\n{full[2]}" if full[1] else full[2]), attrs

    x_shape, h_shape, cat_shape = "(N, H_in) = (32, 1)", "(N, H_out) = (32, 16)", "(N, D·H_out) = (32, 32)"
    for key in keys:
        t = int(key[1:])
        index = f"[:, {t}]" if batch_first else f"[{t}]"
        assert graph.nodes[f"x_{key}"]["label"] == f"x_{t}\ninput{index}"
        assert graph.nodes[f"y_{key}"]["label"] == f"y_{t}\noutput{index}"
        assert sorted(graph.into(f"x_{key}")) == []
        assert sorted(graph.out_of(f"x_{key}")) == sorted((_cell(0, dr, key), x_shape) for dr in range(d))
        # y_t gets the top layer's h_t of every direction
        top = num_layers - 1
        assert sorted(graph.into(f"y_{key}")) == sorted((_cell(top, dr, key), h_shape) for dr in range(d))
        for layer in range(1, num_layers):
            for direction in range(d):
                # drop the recurrent inputs (same row, or h_0 / c_0) to keep the input from below
                recurrent = (f"cell_l{layer}_", "h0_", "c0_")
                into = graph.into(_cell(layer, direction, key))
                inputs = [edge for edge in into if not edge[0].startswith(recurrent)]
                if bidirectional:
                    # layer k reads concat(h_fwd, h_rev) of layer k-1
                    assert inputs == [(f"cat_l{layer}_{key}", cat_shape)]
                    assert sorted(graph.into(f"cat_l{layer}_{key}")) == sorted(
                        (_cell(layer - 1, dr, key), h_shape) for dr in range(2)
                    )
                else:
                    assert inputs == [(_cell(layer - 1, 0, key), h_shape)]

    # recurrence: forward rows run left → right, reverse rows right → left (h_n from t = 0)
    for layer in range(num_layers):
        for direction in range(d):
            row = f"l{layer}_{'b' if direction else 'f'}"
            order = keys if direction == 0 else keys[::-1]
            chain = [_cell(layer, direction, key) for key in order]
            for state in states:
                assert graph.out_of(f"{state}0_{row}") == [(chain[0], f"{state}: {h_shape}")]
                assert graph.into(f"{state}n_{row}") == [(chain[-1], f"{state}: {h_shape}")]
                index = layer * d + direction
                name = f"layer {layer} · {'reverse' if direction else 'forward'}"
                assert graph.nodes[f"{state}0_{row}"]["label"] == f"{state}_0[{index}]"
                assert graph.nodes[f"{state}0_{row}"]["tooltip"] == f"{state}_0[{index}]: {name}"
                assert graph.nodes[f"{state}n_{row}"]["label"] == f"{state}_n[{index}]"
            for earlier, later in itertools.pairwise(chain):
                assert (later, f"{', '.join(states)}: {h_shape}") in graph.out_of(earlier)


@pytest.mark.parametrize(
    ("cell", "num_layers", "bidirectional"), list(itertools.product(CELLS, (1, 3), (False, True)))
)
def test_weight_sharing_is_visible(cell: str, num_layers: int, bidirectional: bool) -> None:
    graph = _parse(unrolled_dot(cell, 2, 8, num_layers, bidirectional, 4, 6))
    d = 2 if bidirectional else 1
    fills = set()
    for layer in range(num_layers):
        for direction in range(d):
            suffix = "_reverse" if direction else ""
            row = [graph.nodes[_cell(layer, direction, f"t{t}")] for t in range(6)]
            assert {node["fillcolor"] for node in row} == {row[0]["fillcolor"]}
            for node in row:
                assert f"W_ih_l{layer}{suffix}\nW_hh_l{layer}{suffix}" in node["label"]
            fills.add(row[0]["fillcolor"])
    assert len(fills) == num_layers * d  # one colour per weight set
    legend = unrolled_legend(cell=cell, input_size=2, hidden_size=8, num_layers=num_layers,
                             bidirectional=bidirectional, batch_size=4, seq_len=6)
    assert any("same colour = same weights at every time step" in line for line in legend)


def test_legend_gives_the_full_shapes() -> None:
    legend = unrolled_legend(cell="GRU", input_size=3, hidden_size=8, num_layers=2, bidirectional=True,
                             batch_size=4, seq_len=5, batch_first=True)
    assert legend[0].startswith("GRU unrolled over time: 2 layer(s), bidirectional")
    assert "input (N, L, H_in) = (4, 5, 3)" in legend[1]
    assert "output (N, L, D·H_out) = (4, 5, 16)" in legend[1]
    assert "h_0, h_n (D·num_layers, N, H_out) = (4, 4, 8)" in legend[1]
    assert not any("dashed" in line for line in legend)  # every step is drawn


def test_explicit_light_theme() -> None:
    dot = unrolled_dot("RNN", 1, 4, 1, False, 2, 3)
    header = dot.splitlines()[1]
    assert 'bgcolor="white"' in header and 'rankdir="LR"' in header
    assert 'fontcolor="#111827"' in dot.splitlines()[2]
    for attrs in _parse(dot).nodes.values():
        assert "filled" in attrs.get("style", "") and attrs.get("fillcolor", "").startswith("#")


def test_columns_stack_inputs_bottom_to_outputs_top() -> None:
    graph = _parse(unrolled_dot("LSTM", 1, 16, 2, True, 32, 4))
    column = next(rank for rank in graph.ranks if "x_t2" in rank)
    top_down = ["y", "cell_l1_b", "cell_l1_f", "cat_l1", "cell_l0_b", "cell_l0_f", "x"]
    assert column == [f"{name}_t2" for name in top_down]


# ------------------------------------------------------------------------------------------------
# truncation and highlight
# ------------------------------------------------------------------------------------------------


def _column_nodes(graph: Graph, key: str) -> set[str]:
    return {node for node in graph.nodes if node.endswith(f"_{key}") and not node.startswith("cat_")}


@pytest.mark.parametrize(("cell", "bidirectional"), list(itertools.product(CELLS, (False, True))))
def test_truncation_draws_first_steps_ellipsis_and_last(cell: str, bidirectional: bool) -> None:
    graph = _parse(unrolled_dot(cell, 1, 16, 2, bidirectional, 32, 20, max_steps=8))
    d = 2 if bidirectional else 1
    drawn = [f"t{t}" for t in range(7)] + ["ell", "t19"]
    keys = {node.rsplit("_", 1)[1] for node in graph.nodes if node.startswith("x_")}
    assert keys == set(drawn)
    cells = [node for node in graph.nodes if node.startswith("cell_")]
    assert len([node for node in cells if not node.endswith("_ell")]) == 2 * d * 8
    assert len([node for node in cells if node.endswith("_ell")]) == 2 * d
    assert "x_7 … x_18" in graph.nodes["x_ell"]["label"]
    assert "t = 7 … 18" in graph.nodes[_cell(0, 0, "ell")]["label"]
    assert "dashed" in graph.nodes[_cell(0, 0, "ell")]["style"]
    # the chain passes through the ellipsis: t6 → … → t19 (reverse: t19 → … → t6)
    h = "(N, H_out) = (32, 16)"
    prefix = "h, c" if cell == "LSTM" else "h"
    assert (_cell(0, 0, "ell"), f"{prefix}: {h}") in graph.out_of(_cell(0, 0, "t6"))
    assert (_cell(0, 0, "t19"), f"{prefix}: {h}") in graph.out_of(_cell(0, 0, "ell"))
    if bidirectional:
        assert (_cell(0, 1, "ell"), f"{prefix}: {h}") in graph.out_of(_cell(0, 1, "t19"))
        assert graph.into("hn_l0_b")[0][0] == _cell(0, 1, "t0")
    assert _is_acyclic(graph)
    # x columns are ordered left → right as drawn
    assert next(rank for rank in graph.ranks if "x_ell" in rank)[-1] == "x_ell"


def test_no_truncation_at_exactly_max_steps() -> None:
    graph = _parse(unrolled_dot("RNN", 1, 4, 1, False, 2, 8, max_steps=8))
    assert "x_ell" not in graph.nodes and "x_t7" in graph.nodes


def _highlighted(graph: Graph) -> set[str]:
    return {node for node, attrs in graph.nodes.items() if attrs.get("class") == "highlight"}


@pytest.mark.parametrize(
    ("cell", "num_layers", "bidirectional"), list(itertools.product(CELLS, (1, 2), (False, True)))
)
def test_highlight_marks_exactly_the_chosen_step(cell: str, num_layers: int, bidirectional: bool) -> None:
    for step in range(5):
        dot = unrolled_dot(cell, 1, 16, num_layers, bidirectional, 32, 5, highlight_step=step)
        graph = _parse(dot)
        expected = _column_nodes(graph, f"t{step}")
        assert len(expected) == 2 + num_layers * (2 if bidirectional else 1)
        assert _highlighted(graph) == expected
        assert dot.count('class="highlight"') == len(expected)
        for node in expected:
            assert graph.nodes[node]["penwidth"] == "3"
    assert _highlighted(_parse(unrolled_dot(cell, 1, 16, num_layers, bidirectional, 32, 5))) == set()


def test_highlight_on_a_drawn_step_of_a_truncated_graph() -> None:
    graph = _parse(unrolled_dot("LSTM", 1, 16, 1, True, 32, 30, highlight_step=29, max_steps=6))
    assert _highlighted(graph) == _column_nodes(graph, "t29")
    graph = _parse(unrolled_dot("LSTM", 1, 16, 1, True, 32, 30, highlight_step=4, max_steps=6))
    assert _highlighted(graph) == _column_nodes(graph, "t4")


def test_hidden_highlight_step_maps_to_the_ellipsis() -> None:
    graph = _parse(unrolled_dot("GRU", 1, 16, 2, False, 32, 30, highlight_step=12, max_steps=6))
    assert _highlighted(graph) == _column_nodes(graph, "ell")
    assert all("(contains t = 12)" in graph.nodes[node]["label"] for node in _highlighted(graph))


# ------------------------------------------------------------------------------------------------
# validation
# ------------------------------------------------------------------------------------------------

GOOD = {"cell": "LSTM", "input_size": 1, "hidden_size": 4, "num_layers": 1, "bidirectional": False,
        "batch_size": 2, "seq_len": 3}


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"cell": "transformer"}, "unknown cell"),
        ({"cell": 3}, "unknown cell"),
        ({"input_size": 0}, "input_size"),
        ({"hidden_size": -1}, "hidden_size"),
        ({"num_layers": 0}, "num_layers"),
        ({"batch_size": 1.5}, "batch_size"),
        ({"seq_len": True}, "seq_len"),
        ({"bidirectional": "yes"}, "bidirectional"),
    ],
)
def test_invalid_arguments_raise_readable_errors(override: dict[str, object], message: str) -> None:
    kwargs = {**GOOD, **override}
    with pytest.raises(ValueError, match=message):
        shape_table(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        unrolled_dot(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"highlight_step": 3}, "highlight_step"),
        ({"highlight_step": -1}, "highlight_step"),
        ({"highlight_step": "2"}, "highlight_step"),
        ({"max_steps": 1}, "max_steps"),
        ({"max_steps": 0}, "max_steps"),
        ({"batch_first": None}, "batch_first"),
    ],
)
def test_invalid_drawing_options(override: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        unrolled_dot(**{**GOOD, **override})  # type: ignore[arg-type]


def test_lower_case_cell_names_are_accepted() -> None:
    assert shape_table("gru", 1, 4, 1, False, 2, 3) == shape_table("GRU", 1, 4, 1, False, 2, 3)
    assert unrolled_dot("rnn", 1, 4, 1, False, 2, 3) == unrolled_dot("RNN", 1, 4, 1, False, 2, 3)


# ------------------------------------------------------------------------------------------------
# the real Graphviz, when installed (not a dependency)
# ------------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("dot") is None and not os.environ.get("CI"), reason="Graphviz `dot` not installed")
@pytest.mark.parametrize(
    "kwargs",
    [
        {"cell": "LSTM", "num_layers": 2, "bidirectional": True, "seq_len": 4, "highlight_step": 1},
        {"cell": "GRU", "num_layers": 3, "bidirectional": False, "seq_len": 40, "highlight_step": 20},
        {"cell": "RNN", "num_layers": 1, "bidirectional": True, "seq_len": 1, "batch_first": True},
    ],
)
def test_graphviz_accepts_the_dot(kwargs: dict[str, object]) -> None:
    dot = unrolled_dot(input_size=3, hidden_size=8, batch_size=16, **kwargs)  # type: ignore[arg-type]
    result = subprocess.run(
        ["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "syntax error" not in result.stderr.lower()
    assert result.stdout.lstrip().startswith("<?xml") and "</svg>" in result.stdout
    # class="highlight" survives into the SVG (graphviz adds it to the node's <g> element)
    highlighted = len(re.findall(r'class="node highlight"', result.stdout))
    assert highlighted == (0 if "highlight_step" not in kwargs else len(_highlighted(_parse(dot))))


def test_smallest_truncation_hides_one_step() -> None:
    graph = _parse(unrolled_dot("LSTM", 1, 4, 1, True, 2, 3, max_steps=2, highlight_step=1))
    assert {node.rsplit("_", 1)[1] for node in graph.nodes if node.startswith("x_")} == {"t0", "ell", "t2"}
    assert graph.nodes["x_ell"]["label"].startswith("x_1\n")
    assert graph.nodes[_cell(0, 1, "ell")]["label"].startswith("LSTM · t = 1\n")
    legend = unrolled_legend(cell="LSTM", input_size=1, hidden_size=4, num_layers=1, bidirectional=True,
                             batch_size=2, seq_len=3, max_steps=2)
    assert "the dashed column stands for t = 1 (not drawn)" in legend
    assert _highlighted(graph) == _column_nodes(graph, "ell")
