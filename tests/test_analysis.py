"""Tests for playground.analysis: PCA, gradient through time, recurrent-weight spectra."""

import importlib.util

import numpy as np
import pytest
import torch

from playground.analysis import HH_BLOCKS, PCA, Spectrum, fit_pca, gradient_through_time, spectrum

# ----------------------------------------------------------------------------------------------- PCA


def _anisotropic(m=60, h=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, h)) * np.array([5.0, 3.0, 2.0, 1.0, 0.5, 0.1])[:h] + rng.normal(size=h)


@pytest.mark.parametrize("k", [2, 3])
def test_pca_matches_svd_projection_up_to_sign(k):
    x = _anisotropic()
    pca = fit_pca(x, k)
    assert isinstance(pca, PCA)
    assert pca.components.shape == (k, 6) and pca.mean.shape == (6,)

    xc = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(xc, full_matrices=False)
    ref = xc @ vt[:k].T
    got = pca.transform(x)
    assert got.shape == (60, k)
    for j in range(k):
        sign = np.sign(got[:, j] @ ref[:, j])
        np.testing.assert_allclose(got[:, j], sign * ref[:, j], atol=1e-9)
    np.testing.assert_allclose(pca.explained_variance_ratio, (s**2 / (s**2).sum())[:k], atol=1e-12)
    # Orthonormal components.
    np.testing.assert_allclose(pca.components @ pca.components.T, np.eye(k), atol=1e-12)


def test_pca_sign_is_deterministic():
    x = _anisotropic(seed=3)
    a, b = fit_pca(x, 3), fit_pca(x.copy(), 3)
    np.testing.assert_array_equal(a.components, b.components)
    # Row order does not matter, and flipping the data flips nothing about the sign convention.
    c = fit_pca(x[::-1], 3)
    np.testing.assert_allclose(a.components, c.components, atol=1e-10)
    for row in a.components:
        assert row[np.argmax(np.abs(row))] > 0


def test_pca_transform_keeps_leading_dims_and_accepts_torch():
    x = _anisotropic()
    pca = fit_pca(torch.tensor(x, dtype=torch.float32), 2)
    states = x.reshape(3, 20, 6)  # (S, L, H)
    out = pca.transform(torch.tensor(states))
    assert out.shape == (3, 20, 2)
    np.testing.assert_allclose(out.reshape(60, 2), pca.transform(x), atol=1e-5)
    with pytest.raises(ValueError, match=r"\(\.\.\., 6\)"):
        pca.transform(np.zeros((4, 5)))


def test_pca_zero_variance_has_no_nan():
    x = np.full((10, 4), 0.7)
    pca = fit_pca(x, 3)
    assert np.all(np.isfinite(pca.components))
    np.testing.assert_array_equal(pca.explained_variance_ratio, 0.0)
    np.testing.assert_allclose(pca.transform(x), 0.0, atol=1e-12)


def test_pca_single_row_is_fine():
    pca = fit_pca(np.array([[1.0, 2.0, 3.0]]), 2)
    np.testing.assert_allclose(pca.transform(np.array([1.0, 2.0, 3.0])), 0.0)


def test_pca_fewer_units_than_components_pads_with_zeros():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(30, 2)) * [3.0, 1.0]
    pca = fit_pca(x, 3)
    assert pca.components.shape == (3, 2)
    np.testing.assert_array_equal(pca.components[2], 0.0)
    out = pca.transform(x)
    assert out.shape == (30, 3)
    np.testing.assert_array_equal(out[:, 2], 0.0)
    assert pca.explained_variance_ratio[2] == 0.0
    assert pca.explained_variance_ratio[:2].sum() == pytest.approx(1.0)


def test_pca_is_read_only():
    pca = fit_pca(_anisotropic(), 2)
    with pytest.raises(ValueError):
        pca.components[0, 0] = 1.0


@pytest.mark.parametrize("bad", [np.zeros(5), np.zeros((0, 3)), np.zeros((2, 3, 4))])
def test_pca_rejects_bad_shapes(bad):
    with pytest.raises(ValueError, match="shape"):
        fit_pca(bad, 2)


def test_pca_rejects_nan_and_bad_k():
    with pytest.raises(ValueError, match="NaN"):
        fit_pca(np.array([[0.0, np.nan], [1.0, 2.0]]), 2)
    with pytest.raises(ValueError, match="n_components"):
        fit_pca(np.zeros((3, 3)), 4)


# ------------------------------------------------------------------------------ gradient through time


def _scalar_recurrence(w, length, batch=1):
    """h_t = w * h_{t-1} + x_t with h_{-1} = 0; returns the list of the L step tensors (batch, 1)."""
    x = torch.randn(length, batch, 1, requires_grad=True)
    h = torch.zeros(batch, 1)
    steps = []
    for t in range(length):
        h = w * h + x[t]
        steps.append(h)
    return steps


def test_gradient_through_time_scalar_recurrence():
    length = 6
    steps = _scalar_recurrence(0.5, length)
    loss = steps[-1].sum()  # L = h_{L-1}
    norms = gradient_through_time(loss, steps)
    assert norms.shape == (length,) and norms.dtype == np.float64
    # ∂h_{L-1}/∂h_t = 0.5^(L-1-t): the gradient shrinks geometrically going back in time.
    np.testing.assert_allclose(norms, 0.5 ** (length - 1 - np.arange(length)), rtol=1e-6)


def test_gradient_through_time_explodes_for_large_weight():
    norms = gradient_through_time(_scalar_recurrence(2.0, 8)[-1].sum(), _scalar_recurrence(2.0, 8))
    assert norms[-1] == 0.0  # steps of a different graph do not reach this loss
    steps = _scalar_recurrence(2.0, 8)
    norms = gradient_through_time(steps[-1].sum(), steps)
    np.testing.assert_allclose(norms, 2.0 ** (7 - np.arange(8)), rtol=1e-6)


def test_gradient_through_time_batch_norm_and_retained_graph():
    w = torch.tensor(0.5, requires_grad=True)
    h = torch.zeros(3, 1)
    steps = []
    for _ in range(5):
        h = w * h + 1.0
        steps.append(h)
    loss = steps[-1].sum()
    norms = gradient_through_time(loss, steps)
    # ∂L/∂h_t is 0.5^(L-1-t) for each of the 3 batch rows -> L2 norm sqrt(3) * 0.5^(L-1-t).
    np.testing.assert_allclose(norms, np.sqrt(3) * 0.5 ** (4 - np.arange(5)), rtol=1e-6)
    loss.backward()  # the graph was retained
    assert w.grad is not None


def test_gradient_through_time_unused_and_non_grad_steps_are_zero():
    a = torch.ones(2, 2, requires_grad=True)
    h1 = a * 2.0
    unused = a * 3.0  # requires grad but does not reach the loss
    frozen = torch.ones(2, 2)  # does not require grad at all
    loss = (h1**2).sum()
    norms = gradient_through_time(loss, [h1, unused, frozen])
    # ∂L/∂h1 = 2*h1 = 4 everywhere -> norm sqrt(4 * 16) = 8.
    np.testing.assert_allclose(norms, [8.0, 0.0, 0.0])


def test_gradient_through_time_rejects_non_scalar_or_detached_loss():
    a = torch.ones(3, requires_grad=True)
    with pytest.raises(ValueError, match="scalar"):
        gradient_through_time(a * 2, [a])
    with pytest.raises(ValueError, match="require grad"):
        gradient_through_time(torch.tensor(1.0), [a])


@pytest.mark.skipif(importlib.util.find_spec("playground.unroll") is None, reason="unroll not written yet")
@pytest.mark.parametrize("cls", [torch.nn.RNN, torch.nn.LSTM, torch.nn.GRU])
def test_gradient_through_time_on_a_traced_module(cls):
    from playground.unroll import unroll

    torch.manual_seed(0)
    module = cls(input_size=2, hidden_size=4, num_layers=1)
    x = torch.randn(7, 3, 2)
    trace = unroll(module, x)
    steps = trace.hidden_steps[0][0]
    loss = trace.output[-1].pow(2).sum()
    norms = gradient_through_time(loss, steps)
    assert norms.shape == (7,)
    assert np.all(norms > 0)
    # The last step's gradient is just ∂(h²)/∂h = 2h.
    np.testing.assert_allclose(norms[-1], float((2 * steps[-1]).detach().norm()), rtol=1e-5)


# --------------------------------------------------------------------------------------- spectrum


def _rotation(theta, scale=1.0):
    return scale * np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


def test_spectrum_of_scaled_rotation():
    spec = spectrum(_rotation(0.3, 0.9), "rnn")
    assert isinstance(spec, Spectrum)
    assert spec.spectral_radius == pytest.approx(0.9)
    assert spec.eigenvalues.dtype == np.complex128
    np.testing.assert_allclose(np.sort_complex(spec.eigenvalues),
                               np.sort_complex(0.9 * np.exp([-0.3j, 0.3j])), atol=1e-12)
    assert spec.main == "W_hh" and list(spec.blocks) == ["W_hh"]
    assert spec.radii == {"W_hh": pytest.approx(0.9)}


def test_spectrum_accepts_torch_and_uppercase_cell_type():
    w = torch.tensor(_rotation(1.0, 1.5), dtype=torch.float32, requires_grad=True)
    spec = spectrum(w, "RNN")
    assert spec.spectral_radius == pytest.approx(1.5, rel=1e-6)


def test_spectrum_lstm_splits_gate_blocks():
    h = 2
    blocks = {
        "i": 0.2 * np.eye(h),
        "f": np.diag([0.5, -0.7]),
        "g": _rotation(0.4, 1.2),
        "o": np.array([[0.0, 1.0], [0.0, 0.0]]),  # nilpotent: all eigenvalues 0
    }
    w = np.vstack([blocks[k] for k in HH_BLOCKS["lstm"]])
    assert w.shape == (4 * h, h)
    spec = spectrum(w, "lstm")
    assert list(spec.blocks) == ["i", "f", "g", "o"]
    assert spec.radii["i"] == pytest.approx(0.2)
    assert spec.radii["f"] == pytest.approx(0.7)
    assert spec.radii["g"] == pytest.approx(1.2)
    assert spec.radii["o"] == pytest.approx(0.0, abs=1e-12)
    # The headline is the candidate block g, sorted by decreasing |λ|.
    assert spec.main == "g" and spec.spectral_radius == pytest.approx(1.2)
    np.testing.assert_array_equal(spec.eigenvalues, spec.blocks["g"])
    np.testing.assert_allclose(spec.blocks["f"], [-0.7, 0.5])


def test_spectrum_gru_and_real_module():
    torch.manual_seed(0)
    gru = torch.nn.GRU(3, 5)
    spec = spectrum(gru.weight_hh_l0, "gru")
    assert list(spec.blocks) == ["r", "z", "n"] and spec.main == "n"
    for name, eigs in spec.blocks.items():
        assert eigs.shape == (5,)
        assert spec.radii[name] == pytest.approx(np.abs(eigs).max())


def test_spectrum_rejects_bad_input():
    with pytest.raises(ValueError, match="shape"):
        spectrum(np.zeros((6, 2)), "lstm")  # LSTM needs (8, 2)
    with pytest.raises(ValueError, match="unknown cell"):
        spectrum(np.eye(2), "transformer")
    with pytest.raises(ValueError, match="2-D"):
        spectrum(np.zeros(4), "rnn")
