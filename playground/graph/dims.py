"""The settings a drawing or a table is made from, checked and named by torch's shape letters
(N, L, D, H_in, H_out), and how a shape is written."""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass

from playground.i18n import english

# Number of gate blocks stacked in every weight matrix: torch stores all gates of a layer in one tensor.
_GATES: dict[str, int] = {"RNN": 1, "LSTM": 4, "GRU": 3}
CELLS: tuple[str, ...] = tuple(_GATES)

# How the gate blocks are stacked in every weight's rows: the catalogue's "graph.gate_layout.<cell>".
GATE_LAYOUT: dict[str, str] = {cell: f"graph.gate_layout.{cell}" for cell in ("RNN", "LSTM", "GRU")}


# --------------------------------------------------------------------------------------------------
# Validation and shared dimensions
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dims:
    """Validated settings, stored under torch's shape letters."""

    cell: str
    H_in: int
    H_out: int
    num_layers: int
    D: int
    N: int
    L: int

    @property
    def gates(self) -> int:
        return _GATES[self.cell]

    def values(self) -> dict[str, int]:
        """Numeric value of every letter (and product) used in symbolic shapes."""
        return {
            "N": self.N,
            "L": self.L,
            "D": self.D,
            "H_in": self.H_in,
            "H_out": self.H_out,
            "num_layers": self.num_layers,
            "D·H_out": self.D * self.H_out,
            "D·num_layers": self.D * self.num_layers,
        }


def _positive_int(name: str, value: object) -> int:
    # bool is an int subclass; "hidden_size=True" is always a bug, so reject it explicitly.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer (>= 1), got {value}")
    return int(value)


def _canonical_cell(cell: object) -> str:
    if not isinstance(cell, str) or cell.upper() not in _GATES:
        raise ValueError(f"unknown cell {cell!r}: expected one of {', '.join(CELLS)} (any case)")
    return cell.upper()


def _dims(
    cell: object,
    input_size: object,
    hidden_size: object,
    num_layers: object,
    bidirectional: object,
    batch_size: object,
    seq_len: object,
) -> _Dims:
    if not isinstance(bidirectional, bool):
        raise ValueError(f"bidirectional must be True or False, got {bidirectional!r}")
    return _Dims(
        cell=_canonical_cell(cell),
        H_in=_positive_int("input_size", input_size),
        H_out=_positive_int("hidden_size", hidden_size),
        num_layers=_positive_int("num_layers", num_layers),
        D=2 if bidirectional else 1,
        N=_positive_int("batch_size", batch_size),
        L=_positive_int("seq_len", seq_len),
    )


def _pair(letters: tuple[str, ...], sizes: tuple[int, ...]) -> str:
    """``"(L, N, H_in) = (10, 32, 1)"``: symbolic and numeric shape side by side."""
    return f"({', '.join(letters)}) = ({', '.join(map(str, sizes))})"


def _shape(letters: tuple[str, ...], dims: _Dims) -> str:
    """Shape of a tensor given in torch's letters, with the current numbers filled in."""
    values = dims.values()
    return _pair(letters, tuple(values[letter] for letter in letters))


def _numbers(letters: tuple[str, ...], dims: _Dims) -> str:
    """Just the numbers of a shape, ``"(1, 32)"``: what an edge of the drawn graph shows (it must stay small)."""
    values = dims.values()
    return f"({', '.join(str(values[letter]) for letter in letters)})"


def _legend(letters: tuple[str, ...], dims: _Dims, t: Callable[..., str] = english) -> str:
    """Explain each letter once, e.g. ``"L = 10 (sequence length), N = 32 (batch size)"``."""
    values = dims.values()
    parts: list[str] = []
    for compound in letters:
        for letter in compound.split("·"):
            text = f"{letter} = {values[letter]} ({t('graph.letter.' + letter)})"
            if text not in parts:
                parts.append(text)
    return ", ".join(parts)


def _layer_input(layer: int, dims: _Dims) -> str:
    """Letter for the features entering ``layer``: layers above 0 read both directions of the one below."""
    if layer == 0:
        return "H_in"
    return "D·H_out" if dims.D == 2 else "H_out"


def _suffix(direction: int) -> str:
    # torch names the second direction's parameters with a "_reverse" suffix.
    return "_reverse" if direction == 1 else ""
