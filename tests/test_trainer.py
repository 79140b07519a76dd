import ctypes
import math
import threading
from pathlib import Path

import pytest
import torch

from playground.config import preset
from playground.trainer import Trainer


def losses(trainer):
    return [r.loss for r in trainer.history]


def test_same_config_and_seed_give_identical_loss_curves():
    a, b = Trainer(preset("sine", seed=3)), Trainer(preset("sine", seed=3))
    torch.manual_seed(999)  # other users of the global RNG must not matter
    a.step(40)
    b.step(40)
    assert losses(a) == losses(b)
    c = Trainer(preset("sine", seed=4))
    c.step(40)
    assert losses(c) != losses(a)


@pytest.mark.parametrize("task", ["sine", "hello", "text", "context", "memory"])
def test_history_records_every_step(task):
    trainer = Trainer(preset(task))
    assert trainer.step(3) == 3
    assert [r.step for r in trainer.history] == [1, 2, 3]
    record = trainer.last
    assert math.isfinite(record.loss) and math.isfinite(record.metric) and record.grad_norm > 0


def test_sine_and_hello_learn():
    sine, hello = Trainer(preset("sine")), Trainer(preset("hello"))
    sine.step(150)
    hello.step(30)
    assert sine.target_step <= 100 and min(losses(sine)) < 0.01
    assert hello.target_step <= 30 and hello.last.metric == 1.0


def test_history_is_bounded():
    trainer = Trainer(preset("hello"), history_size=5)
    trainer.step(12)
    assert [r.step for r in trainer.history] == [8, 9, 10, 11, 12]


def test_lr_and_clip_change_live_without_reset():
    trainer = Trainer(preset("sine"))
    trainer.step(5)
    weights = [p.clone() for p in trainer.model.parameters()]
    assert trainer.update(trainer.config.replace(lr=0.001, clip=0.5)) == []
    assert trainer.step_count == 5
    assert all(torch.equal(a, b) for a, b in zip(weights, trainer.model.parameters(), strict=True))
    trainer.step(1)
    assert trainer.last.lr == pytest.approx(0.001 / (1 + 5 / 1000))  # on the preset's schedule
    assert trainer.optimizer.param_groups[0]["lr"] == trainer.last.lr


def test_clipping_bounds_the_update():
    trainer = Trainer(preset("sine").replace(optimizer="SGD", lr=1.0, clip=0.01))
    before = [p.clone() for p in trainer.model.parameters()]
    trainer.step(1)
    moved = torch.sqrt(sum(((p - b) ** 2).sum() for p, b in zip(trainer.model.parameters(), before, strict=True)))
    assert moved <= 0.01 + 1e-6


def test_architecture_change_resets_and_says_so():
    trainer = Trainer(preset("sine"))
    trainer.step(5)
    assert trainer.update(trainer.config.replace(cell="GRU", hidden_size=16)) == ["cell", "hidden_size"]
    assert trainer.step_count == 0 and trainer.model.cfg.cell == "GRU"


def test_reset_gives_the_same_initial_weights():
    trainer = Trainer(preset("hello"))
    initial = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    trainer.step(10)
    trainer.reset()
    assert all(torch.equal(v, trainer.model.state_dict()[k]) for k, v in initial.items())


def test_checkpoints_are_bounded_and_span_the_run():
    trainer = Trainer(preset("hello"), checkpoint_every=2, checkpoint_bytes=1)  # budget forces the minimum
    trainer.step(100)
    steps = [c.step for c in trainer.checkpoints]
    assert len(steps) <= 4 + 1
    assert steps[0] == 0 and steps[-1] >= 50


def test_rewind_replays_exactly():
    trainer = Trainer(preset("sine"), checkpoint_every=10)
    trainer.step(30)
    original = losses(trainer)
    assert trainer.rewind(14) == 10
    assert losses(trainer) == original[:10]
    trainer.step(20)
    assert losses(trainer) == original


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_divergence_is_refused_and_rolled_back(cell):
    config = preset("sine").replace(optimizer="SGD", lr=10.0, cell=cell, hidden_size=64)
    trainer = Trainer(config, checkpoint_every=5)
    done = trainer.step(200)
    assert done < 200
    refusal = trainer.diverged
    assert refusal.what in ("loss", "grad_norm") and not math.isfinite(refusal.value)
    assert refusal.step == done + 1 and refusal.rolled_back_to == trainer.step_count
    assert list(trainer.refusals) == [refusal]
    assert trainer.step_count == trainer.checkpoints[-1].step
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())
    assert all(math.isfinite(r.loss) for r in trainer.history)


def test_nan_weights_are_rolled_back():
    trainer = Trainer(preset("hello"), checkpoint_every=5)
    trainer.step(7)
    with torch.no_grad():
        trainer.model.head.weight[0, 0] = float("nan")
    assert trainer.step(1) == 0
    assert trainer.diverged.step == 8 and trainer.diverged.rolled_back_to == trainer.step_count == 5
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())


def test_dropout_runs_are_reproducible():
    config = preset("sine").replace(num_layers=2, dropout=0.3)
    a, b = Trainer(config), Trainer(config)
    a.step(10)
    b.step(10)
    assert losses(a) == losses(b)


@pytest.mark.parametrize("optimizer", ["SGD", "Adam", "RMSprop"])
def test_every_optimizer_trains(optimizer):
    trainer = Trainer(preset("hello").replace(optimizer=optimizer, lr=0.05))
    trainer.step(60)
    assert trainer.history[-1].loss < trainer.history[0].loss


def _libgomp() -> ctypes.CDLL | None:
    """torch's libgomp, whose omp_get_max_threads answers for the calling OS thread; None elsewhere."""
    maps = Path("/proc/self/maps")
    if not maps.exists():
        return None
    paths = sorted({line.split()[-1] for line in maps.read_text().splitlines() if "libgomp" in line})
    torch_dir = str(Path(torch.__file__).parent)
    paths.sort(key=lambda path: not path.startswith(torch_dir))  # torch's own copy first
    return ctypes.CDLL(paths[0]) if paths else None


def _in_a_new_thread(work):
    results = []
    thread = threading.Thread(target=lambda: results.append(work()))
    thread.start()
    thread.join()
    assert results, "the work raised in its thread (see the warning above)"
    return results[0]


def test_steps_in_another_os_thread_use_the_trainers_thread_count():
    # Streamlit runs each script run in a new thread: the trainer is built in one and stepped in the next.
    gomp = _libgomp()
    if gomp is None:
        pytest.skip("torch is not built with libgomp here")
    if _in_a_new_thread(gomp.omp_get_max_threads) == 1:
        pytest.skip("a new thread has one OpenMP thread anyway here (OMP_NUM_THREADS=1 or one CPU)")
    # SGD: fused Adam's kernel happens to reset the count itself (torch's lazy per-thread init), hiding the bug.
    trainer = Trainer(preset("sine").replace(optimizer="SGD"), threads=1)

    def step_and_count() -> int:
        trainer.step(2)
        return gomp.omp_get_max_threads()

    assert _in_a_new_thread(step_and_count) == 1


def test_a_config_the_task_refuses_changes_nothing():
    from playground.tasks import TaskError

    trainer = Trainer(preset("text"))
    trainer.step(2)
    before = trainer.config
    with pytest.raises(TaskError):
        trainer.update(before.replace(text="too short", seq_len=32))
    assert trainer.config == before and trainer.step_count == 2
    assert trainer.step(1) == 1


def test_lr_decays_as_one_over_t_and_is_recorded():
    trainer = Trainer(preset("sine").replace(lr=0.02, lr_decay=10))
    trainer.step(21)
    assert [r.lr for r in trainer.history][::10] == pytest.approx([0.02, 0.01, 0.02 / 3])
    assert trainer.optimizer.param_groups[0]["lr"] == pytest.approx(0.02 / 3)
    assert Trainer(preset("sine").replace(lr_decay=0)).lr_at(10_000) == preset("sine").train.lr


def test_lr_decay_and_stop_at_target_change_live():
    trainer = Trainer(preset("sine"))
    trainer.step(5)
    assert trainer.update(trainer.config.replace(lr_decay=7, stop_at_target=True)) == []
    assert trainer.step_count == 5 and trainer.config.train.lr_decay == 7 and trainer.config.train.stop_at_target


def test_rewind_restores_the_scheduled_lr():
    trainer = Trainer(preset("sine").replace(lr_decay=20), checkpoint_every=20)
    trainer.step(60)
    trainer.rewind(20)
    assert trainer.optimizer.param_groups[0]["lr"] == pytest.approx(trainer.lr_at(20))
    trainer.step(1)
    assert trainer.last.lr == pytest.approx(trainer.config.train.lr / 2)


@pytest.mark.parametrize("task", ["sine", "hello"])
def test_stop_at_target_pauses_once_where_the_target_is_first_reached(task):
    free = Trainer(preset(task))
    free.step(300)
    assert free.target_step is not None and not free.stopped_at_target
    stopping = Trainer(preset(task).replace(stop_at_target=True))
    assert stopping.step(300) == free.target_step
    assert stopping.stopped_at_target and stopping.target_step == stopping.step_count
    assert stopping.task.target.reached(stopping.history)
    assert stopping.step(10) == 10  # once past it, training goes on
    assert not stopping.stopped_at_target


def test_rewinding_before_the_target_forgets_it():
    trainer = Trainer(preset("hello"), checkpoint_every=5)
    trainer.step(40)
    assert trainer.target_step is not None
    trainer.rewind(0)
    assert trainer.target_step is None


def test_beta2_is_adams_and_changes_live():
    trainer = Trainer(preset("sine").replace(beta2=0.99))
    assert trainer.optimizer.param_groups[0]["betas"] == (0.9, 0.99)
    trainer.step(3)
    assert trainer.update(trainer.config.replace(beta2=0.995)) == []
    assert trainer.optimizer.param_groups[0]["betas"] == (0.9, 0.995) and trainer.step_count == 3
    assert "betas" not in Trainer(preset("sine").replace(optimizer="SGD")).optimizer.param_groups[0]


def test_validation_is_measured_every_few_steps_on_tasks_that_hold_data_out():
    from playground.trainer import VALIDATE_EVERY

    text = preset("text").replace(text="the cat sat on the mat. " * 40, hidden_size=16, seq_len=8)
    trainer = Trainer(text)
    trainer.step(VALIDATE_EVERY * 2)
    measured = [r.step for r in trainer.history if r.validation_loss is not None]
    assert measured == [1, VALIDATE_EVERY, 2 * VALIDATE_EVERY]
    assert trainer.last_validation.validation_metric == pytest.approx(math.exp(trainer.last_validation.validation_loss))
    assert trainer.model.training
    sine = Trainer(preset("sine"))
    sine.step(VALIDATE_EVERY)
    assert sine.last_validation is None


def test_measuring_validation_leaves_the_run_as_it_was():
    """The same config trains to the same weights whether or not a validation measurement fell on a step."""
    from playground.trainer import VALIDATE_EVERY

    config = preset("text").replace(text="abc abd abe " * 30, hidden_size=8, seq_len=6, dropout=0.0)
    a, b = Trainer(config), Trainer(config)
    a.step(VALIDATE_EVERY + 3)
    for _ in range(VALIDATE_EVERY + 3):
        b.step(1)
    assert [r.loss for r in a.history] == [r.loss for r in b.history]


def test_a_language_model_on_a_short_text_overfits_visibly():
    """On a short text, the training perplexity falls far below the held-out one: the model learns it by heart."""
    text = ("It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
            "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of "
            "Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair.")
    trainer = Trainer(preset("text").replace(text=text, validation=0.2, seed=7))
    trainer.step(400)
    training, held_out = trainer.last.metric, trainer.last_validation.validation_metric
    assert training < 2.0 and held_out > 2 * training


def test_the_tutorials_hello_model_without_a_head_learns_ohlol():
    """RNNCell(4, 4) and no Linear: h_t is the prediction. It reaches 100% on seeds where it does not get stuck."""
    from playground.config import from_params

    config, _ = from_params({"task": "hello", "linear_head": "false", "seed": "1"})
    trainer = Trainer(config)
    trainer.step(100)
    assert trainer.target_step is not None and sum(p.numel() for p in trainer.model.parameters()) == 40
