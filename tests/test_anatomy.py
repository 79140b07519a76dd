import numpy as np
import pytest
import torch

from playground.anatomy import cell_step, equations, layer_input, loop_equals_layer, step_latex
from playground.unroll import unroll

CELLS = {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("bias", [False, True])
def test_loop_of_torch_cells_equals_the_layer(cell, batch_first, bias):
    torch.manual_seed(0)
    core = CELLS[cell](3, 5, num_layers=2, bidirectional=True, batch_first=batch_first, bias=bias)
    looped, fused, difference = loop_equals_layer(core, torch.randn(4, 6, 3))
    expected = (6, 4, 10) if batch_first else (4, 6, 10)  # time-major (L, N, D*H_out) either way
    assert looped.shape == fused.shape == expected
    assert difference < 1e-5


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize(("layer", "direction", "t"), [(0, 0, 0), (1, 1, 2), (1, 0, 5), (0, 1, 5)])
def test_one_step_recomputed_from_its_terms_gives_the_state(cell, layer, direction, t):
    torch.manual_seed(1)
    core = CELLS[cell](3, 5, num_layers=2, bidirectional=True)
    x = torch.randn(6, 2, 3)  # (L, N, H_in)
    trace = unroll(core, x)
    step = cell_step(core, trace, layer_input(trace, x, layer), layer, direction, t, index=1)
    a, b = step.from_input, step.from_hidden
    if cell == "RNN":
        h = np.tanh(a["pre"] + b["pre"])
    elif cell == "LSTM":
        i, f, o = (sigmoid(a[n] + b[n]) for n in "ifo")
        c = f * step.c_prev + i * np.tanh(a["g"] + b["g"])
        assert np.allclose(c, step.c, atol=1e-5)
        h = o * np.tanh(c)
    else:
        r, z = (sigmoid(a[n] + b[n]) for n in "rz")
        n = np.tanh(a["n"] + r * b["n"])
        h = (1 - z) * n + z * step.h_prev
    assert np.allclose(h, step.h, atol=1e-5)
    if t == (0 if direction == 0 else 5):
        assert not step.h_prev.any()  # the first step of either direction starts from h_0 = 0


@pytest.mark.parametrize(("cell", "lines"), [("RNN", 1), ("LSTM", 6), ("GRU", 4)])
def test_latex_has_one_line_per_equation_with_numbers(cell, lines):
    core = CELLS[cell](2, 6)
    x = torch.randn(4, 1, 2)
    trace = unroll(core, x)
    step = cell_step(core, trace, layer_input(trace, x, 0), 0, 0, 2)
    numbered = step_latex(step, cell, units=4)
    assert len(numbered) == len(equations(cell)) == lines
    assert all(r"\vdots" in line and "bmatrix" in line for line in numbered)
    assert f"{step.h[0]:.3f}" in numbered[-1]


def test_relu_equation():
    assert r"\operatorname{relu}" in equations("RNN", "relu")[0]


@pytest.mark.parametrize("training", [True, False])
def test_the_comparison_puts_the_core_back_in_its_mode(training):
    core = torch.nn.LSTM(3, 4, num_layers=2, dropout=0.5)
    core.train(training)
    loop_equals_layer(core, torch.randn(5, 2, 3))
    assert core.training is training


@pytest.mark.parametrize("cell", CELLS)
def test_a_step_from_a_given_initial_state_starts_from_it(cell):
    """A decoder starts from the encoder's state: step 0's h_(t-1) is that state, and the loop still equals the
    layer from there."""
    torch.manual_seed(2)
    core = CELLS[cell](3, 4, num_layers=2)
    x = torch.randn(5, 2, 3)
    h_0 = torch.randn(2, 2, 4)
    hx = (h_0, torch.randn(2, 2, 4)) if cell == "LSTM" else h_0
    trace = unroll(core, x, hx)
    step = cell_step(core, trace, layer_input(trace, x, 1), 1, 0, 0, index=1, hx=hx)
    assert np.allclose(step.h_prev, h_0[1, 1].numpy())
    _, _, difference = loop_equals_layer(core, x, hx)
    assert difference < 1e-5
