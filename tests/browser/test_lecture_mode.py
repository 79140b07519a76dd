"""Lecture mode in a real browser: every scene from its link on a cold server, in presenter view at a projector's
1280x720 and in both languages, with what it is about in view; the keys and a clicker's PageUp/PageDown; and the
walk through time playing by itself."""

import pytest
from conftest import SCREENSHOTS

from playground import scenes
from playground.bench.driver import METRIC_JS, button, wait_idle, wait_step_at_least
from playground.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

PROJECTOR = {"width": 1280, "height": 720}
FULL_HD = {"width": 1920, "height": 1080}
LOOK_BOX = """() => { const e = document.querySelector('.rnn-look-here');
    if (!e) return null; const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, height: r.height}; }"""
SIDEBAR_SHOWN = """() => { const s = document.querySelector('[data-testid="stSidebar"]');
    return !!s && s.getBoundingClientRect().width > 0 && getComputedStyle(s).display !== 'none'; }"""


@pytest.mark.parametrize("scene", scenes.SCENES, ids=lambda scene: scene.id)
def test_every_scene_opens_cold_in_presenter_view_in_both_languages(cold_server, open_app, scene):
    server = cold_server()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang, size in (("en", PROJECTOR), ("zh", PROJECTOR), ("en", FULL_HD)):
        app = open_app(f"{scene.url(lang)}&present=1", server=server, viewport=size)
        app.page.wait_for_function("() => document.querySelector('.rnn-look-here')")
        app.page.wait_for_timeout(3000)  # the scroll settles (lecture.py scrolls again until 2.5 s)
        box = app.page.evaluate(LOOK_BOX)
        # the viewport's own screenshot, not a full page: what the room sees, scrolled where the scene points
        app.page.screenshot(path=str(SCREENSHOTS / f"scene_{scene.id}_{lang}_{size['width']}x{size['height']}.png"))
        assert not app.page.evaluate(SIDEBAR_SHOWN)
        assert app.step_count() == scene.pretrain
        assert scene.title[lang] in app.page.locator(".st-key-narration").inner_text()
        assert box["top"] >= -1 and box["bottom"] <= size["height"] + 1, (scene.look_at, lang, size, box)


def test_the_keys_train_pause_step_reset_and_move_through_scenes(open_app):
    first, second = scenes.SCENES[:2]
    app = open_app(first.url("en"))
    app.page.evaluate("() => document.activeElement && document.activeElement.blur()")  # keys go to the page
    app.page.keyboard.press("ArrowRight")
    wait_step_at_least(app.page, 1)
    app.page.keyboard.press("s")
    wait_step_at_least(app.page, 2)
    app.page.keyboard.press(" ")  # Train
    app.page.locator(".st-key-pause").wait_for()
    wait_step_at_least(app.page, 5)
    app.page.keyboard.press(" ")  # Pause
    app.page.locator(".st-key-train").wait_for()
    wait_idle(app.page)
    app.page.keyboard.press("r")
    app.page.wait_for_function(f"() => ({METRIC_JS})('Step') === '0'")
    app.page.keyboard.press("PageDown")  # a clicker's "next"
    app.page.get_by_text(second.title["en"]).first.wait_for()
    assert app.wait_params(scene=second.id)
    app.page.keyboard.press("PageUp")
    app.page.get_by_text(first.title["en"]).first.wait_for()
    app.page.keyboard.press("n")
    app.page.get_by_text(second.title["en"]).first.wait_for()
    app.page.keyboard.press("p")
    app.page.get_by_text(first.title["en"]).first.wait_for()
    app.page.keyboard.press("?")
    app.page.get_by_text(t("keys.reset", "en")).first.wait_for()  # the keys' help lists them


def test_keys_do_nothing_while_typing_in_a_field(open_app):
    app = open_app("?task=text")
    before = app.step_count()
    field = app.page.locator(".st-key-prime input")
    field.click()
    field.press("End")
    for key in ("s", "r", " ", "n", "ArrowRight"):
        field.press(key)
    wait_idle(app.page)
    assert app.step_count() == before and app.page.locator(".st-key-train").is_visible()
    assert field.input_value().endswith("sr n")


def test_the_walk_through_plays_one_step_at_a_time(open_app, screenshot):
    app = open_app(f"{scenes.get('walk-through').url('en')}&present=1", viewport=PROJECTOR)
    at = app.page.locator(".st-key-walk_at")
    assert "t = 0" in at.inner_text()
    button(app.page, "walk_on").click()
    app.page.wait_for_function("() => document.querySelector('.st-key-walk_at').innerText.includes('t = 1')")
    app.page.locator(".st-key-walk_slowness").wait_for()
    button(app.page, "walk_play").click()
    app.page.wait_for_function("() => document.querySelector('.st-key-walk_at').innerText.includes('t = 3')",
                               timeout=20_000)
    button(app.page, "walk_pause").click()
    wait_idle(app.page)
    assert app.page.locator(".st-key-walk [data-testid='stGraphVizChart']").count() == 1
    screenshot(app.page, "walk_through_1280x720")
