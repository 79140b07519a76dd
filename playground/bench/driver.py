"""The browser driver: `streamlit run app.py` on a free port, and headless Debian Chromium pointed at it.

The browser benchmark (playground.bench.browser) and the browser tests (tests/browser/conftest.py) share it:
it starts and stops servers, knows Chromium's launch arguments, and waits for the app the way Streamlit's
own e2e tests do. It never imports streamlit (the server is a separate process) and imports playwright only
when driving.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from playground import i18n

ROOT = Path(__file__).resolve().parent.parent.parent  # the checkout: app.py lives here
# Debian's chromium in a container: no sandbox, no GPU, and nothing that phones home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
INSTALL_HINT = "apt-get update && apt-get install -y chromium"
VIEWPORT = {"width": 1400, "height": 900}
# Streamlit's own e2e tests wait for these before they look at a page (e2e_playwright/shared/app_utils.py).
APP_CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The metric labelled `label` ("Step", "Loss", ...) in any of the interface's languages: a Chinese page's "Step"
# is its catalogue's "metric.step".
METRIC_LABELS = {i18n.t(key, "en"): [i18n.t(key, lang) for lang in i18n.LANGUAGES]
                 for key in ("metric.step", "metric.loss")}
METRIC_JS = """(label) => {
    const labels = LABELS[label] || [label];
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
        const l = m.querySelector('[data-testid="stMetricLabel"]');
        const v = m.querySelector('[data-testid="stMetricValue"]');
        if (l && v && labels.includes(l.innerText.trim())) return v.innerText.trim();
    }
    return null;
}""".replace("LABELS", json.dumps(METRIC_LABELS, ensure_ascii=False))


def log(message: str) -> None:
    print(f"[bench_browser] {message}", file=sys.stderr, flush=True)


def chromium_executable() -> str | None:
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free local port, in its own process group; a context manager.

    Output goes to a log file (a pipe nobody reads would fill and block the server). `extra_env` is added to
    the environment, e.g. RNN_PLAYGROUND_TICK_LOG.
    """

    def __init__(self, extra_env: dict[str, str] | None = None, extra_args: list[str] | None = None,
                 startup_timeout: float = 90.0, app_dir: Path = ROOT):
        self.app_dir = app_dir  # the folder holding app.py (another checkout, to try a fix)
        self.extra_env = extra_env or {}
        self.extra_args = extra_args or []  # more `streamlit run` options, e.g. ["--runner.fastReruns", "false"]
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.log_path = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
        self.started_s = 0.0  # seconds from spawning the process to a healthy server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page_url(self, path: str = "", **params) -> str:
        """The link to a page (`"Gradients"`, `""` for the home page) with settings in the query string."""
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.url}/{path.lstrip('/')}{query}"

    def start(self) -> StreamlitServer:
        for _ in range(3):  # a free port can be taken between probing it and binding it: try another
            self.port = free_port()
            command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                       "--server.port", str(self.port), "--server.address", "127.0.0.1",
                       "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *self.extra_args]
            spawned = time.perf_counter()
            with open(self.log_path, "ab") as out:
                self.process = subprocess.Popen(command, cwd=self.app_dir, stdout=out, stderr=subprocess.STDOUT,
                                                stdin=subprocess.DEVNULL, env={**os.environ, **self.extra_env},
                                                start_new_session=True)
            if self._wait_healthy():
                self.started_s = time.perf_counter() - spawned
                return self
            if self.process.poll() is None:
                self.stop()
                raise RuntimeError(f"streamlit not healthy after {self.startup_timeout:.0f} s:\n{self.log_text()}")
        raise RuntimeError(f"streamlit did not start:\n{self.log_text()}")

    def _wait_healthy(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        return False

    def log_text(self, start: int = 0) -> str:
        return self.log_path.read_text(errors="replace")[start:]

    def log_size(self) -> int:
        return len(self.log_path.read_text(errors="replace"))

    def stop(self) -> None:
        """End the server's process group (streamlit and anything it spawned), politely first."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        self.process = None

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_idle(page, timeout: float = 60_000) -> None:
    """Connected, no script running, no skeleton placeholders left: what Streamlit's own e2e tests wait for.

    While training the fragment reruns by itself, so this is for a paused app.
    """
    page.wait_for_selector(APP_CONNECTED, state="attached", timeout=timeout)
    page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
                           timeout=timeout)


def watch_runs(page) -> None:
    """Start counting script runs (the app's script state leaving `notRunning`), see `wait_rerun`."""
    page.evaluate("""() => {
        const app = document.querySelector('[data-testid="stApp"]');
        window.__stRuns = 0;
        if (window.__stRunObserver) window.__stRunObserver.disconnect();
        window.__stRunObserver = new MutationObserver(() => { window.__stRuns += 1; });
        window.__stRunObserver.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
    }""")


def wait_rerun(page, action, timeout: float = 60_000, seen_within: float = 10_000) -> None:
    """Do `action()` (a click, a key press) and wait for the rerun it causes to start and finish.

    No fixed sleep: a rerun is seen as a change of the app's script state, however short it is. A busy
    browser can render a run's start and end at once, though, leaving no change to see (seen once in CI
    with a second job on the machine): if none shows within `seen_within` ms, this goes on to wait for an
    idle app, and the caller's own checks tell whether the action took effect.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    watch_runs(page)
    action()
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("() => window.__stRuns > 0", timeout=seen_within)
    wait_idle(page, timeout)


def metric(page, label: str) -> str | None:
    """The text of the metric labelled `label` ("Step", "Loss", ...), or None if it is not on the page now."""
    return page.evaluate(METRIC_JS, label)


def wait_metric(page, label: str, timeout: float = 30_000) -> str:
    """The metric's text, waiting for it to be on the page (live runs redraw it)."""
    handle = page.wait_for_function(f"(label) => ({METRIC_JS})(label)", arg=label, timeout=timeout)
    return handle.json_value()


def step_count(page, timeout: float = 30_000) -> int:
    return int(wait_metric(page, "Step", timeout).replace(",", ""))


def wait_step_at_least(page, count: int, timeout: float = 60_000) -> int:
    handle = page.wait_for_function(
        f"""(count) => {{ const v = ({METRIC_JS})("Step");
            return v !== null && parseInt(v.replace(/,/g, "")) >= count ? v : null; }}""",
        arg=count, timeout=timeout)
    return int(handle.json_value().replace(",", ""))


def button(page, key: str):
    """The visible button of the keyed widget `key` (Step's tooltip wrapper renders a hidden twin)."""
    return page.locator(f".st-key-{key} button:visible").first


def train(page, timeout: float = 30_000) -> None:
    button(page, "train").click()
    page.locator(".st-key-pause").wait_for(state="visible", timeout=timeout)


def pause(page, timeout: float = 60_000) -> None:
    button(page, "pause").click()
    page.locator(".st-key-train").wait_for(state="visible", timeout=timeout)
    wait_idle(page, timeout)


