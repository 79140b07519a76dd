"""A link copied from the address bar restores the setup in a fresh browser and trains the same way."""

import pytest

from playground import link
from playground.bench.driver import wait_rerun
from playground.trainer import Trainer
from playground.ui.views import loss_text

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
STEPS = 7


def test_shared_link_reproduces_the_loss(open_app):
    # Visitor A: a non-default hidden size from a link, then a non-default seed typed into the sidebar.
    a = open_app("?task=sine&hidden_size=24")
    seed = a.page.locator(".st-key-w_seed input")
    seed.fill("5")
    wait_rerun(a.page, lambda: seed.press("Enter"))
    assert a.number_value("w_seed") == "5"
    a.press_step(STEPS)
    loss_a = a.metric("Loss")
    shared = a.wait_params(task="sine", hidden_size="24", seed="5")
    address = a.page.url

    # Visitor B: a new browser context (no cookies, a new session) opens the link A's address bar shows.
    b = open_app(address)
    assert b.slider_value("w_hidden_size") == "24"
    assert b.number_value("w_seed") == "5"
    assert b.params() == shared
    b.press_step(STEPS)
    assert b.metric("Step") == str(STEPS)
    assert b.metric("Loss") == loss_a

    # And both show the engine's own number: the run is a function of the link alone.
    trainer = Trainer(link.read(shared).config)
    trainer.step(STEPS)
    assert loss_a == loss_text(trainer.last.loss)


def test_the_share_box_copies_a_link_that_opens_the_same_setup(open_app):
    a = open_app("?task=hello&cell=GRU&hidden_size=12&seed=9")
    a.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=a.server.url)
    a.page.locator('[data-testid="stPopover"] button', has_text="Share this setup").click()
    code = a.page.get_by_test_id("stCode")
    code.hover()  # the copy button shows on hover
    code.get_by_role("button", name="Copy to clipboard").click()
    copied = a.page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(a.server.url) and copied == code.inner_text().strip()

    b = open_app(copied)
    assert b.params() == a.params()
    assert b.chosen("w_cell") == "GRU"
    assert b.slider_value("w_hidden_size") == "12"
    assert b.number_value("w_seed") == "9"
