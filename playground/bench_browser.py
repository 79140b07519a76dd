"""Live performance measured in a real browser: headless Debian Chromium driving `streamlit run app.py`.

    python -m playground.bench --browser --json      # adds these figures to the benchmark

Figures (measured in one run; progress goes to stderr):
    ui_vs_bare             steps/s the browser's Step metric shows during 10 s of live training (default sine
                           setup, speed "fast") over a bare PyTorch loop's steps/s, the mean of 2 s timed right
                           before and 2 s right after (this machine's speed drifts by ~30% within a minute). The
                           median of 3 such windows; ui_vs_bare_runs lists them.
    ui_vs_trainer          the same steps/s over the app's Trainer in a plain loop, timed alike: what the live
                           UI costs on top of the Trainer's own bookkeeping (median; ui_vs_trainer_runs).
    first_render_s         seconds from navigation on a freshly started server to the first visible chart: the
                           median of 3 such cold loads (first_render_s_runs lists them all).
    first_render_floor_s   the same for FLOOR_APP, a Streamlit app with one small Plotly chart and nothing else,
                           its cold loads taken in turns with ours: what Streamlit and Plotly cost on this
                           machine before our app does anything. first_render_vs_floor is the ratio.
    tick_ms                server-side tick durations (p50, p95) while training in the browser: at the default
                           sine setup over the ui_vs_bare windows, and ~8 s at the largest allowed model
                           (`largest_model()`).
    trajectory_payload_kb  JSON size of a 200-frame 3-D trajectory figure (no browser needed).

This module is also the browser driver the browser tests use (tests/browser/conftest.py): it starts and
stops a server, knows Chromium's launch arguments, and waits for the app the way Streamlit's own e2e tests do.
It never imports streamlit (the server is a separate process) and imports playwright only when driving.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
# Debian's chromium in a container: no sandbox, no GPU, and nothing that phones home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
INSTALL_HINT = "apt-get update && apt-get install -y chromium"
VIEWPORT = {"width": 1400, "height": 900}
# The least a page with a chart costs: Streamlit's front end and Plotly's chunk, no torch, no sidebar.
FLOOR_APP = """import streamlit as st

st.plotly_chart({"data": [{"type": "scatter", "y": [1, 3, 2]}], "layout": {}})
"""


def largest_model() -> dict[str, str]:
    """The link to the largest model the settings allow: the worst tick.

    Every size at the top of its range, with GRU (the cell with the costliest time loop), cut down the way
    the app cuts down any link to a model too big to train live (config.from_params).
    """
    from playground.config import FIELDS, from_params, to_params

    sizes = {name: str(int(FIELDS[name].high)) for name in ("hidden_size", "num_layers", "batch_size", "seq_len")}
    config, _ = from_params({"task": "text", "cell": "GRU", "bidirectional": "true", **sizes})
    return to_params(config)


# Streamlit's own e2e tests wait for these before they look at a page (e2e_playwright/shared/app_utils.py).
APP_CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
METRIC_JS = """(label) => {
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
        const l = m.querySelector('[data-testid="stMetricLabel"]');
        const v = m.querySelector('[data-testid="stMetricValue"]');
        if (l && v && l.innerText.trim() === label) return v.innerText.trim();
    }
    return null;
}"""


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


def _percentiles(values: list[float]) -> dict:
    import numpy as np

    if not values:
        return {"p50": float("nan"), "p95": float("nan")}
    return {"p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95))}


def _ticks(path: Path, start: int) -> list[float]:
    """Tick durations (ms) logged after byte offset `start` ("<ms> <step_count> ..." lines)."""
    with open(path) as f:
        f.seek(start)
        return [float(line.split()[0]) for line in f if line.strip()]


def trajectory_payload_kb(frames: int = 200) -> float:
    import numpy as np

    from playground.figures import trajectory

    t = np.linspace(0, 4 * np.pi, frames)
    points = np.stack([np.sin(t), np.cos(t), t / t.max()], axis=-1)[None]  # (1, 200, 3)
    figure = trajectory(points, ["h_t"], step_labels=[str(i) for i in range(frames)])
    return len(json.dumps(figure).encode()) / 1024


def train_for_seconds(page, seconds: float) -> float:
    """Train live for `seconds` after the first step shows; returns the steps/s the Step metric showed."""
    train(page)
    first = wait_step_at_least(page, 1)
    start = time.perf_counter()
    time.sleep(seconds)  # the measurement window itself
    last = step_count(page)
    elapsed = time.perf_counter() - start
    pause(page)
    return (last - first) / elapsed


def ui_vs_loops(page, seconds: float, windows: int) -> dict[str, list[float]]:
    """Live steps/s over each plain loop's (loop_steps_per_s), for `windows` windows of `seconds` each.

    Each window is divided by the loops timed right before and right after it, so a drift in the machine's
    speed between windows does not count.
    """
    from playground.bench import loop_steps_per_s

    ratios: dict[str, list[float]] = {"bare": [], "trainer": []}
    before = loop_steps_per_s()
    for window in range(windows):
        log(f"loops without UI (steps/s): {before}; training the default sine setup for {seconds:.0f} s")
        ui_rate = train_for_seconds(page, seconds)
        after = loop_steps_per_s()
        log(f"window {window + 1}/{windows}: the browser showed {ui_rate:.0f} steps/s")
        for name in ratios:
            ratios[name].append(ui_rate / ((before[name] + after[name]) / 2))
        before = after
    return ratios


def first_render_s(browser, server: StreamlitServer) -> float:
    """Seconds from navigating to the home page to its first visible chart, in a new browser context (so with
    an empty cache)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(server.page_url(), wait_until="commit")
    page.get_by_test_id("stPlotlyChart").first.wait_for(state="visible", timeout=120_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def run_browser(train_seconds: float = 10.0, windows: int = 3, tick_seconds: float = 8.0,
                cold_loads: int = 3) -> dict:
    """Every browser figure, in one run: fresh servers with a tick log, one headless Chromium."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        raise RuntimeError(f"chromium is not on PATH: install it with `{INSTALL_HINT}`")
    results: dict = {}
    tick_log = Path(tempfile.mkstemp(prefix="rnn-ticks-", suffix=".log")[1])
    server = StreamlitServer(extra_env={"RNN_PLAYGROUND_TICK_LOG": str(tick_log)})
    floor_dir = Path(tempfile.mkdtemp(prefix="rnn-floor-app-"))
    (floor_dir / "app.py").write_text(FLOOR_APP)
    floor = StreamlitServer(app_dir=floor_dir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                renders: dict[str, list[float]] = {"ours": [], "floor": []}
                for _ in range(cold_loads):  # in turns, so a change in the machine's speed hits both alike
                    for name, cold in (("ours", server), ("floor", floor)):
                        cold.start()
                        renders[name].append(first_render_s(browser, cold))
                        cold.stop()
                        log(f"{name}: fresh server healthy after {cold.started_s:.1f} s; "
                            f"first chart visible after {renders[name][-1]:.1f} s")
                results["first_render_s"] = float(statistics.median(renders["ours"]))
                results["first_render_s_runs"] = renders["ours"]
                results["first_render_floor_s"] = float(statistics.median(renders["floor"]))
                results["first_render_floor_s_runs"] = renders["floor"]
                results["first_render_vs_floor"] = results["first_render_s"] / results["first_render_floor_s"]

                server.start()
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                page.goto(server.page_url())
                wait_idle(page)
                offset = tick_log.stat().st_size
                ratios = ui_vs_loops(page, train_seconds, windows)
                default_ticks = _ticks(tick_log, offset)
                for name in ratios:
                    results[f"ui_vs_{name}"] = float(statistics.median(ratios[name]))
                    results[f"ui_vs_{name}_runs"] = ratios[name]
                context.close()

                largest = largest_model()
                log(f"opening the largest model: {largest}")
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                page.goto(server.page_url(**largest))
                wait_metric(page, "Step", timeout=120_000)
                wait_idle(page, timeout=120_000)
                offset = tick_log.stat().st_size
                largest_rate = train_for_seconds(page, tick_seconds)
                largest_ticks = _ticks(tick_log, offset)
                log(f"largest model: {largest_rate:.2f} steps/s over {len(largest_ticks)} ticks")
                context.close()
                results["tick_ms"] = {"default": _percentiles(default_ticks), "largest": _percentiles(largest_ticks)}
            finally:
                browser.close()
    finally:
        server.stop()
        floor.stop()
        tick_log.unlink(missing_ok=True)
        for used in (server, floor):
            used.log_path.unlink(missing_ok=True)
        shutil.rmtree(floor_dir, ignore_errors=True)
    results["trajectory_payload_kb"] = trajectory_payload_kb()
    return results


if __name__ == "__main__":
    print(json.dumps(run_browser()))
