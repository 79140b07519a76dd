"""One visitor walks through every page by the sidebar links: the session, the model and the setup follow
along, every page renders without error, and (after training) each is saved as a full-page screenshot.

Regression: a keyed widget on another page file is a new widget (Streamlit hashes the page into its id), so
the sidebar settings once came up empty after a page switch and `page.setup` raised. `controls._seed_widgets`
now assigns every setting's value on every run.
"""

import pytest

from playground.bench.driver import wait_idle, wait_rerun, wait_step_at_least

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
PAGES = ["Hidden states", "Unrolled graph", "Gradients", "Cell anatomy", "Playground"]


def go(app, title: str) -> None:
    link = app.page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=title)
    link.locator("a").click()
    # The page's title, or an exception box in its place: a broken page fails at once, not after a timeout.
    app.page.locator("h1", has_text=title).or_(app.page.get_by_test_id("stException")).first.wait_for()
    wait_idle(app.page)
    app.assert_clean()


def test_sidebar_links_keep_a_new_visitors_setup(open_app):
    app = open_app("?task=hello&cell=GRU&hidden_size=12&seed=9")
    expected = app.wait_params(task="hello", cell="GRU", hidden_size="12", seed="9")
    for title in PAGES:
        go(app, title)
        app.assert_clean()
        assert app.params() == expected, f"{title}: the setup was not carried over"
        assert app.chosen("w_cell") == "GRU" and app.slider_value("w_hidden_size") == "12"
        assert app.number_value("w_seed") == "9"


def test_choices_made_in_the_sidebar_survive_a_page_switch(open_app):
    app = open_app("?task=hello")
    wait_rerun(app.page, lambda: app.page.locator(".st-key-w_cell").get_by_role("radio", name="GRU").click())
    go(app, "Gradients")
    assert app.chosen("w_cell") == "GRU" and app.params()["cell"] == "GRU"


def test_pace_survives_a_page_switch(open_app):
    """The pace is no setting of the model, but the visitor's choice all the same, and the link carries it.

    Regression: a choice like this once came back at its default on another page, where the same key is a
    new widget.
    """
    app = open_app("?task=hello")
    wait_rerun(app.page, lambda: app.page.locator(".st-key-w_pace").get_by_role("radio", name="100/s").click())
    assert app.chosen("w_pace") == "100/s" and app.wait_params(pace="100")
    go(app, "Gradients")
    assert app.chosen("w_pace") == "100/s" and app.params()["pace"] == "100"


@pytest.mark.parametrize(("settings", "name"), [
    ("task=sine&cell=RNN&seed=4", "sine"),
    ("task=text&cell=LSTM&num_layers=2&bidirectional=true", "text"),
])
def test_every_page_after_training(open_app, screenshot, settings, name):
    app = open_app(f"?{settings}&pace=max")
    app.train()
    wait_step_at_least(app.page, 30 if name == "text" else 300)
    app.pause()
    steps, loss, expected = app.step_count(), app.metric("Loss"), app.params()
    screenshot(app.page, f"trained_{name}_playground")

    for title in PAGES:
        go(app, title)
        assert app.step_count() == steps, f"{title}: the model changed on the way"
        assert app.metric("Loss") == loss
        assert app.params() == expected, f"{title}: the setup was not carried in the link"
        if title != "Playground":
            screenshot(app.page, f"trained_{name}_{title.replace(' ', '_').lower()}")
