"""Every page fits a projector (1280x720) and a full-HD screen: no sideways scrolling, nothing cut off at the
right. Each page is saved as a screenshot at both sizes, to be looked at."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

SIZES = {"1280x720": {"width": 1280, "height": 720}, "1920x1080": {"width": 1920, "height": 1080}}
PAGES = {
    "playground": "?task=sine",
    "hidden_states": "Hidden_states?task=context&cell=LSTM",
    "unrolled_graph": "Unrolled_graph?task=sine&cell=LSTM&num_layers=2&bidirectional=true",
    "gradients": "Gradients?task=memory&cell=GRU",
    "cell_anatomy": "Cell_anatomy?task=hello&cell=LSTM",
    "cell_anatomy_gru": "Cell_anatomy?task=sine&cell=GRU&num_layers=2&bidirectional=true",
    "playground_text": "?task=text",  # four metrics: the held-out perplexity beside the training one
    "playground_seq2seq": "?task=seq2seq&mapping=translate",
    "unrolled_graph_seq2seq": "Unrolled_graph?task=seq2seq&cell=LSTM",
    "walk_through": "Walk_through?task=context&cell=GRU&num_layers=2&bidirectional=true",
    "scene_narrated": "?scene=seq2seq-stop",
}
# What a visitor reads or uses, and whether any of it reaches past the edge of whatever clips it: the main
# column, or an ancestor that hides (or scrolls) what overflows. Data grids scroll inside by design.
CUT_JS = """() => {
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    const clipper = (e) => {
        for (let n = e.parentElement; n && n !== main; n = n.parentElement) {
            if (getComputedStyle(n).overflowX !== 'visible') return n;
        }
        return main;
    };
    const cut = [];
    const readable = 'p, li, h1, h2, h3, label, button, .katex-html, [data-testid="stMetricValue"], ' +
                     '[data-testid="stGraphVizChart"] svg, .main-svg, table';
    for (const e of main.querySelectorAll(readable)) {
        if (e.closest('[data-testid="stDataFrame"]') || e.closest('[data-testid="stSidebar"]')) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const box = clipper(e).getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1) {
            const span = (b) => `[${Math.round(b.left)}, ${Math.round(b.right)}]`;
            cut.push(`${e.tagName}.${e.className.baseVal ?? e.className}: ${(e.innerText || '').slice(0, 40)}`
                     + ` ${span(r)} in ${span(box)}`);
        }
    }
    // A box that clips or scrolls what overflows it, and holds more than it shows. Not counted: 1 px boxes
    // that hide an input or KaTeX's MathML copy on purpose, and the 2 px KaTeX's glyph metrics round to.
    for (const e of main.querySelectorAll('*')) {
        if (e.closest('[data-testid="stDataFrame"]') || e.closest('.katex-mathml')) continue;
        if (getComputedStyle(e).overflowX === 'visible' || e.offsetParent === null || e.clientWidth <= 1) continue;
        if (e.scrollWidth > e.clientWidth + 4) {
            const owner = e.closest('[data-testid]');
            cut.push(`${owner ? owner.getAttribute('data-testid') : ''} > ${e.tagName}.${e.className}: ` +
                     `holds ${e.scrollWidth} px in ${e.clientWidth}: ${(e.innerText || '').slice(0, 40)}`);
        }
    }
    const doc = document.documentElement;
    const scroller = document.querySelector('[data-testid="stMain"]');
    return {sideways: Math.max(doc.scrollWidth - doc.clientWidth, scroller.scrollWidth - scroller.clientWidth),
            cut: cut};
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_fits_without_sideways_scrolling_or_cut_text(open_app, screenshot, name, size):
    app = open_app(PAGES[name], viewport=SIZES[size])
    app.press_step(3)  # the loss curve and the numbers of a trained step, not the empty page
    app.page.evaluate("() => document.fonts.ready")
    found = app.page.evaluate(CUT_JS)
    screenshot(app.page, f"layout_{name}_{size}")
    assert found["sideways"] <= 0, f"{name} at {size} scrolls sideways by {found['sideways']} px"
    assert not found["cut"], f"{name} at {size}: cut off at the right:\n" + "\n".join(found["cut"])
