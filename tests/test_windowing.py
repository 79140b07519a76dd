import numpy as np
import pytest
from messages import refused

from playground.windowing import back_to_back, make_windows, sliding


def test_back_to_back_windows_pad_the_end():
    w = make_windows(np.arange(1, 11), seq_len=4, batch_size=2)
    assert w.starts.tolist() == [0, 4, 8]
    assert w.lengths.tolist() == [4, 4, 2]
    assert w.data[2].tolist() == [9, 10, 0, 0]
    assert [b.tolist() for b in w.batches] == [[0, 1], [2]]
    assert (w.num_windows, w.num_batches) == (3, 2)


def test_stride_overlaps_and_starts_a_window_at_every_stride_th_sample():
    w = make_windows(np.arange(10), seq_len=4, stride=3)
    assert w.starts.tolist() == [0, 3, 6, 9]
    assert w.data[-2].tolist() == [6, 7, 8, 9]
    assert w.data[-1].tolist() == [9, 0, 0, 0]


def test_the_tutorials_sliding_windows():
    """Samples 1..10, seq_len 3: 1-2-3, 2-3-4, ..., 8-9-10, 9-10-0, 10-0-0; batch_size 2 makes 5 batches."""
    w = sliding(np.arange(1, 11), seq_len=3, batch_size=2)
    assert [row.tolist() for row in w.data] == [[s, s + 1, s + 2] for s in range(1, 9)] + [[9, 10, 0], [10, 0, 0]]
    assert w.lengths.tolist() == [3] * 8 + [2, 1]
    assert (w.num_windows, w.num_batches) == (10, 5)


@pytest.mark.parametrize("seq_len", [1, 2, 3, 5, 10])
def test_sliding_windows_seq_len_does_not_change_the_number_of_batches(seq_len):
    assert sliding(np.arange(1, 11), seq_len, batch_size=2).num_batches == 5


def test_back_to_back_puts_every_sample_in_one_window():
    w = back_to_back(np.arange(1, 11), seq_len=3, batch_size=2)
    assert w.data.tolist() == [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 0, 0]]
    assert w.num_batches == 2


def test_windows_of_vectors_keep_their_features():
    w = make_windows(np.ones((7, 3)), seq_len=5)
    assert w.data.shape == (2, 5, 3)  # (W, L, features)
    assert w.data[1, 2:].sum() == 0


def test_batch_size_and_seq_len_are_independent():
    series = np.arange(100)
    assert make_windows(series, 10, batch_size=1).num_batches == 10
    assert make_windows(series, 10, batch_size=4).num_batches == 3
    assert make_windows(series, 20, batch_size=4).num_batches == 2


@pytest.mark.parametrize(("series", "seq_len", "message"), [
    (np.arange(5), 6, "longer than the data"),
    (np.arange(0), 1, "no data"),
    (np.arange(5), 0, "at least 1"),
])
def test_bad_windowing_gets_a_clear_message(series, seq_len, message):
    with refused(message):
        make_windows(series, seq_len)
