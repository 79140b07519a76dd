"""Messages meant for a person, as data: a code and its values, rendered in the visitor's language by the UI.

A module of its own, with no imports, so that any engine module can raise one without importing the tasks
(windowing raising a TaskError once made windowing -> tasks -> text -> windowing a cycle). The engine never
writes a sentence: `playground.i18n.say(message, lang)` does, from the catalogue's "msg.<code>" template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """A message code (a catalogue key without its "msg." prefix) and the values its template takes. A
    value may itself be a Message (a task's name, say), rendered in the same language."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:  # for logs and tracebacks, not for visitors
        values = ", ".join(f"{k}={v}" for k, v in self.values.items())
        return f"{self.code}({values})"


def message(code: str, **values: Any) -> Message:
    return Message(code, values)


def label(kind: str, name: str) -> Message:
    """A name shown in words, e.g. label("task", "context"): the catalogue's "task.context"."""
    return Message(f"@{kind}.{name}")


class TaskError(ValueError):
    """Bad task input (text, lengths, characters): a Message for the person who gave it, never a traceback."""

    def __init__(self, code: str, **values: Any):
        self.message = Message(code, values)
        super().__init__(str(self.message))
