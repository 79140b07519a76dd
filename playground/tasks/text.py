"""Character language model on any text: predict the next character at every step.

The text is cut into windows of `seq_len` back to back (see `playground.windowing`); each epoch visits the
windows in an order shuffled from the seed, `batch_size` windows an optimizer step. The last `validation`
share of the text is held out: the model never trains on it, and its loss there shows when the model starts
to learn the training text by heart rather than the language.
"""

from __future__ import annotations

import math
from importlib import resources
from urllib.parse import quote_plus

import numpy as np
import torch

from playground.tasks.base import IGNORE, Batch, Target, Task, TaskError, Vocabulary
from playground.windowing import Windows, make_windows

MAX_TEXT_CHARS = 50_000  # keeps one visitor's corpus (and a shared link) small on a shared server
# The text rides in the page's link, and the server refuses a request of ~110 KB or more ("Invalid HTTP
# request"): a reload or a shared link would then be dead. Non-Latin text costs 9 bytes a character there.
MAX_LINK_BYTES = 64 * 1024
MIN_TEXT_CHARS = 2


def default_corpus() -> str:
    """The bundled corpus: ~20,000 characters of public-domain English and Chinese, without the note at the top
    of its file that names the sources (lines starting with "# ")."""
    text = resources.files("playground.data").joinpath("corpus.txt").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("# ")) + "\n"


def check_text(text: str) -> str:
    """The text if it can train a character model, else a TaskError saying what to change."""
    if not text or not text.strip():
        raise TaskError("text_empty")
    if len(text) > MAX_TEXT_CHARS:
        raise TaskError("text_too_long", length=len(text), limit=MAX_TEXT_CHARS)
    link_bytes = len(quote_plus(text))
    if link_bytes > MAX_LINK_BYTES:
        fits = len(text) * MAX_LINK_BYTES // link_bytes
        raise TaskError("text_too_big_for_link", kb=round(link_bytes / 1024), limit_kb=MAX_LINK_BYTES // 1024,
                        fits=fits)
    if len(text) < MIN_TEXT_CHARS or len(set(text)) < 2:
        raise TaskError("text_one_character")
    return text


class TextTask(Task):
    """Next-character prediction: x = text[s : s+L], y = text[s+1 : s+L+1]."""

    name = "text"
    tokens = True
    metric_name = "perplexity"
    target = Target("metric", 5.0, below=True, window=20)  # on the training text; the held-out end stays higher
    predicts_next_input = True

    def __init__(self, text: str, seq_len: int, batch_size: int, seed: int, validation: float = 0.0):
        self.text = check_text(text)
        self.vocab = Vocabulary(sorted(set(self.text)))  # the whole text's: held-out characters are known
        self.input_size = self.output_size = len(self.vocab)
        ids = np.array(self.vocab.encode(self.text), dtype=np.int64)
        held_out = int(len(ids) * validation)
        if held_out and held_out < seq_len + 1:  # too little to hold out a window: train on all of it
            held_out = 0
        train = ids[:len(ids) - held_out]
        if seq_len > len(train) - 1:
            raise TaskError("text_seq_len_too_long", seq_len=seq_len, steps=len(train) - 1, chars=len(train))
        self.seq_len = seq_len
        self.seed = seed
        self.held_out_chars = held_out
        self.inputs: Windows = make_windows(train[:-1], seq_len, batch_size=batch_size)
        self.targets = make_windows(train[1:], seq_len, batch_size=batch_size, pad_value=IGNORE).data
        self._validation = None
        if held_out:
            rest = ids[len(ids) - held_out:]
            self._validation = Batch(torch.from_numpy(make_windows(rest[:-1], seq_len).data),
                                     torch.from_numpy(make_windows(rest[1:], seq_len, pad_value=IGNORE).data))

    def _rows(self, rows: np.ndarray) -> Batch:
        return Batch(torch.from_numpy(self.inputs.data[rows]), torch.from_numpy(self.targets[rows]))

    def batch(self, step: int, rng: np.random.Generator) -> Batch:
        epoch, index = divmod(step, self.inputs.num_batches)
        order = np.random.default_rng((self.seed, epoch)).permutation(self.inputs.num_windows)
        return self._rows(order[self.inputs.batches[index]])

    def example(self) -> Batch:
        return self._rows(np.array([0]))

    def validation(self) -> Batch | None:
        """Every window of the held-out end of the text, back to back, in one batch."""
        return self._validation

    def metric(self, y_pred: torch.Tensor, y: torch.Tensor, loss: float) -> float:
        return math.exp(min(loss, 50.0))  # perplexity; capped so a wild start still prints

    def describe(self, batch: Batch, y_pred: torch.Tensor) -> dict:
        probs = torch.softmax(y_pred[0].detach(), -1)  # (L, V)
        return {
            "input": "".join(self.vocab.decode(batch.x[0])),
            "predicted": "".join(self.vocab.decode(probs.argmax(-1))),
            "probabilities": probs.numpy(),
            "vocab": self.vocab.symbols,
        }

    def step_labels(self, batch: Batch, index: int = 0) -> list[str]:
        return self.vocab.decode(batch.x[index])


@torch.no_grad()
def sample(model, vocab: Vocabulary, prime: str, length: int, temperature: float, seed: int) -> str:
    """`length` characters drawn from the model after reading `prime`, at `temperature`.

    Low temperature picks the likeliest characters; high temperature is more surprising.
    """
    if not prime:
        raise TaskError("prime_empty")
    if not 0.01 <= temperature <= 10:
        raise TaskError("temperature_range", got=temperature)
    ids = vocab.encode(prime)
    generator = torch.Generator().manual_seed(seed)
    was_training = model.training
    model.eval()
    try:
        logits, state = model(torch.tensor([ids]))  # (1, L, V)
        out = []
        for _ in range(length):
            probs = torch.softmax(logits[0, -1] / temperature, -1)
            next_id = int(torch.multinomial(probs, 1, generator=generator))
            out.append(next_id)
            logits, state = model(torch.tensor([[next_id]]), state)
    finally:
        model.train(was_training)
    return "".join(vocab.decode(out))
