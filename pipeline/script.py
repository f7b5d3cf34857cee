"""Traditional script read as Simplified: the rules and dictionaries are written in Simplified."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def converter():
    """The OpenCC Traditional-to-Simplified converter, built once per process, on first use."""
    import opencc  # only notices in Traditional script need it

    return opencc.OpenCC("t2s")


class _CharToSimplified(dict):
    """A str.translate table filled by OpenCC as characters are first seen (when its list cannot be read)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        converted = converter().convert(char)
        self[code] = converted if len(converted) == 1 else char
        return self[code]


_TO_SIMPLIFIED = _CharToSimplified()


def simplified(text: str) -> str:
    """Given text, return its Simplified form with the same length (index i maps to index i).

    Traditional text (`長期堅持`, `不低於`) is matched by the same rules as
    Simplified text; offsets into the result are offsets into `text`. Each
    character is looked up in OpenCC's list of Traditional characters.
    """
    if text.isascii():
        return text
    table = _character_table()
    return text.translate(table if table is not None else _TO_SIMPLIFIED)


@lru_cache(maxsize=None)
def _character_table() -> dict[int, str] | None:
    """OpenCC's Traditional-to-Simplified characters, each to its first choice, as a str.translate
    table; None when the list cannot be read. Reading it costs less than starting the converter."""
    rows = _opencc_list("TSCharacters.txt")
    if rows is None:
        return None
    return {ord(char): first for char, first in rows if len(char) == 1 and len(first) == 1 and first != char}


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
    rows = _opencc_list("TSPhrases.txt")
    if rows is None:
        return None
    return tuple(phrase for phrase, first in rows if first != simplified(phrase))


def _opencc_list(name: str) -> list[tuple[str, str]] | None:
    """(entry, its first conversion) for each line of one of OpenCC's dictionary files, read
    without starting OpenCC; None when the file is missing or not laid out as `entry<TAB>a b`."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or spec.origin is None:
        return None
    try:
        lines = (Path(spec.origin).parent / "dictionary" / name).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    rows = []
    for line in lines:
        entry, _, targets = line.partition("\t")
        if not entry or not targets:
            return None
        rows.append((entry, targets.split(" ")[0]))
    return rows
