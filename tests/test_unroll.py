"""Tests for playground.unroll: the step-by-step trace must agree with torch.nn's fused modules."""

import itertools

import pytest
import torch
from torch import nn

from playground.unroll import GATE_NAMES, Trace, unroll

H_IN, H_OUT = 3, 4
ATOL = 1e-5
GRAD_ATOL = 1e-4

# (module class, extra kwargs, cell_type): RNN appears once per nonlinearity.
CELLS = {
    "rnn_tanh": (nn.RNN, {"nonlinearity": "tanh"}, "RNN"),
    "rnn_relu": (nn.RNN, {"nonlinearity": "relu"}, "RNN"),
    "lstm": (nn.LSTM, {}, "LSTM"),
    "gru": (nn.GRU, {}, "GRU"),
}
# (L, N) for batched input; N=None means a 2-D unbatched (L, H_in) sequence.
SHAPES = [(1, 1), (7, 3), (5, None)]


def make(cell: str, seed: int = 0, **kwargs) -> nn.Module:
    torch.manual_seed(seed)
    cls, extra, _ = CELLS[cell]
    return cls(H_IN, H_OUT, **extra, **kwargs).eval()


def make_input(module: nn.Module, length: int, batch: int | None) -> torch.Tensor:
    if batch is None:
        return torch.randn(length, module.input_size)
    if module.batch_first:
        return torch.randn(batch, length, module.input_size)
    return torch.randn(length, batch, module.input_size)


def make_state(module: nn.Module, batch: int | None):
    rows = module.num_layers * (2 if module.bidirectional else 1)
    shape = (rows, H_OUT) if batch is None else (rows, batch, H_OUT)
    h_0 = torch.randn(shape)
    return (h_0, torch.randn(shape)) if isinstance(module, nn.LSTM) else h_0


def split_state(module: nn.Module, state):
    """The module's returned state as (h_n, c_n-or-None)."""
    return state if isinstance(module, nn.LSTM) else (state, None)


def prev_index(d: int, t: int, length: int) -> int | None:
    """Index of the state the recurrence read before step t (None: the initial state)."""
    p = t - 1 if d == 0 else t + 1
    return p if 0 <= p < length else None


# --- agreement with torch.nn on the whole option grid -----------------------------------------

GRID = list(
    itertools.product(
        CELLS,  # cell type, RNN with tanh and relu
        (1, 2, 3),  # num_layers
        (False, True),  # bidirectional
        (False, True),  # batch_first
        (False, True),  # bias
        (False, True),  # initial state given
    )
)


@pytest.mark.parametrize(("cell", "num_layers", "bidirectional", "batch_first", "bias", "give_hx"), GRID)
def test_matches_torch(cell, num_layers, bidirectional, batch_first, bias, give_hx):
    options = {"bidirectional": bidirectional, "batch_first": batch_first, "bias": bias}
    module = make(cell, num_layers=num_layers, **options)
    for length, batch in SHAPES:
        torch.manual_seed(1)
        x = make_input(module, length, batch)
        hx = make_state(module, batch) if give_hx else None
        with torch.no_grad():
            out, state = module(x, hx)
            trace = unroll(module, x, hx)
        h_n, c_n = split_state(module, state)
        where = f"L={length} N={batch}"
        assert trace.output.shape == out.shape, where
        assert trace.h_n.shape == h_n.shape, where
        torch.testing.assert_close(trace.output, out, atol=ATOL, rtol=0, msg=lambda m, w=where: f"{w}: {m}")
        torch.testing.assert_close(trace.h_n, h_n, atol=ATOL, rtol=0, msg=lambda m, w=where: f"{w}: {m}")
        if c_n is None:
            assert trace.c_n is None and trace.cell is None
        else:
            assert trace.c_n.shape == c_n.shape, where
            torch.testing.assert_close(trace.c_n, c_n, atol=ATOL, rtol=0, msg=lambda m, w=where: f"{w}: {m}")
        assert trace.output.dtype == torch.float32


# --- structure of the trace --------------------------------------------------------------------


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("batch", [3, None])
def test_trace_structure(cell, batch):
    module = make(cell, num_layers=2, bidirectional=True, batch_first=True)
    length = 6
    trace = unroll(module, make_input(module, length, batch))
    n = 1 if batch is None else batch
    assert isinstance(trace, Trace)
    assert trace.cell_type == CELLS[cell][2]
    assert (trace.num_layers, trace.num_directions, trace.hidden_size) == (2, 2, H_OUT)
    assert trace.batch_first is True
    assert trace.batched is (batch is not None)
    assert len(trace.hidden) == len(trace.hidden_steps) == len(trace.gates) == 2
    for k, d in itertools.product(range(2), range(2)):
        assert trace.hidden[k][d].shape == (length, n, H_OUT)
        steps = trace.hidden_steps[k][d]
        assert len(steps) == length and all(s.shape == (n, H_OUT) for s in steps)
        torch.testing.assert_close(trace.hidden[k][d], torch.stack(steps), atol=0, rtol=0)
        assert tuple(trace.gates[k][d]) == GATE_NAMES[trace.cell_type]
        for g in trace.gates[k][d].values():
            assert g.shape == (length, n, H_OUT)
        if trace.cell_type == "LSTM":
            assert trace.cell[k][d].shape == (length, n, H_OUT)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("num_layers", [1, 2])
def test_final_states_are_the_ends_of_each_direction(cell, num_layers):
    module = make(cell, num_layers=num_layers, bidirectional=True)
    torch.manual_seed(2)
    trace = unroll(module, torch.randn(5, 2, H_IN), make_state(module, 2))
    for k in range(num_layers):
        # forward ends after x_{L-1}; the backward direction ends after reading x_0
        torch.testing.assert_close(trace.h_n[2 * k], trace.hidden[k][0][-1], atol=0, rtol=0)
        torch.testing.assert_close(trace.h_n[2 * k + 1], trace.hidden[k][1][0], atol=0, rtol=0)
        if trace.cell is not None:
            torch.testing.assert_close(trace.c_n[2 * k], trace.cell[k][0][-1], atol=0, rtol=0)
            torch.testing.assert_close(trace.c_n[2 * k + 1], trace.cell[k][1][0], atol=0, rtol=0)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("layout", ["time_major", "batch_first", "unbatched"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_hidden_is_time_ordered_output_slice(cell, layout, bidirectional):
    module = make(cell, num_layers=2, bidirectional=bidirectional, batch_first=layout == "batch_first")
    torch.manual_seed(3)
    length, batch = 6, (None if layout == "unbatched" else 2)
    x = make_input(module, length, batch)
    with torch.no_grad():
        out, _ = module(x)
    trace = unroll(module, x)
    if layout == "batch_first":
        out = out.transpose(0, 1)  # (L, N, D*H_out)
    elif layout == "unbatched":
        out = out.unsqueeze(1)  # (L, 1, D*H_out)
    for d in range(2 if bidirectional else 1):
        want = out[..., d * H_OUT : (d + 1) * H_OUT]
        torch.testing.assert_close(trace.hidden[-1][d], want, atol=ATOL, rtol=0)


# --- gates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_gates_reproduce_the_state(cell, bidirectional):
    module = make(cell, num_layers=2, bidirectional=bidirectional)
    torch.manual_seed(4)
    length, batch = 5, 3
    hx = make_state(module, batch)
    h_0, c_0 = split_state(module, hx)
    trace = unroll(module, torch.randn(length, batch, H_IN), hx)
    act = torch.relu if cell == "rnn_relu" else torch.tanh
    for k, d in itertools.product(range(2), range(trace.num_directions)):
        gates, hidden, row = trace.gates[k][d], trace.hidden[k][d], k * trace.num_directions + d
        for t in range(length):
            p = prev_index(d, t, length)
            h_prev = h_0[row] if p is None else hidden[p]
            if trace.cell_type == "RNN":
                want = act(gates["pre"][t])
            elif trace.cell_type == "LSTM":
                c_prev = c_0[row] if p is None else trace.cell[k][d][p]
                i, f, g, o = (gates[name][t] for name in "ifgo")
                c_t = f * c_prev + i * g
                torch.testing.assert_close(trace.cell[k][d][t], c_t, atol=ATOL, rtol=0)
                want = o * torch.tanh(c_t)
            else:
                z, n = gates["z"][t], gates["n"][t]
                want = (1 - z) * n + z * h_prev
            torch.testing.assert_close(hidden[t], want, atol=ATOL, rtol=0, msg=f"layer {k} dir {d} t {t}")


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("direction", [0, 1])
def test_gates_follow_torch_gate_order(cell, direction):
    """First step of each direction, recomputed by hand from the documented equations."""
    module = make(cell, bidirectional=True)
    torch.manual_seed(5)
    x = torch.randn(4, 2, H_IN)
    h_0, c_0 = split_state(module, make_state(module, 2))
    trace = unroll(module, x, (h_0, c_0) if c_0 is not None else h_0)
    sfx = "_l0_reverse" if direction else "_l0"
    w_ih, w_hh = getattr(module, "weight_ih" + sfx), getattr(module, "weight_hh" + sfx)
    b_ih, b_hh = getattr(module, "bias_ih" + sfx), getattr(module, "bias_hh" + sfx)
    t = 0 if direction == 0 else x.shape[0] - 1  # each direction's first step
    xi = x[t] @ w_ih.T + b_ih  # (N, G*H_out)
    hh = h_0[direction] @ w_hh.T + b_hh
    gates = trace.gates[0][direction]
    got = {name: g[t] for name, g in gates.items()}
    if trace.cell_type == "RNN":
        want = {"pre": xi + hh}
    elif trace.cell_type == "LSTM":
        i, f, g, o = (xi + hh).chunk(4, dim=1)
        want = {"i": i.sigmoid(), "f": f.sigmoid(), "g": g.tanh(), "o": o.sigmoid()}
    else:
        x_r, x_z, x_n = xi.chunk(3, dim=1)
        h_r, h_z, h_n = hh.chunk(3, dim=1)
        r = (x_r + h_r).sigmoid()
        want = {"r": r, "z": (x_z + h_z).sigmoid(), "n": torch.tanh(x_n + r * h_n)}
    assert got.keys() == want.keys()
    for name in want:
        torch.testing.assert_close(got[name], want[name], atol=ATOL, rtol=0, msg=name)


# --- gradients -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("num_layers", [1, 2])
def test_gradients_through_hidden_steps_are_finite(cell, bidirectional, num_layers):
    module = make(cell, num_layers=num_layers, bidirectional=bidirectional)
    torch.manual_seed(6)
    trace = unroll(module, torch.randn(6, 2, H_IN))
    loss = (trace.output**2).sum()
    for k, d in itertools.product(range(num_layers), range(trace.num_directions)):
        grads = torch.autograd.grad(loss, trace.hidden_steps[k][d], retain_graph=True)
        assert len(grads) == 6
        assert all(g.shape == (2, H_OUT) and torch.isfinite(g).all() for g in grads)


def test_hidden_step_gradient_is_the_total_derivative_through_time():
    """loss = sum(h_{L-1}) for a 1-layer tanh RNN: dL/dh_{L-2} = W_hh^T (1 - h_{L-1}^2)."""
    module = make("rnn_tanh")
    torch.manual_seed(7)
    trace = unroll(module, torch.randn(5, 2, H_IN))
    steps = trace.hidden_steps[0][0]
    g_last, g_prev = torch.autograd.grad(trace.output[-1].sum(), [steps[-1], steps[-2]])
    torch.testing.assert_close(g_last, torch.ones_like(g_last))
    want = (1 - steps[-1].detach() ** 2) @ module.weight_hh_l0.detach()  # (N, H_out)
    torch.testing.assert_close(g_prev, want, atol=ATOL, rtol=0)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("bias", [False, True])
def test_weight_gradients_match_module(cell, bidirectional, batch_first, bias):
    module = make(cell, num_layers=2, bidirectional=bidirectional, batch_first=batch_first, bias=bias)
    torch.manual_seed(8)
    x = make_input(module, 6, 3).requires_grad_()
    hx = make_state(module, 3)
    states = hx if isinstance(hx, tuple) else (hx,)
    for s in states:
        s.requires_grad_()
    inputs = [x, *states, *module.parameters()]

    def loss_of(out, h_n, c_n):
        # random weights so that no gradient is trivially symmetric
        torch.manual_seed(9)
        loss = (out * torch.randn_like(out)).sum() + (h_n * torch.randn_like(h_n)).sum()
        return loss if c_n is None else loss + (c_n * torch.randn_like(c_n)).sum()

    out, state = module(x, hx)
    want = torch.autograd.grad(loss_of(out, *split_state(module, state)), inputs)
    trace = unroll(module, x, hx)
    got = torch.autograd.grad(loss_of(trace.output, trace.h_n, trace.c_n), inputs)
    names = ["x", *(f"state{i}" for i in range(len(states))), *(n for n, _ in module.named_parameters())]
    for name, g, w in zip(names, got, want, strict=True):
        torch.testing.assert_close(g, w, atol=GRAD_ATOL, rtol=0, msg=name)


# --- dropout, dtype ------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", CELLS)
def test_dropout_module_matches_in_eval_mode(cell):
    module = make(cell, num_layers=3, bidirectional=True, dropout=0.5)
    torch.manual_seed(10)
    x = torch.randn(6, 2, H_IN)
    with torch.no_grad():
        out, _ = module(x)
        torch.testing.assert_close(unroll(module, x).output, out, atol=ATOL, rtol=0)
        # in training mode torch would drop units; the tracer still computes the eval recurrence
        module.train()
        torch.testing.assert_close(unroll(module, x).output, out, atol=ATOL, rtol=0)


def test_float64_module():
    module = make("lstm", num_layers=2, bidirectional=True).double()
    x = torch.randn(5, 2, H_IN, dtype=torch.float64)
    with torch.no_grad():
        out, (h_n, c_n) = module(x)
        trace = unroll(module, x)
    assert trace.output.dtype == torch.float64
    torch.testing.assert_close(trace.output, out, atol=1e-12, rtol=0)
    torch.testing.assert_close(trace.h_n, h_n, atol=1e-12, rtol=0)
    torch.testing.assert_close(trace.c_n, c_n, atol=1e-12, rtol=0)


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module",
    [nn.Linear(H_IN, H_OUT), nn.RNNCell(H_IN, H_OUT), nn.LSTMCell(H_IN, H_OUT), nn.GRUCell(H_IN, H_OUT)],
    ids=["Linear", "RNNCell", "LSTMCell", "GRUCell"],
)
def test_rejects_other_modules(module):
    with pytest.raises(ValueError, match=r"supports nn\.RNN, nn\.LSTM and nn\.GRU"):
        unroll(module, torch.randn(4, 1, H_IN))


def test_rejects_projections():
    module = nn.LSTM(H_IN, H_OUT, proj_size=2)
    with pytest.raises(ValueError, match="proj_size"):
        unroll(module, torch.randn(4, 1, H_IN))


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize(
    ("batch", "bad_shape"),
    [(3, (2, 3, H_OUT)), (3, (1, 2, H_OUT)), (3, (1, 3, H_OUT + 1)), (3, (1, H_OUT)), (None, (1, 1, H_OUT))],
)
def test_rejects_bad_h0_shape(cell, batch, bad_shape):
    module = make(cell)
    x = make_input(module, 4, batch)
    h_0 = torch.zeros(bad_shape)
    good = make_state(module, batch)
    hx = (h_0, good[1]) if isinstance(good, tuple) else h_0
    with pytest.raises(ValueError, match=r"h_0 must have shape"):
        unroll(module, x, hx)


def test_rejects_bad_c0_and_wrong_state_kind():
    lstm, gru = make("lstm"), make("gru")
    x = torch.randn(4, 3, H_IN)
    with pytest.raises(ValueError, match=r"c_0 must have shape"):
        unroll(lstm, x, (torch.zeros(1, 3, H_OUT), torch.zeros(1, 2, H_OUT)))
    with pytest.raises(ValueError, match=r"pair \(h_0, c_0\)"):
        unroll(lstm, x, torch.zeros(1, 3, H_OUT))
    with pytest.raises(ValueError, match="single tensor"):
        unroll(gru, x, (torch.zeros(1, 3, H_OUT), torch.zeros(1, 3, H_OUT)))


@pytest.mark.parametrize(
    "x",
    [torch.randn(H_IN), torch.randn(2, 4, 1, H_IN), torch.randn(4, 1, H_IN + 1), torch.randn(0, 1, H_IN)],
    ids=["1-D", "4-D", "wrong-features", "empty"],
)
def test_rejects_bad_input(x):
    with pytest.raises(ValueError):
        unroll(make("gru"), x)
