"""The catalogues: every key in both languages with the same placeholders, every key the code asks for present,
and engine messages rendered in either language."""

import re
from pathlib import Path

import pytest

from playground import i18n
from playground.config import from_params
from playground.errors import Message, label, message
from playground.i18n import en, placeholders, say, t, zh

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "playground").rglob("*.py"))]
# t("key"), tr("key"), self.t(...), plan.t(...), and f-string keys whose fixed part is a prefix: t(f"task.{name}")
USE = re.compile(r"""\b(?:t|tr|self\.t|plan\.t)\(\s*(f?)["']([^"']+)["']""")


def used_keys() -> tuple[set[str], set[str]]:
    """Keys the code names in full, and the fixed prefixes of keys it builds with an f-string."""
    full, prefixes = set(), set()
    for path in SOURCES:
        for is_f, key in USE.findall(path.read_text()):
            if (is_f and "{" in key) or key.endswith("."):  # t(f"task.{name}"), t("gate." + name)
                prefixes.add(key.split("{")[0])
            else:
                full.add(key)
    return full, prefixes


def test_both_languages_have_the_same_keys_and_placeholders():
    assert set(en.STRINGS) == set(zh.STRINGS), set(en.STRINGS) ^ set(zh.STRINGS)
    for key, english in en.STRINGS.items():
        assert placeholders(english) == placeholders(zh.STRINGS[key]), key


def test_every_template_formats_in_both_languages():
    for catalogue in (en.STRINGS, zh.STRINGS):
        for template in catalogue.values():
            template.format(**{name: 1.5 for name in placeholders(template)})


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    full, prefixes = used_keys()
    assert full - set(en.STRINGS) == set()
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in en.STRINGS), prefix


def test_the_chinese_catalogue_is_chinese():
    untranslated = [key for key, text in zh.STRINGS.items()
                    if text == en.STRINGS[key] and re.search(r"[A-Za-z]{4,}", text) and "{" not in text]
    # What stays the same is a torch name, a symbol or a setting's code (hidden_size, bar.pace.rate's "{rate}/s")
    assert all(re.fullmatch(r"[A-Za-z_0-9 ()·→]+", zh.STRINGS[key]) for key in untranslated), untranslated
    assert sum(bool(re.search(r"[\u4e00-\u9fff]", text)) for text in zh.STRINGS.values()) > 0.9 * len(zh.STRINGS)


def test_settings_named_by_torch_show_both_names_in_chinese():
    for name in ("hidden_size", "num_layers", "batch_first", "bidirectional", "seq_len", "batch_size"):
        shown = zh.STRINGS[f"set.{name}"]
        assert name in shown and re.search(r"[\u4e00-\u9fff]", shown), shown


def test_messages_take_numbers_and_nested_labels():
    refusal = message("seq_len_at_least", shortest=2, task=label("task", "context"))
    assert say(refusal) == "seq_len must be at least 2 for the task context (arrive / leave Taipei)"
    assert "2" in say(refusal, "zh") and zh.STRINGS["task.context"] in say(refusal, "zh")
    assert t("home.text.size", "zh", chars=12345, symbols=7).startswith("12,345")


def test_every_link_fix_has_words_in_both_languages():
    links = [{"hidden_size": "100000"}, {"hidden_size": "abc"}, {"lr": "nan"}, {"cell": "transformer"},
             {"bidirectional": "maybe"}, {"seq_len": "12.6"}, {"task": "chess"}, {"utm": "x"},
             {"task": "context", "seq_len": "1"}, {"task": "seq2seq", "bidirectional": "true", "seq_len": "1"},
             {"dropout": "0.5", "num_layers": "1"}, {"hidden_size": "128", "num_layers": "3", "bidirectional": "true",
                                                      "batch_size": "32", "seq_len": "100", "cell": "GRU"},
             {"task": "hello", "linear_head": "false", "hidden_size": "8"}]
    for params in links:
        _, messages = from_params(params)
        assert messages, params
        for fix in messages:
            assert isinstance(fix, Message)
            assert re.search(r"[\u4e00-\u9fff]", say(fix, "zh")) and say(fix, "zh") != say(fix, "en")


@pytest.mark.parametrize(("locale", "lang"), [("zh-CN", "zh"), ("zh-Hans-TW", "zh"), ("zh_TW", "zh"), ("en-GB", "en"),
                                              ("fr", "en"), (None, "en"), ("", "en")])
def test_the_browser_language_picks_a_catalogue(locale, lang):
    assert i18n.language_of(locale) == lang


def test_the_catalogue_is_large_enough_to_be_the_whole_interface():
    assert len(en.STRINGS) > 300
