"""Two visitors training different setups at the same time on one server do not touch each other."""

import time

import pytest

from playground.bench.driver import button, wait_rerun, wait_step_at_least
from playground.tasks.hello import HelloTask
from playground.tasks.sine import SineTask

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]
STEPS = 5
TOGETHER_S = 3.0


def labels(task) -> list[str]:
    name = task.metric_name
    return ["Step", "Loss", name[0].upper() + name[1:]]


def reset(app) -> None:
    wait_rerun(app.page, lambda: button(app.page, "reset").click())
    assert app.step_count() == 0


def test_two_visitors_train_side_by_side(open_app):
    a = open_app("?task=sine&cell=RNN&seed=1")
    b = open_app("?task=hello&cell=LSTM&seed=2")

    # Each visitor's reference: the loss after STEPS presses of Step, before anyone trained.
    a.press_step(STEPS)
    b.press_step(STEPS)
    reference = {"a": a.metric("Loss"), "b": b.metric("Loss")}
    reset(a)
    reset(b)

    # Both train at once for a few seconds.
    a.train()
    b.train()
    started = time.perf_counter()
    a_steps, b_steps = wait_step_at_least(a.page, 20), wait_step_at_least(b.page, 20)
    time.sleep(max(0.0, TOGETHER_S - (time.perf_counter() - started)))  # the overlap this test is about
    assert wait_step_at_least(a.page, a_steps + 1) > a_steps and wait_step_at_least(b.page, b_steps + 1) > b_steps

    # Mid-run, each page shows its own setup and its own task's metrics.
    for app, task, cell, seed, task_class in ((a, "sine", "RNN", "1", SineTask), (b, "hello", "LSTM", "2", HelloTask)):
        assert app.metric_labels() == labels(task_class)
        assert app.chosen("w_cell") == cell
        assert app.number_value("w_seed") == seed
        assert app.params()["task"] == task and app.params()["cell"] == cell and app.params()["seed"] == seed
        assert app.page.locator(".st-key-pause").is_visible()

    # A stops and replays its first steps while B keeps training: the same loss as before.
    a.pause()
    reset(a)
    a.press_step(STEPS)
    assert a.metric("Loss") == reference["a"]
    assert b.page.locator(".st-key-pause").is_visible()

    # Then the other way round.
    a.train()
    b.pause()
    reset(b)
    b.press_step(STEPS)
    assert b.metric("Loss") == reference["b"]
    a.pause()
    assert a.metric_labels() == labels(SineTask) and b.metric_labels() == labels(HelloTask)
