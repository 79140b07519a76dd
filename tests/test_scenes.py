"""Scenes are data: complete in both languages, valid links, in lesson order, opening the same way every time."""

import json
import subprocess
import sys

import torch

from playground import i18n, link, scenes, site
from playground.trainer import Trainer


def test_at_least_twelve_scenes_follow_the_tutorials():
    ids = [scene.id for scene in scenes.SCENES]
    assert len(ids) >= 12 and len(set(ids)) == len(ids)
    for lesson in ("shared-linear", "shapes", "windows", "loop-equals-layer", "hello-ohlol", "sine-cosine",
                   "arrive-leave-taipei", "lstm-gates", "tanh-relu", "vanishing-memory", "bidirectional-leak",
                   "seq2seq-stop"):
        assert lesson in ids
    assert ids.index("shapes") < ids.index("hello-ohlol") < ids.index("seq2seq-stop")


def test_every_scene_is_complete_in_both_languages_and_its_link_reads_cleanly():
    for scene in scenes.SCENES:
        assert scene.page in site.BY_NAME and scene.look_at
        assert set(scene.title) == set(scene.narration) == set(i18n.LANGUAGES)
        assert all(text.strip() for text in (*scene.title.values(), *scene.narration.values()))
        read = link.read(scene.settings)
        assert read.messages == [], (scene.id, read.messages)
        assert scene.url("zh") == f"{site.BY_NAME[scene.page].path}?scene={scene.id}&lang=zh"


def test_the_tutorials_own_numbers():
    shapes = link.read(scenes.get("shapes").settings).config
    assert (shapes.model.hidden_size, shapes.model.num_layers, shapes.train.batch_size) == (2, 3, 1)
    trainer = Trainer(shapes)
    assert (trainer.task.seq_len, trainer.model.core.input_size) == (5, 4)  # input (5, 1, 4), h_0 (3, 1, 2)
    sine = link.read(scenes.get("sine-cosine").settings).config
    assert (sine.model.hidden_size, sine.task.seq_len, sine.train.optimizer, sine.train.lr) == (32, 10, "Adam", 0.02)
    assert sine.task.carry_state


def test_a_scene_pretrains_to_the_same_weights_every_time():
    scene = scenes.get("arrive-leave-taipei")
    weights = []
    for _ in range(2):
        trainer = Trainer(link.read(scene.settings).config)
        trainer.step(scene.pretrain)
        weights.append(trainer.model.state_dict())
    assert all(torch.equal(weights[0][k], weights[1][k]) for k in weights[0])


def test_neighbours_run_in_lesson_order():
    first, last = scenes.SCENES[0], scenes.SCENES[-1]
    assert scenes.neighbours(first.id) == (None, scenes.SCENES[1])
    assert scenes.neighbours(last.id) == (scenes.SCENES[-2], None)
    assert scenes.get("LSTM-Gates") is scenes.get("lstm-gates") and scenes.get("nope") is None


def test_the_command_line_prints_the_scenes_as_json():
    out = subprocess.run([sys.executable, "-m", "playground.scenes", "--json", "--lang", "zh"], capture_output=True,
                         text=True, check=True).stdout
    listed = json.loads(out)
    assert [entry["id"] for entry in listed] == [scene.id for scene in scenes.SCENES]
    assert all(set(entry) == {"id", "title", "url"} for entry in listed)
    assert listed[0]["title"] == scenes.SCENES[0].title["zh"] and "scene=" in listed[0]["url"]
