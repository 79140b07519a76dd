"""sine -> cosine: read sin(t) over a window, predict cos(t) at every step (the classic regression demo)."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch.nn import functional as F

from playground.tasks.base import Batch, Target, Task

EXAMPLE_WINDOWS = 4


class SineTask(Task):
    """Windows of `seq_len` points over [kπ, (k+1)π]: input sin, target cos.

    With `carry_state` the windows follow each other (k = step) and the trainer carries the hidden state
    from one window to the next, as the classic tutorial does: the first point of a window is ambiguous
    on its own (sin is 0 both where cos is 1 and where it is -1), and only the carried state tells them apart.
    Without it, each window starts at a random k and the state starts at zero.
    Sequence i of a batch is shifted by a phase fixed by the seed (0 for the first).
    """

    name = "sine"
    input_size = 1
    output_size = 1
    tokens = False
    metric_name = "MAE"
    target = Target("loss", 0.01, below=True)  # MSE < 0.01: the prediction lies on the cosine

    def __init__(self, seq_len: int, batch_size: int, carry_state: bool, seed: int):
        self.seq_len = seq_len
        self.carries_state = carry_state
        phases = np.random.default_rng(seed).uniform(0, 2 * math.pi, batch_size)
        phases[0] = 0.0
        self.phases = phases

    def window(self, k: np.ndarray) -> Batch:
        """Windows starting at kπ, one per sequence: x = sin, y = cos, both (N, L, 1)."""
        fraction = np.linspace(0.0, 1.0, self.seq_len)
        t = (k[:, None] + fraction[None, :]) * math.pi + self.phases[: len(k), None]  # (N, L)
        x = torch.from_numpy(np.sin(t)).float().unsqueeze(-1)
        y = torch.from_numpy(np.cos(t)).float().unsqueeze(-1)
        return Batch(x, y)

    def batch(self, step: int, rng: np.random.Generator) -> Batch:
        n = len(self.phases)
        k = np.full(n, step) if self.carries_state else rng.integers(0, 1000, n)
        return self.window(k)

    def example(self) -> Batch:
        """Windows k = 0..3 back to back in one sequence: what a carried state sees over two periods."""
        windows = [self.window(np.array([k])) for k in range(EXAMPLE_WINDOWS)]
        return Batch(torch.cat([w.x for w in windows], 1), torch.cat([w.y for w in windows], 1))

    def loss(self, y_pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.mse_loss(y_pred, y)

    def metric(self, y_pred: torch.Tensor, y: torch.Tensor, loss: float) -> float:
        return float((y_pred - y).abs().mean())

    def describe(self, batch: Batch, y_pred: torch.Tensor) -> dict:
        windows = batch.x.shape[1] // self.seq_len
        t = (np.arange(windows)[:, None] + np.linspace(0.0, 1.0, self.seq_len)[None, :]).ravel() * math.pi
        return {
            "t": t,
            "input": batch.x[0, :, 0].detach().numpy(),
            "target": batch.y[0, :, 0].detach().numpy(),
            "prediction": y_pred[0, :, 0].detach().numpy(),
            "mae": float((y_pred[0].detach() - batch.y[0]).abs().mean()),
            "windows": windows,
        }

    def step_labels(self, batch: Batch, index: int = 0) -> list[str]:
        return [f"{v:+.2f}" for v in batch.x[index, :, 0].tolist()]
