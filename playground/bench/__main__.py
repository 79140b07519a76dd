"""The benchmark: figures measured as ratios and counts in one run (these machines are shared and noisy).

    python -m playground.bench                               # a readable table
    python -m playground.bench --json                        # one JSON object
    python -m playground.bench --browser --json              # adds live figures measured in headless Chromium
    python -m playground.bench --browser --soak 10 --json    # and a 10-minute soak of two pages

The figures and their goals are listed in playground/bench/engine.py and playground/bench/browser.py.
"""

from __future__ import annotations

import argparse
import json
import sys

import torch

from playground.bench import engine
from playground.config import preset

GOALS = {"trainer_vs_bare": ">= 0.9", "unroll_vs_fused": "<= 3", "sine": "<= 100 steps", "hello": "<= 30 steps",
         "ui_vs_bare": ">= 0.8", "first_render_s": "<= 4 s", "tick_ms": "p95 <= 250 ms",
         "trajectory_payload_kb": "<= 500 KB", "stays_trained": "10 of 10", "paces": "k/s within 25%",
         "memory": "LSTM, GRU >= 4 of 5 at 30; all at 5"}


def run(quick: bool = False) -> dict:
    """The engine's figures; `quick` checks the command, not the speed."""
    seconds, repeats = (0.05, 3) if quick else (1.5, 200)
    delays = [5, preset("memory").task.delay]
    memory = (engine.memory(delays, seeds=[0], limit=20) if quick else engine.memory(delays))
    stays = (engine.stays_trained(seeds=[0], steps={task: 30 for task in engine.STAYS_STEPS}) if quick
             else engine.stays_trained())
    return {
        "trainer_vs_bare": {task: engine.trainer_vs_bare(task, seconds) for task in ("sine", "text")},
        "unroll_vs_fused": {task: engine.unroll_vs_fused(task, repeats) for task in ("sine", "text")},
        "sine": engine.time_to_target("sine", lambda r: r.loss < 0.01),
        "hello": engine.time_to_target("hello", lambda r: r.metric == 1.0),
        "memory": memory["reached"],
        "memory_best_recall": memory["best"],
        "memory_runs": memory["runs"],
        "text": engine.text_after(30 if quick else 1_000),
        "seq2seq_reverse": engine.seq2seq_reverse(seeds=[0], limit=25) if quick else engine.seq2seq_reverse(),
        "stays_trained": stays["stayed"],
        "stays_trained_runs": stays["runs"],
    }


def table(results: dict) -> str:
    lines = [f"{'figure':<34}{'value':>12}   goal"]
    for name, value in results.items():
        if name.endswith("_runs"):
            continue  # every single run: in the JSON
        for key, number in _flat(value):
            shown = "not reached" if number is None else f"{number:.3f}" if isinstance(number, float) else str(number)
            lines.append(f"{name + ' ' + key:<34}{shown:>12}   {GOALS.get(name, '')}")
    return "\n".join(lines)


def _flat(value, prefix: str = ""):
    """(label, number) pairs of a figure that may be a number or nested dicts of numbers."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flat(inner, f"{prefix} {key}".strip())
    else:
        yield prefix, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="few repeats: checks the command, not the speed")
    parser.add_argument("--browser", action="store_true",
                        help="also measure live training in headless Chromium (needs Debian's chromium)")
    parser.add_argument("--soak", type=float, default=0.0, metavar="MINUTES",
                        help="with --browser: train for MINUTES on each of two pages and report what they hold")
    args = parser.parse_args(argv)
    if args.soak and not args.browser:
        parser.error("--soak needs --browser")
    torch.set_num_threads(1)
    results = run(quick=args.quick)
    if args.browser:
        from playground.bench.browser import run_browser  # playwright is a test/dev dependency

        results.update(run_browser(soak_minutes=args.soak))
    print(json.dumps(results) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
