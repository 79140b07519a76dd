"""Cut a series into windows of `seq_len` and group the windows into batches.

This is where `seq_len` (L, steps a window) and `batch_size` (N, windows an optimizer step) part ways:
the app shows these exact windows and the batch count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.errors import TaskError


@dataclass(frozen=True)
class Windows:
    starts: np.ndarray  # (W,) index of each window's first sample
    lengths: np.ndarray  # (W,) real samples in each window; the rest is zero padding
    data: np.ndarray  # (W, L, ...) the windows, zero-padded at the end
    batches: list[np.ndarray]  # window indices of each batch, in order

    @property
    def num_windows(self) -> int:
        return len(self.starts)

    @property
    def num_batches(self) -> int:
        return len(self.batches)


def make_windows(series: np.ndarray, seq_len: int, stride: int | None = None, batch_size: int = 1,
                 pad_value: float = 0) -> Windows:
    """Windows of `seq_len` samples every `stride` samples (default: back to back), `batch_size` a batch.

    A window that runs past the end is padded with `pad_value`; the last batch may be smaller.
    """
    series = np.asarray(series)
    total = len(series)
    stride = seq_len if stride is None else stride
    if seq_len < 1 or stride < 1 or batch_size < 1:
        raise TaskError("seq_len, stride and batch_size must all be at least 1.")
    if total == 0:
        raise TaskError("There is no data to cut into windows.")
    if seq_len > total:
        raise TaskError(f"seq_len ({seq_len}) is longer than the data ({total} samples): "
                        f"use a seq_len of at most {total}, or give more data.")
    starts = np.arange(0, total - seq_len + stride, stride)
    starts = starts[starts < total]
    lengths = np.minimum(seq_len, total - starts)
    data = np.full((len(starts), seq_len, *series.shape[1:]), pad_value, dtype=series.dtype)  # (W, L, ...)
    for w, (start, length) in enumerate(zip(starts, lengths, strict=True)):
        data[w, :length] = series[start:start + length]
    batches = [np.arange(i, min(i + batch_size, len(starts))) for i in range(0, len(starts), batch_size)]
    return Windows(starts, lengths, data, batches)
