"""Chinese numerals -> numbers, through cn2an (imported on first use: it is slow to import)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def chinese_to_number(text: str) -> int | float | None:
    """Given `十八`, `二〇二二`, `百分之九十` or `3.5万`, return the number, or None."""
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
    import cn2an

    try:
        return cn2an.transform(text, "cn2an")
    except (ValueError, KeyError, IndexError, TypeError):
        return text
