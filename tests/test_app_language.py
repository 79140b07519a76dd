"""The interface in 简体中文: every page with lang=zh shows no English outside code, maths and torch names, and
switching language keeps the model, the step and every setting."""

import json
import re

import pytest
from apptest import PAGES, no_errors, open_page
from google.protobuf.json_format import MessageToDict

from playground.config import to_values

# Latin words a Chinese page may show: torch's names, arguments and classes, Python's True/False, shape letters,
# maths, the tasks' own data (the tutorial's sentences and symbols), names of things (Adam, PCA, Keras, RNN
# Playground), and the language picker's label, which is in both languages on purpose.
ALLOWED = set("""
abcde Adam argmax arrive b betas bias bidirectional BPTT c Cell cos D departure destination dropout edcba
English eos f False false float g GRU GRUCell H h hello hh i ih Im in inf input k KB Keras L Language learning
leave Linear lr LSTM LSTMCell machine MAE max min Monday N n NaN nn nonlinearity o ohlol on optimizer other
out output pad PC PCA Playground Python r Re relu RMSprop RNN RNNCell seed SGD sigmoid sin sine softmax sos
stride T t Taipei tanh TensorFlow time torch True true V W x y z
""".split())  # noqa: SIM905 (a list of words reads best as words)
SKIPPED_TYPES = {"code", "html", "latex"}  # code and maths stay as they are; html is the page's CSS
TEXT_FIELDS = {"body", "label", "help", "options", "placeholder", "caption", "formatted_options"}


def _strings(value, fields=TEXT_FIELDS):
    """Every string under the given field names of a proto-as-dict."""
    if isinstance(value, dict):
        for name, inner in value.items():
            if name in fields:
                yield from _all_strings(inner)
            elif isinstance(inner, dict | list):
                yield from _strings(inner, fields)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, fields)


def _all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _all_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _all_strings(inner)


def _figure_text(spec: dict):
    """Titles, axis titles, legend names and annotations of a Plotly or Vega-Lite spec."""
    def walk(node, key=""):
        if isinstance(node, dict):
            for name, inner in node.items():
                if name in ("title", "subtitle", "name", "text", "prefix") and not isinstance(inner, dict | list):
                    if isinstance(inner, str):
                        yield inner
                elif name in ("title", "subtitle") and isinstance(inner, list):
                    yield from (line for line in inner if isinstance(line, str))
                elif name not in ("data", "datasets", "values", "x", "y", "z", "customdata", "ticktext", "tickvals",
                                  "text_data", "hovertemplate"):
                    yield from walk(inner, name)
        elif isinstance(node, list):
            for inner in node:
                yield from walk(inner, key)
    return walk(spec)


def visible_text(at) -> list[str]:
    """What a visitor reads on the page: text, labels, helps, options, figure and table titles."""
    texts = []

    def visit(node):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is not None and kind not in SKIPPED_TYPES:
            as_dict = MessageToDict(proto, preserving_proto_field_name=True)
            if kind in ("plotly_chart", "vega_lite_chart"):
                texts.extend(_figure_text(json.loads(as_dict.get("spec", "{}"))))
            elif kind == "graphviz_chart":
                texts.extend(re.findall(r'(?:x?label|tooltip)="((?:[^"\\]|\\.)*)"', as_dict.get("spec", "")))
            else:
                texts.extend(_strings(as_dict))
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at._tree)
    for frame in [*at.dataframe, *at.table]:
        texts.extend(str(column) for column in frame.value.columns)
    return texts


def english_words(text: str) -> list[str]:
    """Latin words outside code spans, torch-style names (with _ or digits) and the allowed words."""
    text = re.sub(r"`[^`]*`", " ", text)  # code spans
    text = re.sub(r"<[^>]+>|:material/[a-z_]+:|https?://\S+|\\n", " ", text)  # markup, icons, links, DOT's \n
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]*", text)
    return [w for w in words if not re.search(r"[_0-9]", w) and w not in ALLOWED and len(w) > 1]


def is_sequence_preview(text: str) -> bool:
    """A sequence picker's option, "2: !BCBBAAAA …": the example's own symbols, data rather than words."""
    return bool(re.fullmatch(r"\d+: .*", text))


# Each page, and the tasks whose views differ (their own figures, tables and messages).
VIEWS = [(page, task) for page in PAGES for task in ("sine", "hello", "seq2seq")] + [
    ("playground", "text"), ("playground", "context"), ("playground", "memory"), ("gradients", "memory"),
    ("hidden_states", "memory"), ("unrolled_graph", "context")]


@pytest.mark.parametrize(("page", "task"), VIEWS)
def test_a_chinese_page_shows_no_english_sentence(page, task):
    at = open_page(page, lang="zh", task=task, cell="LSTM", num_layers="2", bidirectional="false")
    no_errors(at)
    leaks = {text: words for text in visible_text(at)
             if not is_sequence_preview(text) and (words := english_words(text))}
    assert not leaks, leaks


def test_an_english_page_is_english():
    at = open_page("playground", lang="en")
    assert at.button(key="train").label == "Train"
    at = open_page("playground", lang="zh")
    assert at.button(key="train").label == "训练"


def test_switching_language_keeps_the_model_the_step_and_every_setting():
    at = open_page("playground", task="memory", hidden_size="24", seed="7")
    for _ in range(3):
        at.button(key="step").click().run()
    trainer = at.session_state["trainer"]
    values, weights = to_values(trainer.config), {k: v.clone() for k, v in trainer.model.state_dict().items()}
    at.segmented_control(key="w_lang").set_value("zh").run()
    no_errors(at)
    assert at.session_state["trainer"] is trainer and trainer.step_count == 3
    assert to_values(trainer.config) == values
    assert all((weights[k] == v).all() for k, v in trainer.model.state_dict().items())
    assert at.button(key="step").label == "单步" and at.query_params["lang"] == "zh"
    at.segmented_control(key="w_lang").set_value("en").run()
    assert at.button(key="step").label == "Step" and trainer.step_count == 3


def test_a_bad_lang_in_the_link_is_fixed_with_a_message():
    at = open_page("playground", lang="klingon")
    no_errors(at)
    assert any("lang='klingon'" in w.value for w in at.warning)
    assert at.button(key="train").label == "Train"
