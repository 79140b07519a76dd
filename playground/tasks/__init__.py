"""Tasks: each turns (step, rng) into a training batch and has its own loss, metric and readable prediction."""

from playground.config import Config
from playground.tasks.base import IGNORE, Batch, Task, TaskError, Vocabulary
from playground.tasks.context import ContextTask
from playground.tasks.hello import HelloTask
from playground.tasks.memory import MemoryTask
from playground.tasks.seq2seq import Seq2SeqTask
from playground.tasks.seq2seq import steps as seq2seq_steps
from playground.tasks.sine import SineTask
from playground.tasks.text import TextTask, default_corpus, sample

__all__ = ["IGNORE", "Batch", "Task", "TaskError", "Vocabulary", "default_corpus", "make_task", "sample",
           "sequence_length"]


def make_task(config: Config) -> Task:
    """The task a config asks for. Raises TaskError, with a readable message, on bad task input."""
    task, n, seed = config.task, config.train.batch_size, config.train.seed
    match task.name:
        case "sine":
            return SineTask(task.seq_len, n, task.carry_state, seed)
        case "hello":
            return HelloTask(n)
        case "text":
            return TextTask(task.text or default_corpus(), task.seq_len, n, seed, task.validation)
        case "context":
            return ContextTask(task.seq_len, n)
        case "memory":
            return MemoryTask(task.delay, n)
        case "seq2seq":
            return Seq2SeqTask(task.mapping, task.seq_len, n, task.teacher_forcing)
    raise TaskError("unknown_task_name", name=repr(task.name))


def sequence_length(config: Config) -> int:
    """L of the task's sequences, without building the task: hello and memory fix their own."""
    match config.task.name:
        case "hello":
            return HelloTask.seq_len
        case "memory":
            return MemoryTask.length(config.task.delay)
        case "seq2seq":  # the encoder's steps and the decoder's
            return sum(seq2seq_steps(config.task.mapping, config.task.seq_len))
    return config.task.seq_len
