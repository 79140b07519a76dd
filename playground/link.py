"""The page's link: every setting of the run (config.py) plus the visitor's view of it (the pace).

A shared link opens the same setup for whoever follows it. Reading never raises: a bad value is replaced
and a message says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground import pacing
from playground.config import Config, from_params, to_params

PACE = "pace"


@dataclass
class Link:
    config: Config
    pace: str = pacing.DEFAULT_PACE
    messages: list[str] = field(default_factory=list)  # what was fixed while reading it


def read(params: dict[str, str]) -> Link:
    """A link's query parameters as a setup."""
    params = dict(params)
    pace, pace_message = pacing.from_param(params.pop(PACE, None))
    config, messages = from_params(params)
    return Link(config, pace, messages + ([pace_message] if pace_message else []))


def write(config: Config, pace: str) -> dict[str, str]:
    """The query parameters of a setup: every setting, the seed and the pace."""
    return {**to_params(config), PACE: pacing.to_param(pace)}
