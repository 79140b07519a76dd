"""The pictures really render in the browser: the WebGL 3-D trajectory (and its animation) and the graph."""

import io

import pytest
from PIL import Image

from playground.bench.driver import wait_rerun, watch_runs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
SLIDER_TEXT = """() => { const t = document.querySelector('.st-key-trajectory .slider-container text');
                         return t ? t.textContent : null; }"""


def drawn_colours(png: bytes) -> int:
    """How many different colours an element's screenshot holds: 1 for a blank canvas."""
    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 20)
    return len(colours)


def test_3d_trajectory_renders_and_plays(open_app):
    app = open_app("Hidden_states?task=sine&hidden_size=16")
    chart = app.page.locator('.st-key-trajectory [data-testid="stPlotlyChart"]')
    chart.wait_for(state="visible")
    assert chart.locator(".main-svg").count() >= 1
    canvas = chart.locator(".gl-container canvas")  # plotly's WebGL scene
    canvas.wait_for(state="visible")
    box = canvas.bounding_box()
    assert box["width"] > 300 and box["height"] > 200, box
    assert drawn_colours(canvas.screenshot()) > 50, "the 3-D scene's canvas is blank"

    # ▶ animates the marker along the path in the browser, with no Streamlit rerun.
    before = app.page.evaluate(SLIDER_TEXT)
    assert before is not None
    watch_runs(app.page)
    chart.locator(".updatemenu-button", has_text="Play").click()
    app.page.wait_for_function(f"(before) => ({SLIDER_TEXT})() !== before", arg=before)
    assert app.page.evaluate("() => window.__stRuns") == 0
    app.assert_clean()


def test_2d_projection_renders(open_app):
    app = open_app("Hidden_states?task=hello")
    control = app.page.locator(".st-key-dims")
    wait_rerun(app.page, lambda: control.get_by_role("radio", name="2-D").click())
    chart = app.page.locator('.st-key-trajectory [data-testid="stPlotlyChart"]')
    assert chart.locator(".gl-container canvas").count() == 0  # a plain SVG scatter now
    assert chart.locator(".scatterlayer .trace").count() >= 1
    app.assert_clean()


def test_unrolled_graph_renders_readably(open_app):
    app = open_app("Unrolled_graph?task=sine&cell=GRU&hidden_size=24&num_layers=2")
    svg = app.page.locator('[data-testid="stGraphVizChart"] svg')
    svg.wait_for(state="visible")
    assert svg.locator("g.node").count() >= 15  # 2 layers x 5 drawn columns, inputs, outputs, states
    assert svg.locator("g.edge").count() >= 15
    assert "(1, 24)" in svg.text_content()  # h edges (N, H_out): the shapes follow the sidebar
    main = app.page.get_by_test_id("stMain").inner_text()
    assert "GRU unrolled over time: 2 layer(s)" in main and "(N, L, D·H_out) = (1, 10, 24)" in main
    assert "Parameters of nn.GRU" in main
    # Readable at the test's 1400 px window: the graph is scaled to the page, so its text must not shrink
    # below 10 px (it was ~6 px when the legend and long labels sat inside the graph).
    heights = svg.locator("g.node text").evaluate_all("(ts) => ts.map((t) => t.getBoundingClientRect().height)")
    assert min(heights) >= 10, heights
    app.assert_clean()
