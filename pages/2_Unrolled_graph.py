"""Unrolled graph: the computation over time steps, layers and directions, with every tensor's shape."""

import streamlit as st

from playground.graph import shape_table, unrolled_dot
from playground.ui import live, page, session

page.setup("Unrolled graph")
live.live()
st.caption("The network unrolled through time. Every edge carries a tensor of the shape shown; the cells "
           "of one row share the same weights at every step. Both follow the sidebar settings.")

config = session.config()
task = session.trainer().task
sizes = dict(cell=config.model.cell, input_size=session.trainer().model.core.input_size,
             hidden_size=config.model.hidden_size, num_layers=config.model.num_layers,
             bidirectional=config.model.bidirectional, batch_size=config.train.batch_size, seq_len=task.seq_len)
left, right = st.columns([3, 1])
step = left.slider("highlight time step t", 0, task.seq_len - 1, 0, key="graph_step") if task.seq_len > 1 else 0
shown = right.number_input("time steps drawn", 2, 8, 4, key="graph_columns",
                           help="Longer sequences draw the first steps, an ellipsis and the last step.")
st.graphviz_chart(unrolled_dot(**sizes, batch_first=config.model.batch_first, highlight_step=step,
                               max_steps=shown))

tables = shape_table(**sizes, bias=config.model.bias)
left, right = st.columns([3, 2])
with left:
    st.subheader("Tensor shapes")
    st.dataframe(tables["tensors"], hide_index=True)
with right:
    st.subheader(f"Parameters of nn.{config.model.cell}: {tables['total_parameters']:,}")
    st.dataframe(tables["parameters"], hide_index=True)
    st.caption(tables["gate_layout"])

