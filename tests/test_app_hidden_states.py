"""The Hidden states page: animated PCA trajectory, heatmap, gates and the training time machine."""

from apptest import figures, no_errors, open_page


def trajectory(at):
    return figures(at)[0]


def test_3d_trajectory_animates_a_marker_over_a_static_path():
    at = open_page("hidden_states")
    no_errors(at)
    fig = trajectory(at)
    assert fig["data"][0]["type"] == "scatter3d"
    assert 2 <= len(fig["frames"]) <= 200
    assert all(len(frame["data"]) == 1 for frame in fig["frames"])  # only the moving marker
    buttons = [b["label"] for menu in fig["layout"]["updatemenus"] for b in menu["buttons"]]
    assert any("Play" in b for b in buttons) and any("Pause" in b for b in buttons)
    assert fig["layout"]["sliders"]


def test_2d_projection():
    at = open_page("hidden_states")
    at.button_group(key="dims").set_value(2).run()
    assert trajectory(at)["data"][0]["type"] == "scatter"


def test_one_trajectory_per_example_sequence():
    at = open_page("hidden_states", task="memory")  # one sequence per symbol
    fig = trajectory(at)
    assert len(fig["frames"][0]["data"]) == 4


def test_heatmap_is_units_by_time():
    at = open_page("hidden_states", task="hello", hidden_size="6")
    heat = figures(at)[1]["data"][0]
    assert heat["type"] == "heatmap" and len(heat["z"]) == 6 and len(heat["z"][0]) == 5


def test_lstm_gates_over_time():
    at = open_page("hidden_states", task="hello", cell="LSTM")
    gates = figures(at)[2]
    assert len([t for t in gates["data"] if t["type"] == "heatmap"]) == 4  # i, f, g, o


def test_time_machine_shows_earlier_weights():
    at = open_page("hidden_states", task="hello")
    for _ in range(20):
        at.button(key="step").click().run()
    now = trajectory(at)["data"][0]["x"]
    slider = at.select_slider(key="time_machine")
    assert slider.options[0] == "0" and slider.value == 20
    slider.set_value(0).run()
    no_errors(at)
    assert trajectory(at)["data"][0]["x"] != now
    assert "step 0" in trajectory(at)["layout"]["title"]["text"]


def test_bidirectional_layers_can_be_picked():
    at = open_page("hidden_states", bidirectional="true", num_layers="2")
    at.selectbox(key="hidden_direction").set_value(1).run()
    no_errors(at)
    assert "reverse" in trajectory(at)["layout"]["title"]["text"]


def test_rewind_to_a_checkpoint_and_replay():
    at = open_page("hidden_states", task="hello")
    for _ in range(25):
        at.button(key="step").click().run()
    losses = [r.loss for r in at.session_state["trainer"].history]
    at.select_slider(key="time_machine").set_value(20).run()
    at.button(key="rewind").click().run()
    no_errors(at)
    assert at.session_state["trainer"].step_count == 20
    for _ in range(5):
        at.button(key="step").click().run()
    assert [r.loss for r in at.session_state["trainer"].history] == losses


def test_sequence_to_sequence_shows_the_encoders_or_the_decoders_trajectory():
    at = open_page("hidden_states", task="seq2seq")
    no_errors(at)
    assert "the encoder" in figures(at)[0]["layout"]["title"]["text"]
    at.segmented_control(key="hidden_part").set_value("decoder").run()
    no_errors(at)
    assert "the decoder" in figures(at)[0]["layout"]["title"]["text"]
