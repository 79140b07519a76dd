"""Sequence to sequence: the task's batches, the encoder-decoder, greedy decoding, and what the views trace."""

import os
import shutil
import subprocess

import numpy as np
import pytest
import torch
from messages import refused

from playground.config import from_params, preset
from playground.graph import seq2seq_dot, seq2seq_legend
from playground.i18n import say
from playground.models import Seq2SeqModel
from playground.probe import parts, series, snapshot
from playground.tasks import IGNORE, make_task
from playground.tasks.seq2seq import PAIRS, STOP
from playground.trainer import Trainer


def task_of(**settings):
    return make_task(preset("seq2seq").replace(**settings))


def test_reverse_maps_to_a_longer_output_that_ends_in_the_stop_symbol():
    task = task_of(seq_len=4, batch_size=8, teacher_forcing=0.5)
    batch = task.batch(0, np.random.default_rng(0))
    assert batch.x.shape == (8, 4) and batch.y.shape == (8, 5)  # T = L_in + 1: a different length
    for x, y in zip(batch.x, batch.y, strict=True):
        assert task.out_vocab.decode(y) == [*task.vocab.decode(x)[::-1], STOP]
    assert (batch.decoder_input[:, 0] == task.out_vocab.index["<sos>"]).all()
    assert torch.equal(batch.decoder_input[:, 1:], batch.y[:, :-1])  # the true previous symbols
    assert batch.teacher.dtype == torch.bool and 0 < batch.teacher.float().mean() < 1


def test_autoencoder_rebuilds_the_input():
    task = task_of(mapping="autoencode", seq_len=3)
    batch = task.example()
    assert [task.out_vocab.decode(y)[:-1] for y in batch.y] == [task.vocab.decode(x) for x in batch.x]


def test_translation_pads_english_in_front_and_ignores_after_the_stop_symbol():
    task = task_of(mapping="translate", batch_size=16)
    assert len(PAIRS) >= 30
    batch = task.validation()  # the whole lexicon
    assert len(batch.x) == len(PAIRS)
    first = task.describe(batch, torch.nn.functional.one_hot(batch.y.clamp(min=0), task.output_size).float())
    assert first["rows"][0] == {"input": "machine learning", "target": "机器学习<eos>", "output": "机器学习<eos>"}
    assert first["exact"] == 1.0 and first["token_accuracy"] == 1.0
    short = task.vocab.decode(batch.x[[e for e, _ in PAIRS].index("gradient")])
    assert short[:-1] == ["<pad>"] * (task.seq_len - 1) and short[-1] == "gradient"
    assert (batch.y[[e for e, _ in PAIRS].index("gradient"), 3:] == IGNORE).all()  # 梯度<eos>, then nothing


def test_a_batch_is_a_function_of_the_step_and_the_seed():
    task = task_of()
    a, b = (task.batch(3, np.random.default_rng((0, 3))) for _ in range(2))
    assert torch.equal(a.x, b.x) and torch.equal(a.teacher, b.teacher)


def test_exact_sequence_accuracy_needs_every_step_right():
    task = task_of(seq_len=3)
    batch = task.example()
    perfect = torch.nn.functional.one_hot(batch.y, task.output_size).float()
    assert task.metric(perfect, batch.y, 0.0) == 1.0
    perfect[0, 1] = perfect[0, 1].roll(1)
    assert task.metric(perfect, batch.y, 0.0) == 0.75


def test_bad_settings_get_a_clear_message():
    with refused("at least 2"):
        task_of(seq_len=1)
    config, messages = from_params({"task": "seq2seq", "bidirectional": "true", "seq_len": "1"})
    assert not config.model.bidirectional and config.task.seq_len == 2
    said = [say(m) for m in messages]
    assert any("forwards only" in m for m in said) and any("seq_len=1" in m for m in said)


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_teacher_forcing_in_one_fused_call_equals_feeding_the_truth_step_by_step(cell):
    trainer = Trainer(preset("seq2seq").replace(cell=cell, num_layers=2, hidden_size=8))
    model, batch = trainer.model.eval(), trainer.task.batch(0, np.random.default_rng(0))
    fed = torch.ones_like(batch.teacher)
    fused, _ = model(batch.x, decoder_input=batch.decoder_input, teacher=fed)
    with_one_false = fed.clone()
    with_one_false[:, -1] = False  # forces the step-by-step loop; the last step's input is then its own guess
    looped, _ = model(batch.x, decoder_input=batch.decoder_input, teacher=with_one_false)
    assert torch.allclose(fused[:, :-1], looped[:, :-1], atol=1e-6)


def test_the_cores_are_plain_torch_modules():
    model = Trainer(preset("seq2seq").replace(cell="LSTM")).model
    assert isinstance(model, Seq2SeqModel)
    plain = torch.nn.LSTM(model.decoder.input_size, 64, batch_first=True)
    plain.load_state_dict(model.decoder.state_dict())


@pytest.mark.parametrize("seed", [1000, 1001])
def test_the_preset_learns_to_reverse_for_a_seed_the_benchmark_does_not_use(seed):
    """Greedy decoding, on 256 held-out sequences: >= 95% exactly right within 3,000 steps."""
    trainer = Trainer(preset("seq2seq", seed=seed))
    while trainer.step_count < 3000:
        trainer.step(250)
        if trainer.last_validation.validation_metric >= 0.95:
            break
    assert trainer.last_validation.validation_metric >= 0.95


def test_the_trace_of_both_cores_is_what_the_model_predicts_and_the_gradient_reaches_the_encoder():
    trainer = Trainer(preset("seq2seq").replace(cell="GRU", hidden_size=16))
    trainer.step(50)
    model, task = trainer.model, trainer.task
    predicted, _ = model(task.example().x)
    for part in ("encoder", "decoder"):
        shot = snapshot(model, task, part=part)
        assert torch.allclose(shot.y_pred, predicted, atol=1e-5)
    shot = snapshot(model, task)
    encoder, decoder = series("encoder", 0, 0, 1), series("decoder", 0, 0, 1)
    assert set(shot.grad_norms) == {encoder, decoder}
    assert len(shot.grad_norms[encoder]) == task.seq_len
    assert len(shot.grad_norms[decoder]) == task.out_len
    assert (shot.grad_norms[encoder] > 0).all()  # through the hand-over
    cores = parts(model, task, task.example())
    assert cores["decoder"].labels[0][0] == "<sos>" and cores["decoder"].hx is not None


def test_the_graph_shows_the_encoder_the_hand_over_and_the_decoder_feeding_back():
    dot = seq2seq_dot("LSTM", 8, 16, 64, 2, 32, 5, 6, 10, input_labels=list("abcde"),
                      output_labels=["<sos>", *"edcb"])
    assert "cluster_enc" in dot and "cluster_dec" in dot and "hand-over" in dot and "fed back" in dot
    assert "h, c: (2, 32, 64)" in dot and "x_0 'a'" in dot and "(32, 10)" in dot
    long = seq2seq_dot("GRU", 8, 16, 64, 1, 32, 40, 41, 10, max_steps=5)
    assert "enc_ell" in long and "dec_c40" in long and "enc_c39" in long
    assert any("h_0" in line for line in seq2seq_legend("GRU", 64, 1, 32, 5, 6))


def test_a_bidirectional_encoder_decoder_is_refused_and_changes_nothing():
    trainer = Trainer(preset("seq2seq"))
    trainer.step(3)
    with refused("forwards only"):
        trainer.update(preset("seq2seq").replace(bidirectional=True))
    assert trainer.step_count == 3 and not trainer.config.model.bidirectional


@pytest.mark.skipif(shutil.which("dot") is None and not os.environ.get("CI"), reason="Graphviz `dot` not installed")
def test_the_seq2seq_graph_is_valid_graphviz():
    dot = seq2seq_dot("GRU", 8, 16, 64, 2, 32, 40, 41, 10, input_labels=list("abcde"), output_labels=["<sos>", "e"])
    result = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "decoder h_0" in result.stdout and "<svg" in result.stdout
