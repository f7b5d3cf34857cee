"""Traditional script read as Simplified: the rules and dictionaries are written in Simplified."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def converter():
    """The OpenCC Traditional-to-Simplified converter, built once per process, on first use."""
    import opencc  # only notices in Traditional script need it

    return opencc.OpenCC("t2s")


class _CharToSimplified(dict):
    """A str.translate table (code point -> one character) filled as characters are first seen."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        converted = converter().convert(char)
        self[code] = converted if len(converted) == 1 else char
        return self[code]


_TO_SIMPLIFIED = _CharToSimplified()


def simplified(text: str) -> str:
    """Given text, return its Simplified form with the same length (index i maps to index i).

    Traditional text (`長期堅持`, `不低於`) is matched by the same rules as
    Simplified text; offsets into the result are offsets into `text`. The
    pipeline mostly hands over text normalize already made Simplified, so this
    is a table lookup per character.
    """
    return text if text.isascii() else text.translate(_TO_SIMPLIFIED)
