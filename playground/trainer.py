"""The trainer: optimizer steps, a bounded history, checkpoints to rewind to, and a guard against NaN.

It knows nothing of the UI and little of the model: a task makes the batches and the loss, the model maps
them forward. A run is a pure function of its config (seed included): the weights start from the seed, and
the batch of step t comes from a generator seeded with (seed, t). So the same link trains the same way for
everyone, and a rewind replays exactly.
"""

from __future__ import annotations

import copy
import math
import threading
from collections import deque
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from playground.config import Config, to_values
from playground.models import SequenceModel
from playground.tasks import Task, make_task

MAX_REFUSALS = 100  # refused steps remembered for the loss curve's markers
VALIDATE_EVERY = 25  # steps between measurements on a task's held-out data (a few ms each, text preset)

# Change without a reset, all of them training settings; any other change starts a new run.
LIVE_SETTINGS = ("lr", "lr_decay", "beta2", "clip", "stop_at_target")
OPTIMIZERS = {"Adam": torch.optim.Adam, "SGD": torch.optim.SGD, "RMSprop": torch.optim.RMSprop}
# Each optimizer's fastest implementation on the CPU at these sizes, the same maths: Adam's fused kernel takes a
# third of the default's time (~0.1 of ~0.3 ms a step on the sine setup), RMSprop's multi-tensor one two thirds.
IMPLEMENTATIONS = {"Adam": {"fused": True}, "RMSprop": {"foreach": True}}


def make_optimizer(name: str, parameters, lr: float, beta2: float = 0.999) -> torch.optim.Optimizer:
    """The optimizer `name` over `parameters`, in its fastest implementation (IMPLEMENTATIONS). `beta2` is
    Adam's betas[1]; the other optimizers have none."""
    extra = {"betas": (0.9, beta2)} if name == "Adam" else {}
    return OPTIMIZERS[name](parameters, lr=lr, **extra, **IMPLEMENTATIONS.get(name, {}))

# Dropout draws from torch's process-wide RNG, which concurrent sessions share; seeding it under a lock
# keeps a run with dropout reproducible. Runs without dropout never take the lock.
_GLOBAL_RNG_LOCK = threading.Lock()


@dataclass(frozen=True)
class Record:
    step: int  # optimizer steps done after this one
    loss: float
    metric: float
    lr: float
    grad_norm: float  # before clipping
    validation_loss: float | None = None  # on the task's held-out data, every VALIDATE_EVERY steps
    validation_metric: float | None = None


@dataclass(frozen=True)
class Refusal:
    """A step the guard refused, and where the weights were rolled back to. `what` names the value that
    was not finite: "loss", "grad_norm" or "weights"."""

    step: int  # the refused step's number (the step count it would have reached)
    what: str
    value: float
    rolled_back_to: int
    loss_before: float | None  # the last good step's loss: where the curve was when it spiked


@dataclass
class Checkpoint:
    step: int
    model: dict[str, torch.Tensor]
    optimizer: dict
    carry: object  # the hidden state carried into the next batch, or None


def _clone(state):
    """A copy of tensors nested in dicts, lists and tuples (much faster than copy.deepcopy)."""
    if isinstance(state, torch.Tensor):
        return state.detach().clone()
    if isinstance(state, dict):
        return {k: _clone(v) for k, v in state.items()}
    if isinstance(state, list | tuple):
        return type(state)(_clone(s) for s in state)
    return state


class Trainer:
    """Trains one model on one task.

    Args:
        config: the run's settings; `config.train.seed` fixes the weights and the data.
        history_size: records kept; older ones are dropped.
        checkpoint_every: steps between checkpoints at the start; the interval doubles whenever the
            checkpoints would exceed `checkpoint_bytes`, so they always span the whole run.
        checkpoint_bytes: memory budget for all checkpoints of this run.
        threads: torch intra-op threads while stepping (one is as fast at these sizes, and leaves a core to
            the server); None leaves torch's setting alone.
    """

    def __init__(self, config: Config, history_size: int = 20_000, checkpoint_every: int = 20,
                 checkpoint_bytes: int = 32 * 2**20, threads: int | None = 1):
        self.threads = threads
        self.history_size = history_size
        self.initial_checkpoint_every = checkpoint_every
        self.checkpoint_bytes = checkpoint_bytes
        self.reset(config)

    # --- building and resetting -------------------------------------------------------------------

    def reset(self, config: Config | None = None) -> None:
        """Start the run again from step 0: same seed, same initial weights. A new config may be given.

        A config the task refuses (TaskError) changes nothing: the task and the model are built before anything
        is replaced.
        """
        config = copy.deepcopy(config or self.config)
        task = make_task(config)
        model = task.make_model(config.model, config.train.seed)  # may refuse too: nothing is replaced yet
        self.task: Task = task
        self.config = config
        self.model: SequenceModel = model
        train = self.config.train
        self.optimizer = make_optimizer(train.optimizer, self.model.parameters(), train.lr, train.beta2)
        self.parameters = list(self.model.parameters())  # listed once: iterating modules costs every step
        self.step_count = 0
        self.carry = None
        self.history: deque[Record] = deque(maxlen=self.history_size)
        self.checkpoints: list[Checkpoint] = []
        self.checkpoint_every = self.initial_checkpoint_every
        self.diverged: Refusal | None = None  # the last step refused, until the next good step
        self.refusals: deque[Refusal] = deque(maxlen=MAX_REFUSALS)  # every refused step, for the loss curve
        self.target_step: int | None = None  # the first step at which the task's target was reached
        self.stopped_at_target = False  # the last step reached the target and stop_at_target is on
        self._save_checkpoint()

    def update(self, config: Config) -> list[str]:
        """Move to `config`: live settings change in place; any other change resets the run.

        Returns the names of the settings whose change reset the run (empty when nothing was reset).
        """
        old, new = to_values(self.config), to_values(config)
        changed = [name for name in new if new[name] != old[name]]
        if not changed:
            return []
        if set(changed) <= set(LIVE_SETTINGS):
            self.config.train = copy.deepcopy(config.train)
            self._sync_optimizer()
            return []
        self.reset(config)
        return changed

    def _sync_optimizer(self) -> None:
        """The optimizer's hyperparameters from the config: the scheduled lr of the next step, Adam's beta2."""
        self._apply_lr(self.lr_at(self.step_count))
        for group in self.optimizer.param_groups:
            if "betas" in group:
                group["betas"] = (group["betas"][0], self.config.train.beta2)

    def lr_at(self, step: int) -> float:
        """The learning rate of optimizer step `step` (counted from 0): lr / (1 + step / lr_decay).

        Adam's update is normalised, so at a constant rate it keeps moving every weight by about lr
        each step, however small the loss: a trained model random-walks until it falls off what it
        learned. A decaying rate lets it settle. lr_decay = 0 keeps the rate constant.
        """
        train = self.config.train
        return train.lr / (1.0 + step / train.lr_decay) if train.lr_decay else train.lr

    def _apply_lr(self, lr: float) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = lr

    # --- training ---------------------------------------------------------------------------------

    def step(self, n: int = 1) -> int:
        """Run up to n optimizer steps; stops early if one diverges. Returns the steps done."""
        if self.threads:
            # Under OpenMP the count belongs to the OS thread that sets it: in any other thread, oneDNN and
            # MKL ops run on every core, their idle workers spinning between them. Streamlit starts a new
            # thread for each script run, so a trainer built in one run and stepped in the next sets it again
            # (~0.2 µs).
            torch.set_num_threads(self.threads)
        for done in range(n):
            if not self._step():
                return done
            if self.stopped_at_target:
                return done + 1
        return n

    def _step(self) -> bool:
        seed, step = self.config.train.seed, self.step_count
        self.stopped_at_target = False
        batch = self.task.batch(step, np.random.default_rng((seed, step)))
        if not self.model.training:
            self.model.train()
        if self.model.core.dropout > 0:
            with _GLOBAL_RNG_LOCK:
                torch.manual_seed(seed * 1_000_003 + step)
                loss, y_pred, h_n = self._forward_backward(batch)
        else:
            loss, y_pred, h_n = self._forward_backward(batch)
        loss_value = float(loss)
        if not math.isfinite(loss_value):
            return self._refuse("loss", loss_value)
        grads = [p.grad for p in self.parameters if p.grad is not None]
        norm = torch.linalg.vector_norm(torch.cat([g.reshape(-1) for g in grads]))  # one op: cheapest here
        grad_norm = float(norm)
        if not math.isfinite(grad_norm):
            return self._refuse("grad_norm", grad_norm)
        if self.config.train.clip > 0:
            nn.utils.clip_grads_with_norm_(self.parameters, self.config.train.clip, norm, foreach=True)
        lr = self.lr_at(step)
        self._apply_lr(lr)
        self.optimizer.step()
        if self.task.carries_state:
            self.carry = _clone(h_n)
        self.step_count += 1
        self.diverged = None
        metric = self.task.metric(y_pred, batch.y, loss_value)  # y_pred is detached: no graph, no no_grad (~20 µs)
        validation = self._validate() if self.step_count % VALIDATE_EVERY == 0 or self.step_count == 1 else {}
        self.history.append(Record(self.step_count, loss_value, metric, lr, grad_norm, **validation))
        if self.step_count % self.checkpoint_every == 0:
            # Checkpoints must be finite, as they are what a diverged run rolls back to. Between them, a
            # weight gone NaN shows as a NaN loss on the very next step, which is refused there.
            if not self._weights_finite():
                return self._refuse("weights", math.nan)
            self._save_checkpoint()
        if self.target_step is None and self.task.target.reached(self.history):
            self.target_step = self.step_count
            self.stopped_at_target = self.config.train.stop_at_target
        return True

    @torch.no_grad()
    def _validate(self) -> dict[str, float]:
        """The loss and metric on the task's held-out data, in eval mode (no dropout), from a zero state."""
        batch = self.task.validation()
        if batch is None:
            return {}
        self.model.eval()
        try:
            y_pred, _ = self.model(batch.x)
        finally:
            self.model.train()
        loss = float(self.task.loss(y_pred, batch.y))
        return {"validation_loss": loss, "validation_metric": self.task.metric(y_pred, batch.y, loss)}

    @property
    def last_validation(self) -> Record | None:
        """The latest record with a validation measurement."""
        return next((r for r in reversed(self.history) if r.validation_loss is not None), None)

    def _forward_backward(self, batch):
        y_pred, h_n = self.model(batch.x, self.carry, **batch.model_inputs())
        loss = self.task.loss(y_pred, batch.y)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        return loss.detach(), y_pred.detach(), h_n

    def _weights_finite(self) -> bool:
        # One reduction per tensor: a sum is NaN or inf whenever any element is.
        sums = torch.stack([p.detach().sum() for p in self.parameters])
        return bool(torch.isfinite(sums).all())

    def _refuse(self, what: str, value: float) -> bool:
        """Refuse the step: roll back to the last checkpoint (always finite) and record why."""
        refused, before = self.step_count + 1, self.last.loss if self.last else None
        checkpoint = self.checkpoints[-1]
        self._restore(checkpoint)
        self.diverged = Refusal(refused, what, value, checkpoint.step, before)
        self.refusals.append(self.diverged)
        return False

    # --- checkpoints ------------------------------------------------------------------------------

    def _save_checkpoint(self) -> None:
        if self.checkpoints and self.checkpoints[-1].step == self.step_count:
            return
        self.checkpoints.append(Checkpoint(
            self.step_count,
            _clone(self.model.state_dict()),
            _clone(self.optimizer.state_dict()),
            _clone(self.carry),
        ))
        if len(self.checkpoints) > self._max_checkpoints():
            self._thin_checkpoints()

    def _max_checkpoints(self) -> int:
        per_checkpoint = 4 * sum(p.numel() for p in self.parameters) * 3  # weights + Adam's 2 moments
        return int(min(64, max(4, self.checkpoint_bytes // per_checkpoint)))

    def _thin_checkpoints(self) -> None:
        """Keep every other checkpoint (step 0 always) and double the interval."""
        self.checkpoint_every *= 2
        self.checkpoints = [c for c in self.checkpoints if c.step % self.checkpoint_every == 0]

    def _restore(self, checkpoint: Checkpoint) -> None:
        self.model.load_state_dict(checkpoint.model)
        self.optimizer.load_state_dict(_clone(checkpoint.optimizer))
        self.carry = _clone(checkpoint.carry)
        self.step_count = checkpoint.step
        self._sync_optimizer()  # the live settings win over the saved ones
        if self.target_step is not None and self.target_step > self.step_count:
            self.target_step = None
        while self.history and self.history[-1].step > checkpoint.step:
            self.history.pop()

    def rewind(self, step: int) -> int:
        """Go back to the latest checkpoint at or before `step`. Training on replays the same run.

        Returns the step now current.
        """
        candidates = [c for c in self.checkpoints if c.step <= step] or self.checkpoints[:1]
        self._restore(candidates[-1])
        self.checkpoints = [c for c in self.checkpoints if c.step <= self.step_count]
        self.diverged = None
        return self.step_count

    def weights_at(self, checkpoint: Checkpoint) -> SequenceModel:
        """A copy of the model holding a checkpoint's weights (for looking back without rewinding)."""
        model = copy.deepcopy(self.model)
        model.load_state_dict(checkpoint.model)
        return model.eval()

    # --- reading --------------------------------------------------------------------------------

    @property
    def last(self) -> Record | None:
        return self.history[-1] if self.history else None
