"""Traditional script read as Simplified, one character for one."""

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
