"""Live training: K optimizer steps a tick inside an `st.fragment` that reruns itself while training.

K is chosen by time, so a tick stays near its budget at any model size, and Pause answers at once.
Only the fragment reruns during training; the page around it redraws on pause, step or any change.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import streamlit as st

from playground.trainer import Trainer
from playground.ui import controls, session

TICK_SECONDS = 0.05  # how soon the next tick is asked for; ticks run back to back when training is slower
TICK_LOG = os.environ.get("RNN_PLAYGROUND_TICK_LOG")  # the browser benchmark reads server-side tick times here


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


def live(render: Callable[[Trainer], None]) -> None:
    """Render `render(trainer)` now, and again after every training tick while training is on."""

    @st.fragment(run_every=TICK_SECONDS if session.training() else None)
    def tick() -> None:
        trainer = session.trainer()
        if session.training():
            start = time.perf_counter()
            train_for(trainer, controls.tick_budget())
            if trainer.diverged:
                session.set_training(False)
                st.rerun()  # the whole page: the button turns back to Train and the reason shows
            render(trainer)
            if TICK_LOG:
                with open(TICK_LOG, "a") as log:
                    log.write(f"{(time.perf_counter() - start) * 1000:.2f} {trainer.step_count}\n")
        else:
            render(trainer)

    tick()
