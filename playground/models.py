"""Sequence models: an input encoding, a recurrent core (torch.nn.RNN, LSTM or GRU) and a Linear head.

The core is a plain torch.nn module, so its `state_dict` loads into `torch.nn.LSTM(...)` with the same
settings and a model trained here runs anywhere. Tasks hand data over batch-first, (N, L, ...); the model
transposes for a core built with `batch_first=False`, so that setting changes only the shapes the core sees.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from playground.config import ModelConfig

CORES = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}


class OneHot(nn.Module):
    """Token ids (N, L) -> one-hot float features (N, L, V). No parameters."""

    def __init__(self, num_classes: int):
        super().__init__()
        self.num_classes = num_classes

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return nn.functional.one_hot(ids, self.num_classes).float()


def build_core(cfg: ModelConfig, input_size: int) -> nn.RNNBase:
    """The torch.nn recurrent module for `cfg`, taking `input_size` features a step."""
    kwargs = dict(input_size=input_size, hidden_size=cfg.hidden_size, num_layers=cfg.num_layers, bias=cfg.bias,
                  batch_first=cfg.batch_first, dropout=cfg.dropout if cfg.num_layers > 1 else 0.0,
                  bidirectional=cfg.bidirectional)
    if cfg.cell == "RNN":
        kwargs["nonlinearity"] = cfg.nonlinearity
    return CORES[cfg.cell](**kwargs)


class SequenceModel(nn.Module):
    """encoder -> core -> head, applied at every time step.

    Args:
        cfg: the model settings.
        input_size: features a step for real-valued input (H_in), or the vocabulary size for token ids.
        output_size: outputs a step: 1 for regression, the number of classes for classification.
        tokens: True when the input is token ids (one-hot or embedded), False for real-valued features.

    Inputs: x, hx
        x: (N, L, H_in) float features, or (N, L) token ids.
        hx: optional initial state in the core's own shapes, h_0 or (h_0, c_0): (D*num_layers, N, H_out).

    Outputs: y, h_n
        y: (N, L, output_size), the head applied to the top layer's output at every step (without a Linear
            head, that output itself: the tutorial's RNNCell whose hidden size is the number of characters).
        h_n: the core's final state, h_n or (h_n, c_n).
    """

    def __init__(self, cfg: ModelConfig, input_size: int, output_size: int, tokens: bool = False):
        super().__init__()
        self.cfg = cfg
        self.tokens = tokens
        self.encoder: nn.Module = _token_encoder(cfg, input_size) if tokens else nn.Identity()
        self.core = build_core(cfg, _features(cfg, input_size) if tokens else input_size)
        directions = 2 if cfg.bidirectional else 1
        if cfg.linear_head:
            self.head: nn.Module = nn.Linear(directions * cfg.hidden_size, output_size)
        elif directions * cfg.hidden_size == output_size:  # the tutorial's model: h_t is the prediction
            self.head = nn.Identity()
        else:
            raise ValueError(f"without a Linear head the core must give one unit per output ({output_size}), "
                             f"got {directions} x {cfg.hidden_size}")

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The core's input for task data x, in the core's layout."""
        features = self.encoder(x)  # (N, L, H_in)
        return features if self.cfg.batch_first else features.transpose(0, 1)  # (L, N, H_in)

    def forward(self, x: torch.Tensor, hx=None):
        out, h_n = self.core(self.encode(x), hx)  # (N, L, D*H_out) or (L, N, D*H_out)
        if not self.cfg.batch_first:
            out = out.transpose(0, 1)  # (N, L, D*H_out)
        return self.head(out), h_n

    def readout(self, core_output: torch.Tensor) -> torch.Tensor:
        """The head applied to a core output in the core's layout; returns (N, L, output_size)."""
        if not self.cfg.batch_first:
            core_output = core_output.transpose(0, 1)
        return self.head(core_output)


def init_weights(model: nn.Module, generator: torch.Generator) -> None:
    """Re-draw every parameter from `generator`, with torch's own default distributions.

    torch's modules initialise from the process-wide RNG, which every visitor of a hosted server shares.
    Drawing from a per-run generator instead makes the initial weights a function of the seed alone.
    """
    for module in model.modules():
        if isinstance(module, nn.RNNBase):
            bound = 1.0 / math.sqrt(module.hidden_size)
            for weight in module.parameters():
                nn.init.uniform_(weight, -bound, bound, generator=generator)
        elif isinstance(module, nn.Linear):
            bound = 1.0 / math.sqrt(module.in_features)  # kaiming_uniform(a=sqrt(5)) reduces to this
            nn.init.uniform_(module.weight, -bound, bound, generator=generator)
            if module.bias is not None:
                nn.init.uniform_(module.bias, -bound, bound, generator=generator)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, 0.0, 1.0, generator=generator)


def set_forget_bias(core: nn.LSTM, value: float) -> None:
    """Start every LSTM layer's forget gate at bias `value`: b_ih's forget slice (gates i, f, g, o) is set to
    `value` and b_hh's to 0, so that b_f = b_ih_f + b_hh_f = value, as Keras' unit_forget_bias (1.0) does.
    A forget gate near sigmoid(1) = 0.73 rather than 0.5 keeps more of the cell state at the start."""
    h = core.hidden_size
    with torch.no_grad():
        for name, weight in core.named_parameters():
            if name.startswith("bias_"):
                weight[h:2 * h] = value if name.startswith("bias_ih") else 0.0


def build_model(cfg: ModelConfig, input_size: int, output_size: int, tokens: bool, seed: int) -> SequenceModel:
    """A SequenceModel whose initial weights depend only on `cfg`, the sizes and `seed`."""
    model = SequenceModel(cfg, input_size, output_size, tokens)
    init_weights(model, torch.Generator().manual_seed(seed))
    _start_forget_gates(cfg, [model.core])
    return model


def _start_forget_gates(cfg: ModelConfig, cores: list[nn.RNNBase]) -> None:
    """The config's forget-gate bias on every LSTM core; 0 keeps torch's own init, like every other bias."""
    if cfg.cell == "LSTM" and cfg.bias and cfg.forget_bias:
        for core in cores:
            set_forget_bias(core, cfg.forget_bias)


class Seq2SeqModel(nn.Module):
    """Encoder-decoder: the encoder core reads x into its final state; the decoder core starts from that state
    and writes one symbol a step, its input the previous symbol, its output read by a Linear head.

    Both cores are built from the same ModelConfig (cell, hidden_size, num_layers; one direction, as the
    decoder can only run forwards). `core` is the encoder, so views that read `model.core` see the encoder;
    `decoder` is the decoder's core.

    Inputs: x, hx, decoder_input, teacher
        x: (N, L_in) token ids. hx: ignored (no state is carried between batches).
        decoder_input: (N, T) the true previous symbols, <sos> first; teacher: (N, T) bool, where to feed them.
        Without them (prediction), the decoder feeds back its own guess for `max_len` steps: greedy decoding.

    Outputs: y, h_n
        y: (N, T, output_size) logits at every decoder step; h_n: the decoder's final state.
    """

    def __init__(self, cfg: ModelConfig, input_size: int, output_size: int, start_id: int, max_len: int):
        super().__init__()
        self.cfg, self.tokens = cfg, True
        self.start_id, self.max_len = start_id, max_len
        self.encoder = _token_encoder(cfg, input_size)
        self.core = build_core(cfg, _features(cfg, input_size))
        self.decoder_embedding = _token_encoder(cfg, output_size)
        self.decoder = build_core(cfg, _features(cfg, output_size))
        self.head = nn.Linear(cfg.hidden_size, output_size)

    def _layout(self, features: torch.Tensor) -> torch.Tensor:
        return features if self.cfg.batch_first else features.transpose(0, 1)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The encoder core's input for token ids x, in the core's layout."""
        return self._layout(self.encoder(x))

    def decode_input(self, symbols: torch.Tensor) -> torch.Tensor:
        """The decoder core's input for (N, T) previous symbols, in the core's layout."""
        return self._layout(self.decoder_embedding(symbols))

    def readout(self, core_output: torch.Tensor) -> torch.Tensor:
        """The head applied to a decoder core output in the core's layout; returns (N, T, output_size)."""
        return self.head(core_output if self.cfg.batch_first else core_output.transpose(0, 1))

    def forward(self, x: torch.Tensor, hx=None, decoder_input: torch.Tensor | None = None,
                teacher: torch.Tensor | None = None):
        _, state = self.core(self.encode(x))  # the hand-over: the encoder's h_n (and c_n) is the decoder's h_0
        return self.decode(state, x.shape[0], decoder_input, teacher)

    def decode(self, state, batch_size: int, decoder_input: torch.Tensor | None = None,
               teacher: torch.Tensor | None = None):
        """The decoder from the encoder's final `state`: (N, T, output_size) logits and its own final state."""
        if decoder_input is not None and teacher is not None and bool(teacher.all()):  # all fed: one fused call
            out, state = self.decoder(self.decode_input(decoder_input), state)
            return self.readout(out), state
        steps = self.max_len if decoder_input is None else decoder_input.shape[1]
        symbol = torch.full((batch_size,), self.start_id, dtype=torch.long)
        logits = []
        for t in range(steps):
            if decoder_input is not None:  # the truth where the teacher feeds it, else the last guess
                symbol = torch.where(teacher[:, t], decoder_input[:, t], symbol)
            out, state = self.decoder(self.decode_input(symbol[:, None]), state)
            logits.append(self.readout(out)[:, 0])  # (N, output_size)
            symbol = logits[-1].argmax(-1)
        return torch.stack(logits, 1), state  # (N, T, output_size)

    @torch.no_grad()
    def greedy_inputs(self, state, batch_size: int) -> torch.Tensor:
        """The (N, T) symbols the decoder feeds itself when predicting from the encoder's final `state`: <sos>,
        then its own guesses."""
        y, _ = self.decode(state, batch_size)
        guesses = y.argmax(-1)
        return torch.cat([torch.full_like(guesses[:, :1], self.start_id), guesses[:, :-1]], 1)


def _token_encoder(cfg: ModelConfig, vocabulary: int) -> nn.Module:
    return nn.Embedding(vocabulary, cfg.embedding_dim) if cfg.embedding_dim > 0 else OneHot(vocabulary)


def _features(cfg: ModelConfig, vocabulary: int) -> int:
    return cfg.embedding_dim if cfg.embedding_dim > 0 else vocabulary


def build_seq2seq(cfg: ModelConfig, input_size: int, output_size: int, start_id: int, max_len: int,
                  seed: int) -> Seq2SeqModel:
    """A Seq2SeqModel whose initial weights depend only on its settings and `seed`."""
    model = Seq2SeqModel(cfg, input_size, output_size, start_id, max_len)
    init_weights(model, torch.Generator().manual_seed(seed))
    _start_forget_gates(cfg, [model.core, model.decoder])
    return model
