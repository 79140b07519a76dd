"""Lecture mode in AppTest: every scene opens from its link, previous/next move through them, the presenter
view and hidden controls come from the link, and a changed setting leaves the scene's link."""

import pytest
from apptest import no_errors, open_page, step

from playground import link, scenes
from playground.config import to_values


@pytest.mark.parametrize("scene", scenes.SCENES, ids=lambda scene: scene.id)
def test_every_scene_opens_from_its_link_trained_and_narrated(scene):
    at = open_page(scene.page, scene=scene.id, lang="zh")
    no_errors(at)
    trainer = at.session_state["trainer"]
    assert trainer.step_count == scene.pretrain and not at.session_state["training"]
    assert to_values(trainer.config) == to_values(link.read(scene.settings).config)
    narration = next(e for e in at.expander if e.label.endswith(scene.title["zh"]))
    assert narration.markdown[0].value == scene.narration["zh"]
    assert at.query_params["scene"] == scene.id


def test_a_scene_link_on_another_page_opens_the_scenes_page():
    at = open_page("playground", scene="windows")
    no_errors(at)
    assert at.session_state["scene_open"] == "windows"
    assert at.number_input(key="win_T").value == 10  # the windows' controls: Cell anatomy was drawn


def test_previous_and_next_move_through_the_scenes_in_order():
    first, second = scenes.SCENES[:2]
    at = open_page(first.page, scene=first.id)
    assert at.button(key="scene_prev").disabled
    at.button(key="scene_next").click().run()
    no_errors(at)
    assert at.session_state["scene_open"] == second.id and at.query_params["scene"] == second.id
    at.button(key="scene_prev").click().run()
    assert at.session_state["scene_open"] == first.id
    last = scenes.SCENES[-1]
    assert open_page(last.page, scene=last.id).button(key="scene_next").disabled


def test_changing_a_setting_leaves_the_scene_out_of_the_link_but_keeps_the_narration():
    at = open_page("playground", scene="hello-ohlol")
    at.slider(key="w_hidden_size").set_value(9).run()
    no_errors(at)
    assert "scene" not in at.query_params and at.query_params["hidden_size"] == "9"
    assert any(e.label.endswith(scenes.get("hello-ohlol").title["en"]) for e in at.expander)


def test_the_presenter_view_and_hidden_controls_come_from_the_link():
    at = open_page("playground", present="1", hide="model,training,share,pace")
    no_errors(at)
    assert at.toggle(key="w_present").value
    keys = {w.key for w in [*at.slider, *at.toggle, *at.selectbox, *at.segmented_control, *at.number_input]}
    assert "w_task" in keys and "w_hidden_size" not in keys and "w_lr" not in keys and "w_pace" not in keys
    assert any("stSidebar" in h.proto.body for h in at.get("html"))  # the presenter CSS hides the sidebar
    assert at.query_params["present"] == "1" and at.query_params["hide"] == "model,training,pace,share"
    at.toggle(key="w_present").set_value(False).run()
    assert "present" not in at.query_params
    at.button(key="step").click().run()
    assert step(at) == 1  # hidden controls still train the same run


def test_an_unknown_scene_is_reported():
    at = open_page("playground", scene="nope")
    no_errors(at)
    assert any("nope" in w.value for w in at.warning) and "scene_open" not in at.session_state
