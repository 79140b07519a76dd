"""Benchmarks, printed as ratios measured in one run (these machines are shared and noisy).

    python -m playground.bench            # a readable table
    python -m playground.bench --json     # one JSON object

Figures:
    trainer_vs_bare   {task: the Trainer's steps/s over a bare PyTorch loop's}, same model, data and optimizer,
                      interleaved; history, checkpoints and the NaN guard on. Goal >= 0.9. Both use the
                      optimizer code the Trainer picks (fused Adam), so this is the Trainer's own cost.
    unroll_vs_fused   {task: time of playground.unroll over the module's own forward}. Goal <= 3.
    sine              steps and seconds to MSE < 0.01 from the default sine setup. Goal <= 100 steps.
    hello             steps and seconds to 100% accuracy on hello -> ohlol. Goal <= 30 steps.
    memory_steps_to_95pct   steps each cell needs to recall a symbol 30 steps later (None: not in 1500).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time

import numpy as np
import torch

from playground.config import preset
from playground.trainer import Trainer, make_optimizer
from playground.unroll import unroll

GOALS = {"trainer_vs_bare": ">= 0.9", "unroll_vs_fused": "<= 3", "sine": "<= 100 steps", "hello": "<= 30 steps",
         "ui_vs_bare": ">= 0.8", "first_render_s": "<= 4 s", "tick_ms": "p95 <= 250 ms",
         "trajectory_payload_kb": "<= 500 KB"}


class BareLoop:
    """The plainest PyTorch training loop over the same model, data and optimizer as a Trainer."""

    def __init__(self, trainer: Trainer):
        self.model = copy.deepcopy(trainer.model)
        self.task, self.seed = trainer.task, trainer.config.train.seed
        # The same optimizer code as the Trainer's (fused Adam).
        self.optimizer = make_optimizer(trainer.config.train.optimizer, self.model.parameters(),
                                        trainer.config.train.lr)
        self.step_count, self.carry = 0, None

    def step(self, n: int) -> int:
        for _ in range(n):
            batch = self.task.batch(self.step_count, np.random.default_rng((self.seed, self.step_count)))
            y_pred, h_n = self.model(batch.x, self.carry)
            loss = self.task.loss(y_pred, batch.y)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            if self.task.carries_state:
                self.carry = h_n.detach() if isinstance(h_n, torch.Tensor) else tuple(h.detach() for h in h_n)
            self.step_count += 1
        return n


def loop_steps_per_s(task: str = "sine", seconds: float = 2.0, block: float = 0.2) -> dict[str, float]:
    """Steps/s of two plain loops on the task's default setup, one thread, `seconds` each.

    "bare" is BareLoop; "trainer" is the app's Trainer, history, checkpoints and NaN guard included, with no
    UI around it. Both run the same optimizer code. They take turns in blocks of `block` seconds, so a
    change in the machine's speed hits both alike.
    """
    torch.set_num_threads(1)
    trainer = Trainer(preset(task))
    runners = {"bare": BareLoop(trainer), "trainer": trainer}
    steps, spent = dict.fromkeys(runners, 0), dict.fromkeys(runners, 0.0)
    for runner in runners.values():
        runner.step(20)  # warm up: first calls allocate
    while min(spent.values()) < seconds:
        for name, runner in runners.items():
            start = time.perf_counter()
            while time.perf_counter() - start < block:
                steps[name] += runner.step(10)
            spent[name] += time.perf_counter() - start
    return {name: steps[name] / spent[name] for name in runners}


def trainer_vs_bare(task: str, seconds: float) -> float:
    """Steps/s of the Trainer over a bare loop's (loop_steps_per_s)."""
    rates = loop_steps_per_s(task, seconds)
    return rates["trainer"] / rates["bare"]


def unroll_vs_fused(task: str, repeats: int) -> float:
    """Time of unroll over the core's own forward, on the task's example batch at its default settings."""
    trainer = Trainer(preset(task))
    core = trainer.model.core.eval()
    x = trainer.model.encode(trainer.task.batch(0, np.random.default_rng(0)).x).detach()
    spent = {"unroll": 0.0, "fused": 0.0}
    for _ in range(repeats):
        for name, run in (("unroll", lambda: unroll(core, x)), ("fused", lambda: core(x))):
            start = time.perf_counter()
            run()
            spent[name] += time.perf_counter() - start
    return spent["unroll"] / spent["fused"]


def time_to_target(task: str, reached, limit: int = 1000) -> dict:
    """Optimizer steps (and seconds) from the task's default setup until `reached(record)` holds."""
    trainer = Trainer(preset(task))
    start = time.perf_counter()
    while trainer.step_count < limit:
        trainer.step(1)
        if reached(trainer.last):
            return {"steps_to_target": trainer.step_count, "seconds_to_target": time.perf_counter() - start}
    return {"steps_to_target": None, "seconds_to_target": None}


def memory_by_cell(delay: int, limit: int) -> dict:
    """Steps each cell needs to recall a symbol `delay` steps later (95% over 20 steps), None if not within limit."""
    results = {"delay": delay}
    for cell in ("RNN", "LSTM", "GRU"):
        trainer = Trainer(preset("memory").replace(cell=cell, delay=delay))
        results[cell] = None
        while trainer.step_count < limit:
            trainer.step(1)
            recent = list(trainer.history)[-20:]
            if len(recent) == 20 and sum(r.metric for r in recent) / 20 >= 0.95:
                results[cell] = trainer.step_count
                break
    return results


def run(quick: bool = False) -> dict:
    seconds, repeats = (0.05, 3) if quick else (1.5, 200)
    return {
        "trainer_vs_bare": {task: trainer_vs_bare(task, seconds) for task in ("sine", "text")},
        "unroll_vs_fused": {task: unroll_vs_fused(task, repeats) for task in ("sine", "text")},
        "sine": time_to_target("sine", lambda r: r.loss < 0.01),
        "hello": time_to_target("hello", lambda r: r.metric == 1.0),
        "memory_steps_to_95pct": memory_by_cell(delay=3 if quick else 30, limit=50 if quick else 1500),
    }


def table(results: dict) -> str:
    lines = [f"{'figure':<34}{'value':>12}   goal"]
    for name, value in results.items():
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
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    results = run(quick=args.quick)
    if args.browser:
        from playground.bench_browser import run_browser  # playwright is a test/dev dependency

        results.update(run_browser())
    print(json.dumps(results) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
