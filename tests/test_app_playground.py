"""The Playground page: controls, live training, task views, URL round trip and bad input."""

import time
from urllib.parse import parse_qsl, urlsplit

from apptest import charts, metric, no_errors, open_page, step, table_with

from playground import link
from playground.config import preset, to_params
from playground.pacing import DEFAULT_PACE
from playground.tasks.text import MAX_TEXT_CHARS


def test_renders_with_metrics_and_an_empty_curve_prompt():
    at = open_page()
    no_errors(at)
    assert (metric(at, "Step"), metric(at, "Loss")) == ("0", "—")
    assert at.title[0].value == "Playground"
    assert any("Press **Train**" in i.value for i in at.info)


def test_step_button_runs_exactly_one_step():
    at = open_page()
    at.button(key="step").click().run()
    assert step(at) == 1
    assert metric(at, "Loss") != "—"


def test_train_then_one_tick_trains_and_pause_stops():
    at = open_page(pace="max")
    at.button(key="train").click().run()  # one run = one fragment tick
    first = step(at)
    assert first > 1  # at "max" a tick trains for its whole time
    assert at.button(key="pause")  # Train became Pause
    at.run()
    assert step(at) > first
    at.button(key="pause").click().run()
    paused = step(at)
    at.run()
    assert step(at) == paused


def test_a_pace_follows_the_clock():
    at = open_page(pace="10")
    assert at.button_group(key="w_pace").value == "10/s"
    at.button(key="train").click().run()
    assert step(at) == 1  # one step at once, then one every 0.1 s
    at.run()
    assert step(at) == 1  # too soon for the next
    for expected in range(2, 6):
        time.sleep(0.11)
        at.run()
        assert step(at) == expected
    time.sleep(0.35)
    at.run()
    assert step(at) == 6  # late, but never two steps in one run: at 10/s every step is drawn
    at.button_group(key="w_pace").set_value("100/s").run()
    assert at.query_params["pace"] in ("100", ["100"])
    before = step(at)
    time.sleep(0.1)
    at.run()
    assert 8 <= step(at) - before <= 20  # a run takes the steps due, up to two runs' worth


def test_sine_view_shows_target_prediction_and_input():
    at = open_page()
    series = {row["series"] for row in charts(at)[-1]["datasets"]["lines"]}
    assert series == {"input", "target", "prediction"}


def test_loss_curve_follows_training():
    at = open_page(task="hello")
    for _ in range(5):
        at.button(key="step").click().run()
    curve = charts(at)[0]["datasets"]["curve"]
    assert [row["step"] for row in curve] == [1, 2, 3, 4, 5]
    assert "ohlol" in at.markdown[-1].value or any("ohlol" in m.value for m in at.markdown)


def test_lr_change_keeps_the_model_and_cell_change_resets_with_a_message():
    at = open_page()
    at.button(key="step").click().run()
    at.select_slider(key="w_lr").set_value(0.1).run()
    assert step(at) == 1 and not at.warning
    at.button_group(key="w_cell").set_value("GRU").run()
    assert step(at) == 0
    assert any("re-initialised" in w.value for w in at.warning)


def test_task_change_loads_its_preset():
    at = open_page()
    at.selectbox(key="w_task").set_value("hello").run()
    no_errors(at)
    assert at.slider(key="w_hidden_size").value == preset("hello").model.hidden_size
    assert metric(at, "Accuracy") == "—"


def test_url_round_trip():
    config = preset("memory", seed=77).replace(cell="GRU", hidden_size=24, delay=9, clip=2.0)
    at = open_page(**to_params(config))
    no_errors(at)
    assert at.slider(key="w_hidden_size").value == 24
    assert at.number_input(key="w_seed").value == 77
    restored = link.read(dict(at.query_params))
    assert restored.messages == [] and restored.config == config and restored.view.pace == DEFAULT_PACE


def test_share_box_shows_the_link_to_this_setup():
    config = preset("sine", seed=5).replace(hidden_size=24)
    at = open_page(**to_params(config))
    shown = [code.value for code in at.sidebar.code if "?task=" in code.value]
    assert len(shown) == 1
    restored = link.read(dict(parse_qsl(urlsplit(shown[0]).query)))
    assert (restored.config, restored.messages) == (config, [])


def test_url_follows_the_controls():
    at = open_page()
    at.slider(key="w_hidden_size").set_value(20).run()
    assert at.query_params["hidden_size"] == ["20"] or at.query_params["hidden_size"] == "20"


def test_bad_url_parameters_are_fixed_with_a_warning():
    at = open_page(hidden_size="99999", cell="banana", lr="nan")
    no_errors(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "hidden_size" in warnings and "cell" in warnings and "lr" in warnings
    assert at.slider(key="w_hidden_size").value == 128


def test_a_model_too_big_to_train_live_is_refused_and_the_run_kept():
    at = open_page(task="text", bidirectional="true", num_layers="2", hidden_size="128", seq_len="100",
                   batch_size="4")
    at.button(key="step").click().run()
    at.slider(key="w_num_layers").set_value(3).run()  # 3 bidirectional LSTM layers of 128 with N = 4: fits
    at.button(key="step").click().run()
    at.slider(key="w_batch_size").set_value(32).run()  # ... with N = 32: ~380 ms a step
    assert any("too big to train live" in w.value for w in at.warning)
    assert step(at) == 1 and at.slider(key="w_batch_size").value == 4  # the run and its settings are kept
    at.slider(key="w_batch_size").set_value(2).run()
    assert not any("too big" in w.value for w in at.warning)
    assert step(at) == 0 and at.slider(key="w_batch_size").value == 2  # a batch_size that fits: a new run


def test_a_link_to_a_model_too_big_is_cut_down_with_a_warning():
    at = open_page(task="text", cell="GRU", bidirectional="true", num_layers="3", hidden_size="128",
                   seq_len="100", batch_size="32")
    no_errors(at)
    assert any("too big to train live: batch_size=32 → 1, seq_len=100 → 80" in w.value for w in at.warning)
    assert at.slider(key="w_batch_size").value == 1 and at.slider(key="w_seq_len").value == 80


def test_text_task_samples_and_rejects_bad_text_without_losing_the_run():
    at = open_page(task="text", seq_len="8", batch_size="4")
    at.button(key="step").click().run()
    assert at.code, "a sample is shown"
    at.text_area(key="w_text").set_value("").run()
    assert any("empty" in e.value for e in at.error)
    assert step(at) == 1  # the model was kept
    at.text_area(key="w_text").set_value("ab" * (MAX_TEXT_CHARS // 2 + 1)).run()
    assert any("limit" in e.value for e in at.error)
    at.text_area(key="w_text").set_value("你好，世界。你好，朋友。" * 5).run()
    no_errors(at)
    assert step(at) == 0 and not at.error


def test_a_text_too_short_for_seq_len_is_refused_once_and_the_run_kept():
    # The text passes its own checks, but the task refuses it: 32-character windows need a longer text.
    at = open_page(task="text", seq_len="32")
    at.button(key="step").click().run()
    at.text_area(key="w_text").set_value("hello world").run()  # an endless rerun here would time out
    assert any("seq_len" in e.value for e in at.error)
    assert step(at) == 1 and not any("re-initialised" in w.value for w in at.warning)
    at.button(key="step").click().run()
    assert step(at) == 2  # still training the previous text


def test_the_sample_settings_survive_a_visit_to_another_page():
    at = open_page(task="text")
    at.text_input(key="prime").set_value("th").run()
    at.slider(key="temperature").set_value(1.5).run()
    at.switch_page("pages/3_Gradients.py").run()  # a page without the sample: Streamlit drops their values
    at.switch_page("app.py").run()
    no_errors(at)
    assert not at.error
    assert at.text_input(key="prime").value == "th" and at.slider(key="temperature").value == 1.5


def test_bidirectional_next_character_prediction_is_flagged_as_reading_the_answer():
    at = open_page(task="text", bidirectional="true")
    assert any("reads x[t+1]" in w.value for w in at.warning)
    at = open_page(task="hello", bidirectional="true")  # a tagging task: the reverse pass is fair there
    assert not any("reads x[t+1]" in w.value for w in at.warning)


def test_the_sine_caption_says_whether_the_state_is_carried():
    captions = " ".join(c.value for c in open_page(task="sine", carry_state="false").caption)
    assert "each window starting from a zero state" in captions and "carried" not in captions
    assert "carried from window to window" in " ".join(c.value for c in open_page(task="sine").caption)


def test_hello_calls_its_targets_output_characters_not_next_characters():
    chart = charts(open_page(task="hello"))[-1]
    assert chart["layer"][0]["encoding"]["y"]["title"] == "output character"
    assert "next" not in " ".join(chart["title"]["text"]).lower()


def test_sampling_rejects_characters_outside_the_vocabulary():
    at = open_page(task="text")
    at.text_input(key="prime").set_value("§").run()
    assert any("Not in the vocabulary" in e.value for e in at.error)


def buttons(at) -> set[str]:
    return {b.key for b in at.button}


def test_divergence_pauses_and_keeps_the_last_good_weights():
    at = open_page(optimizer="SGD", lr="10", hidden_size="64", pace="max")
    at.button(key="train").click().run()
    for _ in range(5):
        if "train" in buttons(at):  # paused itself
            break
        at.run()
    assert "train" in buttons(at), "training paused itself"
    assert any("rolled back" in e.value for e in at.main.error), "said beside the metrics"
    assert metric(at, "Loss") != "nan"
    refused = charts(at)[0]["datasets"]["refused"]
    assert [r["step"] for r in refused] == [at.session_state["trainer"].diverged.step]  # a cross on the curve


def test_stop_at_target_pauses_with_a_message_and_train_goes_on():
    at = open_page(task="hello", stop_at_target="true", pace="max")
    at.button(key="train").click().run()
    for _ in range(5):
        if "train" in buttons(at):
            break
        at.run()
    trainer = at.session_state["trainer"]
    assert "train" in buttons(at) and trainer.step_count == trainer.target_step
    assert any("Target reached at step" in s.value for s in at.success)
    at.button(key="train").click().run()
    assert step(at) > trainer.target_step and not at.success


def test_sessions_are_isolated():
    a, b = open_page(seed="1"), open_page(task="hello", seed="2")
    a.button(key="step").click().run()
    a.button(key="step").click().run()
    b.run()
    assert step(a) == 2 and step(b) == 0
    assert metric(b, "Accuracy") == "—"


def test_a_task_that_fixes_its_length_says_which_instead_of_a_dead_slider():
    at = open_page(task="memory", delay="9")
    assert not [s for s in at.slider if s.key == "w_seq_len"]
    assert any("seq_len (L) = 13, fixed by this task" in c.value for c in at.sidebar.caption)
    assert any("seq_len (L) = 5" in c.value for c in open_page(task="hello").sidebar.caption)
    assert open_page(task="sine").slider(key="w_seq_len").value == 10


def test_turning_the_linear_head_off_gives_the_tutorials_model_and_says_why():
    at = open_page(task="hello")
    at.toggle(key="w_linear_head").set_value(False).run()
    no_errors(at)
    assert at.slider(key="w_hidden_size").value == 4
    assert any("Without a Linear head" in m.value for m in at.warning)


def test_sequence_to_sequence_shows_input_decoded_and_target():
    at = open_page(task="seq2seq", mapping="translate")
    no_errors(at)
    table = table_with(at, "input", "target")
    assert table["input"].tolist()[0] == "machine learning" and table["target"].tolist()[0] == "机器学习<eos>"
    assert any("Greedy decoding" in m.value for m in at.markdown)
    assert metric(at, "Held-out, greedy") == "—"  # not measured before the first step
    at.button(key="step").click().run()  # step 1 measures the held-out figure
    assert metric(at, "Held-out, greedy").endswith("%")
    assert at.selectbox(key="w_mapping").value == "translate" and at.toggle(key="w_bidirectional").disabled
