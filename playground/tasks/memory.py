"""Long-range memory: remember the symbol that follows a marker, through `delay` distractors drawn from the
same symbols, and recall it at a cue.

    B ! C A D B ... D ?   ->   C        (the marker "!" comes first or second; then the symbol to keep)

The loss sits only at the cue, so the gradient must travel the whole delay back to the symbol. The distractors
are the same four symbols, so the network cannot simply latch onto "the one letter it saw": it must store the
symbol when the marker says so and leave it alone for `delay` steps of look-alikes, which needs a gate. And the
marker's place varies, so the state at the symbol is not always the same start: a plain RNN cannot fall into a
"first input wins" attractor either. Measured (python -m playground.bench, "memory"): at delay 30, LSTM and GRU
learn it within 3,000 steps where a plain RNN stays near chance; at delay 5, all three learn it.
"""

from __future__ import annotations

import numpy as np
import torch

from playground.tasks.base import IGNORE, Batch, Target, Task, Vocabulary

SYMBOLS = ["A", "B", "C", "D"]
MARKER = "!"
CUE = "?"
LEAD = 1  # the marker comes after 0..LEAD distractors


class MemoryTask(Task):
    """Sequences `distractor * m, !, symbol, distractor * (delay + LEAD - m), ?` with the symbol as the only
    target, at the cue; m is drawn from 0..LEAD."""

    name = "memory"
    tokens = True
    metric_name = "recall accuracy"
    target = Target("metric", 0.95, below=False, window=20)  # batches are random: the mean of 20

    @staticmethod
    def length(delay: int) -> int:
        """L: the lead, the marker, the symbol, `delay` distractors at least, the cue."""
        return delay + LEAD + 3

    def __init__(self, delay: int, batch_size: int):
        self.vocab = Vocabulary([*SYMBOLS, MARKER, CUE])
        self.input_size = len(self.vocab)
        self.output_size = len(SYMBOLS)  # symbols are ids 0..3 in both vocabularies
        self.delay = delay
        self.seq_len = self.length(delay)
        self.batch_size = batch_size

    def _encode(self, symbols: np.ndarray, marks: np.ndarray, noise: np.ndarray) -> Batch:
        """symbols (N,) to remember, marks (N,) the marker's places, noise (N, L) the distractors."""
        rows = np.arange(len(symbols))
        x = noise.astype(np.int64)  # (N, L)
        x[rows, marks] = self.vocab.index[MARKER]
        x[rows, marks + 1] = symbols
        x[:, -1] = self.vocab.index[CUE]
        y = np.full(x.shape, IGNORE, dtype=np.int64)
        y[:, -1] = symbols
        return Batch(torch.from_numpy(x), torch.from_numpy(y))

    def batch(self, step: int, rng: np.random.Generator) -> Batch:
        n = self.batch_size
        symbols = rng.integers(0, len(SYMBOLS), n)
        marks = rng.integers(0, LEAD + 1, n)
        return self._encode(symbols, marks, rng.integers(0, len(SYMBOLS), (n, self.seq_len)))

    def example(self) -> Batch:
        """One sequence for each symbol, with the same distractors and marker, so their trajectories compare."""
        noise = np.random.default_rng(0).integers(0, len(SYMBOLS), (1, self.seq_len))
        count = len(SYMBOLS)
        return self._encode(np.arange(count), np.zeros(count, dtype=np.int64), np.repeat(noise, count, 0))

    def describe(self, batch: Batch, y_pred: torch.Tensor) -> dict:
        recalled = self.vocab.decode(y_pred[:, -1].argmax(-1))
        shown = self.vocab.decode(batch.y[:, -1])
        return {"shown": shown, "recalled": recalled, "delay": self.delay}

    def step_labels(self, batch: Batch, index: int = 0) -> list[str]:
        return self.vocab.decode(batch.x[index])
