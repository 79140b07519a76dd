"""Live training: K optimizer steps a tick inside an `st.fragment` that reruns itself while training.

K is chosen by time, so a tick stays near its budget at any model size. One fragment run holds a few ticks
and updates the Step and Loss metrics after each: the browser takes ~0.2 s to ask for the next run, and
training through that wait keeps the live speed near a bare loop's. A click (Pause, Step, any setting) is a
full rerun, which Streamlit lets preempt the fragment at its next metric update, so Pause answers within a
tick. Charts redraw once a run; the page around the fragment redraws on pause, step or any change.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import streamlit as st

from playground.trainer import Trainer
from playground.ui import controls, session, views

TICK_SECONDS = 0.05  # how soon the next run is asked for; runs go back to back while training
RUN_SECONDS = 1.0  # training a fragment run holds at most, in ticks of controls.tick_budget() each
TICK_LOG = os.environ.get("RNN_PLAYGROUND_TICK_LOG")  # the browser benchmark reads server-side tick times here
FULL_RUNS = "live_full_runs"  # session key: counts the full runs that drew the live fragment


def train_for(trainer: Trainer, budget: float) -> int:
    """Optimizer steps until `budget` seconds are spent (at least one). Returns the steps done."""
    start = time.perf_counter()
    done = trainer.step(1)
    if not done:
        return 0
    per_step = time.perf_counter() - start
    while time.perf_counter() - start + per_step <= budget:
        if not trainer.step(1):
            break
        done += 1
    return done


def live(render: Callable[[Trainer], None] | None = None) -> None:
    """Show the metrics and `render(trainer)` now, and keep them live while training is on."""

    def run() -> None:
        trainer = session.trainer()
        slots = views.metric_slots()
        views.metrics(trainer, slots)  # filled at once: new slots start empty, and the row would blink
        if trainer.diverged:  # here too, not only in the sidebar, which a projector often hides
            st.error(trainer.diverged, icon=":material/warning:")
        if render:
            # Before the ticks, not after: the browser fades what a running script has not drawn again yet,
            # and drawn last, the charts would sit faded through almost every run.
            render(trainer)
        if not session.training():
            return
        budget = controls.tick_budget()
        started = time.perf_counter()
        while True:
            tick(trainer, budget)
            views.metrics(trainer, slots)  # a yield point: a click preempts the run here
            if trainer.diverged:
                session.set_training(False)
                st.rerun()  # the whole page: the button turns back to Train and the reason shows
            if budget == 0 or time.perf_counter() - started + budget > RUN_SECONDS:
                break

    # A new fragment identity for every full run (Streamlit hashes the qualified name into the id). The
    # browser keeps asking for runs of the old id until it hears of the full run that a click started;
    # with one id for all runs, such a stale request could run the fragment right after the full run,
    # e.g. after Pause, and race with its output (a crash in the browser: "Cannot set a node at a delta
    # path"). A stale id is unknown once the full run ends, and Streamlit skips it quietly. ("_", not "#":
    # in a test app, a "#" in the name kept the browser from ever pruning the fragment's old elements.)
    st.session_state[FULL_RUNS] = st.session_state.get(FULL_RUNS, 0) + 1
    run.__qualname__ = f"{run.__qualname__}_{st.session_state[FULL_RUNS]}"
    st.fragment(run, run_every=TICK_SECONDS if session.training() else None)()


def tick(trainer: Trainer, budget: float) -> None:
    start = time.perf_counter()
    train_for(trainer, budget)
    if TICK_LOG:
        with open(TICK_LOG, "a") as log:
            log.write(f"{(time.perf_counter() - start) * 1000:.2f} {trainer.step_count} {start:.4f}\n")
