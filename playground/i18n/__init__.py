"""The interface's words in English and 简体中文: one catalogue per language, templates that take values.

`t(key, lang, **values)` fills a template with `str.format` (so `{step:,}` formats a number, and a literal
brace is written twice); a value that
is an `errors.Message` is rendered first, in the same language. `say(message, lang)` renders an engine
message, whose code is the key under "msg.". Torch names, maths and code stay as they are in both.
"""

from __future__ import annotations

import string
from typing import Any

from playground.errors import Message
from playground.i18n import en, zh

CATALOGUES: dict[str, dict[str, str]] = {"en": en.STRINGS, "zh": zh.STRINGS}
LANGUAGES = {"en": "English", "zh": "简体中文"}  # each in its own language: that is how a visitor finds theirs
DEFAULT = "en"


def t(key: str, lang: str = DEFAULT, **values: Any) -> str:
    """The text of `key` in `lang` (English where a key is missing, which the tests forbid)."""
    template = CATALOGUES.get(lang, en.STRINGS).get(key)
    if template is None:
        template = en.STRINGS[key]  # a KeyError names a key that is in no catalogue
    shown = {name: say(value, lang) if isinstance(value, Message) else value for name, value in values.items()}
    return template.format(**shown)


def say(message: Message, lang: str = DEFAULT) -> str:
    """An engine message in words. A code starting with "@" names a plain label ("@task.sine")."""
    code = message.code
    return t(code[1:] if code.startswith("@") else f"msg.{code}", lang, **message.values)


def placeholders(template: str) -> set[str]:
    """The names a template takes: "{step:,} of {total}" -> {"step", "total"}."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def language_of(locale: str | None) -> str:
    """A catalogue's language for a browser locale ("zh-CN", "zh-Hans-TW", "en-GB"); English otherwise."""
    primary = (locale or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in CATALOGUES else DEFAULT


class Translator:
    """`t` bound to one language, for code that takes its words as an argument (the figures)."""

    def __init__(self, lang: str = DEFAULT):
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)


english = Translator(DEFAULT)
