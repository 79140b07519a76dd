"""The page's link: every setting of the run (config.py) plus the visitor's view of it (the pace).

A shared link opens the same setup for whoever follows it. Reading never raises: a bad value is replaced
and a message says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground import i18n, pacing
from playground.config import Config, from_params, to_params
from playground.errors import Message, message

PACE, LANG = "pace", "lang"


@dataclass
class Link:
    config: Config
    pace: str = pacing.DEFAULT_PACE
    lang: str | None = None  # the interface's language; None: the browser's
    messages: list[Message] = field(default_factory=list)  # what was fixed while reading it


def read(params: dict[str, str]) -> Link:
    """A link's query parameters as a setup."""
    params = dict(params)
    pace, pace_message = pacing.from_param(params.pop(PACE, None))
    lang, lang_message = read_lang(params.pop(LANG, None))
    config, messages = from_params(params)
    return Link(config, pace, lang, messages + [m for m in (pace_message, lang_message) if m])


def read_lang(raw: str | None) -> tuple[str | None, Message | None]:
    """The language a link asks for (`lang=zh`, `lang=zh-CN`), or None for the browser's."""
    if raw is None:
        return None, None
    text = str(raw).strip().replace("_", "-").split("-")[0].lower()
    if text in i18n.LANGUAGES:
        return text, None
    return None, message("param_not_choice", name=LANG, raw=repr(raw), choices=", ".join(i18n.LANGUAGES),
                         using=i18n.DEFAULT)


def write(config: Config, pace: str, lang: str = i18n.DEFAULT) -> dict[str, str]:
    """The query parameters of a setup: every setting, the seed, the pace and the language."""
    return {**to_params(config), PACE: pacing.to_param(pace), LANG: lang}
