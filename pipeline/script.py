"""Traditional script read as Simplified: the rules and dictionaries are written in Simplified."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


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


def to_simplified(text: str) -> str:
    """Given a whole text in Traditional script, return it in Simplified, one character for one.

    OpenCC's conversion reads phrases (`乾坤` keeps 乾, where 乾 alone becomes 干); it is
    pure Python and slow, so it runs only when the text holds one of the phrases it
    converts otherwise than character by character. Elsewhere the character table gives
    the same result. A phrase conversion that changes the length is dropped for the
    table, so that offsets stay valid.
    """
    by_character = simplified(text)
    phrases = _phrases_converted_otherwise()
    if phrases is not None and not any(phrase in text for phrase in phrases):
        return by_character
    converted = converter().convert(text)
    return converted if len(converted) == len(text) else by_character


@lru_cache(maxsize=None)
def _phrases_converted_otherwise() -> tuple[str, ...] | None:
    """The phrases of OpenCC's Traditional-to-Simplified list whose conversion differs from
    converting their characters one by one; None when the list cannot be read (then every
    text takes the phrase conversion)."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSPhrases.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    phrases = []
    for line in lines:
        phrase, _, targets = line.partition("\t")
        if not targets:
            return None  # not the layout this reads
        if targets.split(" ")[0] != simplified(phrase):
            phrases.append(phrase)
    return tuple(phrases)
