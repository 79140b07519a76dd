"""The page's link carries the whole setup: the run's settings and the pace."""

from playground import link
from playground.config import preset
from playground.i18n import say


def test_a_setup_round_trips_its_link():
    config = preset("hello", seed=3).replace(cell="GRU", lr_decay=300, stop_at_target=True)
    params = link.write(config, "1/s")
    assert params["pace"] == "1" and params["stop_at_target"] == "true" and params["lr_decay"] == "300"
    read = link.read(params)
    assert (read.config, read.pace, read.messages) == (config, "1/s", [])


def test_a_bad_pace_is_replaced_with_a_message_and_the_rest_still_reads():
    read = link.read({"task": "hello", "pace": "fast", "cell": "LSTM"})
    assert read.pace == "10/s" and read.config.model.cell == "LSTM"
    assert [say(m) for m in read.messages] == ["pace='fast' is not one of 1, 10, 100, max: using 10."]
