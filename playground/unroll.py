"""Step-by-step tracer for ``torch.nn.RNN``, ``torch.nn.LSTM`` and ``torch.nn.GRU``.

The fused modules return only the top layer's outputs and the final states. To draw what
happens inside, :func:`unroll` recomputes the recurrence one time step at a time from the
module's own weights and keeps every intermediate (hidden states, cell states, gate
activations) for every layer and direction. It follows torch's equations and gate order,
with σ the logistic sigmoid and ⊙ the element-wise product.

RNN (``nonlinearity`` is ``tanh`` or ``relu``)::

    h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)

LSTM (gate blocks stacked i|f|g|o in ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``)::

    i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
    f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
    g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
    o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

GRU (gate blocks stacked r|z|n; note b_hn sits inside the reset product)::

    r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))
    h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}

With ``bidirectional=True`` a second set of weights (the ``*_reverse`` parameters) runs the
same recurrence from t = L-1 down to t = 0; its final state is its state after reading x_0.
Layer k > 0 reads the hidden states of layer k-1, both directions concatenated (forward first).

The tracer always computes the **eval-mode** recurrence: the dropout that torch applies between
layers in training mode (``module.dropout``) is never applied, so the trace equals what the
module returns after ``module.eval()``. Nothing is detached, so the trace is differentiable.

Args:
    module: an ``nn.RNN``, ``nn.LSTM`` or ``nn.GRU`` with any ``num_layers``, ``bidirectional``,
        ``batch_first``, ``bias`` and (RNN) ``nonlinearity``; ``proj_size`` must be 0.
    x: the input sequence, exactly as the module would take it.
    hx: optional initial state, ``h_0`` (RNN, GRU) or ``(h_0, c_0)`` (LSTM); zeros if omitted.

Inputs: ``x``, ``hx``
    - **x**: (L, N, H_in), or (N, L, H_in) if ``batch_first``, or (L, H_in) unbatched.
    - **h_0**, **c_0**: (D * num_layers, N, H_out), or (D * num_layers, H_out) unbatched.

Outputs: :class:`Trace`
    - **output**: (L, N, D * H_out), or (N, L, D * H_out) if ``batch_first``, or
      (L, D * H_out) unbatched -- the module's own output.
    - **h_n**, **c_n**: (D * num_layers, N, H_out), or (D * num_layers, H_out) unbatched.
    - **hidden[k][d]**, **cell[k][d]**, **gates[k][d][name]**: (L, N, H_out), always in time
      order (index t is the state after reading x_t) and time-major, with N = 1 when unbatched.

where N is the batch size, L the sequence length, D = 2 if bidirectional else 1,
H_in = ``input_size`` and H_out = ``hidden_size``.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

__all__ = ["GATE_NAMES", "Trace", "unroll"]

State = Tensor | tuple[Tensor, Tensor]  # h_0, or (h_0, c_0) for an LSTM

GATE_NAMES: dict[str, tuple[str, ...]] = {
    "RNN": ("pre",),
    "LSTM": ("i", "f", "g", "o"),
    "GRU": ("r", "z", "n"),
}


@dataclass(eq=False)  # eq on tensors is element-wise, so no generated __eq__
class Trace:
    """Everything :func:`unroll` recorded; lists are indexed ``[layer][direction]``.

    Attributes:
        output: the module's output, same shape and layout.
        h_n: final hidden state of every layer and direction, same shape as the module's.
        c_n: final LSTM cell state, same shape as the module's; None for RNN and GRU.
        hidden: (L, N, H_out) hidden state after every step, time order, time-major.
        hidden_steps: the L (N, H_out) tensors that ``hidden`` stacks, in time order. They are
            the autograd nodes of the recurrence itself, so ``torch.autograd.grad(loss, step)``
            is the total derivative of the loss w.r.t. h_t, through all later steps.
        cell: (L, N, H_out) LSTM cell state after every step; None for RNN and GRU.
        gates: name -> (L, N, H_out) per step: LSTM ``i f g o`` and GRU ``r z n`` after their
            activation, RNN ``pre`` = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh.
        cell_type: ``"RNN"``, ``"LSTM"`` or ``"GRU"``.
        num_layers, num_directions, hidden_size, batch_first: copied from the module.
        batched: False if the input was a 2-D unbatched sequence.
    """

    output: Tensor
    h_n: Tensor
    c_n: Tensor | None
    hidden: list[list[Tensor]]
    hidden_steps: list[list[list[Tensor]]]
    cell: list[list[Tensor]] | None
    gates: list[list[dict[str, Tensor]]]
    cell_type: str
    num_layers: int
    num_directions: int
    hidden_size: int
    batch_first: bool
    batched: bool


def _cell_type(module: nn.Module) -> str:
    # LSTM and GRU first: they are not subclasses of nn.RNN, but user subclasses may exist.
    for cls, name in ((nn.LSTM, "LSTM"), (nn.GRU, "GRU"), (nn.RNN, "RNN")):
        if isinstance(module, cls):
            return name
    raise ValueError(f"unroll() supports nn.RNN, nn.LSTM and nn.GRU, got {type(module).__name__}")


def _initial_state(
    cell_type: str, hx: State | None, expected: tuple[int, ...], like: Tensor
) -> tuple[Tensor, Tensor | None]:
    """Validate ``hx`` and return ``(h_0, c_0)`` as given (c_0 None unless LSTM)."""
    if hx is None:
        zeros = like.new_zeros(expected)
        return zeros, (zeros if cell_type == "LSTM" else None)
    if cell_type == "LSTM":
        if not (isinstance(hx, tuple | list) and len(hx) == 2):
            raise ValueError("an LSTM takes its initial state as a pair (h_0, c_0)")
        states = {"h_0": hx[0], "c_0": hx[1]}
    else:
        if not isinstance(hx, Tensor):
            raise ValueError(f"an {cell_type} takes its initial state as a single tensor h_0")
        states = {"h_0": hx}
    layout = "(D*num_layers, N, H_out)" if len(expected) == 3 else "(D*num_layers, H_out) for unbatched input"
    for name, s in states.items():
        if not isinstance(s, Tensor) or tuple(s.shape) != expected:
            got = tuple(s.shape) if isinstance(s, Tensor) else type(s).__name__
            raise ValueError(f"{name} must have shape {expected} {layout}, got {got}")
    return states["h_0"], states.get("c_0")


def _run_direction(
    cell_type: str,
    nonlinearity: str,
    xp: Tensor,
    w_hh: Tensor,
    b_hh: Tensor | None,
    h: Tensor,
    c: Tensor | None,
    reverse: bool,
) -> tuple[list[Tensor], list[Tensor] | None, dict[str, list[Tensor]]]:
    """Run one layer in one direction; returns per-step hidden, cell and gate lists in time order.

    ``xp`` is the input projection for all steps, (L, N, G*H_out), computed in one matmul by the
    caller, so only the hidden-to-hidden product is left in this Python loop. For RNN and LSTM
    ``b_hh`` is already folded into ``xp``; for GRU it is not, since b_hn must be gated by r.
    """
    w_hh_t = w_hh.t()  # (H_out, G*H_out): a view, addmm handles the transpose without a copy
    steps = xp.unbind(0)  # L views of (N, G*H_out); x[t] indexing would be slow under autograd
    if reverse:
        steps = steps[::-1]
    hs: list[Tensor] = []
    cs: list[Tensor] | None = None
    if cell_type == "RNN":
        act = torch.tanh if nonlinearity == "tanh" else torch.relu
        pres: list[Tensor] = []
        for xp_t in steps:
            pre = torch.addmm(xp_t, h, w_hh_t)  # (N, H_out)
            h = act(pre)
            pres.append(pre)
            hs.append(h)
        gates = {"pre": pres}
    elif cell_type == "LSTM":
        assert c is not None
        cs = []
        gates = {name: [] for name in GATE_NAMES["LSTM"]}
        gi, gf, gg, go = gates.values()
        for xp_t in steps:
            i, f, g, o = torch.addmm(xp_t, h, w_hh_t).chunk(4, 1)  # each (N, H_out)
            i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
            c = torch.addcmul(f * c, i, g)
            h = o * c.tanh()
            gi.append(i)
            gf.append(f)
            gg.append(g)
            go.append(o)
            cs.append(c)
            hs.append(h)
    else:  # GRU
        gates = {name: [] for name in GATE_NAMES["GRU"]}
        gr, gz, gn = gates.values()
        for xp_t in steps:
            hp = h.mm(w_hh_t) if b_hh is None else torch.addmm(b_hh, h, w_hh_t)  # (N, 3*H_out)
            x_r, x_z, x_n = xp_t.chunk(3, 1)
            h_r, h_z, h_n = hp.chunk(3, 1)
            r = (x_r + h_r).sigmoid()
            z = (x_z + h_z).sigmoid()
            n = torch.addcmul(x_n, r, h_n).tanh()
            h = torch.lerp(n, h, z)  # n + z * (h - n) == (1 - z) * n + z * h
            gr.append(r)
            gz.append(z)
            gn.append(n)
            hs.append(h)
    if reverse:  # back to time order: index t is the state after reading x_t
        for seq in (hs, cs, *gates.values()):
            if seq is not None:
                seq.reverse()
    return hs, cs, gates


def unroll(module: nn.RNN | nn.LSTM | nn.GRU, x: Tensor, hx: State | None = None) -> Trace:
    """Recompute ``module(x, hx)`` step by step and return every intermediate as a :class:`Trace`.

    See the module docstring for the equations and shapes. Always the eval-mode recurrence
    (no inter-layer dropout). Raises ValueError for other modules, ``proj_size > 0`` or bad shapes.
    """
    cell_type = _cell_type(module)
    if module.proj_size:
        raise ValueError(f"unroll() does not support LSTM projections (proj_size={module.proj_size})")
    if x.dim() not in (2, 3):
        raise ValueError(f"x must be 3-D (batched) or 2-D (unbatched), got shape {tuple(x.shape)}")
    if x.shape[-1] != module.input_size:
        raise ValueError(f"x has {x.shape[-1]} features, the module expects input_size={module.input_size}")
    if x.dtype != module.weight_ih_l0.dtype:
        raise ValueError(f"x is {x.dtype} but the module's weights are {module.weight_ih_l0.dtype}")

    batched = x.dim() == 3
    num_dirs = 2 if module.bidirectional else 1
    num_layers, hidden_size = module.num_layers, module.hidden_size
    if not batched:
        seq = x.unsqueeze(1)  # (L, 1, H_in)
    elif module.batch_first:
        seq = x.transpose(0, 1)  # (L, N, H_in)
    else:
        seq = x
    length, batch = seq.shape[0], seq.shape[1]
    if length == 0:
        raise ValueError("x must contain at least one time step")

    state_shape: tuple[int, ...] = (num_dirs * num_layers, batch, hidden_size)  # as the module takes hx
    if not batched:
        state_shape = (num_dirs * num_layers, hidden_size)
    h_0, c_0 = _initial_state(cell_type, hx, state_shape, seq)
    if not batched:
        h_0 = h_0.unsqueeze(1)  # (D*num_layers, 1, H_out)
        c_0 = None if c_0 is None else c_0.unsqueeze(1)

    nonlinearity = getattr(module, "nonlinearity", "tanh")
    hidden: list[list[Tensor]] = []
    hidden_steps: list[list[list[Tensor]]] = []
    cell: list[list[Tensor]] | None = [] if cell_type == "LSTM" else None
    gates: list[list[dict[str, Tensor]]] = []
    h_last: list[Tensor] = []  # final states in h_n order: index = layer * D + direction
    c_last: list[Tensor] = []
    layer_input = seq  # (L, N, H_in) for layer 0, (L, N, D*H_out) above
    for k in range(num_layers):
        hidden.append([])
        hidden_steps.append([])
        gates.append([])
        if cell is not None:
            cell.append([])
        for d in range(num_dirs):
            suffix = f"_l{k}_reverse" if d else f"_l{k}"
            w_ih = getattr(module, "weight_ih" + suffix)
            w_hh = getattr(module, "weight_hh" + suffix)
            b_ih = getattr(module, "bias_ih" + suffix) if module.bias else None
            b_hh = getattr(module, "bias_hh" + suffix) if module.bias else None
            if cell_type != "GRU" and b_ih is not None:
                b_ih, b_hh = b_ih + b_hh, None  # RNN/LSTM only ever use b_ih + b_hh: fold once
            xp = F.linear(layer_input, w_ih, b_ih)  # (L, N, G*H_out), all steps in one matmul
            idx = k * num_dirs + d
            hs, cs, gate_steps = _run_direction(
                cell_type, nonlinearity, xp, w_hh, b_hh, h_0[idx], None if c_0 is None else c_0[idx], d == 1
            )
            hidden_steps[k].append(hs)
            hidden[k].append(torch.stack(hs))  # (L, N, H_out)
            gates[k].append({name: torch.stack(g) for name, g in gate_steps.items()})
            h_last.append(hs[0] if d else hs[-1])  # the backward pass ends at t = 0
            if cell is not None and cs is not None:
                cell[k].append(torch.stack(cs))  # (L, N, H_out)
                c_last.append(cs[0] if d else cs[-1])
        # Inter-layer dropout would go here in training mode; the tracer is eval-mode only.
        layer_input = hidden[k][0] if num_dirs == 1 else torch.cat(hidden[k], dim=-1)  # (L, N, D*H_out)

    output = layer_input  # (L, N, D*H_out)
    h_n = torch.stack(h_last)  # (D*num_layers, N, H_out)
    c_n = torch.stack(c_last) if c_last else None
    if not batched:
        output, h_n = output.squeeze(1), h_n.squeeze(1)  # (L, D*H_out), (D*num_layers, H_out)
        c_n = None if c_n is None else c_n.squeeze(1)
    elif module.batch_first:
        output = output.transpose(0, 1)  # (N, L, D*H_out)

    return Trace(
        output=output,
        h_n=h_n,
        c_n=c_n,
        hidden=hidden,
        hidden_steps=hidden_steps,
        cell=cell,
        gates=gates,
        cell_type=cell_type,
        num_layers=num_layers,
        num_directions=num_dirs,
        hidden_size=hidden_size,
        batch_first=module.batch_first,
        batched=batched,
    )
