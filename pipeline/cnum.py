"""Chinese numerals -> numbers, through cn2an (imported on first use: it is slow to import)."""

from __future__ import annotations

from functools import lru_cache


# Heading numbers (一 … 九十九) are read here: importing cn2an costs more than a
# whole short notice, and a notice may need no other numeral.
_NUMERAL_CHARS = frozenset("〇零一二三四五六七八九十百千万")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _small(text: str) -> int | None:
    """`七` -> 7, `十八` -> 18, `二十` -> 20, `九十九` -> 99; anything else -> None."""
    tens, _, ones = text.partition("十")
    if not _ or len(text) > 3:
        return _DIGITS.get(text) if len(text) == 1 else None
    if (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS):
        return None
    return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)


@lru_cache(maxsize=4096)
def chinese_to_number(text: str) -> int | float | None:
    """Given `十八`, `二〇二二`, `百分之九十` or `3.5万`, return the number, or None."""
    small = _small(text)
    if small is not None:
        return small
    import cn2an

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if float(value).is_integer() else float(value)


def chinese_to_int(text: str) -> int | None:
    value = chinese_to_number(text)
    return int(value) if value is not None else None


@lru_cache(maxsize=1024)
def chinese_date_to_arabic(text: str) -> str:
    """`二〇二二年三月二十八日` -> `2022年3月28日`; other text is returned unchanged."""
    if not any(ch in _NUMERAL_CHARS for ch in text):
        return text
    import cn2an

    try:
        return cn2an.transform(text, "cn2an")
    except (ValueError, KeyError, IndexError, TypeError):
        return text
