"""Live training: short runs of an `st.fragment` that the browser asks for on a timer while training.

Each run ends before the browser's next request (see `playground.pacing`): a run that overran would end
"early for a rerun", and Streamlit would keep every chart it replaced as a hidden copy in the page.

- At a pace of k steps a second, a run takes the steps the wall clock says are due, then draws the
  metrics and the charts: at 1/s and 10/s every step is drawn.
- At "max", a run draws first (what a running script has not drawn again yet, the browser shows faded),
  then trains until its deadline in ticks, updating the metrics after each. A click (Pause, Step, any
  setting) is a full rerun, which Streamlit lets preempt the fragment at such an update, so Pause
  answers within a tick.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import streamlit as st

from playground import pacing
from playground.config import step_ms
from playground.trainer import Trainer
from playground.ui import session, views

TICK_S = 0.1  # training between metric updates at "max": how soon Pause answers
TICK_LOG = os.environ.get("RNN_PLAYGROUND_TICK_LOG")  # the browser benchmark reads server-side tick times here
FULL_RUNS = "live_full_runs"  # session key: counts the full runs that drew the live fragment
PACER = "pacer"  # session key: the pacing.Pacer of the current stretch of training


# --- callbacks of the training bar -----------------------------------------------------------------------


def start() -> None:
    trainer = session.trainer()
    trainer.diverged, trainer.stopped_at_target = None, False  # said once; Train goes on from here
    session.set_training(True)
    _new_pacer()


def pause() -> None:
    session.set_training(False)


def step_once() -> None:
    pause()
    session.trainer().step(1)


def set_pace(pace: str) -> None:
    session.view().pace = pace
    if session.training():
        _new_pacer()  # the new pace counts from now


def _new_pacer() -> None:
    rate = pacing.PACES[session.pace()]
    period = pacing.period(rate, step_ms(session.config()) / 1000)
    st.session_state[PACER] = pacing.Pacer.start(rate, period, time.perf_counter(), session.trainer().step_count)


# --- the live fragment -------------------------------------------------------------------------------------


def live(render: Callable[[Trainer], None] | None = None) -> None:
    """Show the metrics and `render(trainer)` now, and keep them live while training is on."""
    inline = [True]  # the first call runs inside the full run; the browser's timer asks for the others

    def run() -> None:
        trainer = session.trainer()
        pacer = st.session_state.get(PACER)
        if not session.training() or pacer is None:
            _draw(trainer, render)
            return
        started = time.perf_counter()
        deadline = pacer.begin_run(started)
        if inline[0]:  # the full run still has the page to draw after this: keep it short
            deadline = min(deadline, started + TICK_S)
        if pacer.rate is None:
            slots = _draw(trainer, render)
            while time.perf_counter() < deadline:
                tick(trainer, lambda: train_until(trainer, min(deadline, time.perf_counter() + TICK_S)))
                views.metrics(trainer, slots)  # a yield point: a click preempts the run here
                if _stopped(trainer):
                    break
        else:
            due = pacer.steps_due(started, trainer.step_count)
            if due:
                tick(trainer, lambda: train_until(trainer, deadline, due))
            _draw(trainer, render)
        pacer.end_run(time.perf_counter())
        if _stopped(trainer):
            session.set_training(False)
            st.rerun()  # the whole page: the button turns back to Train and the reason shows

    # A new fragment identity for every full run (Streamlit hashes the qualified name into the id). The
    # browser keeps asking for runs of the old id until it hears of the full run that a click started;
    # with one id for all runs, such a stale request could run the fragment right after the full run,
    # e.g. after Pause, and race with its output (a crash in the browser: "Cannot set a node at a delta
    # path"). A stale id is unknown once the full run ends, and Streamlit skips it quietly. ("_", not "#":
    # in a test app, a "#" in the name kept the browser from ever pruning the fragment's old elements.)
    st.session_state[FULL_RUNS] = st.session_state.get(FULL_RUNS, 0) + 1
    run.__qualname__ = f"{run.__qualname__}_{st.session_state[FULL_RUNS]}"
    pacer = st.session_state.get(PACER)
    every = pacer.period if session.training() and pacer else None
    st.fragment(run, run_every=every)()
    inline[0] = False


def _draw(trainer: Trainer, render: Callable[[Trainer], None] | None) -> list:
    """The metrics, any message about why training stopped, and the page's live view; returns the metric slots."""
    slots = views.metric_slots(trainer)
    views.training_messages(trainer)
    if render:
        render(trainer)
    return slots


def _stopped(trainer: Trainer) -> bool:
    """Training must pause: a step was refused, or the target was reached with stop_at_target on."""
    return trainer.diverged is not None or trainer.stopped_at_target


def train_until(trainer: Trainer, deadline: float, count: int | None = None) -> int:
    """Optimizer steps, as many as end by `deadline` (at least one), at most `count`. Stops early at a
    refused step or a target to stop at. Returns the steps done."""
    done, start = 0, time.perf_counter()
    while count is None or done < count:
        if not trainer.step(1):
            break
        done += 1
        per_step = (time.perf_counter() - start) / done
        if trainer.stopped_at_target or time.perf_counter() + per_step > deadline:
            break
    return done


def tick(trainer: Trainer, train: Callable[[], int]) -> None:
    start = time.perf_counter()
    train()
    if TICK_LOG:
        with open(TICK_LOG, "a") as log:
            log.write(f"{(time.perf_counter() - start) * 1000:.2f} {trainer.step_count} {start:.4f}\n")
