import numpy as np
import pytest

from playground.tasks import TaskError
from playground.windowing import make_windows


def test_back_to_back_windows_pad_the_end():
    w = make_windows(np.arange(1, 11), seq_len=4, batch_size=2)
    assert w.starts.tolist() == [0, 4, 8]
    assert w.lengths.tolist() == [4, 4, 2]
    assert w.data[2].tolist() == [9, 10, 0, 0]
    assert [b.tolist() for b in w.batches] == [[0, 1], [2]]
    assert (w.num_windows, w.num_batches) == (3, 2)


def test_stride_overlaps_and_covers_the_end():
    w = make_windows(np.arange(10), seq_len=4, stride=3)
    assert w.starts.tolist() == [0, 3, 6]
    assert w.data[-1].tolist() == [6, 7, 8, 9]


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
    with pytest.raises(TaskError, match=message):
        make_windows(series, seq_len)
