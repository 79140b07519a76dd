"""hello -> ohlol: one-hot characters in, a character class out at every step."""

from __future__ import annotations

import numpy as np
import torch

from playground.tasks.base import Batch, Target, Task, Vocabulary

SOURCE, TARGET = "hello", "ohlol"


class HelloTask(Task):
    """The classic toy: read "hello" and emit "ohlol", one character a step.

    The two l's need different answers (l -> l, then l -> o), so the model must use its hidden state.
    Every sequence of a batch is the same word.
    """

    name = "hello"
    tokens = True
    seq_len = len(SOURCE)
    metric_name = "accuracy"
    target = Target("metric", 1.0, below=False)  # every character right

    def __init__(self, batch_size: int):
        self.vocab = Vocabulary(list(dict.fromkeys(SOURCE + TARGET)))  # h, e, l, o
        self.input_size = self.output_size = len(self.vocab)
        self.batch_size = batch_size

    def _batch(self, n: int) -> Batch:
        x = torch.tensor([self.vocab.encode(SOURCE)] * n)  # (N, L)
        y = torch.tensor([self.vocab.encode(TARGET)] * n)
        return Batch(x, y)

    def batch(self, step: int, rng: np.random.Generator) -> Batch:
        return self._batch(self.batch_size)

    def example(self) -> Batch:
        return self._batch(1)

    def describe(self, batch: Batch, y_pred: torch.Tensor) -> dict:
        probs = torch.softmax(y_pred[0].detach(), -1)  # (L, V)
        predicted = "".join(self.vocab.decode(probs.argmax(-1)))
        return {
            "input": SOURCE,
            "target": TARGET,
            "predicted": predicted,
            "probabilities": probs.numpy(),
            "vocab": self.vocab.symbols,
        }

    def step_labels(self, batch: Batch, index: int = 0) -> list[str]:
        return list(SOURCE)
