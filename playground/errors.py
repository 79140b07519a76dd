"""Errors meant for the person who gave the input: a message to show, never a traceback.

A module of its own, with no imports, so that any engine module can raise one without importing the tasks
(windowing raising a TaskError once made windowing -> tasks -> text -> windowing a cycle).
"""


class TaskError(ValueError):
    """Bad task input (text, lengths, characters), with a message meant for the person who gave it."""
