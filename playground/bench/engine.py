"""The engine's figures, measured without a browser (see playground.bench.__main__ for the command).

Figures:
    trainer_vs_bare   {task: the Trainer's steps/s over a bare PyTorch loop's}, same model, data and optimizer,
                      interleaved; history, checkpoints and the NaN guard on. Goal >= 0.9. Both use the
                      optimizer code the Trainer picks (fused Adam), so this is the Trainer's own cost.
    unroll_vs_fused   {task: time of playground.unroll over the module's own forward}. Goal <= 3.
    sine              steps and seconds to MSE < 0.01 from the default sine setup. Goal <= 100 steps.
    hello             steps and seconds to 100% accuracy on hello -> ohlol. Goal <= 30 steps.
    memory            {delay: {cell: runs out of 5 seeds that reached 95% recall within 3,000 steps}} at delay 5
                      and at the preset's delay, the preset's settings with only the cell changed (memory_runs:
                      each run's first step at target). Goals: at the preset's delay LSTM and GRU >= 4 of 5,
                      RNN at most 60% in >= 4 of 5 (memory_best_recall); at delay 5 all three.
    seq2seq_reverse   {seed: the first step at which the seq2seq preset (reverse) decodes >= 95% of 256 held-out
                      sequences exactly right, greedily}, seeds 0-9. Goal: every seed within 3,000 steps.
    text              the text preset after 1,000 steps: training perplexity (the mean of the last 50 steps) and
                      validation perplexity on the held-out end of the corpus.
    stays_trained     {task: how many of 10 seeds reached the task's target and stayed there}: every 500-step
                      window after the target was first reached has its median at target. Steps per run:
                      STAYS_STEPS. Goal: 10 of 10 for every task.
"""

from __future__ import annotations

import copy
import multiprocessing
import time
from collections.abc import Sequence

import numpy as np
import torch

from playground.config import preset
from playground.trainer import VALIDATE_EVERY, Trainer, make_optimizer
from playground.unroll import unroll

STAYS_STEPS = {"sine": 20_000, "hello": 20_000, "context": 20_000, "memory": 5_000, "text": 3_000,
               "seq2seq": 3_000}
STAYS_SEEDS = range(10)  # the tests check other seeds
STAYS_WINDOW = 500


class BareLoop:
    """The plainest PyTorch training loop over the same model, data and optimizer as a Trainer."""

    def __init__(self, trainer: Trainer):
        self.model = copy.deepcopy(trainer.model)
        self.task, self.seed = trainer.task, trainer.config.train.seed
        # The same optimizer code as the Trainer's (fused Adam).
        train = trainer.config.train
        self.optimizer = make_optimizer(train.optimizer, self.model.parameters(), train.lr, train.beta2)
        self.lr_at = trainer.lr_at  # the same schedule: the loop sets each step's rate, as the Trainer does
        self.step_count, self.carry = 0, None

    def step(self, n: int) -> int:
        for _ in range(n):
            for group in self.optimizer.param_groups:
                group["lr"] = self.lr_at(self.step_count)
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


MEMORY_SEEDS = range(5)
MEMORY_STEPS = 3_000


def memory_run(cell: str, delay: int, seed: int, limit: int = MEMORY_STEPS) -> dict:
    """The memory preset with `cell` at `delay`: the step it first reached its target (None: not within
    `limit`) and the best recall, the mean of 20 steps, that it showed."""
    torch.set_num_threads(1)
    trainer = Trainer(preset("memory", seed=seed).replace(cell=cell, delay=delay), history_size=limit)
    best = 0.0
    while trainer.step_count < limit and trainer.target_step is None and trainer.step(1):
        recent = list(trainer.history)[-20:]
        if len(recent) == 20:
            best = max(best, sum(r.metric for r in recent) / 20)
    return {"cell": cell, "delay": delay, "seed": seed, "reached": trainer.target_step, "best": round(best, 3)}


def memory(delays: Sequence[int], seeds: Sequence[int] = MEMORY_SEEDS, limit: int = MEMORY_STEPS,
           processes: int = 2) -> dict:
    """{delay: {cell: runs that reached the target}}, the best recall of each, and every run."""
    jobs = [(cell, delay, seed, limit) for delay in delays for cell in ("RNN", "LSTM", "GRU") for seed in seeds]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        runs = pool.starmap(memory_run, jobs)
    counts = {str(d): {c: sum(r["reached"] is not None for r in runs if (r["delay"], r["cell"]) == (d, c))
                       for c in ("RNN", "LSTM", "GRU")} for d in delays}
    best = {str(d): {c: [r["best"] for r in runs if (r["delay"], r["cell"]) == (d, c)]
                     for c in ("RNN", "LSTM", "GRU")} for d in delays}
    return {"reached": counts, "best": best, "runs": runs}


def text_after(steps: int = 1_000) -> dict:
    """The text preset after `steps`: training perplexity (mean of the last 50 steps) and validation perplexity."""
    torch.set_num_threads(1)
    trainer = Trainer(preset("text"))
    trainer.step(steps)
    recent = list(trainer.history)[-50:]
    return {"steps": trainer.step_count, "train_perplexity": sum(r.metric for r in recent) / len(recent),
            "validation_perplexity": trainer.last_validation.validation_metric}


def seq2seq_reverse(seeds: Sequence[int] = range(10), limit: int = 3_000) -> dict:
    """For each seed, the first step (checked every VALIDATE_EVERY) at which the seq2seq preset (reverse)
    decodes >= 95% of its 256 held-out sequences exactly right, greedily; None if not within `limit`."""
    torch.set_num_threads(1)
    reached = {}
    for seed in seeds:
        trainer = Trainer(preset("seq2seq", seed=seed))
        reached[str(seed)] = None
        while trainer.step_count < limit and trainer.step(VALIDATE_EVERY):
            if trainer.last_validation.validation_metric >= 0.95:
                reached[str(seed)] = trainer.step_count
                break
    return reached


def stayed_at_target(target, records: Sequence, window: int = STAYS_WINDOW) -> tuple[int | None, bool]:
    """The step at which `target` was first reached over `records` (a run's whole history), and whether the
    median of every later `window`-step window stayed at target."""
    values = [getattr(r, target.field) for r in records]
    first = next((i + 1 for i in range(len(records)) if target.reached(records[max(0, i + 1 - target.window):i + 1])),
                 None)
    if first is None:
        return None, False
    medians = [float(np.median(values[start:start + window])) for start in range(first, len(values), window)]
    return records[first - 1].step, all(target.met(m) for m in medians)


def stays_trained_run(task: str, seed: int, steps: int | None = None) -> dict:
    """One run of the task's preset: where it first reached its target, and whether it stayed there."""
    torch.set_num_threads(1)
    steps = steps or STAYS_STEPS[task]
    trainer = Trainer(preset(task, seed=seed), history_size=steps)
    while trainer.step_count < steps and trainer.step(steps - trainer.step_count):
        pass
    reached, stayed = stayed_at_target(trainer.task.target, list(trainer.history))
    return {"task": task, "seed": seed, "steps": trainer.step_count, "reached": reached, "stayed": stayed}


def stays_trained(seeds: Sequence[int] = STAYS_SEEDS, steps: dict[str, int] | None = None,
                  processes: int = 2) -> dict:
    """{task: runs out of len(seeds) that reached their target and stayed}, and every run's figures."""
    steps = steps or STAYS_STEPS
    jobs = [(task, seed, steps[task]) for task in steps for seed in seeds]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:  # spawn: no forked OpenMP state
        runs = pool.starmap(stays_trained_run, jobs)
    counts = {task: sum(r["stayed"] for r in runs if r["task"] == task) for task in steps}
    return {"stayed": counts, "of": len(seeds), "runs": runs}
