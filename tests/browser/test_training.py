"""Live training in the browser: Train moves the metrics, the sine loss falls, Pause stops the counter."""

import json
import time

import pytest

from playground.bench.browser import CHART_SELECTOR
from playground.bench.driver import wait_step_at_least

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def test_train_moves_the_metrics_and_pause_stops_them(open_app):
    app = open_app("?task=sine&seed=0&pace=max")
    assert app.metric("Step") == "0" and app.metric("Loss") == "—"
    app.press_step(1)
    first_loss = float(app.metric("Loss"))

    app.train()
    # The metrics move while training, not only when it stops: two readings apart, both mid-run.
    early = wait_step_at_least(app.page, 20)
    assert app.page.locator(".st-key-pause").is_visible()
    later = wait_step_at_least(app.page, max(300, early + 50))
    assert later > early
    app.pause()

    stopped = app.step_count()
    assert stopped >= later
    loss = float(app.metric("Loss"))
    assert loss < first_loss / 2, f"sine loss did not fall: {first_loss} at step 1, {loss} at step {stopped}"
    time.sleep(1)  # the claim under test is "nothing moves for a second"
    assert app.step_count() == stopped
    assert float(app.metric("Loss")) == loss
    assert app.page.locator(".st-key-train").is_visible() and app.page.locator(".st-key-pause").count() == 0

    # The loss curve appeared with the first steps, in place of the "press Train" hint.
    assert app.page.locator('.st-key-loss_curve [data-testid="stVegaLiteChart"]').is_visible()


def test_train_on_another_page_and_pause(open_app):
    """The live fragment runs on every page: the Unrolled graph page counts steps too, and stops on Pause."""
    app = open_app("Unrolled_graph?task=hello&cell=GRU&pace=100")
    app.train()
    wait_step_at_least(app.page, 30)
    app.pause()
    stopped = app.step_count()
    time.sleep(1)
    assert app.step_count() == stopped
    assert app.metric("Accuracy").endswith("%")
    assert app.page.get_by_test_id("stGraphVizChart").is_visible()


BLANK_SAMPLER = """(ms) => new Promise(done => {
    // Every 5 ms: is the metric row (Step, Loss, the task's metric) on the page? Returns the blank spells (ms).
    const spells = []; let since = null; const t0 = performance.now();
    const id = setInterval(() => {
        const now = performance.now();
        const shown = document.querySelectorAll('[data-testid="stMetric"]').length >= 3;
        if (!shown && since === null) since = now;
        if (shown && since !== null) { spells.push(Math.round(now - since)); since = null; }
        if (now - t0 > ms) {
            clearInterval(id);
            if (since !== null) spells.push(Math.round(now - since));
            done(spells);
        }
    }, 5);
})"""


def test_metrics_never_blank_while_training(open_app):
    """The Step and Loss numbers stay on screen while they count.

    Regression: each fragment run once started with three empty metric slots and filled them only after its
    first tick (~0.2 s), so the row blinked out about once a second.
    """
    app = open_app("?task=sine")
    app.train()
    wait_step_at_least(app.page, 20)
    spells = app.page.evaluate(BLANK_SAMPLER, 4000)
    app.pause()
    assert spells == [], f"the metrics vanished {len(spells)} times while training, for {spells} ms"


CHART_SAMPLER = """(ms) => new Promise(done => {
    // Every 50 ms: is any visible chart faded? (The browser dims what a running script has not drawn again.)
    const faded = []; const t0 = performance.now();
    const id = setInterval(() => {
        let lowest = 1;
        for (const chart of document.querySelectorAll(CHARTS)) {
            if (chart.offsetParent === null) continue;  // hidden
            let opacity = 1;
            for (let n = chart; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
            lowest = Math.min(lowest, opacity);
        }
        faded.push(lowest < 0.9);
        if (performance.now() - t0 > ms) { clearInterval(id); done(faded); }
    }, 50);
})""".replace("CHARTS", json.dumps(CHART_SELECTOR))


def test_charts_stay_bright_while_training(open_app):
    """Regression: the charts were drawn last in each run, so they sat dimmed through most of it (~70% of the
    time), and a projector showed a live view that looked disabled."""
    app = open_app("?task=sine")
    app.train()
    wait_step_at_least(app.page, 20)
    faded = app.page.evaluate(CHART_SAMPLER, 5000)
    app.pause()
    assert sum(faded) <= len(faded) // 20, f"visible charts were dimmed in {sum(faded)} of {len(faded)} samples"
