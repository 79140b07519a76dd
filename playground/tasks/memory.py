"""Long-range memory: see a symbol, wait through `delay` distractors, recall the symbol at a cue.

The loss sits only at the last step, so the gradient must travel `delay` steps back to the symbol.
A plain RNN's gradient vanishes on the way as the delay grows; LSTM and GRU keep it.
"""

from __future__ import annotations

import numpy as np
import torch

from playground.tasks.base import IGNORE, Batch, Target, Task, Vocabulary

SYMBOLS = ["A", "B", "C", "D"]
DISTRACTORS = [".", ","]
CUE = "?"


class MemoryTask(Task):
    """Sequences `symbol, distractor * delay, ?` with the symbol as the only target, at the cue."""

    name = "memory"
    tokens = True
    metric_name = "recall accuracy"
    target = Target("metric", 0.95, below=False, window=20)  # batches are random: the mean of 20

    @staticmethod
    def length(delay: int) -> int:
        """L: the symbol, `delay` distractors, the cue."""
        return delay + 2

    def __init__(self, delay: int, batch_size: int):
        self.vocab = Vocabulary([*SYMBOLS, *DISTRACTORS, CUE])
        self.input_size = len(self.vocab)
        self.output_size = len(SYMBOLS)  # symbols are ids 0..3 in both vocabularies
        self.delay = delay
        self.seq_len = self.length(delay)
        self.batch_size = batch_size

    def _encode(self, symbols: np.ndarray, noise: np.ndarray) -> Batch:
        n = len(symbols)
        x = np.empty((n, self.seq_len), dtype=np.int64)  # (N, L)
        x[:, 0] = symbols
        x[:, 1:-1] = noise + len(SYMBOLS)
        x[:, -1] = self.vocab.index[CUE]
        y = np.full((n, self.seq_len), IGNORE, dtype=np.int64)
        y[:, -1] = symbols
        return Batch(torch.from_numpy(x), torch.from_numpy(y))

    def batch(self, step: int, rng: np.random.Generator) -> Batch:
        symbols = rng.integers(0, len(SYMBOLS), self.batch_size)
        noise = rng.integers(0, len(DISTRACTORS), (self.batch_size, self.delay))
        return self._encode(symbols, noise)

    def example(self) -> Batch:
        """One sequence for each symbol, with the same distractors, so their trajectories can be compared."""
        noise = np.random.default_rng(0).integers(0, len(DISTRACTORS), (1, self.delay))
        return self._encode(np.arange(len(SYMBOLS)), np.repeat(noise, len(SYMBOLS), 0))

    def describe(self, batch: Batch, y_pred: torch.Tensor) -> dict:
        recalled = self.vocab.decode(y_pred[:, -1].argmax(-1))
        shown = self.vocab.decode(batch.x[:, 0])
        lines = [f"saw {s}, {self.delay} steps later recalled {r}" for s, r in zip(shown, recalled, strict=True)]
        return {"shown": shown, "recalled": recalled, "text": "\n".join(lines)}

    def step_labels(self, batch: Batch, index: int = 0) -> list[str]:
        return self.vocab.decode(batch.x[index])
