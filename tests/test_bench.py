"""The benchmark command runs and prints every figure; its speeds are reported, never asserted."""

import json

from playground.bench import __main__ as bench
from playground.bench import engine


def test_json_has_every_figure(capsys):
    assert bench.main(["--json", "--quick"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert set(results["trainer_vs_bare"]) >= {"sine", "text"}
    assert set(results["unroll_vs_fused"]) >= {"sine", "text"}
    assert all(ratio > 0 for ratio in results["trainer_vs_bare"].values())
    assert set(results["sine"]) == {"steps_to_target", "seconds_to_target"}
    assert results["hello"]["steps_to_target"] is not None  # hello always converges
    assert set(results["memory"]) == {"5", "30"}
    assert all(set(counts) == {"RNN", "LSTM", "GRU"} for counts in results["memory"].values())
    assert len(results["memory_runs"]) == 6  # 2 delays x 3 cells x 1 seed, when quick
    assert results["text"]["validation_perplexity"] > 1 and results["text"]["train_perplexity"] > 1
    assert set(results["stays_trained"]) == {"sine", "hello", "text", "context", "memory", "seq2seq"}
    assert len(results["stays_trained_runs"]) == 6
    assert set(results["seq2seq_reverse"]) == {"0"}


def test_table_is_readable(capsys):
    bench.main(["--quick"])
    out = capsys.readouterr().out
    assert "trainer_vs_bare sine" in out and "goal" in out


def test_loops_without_ui_are_timed_for_the_browser_ratios():
    rates = engine.loop_steps_per_s(seconds=0.05)
    assert set(rates) == {"bare", "trainer"} and all(rate > 0 for rate in rates.values())


def test_the_first_render_floor_app_draws_one_chart_and_nothing_else():
    from streamlit.testing.v1 import AppTest

    from playground.bench.browser import FLOOR_APP

    at = AppTest.from_string(FLOOR_APP).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
    assert len(at.main.children) == 1 and not at.sidebar.children
