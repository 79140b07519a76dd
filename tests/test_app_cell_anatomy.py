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


def test_windowing_view_counts_windows_and_batches():
    at = open_page("cell_anatomy")
    at.slider(key="win_T").set_value(50).run()
    at.slider(key="win_L").set_value(10).run()
    at.slider(key="win_N").set_value(2).run()
    text = " ".join(m.value for m in at.markdown)
    assert "**5 windows**" in text and "**3 batches**" in text
    assert figures(at)[0]["data"]
