"""Accessible to everyone in the room: axe-core finds nothing serious or critical on any page, in either language,
nor on the home page while it trains; keyboard focus is visible and works Train and Pause; a visitor who asked
for reduced motion sees none, and can still train.

axe-core comes from npm, into a folder that is not committed (.ci/run installs it). Without it these tests are
skipped with the install command, except in CI (CI set), where they fail, as the browser tests do without chromium.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from playground.bench.driver import ROOT, step_count, wait_idle, wait_step_at_least

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

AXE_DIR = Path(os.environ.get("AXE_DIR") or ROOT / ".cache" / "axe")  # .ci/run installs it there
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_INSTALL = f"npm install --prefix {AXE_DIR} axe-core@4"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
FAILING_IMPACTS = ("serious", "critical")

PAGES = {"playground": "", "hidden_states": "Hidden_states", "unrolled_graph": "Unrolled_graph",
         "gradients": "Gradients", "cell_anatomy": "Cell_anatomy", "walk_through": "Walk_through",
         "scene": "Hidden_states?scene=lstm-gates"}
LANGUAGES = ["en", "zh"]

# Every rule axe has, none turned off. Each violation: its rule, impact, help text, and its nodes' selectors (with
# the colours and ratio of a contrast failure).
AXE_RUN = """async () => {
    const result = await axe.run(document);
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => {
        const data = (n.any[0] || {}).data || {};
        const colours = data.contrastRatio ? `${data.fgColor} on ${data.bgColor}, ${data.contrastRatio}:1, ` : '';
        return `${n.html.replace(/\\s+/g, ' ').slice(0, 80)} (${colours}at ${n.target.join(' ')})`;
    })}));
}"""
# Streamlit scrolls inside its main area and the sidebar, not the document, and axe's colour check leaves out
# text scrolled out of view there (at 1400x900, half the sidebar): make the viewport as tall as the content.
CONTENT_HEIGHT = """() => Math.max(...["stMain", "stSidebarContent"].map(id => {
    const e = document.querySelector(`[data-testid="${id}"]`); return e ? e.scrollHeight : 0; }))"""
RUNNING_ANIMATIONS = "() => document.getAnimations().filter(a => a.playState === 'running').length"
# Every animation and transition on the page now: what it animates, on what, and for how long (ms).
ANIMATIONS = """() => document.getAnimations().map(a => ({
    name: a.animationName || a.transitionProperty || a.constructor.name,
    on: a.effect && a.effect.target ? a.effect.target.tagName : '',
    ms: a.effect ? Number(a.effect.getComputedTiming().duration) || 0 : 0}))"""
FOCUSED_KEY = """() => { const e = document.activeElement;
    const keyed = e && e.closest('[class*="st-key-"]');
    return keyed ? [...keyed.classList].find(c => c.startsWith('st-key-')).slice(7) : null; }"""
FOCUS_OUTLINE = """() => { const s = getComputedStyle(document.activeElement);
    return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor}; }"""


def with_query(path: str, query: str) -> str:
    return path + ("&" if "?" in path else "?") + query


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if AXE_JS.is_file():
        return AXE_JS
    message = f"ACCESSIBILITY TESTS NOT RUN: axe-core is not at {AXE_JS}. Install it with `{AXE_INSTALL}`."
    if in_ci():
        pytest.fail(f"{message} CI is set, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(message)


def axe_violations(page, axe_js: Path) -> list[dict]:
    size = page.viewport_size
    height = min(max(size["height"], page.evaluate(CONTENT_HEIGHT)), 12_000)
    page.set_viewport_size({"width": size["width"], "height": height})
    try:
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        if not page.evaluate("() => typeof axe !== 'undefined'"):
            page.add_script_tag(path=str(axe_js))
        return page.evaluate(AXE_RUN)
    finally:
        page.set_viewport_size(size)


def report(violations: list[dict], where: str) -> str:
    lines = [f"axe on {where}: {len(violations)} serious or critical violation(s)"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        lines += [f"      {node}" for node in v["nodes"][:3]]
        if len(v["nodes"]) > 3:
            lines.append(f"      ... and {len(v['nodes']) - 3} more")
    return "\n".join(lines)


def assert_no_serious(violations: list[dict], where: str) -> None:
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if serious:
        pytest.fail(report(serious, where), pytrace=False)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_nothing_serious(open_app, axe_script, name, lang):
    app = open_app(with_query(PAGES[name], f"lang={lang}"))
    assert_no_serious(axe_violations(app.page, axe_script), f"{name} (lang={lang})")


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_nothing_serious_in_the_dark_theme(open_app, axe_script, name):
    """A visitor whose system is dark gets Streamlit's dark theme, with this app's primary colour for it."""
    app = open_app(with_query(PAGES[name], "lang=zh"), color_scheme="dark")
    assert app.page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    assert_no_serious(axe_violations(app.page, axe_script), f"{name} (dark theme)")


def test_axe_finds_nothing_serious_while_training(open_app, axe_script):
    """The live metrics, the loss curve and the task's chart, redrawn every tick while axe looks."""
    app = open_app("?lang=en&pace=10")
    start = app.step_count()
    app.train()
    wait_step_at_least(app.page, start + 5)
    violations = axe_violations(app.page, axe_script)
    app.pause()
    assert app.page.get_by_test_id("stVegaLiteChart").count() >= 1
    assert_no_serious(violations, "the home page, training")


def tab_to(page, key: str, presses: int = 200) -> None:
    """Press Tab until the keyed widget `key` has the focus (the sidebar's ~35 stops come first)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_KEY) == key:
            return
    raise AssertionError(f"{presses} presses of Tab never reached .st-key-{key}")


def test_keyboard_focus_is_visible_and_trains(open_app):
    app = open_app("?lang=en", viewport={"width": 1280, "height": 720})
    page = app.page
    tab_to(page, "train")
    outline = page.evaluate(FOCUS_OUTLINE)
    assert outline["style"] != "none" and outline["width"] >= 2, f"the focused Train button's outline: {outline}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "focus_train_1280x720.png"))  # the view as it is, to be looked at

    start = app.step_count()
    page.keyboard.press("Enter")
    page.locator(".st-key-pause").wait_for(state="visible")
    wait_step_at_least(page, start + 1)

    tab_to(page, "pause")  # Pause replaced Train, and the focus with it
    outline = page.evaluate(FOCUS_OUTLINE)
    assert outline["style"] != "none" and outline["width"] >= 2, f"the focused Pause button's outline: {outline}"
    page.keyboard.press("Space")
    page.locator(".st-key-train").wait_for(state="visible")
    wait_idle(page)
    stopped = app.step_count()
    page.wait_for_timeout(1000)
    assert app.step_count() == stopped, "still training after Space on Pause"


def assert_nothing_moves(page) -> None:
    """No animation running on the idle page. The last run's own .01 ms fades may be mid-frame as it turns idle:
    they get a moment (frames, not the 1 s a fade takes without reduced motion) to end."""
    try:
        page.wait_for_function(f"() => ({RUNNING_ANIMATIONS})() === 0", timeout=500)
    except PlaywrightTimeoutError:
        pytest.fail(f"animations still running on the idle page: {page.evaluate(ANIMATIONS)}", pytrace=False)


def test_reduced_motion_stops_animations_and_still_trains(open_app):
    app = open_app("?lang=en&pace=10", reduced_motion="reduce")
    page = app.page
    assert page.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches")
    assert_nothing_moves(page)

    start = app.step_count()
    app.train()
    # While it trains, Streamlit fades every redrawn element (1 s) and the charts move their axes: with reduced
    # motion each of those ends at once. Sampled over a few ticks.
    slow = []
    for _ in range(10):
        slow += [a for a in page.evaluate(ANIMATIONS) if a["ms"] > 1]
        page.wait_for_timeout(100)
    assert wait_step_at_least(page, start + 5) >= start + 5
    app.pause()
    assert not slow, f"animations that still take time with reduced motion: {slow}"
    assert_nothing_moves(page)
    assert step_count(page) >= start + 5
