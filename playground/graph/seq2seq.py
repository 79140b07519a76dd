"""The unrolled graph of an encoder-decoder: the encoder over the input, the hand-over of its final state, and
the decoder writing one symbol a step and feeding it back, every edge labelled with its shape.

Shape letters: N batch, L_in the encoder's steps, T the decoder's, H_in and H_dec the cores' input features,
H_out hidden_size, V the output vocabulary; num_layers rows of state travel along each core.
"""

from __future__ import annotations

from collections.abc import Callable

from playground.i18n import english

ENCODER, DECODER, HANDOVER = "#0072B2", "#D55E00", "#009E73"  # Okabe-Ito blue, vermillion, green
_FONT = 'fontname="Helvetica", fontsize=11'


def _columns(steps: int, max_steps: int) -> list[int | None]:
    """The steps drawn: all of them, or the first max_steps-1, an ellipsis (None) and the last."""
    if steps <= max_steps:
        return list(range(steps))
    return [*range(max_steps - 1), None, steps - 1]


def _state(num_layers: int, batch_size: int, hidden_size: int, cell: str) -> str:
    shape = f"({num_layers}, {batch_size}, {hidden_size})"
    return f"h, c: {shape}" if cell == "LSTM" else f"h {shape}"


def seq2seq_dot(cell: str, input_size: int, decoder_input_size: int, hidden_size: int, num_layers: int,
                batch_size: int, input_steps: int, output_steps: int, output_size: int,
                input_labels: list[str] | None = None, output_labels: list[str] | None = None,
                max_steps: int = 6, tr: Callable[..., str] = english) -> str:
    """Graphviz DOT source: encoder cells over x_0 … x_{L_in-1}, the hand-over h_n → h_0, decoder cells over
    their fed symbols (<sos>, then their own guesses, dashed back edges), each writing y_t through the Linear
    head. Labels may name the example's symbols (`input_labels`, `output_labels`: the decoder's fed symbols)."""
    state = _state(num_layers, batch_size, hidden_size, cell)
    # Top to bottom: the encoder's inputs, its cells, then the decoder's inputs, its cells and its outputs, each a
    # row: about as wide as the longer sequence, where left to right it was both sequences wide.
    lines = ["digraph seq2seq {", "  rankdir=TB; nodesep=0.3; ranksep=0.5; newrank=true;",
             f"  node [{_FONT}, shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"];",
             f"  edge [{_FONT}, color=\"#4b5563\", fontcolor=\"#374151\"];"]

    def core(prefix: str, title: str, colour: str, steps: int, width: int, labels: list[str] | None,
             fed: str, feeds_back: bool) -> list[str]:
        """One core's row of cells and the row of inputs above it. A decoder (`feeds_back`) has an input node
        for <sos> only: from t = 1 on, its input is its own last output, drawn from y_(t-1) below."""
        body = [f"  subgraph cluster_{prefix} {{",
                f"    label=\"{title}\"; color=\"{colour}\"; fontcolor=\"{colour}\";"]
        previous, inputs = None, []
        columns = _columns(steps, max_steps)
        for t in columns:
            if t is None:
                body.append(f"    {prefix}_ell [label=\"…\", shape=plaintext, style=\"\"];")
                body.append(f"    {previous} -> {prefix}_ell [label=\"{state}\", style=dashed];")
                previous = f"{prefix}_ell"
                continue
            body.append(f"    {prefix}_c{t} [label=\"{cell} t={t}\", color=\"{colour}\", penwidth=2];")
            if not feeds_back or t == 0:
                symbol = f" '{labels[t]}'" if labels and t < len(labels) else ""
                body.append(f"    {prefix}_x{t} [label=\"{fed}_{t}{symbol}\", fillcolor=\"#f3f4f6\"];")
                body.append(f"    {prefix}_x{t} -> {prefix}_c{t} [label=\"({batch_size}, {width})\"];")
                inputs.append(f"{prefix}_x{t}")
            if previous:
                body.append(f"    {previous} -> {prefix}_c{t} [label=\"{state}\"];")
            previous = f"{prefix}_c{t}"
        cells = [f"{prefix}_ell" if t is None else f"{prefix}_c{t}" for t in columns]
        body.append("    { rank=same; " + "; ".join(cells) + "; }")
        body.append("    { rank=same; " + "; ".join(inputs) + "; }")
        body.append("  }")
        return body

    lines += core("enc", tr("graph.s2s.encoder", cell=cell), ENCODER, input_steps,
                  input_size, input_labels, "x", feeds_back=False)
    lines += core("dec", tr("graph.s2s.decoder", cell=cell), DECODER, output_steps,
                  decoder_input_size, output_labels, "in", feeds_back=True)
    last = f"enc_c{input_steps - 1}"
    lines.append(f"  {last} -> dec_c0 [label=\"{tr('graph.s2s.handover')}\\n{state}\", "
                 f"color=\"{HANDOVER}\", fontcolor=\"{HANDOVER}\", penwidth=3];")
    lines.append("  enc_c0 -> dec_x0 [style=invis];")  # the decoder's row starts under the encoder's
    shown = [t for t in _columns(output_steps, max_steps) if t is not None]
    lines.append("  { rank=same; " + "; ".join(f"dec_y{t}" for t in shown) + "; }")
    for t in shown:
        lines.append(f"  dec_y{t} [label=\"y_{t}: Linear → ({batch_size}, {output_size})\", fillcolor=\"#f3f4f6\"];")
        lines.append(f"  dec_c{t} -> dec_y{t} [label=\"({batch_size}, {hidden_size})\"];")
        if t + 1 in shown:
            symbol = f" '{output_labels[t + 1]}'" if output_labels and t + 1 < len(output_labels) else ""
            lines.append(f"  dec_y{t} -> dec_c{t + 1} [xlabel=\"{tr('graph.s2s.fed_back')}{symbol}\", style=dashed, "
                         f"color=\"{DECODER}\", fontcolor=\"{DECODER}\", constraint=false, "
                         f"tooltip=\"{tr('graph.s2s.fed_back.tooltip', t=t)}: ({batch_size}, {decoder_input_size})\"];")
    lines.append("}")
    return "\n".join(lines)


def seq2seq_legend(cell: str, hidden_size: int, num_layers: int, batch_size: int, input_steps: int,
                   output_steps: int, tr: Callable[..., str] = english) -> list[str]:
    """Lines to show beside the drawing, in the words of `tr`."""
    state = f"({num_layers}, {batch_size}, {hidden_size})" + (" + c_n" if cell == "LSTM" else "")
    return [tr("graph.s2s.legend.encoder", steps=input_steps, state=state), tr("graph.s2s.legend.handover"),
            tr("graph.s2s.legend.decoder", steps=output_steps)]
