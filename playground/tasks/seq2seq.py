"""Sequence to sequence: an encoder reads the input into its final state, a decoder writes the output from it
one symbol at a time, feeding back what it wrote, until it writes the stop symbol.

Three mappings:
- reverse: "abcde" -> "edcba<eos>";
- autoencode: "abcde" -> "abcde<eos>", the autoencoder: the decoder rebuilds the input from the state alone;
- translate: English words -> Chinese characters, "machine learning" -> "机器学习<eos>", over a few dozen pairs.

Training uses teacher forcing: at each decoder step the true previous symbol is fed with probability
`teacher_forcing`, else the decoder's own previous guess. The draw is part of the batch, so a run stays a pure
function of its config and seed. Prediction (the views, the validation figures) is greedy: the decoder always
feeds back its own guess.
"""

from __future__ import annotations

import numpy as np
import torch

from playground.config import ModelConfig
from playground.errors import label
from playground.tasks.base import IGNORE, Batch, Target, Task, TaskError, Vocabulary

MAPPINGS = ("reverse", "autoencode", "translate")
LETTERS = list("abcdefgh")
START, STOP, PAD = "<sos>", "<eos>", "<pad>"
VALIDATION_SIZE = 256  # held-out sequences for reverse and autoencode (translate holds out nothing: it is a lexicon)

# (English words, Chinese): a small lexicon of the field's own words.
PAIRS = [
    ("machine learning", "机器学习"), ("deep learning", "深度学习"), ("neural network", "神经网络"),
    ("hidden state", "隐藏状态"), ("time step", "时间步"), ("learning rate", "学习率"),
    ("loss function", "损失函数"), ("gradient", "梯度"), ("vanishing gradient", "梯度消失"),
    ("exploding gradient", "梯度爆炸"), ("recurrent neural network", "循环神经网络"), ("language model", "语言模型"),
    ("training data", "训练数据"), ("test data", "测试数据"), ("input", "输入"), ("output", "输出"),
    ("weight", "权重"), ("bias", "偏置"), ("activation function", "激活函数"), ("encoder", "编码器"),
    ("decoder", "解码器"), ("sequence", "序列"), ("sequence to sequence", "序列到序列"), ("memory", "记忆"),
    ("long short term memory", "长短期记忆"), ("gate", "门"), ("forget gate", "遗忘门"), ("input gate", "输入门"),
    ("output gate", "输出门"), ("attention", "注意力"), ("word vector", "词向量"), ("batch", "批次"),
    ("optimizer", "优化器"), ("overfitting", "过拟合"), ("translation", "翻译"), ("stop symbol", "终止符"),
]


TRANSLATE_LEN = max(len(english.split()) for english, _ in PAIRS)  # L_in: the longest English entry
TRANSLATE_OUT = max(len(chinese) for _, chinese in PAIRS) + 1  # T: the longest Chinese entry and <eos>


def steps(mapping: str, seq_len: int) -> tuple[int, int]:
    """(L_in, T): the encoder's steps and the decoder's."""
    return (TRANSLATE_LEN, TRANSLATE_OUT) if mapping == "translate" else (seq_len, seq_len + 1)


def decoded(symbols: list[str]) -> str:
    """Symbols up to the stop symbol (which is written as <eos>), as one string."""
    out = []
    for symbol in symbols:
        out.append(symbol)
        if symbol == STOP:
            break
    return "".join(out)


class Seq2SeqTask(Task):
    """Input sequences to output sequences of another length, ending in the stop symbol.

    x: (N, L_in) input ids; y: (N, T) output ids with IGNORE after the stop symbol; the batch also holds the
    decoder's teacher inputs (N, T), `<sos>` then y shifted right, and which of them are fed (N, T).
    """

    name = "seq2seq"
    tokens = True
    metric_name = "exact-sequence accuracy"
    target = Target("metric", 0.95, below=False, window=20)  # batches are random draws: the mean of 20

    def __init__(self, mapping: str, seq_len: int, batch_size: int, teacher_forcing: float):
        if mapping not in MAPPINGS:
            raise TaskError("unknown_mapping", mapping=repr(mapping), choices=", ".join(MAPPINGS))
        self.mapping, self.batch_size, self.teacher_forcing = mapping, batch_size, teacher_forcing
        if mapping == "translate":
            sources = [english.split() for english, _ in PAIRS]
            self.vocab = Vocabulary([PAD, *sorted({w for words in sources for w in words})])
            self.out_vocab = Vocabulary([START, STOP, *sorted({c for _, chinese in PAIRS for c in chinese})])
            self.seq_len, self.out_len = steps(mapping, seq_len)
            self._pairs = [(words, list(chinese)) for words, (_, chinese) in zip(sources, PAIRS, strict=True)]
        else:
            if seq_len < 2:
                raise TaskError("seq2seq_too_short", seq_len=seq_len, mapping=label("mapping", mapping))
            self.vocab = Vocabulary(LETTERS)
            self.out_vocab = Vocabulary([START, STOP, *LETTERS])
            self.seq_len, self.out_len = steps(mapping, seq_len)
        self.input_size = len(self.vocab)
        self.output_size = len(self.out_vocab)
        self._validation = (self._encode([s for s, _ in self._pairs], [t for _, t in self._pairs], None)
                            if mapping == "translate" else self._letters(
            np.random.default_rng(2**31 - 1).integers(0, len(LETTERS), (VALIDATION_SIZE, self.seq_len))))

    # --- the model ------------------------------------------------------------------------------------

    def make_model(self, cfg: ModelConfig, seed: int):
        from playground.models import build_seq2seq

        if cfg.bidirectional:
            raise TaskError("decoder_forwards_only")
        return build_seq2seq(cfg, self.input_size, self.output_size, self.out_vocab.index[START], self.out_len, seed)

    # --- batches ----------------------------------------------------------------------------------------

    def _encode(self, sources: list[list[str]], targets: list[list[str]], teacher: np.ndarray | None) -> Batch:
        n = len(sources)
        x = np.full((n, self.seq_len), self.vocab.index.get(PAD, 0), dtype=np.int64)  # (N, L_in), padded in front
        y = np.full((n, self.out_len), IGNORE, dtype=np.int64)  # (N, T)
        for i, (source, target) in enumerate(zip(sources, targets, strict=True)):
            x[i, self.seq_len - len(source):] = self.vocab.encode(source)
            y[i, :len(target) + 1] = self.out_vocab.encode([*target, STOP])
        feed = np.roll(np.where(y == IGNORE, self.out_vocab.index[STOP], y), 1, axis=1)
        feed[:, 0] = self.out_vocab.index[START]  # (N, T): <sos>, y_0, ..., y_{T-2}
        fed = np.ones(y.shape, dtype=bool) if teacher is None else teacher
        return Batch(torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(feed), torch.from_numpy(fed))

    def _letters(self, ids: np.ndarray, teacher: np.ndarray | None = None) -> Batch:
        sources = [[LETTERS[i] for i in row] for row in ids]
        targets = [row[::-1] if self.mapping == "reverse" else row for row in sources]
        return self._encode(sources, targets, teacher)

    def batch(self, step: int, rng: np.random.Generator) -> Batch:
        n = self.batch_size
        teacher = rng.random((n, self.out_len)) < self.teacher_forcing  # which steps are fed the truth
        if self.mapping == "translate":
            picked = [self._pairs[i] for i in rng.integers(0, len(self._pairs), n)]
            return self._encode([s for s, _ in picked], [t for _, t in picked], teacher)
        return self._letters(rng.integers(0, len(LETTERS), (n, self.seq_len)), teacher)

    def example(self) -> Batch:
        """Four fixed sequences (no teacher: the views decode greedily)."""
        if self.mapping == "translate":
            shown = [self._pairs[i] for i in (0, 2, 10, 24)]
            return self._encode([s for s, _ in shown], [t for _, t in shown], None)
        return self._letters(np.random.default_rng(1).integers(0, len(LETTERS), (4, self.seq_len)))

    def validation(self) -> Batch | None:
        """Reverse and autoencode: 256 fixed sequences, decoded greedily. Translate: the whole lexicon."""
        return self._validation

    # --- reading ----------------------------------------------------------------------------------------

    def metric(self, y_pred: torch.Tensor, y: torch.Tensor, loss: float) -> float:
        """Exact-sequence accuracy: the share of sequences right at every step up to and with the stop symbol."""
        right = (y_pred.argmax(-1) == y) | (y == IGNORE)
        return float(right.all(-1).float().mean())

    def describe(self, batch: Batch, y_pred: torch.Tensor) -> dict:
        guesses = y_pred.argmax(-1)
        mask = batch.y != IGNORE
        token_accuracy = float(((guesses == batch.y) & mask).sum()) / max(int(mask.sum()), 1)
        rows = []
        for x, y, guess in zip(batch.x, batch.y, guesses, strict=True):
            source = [s for s in self.vocab.decode(x) if s != PAD]
            target = self.out_vocab.decode(y[y != IGNORE])
            rows.append({"input": (" " if self.mapping == "translate" else "").join(source),
                         "target": decoded(target), "output": decoded(self.out_vocab.decode(guess))})
        return {"rows": rows, "token_accuracy": token_accuracy, "exact": self.metric(y_pred, batch.y, 0)}

    def step_labels(self, batch: Batch, index: int = 0) -> list[str]:
        return self.vocab.decode(batch.x[index])

    def output_labels(self, batch: Batch, y_pred: torch.Tensor, index: int = 0) -> list[str]:
        """The decoder's steps, labelled by the symbol it fed itself (greedy): <sos>, then its own guesses."""
        guesses = self.out_vocab.decode(y_pred[index].argmax(-1))
        return [START, *guesses[:-1]]
