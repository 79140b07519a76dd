"""The page's link carries the whole setup: the run's settings and the view (pace, language, scene, presenter
view, hidden controls)."""

from playground import link
from playground.config import preset
from playground.i18n import say


def test_a_setup_round_trips_its_link():
    config = preset("hello", seed=3).replace(cell="GRU", lr_decay=300, stop_at_target=True)
    params = link.write(config, link.View("1/s"))
    assert params["pace"] == "1" and params["stop_at_target"] == "true" and params["lr_decay"] == "300"
    read = link.read(params)
    assert (read.config, read.view.pace, read.messages) == (config, "1/s", [])


def test_a_bad_pace_is_replaced_with_a_message_and_the_rest_still_reads():
    read = link.read({"task": "hello", "pace": "fast", "cell": "LSTM"})
    assert read.view.pace == "10/s" and read.config.model.cell == "LSTM"
    assert [say(m) for m in read.messages] == ["pace='fast' is not one of 1, 10, 100, max: using 10."]


def test_the_view_round_trips_its_link():
    view = link.View("max", "zh", "lstm-gates", True, ("model", "share"))
    read = link.read(link.write(preset("context"), view, "zh"))
    assert read.view == view and read.messages == []


def test_a_bad_scene_or_group_is_reported_and_ignored():
    read = link.read({"scene": "nope", "hide": "model,bogus", "present": "1"})
    assert read.view.scene is None and read.view.hide == ("model",) and read.view.present
    said = [say(m) for m in read.messages]
    assert any("nope" in m for m in said) and any("bogus" in m for m in said)
