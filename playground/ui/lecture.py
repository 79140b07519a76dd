"""Lecture mode: scenes opened from their links, the narration with previous/next, the presenter view, the
keyboard (and a clicker's PageUp/PageDown), and pointing at what a scene is about.

A scene's link (`?scene=<id>`) loads its settings and pre-trains its model on load, with a progress bar, the same
steps for everyone. The keys click the page's own buttons, so a key does exactly what the button does.
"""

from __future__ import annotations

import streamlit as st

from playground import link, scenes, site
from playground.errors import message
from playground.trainer import Trainer
from playground.ui import language, session
from playground.ui.language import t

SCENE = "scene_open"  # session key: the scene whose settings the session last loaded
PRETRAIN_CHUNK = 10  # optimizer steps between updates of the progress bar

# The keys (KeyboardEvent.key) and the button each clicks, by its widget key; "?" opens the keys' help.
KEYS = {" ": ["pause", "train"], "ArrowRight": ["step"], "s": ["step"], "PageDown": ["scene_next"],
        "n": ["scene_next"], "PageUp": ["scene_prev"], "p": ["scene_prev"], "r": ["reset"], "?": ["keys_help"]}
# Runs once per page (a flag on window); the Python side refreshes nothing but the keys it reads.
_KEYBOARD_JS = """
export default function({ data }) {
  window.rnnPlaygroundKeys = data.keys;
  if (window.rnnPlaygroundKeysBound) return;
  window.rnnPlaygroundKeysBound = true;
  // Typing in a field, or moving within a widget that uses the arrows itself, is never a shortcut.
  const own = 'input, textarea, select, [contenteditable="true"], [role="textbox"], [role="combobox"], ' +
              '[role="slider"], [role="radiogroup"], [role="listbox"], [role="tablist"]';
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest(own)) return;
    // Space on a focused button or link presses that one, as it always does.
    if (event.key === ' ' && target.closest && target.closest('button, a, [role="button"], [role="switch"]')) return;
    const keys = window.rnnPlaygroundKeys[event.key.length === 1 ? event.key.toLowerCase() : event.key]
                 || window.rnnPlaygroundKeys[event.key];
    if (!keys) return;
    for (const key of keys) {
      const button = document.querySelector(`.st-key-${key} button:not([disabled])`);
      if (button) { event.preventDefault(); button.click(); return; }
    }
  });
}
"""
# Scrolls the element a scene points at into view and marks it, once per opening of a scene (`token`).
_POINT_JS = """
export default function({ data }) {
  if (!data.target || window.rnnPlaygroundPointed === data.token) return;
  window.rnnPlaygroundPointed = data.token;
  const started = Date.now();
  const find = () => {
    const element = document.querySelector(`.st-key-${data.target}`);
    if (element && element.getBoundingClientRect().height > 0) {
      document.querySelectorAll('.rnn-look-here').forEach(e => e.classList.remove('rnn-look-here'));
      element.classList.add('rnn-look-here');
      element.scrollIntoView({block: data.block, behavior: 'instant'});
      // again once the page above has settled (the narration, a progress bar that went away)
      for (const ms of [300, 1000, 2500]) setTimeout(() => element.scrollIntoView({block: data.block}), ms);
    } else if (Date.now() - started < 15000) {
      setTimeout(find, 100);
    }
  };
  find();
}
"""
_keyboard = st.components.v2.component("rnn_playground.keyboard", js=_KEYBOARD_JS)
_point = st.components.v2.component("rnn_playground.point_at", js=_POINT_JS)

# Presenter view: no sidebar or Streamlit chrome, and larger text; the figures take the freed width.
PRESENTER_CSS = """
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],
[data-testid='stToolbar'], [data-testid='stDecoration'] { display: none !important; }
html { font-size: 118%; }
/* room below the last element, so that whatever a scene points at can scroll to the top of the screen */
[data-testid='stMainBlockContainer'] { padding: 1rem 2rem 100vh; max-width: none; }
/* a drawing scaled to the page's width would outgrow the screen: at most three quarters of its height */
[data-testid='stGraphVizChart'] svg { max-height: 75vh; width: auto; }
"""
# What a scene points at: a ring that shows on white and on the dark theme.
LOOK_CSS = ".rnn-look-here { outline: 4px solid #E69F00; outline-offset: 6px; border-radius: 4px; }"


def open_from_link(page: str) -> None:
    """Load the scene the URL names, if the session has not loaded it yet; on its own page (switching there)."""
    wanted = scenes.get(st.query_params.get(link.SCENE))  # an unknown one was reported when the link was read
    if wanted is None or st.session_state.get(SCENE) == wanted.id:
        return
    if wanted.page != page:
        st.switch_page(site.BY_NAME[wanted.page].script, query_params=st.query_params.to_dict())
    load(wanted)


def load(scene: scenes.Scene) -> None:
    """The scene's settings and seed, trained `scene.pretrain` steps with a progress bar; training paused."""
    config = link.read(scene.settings).config
    trainer = Trainer(config)
    if scene.pretrain:
        bar = st.progress(0.0, text=t("scene.pretraining", steps=scene.pretrain))
        while trainer.step_count < scene.pretrain:
            if not trainer.step(min(PRETRAIN_CHUNK, scene.pretrain - trainer.step_count)):
                break  # a refused step: the guard says why, beside the metrics
            bar.progress(trainer.step_count / scene.pretrain,
                         text=t("scene.pretraining_done", step=trainer.step_count, steps=scene.pretrain))
        bar.empty()
    st.session_state[session.CONFIG] = config
    st.session_state[session.TRAINER] = trainer
    session.set_training(False)
    st.session_state[session.REVERT_WIDGETS] = True  # the sidebar shows the scene's settings
    st.session_state[SCENE] = scene.id
    st.session_state["scene_token"] = st.session_state.get("scene_token", 0) + 1
    session.view().scene = scene.id
    if scene.pretrain:  # say why the model is not at step 0
        session.notify(message("scene_opened", title=scene.title[language.lang()], steps=trainer.step_count))


def current() -> scenes.Scene | None:
    return scenes.get(st.session_state.get(SCENE))


def go_to(scene: scenes.Scene) -> None:
    """Open another scene: its page, its link."""
    params = {link.SCENE: scene.id, link.LANG: language.lang()}
    if session.view().present:
        params[link.PRESENT] = "1"
    if session.view().hide:
        params[link.HIDE] = ",".join(session.view().hide)
    st.switch_page(site.BY_NAME[scene.page].script, query_params=params)


def narration() -> None:
    """The open scene: its title and narration (foldable), previous and next."""
    scene = current()
    if scene is None:
        return
    lang = language.lang()
    before, after = scenes.neighbours(scene.id)
    number = scenes.SCENES.index(scene) + 1
    with st.expander(t("scene.heading", number=number, total=len(scenes.SCENES), title=scene.title[lang]),
                     expanded=True, icon=":material/co_present:", key="narration"):
        st.markdown(scene.narration[lang])
        with st.container(horizontal=True):
            if st.button(t("scene.previous"), key="scene_prev", icon=":material/chevron_left:",
                         disabled=before is None, help=t("scene.previous.help")):
                go_to(before)
            if st.button(t("scene.next"), key="scene_next", icon=":material/chevron_right:",
                         disabled=after is None, help=t("scene.next.help")):
                go_to(after)


def scene_menu(place) -> None:
    """Every scene, a link each, in lesson order."""
    if session.hidden("scenes"):
        return
    lang = language.lang()
    with place.popover(t("scene.menu"), icon=":material/co_present:", key="scene_menu"):
        for number, scene in enumerate(scenes.SCENES, 1):
            page = site.BY_NAME[scene.page]
            st.page_link(page.script, label=f"{number}. {scene.title[lang]}",
                         query_params={link.SCENE: scene.id, link.LANG: lang,
                                       **({link.PRESENT: "1"} if session.view().present else {})})


def keys_help(place) -> None:
    """The keys, listed in a popover that "?" opens."""
    with place.popover(t("keys.label"), icon=":material/keyboard:", key="keys_help", help=t("keys.help")):
        st.markdown(t("keys.title"))
        st.table([{t("keys.key"): key, t("keys.does"): t(f"keys.{name}")} for key, name in
                  (("Space", "train"), ("→ / S", "step"), ("PageDown / N", "next"), ("PageUp / P", "previous"),
                   ("R", "reset"), ("?", "help_key"))], hide_index=True)


def keyboard() -> None:
    _keyboard(data={"keys": KEYS}, key="keyboard")


def present_toggle(place) -> None:
    """The presenter view's switch, in the main area (the sidebar is hidden in it)."""
    st.session_state["w_present"] = session.view().present
    place.toggle(t("present.toggle"), key="w_present", on_change=_flip_present, help=t("present.help"))


def _flip_present() -> None:
    session.view().present = st.session_state["w_present"]


def style() -> str:
    return LOOK_CSS + (PRESENTER_CSS if session.view().present else "")


def point_at() -> None:
    """Scroll to what the open scene is about and ring it, once per opening."""
    scene = current()
    if scene is None or not scene.look_at:
        return
    # Presenter view: the figure at the top of the screen, so that it fits below; else in the middle.
    block = "start" if session.view().present else "center"
    _point(data={"target": scene.look_at, "token": st.session_state.get("scene_token", 0), "block": block},
           key="point_at")
