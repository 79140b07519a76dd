"""Paces: the steps a live run takes follow the wall clock, and every run ends before the next request."""

import pytest

from playground import pacing
from playground.pacing import MARGIN_S, Pacer, period


def test_periods_ask_twice_a_step_at_slow_paces_and_ten_times_a_second_above():
    assert period(1.0) == 0.5
    assert period(10.0) == pytest.approx(0.05)
    assert period(100.0) == pytest.approx(0.1)
    assert period(None) == 1.0
    assert period(10.0, step_s=0.1) == pytest.approx(0.35)  # a slow model gets room for a few steps


def test_a_pace_counts_steps_by_the_clock_with_the_first_due_at_once():
    pacer = Pacer.start(100.0, 0.1, now=100.0, step_count=7)
    assert pacer.steps_due(100.0, 7) == 1
    assert pacer.steps_due(100.005, 8) == 0
    assert pacer.steps_due(100.055, 8) == 5  # 55 ms at 100/s: five more than the one already taken
    assert pacer.steps_due(100.2, 40) == 0  # jitter never makes it run ahead of the clock


def test_a_pace_the_model_cannot_keep_is_not_caught_up_in_bursts():
    pacer = Pacer.start(100.0, 0.1, now=0.0, step_count=0)
    assert pacer.steps_due(5.0, 10) == 1  # 490 behind: start counting afresh
    assert pacer.steps_due(5.1, 11) == 10


def test_max_has_no_count():
    assert Pacer.start(None, 1.0, now=0.0, step_count=0).steps_due(3.0, 0) is None


def test_runs_end_before_the_browsers_next_request():
    pacer = Pacer.start(None, 1.0, now=10.0, step_count=0)
    assert pacer.begin_run(10.0) == pytest.approx(11.0 - MARGIN_S)
    pacer.end_run(10.96)
    assert pacer.begin_run(11.002) == pytest.approx(12.002 - MARGIN_S)  # on the timer's beat: the new phase
    pacer.end_run(12.1)  # an overrun: the next request waited behind it
    assert pacer.begin_run(12.101) == pytest.approx(13.002 - MARGIN_S)  # queued: keeps the old beat


@pytest.mark.parametrize(("raw", "pace", "fixed"), [
    (None, pacing.DEFAULT_PACE, False), ("10", "10/s", False), ("1/s", "1/s", False), (" MAX ", "max", False),
    ("7", pacing.DEFAULT_PACE, True), ("", pacing.DEFAULT_PACE, True),
])
def test_paces_round_trip_the_link(raw, pace, fixed):
    read, message = pacing.from_param(raw)
    assert read == pace and (message is not None) == fixed
    assert pacing.from_param(pacing.to_param(pace)) == (pace, None)


def test_up_to_ten_a_second_a_late_run_still_takes_one_step_and_above_it_catches_up():
    pacer = Pacer.start(10.0, 0.05, now=0.0, step_count=0)
    assert pacer.steps_due(0.35, 1) == 1  # three due, but every step must be drawn
    assert Pacer.start(100.0, 0.1, now=0.0, step_count=0).steps_due(0.35, 1) == 20  # one more run's worth
