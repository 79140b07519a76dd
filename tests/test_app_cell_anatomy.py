"""The Cell anatomy page: one step with real numbers, the cell-loop proof, and the windowing view."""

import pytest
from apptest import figures, no_errors, open_page


@pytest.mark.parametrize(("cell", "equations"), [("RNN", 1), ("LSTM", 6), ("GRU", 4)])
def test_equations_with_real_numbers(cell, equations):
    at = open_page("cell_anatomy", cell=cell, task="hello")
    no_errors(at)
    assert len(at.latex) == 2 * equations  # the symbols, then the same lines with numbers
    assert "bmatrix" in at.latex[equations].value


def test_time_step_changes_the_numbers():
    at = open_page("cell_anatomy", task="hello")
    before = at.latex[1].value
    at.number_input(key="anatomy_t").set_value(3).run()
    assert at.latex[1].value != before and "h_{3}" in at.latex[1].value


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_loop_of_cells_equals_the_layer(cell):
    at = open_page("cell_anatomy", cell=cell, num_layers="2", bidirectional="true")
    assert at.success and "max |loop − layer|" in at.success[0].value


def markdown_text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_windowing_view_opens_on_the_tutorials_example():
    at = open_page("cell_anatomy")
    no_errors(at)
    text = markdown_text(at)
    assert "**10 windows**" in text and "2 of them zero-padded" in text and "**5 batches**" in text
    table = at.dataframe[-1].value
    assert table["samples"].tolist() == [f"{s}-{s + 1}-{s + 2}" for s in range(1, 9)] + ["9-10-0", "10-0-0"]
    assert table["batch"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert figures(at)[0]["data"]


def test_with_stride_1_seq_len_does_not_change_the_number_of_batches():
    at = open_page("cell_anatomy")
    at.number_input(key="win_L").set_value(5).run()
    text = markdown_text(at)
    assert "**10 windows**" in text and "**5 batches**" in text and "for any seq_len" in text


def test_back_to_back_windows_count_by_seq_len():
    at = open_page("cell_anatomy")
    at.number_input(key="win_T").set_value(50).run()
    at.number_input(key="win_L").set_value(10).run()
    at.number_input(key="win_stride").set_value(10).run()
    text = markdown_text(at)
    assert "back to back" in text and "**5 windows**" in text and "**3 batches**" in text


def test_sequence_to_sequence_steps_through_the_encoder_or_the_decoder():
    at = open_page("cell_anatomy", task="seq2seq", cell="LSTM")
    no_errors(at)
    assert at.success and "max |loop − layer|" in at.success[0].value
    at.segmented_control(key="anatomy_part").set_value("decoder").run()
    no_errors(at)
    assert at.success and any("encoder's final state" in c.value for c in at.caption)
    assert "<sos>" in at.markdown[1].value or any("<sos>" in m.value for m in at.markdown)  # step 0 reads <sos>
