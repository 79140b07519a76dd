"""Context: the same word needs a different label depending on what came before.

"arrive Taipei" makes Taipei the destination; "leave Taipei" makes it the place of departure. At the city
the input alone cannot tell them apart, so what the hidden state carries from the verb becomes visible.
"""

from __future__ import annotations

import numpy as np
import torch

from playground.config import MIN_SEQ_LEN
from playground.tasks.base import IGNORE, Batch, Target, Task, TaskError, Vocabulary

VERBS = {"arrive": "destination", "leave": "departure"}
FILLERS = ["early", "today", "again"]  # words between verb and city, so the memory must last
CITIES = ["Taipei", "Tokyo", "Paris", "Lima"]
DAYS = ["Monday", "Friday", "Sunday"]
LABELS = ["other", "destination", "departure", "time"]
PAD = "<pad>"


class ContextTask(Task):
    """Label every word of sentences like "arrive early Taipei on Monday".

    Sentences are `verb filler* city [on day]`, padded to `seq_len` words; padding has no target.
    The metric is the accuracy on the cities, the only words whose label depends on context.
    """

    name = "context"
    tokens = True
    metric_name = "city accuracy"
    target = Target("metric", 1.0, below=False)  # every city of the batch labelled right

    def __init__(self, seq_len: int, batch_size: int):
        self.vocab = Vocabulary([PAD, *VERBS, *FILLERS, *CITIES, "on", *DAYS])
        self.labels = Vocabulary(LABELS)
        self.input_size = len(self.vocab)
        self.output_size = len(LABELS)
        if seq_len < MIN_SEQ_LEN["context"]:
            raise TaskError("context_too_short", seq_len=seq_len, shortest=MIN_SEQ_LEN["context"])
        self.seq_len = seq_len
        self.batch_size = batch_size

    def sentence(self, rng: np.random.Generator) -> tuple[list[str], list[str]]:
        verb = str(rng.choice(list(VERBS)))
        room = self.seq_len - 2
        fillers = [str(w) for w in rng.choice(FILLERS, size=rng.integers(0, min(2, room) + 1))]
        words = [verb, *fillers, str(rng.choice(CITIES))]
        labels = ["other"] * (1 + len(fillers)) + [VERBS[verb]]
        if len(words) + 2 <= self.seq_len and rng.random() < 0.5:
            words += ["on", str(rng.choice(DAYS))]
            labels += ["other", "time"]
        return words, labels

    def _encode(self, sentences) -> Batch:
        x = np.zeros((len(sentences), self.seq_len), dtype=np.int64)  # (N, L), PAD = 0
        y = np.full((len(sentences), self.seq_len), IGNORE, dtype=np.int64)
        for i, (words, labels) in enumerate(sentences):
            x[i, : len(words)] = self.vocab.encode(words)
            y[i, : len(labels)] = self.labels.encode(labels)
        return Batch(torch.from_numpy(x), torch.from_numpy(y))

    def batch(self, step: int, rng: np.random.Generator) -> Batch:
        return self._encode([self.sentence(rng) for _ in range(self.batch_size)])

    def example(self) -> Batch:
        """The pair that shows it: the same city after "arrive" and after "leave"."""
        day = ["on", "Monday"] if self.seq_len >= 4 else []
        time = ["other", "time"] if day else []
        return self._encode([
            (["arrive", "Taipei", *day], ["other", "destination", *time]),
            (["leave", "Taipei", *day], ["other", "departure", *time]),
        ])

    def metric(self, y_pred: torch.Tensor, y: torch.Tensor, loss: float) -> float:
        cities = (y == self.labels.index["destination"]) | (y == self.labels.index["departure"])
        hits = (y_pred.argmax(-1) == y) & cities
        return float(hits.sum()) / max(int(cities.sum()), 1)

    def describe(self, batch: Batch, y_pred: torch.Tensor) -> dict:
        predicted = y_pred.argmax(-1)
        lines = []
        for i in range(len(batch.x)):
            mask = batch.y[i] != IGNORE
            words = self.vocab.decode(batch.x[i][mask])
            labels = self.labels.decode(predicted[i][mask])
            lines.append(" ".join(f"{w}/{lab}" if lab != "other" else w
                                  for w, lab in zip(words, labels, strict=True)))
        return {"sentences": lines, "text": "\n".join(lines)}

    def step_labels(self, batch: Batch, index: int = 0) -> list[str]:
        return self.vocab.decode(batch.x[index])
