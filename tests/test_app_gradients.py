"""The Gradients page: ‖∂L/∂h_t‖ live, tanh/relu and clipping switches, and the W_hh spectrum."""

from apptest import charts, figures, no_errors, open_page, step


def test_gradient_norms_per_step_and_eigenvalues_on_the_unit_circle():
    at = open_page("gradients", task="hello")
    no_errors(at)
    (grads,), (eigen,) = charts(at), figures(at)
    assert len(grads["datasets"]["norms"]) == 5  # one norm per time step of "hello"
    assert "radius" in eigen["layout"]["title"]["text"]
    assert len(eigen["data"]) >= 2  # the unit circle and the eigenvalues
    assert any(m.value.startswith("**Vanishing and exploding") for m in at.markdown)


def test_gradients_update_during_training():
    at = open_page("gradients", task="hello")
    before = charts(at)[0]["datasets"]["norms"]
    at.button(key="train").click().run()
    assert step(at) > 0
    at.run()  # a run draws the charts before it trains: the next one (the browser's next live run) shows it
    assert charts(at)[0]["datasets"]["norms"] != before


def test_relu_switch_changes_the_nonlinearity_and_resets():
    at = open_page("gradients")
    at.button(key="step").click().run()
    at.toggle(key="relu_switch").set_value(True).run()
    no_errors(at)
    assert at.session_state["config"].model.nonlinearity == "relu"
    assert step(at) == 0


def test_clip_switch_changes_clipping_live():
    at = open_page("gradients")
    at.button(key="step").click().run()
    at.toggle(key="clip_switch").set_value(True).run()
    assert at.session_state["config"].train.clip == 1.0
    assert step(at) == 1  # no reset
    assert at.number_input(key="w_clip").value == 1.0


def test_one_curve_per_layer_and_direction():
    at = open_page("gradients", num_layers="2", bidirectional="true")
    assert len({row["series"] for row in charts(at)[0]["datasets"]["norms"]}) >= 4


def test_memory_task_shows_how_much_gradient_reaches_the_first_step_for_rnn_and_lstm():
    at = open_page("gradients", task="memory")
    no_errors(at)
    table = next(frame.value for frame in at.dataframe if "model" in frame.value.columns)
    assert table["model"].tolist()[:2] == ["RNN, untrained", "LSTM, untrained"]
    rnn, lstm = (float(v) for v in table.iloc[:2, 1])
    assert rnn < 1e-5 < 1e-2 < lstm  # at delay 30 the RNN's gradient vanishes; the LSTM's reaches the symbol
    assert any("stays near chance" in m.value for m in at.markdown)


def test_spectrum_of_any_layer_and_the_reverse_direction():
    at = open_page("gradients", task="hello", num_layers="2", bidirectional="true")
    no_errors(at)
    at.selectbox(key="eigen_layer").set_value(0).run()
    at.selectbox(key="eigen_direction").set_value(1).run()
    no_errors(at)
    assert any("weight_hh_l0_reverse" in c.value for c in at.caption)
    series = figures(at)[-1]  # the eigenvalue plane of that matrix
    assert series["data"]


def test_sequence_to_sequence_gradients_of_the_encoder_or_the_decoder():
    at = open_page("gradients", task="seq2seq")
    no_errors(at)
    rows = charts(at)[0]["datasets"]["norms"]
    assert {r["series"] for r in rows} == {"encoder, layer 0"} and len(rows) == 5  # L_in steps
    assert any("hand-over" in c.value for c in at.caption)
    at.segmented_control(key="gradients_part").set_value("decoder").run()
    no_errors(at)
    rows = charts(at)[0]["datasets"]["norms"]
    assert {r["series"] for r in rows} == {"decoder, layer 0"} and len(rows) == 6  # T steps, <eos> last


def test_the_gru_rows_rise_is_explained_where_the_current_model_is_a_gru():
    gru = " ".join(m.value for m in open_page("gradients", task="memory", cell="GRU").markdown)
    lstm = " ".join(m.value for m in open_page("gradients", task="memory", cell="LSTM").markdown)
    assert "update gate" in gru and "update gate" not in lstm
