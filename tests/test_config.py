import math

import pytest

from playground.config import FIELDS, TASKS, Config, from_params, from_values, preset, to_params, validate


def test_defaults_are_valid():
    assert validate(Config()) == []
    for task in TASKS:
        assert validate(preset(task)) == []


@pytest.mark.parametrize("task", TASKS)
def test_url_round_trip_of_every_preset(task):
    config = preset(task, seed=1234).replace(hidden_size=7, lr=0.003, bidirectional=True, clip=2.5)
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
    ({"seq_len": "12.6"}, "seq_len", 13, "outside"),
])
def test_bad_params_are_fixed_with_a_message(params, field, expected, fragment):
    config, messages = from_params(params)
    values = {**vars(config.model), **vars(config.task), **vars(config.train)}
    assert values[field] == expected
    assert len(messages) == 1 and fragment in messages[0]


def test_case_is_forgiven_and_unknown_params_ignored():
    config, messages = from_params({"cell": "lstm", "utm_source": "mail"})
    assert config.model.cell == "LSTM"
    assert messages == ["Ignored unknown setting 'utm_source'."]


def test_unknown_task_falls_back():
    config, messages = from_params({"task": "chess"})
    assert config.task.name == "sine" and "Unknown task" in messages[0]


def test_missing_params_take_the_task_preset():
    config, _ = from_params({"task": "hello"})
    assert config == preset("hello")


def test_dropout_without_layers_is_fixed():
    config, messages = from_params({"dropout": "0.5", "num_layers": "1"})
    assert config.model.dropout == 0 and "num_layers" in messages[0]


def test_validate_and_replace_report_readable_errors():
    config = Config()
    config.model.hidden_size = 0
    assert any("hidden_size must be between" in p for p in validate(config))
    with pytest.raises(ValueError, match="unknown setting"):
        Config().replace(size=3)
    with pytest.raises(ValueError, match="lr must be between"):
        from_values({"lr": math.inf})
