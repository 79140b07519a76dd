"""A link with bad settings still opens: each bad value is fixed, said so in a warning, and never raises."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def test_bad_values_are_fixed_with_a_warning(open_app):
    app = open_app("?hidden_size=99999&cell=banana&lr=nan")
    app.assert_clean()
    warnings = [text for text in app.alerts() if text.startswith("Link setting fixed")]
    assert len(warnings) == 3, app.alerts()
    assert any("hidden_size" in w and "128" in w for w in warnings)
    assert any("cell" in w and "banana" in w for w in warnings)
    assert any("lr" in w and "nan" in w for w in warnings)
    assert app.page.get_by_test_id("stAlertContentWarning").count() >= 3  # shown as warnings, not info

    # The fixed values are what the controls show and what the URL now says.
    assert app.slider_value("w_hidden_size") == "128"
    assert app.chosen("w_cell") == "RNN"
    params = app.wait_params(hidden_size="128", cell="RNN")
    assert params["lr"] not in ("nan", "NaN") and float(params["lr"]) > 0

    # And the model trains.
    app.press_step(2)
    assert float(app.metric("Loss")) >= 0


def test_garbage_link_on_a_deep_page(open_app):
    app = open_app("Unrolled_graph?task=nope&num_layers=0&seq_len=1e9&bidirectional=maybe&seed=-1&junk=1")
    app.assert_clean()
    warnings = [text for text in app.alerts() if text.startswith("Link setting fixed")]
    for word in ("task", "num_layers", "seq_len", "bidirectional", "seed", "junk"):
        assert any(word in w for w in warnings), (word, warnings)
    assert app.select_value("w_task").startswith("sine")
    assert app.page.get_by_test_id("stGraphVizChart").is_visible()
    # The warnings were shown once, on the first run: a rerun does not repeat them.
    app.press_step(1)
    assert not [text for text in app.alerts() if text.startswith("Link setting fixed")]
