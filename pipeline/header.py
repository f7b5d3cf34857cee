"""Document lines -> the 文件头: 发文字号, issuer, cover title, recipients, 成文日期, plan title.

A notice is a cover (`…关于印发《X》的通知`, recipients, a paragraph, the
signature and its date) followed by the plan (its title, a preamble, the
sections). Some have no cover (the plan is signed at its end); portal pages
wrap it in a metadata block (发文字号：…｜成文日期：…).
"""

from __future__ import annotations

import regex

from .cnum import chinese_date_to_arabic
from .model import DocFields
from .rules import Rules
from .sections import Line


def read_header(lines: list[Line], plan_start: int, rules: Rules) -> tuple[DocFields, int | None]:
    """Given the document's lines and the index of its first section, return the fields
    and the index of the plan title line (the preamble starts after it)."""
    p = lambda name: rules.pattern(f"header.{name}")  # noqa: E731
    head = lines[:plan_start]
    texts = [line.text for line in head]
    metadata = _metadata(texts, rules)

    doc_number = metadata.get("doc_number")
    if doc_number is None:
        doc_number = next((m["number"] for t in texts if (m := p("doc_number").search(t))), None)

    cover_at = next((i for i, t in enumerate(texts) if p("cover_title").search(t)), None)
    cover_title = texts[cover_at] if cover_at is not None else None

    date_at = _first_index(texts, p("date_line"), start=(cover_at or 0))
    if cover_at is None:
        # No cover: the plan is signed at its end.
        all_texts = [line.text for line in lines]
        date_at_all = _last_index(all_texts, p("date_line"))
        date = _iso_date(all_texts[date_at_all]) if date_at_all is not None else None
        issuer = _signature(all_texts, date_at_all, rules)
    else:
        date = _iso_date(texts[date_at]) if date_at is not None else None
        issuer = _signature(texts, date_at, rules)
        match = p("issuer_in_cover").search(cover_title)
        if match and not issuer:
            issuer = match["issuer"]
    date = metadata.get("date") or date

    recipients = None
    if cover_at is not None:
        for t in texts[cover_at + 1 : cover_at + 4]:
            if p("recipients").fullmatch(t):
                recipients = t.rstrip("：:")
                break

    title_at = _plan_title(texts, cover_at, date_at, rules)
    title = texts[title_at] if title_at is not None else None
    if title is None and cover_title:
        inner = p("title_in_cover").search(cover_title)
        title = inner["title"] if inner else None

    year = _year(title, rules) or (int(date[:4]) if date else None)
    jurisdiction = _jurisdiction([issuer, title, cover_title], rules)
    fields = DocFields(
        doc_number=doc_number, issuer=issuer, title=title, cover_title=cover_title,
        recipients=recipients, date=date, year=year, jurisdiction=jurisdiction,
    )
    return fields, title_at


def _metadata(texts: list[str], rules: Rules) -> dict[str, str]:
    """Fields of a portal page's metadata block: `发文字号：…｜成文日期：…`."""
    found: dict[str, str] = {}
    field = rules.pattern("header.metadata_field")
    for text in texts:
        for cell in regex.split(r"\s*[|｜]\s*", text):
            match = field.match(cell)
            if not match or not match["value"].strip():
                continue
            key = match["key"]
            value = match["value"].strip()
            if key in rules.value("header.metadata_doc_number") and "doc_number" not in found:
                found["doc_number"] = value
            elif key in rules.value("header.metadata_date") and "date" not in found:
                iso = _iso_date(value)
                if iso:
                    found["date"] = iso
    return found


def _first_index(texts: list[str], pattern: regex.Pattern, start: int = 0) -> int | None:
    return next((i for i in range(start, len(texts)) if pattern.search(texts[i])), None)


def _last_index(texts: list[str], pattern: regex.Pattern) -> int | None:
    return next((i for i in range(len(texts) - 1, -1, -1) if pattern.search(texts[i])), None)


def _signature(texts: list[str], date_at: int | None, rules: Rules) -> str | None:
    """The body that signs: the line just above the date, when it names a body."""
    if date_at is None or date_at == 0:
        return None
    candidate = texts[date_at - 1]
    if rules.pattern("header.signature").fullmatch(candidate):
        return candidate
    return None


def _plan_title(texts: list[str], cover_at: int | None, date_at: int | None, rules: Rules) -> int | None:
    """The plan's own title: the last title-like line before the plan starts, after the cover."""
    start = max(i for i in (cover_at, date_at, -1) if i is not None) + 1
    pattern = rules.pattern("header.plan_title")
    candidates = [i for i in range(start, len(texts)) if pattern.search(texts[i])]
    if not candidates and cover_at is None:
        candidates = [i for i in range(len(texts)) if pattern.search(texts[i])]
    return candidates[0] if candidates else None


def _iso_date(text: str) -> str | None:
    match = regex.search(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})", chinese_date_to_arabic(text))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _year(title: str | None, rules: Rules) -> int | None:
    if not title:
        return None
    match = regex.search(r"((?:19|20)\d{2})年", title)
    return int(match.group(1)) if match else None


def _jurisdiction(candidates: list[str | None], rules: Rules) -> str | None:
    pattern = rules.pattern("header.jurisdiction")
    for text in candidates:
        if text and (match := pattern.search(text)):
            return match["place"]
    return None
