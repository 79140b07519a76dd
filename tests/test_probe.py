import numpy as np
import pytest
import torch

from playground.config import ONE_DIRECTION, TASKS, preset
from playground.probe import predict, series, snapshot
from playground.trainer import Trainer


@pytest.mark.parametrize("task", TASKS)
def test_snapshot_reads_out_what_the_model_predicts(task):
    both_ways = task not in ONE_DIRECTION  # an encoder-decoder has two cores of one direction instead
    trainer = Trainer(preset(task).replace(num_layers=2, bidirectional=both_ways))
    trainer.step(2)
    shot = snapshot(trainer.model, trainer.task)
    batch, y_pred, _ = predict(trainer.model, trainer.task)
    assert torch.allclose(shot.y_pred, y_pred, atol=1e-5)  # the traced readout equals the model's forward
    n, length = batch.x.shape[:2]
    assert shot.states(layer=1, direction=int(both_ways)).shape == (n, length, trainer.config.model.hidden_size)
    assert len(shot.grad_norms) == 4  # two layers, two directions (or two cores)
    assert all(norms.ndim == 1 and np.isfinite(norms).all() for norms in shot.grad_norms.values())
    assert len(shot.step_labels) == n and len(shot.step_labels[0]) == length


def test_memory_gradient_only_flows_back_from_the_cue():
    trainer = Trainer(preset("memory"))
    norms = snapshot(trainer.model, trainer.task).grad_norms[series("model", 0, 0, 1)]
    assert norms[-1] > 0 and norms[0] > 0
    assert norms[0] < norms[-1]  # it fades on its way back to the symbol


def test_an_untrained_rnn_passes_almost_no_gradient_30_steps_back_and_an_lstm_does():
    from playground.config import preset
    from playground.probe import gradient_reach_at_start

    long, short = (gradient_reach_at_start(preset("memory").replace(delay=d)) for d in (30, 5))
    assert long["RNN"] < 1e-5 and long["LSTM"] > 1e-2
    assert short["RNN"] > 1e3 * long["RNN"]  # the ratio falls geometrically with the distance
    torch_init = gradient_reach_at_start(preset("memory").replace(forget_bias=0.0), cells=("LSTM",))
    assert torch_init["LSTM"] < 1e-3 * long["LSTM"]  # the forget-gate bias is what lets the LSTM start
