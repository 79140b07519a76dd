"""The tensor-shape and parameter tables of an nn.RNN, LSTM or GRU, from its settings alone."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypedDict

from playground.graph.dims import GATE_LAYOUT, _Dims, _dims, _layer_input, _legend, _pair, _shape, _suffix
from playground.i18n import english

# --------------------------------------------------------------------------------------------------
# Shape table
# --------------------------------------------------------------------------------------------------

Row = dict[str, str | int]


class ShapeTable(TypedDict):
    """Return type of :func:`shape_table`; each list is ready for ``st.dataframe`` / ``st.table``."""

    tensors: list[Row]
    parameters: list[Row]
    total_parameters: int
    gate_layout: str


def _tensor_rows(dims: _Dims, t: Callable[..., str]) -> list[Row]:
    # (name, letters with batch_first=False, letters with batch_first=True); the meaning is "graph.tensor.<name>"
    state = ("D·num_layers", "N", "H_out")
    specs: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
        ("input", ("L", "N", "H_in"), ("N", "L", "H_in")),
        ("h_0", state, state),
    ]
    if dims.cell == "LSTM":
        specs.append(("c_0", state, state))
    specs += [("output", ("L", "N", "D·H_out"), ("N", "L", "D·H_out")), ("h_n", state, state)]
    if dims.cell == "LSTM":
        specs.append(("c_n", state, state))

    rows: list[Row] = []
    for name, seq_first, batch_first in specs:
        rows.append({
            "tensor": name,
            "batch_first=False": _shape(seq_first, dims),
            "batch_first=True": _shape(batch_first, dims),
            "legend": _legend(seq_first, dims, t),
            "elements": math.prod(dims.values()[letter] for letter in seq_first),
            "meaning": t(f"graph.tensor.{name}"),
        })
    return rows


def _parameter_rows(dims: _Dims, t: Callable[..., str]) -> list[Row]:
    # Same order as torch's named_parameters(): layer, then direction, then w_ih, w_hh, b_ih, b_hh.
    gates = dims.gates
    rows_letter = "H_out" if gates == 1 else f"{gates}·H_out"
    layout = t(GATE_LAYOUT[dims.cell])
    rows: list[Row] = []
    for layer in range(dims.num_layers):
        in_letter = _layer_input(layer, dims)
        for direction in range(dims.D):
            tag = f"l{layer}{_suffix(direction)}"
            rows_n, in_n = gates * dims.H_out, dims.values()[in_letter]
            specs: list[tuple[str, tuple[str, ...], tuple[int, ...], str]] = [
                (f"weight_ih_{tag}", (rows_letter, in_letter), (rows_n, in_n), t("graph.role.weight_ih")),
                (f"weight_hh_{tag}", (rows_letter, "H_out"), (rows_n, dims.H_out), t("graph.role.weight_hh")),
                (f"bias_ih_{tag}", (rows_letter,), (rows_n,), t("graph.role.bias_ih")),
                (f"bias_hh_{tag}", (rows_letter,), (rows_n,), t("graph.role.bias_hh")),
            ]
            for name, letters, shape, role in specs:
                rows.append({
                    "name": name,
                    "layer": layer,
                    "direction": t("pick.reverse" if direction else "pick.forward"),
                    "shape": str(shape),
                    "symbolic": _pair(letters, shape),
                    "elements": math.prod(shape),
                    "role": role,
                    "gate_layout": layout,
                })
    return rows


def shape_table(
    cell: str,
    input_size: int,
    hidden_size: int,
    num_layers: int,
    bidirectional: bool,
    batch_size: int,
    seq_len: int,
    bias: bool = True,
    tr: Callable[..., str] = english,
) -> ShapeTable:
    """Tensor and parameter shapes of ``torch.nn.<cell>(input_size, hidden_size, num_layers, ...)``.

    Returns a dict with

    * ``"tensors"``: rows for ``input``, ``h_0``, ``c_0`` (LSTM), ``output``, ``h_n``, ``c_n`` (LSTM) with
      keys ``tensor``, ``batch_first=False``, ``batch_first=True`` (e.g. ``"(L, N, H_in) = (10, 32, 1)"``),
      ``legend`` (what each letter is worth), ``elements`` and ``meaning``. ``h_0``/``h_n`` are
      ``(D·num_layers, N, H_out)`` whatever ``batch_first`` is.
    * ``"parameters"``: one row per tensor of ``named_parameters()``, same names and order, with keys
      ``name``, ``layer``, ``direction``, ``shape`` (``str(tuple(p.shape))``), ``symbolic``, ``elements``,
      ``role`` and ``gate_layout``. ``bias=False`` drops the ``bias_*`` rows, as torch does.
    * ``"total_parameters"``: the sum of ``elements`` (what ``sum(p.numel())`` gives).
    * ``"gate_layout"``: how the gate blocks are stacked in every weight's rows.

    Words (meanings, roles, the letters' names) come from ``tr``, a translator (English by default).
    """
    dims = _dims(cell, input_size, hidden_size, num_layers, bidirectional, batch_size, seq_len)
    if not isinstance(bias, bool):
        raise ValueError(f"bias must be True or False, got {bias!r}")
    parameters = [row for row in _parameter_rows(dims, tr) if bias or not str(row["name"]).startswith("bias_")]
    return {
        "tensors": _tensor_rows(dims, tr),
        "parameters": parameters,
        "total_parameters": sum(int(row["elements"]) for row in parameters),
        "gate_layout": tr(GATE_LAYOUT[dims.cell]),
    }
