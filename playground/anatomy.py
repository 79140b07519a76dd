"""One time step of a cell with the model's real numbers, and the proof that the loop is the layer.

`cell_step` reads one step of one layer and direction out of a trace: the inputs, the gates and the new
state, each a vector of the model's own numbers. `loop_equals_layer` rebuilds the layer from
torch.nn.RNNCell / LSTMCell / GRUCell with the same weights, loops it over time, and compares the result
with the fused module's output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from playground.unroll import Trace

CELLS = {"RNN": nn.RNNCell, "LSTM": nn.LSTMCell, "GRU": nn.GRUCell}
GATES = {"RNN": ("pre",), "LSTM": ("i", "f", "g", "o"), "GRU": ("r", "z", "n")}  # torch's stacking order

EQUATIONS = {
    "RNN": [r"h_t = {act}\left(W_{{ih}}\,x_t + b_{{ih}} + W_{{hh}}\,h_{{t-1}} + b_{{hh}}\right)"],
    "LSTM": [
        r"i_t = \sigma\left(W_{ii}\,x_t + b_{ii} + W_{hi}\,h_{t-1} + b_{hi}\right)",
        r"f_t = \sigma\left(W_{if}\,x_t + b_{if} + W_{hf}\,h_{t-1} + b_{hf}\right)",
        r"g_t = \tanh\left(W_{ig}\,x_t + b_{ig} + W_{hg}\,h_{t-1} + b_{hg}\right)",
        r"o_t = \sigma\left(W_{io}\,x_t + b_{io} + W_{ho}\,h_{t-1} + b_{ho}\right)",
        r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
        r"h_t = o_t \odot \tanh(c_t)",
    ],
    "GRU": [
        r"r_t = \sigma\left(W_{ir}\,x_t + b_{ir} + W_{hr}\,h_{t-1} + b_{hr}\right)",
        r"z_t = \sigma\left(W_{iz}\,x_t + b_{iz} + W_{hz}\,h_{t-1} + b_{hz}\right)",
        r"n_t = \tanh\left(W_{in}\,x_t + b_{in} + r_t \odot \left(W_{hn}\,h_{t-1} + b_{hn}\right)\right)",
        r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}",
    ],
}


def equations(cell: str, nonlinearity: str = "tanh") -> list[str]:
    """The cell's update as LaTeX lines, in torch's notation and gate order."""
    act = r"\tanh" if nonlinearity == "tanh" else r"\operatorname{relu}"
    return [line.replace("{act}", act).replace("{{", "{").replace("}}", "}") if cell == "RNN" else line
            for line in EQUATIONS[cell]]


@dataclass(frozen=True)
class CellStep:
    """Vectors of one step t of one layer and direction, for sequence `index` of the batch."""

    t: int
    x: np.ndarray  # (H_in,) or (D*H_out,) above layer 1: what this layer read at step t
    h_prev: np.ndarray  # (H_out,) the state before the step
    h: np.ndarray  # (H_out,) the state after
    c_prev: np.ndarray | None  # LSTM cell state before and after
    c: np.ndarray | None
    gates: dict[str, np.ndarray]  # LSTM i f g o, GRU r z n, RNN pre: (H_out,) each
    from_input: dict[str, np.ndarray]  # per gate: W_i· x_t + b_i·, (H_out,)
    from_hidden: dict[str, np.ndarray]  # per gate: W_h· h_{t-1} + b_h·, (H_out,)


def cell_step(core: nn.RNNBase, trace: Trace, layer_input: torch.Tensor, layer: int, direction: int, t: int,
              index: int = 0, hx=None) -> CellStep:
    """Step t of one layer and direction. `layer_input` is that layer's input, (L, N, H_in), time-major;
    `hx` the initial state the trace started from (h_0, or (h_0, c_0); None: zeros), e.g. a decoder's.

    The gate pre-activations are split into the part from x_t and the part from h_{t-1}, computed from the
    core's own weights, so every term of the equation can be shown with its number.
    """
    hidden = trace.hidden[layer][direction][:, index].detach()  # (L, H_out)
    before = t - 1 if direction == 0 else t + 1  # the backward direction comes from t + 1
    inside = 0 <= before < hidden.shape[0]
    h_0, c_0 = _start(hx, layer * trace.num_directions + direction, index, hidden[0])
    cell = trace.cell[layer][direction][:, index].detach() if trace.cell is not None else None
    x = layer_input[t, index].detach()
    h_prev = hidden[before] if inside else h_0
    suffix = f"_l{layer}" + ("_reverse" if direction else "")
    with torch.no_grad():
        from_input = getattr(core, f"weight_ih{suffix}") @ x  # (G*H_out,), G gates stacked
        from_hidden = getattr(core, f"weight_hh{suffix}") @ h_prev
        if core.bias:
            from_input = from_input + getattr(core, f"bias_ih{suffix}")
            from_hidden = from_hidden + getattr(core, f"bias_hh{suffix}")
    names = GATES[trace.cell_type]
    return CellStep(
        t=t,
        x=x.numpy(),
        h_prev=h_prev.numpy(),
        h=hidden[t].numpy(),
        c_prev=None if cell is None else (cell[before] if inside else c_0).numpy(),
        c=None if cell is None else cell[t].numpy(),
        gates={k: v[t, index].detach().numpy() for k, v in trace.gates[layer][direction].items()},
        from_input=dict(zip(names, from_input.reshape(len(names), -1).numpy(), strict=True)),
        from_hidden=dict(zip(names, from_hidden.reshape(len(names), -1).numpy(), strict=True)),
    )


def _start(hx, row: int, index: int, like: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Row `row` (layer * D + direction) of sequence `index` of an initial state: (h_0, c_0), zeros if None."""
    state = _cell_state(hx, row)
    if state is None:
        return torch.zeros_like(like), torch.zeros_like(like)
    h, c = state if isinstance(state, tuple) else (state, torch.zeros_like(state))
    return h[index].detach(), c[index].detach()


def layer_input(trace: Trace, x: torch.Tensor, layer: int) -> torch.Tensor:
    """What layer `layer` reads, time-major (L, N, ·): x itself, or the layer below, directions concatenated."""
    if layer == 0:
        return x if not trace.batch_first else x.transpose(0, 1)
    below = trace.hidden[layer - 1]
    return torch.cat(list(below), dim=-1)  # (L, N, D*H_out)


def loop_equals_layer(core: nn.RNNBase, x: torch.Tensor, hx=None) -> tuple[torch.Tensor, torch.Tensor, float]:
    """Loop a torch.nn *Cell holding the core's weights over time; compare with the fused core.

    x is in the core's layout. Returns (looped output, fused output, max |difference|), both outputs
    time-major (L, N, D*H_out). The fused core runs in eval mode, so that dropout between layers is off, and
    is put back in the mode it was in: a training run goes on with its dropout.
    """
    kind = type(core).__name__
    seq = x if not core.batch_first else x.transpose(0, 1)  # (L, N, H_in)
    with torch.no_grad():
        for layer in range(core.num_layers):
            outputs = []
            for direction in range(2 if core.bidirectional else 1):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                cell = _cell_like(core, kind, seq.shape[-1], suffix)
                state = _cell_state(hx, layer * (2 if core.bidirectional else 1) + direction)
                steps = range(seq.shape[0]) if direction == 0 else reversed(range(seq.shape[0]))
                out = [None] * seq.shape[0]
                for t in steps:
                    state = cell(seq[t], state)
                    out[t] = state[0] if kind == "LSTM" else state  # (N, H_out)
                outputs.append(torch.stack(out))  # (L, N, H_out)
            seq = torch.cat(outputs, dim=-1)  # (L, N, D*H_out): the next layer's input
        was_training = core.training
        try:
            fused, _ = core.eval()(x, hx)
        finally:
            core.train(was_training)
        fused = fused if not core.batch_first else fused.transpose(0, 1)
    return seq, fused, float((seq - fused).abs().max())


def _cell_state(hx, row: int):
    """The initial state of one layer and direction for a torch.nn *Cell: h, (h, c), or None for zeros."""
    if hx is None:
        return None
    return (hx[0][row], hx[1][row]) if isinstance(hx, tuple) else hx[row]


def _cell_like(core: nn.RNNBase, kind: str, input_size: int, suffix: str) -> nn.RNNCellBase:
    kwargs = {"nonlinearity": core.nonlinearity} if kind == "RNN" else {}
    cell = CELLS[kind](input_size, core.hidden_size, bias=core.bias, **kwargs)
    weights = {"weight_ih": f"weight_ih{suffix}", "weight_hh": f"weight_hh{suffix}"}
    if core.bias:
        weights |= {"bias_ih": f"bias_ih{suffix}", "bias_hh": f"bias_hh{suffix}"}
    cell.load_state_dict({name: getattr(core, source) for name, source in weights.items()})
    return cell


def _vec(values: np.ndarray, units: int) -> str:
    """A column vector of the first `units` entries (and a ⋮ when there are more)."""
    shown = [f"{v:.3f}" for v in np.asarray(values, dtype=float)[:units]]
    if len(values) > units:
        shown.append(r"\vdots")
    return r"\begin{bmatrix}" + r" \\ ".join(shown) + r"\end{bmatrix}"


def _broken(lhs: str, middle: str, result: str) -> str:
    """``lhs = middle = result`` with the result on a second line: four or more vectors in a row overflow
    half a page."""
    return rf"\begin{{aligned}} {lhs} &= {middle} \\ &= {result} \end{{aligned}}"


def step_latex(step: CellStep, cell: str, nonlinearity: str = "tanh", units: int = 4) -> list[str]:
    """The cell's equations at one step with the model's real numbers (the first `units` units).

    Each line reads: symbol = activation(part from x_t + part from h_{t-1}) = result.
    """
    v = lambda a: _vec(np.asarray(a), units)  # noqa: E731
    a, b = step.from_input, step.from_hidden
    if cell == "RNN":
        act = r"\tanh" if nonlinearity == "tanh" else r"\operatorname{relu}"
        return [rf"h_{{{step.t}}} = {act}\left({v(a['pre'])} + {v(b['pre'])}\right) = {v(step.h)}"]
    g = step.gates
    if cell == "LSTM":
        lines = [rf"{n}_{{{step.t}}} = {f}\left({v(a[n])} + {v(b[n])}\right) = {v(g[n])}"
                 for n, f in (("i", r"\sigma"), ("f", r"\sigma"), ("g", r"\tanh"), ("o", r"\sigma"))]
        lines.append(_broken(f"c_{{{step.t}}}", rf"{v(g['f'])} \odot {v(step.c_prev)} + {v(g['i'])} \odot {v(g['g'])}",
                             v(step.c)))
        lines.append(rf"h_{{{step.t}}} = {v(g['o'])} \odot \tanh {v(step.c)} = {v(step.h)}")
        return lines
    lines = [rf"{n}_{{{step.t}}} = \sigma\left({v(a[n])} + {v(b[n])}\right) = {v(g[n])}" for n in ("r", "z")]
    lines.append(_broken(f"n_{{{step.t}}}", rf"\tanh\left({v(a['n'])} + {v(g['r'])} \odot {v(b['n'])}\right)",
                         v(g["n"])))
    lines.append(_broken(f"h_{{{step.t}}}", rf"\left(1 - {v(g['z'])}\right) \odot {v(g['n'])} + {v(g['z'])} \odot "
                         rf"{v(step.h_prev)}", v(step.h)))
    return lines
