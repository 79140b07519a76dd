"""Scenes for a lecture: the tutorials' lessons in order, each a page, its settings and what to look at.

A scene is data: a title and a short narration in both languages, the page, the settings of a link (the seed
among them), the element to point at (the key of a chart or a control on that page), and the optimizer steps to
train before it opens, so that a lesson about a trained model opens on one. Opening a scene is deterministic:
the same settings and seed train the same weights for everyone.

    python -m playground.scenes --json      # [{"id", "title", "url"}, ...]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field

from playground import i18n, site


@dataclass(frozen=True)
class Scene:
    id: str
    page: str  # a page's name in playground.site
    title: dict[str, str]  # language -> title
    narration: dict[str, str]  # language -> a few sentences, Markdown
    settings: dict[str, str] = field(default_factory=dict)  # a link's parameters; missing ones take the preset
    look_at: str = ""  # the key of the element to point at, on that page
    pretrain: int = 0  # optimizer steps trained on load

    def url(self, lang: str | None = None) -> str:
        """The scene's link, relative to the server's root."""
        query = f"scene={self.id}" + (f"&lang={lang}" if lang else "")
        return f"{site.BY_NAME[self.page].path}?{query}"


SCENES: tuple[Scene, ...] = (
    Scene("shared-linear", "unrolled_graph",
          {"en": "An RNN cell is one Linear, shared across time",
           "zh": "RNN 单元就是一个在各时间步共享的 Linear"},
          {"en": "Each column is one time step, and every cell of a row holds the same `W_ih_l0` and `W_hh_l0`: "
                 "h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh) is one Linear layer applied again and again, "
                 "fed its own output. Slide **t** to follow one step.",
           "zh": "每一列是一个时间步，同一行的每个单元都持有同一组 `W_ih_l0` 和 `W_hh_l0`："
                 "h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh) 就是同一个 Linear 层被一次次调用，"
                 "每次都以自己上一步的输出为输入。拖动 **t** 跟着看一步。"},
          {"task": "sine", "cell": "RNN", "hidden_size": "4", "seq_len": "5"}, "graph"),
    Scene("shapes", "unrolled_graph",
          {"en": "The shapes of input, h_0, output and h_n",
           "zh": "input、h_0、output 和 h_n 的形状"},
          {"en": "The tutorial's table: seq_len 5, batch 1, input_size 4 (h, e, l, o one-hot), hidden_size 2, "
                 "num_layers 3. So input is (5, 1, 4) and h_0 is (3, 1, 2): one slice per layer. output keeps "
                 "only the top layer's h_t at every step, (5, 1, 2); h_n keeps every layer's last step.",
           "zh": "教程里的表格：seq_len 5、batch 1、input_size 4（h、e、l、o 的独热编码）、hidden_size 2、"
                 "num_layers 3。所以 input 是 (5, 1, 4)，h_0 是 (3, 1, 2)：每层一片。output 只保留最上层每一步的 "
                 "h_t，即 (5, 1, 2)；h_n 保留每一层的最后一步。"},
          {"task": "hello", "cell": "RNN", "hidden_size": "2", "num_layers": "3", "embedding_dim": "0",
           "batch_first": "false"},
          "tensor_shapes"),
    Scene("layers-directions", "unrolled_graph",
          {"en": "num_layers, bidirectional and batch_first",
           "zh": "num_layers、bidirectional 与 batch_first"},
          {"en": "Two layers: layer 1 reads layer 0's h_t. Bidirectional: a second row of cells reads the sequence "
                 "backwards, and the two directions are concatenated, so layer 1's input is 2·H_out wide. "
                 "batch_first only swaps the first two axes of input and output; h_0 and h_n keep their layout.",
           "zh": "两层：第 1 层读取第 0 层的 h_t。双向：另一行单元从后往前读序列，两个方向的结果拼接起来，"
                 "所以第 1 层的输入宽 2·H_out。batch_first 只交换 input 和 output 的前两个维度；"
                 "h_0 和 h_n 的布局不变。"},
          {"task": "sine", "cell": "LSTM", "hidden_size": "8", "num_layers": "2", "bidirectional": "true",
           "batch_first": "true", "seq_len": "5"}, "graph"),
    Scene("windows", "cell_anatomy",
          {"en": "seq_len windows against batches", "zh": "seq_len 窗口与批次"},
          {"en": "Samples 1…10 cut into windows of seq_len 3, one starting at every sample: 1-2-3, 2-3-4, … 9-10-0, "
                 "10-0-0, zero-padded at the end. With batch_size 2 they make 5 batches. seq_len is how long a "
                 "window is; batch_size is how many windows one step reads.",
           "zh": "把样本 1…10 切成 seq_len 为 3 的窗口，每个样本起一个：1-2-3、2-3-4……9-10-0、10-0-0，末尾补零。"
                 "batch_size 为 2 时共 5 个批次。seq_len 是窗口有多长；batch_size 是一步读多少个窗口。"},
          {"task": "sine"}, "windows"),
    Scene("loop-equals-layer", "cell_anatomy",
          {"en": "An RNNCell loop equals nn.RNN", "zh": "RNNCell 循环等于 nn.RNN"},
          {"en": "A `torch.nn.RNNCell` with the same weights, called once a step in a Python loop, layer by layer, "
                 "gives exactly nn.RNN's output: the largest difference is float32 rounding. The equations above "
                 "show the numbers of one step.",
           "zh": "一个持有相同权重的 `torch.nn.RNNCell`，在 Python 循环里每步调用一次、逐层计算，得到的正是 nn.RNN "
                 "的输出：最大差值只是 float32 的舍入误差。上面的公式给出了一步的具体数字。"},
          {"task": "sine", "cell": "RNN", "num_layers": "2"}, "proof"),
    Scene("hello-ohlol", "playground",
          {"en": "hello → ohlol", "zh": "hello → ohlol"},
          {"en": "The tutorial's toy: read h, e, l, l, o one-hot and answer o, h, l, o, l. Press **Train**: within "
                 "a few steps the probabilities sharpen and all five characters come out right.",
           "zh": "教程里的小例子：读入独热编码的 h、e、l、l、o，输出 o、h、l、o、l。按 **训练**："
                 "几步之内概率就变得集中，五个字符全部正确。"},
          {"task": "hello"}, "task"),
    Scene("sine-cosine", "playground",
          {"en": "sine → cosine, the state carried across windows", "zh": "正弦 → 余弦，状态在窗口之间传递"},
          {"en": "hidden_size 32, 10 steps a window, Adam 0.02, as in the tutorial, trained 100 steps. Each window's "
                 "h_n is the next window's h_0, so the model keeps the phase from one window to the next. Turn "
                 "**carry hidden state** off to see what the state was for.",
           "zh": "和教程一样：hidden_size 32、每个窗口 10 步、Adam "
           "0.02，已训练 100 步。每个窗口的 h_n 作为下一个窗口的 "
                 "h_0，模型因此把相位从一个窗口带到下一个。关掉 **传递隐藏状态**，看看这个状态起了什么作用。"},
          {"task": "sine"}, "task", pretrain=100),
    Scene("arrive-leave-taipei", "hidden_states",
          {"en": "arrive Taipei against leave Taipei", "zh": "arrive Taipei 与 leave Taipei"},
          {"en": "The same word, Taipei, is a destination after \"arrive\" and a departure after \"leave\". The two "
                 "paths start apart at the verb and never meet again: the hidden state carries the context to the "
                 "city, which is why a recurrent model can tell the two apart.",
           "zh": "同一个词 Taipei，在 \"arrive\" 后面是目的地，"
           "在 \"leave\" 后面是出发地。两条路径从动词处分开，之后再也"
                 "没有重合：隐藏状态把上下文带到了城市这个词上，所以循环模型能区分两者。"},
          {"task": "context", "cell": "LSTM"}, "trajectory", pretrain=100),
    Scene("lstm-gates", "hidden_states",
          {"en": "The LSTM gates", "zh": "LSTM 的门"},
          {"en": "The forget gate f decides how much of the cell state c_(t-1) to keep, the input gate i how much "
                 "of the candidate g to write, the output gate o how much of tanh(c_t) to show as h_t. Each row is "
                 "one gate over the sentence's steps, with the trained model's values.",
           "zh": "遗忘门 f 决定保留多少细胞状态 c_(t-1)，输入门 i 决定写入多少候选值 g，输出门 o 决定把多少 tanh(c_t) "
                 "作为 h_t 输出。每一行是一个门在整句各步上的取值，来自训练过的模型。"},
          {"task": "context", "cell": "LSTM"}, "gates", pretrain=100),
    Scene("tanh-relu", "gradients",
          {"en": "tanh against relu: gradients through time", "zh": "tanh 与 relu：随时间传播的梯度"},
          {"en": "‖∂L/∂h_t‖ for each step of a 50-step window. With tanh the gradient shrinks on its way back; "
                 "switch to **relu** and it can grow step after step instead. The eigenvalues of W_hh below say "
                 "which: inside the unit circle it decays, outside it can explode.",
           "zh": "50 步窗口中每一步的 ‖∂L/∂h_t‖。用 tanh 时，"
           "梯度在往回传的路上不断变小；换成 **relu**，它可能一步步变大。"
                 "下方 W_hh 的特征值说明了原因：在单位圆内就衰减，在圆外就可能爆炸。"},
          {"task": "sine", "cell": "RNN", "seq_len": "50"}, "grad_norms"),
    Scene("vanishing-memory", "gradients",
          {"en": "Long-range memory: the RNN's gradient vanishes, the LSTM's does not",
           "zh": "长程记忆：RNN 的梯度消失了，LSTM 的没有"},
          {"en": "The model must recall the first symbol after 30 look-alike ones. The table shows how much of the "
                 "gradient at the cue reaches the first step: practically nothing in a plain RNN, a usable share in "
                 "an LSTM. Switch the cell to LSTM and train at **max** to see it learn.",
           "zh": "模型要在 30 个相似的干扰符号之后回忆出第一个符号。表格显示提示符处的梯度有多少能传回第一步："
                 "普通 RNN 几乎为零，LSTM 则保留了可用的一部分。把循环单元换成 LSTM，用 **最快** 速度训练，看它学会。"},
          {"task": "memory", "cell": "RNN"}, "memory_reach"),
    Scene("bidirectional-leak", "playground",
          {"en": "A bidirectional model reads the future", "zh": "双向模型读到了未来"},
          {"en": "Next-character prediction with bidirectional on: the reverse pass reads x[t+1], the very "
                 "character to predict at step t. The loss falls towards 0 much faster than a real language model "
                 "can, yet the samples, which have no future to read, stay poor.",
           "zh": "在下一字符预测上打开双向：反向那一路读到了 x[t+1]，"
           "正是第 t 步要预测的字符。损失比真正的语言模型降得快得多，"
                 "几乎到 0，可是采样出来的文字（没有未来可读）仍然很差。"},
          {"task": "text", "bidirectional": "true"}, "loss_curve", pretrain=300),
    Scene("seq2seq-stop", "playground",
          {"en": "Sequence to sequence with a stop symbol", "zh": "带停止符的序列到序列"},
          {"en": "The encoder reads the input; only its final state goes to the decoder, which writes one symbol "
                 "a step, feeding back its own guess, until it writes `<eos>`. Trained 400 steps to reverse "
                 "sequences: the table shows what it decodes on its own.",
           "zh": "编码器读入输入；只有它的最终状态交给解码器，解码器每步写一个符号，"
           "并把自己的猜测反馈回去，直到写出 `<eos>`。"
                 "已训练 400 步来反转序列：表格显示它自己解码出的结果。"},
          {"task": "seq2seq", "mapping": "reverse"}, "task", pretrain=400),
    Scene("autoencoder", "unrolled_graph",
          {"en": "The autoencoder: everything through one state", "zh": "自编码器：一切都经过一个状态"},
          {"en": "Autoencoding asks the decoder to write back the input. Everything it knows of the input passes "
                 "through the hand-over, the encoder's h_n of (num_layers, N, hidden_size): a bottleneck that must "
                 "hold the whole sequence.",
           "zh": "自编码要求解码器把输入原样写回来。它对输入的全部了解都要经过交接处，即编码器形状为 (num_layers, N, "
                 "hidden_size) 的 h_n：一个必须装下整个序列的瓶颈。"},
          {"task": "seq2seq", "mapping": "autoencode"}, "graph"),
    Scene("walk-through", "walk_through",
          {"en": "A walk through time, one step at a time", "zh": "随时间逐步走过"},
          {"en": "One t at a time, on one screen: the unrolled graph lights step t, the trajectory marks h_t, and the "
                 "equations show the numbers of that step. Press **Play** to step on by itself, slowly enough to "
                 "talk over.",
           "zh": "一次一个 t，全在一屏：展开图点亮第 t 步，轨迹标出 "
           "h_t，公式给出这一步的数字。按 **播放** 让它自己一步步走，"
                 "慢到足以边走边讲。"},
          {"task": "context", "cell": "GRU"}, "walk", pretrain=100),
)
BY_ID = {scene.id: scene for scene in SCENES}


def get(scene_id: str | None) -> Scene | None:
    return BY_ID.get(str(scene_id).strip().lower()) if scene_id else None


def neighbours(scene_id: str) -> tuple[Scene | None, Scene | None]:
    """The scenes before and after `scene_id`, in lesson order (None at either end)."""
    index = [scene.id for scene in SCENES].index(scene_id)
    return (SCENES[index - 1] if index > 0 else None, SCENES[index + 1] if index + 1 < len(SCENES) else None)


def listing(lang: str = i18n.DEFAULT) -> list[dict[str, str]]:
    """Every scene as {id, title, url}, for other programs."""
    return [{"id": scene.id, "title": scene.title[lang], "url": scene.url(lang)} for scene in SCENES]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m playground.scenes", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scenes as a JSON list of {id, title, url}")
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=i18n.DEFAULT)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(listing(args.lang), ensure_ascii=False, indent=2))
    else:
        for entry in listing(args.lang):
            print(f"{entry['id']:<22} {entry['url']:<40} {entry['title']}")


if __name__ == "__main__":
    main()
