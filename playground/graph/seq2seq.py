"""The unrolled graph of an encoder-decoder: the encoder over the input, the hand-over of its final state, and
the decoder writing one symbol a step and feeding it back, every edge labelled with its shape.

Shape letters: N batch, L_in the encoder's steps, T the decoder's, H_in and H_dec the cores' input features,
H_out hidden_size, V the output vocabulary; num_layers rows of state travel along each core.
"""

from __future__ import annotations

ENCODER, DECODER, HANDOVER = "#0072B2", "#D55E00", "#009E73"  # Okabe-Ito blue, vermillion, green
_FONT = 'fontname="Helvetica", fontsize=11'


def _columns(steps: int, max_steps: int) -> list[int | None]:
    """The steps drawn: all of them, or the first max_steps-1, an ellipsis (None) and the last."""
    if steps <= max_steps:
        return list(range(steps))
    return [*range(max_steps - 1), None, steps - 1]


def _state(num_layers: int, batch_size: int, hidden_size: int, cell: str) -> str:
    shape = f"({num_layers}, {batch_size}, {hidden_size})"
    return f"(h, c) {shape} each" if cell == "LSTM" else f"h {shape}"


def seq2seq_dot(cell: str, input_size: int, decoder_input_size: int, hidden_size: int, num_layers: int,
                batch_size: int, input_steps: int, output_steps: int, output_size: int,
                input_labels: list[str] | None = None, output_labels: list[str] | None = None,
                max_steps: int = 6) -> str:
    """Graphviz DOT source: encoder cells over x_0 … x_{L_in-1}, the hand-over h_n → h_0, decoder cells over
    their fed symbols (<sos>, then their own guesses, dashed back edges), each writing y_t through the Linear
    head. Labels may name the example's symbols (`input_labels`, `output_labels`: the decoder's fed symbols)."""
    state = _state(num_layers, batch_size, hidden_size, cell)
    lines = ["digraph seq2seq {", "  rankdir=LR; nodesep=0.25; ranksep=0.45;",
             f"  node [{_FONT}, shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"];",
             f"  edge [{_FONT}, color=\"#4b5563\", fontcolor=\"#374151\"];"]

    def core(prefix: str, title: str, colour: str, steps: int, width: int, labels: list[str] | None,
             fed: str) -> list[str]:
        body = [f"  subgraph cluster_{prefix} {{",
                f"    label=\"{title}\"; color=\"{colour}\"; fontcolor=\"{colour}\";"]
        previous = None
        for t in _columns(steps, max_steps):
            if t is None:
                body.append(f"    {prefix}_ell [label=\"…\", shape=plaintext, style=\"\"];")
                body.append(f"    {previous} -> {prefix}_ell [label=\"{state}\", style=dashed];")
                previous = f"{prefix}_ell"
                continue
            symbol = f" '{labels[t]}'" if labels and t < len(labels) else ""
            body.append(f"    {prefix}_x{t} [label=\"{fed}_{t}{symbol}\", fillcolor=\"#f3f4f6\"];")
            body.append(f"    {prefix}_c{t} [label=\"{cell} t={t}\", color=\"{colour}\", penwidth=2];")
            body.append(f"    {prefix}_x{t} -> {prefix}_c{t} [label=\"({batch_size}, {width})\"];")
            if previous:
                body.append(f"    {previous} -> {prefix}_c{t} [label=\"{state}\"];")
            previous = f"{prefix}_c{t}"
        body.append("  }")
        return body

    lines += core("enc", f"encoder nn.{cell}: one set of weights at every step", ENCODER, input_steps,
                  input_size, input_labels, "x")
    lines += core("dec", f"decoder nn.{cell}: its own weights, shared across its steps", DECODER, output_steps,
                  decoder_input_size, output_labels, "in")
    last = f"enc_c{input_steps - 1}"
    lines.append(f"  {last} -> dec_c0 [label=\"hand-over: encoder h_n = decoder h_0\\n{state}\", "
                 f"color=\"{HANDOVER}\", fontcolor=\"{HANDOVER}\", penwidth=3];")
    shown = [t for t in _columns(output_steps, max_steps) if t is not None]
    for t in shown:
        lines.append(f"  dec_y{t} [label=\"y_{t}: Linear → ({batch_size}, {output_size})\", fillcolor=\"#f3f4f6\"];")
        lines.append(f"  dec_c{t} -> dec_y{t} [label=\"({batch_size}, {hidden_size})\"];")
        if t + 1 in shown:
            lines.append(f"  dec_y{t} -> dec_x{t + 1} [label=\"argmax, fed back\", style=dashed, "
                         f"color=\"{DECODER}\", constraint=false];")
    lines.append("}")
    return "\n".join(lines)


def seq2seq_legend(cell: str, hidden_size: int, num_layers: int, batch_size: int, input_steps: int,
                   output_steps: int) -> list[str]:
    """Lines to show beside the drawing."""
    return [
        f"The encoder reads L_in = {input_steps} symbols; only its final state goes on: h_n, "
        f"({num_layers}, {batch_size}, {hidden_size})" + (", with c_n" if cell == "LSTM" else "") + ".",
        "The hand-over: that state is the decoder's h_0. Everything the decoder knows of the input passes here.",
        f"The decoder writes T = {output_steps} symbols, <eos> last. At each step it reads the symbol before: the "
        "true one in training when teacher forcing feeds it, else its own guess (dashed), as always in prediction.",
    ]
