"""The Unrolled graph page: DOT with every shape, the shape table, and the highlighted step."""

from apptest import no_errors, open_page, table_with


def dot(at):
    return at.get("graphviz_chart")[0].proto.spec


def test_graph_and_tables_follow_the_settings():
    at = open_page("unrolled_graph", cell="LSTM", hidden_size="16", batch_size="8", seq_len="6", num_layers="2")
    no_errors(at)
    source = dot(at)
    assert source.startswith("digraph")
    assert "(N, H_out) = (8, 16)" in source and "W_hh_l1" in source
    tensors, parameters = table_with(at, "tensor"), table_with(at, "name")
    assert "c_n" in set(tensors["tensor"])
    assert "weight_hh_l1" in set(parameters["name"])


def test_changing_a_slider_changes_the_graph():
    at = open_page("unrolled_graph")
    before = dot(at)
    at.slider(key="w_hidden_size").set_value(7).run()
    assert dot(at) != before and "= (1, 7)" in dot(at)


def test_bidirectional_graph_has_reverse_weights():
    at = open_page("unrolled_graph", bidirectional="true")
    assert "W_hh_l0_reverse" in dot(at)


def test_time_step_slider_highlights_one_step():
    at = open_page("unrolled_graph", task="hello")
    at.slider(key="graph_step").set_value(3).run()
    source = dot(at)
    assert source.count('class="highlight"') >= 1
    highlighted = [line for line in source.splitlines() if 'class="highlight"' in line]
    assert all("t3" in line or "t = 3" in line or "_t3" in line for line in highlighted)


def test_sequence_to_sequence_draws_the_encoder_the_hand_over_and_the_decoder():
    at = open_page("unrolled_graph", task="seq2seq", mapping="translate")
    no_errors(at)
    dot = at.get("graphviz_chart")[0].proto.spec
    assert "hand-over" in dot and "cluster_dec" in dot and "'machine'" in dot
    assert any("h_0" in c.value for c in at.caption)
