"""Unrolled graph: the computation over time steps, layers and directions, with every tensor's shape."""

import streamlit as st

from playground.graph import seq2seq_dot, seq2seq_legend, shape_table, unrolled_dot, unrolled_legend
from playground.probe import parts
from playground.ui import live, page, session
from playground.ui.language import t, translator


def columns(rows: list[dict], names: list[str]) -> list[dict]:
    """The rows with just these columns, in this order, under their names in words (st.table has no
    column_order). Torch names and shape letters stay as they are."""
    return [{t(f"graph.column.{name}") if not name.startswith("batch_first") else name: row[name] for name in names}
            for row in rows]


page.setup("unrolled_graph")
live.live()
st.caption(t("graph.caption"))

config = session.config()
trainer = session.trainer()
task = trainer.task
words = translator()
if hasattr(trainer.model, "decoder"):  # an encoder-decoder: its own drawing, then the encoder's shapes
    batch = task.example()
    cores = parts(trainer.model, task, batch)
    st.container(key="graph").graphviz_chart(seq2seq_dot(config.model.cell, trainer.model.core.input_size,
                                  trainer.model.decoder.input_size, config.model.hidden_size,
                                  config.model.num_layers, config.train.batch_size, task.seq_len, task.out_len,
                                  task.output_size, input_labels=cores["encoder"].labels[0],
                                  output_labels=cores["decoder"].labels[0], tr=words))
    st.caption("  \n".join(seq2seq_legend(config.model.cell, config.model.hidden_size, config.model.num_layers,
                                          config.train.batch_size, task.seq_len, task.out_len, tr=words)))
    st.header(t("graph.encoder_unrolled"))
sizes = dict(cell=config.model.cell, input_size=session.trainer().model.core.input_size,
             hidden_size=config.model.hidden_size, num_layers=config.model.num_layers,
             bidirectional=config.model.bidirectional, batch_size=config.train.batch_size, seq_len=task.seq_len)
left, right = st.columns([3, 1])
step = left.slider(t("graph.highlight"), 0, task.seq_len - 1, 0, key="graph_step") if task.seq_len > 1 else 0
shown = right.number_input(t("graph.steps_drawn"), 2, 8, 3, key="graph_columns", help=t("graph.steps_drawn.help"))
drawing = dict(**sizes, batch_first=config.model.batch_first, max_steps=shown, tr=words)
# keyed: a scene points at it; for an encoder-decoder, the drawing of both cores above is the one
st.container(key="encoder_graph" if hasattr(trainer.model, "decoder") else "graph").graphviz_chart(
    unrolled_dot(**drawing, highlight_step=step))
st.caption("  \n".join(unrolled_legend(**drawing)))

# One table under the other, each the page's width: side by side, their right-hand columns were cut off.
tables = shape_table(**sizes, bias=config.model.bias, tr=words)
layout = f"batch_first={config.model.batch_first}"
shapes = st.container(key="tensor_shapes")  # a scene points at it
shapes.header(t("graph.shapes"))
shapes.caption(t("graph.shapes.caption", layout=layout))
# st.table, not st.dataframe: its cells wrap, where a data grid cut the long "meaning" column off at the right.
shapes.table(columns(tables["tensors"], ["tensor", layout, "legend", "meaning"]), hide_index=True)
st.header(t("graph.parameters", cell=config.model.cell, total=tables["total_parameters"]))
st.caption(tables["gate_layout"])  # the same for every row, so it is not a column
st.table(columns(tables["parameters"], ["name", "layer", "direction", "shape", "symbolic", "elements", "role"]),
         hide_index=True)
