"""What the views show about a model right now: its trace on the task's example, read out and explained.

Every number a view shows comes from here, and so from the real model: the tracer recomputes the core
step by step (checked against torch.nn), the model's own head reads it out, the task explains it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from playground.analysis import gradient_reach, gradient_through_time
from playground.config import Config
from playground.models import SequenceModel
from playground.tasks import Batch, Task, make_task
from playground.unroll import Trace, unroll


@dataclass(eq=False)
class Snapshot:
    batch: Batch  # the task's example: a few fixed sequences
    trace: Trace  # every step of every layer and direction, time-major (L, N, H_out)
    y_pred: torch.Tensor  # (N, L, output_size), detached
    loss: float
    description: dict  # the task's readable prediction
    step_labels: list[list[str]]  # a label for every step of every example sequence
    grad_norms: dict[tuple, np.ndarray]  # series("model", 0, 0, 1) -> ‖∂L/∂h_t‖ for t in 0..L-1

    def states(self, layer: int = -1, direction: int = 0) -> np.ndarray:
        """Hidden states of one layer and direction, sequence-major: (N, L, H_out)."""
        return self.trace.hidden[layer][direction].detach().transpose(0, 1).numpy()


def series(part: str, layer: int, direction: int, directions: int) -> tuple[str, int, int, int]:
    """The key of one core's layer and direction in `Snapshot.grad_norms`; part is "model", "encoder" or
    "decoder". The UI puts it in words."""
    return (part, layer, direction, directions)


@dataclass(eq=False)
class Part:
    """One recurrent core of a model, with what it reads on an example: a sequence model has one ("model"), an
    encoder-decoder two ("encoder", and "decoder", which starts from the encoder's final state)."""

    core: torch.nn.RNNBase
    x: torch.Tensor  # the core's input, in its own layout, detached
    hx: object  # its initial state: None (zeros), h_0, or (h_0, c_0)
    labels: list[list[str]]  # a label for every step of every sequence


def parts(model, task: Task, batch: Batch) -> dict[str, Part]:
    """Every core of `model` on `batch`, in the order data flows through them."""
    model.eval()
    inputs = [task.step_labels(batch, i) for i in range(len(batch.x))]
    x = model.encode(batch.x).detach()
    if not hasattr(model, "decoder"):
        return {"model": Part(model.core, x, None, inputs)}
    with torch.no_grad():
        _, state = model.core(x)
    fed = model.greedy_inputs(state, len(batch.x))  # (N, T): <sos>, then the decoder's own guesses
    decoder_labels = [task.out_vocab.decode(row) for row in fed]
    return {"encoder": Part(model.core, x, None, inputs),
            "decoder": Part(model.decoder, model.decode_input(fed).detach(), state, decoder_labels)}


def snapshot(model: SequenceModel, task: Task, batch: Batch | None = None, part: str | None = None) -> Snapshot:
    """Trace `model` on `batch` (default: the task's example) and measure ‖∂L/∂h_t‖ on it.

    An encoder-decoder is traced through both cores, the decoder from the traced encoder's final state, so
    the gradient reaches back through the hand-over into the encoder; `trace` and `step_labels` are then those
    of `part` ("encoder" by default, or "decoder"), and `grad_norms` has both, labelled by core.
    """
    batch = batch or task.example()
    cores = parts(model, task, batch)
    traces = {}
    if "model" in cores:
        traces["model"] = unroll(model.core, cores["model"].x)
        y_pred = model.readout(traces["model"].output)
    else:
        traces["encoder"] = encoder = unroll(model.core, cores["encoder"].x)
        handed_over = (encoder.h_n, encoder.c_n) if encoder.c_n is not None else encoder.h_n
        traces["decoder"] = unroll(model.decoder, cores["decoder"].x, handed_over)
        y_pred = model.readout(traces["decoder"].output)
    loss = task.loss(y_pred, batch.y)
    grad_norms = {}
    for name, trace in traces.items():
        for layer in range(trace.num_layers):
            for direction in range(trace.num_directions):
                where = series(name, layer, direction, trace.num_directions)
                grad_norms[where] = gradient_through_time(loss, trace.hidden_steps[layer][direction])
    shown = part or next(iter(cores))
    y_pred = y_pred.detach()
    return Snapshot(
        batch=batch,
        trace=traces[shown],
        y_pred=y_pred,
        loss=float(loss.detach()),
        description=task.describe(batch, y_pred),
        step_labels=cores[shown].labels,
        grad_norms=grad_norms,
    )


@torch.no_grad()
def predict(model: SequenceModel, task: Task) -> tuple[Batch, torch.Tensor, dict]:
    """The model's prediction on the task's example, and the task's reading of it (no trace: cheap)."""
    batch = task.example()
    model.eval()
    y_pred, _ = model(batch.x)  # an encoder-decoder decodes greedily
    return batch, y_pred, task.describe(batch, y_pred)


def gradient_reach_at_start(config: Config, cells=("RNN", "LSTM")) -> dict[str, float]:
    """For each cell, a model built from `config` with only the cell changed, untrained (step 0, the config's
    seed): ‖∂L/∂h_t‖ at t = 0 over t = L-1 on the task's example, for the top layer's forward direction. What
    decides whether training can start to use the first steps at all."""
    task = make_task(config)
    reach = {}
    for cell in cells:
        model_config = config.replace(cell=cell).model
        model = task.make_model(model_config, config.train.seed)
        norms = snapshot(model, task).grad_norms
        top = series("model", model_config.num_layers - 1, 0, 1 + model_config.bidirectional)
        reach[cell] = gradient_reach(norms[top])
    return reach
