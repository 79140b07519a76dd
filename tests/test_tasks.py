import numpy as np
import pytest
import torch
from messages import refused

from playground.config import TASKS, preset
from playground.models import build_model
from playground.tasks import IGNORE, default_corpus, make_task, sample
from playground.tasks.text import MAX_TEXT_CHARS, TextTask, check_text


def rng(step=0):
    return np.random.default_rng((0, step))


@pytest.mark.parametrize("name", TASKS)
def test_every_task_shares_one_generator_signature(name):
    task = make_task(preset(name))
    batch = task.batch(0, rng())
    n = preset(name).train.batch_size
    assert batch.x.shape[:2] == (n, task.seq_len) or name == "text"
    steps_out = task.out_len if name == "seq2seq" else batch.x.shape[1]  # a decoder writes its own length
    assert batch.y.shape[:2] == (batch.x.shape[0], steps_out)
    model = task.make_model(preset(name).model, 0)
    y_pred = model(batch.x, **batch.model_inputs())[0].detach()
    loss = task.loss(y_pred, batch.y)
    assert loss.ndim == 0 and torch.isfinite(loss)
    assert np.isfinite(task.metric(y_pred, batch.y, float(loss)))
    assert task.describe(task.example(), model(task.example().x)[0])
    assert len(task.step_labels(task.example())) == task.example().x.shape[1]


@pytest.mark.parametrize("name", TASKS)
def test_batches_are_a_function_of_seed_and_step(name):
    a = make_task(preset(name)).batch(7, rng(7))
    b = make_task(preset(name)).batch(7, rng(7))
    assert torch.equal(a.x, b.x) and torch.equal(a.y, b.y)


def test_sine_windows_follow_each_other_and_target_is_cosine():
    task = make_task(preset("sine"))
    first, second = task.batch(0, rng()), task.batch(1, rng())
    assert torch.allclose(first.x[0, :, 0], torch.sin(torch.linspace(0, np.pi, 10)), atol=1e-6)
    assert torch.allclose(first.y[0, :, 0], torch.cos(torch.linspace(0, np.pi, 10)), atol=1e-6)
    assert torch.allclose(second.x[0, 0], first.x[0, -1], atol=1e-6)  # window k=1 starts where k=0 ended
    assert task.carries_state
    assert not make_task(preset("sine").replace(carry_state=False)).carries_state


def test_hello_to_ohlol():
    task = make_task(preset("hello"))
    batch = task.example()
    assert "".join(task.vocab.decode(batch.x[0])) == "hello"
    assert "".join(task.vocab.decode(batch.y[0])) == "ohlol"
    perfect = torch.nn.functional.one_hot(batch.y, 4).float() * 10
    assert task.metric(perfect, batch.y, 0.0) == 1.0
    assert task.describe(batch, perfect)["predicted"] == "ohlol"


def test_text_targets_are_the_next_character():
    task = make_task(preset("text").replace(text="abcdefghij" * 3, seq_len=4, batch_size=2))
    batch = task.batch(0, rng())
    x, y = batch.x[0].tolist(), batch.y[0].tolist()
    assert [v for v in y if v != IGNORE][: len(x) - 1] == x[1:]
    assert task.metric(None, None, 0.0) == 1.0  # perplexity of a perfect model


def test_text_epoch_visits_every_window_once():
    task = make_task(preset("text").replace(text="the quick brown fox " * 5, seq_len=5, batch_size=3))
    seen = torch.cat([task.batch(s, rng(s)).x for s in range(task.inputs.num_batches)])
    assert sorted(map(tuple, seen.tolist())) == sorted(map(tuple, task.inputs.data.tolist()))


def test_default_corpus_is_large_public_domain_english_and_chinese_with_both_in_its_held_out_end():
    from importlib import resources

    text = default_corpus()
    assert len(text) >= 20_000 and "summer's day" in text and "床前明月光" in text
    assert "#" not in text  # the note naming the sources is not trained on
    note = resources.files("playground.data").joinpath("corpus.txt").read_text(encoding="utf-8")
    assert "Sources" in note or "public-domain" in note
    held_out = text[-len(text) // 10:]
    assert any("a" <= c <= "z" for c in held_out) and any("\u4e00" <= c <= "\u9fff" for c in held_out)
    check_text(text)  # an edited copy still fits in the page's link


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("   \n", "empty"),
    ("a", "two different characters"),
    ("aaaa", "two different characters"),
    ("ab" * (MAX_TEXT_CHARS // 2 + 1), "limit"),
    ("河流" * 4000, "a link holds 64 KB"),  # 8,000 characters, 9 bytes each in a link
])
def test_bad_text_gets_a_clear_message(text, message):
    with refused(message):
        TextTask(text, seq_len=1, batch_size=1, seed=0)


def test_every_accepted_text_fits_in_a_link_the_server_accepts():
    from urllib.parse import quote_plus

    from playground.tasks.text import MAX_LINK_BYTES, check_text

    latin = ("The river runs to the sea, and the sea, it seems, runs back. " * 900)[:MAX_TEXT_CHARS]
    assert check_text(latin) == latin  # the longest Latin text still fits
    chinese = "河流入海。" * 1400  # 7,000 characters
    assert check_text(chinese) == chinese
    assert len(quote_plus(chinese)) <= MAX_LINK_BYTES < 110 * 1024  # the server refused ~110 KB requests


def test_empty_text_setting_means_the_default_corpus():
    assert make_task(preset("text")).text == default_corpus()


def test_seq_len_longer_than_text():
    with refused("longer than the text"):
        make_task(preset("text").replace(text="hello world", seq_len=40))


def test_sampling_is_seeded_and_rejects_unknown_characters():
    config = preset("text").replace(text="abababab cd cd cd", seq_len=4)
    task = make_task(config)
    model = build_model(config.model, task.input_size, task.output_size, True, 0)
    a = sample(model, task.vocab, "ab", 20, 1.0, seed=3)
    assert a == sample(model, task.vocab, "ab", 20, 1.0, seed=3)
    assert len(a) == 20 and set(a) <= set("abcd ")
    with refused("Not in the vocabulary"):
        sample(model, task.vocab, "xyz", 5, 1.0, seed=0)
    with refused("temperature"):
        sample(model, task.vocab, "ab", 5, 0.0, seed=0)


def test_context_same_city_different_label():
    task = make_task(preset("context"))
    batch = task.example()
    cities = [task.labels.decode([batch.y[i, 1]])[0] for i in range(2)]
    assert task.vocab.decode(batch.x[:, 1]) == ["Taipei", "Taipei"]
    assert cities == ["destination", "departure"]


def test_memory_keeps_the_symbol_after_the_marker_among_look_alikes():
    task = make_task(preset("memory").replace(delay=7, batch_size=32))
    batch = task.batch(0, rng())
    assert batch.x.shape[1] == 11 == task.seq_len  # lead 0..1, marker, symbol, 7 distractors at least, cue
    assert (batch.y[:, :-1] == IGNORE).all()
    marker = task.vocab.index["!"]
    marks = (batch.x == marker).int().argmax(1)
    assert set(marks.tolist()) == {0, 1}  # the marker comes first or second
    assert torch.equal(batch.y[:, -1], batch.x[torch.arange(32), marks + 1])  # the target follows it
    between = batch.x[:, 3:-1]
    assert set(between.unique().tolist()) == {0, 1, 2, 3}  # the distractors are the symbols themselves
    assert task.vocab.decode(batch.x[:, -1]) == ["?"] * len(batch.x)


def test_memory_example_has_each_symbol_once_after_the_same_distractors():
    task = make_task(preset("memory").replace(delay=5))
    example = task.example()
    assert task.vocab.decode(example.y[:, -1]) == ["A", "B", "C", "D"]
    assert (example.x[:, 2:] == example.x[0, 2:]).all() and (example.x[:, 0] == task.vocab.index["!"]).all()


def test_context_refuses_a_window_without_room_for_verb_and_city():
    with refused("too short"):
        make_task(preset("context").replace(seq_len=1))


def test_text_holds_out_its_end_for_validation():
    text = "".join(chr(ord("a") + i % 26) for i in range(1000))
    task = make_task(preset("text").replace(text=text, seq_len=10, batch_size=4, validation=0.2))
    assert task.held_out_chars == 200
    trained = {int(i) for i in task.inputs.data.ravel()} | {int(i) for i in task.targets.ravel() if i != IGNORE}
    assert task.inputs.data.shape[0] * 10 >= 799 and task.inputs.starts[-1] < 800
    held_out = task.validation()
    assert held_out.x.shape == (20, 10)  # 199 steps of held-out text, back to back
    decoded = "".join(task.vocab.decode(held_out.x.ravel()[:199]))
    assert decoded == text[800:999] and trained  # the validation windows are the text's last 200 characters


def test_text_without_validation_or_too_short_to_hold_out_trains_on_all_of_it():
    for validation, text in [(0.0, "abcdefghij" * 20), (0.1, "abcdefghij" * 3)]:
        task = make_task(preset("text").replace(text=text, seq_len=8, validation=validation))
        assert task.validation() is None and task.held_out_chars == 0
