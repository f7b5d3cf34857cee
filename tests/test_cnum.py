"""Chinese numerals: the fast path for heading numbers agrees with cn2an on every one."""

from __future__ import annotations

import cn2an
import pytest

from pipeline.cnum import _small, chinese_to_number


def test_every_heading_number_agrees_with_cn2an():
    words = [cn2an.an2cn(n) for n in range(1, 100)]
    assert [_small(word) for word in words] == list(range(1, 100))


@pytest.mark.parametrize("text, expected", [
    ("两", 2), ("一百", 100), ("六千", 6000), ("二〇二二", 2022), ("3.5万", 35000),
])
def test_other_numerals_go_to_cn2an(text, expected):
    assert chinese_to_number(text) == expected
