"""Live performance measured in a real browser: headless Debian Chromium driving `streamlit run app.py`.

    python -m playground.bench --browser --json             # adds these figures to the benchmark
    python -m playground.bench --browser --soak 10 --json   # and a 10-minute soak of two pages

Figures (measured in one run; progress goes to stderr):
    ui_vs_bare             steps/s the browser's Step metric shows during 10 s of live training (default sine
                           setup, pace "max") over a bare PyTorch loop's steps/s, the mean of 2 s timed right
                           before and 2 s right after (this machine's speed drifts by ~30% within a minute). The
                           median of 3 such windows; ui_vs_bare_runs lists them.
    ui_vs_trainer          the same steps/s over the app's Trainer in a plain loop, timed alike: what the live
                           UI costs on top of the Trainer's own bookkeeping (median; ui_vs_trainer_runs).
    first_render_s         seconds from navigation on a freshly started server to the first visible chart: the
                           median of 3 such cold loads (first_render_s_runs lists them all).
    first_render_floor_s   the same for FLOOR_APP, a Streamlit app with one small Vega-Lite chart and nothing else,
                           its cold loads taken in turns with ours: what Streamlit and Plotly cost on this
                           machine before our app does anything. first_render_vs_floor is the ratio. (Until the
                           live charts became Vega-Lite, the first chart and the floor app's were Plotly's.)
    tick_ms                server-side tick durations (p50, p95) while training in the browser: at the default
                           sine setup over the ui_vs_bare windows, and ~8 s at the largest allowed model
                           (`largest_model()`).
    paces                  {pace: steps a second the Step metric showed}, for every pace, default sine setup.
    trajectory_payload_kb  JSON size of a 200-frame 3-D trajectory figure (no browser needed).
    soak                   (with --soak M) {page: ...} for the home and Hidden states pages, each training for M
                           minutes at pace SOAK_PACE: the most Plotly charts seen in the page (and the most of
                           them hidden), DOM nodes and JS heap (after a forced garbage collection) every
                           SOAK_MEMORY_S, at 1 minute and at the end, and the server's RSS at the start and at
                           the end. Streamlit's side of the page holds a sawtooth of JS heap, also in a bare app
                           redrawing one chart (+~2 MB a minute, back down every 3-4 minutes), so `at_end` is the
                           lowest of the last SOAK_FLOOR_S of samples, `last` the final one and `peak` the most:
                           a leak raises the floor, a sawtooth does not.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playground.bench.driver import (
    CHROMIUM_ARGS,
    INSTALL_HINT,
    VIEWPORT,
    StreamlitServer,
    chromium_executable,
    log,
    pause,
    step_count,
    train,
    wait_idle,
    wait_metric,
    wait_step_at_least,
)

# The least a page with a chart costs: Streamlit's front end and Vega-Lite's chunk (the home page's first
# chart is a live Vega-Lite chart), no torch, no sidebar.
FLOOR_APP = """import streamlit as st

axis = lambda name: {"field": name, "type": "quantitative"}  # noqa: E731
st.vega_lite_chart({"data": {"values": [{"x": 0, "y": 1}, {"x": 1, "y": 3}, {"x": 2, "y": 2}]}, "mark": "line",
                    "encoding": {"x": axis("x"), "y": axis("y")}})
"""
FIRST_CHART = '[data-testid="stPlotlyChart"], [data-testid="stVegaLiteChart"]'  # whichever comes first
# Seconds each pace is watched for: long enough that one step more or less is within a few percent.
PACE_WINDOWS_S = {"1/s": 12.0, "10/s": 8.0, "100/s": 6.0, "max": 6.0}
SOAK_PACE = "100/s"  # ten redraws a second, the most any pace draws, and a history that fills up
SOAK_PAGES = {"home": "", "hidden_states": "Hidden_states"}
SOAK_SAMPLE_S = 10.0  # charts counted this often
SOAK_MEMORY_S = 30.0  # DOM nodes and JS heap measured this often (a forced GC each time)
SOAK_FLOOR_S = 300.0  # the end's memory: the lowest of this last stretch, longer than one sawtooth
# Charts in the page, Plotly's and Vega-Lite's: all of them, and those hidden (a replaced copy has no offsetParent).
CHART_SELECTOR = '.js-plotly-plot, [data-testid="stVegaLiteChart"]'
CHARTS_JS = f"""() => {{ const all = [...document.querySelectorAll('{CHART_SELECTOR}')];
    return {{all: all.length, hidden: all.filter(e => e.offsetParent === null).length}}; }}"""


def largest_model() -> dict[str, str]:
    """The link to the largest model the settings allow: the worst tick.

    Every size at the top of its range, with GRU (the cell with the costliest time loop), cut down the way
    the app cuts down any link to a model too big to train live (config.from_params).
    """
    from playground.config import FIELDS, from_params, to_params

    sizes = {name: str(int(FIELDS[name].high)) for name in ("hidden_size", "num_layers", "batch_size", "seq_len")}
    config, _ = from_params({"task": "text", "cell": "GRU", "bidirectional": "true", **sizes})
    return {**to_params(config), "pace": "max"}


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
    page.wait_for_timeout(seconds * 1000)  # the measurement window itself
    last = step_count(page)
    elapsed = time.perf_counter() - start
    pause(page)
    return (last - first) / elapsed


def ui_vs_loops(page, seconds: float, windows: int) -> dict[str, list[float]]:
    """Live steps/s over each plain loop's (loop_steps_per_s), for `windows` windows of `seconds` each.

    Each window is divided by the loops timed right before and right after it, so a drift in the machine's
    speed between windows does not count.
    """
    from playground.bench.engine import loop_steps_per_s

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
    page.locator(FIRST_CHART).first.wait_for(state="visible", timeout=120_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def open_page(browser, server: StreamlitServer, path: str = "", **params):
    """A new visitor on a page, once its first run is done."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(server.page_url(path, **params))
    wait_metric(page, "Step", timeout=120_000)
    wait_idle(page, timeout=120_000)
    return page


def paces(browser, server: StreamlitServer) -> dict[str, float]:
    """Steps a second the Step metric shows at each pace, on the default sine setup."""
    rates = {}
    for pace, seconds in PACE_WINDOWS_S.items():
        page = open_page(browser, server, pace=pace.removesuffix("/s"))
        rates[pace] = train_for_seconds(page, seconds)
        log(f"pace {pace}: the browser showed {rates[pace]:.1f} steps/s")
        page.context.close()
    return rates


def _rss_mb(pid: int) -> float:
    """The resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _page_memory(page, cdp) -> dict[str, float]:
    """DOM nodes and JS heap (MB) after a garbage collection: what stays, not what waits to be collected."""
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"nodes": metrics["Nodes"], "js_heap_mb": metrics["JSHeapUsedSize"] / 2**20}


def soak(browser, server: StreamlitServer, path: str, minutes: float, pace: str = SOAK_PACE) -> dict:
    """Train on one page for `minutes` and watch what the page and the server hold."""
    page = open_page(browser, server, path, pace=pace.removesuffix("/s"))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    shown = page.evaluate(CHARTS_JS)["all"]
    rss_start = _rss_mb(server.process.pid)
    train(page)
    start = time.perf_counter()
    most = {"all": 0, "hidden": 0}
    memory: list[tuple[float, dict]] = []  # (seconds, _page_memory) every SOAK_MEMORY_S
    while (elapsed := time.perf_counter() - start) < minutes * 60:
        page.wait_for_timeout(SOAK_SAMPLE_S * 1000)
        charts = page.evaluate(CHARTS_JS)
        most = {k: max(most[k], charts[k]) for k in most}
        if elapsed >= len(memory) * SOAK_MEMORY_S:  # at ~0, 30, 60, ... s
            memory.append((elapsed, _page_memory(page, cdp)))
            log(f"soak {path or 'home'}: {elapsed:.0f} s, {memory[-1][1]}, charts {charts}")
    memory.append((time.perf_counter() - start, _page_memory(page, cdp)))
    steps = step_count(page)
    rss_end = _rss_mb(server.process.pid)
    pause(page)
    page.context.close()
    at_minute = min(memory, key=lambda sample: abs(sample[0] - 60))[1]
    last = [m for seconds, m in memory if seconds >= memory[-1][0] - SOAK_FLOOR_S]
    end = {key: min(m[key] for m in last) for key in ("nodes", "js_heap_mb")}
    result = {"minutes": round((time.perf_counter() - start) / 60, 2), "pace": pace, "steps": steps,
              "charts_shown_paused": shown, "most_charts": most["all"], "most_hidden_charts": most["hidden"],
              "at_1_min": at_minute, "at_end": end, "last": memory[-1][1],
              "peak": {key: max(m[key] for _, m in memory) for key in ("nodes", "js_heap_mb")},
              "js_heap_mb_every_30_s": [round(m["js_heap_mb"], 1) for _, m in memory],
              "server_rss_mb": {"start": rss_start, "end": rss_end}}
    result["nodes_end_vs_1_min"] = end["nodes"] / at_minute["nodes"]
    result["js_heap_end_vs_1_min"] = end["js_heap_mb"] / at_minute["js_heap_mb"]
    result["server_rss_growth"] = rss_end / rss_start - 1
    log(f"soak {path or 'home'}: {result}")
    return result


def run_browser(train_seconds: float = 10.0, windows: int = 3, tick_seconds: float = 8.0,
                cold_loads: int = 3, soak_minutes: float = 0.0) -> dict:
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
                page = open_page(browser, server, pace="max")
                offset = tick_log.stat().st_size
                ratios = ui_vs_loops(page, train_seconds, windows)
                default_ticks = _ticks(tick_log, offset)
                for name in ratios:
                    results[f"ui_vs_{name}"] = float(statistics.median(ratios[name]))
                    results[f"ui_vs_{name}_runs"] = ratios[name]
                page.context.close()

                largest = largest_model()
                log(f"opening the largest model: {largest}")
                page = open_page(browser, server, **largest)
                offset = tick_log.stat().st_size
                largest_rate = train_for_seconds(page, tick_seconds)
                largest_ticks = _ticks(tick_log, offset)
                log(f"largest model: {largest_rate:.2f} steps/s over {len(largest_ticks)} ticks")
                page.context.close()
                results["tick_ms"] = {"default": _percentiles(default_ticks), "largest": _percentiles(largest_ticks)}

                results["paces"] = paces(browser, server)
                if soak_minutes:
                    results["soak"] = {name: soak(browser, server, path, soak_minutes)
                                       for name, path in SOAK_PAGES.items()}
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
