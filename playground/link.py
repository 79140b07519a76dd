"""The page's link: every setting of the run (config.py) plus the visitor's view of it: the pace, the language,
the lecture's scene, the presenter view and the controls a lecturer hid.

A shared link opens the same setup for whoever follows it. Reading never raises: a bad value is replaced
and a message says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground import i18n, pacing, scenes
from playground.config import Config, from_params, to_params
from playground.errors import Message, message

PACE, LANG, SCENE, PRESENT, HIDE = "pace", "lang", "scene", "present", "hide"
# Groups of controls a shared link can hide (hide=model,training), as TensorFlow Playground's *_hide flags.
HIDEABLE = ("task", "model", "training", "pace", "language", "navigation", "scenes", "share")


@dataclass
class View:
    """How the visitor sees the run, beside the run's own settings."""

    pace: str = pacing.DEFAULT_PACE
    lang: str | None = None  # the interface's language; None: the browser's
    scene: str | None = None  # the lecture scene the link opens (playground.scenes)
    present: bool = False  # presenter view: no sidebar, larger text
    hide: tuple[str, ...] = ()  # groups of HIDEABLE not drawn


@dataclass
class Link:
    config: Config
    view: View = field(default_factory=View)
    messages: list[Message] = field(default_factory=list)  # what was fixed while reading it


def read(params: dict[str, str]) -> Link:
    """A link's query parameters as a setup."""
    params = dict(params)
    fixes: list[Message | None] = []
    pace, fixed = pacing.from_param(params.pop(PACE, None))
    fixes.append(fixed)
    lang, fixed = read_lang(params.pop(LANG, None))
    fixes.append(fixed)
    scene, fixed = read_scene(params.pop(SCENE, None))
    fixes.append(fixed)
    present = str(params.pop(PRESENT, "0")).strip().lower() in ("1", "true", "yes", "on")
    hide, fixed = read_hide(params.pop(HIDE, None))
    fixes.append(fixed)
    config, messages = from_params(params)
    return Link(config, View(pace, lang, scene, present, hide), messages + [m for m in fixes if m])


def read_lang(raw: str | None) -> tuple[str | None, Message | None]:
    """The language a link asks for (`lang=zh`, `lang=zh-CN`), or None for the browser's."""
    if raw is None:
        return None, None
    text = str(raw).strip().replace("_", "-").split("-")[0].lower()
    if text in i18n.LANGUAGES:
        return text, None
    return None, message("param_not_choice", name=LANG, raw=repr(raw), choices=", ".join(i18n.LANGUAGES),
                         using=i18n.DEFAULT)


def read_scene(raw: str | None) -> tuple[str | None, Message | None]:
    if raw is None or not str(raw).strip():
        return None, None
    scene = scenes.get(raw)
    return (scene.id, None) if scene else (None, message("unknown_scene", raw=repr(raw)))


def read_hide(raw: str | None) -> tuple[tuple[str, ...], Message | None]:
    """`hide=model,training`: the groups to hide, in HIDEABLE's order; unknown names are reported."""
    if not raw:
        return (), None
    names = {name.strip().lower() for name in str(raw).split(",") if name.strip()}
    unknown = sorted(names - set(HIDEABLE))
    fixed = message("param_unknown_groups", raw=repr(raw), unknown=", ".join(unknown),
                    choices=", ".join(HIDEABLE)) if unknown else None
    return tuple(name for name in HIDEABLE if name in names), fixed


def write(config: Config, view: View, lang: str = i18n.DEFAULT) -> dict[str, str]:
    """The query parameters of a setup: every setting, the seed, and the view (the language as shown, `lang`)."""
    params = {**to_params(config), PACE: pacing.to_param(view.pace), LANG: lang}
    if view.scene:
        params[SCENE] = view.scene
    if view.present:
        params[PRESENT] = "1"
    if view.hide:
        params[HIDE] = ",".join(view.hide)
    return params
