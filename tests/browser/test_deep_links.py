"""Every page opens from a cold server through its shared link, with the shared setup applied."""

import pytest

from playground import site
from playground.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

# (URL path, page title, settings in the link, what only that page draws)
DEEP_LINKS = [
    ("", "Playground", {"task": "hello", "cell": "LSTM"}, '.st-key-task_view [data-testid="stVegaLiteChart"]'),
    ("Hidden_states", "Hidden states", {"task": "context", "cell": "GRU", "seed": "3"},
     '.st-key-trajectory [data-testid="stPlotlyChart"]'),
    ("Unrolled_graph", "Unrolled graph", {"task": "sine", "cell": "LSTM", "num_layers": "2", "bidirectional": "true"},
     '[data-testid="stGraphVizChart"] svg'),
    ("Gradients", "Gradients", {"task": "hello", "cell": "LSTM"}, '.st-key-grad_norms [data-testid="stVegaLiteChart"]'),
    ("Cell_anatomy", "Cell anatomy", {"task": "memory", "cell": "LSTM", "hidden_size": "16"},
     '.st-key-windows [data-testid="stPlotlyChart"]'),
    ("Walk_through", "Walk through time", {"task": "seq2seq", "cell": "LSTM"},
     '.st-key-walk [data-testid="stGraphVizChart"] svg'),
]


@pytest.mark.parametrize(("path", "title", "settings", "own_content"), DEEP_LINKS,
                         ids=[title.replace(" ", "_") for _, title, _, _ in DEEP_LINKS])
def test_deep_link_on_cold_server(cold_server, open_app, screenshot, path, title, settings, own_content):
    server = cold_server()  # a fresh process: no other page has run in it
    app = open_app(server.page_url(path, **settings), server=server)
    page = app.page

    page.locator(own_content).first.wait_for(state="visible")
    app.assert_clean()
    assert page.locator("h1").first.inner_text().strip() == title

    # The shared setup ran: our sidebar, its page links, every setting, and the training bar in the main area.
    sidebar = page.get_by_test_id("stSidebar")
    assert "RNN Playground" in sidebar.inner_text()
    links = sidebar.get_by_test_id("stPageLink").all_inner_texts()  # the pages (and, in a popover, the scenes)
    assert all(any(t(f"page.{p.name}") in link for link in links) for p in site.PAGES), links
    for key in ("w_task", "w_cell", "w_hidden_size", "w_seed"):
        assert sidebar.locator(f".st-key-{key}").is_visible(), key
    main = page.get_by_test_id("stMain")
    for key in ("train", "step", "reset", "w_pace"):
        assert main.locator(f".st-key-{key}").is_visible(), key
    assert app.metric_labels()[:2] == ["Step", "Loss"]

    # The link's settings were applied, and the app wrote the whole setup back into the URL.
    assert app.select_value("w_task") == t(f"task.{settings['task']}")
    assert app.chosen("w_cell") == settings["cell"]
    if "hidden_size" in settings:
        assert app.slider_value("w_hidden_size") == settings["hidden_size"]
    if "seed" in settings:
        assert app.number_value("w_seed") == settings["seed"]
    params = app.wait_params(**settings)
    assert {"task", "cell", "hidden_size", "num_layers", "lr", "seed"} <= set(params)
    assert not any("Link setting fixed" in alert for alert in app.alerts())

    screenshot(page, f"cold_{title.replace(' ', '_').lower()}")
