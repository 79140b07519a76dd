"""One typed config for a run: the model, the task and the training.

Every field has a range or a set of choices (`FIELDS`), so a config can be checked with a readable error and
round-tripped through a flat dict of strings, which is how a shared link carries it. Parsing never raises: a
bad value is clamped or replaced by the default, and a message says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from playground.errors import Message, label, message

TASKS = ("sine", "hello", "text", "context", "memory", "seq2seq")
MAPPINGS = ("reverse", "autoencode", "translate")  # seq2seq: what the decoder writes
CELLS = ("RNN", "LSTM", "GRU")
NONLINEARITIES = ("tanh", "relu")
OPTIMIZERS = ("Adam", "SGD", "RMSprop")


@dataclass
class ModelConfig:
    cell: str = "RNN"  # recurrent core: torch.nn.RNN, LSTM or GRU
    hidden_size: int = 32  # H_out: units in each layer and direction
    num_layers: int = 1  # stacked recurrent layers
    nonlinearity: str = "tanh"  # RNN only: tanh or relu
    bidirectional: bool = False  # D = 2 when True: a second layer reads the sequence backwards
    bias: bool = True  # b_ih and b_hh in every layer
    dropout: float = 0.0  # between layers, training mode only (needs num_layers > 1)
    batch_first: bool = True  # core input laid out (N, L, H_in) rather than (L, N, H_in)
    embedding_dim: int = 0  # characters: 0 for one-hot input, else a learned embedding of this size
    forget_bias: float = 0.0  # LSTM: the forget gate's starting bias; 0 keeps torch's init (Keras/TF: 1.0)
    linear_head: bool = True  # False: the tutorial's model, the top layer's h_t is the prediction itself


@dataclass
class TaskConfig:
    name: str = "sine"  # one of TASKS
    seq_len: int = 10  # L: time steps in one training window
    carry_state: bool = True  # sine: feed h_n of one window as h_0 of the next, as the classic tutorial
    delay: int = 5  # memory: steps between the symbol and the recall cue
    text: str = ""  # text: the corpus; empty means the bundled default corpus
    validation: float = 0.1  # text: the share of the text at its end held out to measure overfitting; 0: none
    mapping: str = "reverse"  # seq2seq: reverse, autoencode (rebuild the input) or translate (English -> 中文)
    teacher_forcing: float = 0.5  # seq2seq: the chance that a decoder step is fed the true previous symbol


@dataclass
class TrainConfig:
    optimizer: str = "Adam"  # Adam, SGD or RMSprop
    lr: float = 0.02  # learning rate; can change live without a reset
    lr_decay: int = 0  # steps τ of the schedule lr / (1 + step / τ); 0 keeps lr constant; live
    beta2: float = 0.999  # Adam's betas[1]: its gradient-scale average spans ~1 / (1 - beta2) steps; live
    batch_size: int = 1  # N: sequences per optimizer step
    clip: float = 0.0  # max gradient norm; 0 turns clipping off; can change live
    seed: int = 0  # the whole run (weights and data) is a function of the config and this seed
    stop_at_target: bool = False  # pause training when the task's target is first reached; live


@dataclass
class Config:
    model: ModelConfig = field(default_factory=ModelConfig)
    task: TaskConfig = field(default_factory=TaskConfig)
    train: TrainConfig = field(default_factory=TrainConfig)

    def replace(self, **flat: Any) -> Config:
        """A copy with some fields changed, by their flat names (`hidden_size=64`, `lr=0.1`)."""
        values = to_values(self)
        unknown = set(flat) - set(values)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        values.update(flat)
        return from_values(values)


@dataclass(frozen=True)
class Field:
    """How one flat setting is checked and written: its section, type and allowed values."""

    section: str
    kind: type
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    log: bool = False  # shown on a log scale (learning rate)


# The flat names are the URL parameters. Their order is the order a link lists them in.
FIELDS: dict[str, Field] = {
    "task": Field("task", str, TASKS),
    "cell": Field("model", str, CELLS),
    "hidden_size": Field("model", int, low=1, high=128),
    "num_layers": Field("model", int, low=1, high=3),
    "nonlinearity": Field("model", str, NONLINEARITIES),
    "bidirectional": Field("model", bool),
    "bias": Field("model", bool),
    "dropout": Field("model", float, low=0.0, high=0.9),
    "batch_first": Field("model", bool),
    "embedding_dim": Field("model", int, low=0, high=64),
    "forget_bias": Field("model", float, low=0.0, high=5.0),
    "linear_head": Field("model", bool),
    "seq_len": Field("task", int, low=1, high=100),
    "carry_state": Field("task", bool),
    "delay": Field("task", int, low=1, high=60),
    "validation": Field("task", float, low=0.0, high=0.5),
    "mapping": Field("task", str, MAPPINGS),
    "teacher_forcing": Field("task", float, low=0.0, high=1.0),
    "optimizer": Field("train", str, OPTIMIZERS),
    "lr": Field("train", float, low=1e-5, high=10.0, log=True),
    "lr_decay": Field("train", int, low=0, high=100_000),
    "beta2": Field("train", float, low=0.9, high=0.9999),
    "batch_size": Field("train", int, low=1, high=32),  # and within MAX_STEP_MS, see step_ms
    "clip": Field("train", float, low=0.0, high=100.0),
    "seed": Field("train", int, low=0, high=2**31 - 1),
    "stop_at_target": Field("train", bool),
}
TEXT_FIELD = "text"  # carried separately: free text is checked by the task, not clamped here
_FLAT_TO_ATTR = {"task": "name"}  # flat name -> dataclass attribute, where they differ

# Each task starts from settings that train it well; these are also the prepared scenes. Every preset trains
# with Adam at beta2 = 0.99 and a decaying rate (lr_decay = 1000), so that it stays trained (see below).
_STAYS = dict(optimizer="Adam", beta2=0.99, lr_decay=1000)
TASK_PRESETS: dict[str, dict[str, Any]] = {
    "sine": dict(cell="RNN", hidden_size=32, num_layers=1, seq_len=10, batch_size=1, lr=0.02, embedding_dim=0,
                 **_STAYS),
    "hello": dict(cell="RNN", hidden_size=8, num_layers=1, seq_len=5, batch_size=1, lr=0.1, embedding_dim=0,
                  **_STAYS),
    "text": dict(cell="LSTM", hidden_size=64, num_layers=1, seq_len=32, batch_size=16, lr=0.01, embedding_dim=16,
                 **_STAYS),
    "context": dict(cell="RNN", hidden_size=16, num_layers=1, seq_len=6, batch_size=16, lr=0.02, embedding_dim=0,
                    **_STAYS),
    "memory": dict(cell="GRU", hidden_size=32, num_layers=1, delay=30, batch_size=32, lr=0.02, embedding_dim=0,
                   forget_bias=5.0, **_STAYS),
    "seq2seq": dict(cell="GRU", hidden_size=64, num_layers=1, seq_len=5, batch_size=32, lr=0.01, embedding_dim=16,
                    mapping="reverse", teacher_forcing=0.5, **_STAYS),
}
# Why: with a constant rate, the default sine run left its target for good in 9 of 10 seeds within 20,000
# steps (loss 1e-12 -> 0.55). Adam's update is normalised, so at any loss it moves every weight by about lr a
# step, and a trained model random-walks off what it learned: the decaying rate lets it settle. At torch's
# beta2 = 0.999, Adam's average of squared gradients lags ~1000 steps behind them, and a sudden large gradient
# gave steps of up to ~3 lr: the run left its target for hundreds of steps, early and late. At 0.99 one step
# is at most ~lr. Both together held 20 of 20 seeds for 20,000 steps (python -m playground.bench).


# The memory preset starts an LSTM's forget gate at bias 5 (sigmoid(5) = 0.993 of the cell state kept a step,
# 0.82 over 30 steps): with torch's init (~0.5 a step) or Keras' 1.0 (0.73), an untrained LSTM keeps 0.5^30 or
# 0.73^30 of what it saw 30 steps back, and it stayed at chance for 3,000 steps in 5 of 5 seeds. At 3.0 it
# learnt in 4 of 5 seeds 0-4 but 2 of 5 seeds 5-9; at 5.0 in 10 of 10 seeds 5-14. The setting acts on LSTM
# only: RNN and GRU train exactly as without it.

# The shortest window a task can use: context needs the verb and the city.
MIN_SEQ_LEN: dict[str, int] = {"context": 2, "seq2seq": 2}
ONE_DIRECTION = ("seq2seq",)  # tasks whose model cannot be bidirectional: a decoder writes forwards


def min_seq_len(task: str) -> int:
    return MIN_SEQ_LEN.get(task, int(FIELDS["seq_len"].low))


def preset(task: str, seed: int = 0) -> Config:
    """The default config of a task."""
    return from_values({"task": task, "seed": seed, **TASK_PRESETS[task]})


def to_values(config: Config) -> dict[str, Any]:
    """The config as one flat dict of typed values, keyed by the names in FIELDS (plus `text`)."""
    values = {}
    for name, spec in FIELDS.items():
        section = getattr(config, spec.section)
        values[name] = getattr(section, _FLAT_TO_ATTR.get(name, name))
    values[TEXT_FIELD] = config.task.text
    return values


def from_values(values: dict[str, Any]) -> Config:
    """Build a config from flat typed values; missing names take the dataclass defaults. Checks ranges."""
    config = Config()
    for name, value in values.items():
        if name == TEXT_FIELD:
            config.task.text = str(value)
            continue
        if name not in FIELDS:
            raise ValueError(f"unknown setting {name!r}")
        spec = FIELDS[name]
        problem = check(name, value)
        if problem:
            raise ValueError(str(problem))
        section = getattr(config, spec.section)
        setattr(section, _FLAT_TO_ATTR.get(name, name), spec.kind(value))
    return config


def check(name: str, value: Any) -> Message | None:
    """What is wrong if `value` is not allowed for setting `name`, else None."""
    spec = FIELDS[name]
    got = repr(value)
    if spec.kind is bool:
        return None if isinstance(value, bool) else message("not_bool", name=name, got=got)
    if spec.kind is str:
        return None if value in spec.choices else message("not_choice", name=name, choices=", ".join(spec.choices),
                                                          got=got)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return message("not_number", name=name, got=got)
    if spec.kind is int and value != int(value):
        return message("not_whole", name=name, got=got)
    if not math.isfinite(value) or not spec.low <= value <= spec.high:
        return message("out_of_range", name=name, low=_fmt(spec.low), high=_fmt(spec.high), got=got)
    return None


def validate(config: Config) -> list[Message]:
    """Every problem with a config (empty when the config is valid)."""
    values = to_values(config)
    task = config.task.name
    problems = [p for name in FIELDS if (p := check(name, values[name]))]
    if config.task.seq_len < min_seq_len(task):
        problems.append(message("seq_len_at_least", shortest=min_seq_len(task), task=label("task", task)))
    if config.model.bidirectional and task in ONE_DIRECTION:
        problems.append(message("forwards_only", task=label("task", task)))
    if config.model.dropout > 0 and config.model.num_layers == 1:
        problems.append(message("dropout_needs_layers"))
    if problem := too_big(config):
        problems.append(problem)
    if not config.model.linear_head and (config.model.bidirectional or
                                         config.model.hidden_size != headless_size(config)):
        problems.append(message("headless_sizes"))
    return problems


# One optimizer step must fit in a live tick: Pause answers between steps, never inside one. Beside a
# browser, steps ran 1.3x (median) to 2x (p95) slower than alone, and this machine's speed drifts by ~30%:
# at 120 ms the largest model's ticks reached a p95 of 245-258 ms; 100 ms keeps them within 250 ms.
MAX_STEP_MS = 100.0
# Measured on 2 cores (torch 2.13, one thread, 3 bidirectional layers of 128 at L = 100, N = 1 and 9):
# ms per cell step (one layer, one direction, one time step) and per million of step_work. GRU pays
# most per step: at N = 1 it already takes ~125 ms.
_STEP_COST: dict[str, tuple[float, float]] = {"RNN": (0.075, 0.14), "LSTM": (0.028, 0.43), "GRU": (0.19, 0.40)}


def step_work(config: Config) -> int:
    """How big one training step is: the recurrent core's multiply-adds per forward pass, each gate block
    counted once. A size, see `step_ms` for a time.

    Per time step, layer 0 costs D·H·(H_in + H) and each layer above D·H·(D·H + H); H_in is counted as H,
    since it depends on the task's data. Times L (the task's sequence length) and N (batch_size).
    """
    m = config.model
    d, h = (2 if m.bidirectional else 1), m.hidden_size
    per_step = d * h * 2 * h + (m.num_layers - 1) * d * h * (d * h + h)
    return per_step * _sequence_length(config) * config.train.batch_size


def step_ms(config: Config) -> float:
    """Estimated milliseconds of one training step (forward, backward, optimizer) on a 2-core machine.

    A cost per cell step (the time loop's overhead, which batching does not share) plus a cost per
    multiply-add (`step_work`). It matches the measured big models behind `_STEP_COST` within ~10%; small
    models are ruled by fixed costs it leaves out (a sine step takes ~1.5 ms), and they fit anyway.
    """
    m = config.model
    cell_steps = _sequence_length(config) * m.num_layers * (2 if m.bidirectional else 1)
    per_cell_step, per_million = _STEP_COST[m.cell]
    return per_cell_step * cell_steps + per_million * step_work(config) / 1e6


def _sequence_length(config: Config) -> int:
    from playground.tasks import sequence_length  # imported on use: the tasks package imports this module

    return sequence_length(config)


def too_big(config: Config) -> Message | None:
    """Why one training step of `config` is too slow to train live, else None."""
    ms = step_ms(config)
    if ms <= MAX_STEP_MS:
        return None
    return message("too_big", ms=round(ms), limit=round(MAX_STEP_MS))


def to_params(config: Config, defaults: Config | None = None) -> dict[str, str]:
    """The config as a flat dict of strings, for a URL. With `defaults`, only the settings that differ."""
    values = to_values(config)
    base = to_values(defaults) if defaults is not None else {}
    params = {}
    for name, value in values.items():
        if name in base and base[name] == value:
            continue
        if name == TEXT_FIELD and not value:
            continue
        params[name] = _write(value)
    return params


def from_params(params: dict[str, str]) -> tuple[Config, list[Message]]:
    """Parse URL parameters into a config, never raising.

    Missing settings take the task's preset. A malformed or out-of-range value is clamped to the nearest
    valid one or replaced by the default; an unknown parameter is ignored. Each fix is reported in the
    returned list of messages.
    """
    messages: list[Message] = []
    task = params.get("task", "sine")
    task = next((name for name in TASKS if name.lower() == str(task).strip().lower()), task)  # ?task=MEMORY
    if task not in TASKS:
        messages.append(message("unknown_task", got=repr(task), choices=", ".join(TASKS)))
        task = "sine"
    values = to_values(preset(task))
    for name, raw in params.items():
        if name in ("task", TEXT_FIELD):
            continue
        if name not in FIELDS:
            messages.append(message("unknown_setting", name=repr(name)))
            continue
        value, fixed = _read(name, raw, values[name])
        values[name] = value
        if fixed:
            messages.append(fixed)
    if TEXT_FIELD in params:
        values[TEXT_FIELD] = params[TEXT_FIELD]
    config = from_values(values)
    if config.task.seq_len < (shortest := min_seq_len(task)):
        messages.append(message(f"seq_len_too_short_{task}", seq_len=config.task.seq_len, shortest=shortest))
        config.task.seq_len = shortest
    if config.model.bidirectional and task in ONE_DIRECTION:
        messages.append(message("bidirectional_off", task=label("task", task)))
        config.model.bidirectional = False
    if config.model.dropout > 0 and config.model.num_layers == 1:
        messages.append(message("dropout_off"))
        config.model.dropout = 0.0
    if not config.model.linear_head and (fixed := fit_headless(config)):
        messages.append(fixed)
    if too_big(config):
        messages.append(_fit(config))
    return config, messages


def headless_size(config: Config) -> int:
    """hidden_size of a model without a Linear head: one unit per output (the task's classes), as in the
    tutorial's RNNCell(4, 4) for hello -> ohlol."""
    from playground.tasks import make_task  # imported on use: the tasks package imports this module

    return make_task(config).output_size


def fit_headless(config: Config) -> Message | None:
    """Make a config without a Linear head consistent (hidden_size = the outputs, one direction); say what
    changed, or None."""
    size = min(headless_size(config), int(FIELDS["hidden_size"].high))
    changes = []
    if config.model.hidden_size != size:
        changes.append(f"hidden_size={config.model.hidden_size} → {size}")
        config.model.hidden_size = size
    if config.model.bidirectional:
        changes.append("bidirectional → false")
        config.model.bidirectional = False
    if not changes:
        return None
    return message("headless_fitted", changes=", ".join(changes))


def _fit(config: Config) -> Message:
    """Shrink a config that is too big to train live (batch_size first, then seq_len); say what changed."""
    wanted = config.train.batch_size, config.task.seq_len
    while too_big(config) and config.train.batch_size > 1:
        config.train.batch_size -= 1
    while too_big(config) and config.task.seq_len > 1:
        config.task.seq_len -= 1
    changes = [f"{name}={old} → {new}" for name, old, new in
               zip(("batch_size", "seq_len"), wanted, (config.train.batch_size, config.task.seq_len), strict=True)
               if old != new]
    return message("link_too_big", changes=", ".join(changes))


def _read(name: str, raw: str, default: Any) -> tuple[Any, Message | None]:
    """One URL value parsed, clamped or defaulted, with a message when it was not taken as given."""
    spec = FIELDS[name]
    text = str(raw).strip()
    if spec.kind is bool:
        lowered = text.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True, None
        if lowered in ("0", "false", "no", "off"):
            return False, None
        return default, message("param_not_bool", name=name, raw=repr(raw), using=_write(default))
    if spec.kind is str:
        for choice in spec.choices:  # forgive case: ?cell=lstm
            if choice.lower() == text.lower():
                return choice, None
        return default, message("param_not_choice", name=name, raw=repr(raw), choices=", ".join(spec.choices),
                                using=default)
    try:
        number = float(text)
    except ValueError:
        return default, message("param_not_number", name=name, raw=repr(raw), using=_write(default))
    if not math.isfinite(number):
        return default, message("param_not_finite", name=name, raw=repr(raw), using=_write(default))
    clamped = min(max(number, spec.low), spec.high)
    value = round(clamped) if spec.kind is int else clamped
    if clamped != number:
        return value, message("param_out_of_range", name=name, raw=repr(raw), low=_fmt(spec.low),
                              high=_fmt(spec.high), using=_write(value))
    if value != clamped:
        return value, message("param_not_whole", name=name, raw=repr(raw), using=value)
    return value, None


def _write(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _fmt(number: float | None) -> str:
    return f"{number:,.0f}" if number is not None and number == int(number) else f"{number:g}"
