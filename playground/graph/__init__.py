"""Shapes and unrolled computation graphs for ``torch.nn.RNN`` / ``LSTM`` / ``GRU``.

Everything here is computed from the settings alone (no module is built), so the UI can show the
tables and the diagram instantly while the user moves sliders. Shape letters follow the PyTorch docs:

* ``N``     batch size
* ``L``     sequence length (time steps)
* ``D``     number of directions: 2 if ``bidirectional`` else 1
* ``H_in``  ``input_size``
* ``H_out`` ``hidden_size``

Public API:

* :func:`shape_table` -- rows for a "tensor shapes" table and a "parameters" table.
* :func:`unrolled_dot` -- Graphviz DOT source of the network unrolled over time, layers and directions.
* :func:`unrolled_legend` -- the lines of text that go with it.
"""

from playground.graph.dims import CELLS, GATE_LAYOUT
from playground.graph.seq2seq import seq2seq_dot, seq2seq_legend
from playground.graph.shapes import ShapeTable, shape_table
from playground.graph.unrolled import unrolled_dot, unrolled_legend

__all__ = ["CELLS", "GATE_LAYOUT", "ShapeTable", "seq2seq_dot", "seq2seq_legend", "shape_table", "unrolled_dot",
           "unrolled_legend"]
