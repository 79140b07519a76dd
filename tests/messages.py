"""Test helpers for the engine's structured messages: they are checked in the words a visitor reads."""

import contextlib

from playground.i18n import say
from playground.tasks import TaskError


@contextlib.contextmanager
def refused(fragment: str):
    """Expect a TaskError whose English rendering contains `fragment`."""
    try:
        yield
    except TaskError as error:
        text = say(error.message)
        assert fragment in text, f"{fragment!r} not in {text!r}"
    else:
        raise AssertionError(f"no TaskError (expected one saying {fragment!r})")
