"""Analysis helpers for looking inside a recurrent network (numpy / torch only, no UI).

* :func:`fit_pca` - a principal-component projection of hidden states, fitted once per view so the
  axes stay fixed while an animation plays.
* :func:`gradient_through_time` - ‖∂L/∂h_t‖ for every time step: where vanishing and exploding
  gradients become visible.
* :func:`spectrum` - eigenvalues of the recurrent weight matrix ``W_hh`` (per gate block for LSTM/GRU).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

__all__ = [
    "HH_BLOCKS",
    "PCA",
    "Spectrum",
    "fit_pca",
    "gradient_through_time",
    "spectrum",
]

#: Names of the H×H blocks stacked (along rows) in PyTorch's ``weight_hh_l{k}`` for each cell type.
HH_BLOCKS: dict[str, tuple[str, ...]] = {
    "rnn": ("W_hh",),
    "lstm": ("i", "f", "g", "o"),  # input, forget, candidate (tanh), output
    "gru": ("r", "z", "n"),  # reset, update, candidate (tanh)
}

#: The block whose eigenvalues are reported as the headline ``Spectrum.eigenvalues``: the matrix that
#: carries the hidden state into the tanh "content" path, the closest analogue of a plain RNN's W_hh.
_MAIN_BLOCK = {"rnn": "W_hh", "lstm": "g", "gru": "n"}


def _to_numpy(x: np.ndarray | torch.Tensor) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    return np.asarray(x)


# ----------------------------------------------------------------------------------------------- PCA


@dataclass(frozen=True, eq=False)
class PCA:
    """A fitted principal-component projection.

    Attributes:
        mean: (H,) mean of the fitted states.
        components: (k, H) orthonormal principal directions, strongest first. Rows beyond the rank
            available (when H < k) are zero, so those output columns are always 0.
        explained_variance_ratio: (k,) fraction of the total variance along each component
            (all zeros when the states do not vary at all).
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance_ratio: np.ndarray

    @property
    def n_components(self) -> int:
        return int(self.components.shape[0])

    def transform(self, x: np.ndarray | torch.Tensor) -> np.ndarray:
        """Project states of shape (..., H) onto the components: returns (..., k) float64."""
        arr = _to_numpy(x).astype(np.float64, copy=False)
        h = self.mean.shape[0]
        if arr.ndim == 0 or arr.shape[-1] != h:
            raise ValueError(f"PCA.transform expects an array of shape (..., {h}), got {arr.shape}")
        return (arr - self.mean) @ self.components.T


def fit_pca(states: np.ndarray | torch.Tensor, n_components: int = 3) -> PCA:
    """Fit a PCA to hidden states of shape (M, H) (e.g. every time step of every sequence, flattened).

    Exact: eigen-decomposition (``numpy.linalg.eigh``) of the H×H covariance matrix. Each component's
    sign is fixed so its largest-magnitude coefficient is positive, so fitting the same data twice
    gives the same picture. Constant states give zero variance ratios (never NaN); H < k pads the
    extra components with zeros.
    """
    if n_components not in (1, 2, 3):
        raise ValueError(f"n_components must be 1, 2 or 3, got {n_components}")
    x = _to_numpy(states).astype(np.float64)
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"fit_pca expects states of shape (M, H) with M, H >= 1, got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("fit_pca: states contain NaN or inf (did training diverge?)")
    m, h = x.shape
    mean = x.mean(axis=0)
    xc = x - mean
    cov = xc.T @ xc / max(m - 1, 1)
    eigvals, eigvecs = np.linalg.eigh(cov)  # ascending
    order = np.argsort(eigvals, kind="stable")[::-1]
    eigvals = eigvals[order]
    # Variance at round-off level (e.g. constant states whose mean is not exact) counts as none.
    scale = float(np.abs(x).max())
    eigvals = np.where(eigvals > (1e-10 * scale) ** 2, eigvals, 0.0)
    eigvecs = eigvecs[:, order]

    k_avail = min(n_components, h)
    comps = np.zeros((n_components, h))
    comps[:k_avail] = eigvecs[:, :k_avail].T
    for row in comps[:k_avail]:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1.0

    ratio = np.zeros(n_components)
    total = float(eigvals.sum())
    if total > 0.0:
        ratio[:k_avail] = eigvals[:k_avail] / total
    for arr in (mean, comps, ratio):
        arr.setflags(write=False)
    return PCA(mean=mean, components=comps, explained_variance_ratio=ratio)


# ------------------------------------------------------------------------------ gradient through time


def gradient_through_time(loss: torch.Tensor, hidden_steps: Sequence[torch.Tensor]) -> np.ndarray:
    """‖∂L/∂h_t‖ for each time step t: returns a float64 array of shape (L,).

    ``hidden_steps`` is the list of the L hidden-state tensors (N, H_out) in time order - the actual
    autograd nodes of the recurrence, so the gradient w.r.t. h_t includes every path from h_t to the
    loss (through h_{t+1}, h_{t+2}, ...). The norm is the L2 norm over batch and units. Steps that do
    not influence the loss (or do not require grad) get 0. The graph is retained, so the caller can
    still call ``loss.backward()`` afterwards.
    """
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        raise ValueError("gradient_through_time: loss must be a scalar tensor")
    if not loss.requires_grad:
        raise ValueError("gradient_through_time: loss does not require grad (was it computed under no_grad?)")
    steps = list(hidden_steps)
    norms = np.zeros(len(steps), dtype=np.float64)
    live = [i for i, h in enumerate(steps) if isinstance(h, torch.Tensor) and h.requires_grad]
    if not live:
        return norms
    grads = torch.autograd.grad(
        loss, [steps[i] for i in live], retain_graph=True, allow_unused=True
    )
    for i, g in zip(live, grads, strict=True):
        if g is not None:
            norms[i] = float(torch.linalg.vector_norm(g.detach().double()))
    return norms


# --------------------------------------------------------------------------------------- spectrum


@dataclass(frozen=True, eq=False)
class Spectrum:
    """Eigenvalues of a recurrent weight matrix.

    Attributes:
        eigenvalues: complex (H,) eigenvalues of the headline block, sorted by decreasing magnitude:
            the whole W_hh for a plain RNN, the candidate block W_hg for LSTM ('g') and W_hn for GRU
            ('n') - the matrix that feeds the previous hidden state into the tanh "content" path.
        spectral_radius: max |λ| of that headline block.
        blocks: gate name -> complex (H,) eigenvalues of that H×H block of W_hh, in PyTorch's stacking
            order ('W_hh' for RNN; 'i', 'f', 'g', 'o' for LSTM; 'r', 'z', 'n' for GRU).
        radii: gate name -> spectral radius of that block.
        main: name of the headline block.
    """

    eigenvalues: np.ndarray
    spectral_radius: float
    blocks: dict[str, np.ndarray] = field(default_factory=dict)
    radii: dict[str, float] = field(default_factory=dict)
    main: str = "W_hh"


def _normalise_cell(cell: str) -> str:
    c = str(cell).lower()
    if c in ("rnn", "rnn_tanh", "rnn_relu", "elman"):
        return "rnn"
    if c in ("lstm", "gru"):
        return c
    raise ValueError(f"unknown cell type {cell!r}: expected 'rnn', 'lstm' or 'gru'")


def _sorted_eigs(mat: np.ndarray) -> np.ndarray:
    eigs = np.linalg.eigvals(mat).astype(np.complex128)
    # Decreasing magnitude, then by angle, so the order is deterministic.
    order = np.lexsort((np.round(np.angle(eigs), 12), -np.round(np.abs(eigs), 12)))
    return eigs[order]


def spectrum(weight_hh: torch.Tensor | np.ndarray, cell: str) -> Spectrum:
    """Eigen-spectrum of a recurrent weight matrix ``weight_hh`` as stored by PyTorch.

    ``cell`` is 'rnn', 'lstm' or 'gru'. For an RNN ``weight_hh`` is (H, H). For LSTM it is (4H, H),
    the blocks i|f|g|o stacked along rows; for GRU (3H, H), r|z|n. Each H×H block is decomposed
    separately (see :class:`Spectrum`). A spectral radius above 1 lets the linearised recurrence
    amplify the state (exploding gradients are possible); well below 1, it shrinks (vanishing).
    """
    kind = _normalise_cell(cell)
    w = _to_numpy(weight_hh).astype(np.float64)
    names = HH_BLOCKS[kind]
    if w.ndim != 2:
        raise ValueError(f"weight_hh must be a 2-D matrix, got shape {w.shape}")
    h = w.shape[1]
    if h < 1 or w.shape[0] != len(names) * h:
        raise ValueError(
            f"weight_hh for {kind.upper()} must have shape ({len(names)}·H, H) = ({len(names) * h}, {h}); "
            f"got {w.shape} (projected LSTMs, proj_size > 0, have no square blocks)"
        )
    if not np.all(np.isfinite(w)):
        raise ValueError("weight_hh contains NaN or inf")
    blocks = {name: _sorted_eigs(w[j * h : (j + 1) * h]) for j, name in enumerate(names)}
    radii = {name: float(np.abs(e).max()) for name, e in blocks.items()}
    main = _MAIN_BLOCK[kind]
    return Spectrum(
        eigenvalues=blocks[main], spectral_radius=radii[main], blocks=blocks, radii=radii, main=main
    )


def gradient_reach(grad_norms: np.ndarray) -> float:
    """‖∂L/∂h_t‖ at t = 0 over the same at t = L-1: how much of the gradient at the end reaches the first step.

    Near 1, the first step learns as fast as the last; a plain RNN's ratio falls geometrically with L (it
    vanishes), and a sequence it must remember from the start cannot be learnt.
    """
    norms = np.asarray(grad_norms, dtype=float)
    return float(norms[0] / norms[-1]) if norms[-1] > 0 else float("nan")
