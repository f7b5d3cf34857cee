"""Traditional script read as Simplified, one character for one."""

import pytest

from pipeline.script import simplified


def test_simplified_keeps_offsets():
    text = "城鎮調查失業率控制在5.5%以內"
    assert simplified(text) == "城镇调查失业率控制在5.5%以内"
    assert len(simplified(text)) == len(text)


def test_simplified_text_and_ascii_come_back_unchanged():
    assert simplified("县政府办，6月底前") == "县政府办，6月底前"
    assert simplified("100% ok") == "100% ok"


def test_a_character_seen_twice_converts_the_same_way():
    assert simplified("審查審查") == "审查审查"


def _opencc_phrase_conversion(text: str) -> str:
    """What normalize produced before: OpenCC's phrase-aware conversion, or character by character
    when a phrase changes the length."""
    from pipeline.script import converter

    converted = converter().convert(text)
    return converted if len(converted) == len(text) else simplified(text)


def _traditional_notices():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    paths = sorted((root / "corpus").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return [t for t in texts if t.count("縣") + t.count("發") + t.count("辦") >= 3]


def test_whole_notices_convert_as_opencc_does():
    from pipeline.script import to_simplified

    notices = _traditional_notices()
    assert notices, "the corpus has notices in Traditional script"
    for text in notices:
        assert to_simplified(text) == _opencc_phrase_conversion(text)


@pytest.mark.parametrize("text", [
    "乾坤一擲",  # a phrase OpenCC converts otherwise than character by character
    "縣委書記一目瞭然地說明了乾隆年間的事",
    "縣人社局牽頭，不低於95%",  # no such phrase: the character table alone
    "",
])
def test_phrases_that_convert_otherwise_take_the_phrase_conversion(text):
    from pipeline.script import to_simplified

    assert to_simplified(text) == _opencc_phrase_conversion(text)
    assert len(to_simplified(text)) == len(text)


def test_without_the_phrase_list_every_text_takes_the_phrase_conversion(monkeypatch):
    from pipeline import script

    calls = []
    real = script.converter()

    class Counting:
        def convert(self, text):
            calls.append(text)
            return real.convert(text)

    monkeypatch.setattr(script, "_phrases_converted_otherwise", lambda: None)
    monkeypatch.setattr(script, "converter", lambda: Counting())
    assert script.to_simplified("縣人社局牽頭") == "县人社局牵头"
    assert "縣人社局牽頭" in calls  # the whole text went through OpenCC (single characters may too)


def test_the_character_table_agrees_with_opencc_character_by_character():
    """Every character of OpenCC's list, and of the corpus, converts as OpenCC converts it alone."""
    from pipeline import script

    table = script._character_table()
    assert table, "OpenCC's character list was read"
    chars = {chr(code) for code in table}
    for text in _traditional_notices():
        chars.update(text)
    converter = script.converter()
    for char in sorted(chars):
        alone = converter.convert(char)
        assert script.simplified(char) == (alone if len(alone) == 1 else char), char


def test_without_the_character_list_characters_go_through_opencc(monkeypatch):
    from pipeline import script

    monkeypatch.setattr(script, "_character_table", lambda: None)
    assert script.simplified("城鎮調查失業率控制在5.5%以內") == "城镇调查失业率控制在5.5%以内"
