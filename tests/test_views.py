"""The pure helpers of playground/ui/views.py (the widgets themselves are covered by the page AppTests)."""

from playground.ui.views import loss_text, refusal_text, sequence_preview, target_text


def test_characters_read_as_text_and_words_or_numbers_keep_their_spaces():
    assert sequence_preview(list("hello")) == "hello"
    assert sequence_preview(["arrive", "Taipei", "on", "Monday"]) == "arrive Taipei on Monday"
    assert sequence_preview(["+0.00", "+0.34", "+0.64"]) == "+0.00 +0.34 +0.64"


def test_a_long_sequence_is_cut_to_fit_its_picker_and_says_so():
    assert sequence_preview(list("abcdefghijklmnop"), limit=7) == "abcde …"
    assert sequence_preview(list("abcde"), limit=7) == "abcde"
    numbers = [f"{v:+.2f}" for v in (0.0, 0.34, 0.64, 0.87, 0.98)]
    assert sequence_preview(numbers) == "+0.00 +0.34 +0.64 …" and len(sequence_preview(numbers)) <= 24
    assert sequence_preview(["antidisestablishmentarianism", "x"], limit=10).endswith(" …")


def test_a_tiny_loss_is_not_shown_as_zero():
    assert loss_text(0.5524) == "0.5524"
    assert loss_text(0.001) == "0.0010"
    assert loss_text(0.0000123456) == "1.23e-05"
    assert loss_text(0.0) == "0.0000"


def test_targets_read_in_words():
    from playground.config import preset
    from playground.tasks import make_task

    words = {task: target_text(make_task(preset(task))) for task in ("sine", "hello", "memory", "text")}
    assert words == {"sine": "loss < 0.01", "hello": "accuracy = 100%",
                     "memory": "recall accuracy ≥ 95% (mean of 20 steps)", "text": "perplexity < 5 (mean of 20 steps)"}


def test_a_refusal_says_what_broke_and_where_the_weights_went():
    from playground.trainer import Refusal

    text = refusal_text(Refusal(step=47, what="grad_norm", value=float("inf"), rolled_back_to=40, loss_before=0.2))
    assert text.startswith("Training stopped: the gradient norm became inf at step 47.")
    assert "rolled back to step 40" in text
