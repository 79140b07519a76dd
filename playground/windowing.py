"""Cut a series into windows of `seq_len` and group the windows into batches.

This is where `seq_len` (L, steps a window) and `batch_size` (N, windows an optimizer step) part ways:
the app shows these exact windows and the batch count. Two ways to cut, named for what they do:

- back to back (stride = seq_len): every sample in exactly one window, the last one zero-padded;
- sliding (stride 1, as the classic tutorial): a window starting at every sample, those that run past the
  end zero-padded. Samples 1..10 with seq_len 3 give 1-2-3, 2-3-4, ..., 9-10-0, 10-0-0: ten windows, and
  with batch_size 2 five batches, whatever seq_len is.
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

    def text(self, window: int) -> str:
        """One window's samples as the tutorial writes them, e.g. "9-10-0" (1-D series only)."""
        return "-".join(f"{v:g}" for v in self.data[window])


def make_windows(series: np.ndarray, seq_len: int, stride: int | None = None, batch_size: int = 1,
                 pad_value: float = 0) -> Windows:
    """Windows of `seq_len` samples, one starting every `stride` samples (default `seq_len`: back to back),
    `batch_size` a batch.

    A window starts at every stride-th sample; one that runs past the end is padded with `pad_value`. The
    last batch may be smaller.
    """
    series = np.asarray(series)
    total = len(series)
    stride = seq_len if stride is None else stride
    if seq_len < 1 or stride < 1 or batch_size < 1:
        raise TaskError("windows_at_least_one")
    if total == 0:
        raise TaskError("windows_no_data")
    if seq_len > total:
        raise TaskError("windows_too_long", seq_len=seq_len, total=total)
    starts = np.arange(0, total, stride)
    lengths = np.minimum(seq_len, total - starts)
    data = np.full((len(starts), seq_len, *series.shape[1:]), pad_value, dtype=series.dtype)  # (W, L, ...)
    for w, (start, length) in enumerate(zip(starts, lengths, strict=True)):
        data[w, :length] = series[start:start + length]
    batches = [np.arange(i, min(i + batch_size, len(starts))) for i in range(0, len(starts), batch_size)]
    return Windows(starts, lengths, data, batches)


def back_to_back(series: np.ndarray, seq_len: int, batch_size: int = 1, pad_value: float = 0) -> Windows:
    """Every sample in exactly one window: ceil(T / seq_len) windows."""
    return make_windows(series, seq_len, seq_len, batch_size, pad_value)


def sliding(series: np.ndarray, seq_len: int, batch_size: int = 1, pad_value: float = 0) -> Windows:
    """The classic tutorial's windows: one starting at every sample, T windows whatever seq_len is."""
    return make_windows(series, seq_len, 1, batch_size, pad_value)
