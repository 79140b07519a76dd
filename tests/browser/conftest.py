"""Real-browser tests: Debian's Chromium (headless, via pytest-playwright) against `streamlit run app.py`.

Fixtures:
    app_server   one server for the whole session (started on first use, stopped at the end).
    cold_server  a factory of freshly started servers, each stopped after its test: a cold deep link.
    open_app     opens a page in a NEW browser context (a new visitor, so a new Streamlit session), waits
                 until the app is idle, and records console and page errors. Every page it opened must end
                 the test without errors and without a new traceback in the server's log.

Without `chromium` on PATH the tests are skipped with the install command, except in CI (CI set), where
they fail: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from playground.bench.driver import (
    CHROMIUM_ARGS,
    INSTALL_HINT,
    METRIC_JS,
    ROOT,
    VIEWPORT,
    StreamlitServer,
    button,
    chromium_executable,
    pause,
    step_count,
    train,
    wait_idle,
    wait_metric,
)

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
# The checkout whose app.py the servers run: this one, unless BROWSER_TESTS_APP_DIR names another (to try a fix).
APP_DIR = Path(os.environ.get("BROWSER_TESTS_APP_DIR") or ROOT)
FIRST_RENDER_MS = 120_000  # a torch page's first render on a cold server takes ~10 s here; CI can be slower
ACTION_MS = 60_000  # anything after that: a rerun, a click's effect

# Streamlit probes `<page>/_stcore/health` and `<page>/_stcore/host-config` before the root ones when a page's
# own URL is opened (streamlit/streamlit#7074, open): two 404s in the console on every deep link.
DEEP_LINK_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


def benign_console_error(text: str, source: str, server_url: str) -> bool:
    """Console errors that are not the app's (each one named here, with why). Every other one fails a test."""
    if not text.startswith("Failed to load resource"):
        return False
    return "status of 404" in text and bool(DEEP_LINK_PROBE.search(source.split("?")[0]))  # #7074, above


def chromium_or_skip() -> str:
    executable = chromium_executable()
    if executable:
        return executable
    message = (f"BROWSER TESTS NOT RUN: `chromium` is not on PATH. Install Debian's Chromium with "
               f"`{INSTALL_HINT}`.")
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{message} CI is set, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(message)


def pytest_report_header(config):
    executable = chromium_executable()
    return [f"browser tests: chromium = {executable or f'MISSING (install: {INSTALL_HINT})'}, app = {APP_DIR}"]


@pytest.fixture(scope="session", autouse=True)
def chromium_path() -> str:
    """Checked before any server starts or any browser launches."""
    return chromium_or_skip()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    """pytest-playwright launches Debian's chromium: Playwright's own browser download is not available."""
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture(scope="session")
def app_server():
    server = StreamlitServer(app_dir=APP_DIR).start()
    yield server
    server.stop()
    server.log_path.unlink(missing_ok=True)


@pytest.fixture
def cold_server():
    """`cold_server()` starts a new server that no page has run on yet; all are stopped after the test."""
    started: list[StreamlitServer] = []

    def start(**extra_env) -> StreamlitServer:
        server = StreamlitServer(extra_env=extra_env, app_dir=APP_DIR).start()
        started.append(server)
        return server

    yield start
    for server in started:
        log = server.log_text()
        server.stop()
        server.log_path.unlink(missing_ok=True)
        assert "Traceback" not in log, f"the server logged an exception:\n{log}"


@dataclass
class AppPage:
    """One visitor's page, and what went wrong in it."""

    page: object  # playwright Page
    server: StreamlitServer
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # the URL of every request the page made

    def goto(self, url: str, timeout: float = FIRST_RENDER_MS) -> AppPage:
        self.page.goto(url)
        wait_metric(self.page, "Step", timeout)  # every page shows the live metrics once setup has run
        wait_idle(self.page, timeout)
        return self

    # Reading the page -------------------------------------------------------------------------------------
    def metric(self, label: str) -> str:
        return wait_metric(self.page, label)

    def step_count(self) -> int:
        return step_count(self.page)

    def metric_labels(self) -> list[str]:
        """The metrics' labels, in page order. While training, each fragment run redraws the metric row, so
        this waits for a moment when the row is there."""
        handle = self.page.wait_for_function("""() => {
            const labels = [...document.querySelectorAll('[data-testid="stMetricLabel"]')];
            return labels.length >= 3 ? labels.map(l => l.innerText.trim()) : null; }""")
        return handle.json_value()

    def chosen(self, key: str) -> str:
        """The checked option of a segmented control (`w_cell`)."""
        return self.page.locator(f'.st-key-{key} [role="radio"][aria-checked="true"]').inner_text().strip()

    def select_value(self, key: str) -> str:
        return self.page.locator(f".st-key-{key} input").input_value()

    def slider_value(self, key: str) -> str:
        return self.page.locator(f'.st-key-{key} [data-testid="stSliderThumbValue"]').inner_text().strip()

    def number_value(self, key: str) -> str:
        return self.page.locator(f".st-key-{key} input").input_value()

    def params(self) -> dict[str, str]:
        """The query string the app wrote into the address bar."""
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.page.url).query).items()}

    def wait_params(self, **expected: str) -> dict[str, str]:
        """Wait for the app to have written these settings into the URL (it does so during a run)."""
        query = urlencode(expected)
        self.page.wait_for_function(
            """(want) => { const have = new URLSearchParams(location.search);
                return [...new URLSearchParams(want)].every(([k, v]) => have.get(k) === v); }""", arg=query)
        return self.params()

    def alerts(self) -> list[str]:
        """The text of every alert box (without its icon's name, which is text in the DOM)."""
        boxes = self.page.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')
        return [text.strip() for text in boxes.all_inner_texts()]

    # Acting ------------------------------------------------------------------------------------------------
    def press_step(self, times: int) -> None:
        """Press Step `times` times, each time waiting for the Step metric to count it and the run to end."""
        start = self.step_count()
        for done in range(1, times + 1):
            button(self.page, "step").click()
            self.page.wait_for_function(
                f"(want) => ({METRIC_JS})('Step') === want", arg=f"{start + done:,}")
            wait_idle(self.page)

    def train(self) -> None:
        train(self.page)

    def pause(self) -> None:
        pause(self.page)

    def assert_clean(self) -> None:
        exceptions = self.page.get_by_test_id("stException")
        assert exceptions.count() == 0, f"exception box on {self.page.url}: {exceptions.first.inner_text()}"
        assert not self.errors, f"browser errors on {self.page.url}:\n" + "\n".join(self.errors)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        if benign_console_error(message.text, source, self.server.url):
            return
        self.errors.append(f"console error: {message.text} (at {source})")

    def _on_page_error(self, error) -> None:
        self.errors.append(f"page error: {error}")


@pytest.fixture
def open_app(browser, app_server):
    """`open_app(url_or_path, server=None, **context_args)`: a new visitor (browser context, e.g. with another
    `viewport`) on that page, once it is idle."""
    opened: list[AppPage] = []
    log_start = app_server.log_size()

    def open_(target: str = "", server: StreamlitServer | None = None, timeout: float = FIRST_RENDER_MS,
              **context_args) -> AppPage:
        server = server or app_server
        context = browser.new_context(**{"viewport": VIEWPORT, **context_args})
        context.set_default_timeout(ACTION_MS)
        page = context.new_page()
        app = AppPage(page, server)
        page.on("console", app._on_console)
        page.on("pageerror", app._on_page_error)
        page.on("request", lambda request: app.requests.append(request.url))
        opened.append(app)
        url = target if target.startswith("http") else server.url + "/" + target.lstrip("/")
        return app.goto(url, timeout)

    yield open_
    try:
        for app in opened:
            app.assert_clean()
        new_log = app_server.log_text(log_start)
        assert "Traceback" not in new_log, f"the server logged an exception:\n{new_log}"
    finally:
        for app in opened:
            app.page.context.close()


@pytest.fixture(scope="session")
def screenshot():
    """`screenshot(page, name)`: see `full_page_screenshot`."""
    return full_page_screenshot


def full_page_screenshot(page, name: str) -> Path:
    """A full-page screenshot under artifacts/screenshots/. Streamlit scrolls inside its main area and the
    sidebar, not the document, so the viewport is made as tall as the taller of the two first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(1, 1)  # no tooltip of the last button pressed over the page
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...["stMain", "stSidebarContent"].map(id => {
        const e = document.querySelector(`[data-testid="${id}"]`); return e ? e.scrollHeight : 0; }))""")
    page.set_viewport_size({"width": size["width"], "height": min(max(size["height"], height), 12_000)})
    try:
        # Let the charts re-lay themselves out for the new size: two animation frames after fonts are in.
        page.evaluate("""() => document.fonts.ready.then(() => new Promise(r =>
            requestAnimationFrame(() => requestAnimationFrame(r))))""")
        page.wait_for_timeout(300)  # plotly's resize handler is debounced; no event marks its end
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path
