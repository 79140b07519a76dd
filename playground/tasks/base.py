"""What every task shares: one batch generator signature, a loss, a metric and a readable prediction.

A batch is a pure function of (seed, step): the trainer hands `batch` a fresh `np.random.Generator` seeded
with both, so a run replays exactly after a rewind and a shared link trains the same way for everyone.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from playground.errors import TaskError

__all__ = ["IGNORE", "Batch", "Target", "Task", "TaskError", "Vocabulary"]

IGNORE = -100  # target id of a step without a target (padding, or steps before a recall cue)


@dataclass(frozen=True)
class Target:
    """What "trained" means for a task: the mean of a record field over the last `window` steps, against a
    threshold. Used to stop at the target, and by the benchmark's "stays trained" check."""

    field: str  # "loss" or "metric", a field of trainer.Record
    threshold: float
    below: bool  # True: the value must be under the threshold (a loss); False: at least the threshold
    window: int = 1  # steps averaged: 1 for a deterministic batch, more where batches are random draws

    def met(self, value: float) -> bool:
        return value < self.threshold if self.below else value >= self.threshold

    def reached(self, records: Sequence) -> bool:
        """Whether the last `window` records (oldest first) meet the target on average."""
        if len(records) < self.window:
            return False
        recent = list(itertools.islice(reversed(records), self.window))
        return self.met(sum(getattr(r, self.field) for r in recent) / self.window)


@dataclass
class Batch:
    x: torch.Tensor  # (N, L, H_in) float features, or (N, L) token ids
    y: torch.Tensor  # (N, L, 1) float targets, or (N, L) class ids with IGNORE where there is no target
    decoder_input: torch.Tensor | None = None  # seq2seq: (N, T) the true previous symbols, <sos> first
    teacher: torch.Tensor | None = None  # seq2seq: (N, T) bool, where the decoder is fed the truth in training

    def model_inputs(self) -> dict[str, torch.Tensor]:
        """What the model takes besides x (a seq2seq decoder's teacher inputs), as keyword arguments."""
        if self.decoder_input is None:
            return {}
        return {"decoder_input": self.decoder_input, "teacher": self.teacher}


class Task(ABC):
    """A source of training batches with its own loss, metric and readable prediction."""

    name: str
    input_size: int  # H_in for features, or the vocabulary size for tokens
    output_size: int  # 1 for regression, else the number of classes
    tokens: bool  # True: x holds token ids
    seq_len: int  # L of every batch
    metric_name: str
    target: Target  # what counts as trained
    carries_state: bool = False  # the trainer feeds h_n of one batch as h_0 of the next
    predicts_next_input: bool = False  # y_t is x_{t+1}: a reverse (bidirectional) pass reads the answer

    @abstractmethod
    def batch(self, step: int, rng: np.random.Generator) -> Batch:
        """The training batch of optimizer step `step`."""

    @abstractmethod
    def example(self) -> Batch:
        """A fixed, small batch that the views show and trace."""

    def make_model(self, cfg, seed: int):
        """The model this task trains (a ModelConfig and the run's seed): a SequenceModel of the task's sizes."""
        from playground.models import build_model  # imported on use: models import the config, not the tasks

        return build_model(cfg, self.input_size, self.output_size, self.tokens, seed)

    def validation(self) -> Batch | None:
        """Held-out data the model never trains on, to measure overfitting (None: the task has none)."""
        return None

    def loss(self, y_pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(y_pred.flatten(0, 1), y.flatten(), ignore_index=IGNORE)

    def metric(self, y_pred: torch.Tensor, y: torch.Tensor, loss: float) -> float:
        """The task's own measure of the batch (default: accuracy over the steps that have a target)."""
        mask = y != IGNORE
        hits = (y_pred.argmax(-1) == y) & mask
        return float(hits.sum()) / max(int(mask.sum()), 1)

    @abstractmethod
    def describe(self, batch: Batch, y_pred: torch.Tensor) -> dict[str, Any]:
        """The prediction in a form a person can read (strings, arrays for a figure)."""

    def step_labels(self, batch: Batch, index: int = 0) -> list[str]:
        """A label for every time step of one sequence, for figure axes."""
        return [str(t) for t in range(batch.x.shape[1])]


class Vocabulary:
    """Symbols <-> ids, in a fixed order."""

    def __init__(self, symbols: list[str]):
        self.symbols = list(symbols)
        self.index = {s: i for i, s in enumerate(self.symbols)}

    def __len__(self) -> int:
        return len(self.symbols)

    def encode(self, symbols) -> list[int]:
        missing = sorted({s for s in symbols if s not in self.index})
        if missing:
            shown = ", ".join(repr(s) for s in missing[:10])
            raise TaskError("not_in_vocabulary", symbols=shown)
        return [self.index[s] for s in symbols]

    def decode(self, ids) -> list[str]:
        return [self.symbols[int(i)] for i in ids]
