import math

import pytest

from playground.config import (
    FIELDS,
    MAX_STEP_MS,
    ONE_DIRECTION,
    TASKS,
    Config,
    from_params,
    from_values,
    preset,
    step_ms,
    step_work,
    to_params,
    to_values,
    too_big,
    validate,
)
from playground.i18n import say


def test_defaults_are_valid():
    assert validate(Config()) == []
    for task in TASKS:
        assert validate(preset(task)) == []


@pytest.mark.parametrize("task", TASKS)
def test_url_round_trip_of_every_preset(task):
    bidirectional = task not in ONE_DIRECTION  # a seq2seq decoder runs forwards only
    config = preset(task, seed=1234).replace(hidden_size=7, lr=0.003, bidirectional=bidirectional, clip=2.5)
    restored, messages = from_params(to_params(config))
    assert messages == []
    assert restored == config


def test_round_trip_keeps_text_and_seed():
    config = preset("text", seed=99).replace(text="你好，世界 hello")
    restored, _ = from_params(to_params(config))
    assert restored.task.text == "你好，世界 hello"
    assert restored.train.seed == 99


def test_params_against_defaults_lists_only_changes():
    config = preset("sine").replace(hidden_size=64)
    assert to_params(config, defaults=preset("sine")) == {"hidden_size": "64"}


def test_every_param_is_a_string():
    assert all(isinstance(v, str) for v in to_params(preset("memory")).values())


@pytest.mark.parametrize(("params", "field", "expected", "fragment"), [
    ({"hidden_size": "100000"}, "hidden_size", FIELDS["hidden_size"].high, "outside"),
    ({"hidden_size": "-3"}, "hidden_size", 1, "outside"),
    ({"hidden_size": "abc"}, "hidden_size", 32, "not a number"),
    ({"lr": "nan"}, "lr", 0.02, "not a finite"),
    ({"lr": "inf"}, "lr", 0.02, "not a finite"),
    ({"cell": "transformer"}, "cell", "RNN", "not one of"),
    ({"bidirectional": "maybe"}, "bidirectional", False, "true/false"),
    ({"seq_len": "12.6"}, "seq_len", 13, "not a whole number"),
    ({"seed": "-5"}, "seed", 0, "outside 0..2,147,483,647"),
])
def test_bad_params_are_fixed_with_a_message(params, field, expected, fragment):
    config, messages = english(*from_params(params))
    values = {**vars(config.model), **vars(config.task), **vars(config.train)}
    assert values[field] == expected
    assert len(messages) == 1 and fragment in messages[0]


def test_case_is_forgiven_and_unknown_params_ignored():
    config, messages = english(*from_params({"cell": "lstm", "utm_source": "mail", "task": "MEMORY"}))
    assert config.model.cell == "LSTM" and config.task.name == "memory"
    assert messages == ["Ignored unknown setting 'utm_source'."]


def test_unknown_task_falls_back():
    config, messages = english(*from_params({"task": "chess"}))
    assert config.task.name == "sine" and "Unknown task" in messages[0]


def test_missing_params_take_the_task_preset():
    config, _ = from_params({"task": "hello"})
    assert config == preset("hello")


def test_dropout_without_layers_is_fixed():
    config, messages = english(*from_params({"dropout": "0.5", "num_layers": "1"}))
    assert config.model.dropout == 0 and "num_layers" in messages[0]


def test_validate_and_replace_report_readable_errors():
    config = Config()
    config.model.hidden_size = 0
    assert any("hidden_size must be between" in p for p in map(say, validate(config)))
    with pytest.raises(ValueError, match="unknown setting"):
        Config().replace(size=3)
    with pytest.raises(ValueError, match=r"out_of_range\(name=lr"):
        from_values({"lr": math.inf})


def test_step_work_grows_with_every_size_and_follows_each_tasks_length():
    base = preset("text").replace(cell="GRU", hidden_size=16, num_layers=1, batch_size=2, seq_len=10)
    work = step_work(base)
    assert work == 2 * 16 * 16 * 10 * 2  # D·H·(H_in + H) with H_in counted as H, × L × N
    assert step_work(base.replace(batch_size=4)) == 2 * work
    assert step_work(base.replace(seq_len=20)) == 2 * work
    assert step_work(base.replace(bidirectional=True)) == 2 * work
    assert step_work(base.replace(num_layers=2)) == work + 16 * (16 + 16) * 10 * 2
    assert step_work(preset("memory").replace(delay=8)) == step_work(preset("memory").replace(delay=8, seq_len=99))


def test_step_ms_matches_the_measurements_behind_it():
    # Measured on 2 cores: 3 bidirectional layers of 128 units at L = 100 (text task, one torch thread).
    measured = {("GRU", 1): 125, ("GRU", 9): 210, ("LSTM", 1): 28, ("LSTM", 9): 119, ("RNN", 1): 49,
                ("RNN", 9): 79}
    for (cell, batch_size), ms in measured.items():
        config = preset("text").replace(cell=cell, bidirectional=True, num_layers=3, hidden_size=128,
                                        seq_len=100, batch_size=batch_size)
        assert step_ms(config) == pytest.approx(ms, rel=0.1), (cell, batch_size)


def test_a_model_too_big_to_train_live_is_named_and_a_link_to_it_is_cut_down():
    big = {"task": "text", "cell": "LSTM", "bidirectional": "true", "num_layers": "3", "hidden_size": "128",
           "batch_size": "32", "seq_len": "100"}
    config = from_values({**to_values(preset("text")), "cell": "LSTM", "bidirectional": True, "num_layers": 3,
                          "hidden_size": 128, "batch_size": 32, "seq_len": 100})
    assert too_big(config) and "too big to train live" in say(too_big(config))
    assert any("too big" in problem for problem in map(say, validate(config)))
    fixed, messages = english(*from_params(big))
    assert not too_big(fixed) and step_ms(fixed) <= MAX_STEP_MS
    assert too_big(fixed.replace(batch_size=fixed.train.batch_size + 1))  # the largest batch that fits
    assert messages == [f"The link's model is too big to train live: batch_size=32 → {fixed.train.batch_size}."]
    assert to_values(fixed) | {"batch_size": 32} == to_values(config)  # nothing else was touched


def test_every_preset_and_a_big_single_layer_model_fit():
    assert all(too_big(preset(task)) is None for task in TASKS)
    wide = preset("text").replace(bidirectional=True, hidden_size=128, batch_size=32, seq_len=100)
    assert too_big(wide) is None


def test_a_window_too_short_for_the_task_is_fixed_with_a_message():
    config, messages = english(*from_params({"task": "context", "seq_len": "1"}))
    assert config.task.seq_len == 2 and "too short for the context task" in messages[0]
    assert from_params({"task": "sine", "seq_len": "1"}) == (preset("sine").replace(seq_len=1), [])
    assert any("at least 2" in p for p in map(say, validate(preset("context").replace(seq_len=1))))


def test_a_link_without_a_linear_head_gets_the_tutorials_sizes_and_says_so():
    config, messages = english(*from_params({"task": "hello", "linear_head": "false", "hidden_size": "8",
                                            "bidirectional": "true"}))
    assert (config.model.hidden_size, config.model.bidirectional) == (4, False)
    assert any("hidden_size=8 → 4" in m and "bidirectional → false" in m for m in messages)
    assert validate(config) == []
    assert validate(config.replace(hidden_size=8)) != []


def english(config, messages):
    """The fixes from_params reports, in English words."""
    return config, [say(m) for m in messages]
