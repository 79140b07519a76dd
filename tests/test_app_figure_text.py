"""Every figure has words and numbers beside it (a chart has no alt text): a summary with its key numbers, and a
"data" view with the numbers as a table, filled while training is paused."""

import pytest
from apptest import no_errors, open_page, step

from playground.i18n import t


@pytest.mark.parametrize(("page", "params"), [
    ("playground", {"task": "sine"}), ("playground", {"task": "hello"}),
    ("hidden_states", {"task": "context", "cell": "LSTM"}), ("hidden_states", {"task": "sine"}),
    ("gradients", {"task": "memory"}), ("gradients", {"task": "seq2seq"}),
])
def test_every_figure_has_a_summary_and_a_data_table(page, params):
    at = open_page(page, **params)
    at.button(key="step").click().run()
    no_errors(at)
    assert step(at) == 1
    charts = len(at.get("plotly_chart")) + len(at.get("vega_lite_chart"))
    views = [e for e in at.expander if e.label == t("data.title")]
    assert charts >= 2 and len(views) == charts
    for view in views:  # each holds the figure's numbers
        table = view.dataframe[0].value
        assert len(table) > 0 and len(table.columns) >= 2


def test_the_summaries_say_the_key_numbers():
    at = open_page("playground", task="sine")
    at.button(key="step").click().run()
    captions = " ".join(c.value for c in at.caption)
    loss = at.session_state["trainer"].history[-1].loss
    assert f"{loss:.4f}" in captions and "Mean |error|" in captions


def test_while_training_a_data_view_waits_for_pause():
    at = open_page("playground", task="sine")
    at.button(key="train").click().run()
    views = [e for e in at.expander if e.label == t("data.title")]
    assert views and all(not v.dataframe and v.caption[0].value == t("data.paused_only") for v in views)
