"""OCR-damaged unit names -> the known name they were printed as, by edit distance.

Tesseract misreads a character (`具司法局` for `县司法局`) or invents one in a
blank (`上县卫健局`). A unit name no rule knows, in a document read by OCR, is
compared with the names the vocabulary knows; it is repaired only when exactly
one of them is within `max_distance` edits, so that a doubt leaves the name as
printed (and reported as `unknown_unit`) rather than guessed.
"""

from __future__ import annotations

from typing import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# A shorter name has too many neighbours: `县农业局` and `县林业局` are one edit apart.
MIN_LENGTH = 4


def repair_unit(surface: str, known_names: Iterable[str], max_distance: int = 1) -> str | None:
    """Given a unit name as OCR printed it and the known names, return the one it was, or None.

    None when the name is shorter than MIN_LENGTH, already known, or when no
    known name or more than one (of MIN_LENGTH or more) is within
    `max_distance` insertions, deletions or substitutions.

    >>> repair_unit("具司法局", ["县司法局", "县财政局"])
    '县司法局'
    >>> repair_unit("县衣业局", ["县农业局", "县林业局"]) is None  # two at one edit
    True
    """
    name = "".join(surface.split())
    if len(name) < MIN_LENGTH or max_distance < 1:
        return None
    choices = {known for known in known_names if len(known) >= MIN_LENGTH}
    if name in choices:
        return None
    close = process.extract(
        name, choices, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=None
    )
    if len(close) != 1:
        return None
    return close[0][0]
