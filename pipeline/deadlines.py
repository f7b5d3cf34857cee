"""Time limits of a task -> Deadline (docs/format.md "Deadlines").

Two entry points:
- `parse_deadline`: an explicit limit (a `完成时限：` line, a table cell, the time
  segment of a clause such as `2024年6月底前完成`);
- `find_deadline`: the first time-limit phrase in running task text, where only
  dated limits and `每季度` count (`持续推进` there is a verb, `全年`/`每月` a quantity).

Patterns are matched on the Simplified form of the text; the phrase returned is
as printed (`長期堅持` stays Traditional).
"""

from __future__ import annotations

import calendar

from .model import Deadline
from .rules import Rules
from .script import simplified


def find_deadline(text: str, year: int | None, rules: Rules) -> Deadline | None:
    """Given running task text and the plan year, return its first time limit, or None."""
    scan = simplified(text)
    for match in rules.pattern("deadlines.in_text").finditer(scan):
        found = parse_deadline(text[match.start() : match.end()], year, rules)
        if found is not None:
            return found
    return None


def parse_deadline(phrase: str, year: int | None, rules: Rules) -> Deadline | None:
    """Given an explicit limit (`2024年6月底前完成`, `长期坚持`, `每季度`), return its Deadline.

    `text` is the phrase without a trailing `完成`; `date` is the last day it
    allows, in `year` when no year is printed (None when neither is known).
    A limit the rules cannot date (`汛期前`) keeps its text with date None; a
    phrase that names no time at all (empty, `—`) gives None. A phrase that runs
    on past its limit (`年底前各乡镇…`) gives the limit alone.
    """
    text = rules.pattern("deadlines.done_suffix").sub("", phrase.strip()).strip()
    scan = simplified(text)
    short = len(scan) <= rules.value("deadlines.undated_max_length")
    for kind in ("ongoing", "recurring"):
        word = next((w for w in rules.words(f"deadlines.{kind}") if scan.startswith(w)), None)
        if word:  # `每月5日前` whole; a cell that runs on (`长期坚持各乡镇要…`) gives the word
            return Deadline(text if short else text[: len(word)], None, kind)
    match = rules.pattern("deadlines.phrase").match(scan)
    if match and match.end() and match["year_only"] is None:
        # The whole phrase, or the limit a cell starts with (`年底前各乡镇…`).
        return Deadline(text[: match.end()], _last_day(match, year, rules), "date")
    if match and match.end() == len(scan):
        return Deadline(text, _last_day(match, year, rules), "date")  # a year alone: `2024年`
    if short and rules.pattern("deadlines.undated").search(scan):
        return Deadline(text, None, "date")
    return None


def _last_day(match, year: int | None, rules: Rules) -> str | None:
    """Given a `deadlines.phrase` match, return the ISO date of the last day it allows."""
    year = int(match["year"]) if match["year"] else year
    if year is None:
        return None
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        if match["day"]:
            day = int(match["day"])
        elif match["part"]:
            day = rules.value("deadlines.month_part_day")[match["part"]]
        else:
            day = last  # `6月` / `6月底` / `6月末`: the whole month
        return f"{year:04d}-{month:02d}-{min(day, last):02d}" if day >= 1 else None
    if match["quarter"]:
        return f"{year:04d}-{rules.value('deadlines.quarter_end')[match['quarter']]}"
    if match["half"]:
        return f"{year:04d}-{rules.value('deadlines.half_end')[match['half']]}"
    return f"{year:04d}-12-31"  # 年底 / 年内 / a year alone
