"""The visitor's language: from the link (`lang=`), else the browser's, else English; a sidebar setting.

Pages and widgets get their words through `t` and engine messages through `say`, both in this language.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from playground import i18n
from playground.errors import Message

LANG = "lang"  # session key: "en" or "zh"
WIDGET = "w_lang"
HTML_LANG = {"en": "en", "zh": "zh-Hans"}  # the page's <html lang>: screen readers pick their voice by it
# Sets <html lang> in the visitor's page (Streamlit writes "en" whatever the text). Its data is one of HTML_LANG's
# values, never a visitor's input: a component's JavaScript runs with the page's privileges.
_html_lang = st.components.v2.component(
    "rnn_playground.html_lang",
    js="export default function({ data }) { document.documentElement.lang = data.lang; }",
)


def init(from_link: str | None) -> None:
    """On a session's first run: the link's language, else the browser's (`st.context.locale`)."""
    if LANG not in st.session_state:
        st.session_state[LANG] = from_link or i18n.language_of(st.context.locale)


def lang() -> str:
    return st.session_state.get(LANG, i18n.DEFAULT)


def t(key: str, **values: Any) -> str:
    return i18n.t(key, lang(), **values)


def say(message: Message) -> str:
    return i18n.say(message, lang())


def translator() -> i18n.Translator:
    """`t` for the figures, which take their words as an argument."""
    return i18n.Translator(lang())


def picker(place) -> None:
    """The language setting. Its label is in both languages: a visitor who cannot read one finds the other."""
    st.session_state[WIDGET] = lang()  # a new widget on every page: give it the session's language
    place.segmented_control("Language · 语言", list(i18n.LANGUAGES), key=WIDGET, required=True,
                            format_func=i18n.LANGUAGES.get, on_change=_change)


def mark_page(place) -> None:
    """Set the page's <html lang> to the language shown."""
    with place:
        _html_lang(data={"lang": HTML_LANG[lang()]}, key="html_lang")


def _change() -> None:
    st.session_state[LANG] = st.session_state[WIDGET]  # nothing else changes: model, step and settings stay
