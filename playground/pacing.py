"""Paces for live training: how many optimizer steps a live run takes, and when it must end.

A live view trains in short runs that the browser asks for on a fixed timer, every `period` seconds,
whether or not the last run has ended. A run still going when the next request comes in ends "early
for a rerun", and Streamlit keeps the charts such a run replaced as hidden copies in the page: it prunes
them only when a run ends normally. Runs back to back would pile up thousands of copies in a lecture.
So every run ends just before the browser's next request (`Pacer.deadline`), and a run that started
late, queued behind an overrun, trains less to get back in step.

A pace of k steps a second follows the wall clock, not a count per run, so the Step counter moves by k a
second whatever the timer's jitter; "max" trains for all of each run's time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from playground.errors import Message, message

# The visitor's choices: steps a second, None for as fast as the machine goes.
PACES: dict[str, float | None] = {"1/s": 1.0, "10/s": 10.0, "100/s": 100.0, "max": None}
DEFAULT_PACE = "10/s"  # the default sine run reaches its target in ~30-100 steps: several seconds to watch
DRAWN_EVERY_STEP = 10.0  # up to this pace a run takes one step at most, so each step is drawn
PERIOD_S = 0.1  # above it, ten runs a second
MAX_PERIOD_S = 1.0  # at "max", a run trains ~0.9 s of each second; Pause answers between its ticks
MARGIN_S = 0.05  # a run ends this long before the next request is due: the request's trip and jitter
QUEUED_S = 0.01  # a run that starts this soon after the last one ended was queued behind it
MAX_BEHIND_S = 1.0  # a pace that falls further behind than this (a slow model) starts counting afresh


def period(rate: float | None, step_s: float = 0.0) -> float:
    """Seconds between the browser's requests for a live run at `rate` steps a second.

    Up to DRAWN_EVERY_STEP, two requests a step: a busy browser asks late (a 0.1 s timer fired every ~0.13 s
    here), and a run never takes two steps, so one request a step would fall behind the pace. Above it, ten
    a second. And always long enough for a few steps of a slow model (`step_s`: seconds a step takes).
    """
    if rate is None:
        base = MAX_PERIOD_S
    elif rate <= DRAWN_EVERY_STEP:
        base = min(MAX_PERIOD_S, 0.5 / rate)
    else:
        base = PERIOD_S
    return max(base, 3 * step_s + MARGIN_S)


@dataclass
class Pacer:
    """The schedule of one visitor's live runs. Times are `time.perf_counter()` seconds.

    Args:
        rate: steps a second; None trains for the whole of each run ("max").
        period: seconds between the browser's requests for a run (`period`).
        started: when the pace's count began (a step's time before training started: one step is due at once).
        steps_at_start: the trainer's step count then.
    """

    rate: float | None
    period: float
    started: float
    steps_at_start: int
    phase: float = -math.inf  # when the browser's timer last fired, as seen by the start of a run
    last_end: float = -math.inf  # when the last run ended

    @classmethod
    def start(cls, rate: float | None, period_s: float, now: float, step_count: int) -> Pacer:
        """A schedule from `now` on, with the first step due at once."""
        first = 0.0 if rate is None else 1.0 / rate
        return cls(rate, period_s, now - first, step_count, phase=now)

    def begin_run(self, now: float) -> float:
        """A run starts at `now`; returns the time by which it must end (its deadline)."""
        if now - self.last_end > QUEUED_S:  # it waited for no one: it started on the timer's beat
            self.phase = now
        beats = math.floor((now - self.phase) / self.period) + 1
        return self.phase + beats * self.period - MARGIN_S

    def steps_due(self, now: float, step_count: int) -> int | None:
        """Steps to take now to keep the pace; None at "max" (train until the deadline)."""
        if self.rate is None:
            return None
        counted = math.floor(self.rate * (now - self.started) + 1e-6)  # 1e-6: 10 * 0.1 may be 0.999...
        due = self.steps_at_start + counted - step_count
        if due > self.rate * MAX_BEHIND_S + 1:  # the model cannot keep this pace: no catching up in bursts
            self.started, self.steps_at_start = now - 1.0 / self.rate, step_count
            return 1
        # Up to DRAWN_EVERY_STEP, never two steps in one run, even after a late request: each step is drawn.
        # Faster, a late run catches up on up to one more run's worth.
        most = 1 if self.rate <= DRAWN_EVERY_STEP else 2 * math.ceil(self.rate * self.period)
        return min(max(due, 0), most)

    def end_run(self, now: float) -> None:
        self.last_end = now


def to_param(pace: str) -> str:
    """A pace as the link writes it: "10" for "10/s", "max"."""
    return pace.removesuffix("/s")


def from_param(raw: str | None) -> tuple[str, Message | None]:
    """A pace from the link (`pace=10`, `10/s` or `max`), with a message when it was not one of the paces."""
    if raw is None:
        return DEFAULT_PACE, None
    text = str(raw).strip().lower()
    for pace in PACES:
        if text in (pace, to_param(pace)):
            return pace, None
    choices = ", ".join(to_param(p) for p in PACES)
    return DEFAULT_PACE, message("param_not_choice", name="pace", raw=repr(raw), choices=choices,
                                 using=to_param(DEFAULT_PACE))
