"""Document -> lines classified by their numbering, and the plan's sections (一、二、…).

A notice can number things before its plan starts: the cover's own points
(`一、提高思想认识。…`), an `附件：1.…` list. The plan's sections are the run of
`一、` headings that holds the numbered tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from .model import Document, Problem, Section, Span
from .rules import Rules

# The block of numbered lines that stand outside any section (a plan with no
# `一、` headings, or tasks printed before the first one). It is not listed in
# the output's sections; its tasks have section null.
UNSECTIONED = Section(no="", title="", span=Span(0, 0, ""))


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    kind: str  # section | subsection | item | other
    number: int | None = None  # the printed number, in arabic
    printed: str | None = None  # the number as printed: 一, （三）, 15
    body_start: int = 0  # offset in `text` after the number


def classify_lines(doc: Document, rules: Rules) -> list[Line]:
    """Given a Document, return its lines with the numbering each one starts with."""
    lines, start = [], 0
    for text in doc.text.split("\n"):
        end = start + len(text)
        line = Line(start, end, text, "other")
        for kind in ("section", "subsection", "item", "point"):
            match = rules.pattern(f"sections.{kind}").match(text)
            if match:
                printed = match["no"]
                number = _number(printed)
                line = Line(start, end, text, kind, number, printed, match.end())
                break
        lines.append(line)
        start = end + 1
    return _place_points(lines, rules)


def _place_points(lines: list[Line], rules: Rules) -> list[Line]:
    """`（1）`, `①` points number the tasks where no `1.` item does, or where they carry the
    clauses and the items do not (`1.专项整改问题` / `（1）…。（牵头单位：…）`: the items are then
    the level above them); otherwise they are part of their item's text."""
    from .clauses import clause_at_end

    kinds = {line.kind for line in lines}
    if "point" not in kinds:
        return lines
    if "item" not in kinds:
        relabel = {"point": "item"}
    elif "subsection" not in kinds and any(
            line.kind == "point" and clause_at_end(line.text, rules) is not None for line in lines) and not any(
            line.kind == "item" and clause_at_end(line.text, rules) is not None for line in lines):
        relabel = {"item": "subsection", "point": "item"}
    else:
        relabel = {"point": "other"}
    return [replace(line, kind=relabel[line.kind]) if line.kind in relabel else line for line in lines]


def _number(printed: str) -> int | None:
    """`15` -> 15, `三` -> 3, `③` -> 3."""
    from .cnum import chinese_to_int

    if printed.isdigit() and printed.isascii():
        return int(printed)
    if len(printed) == 1 and "①" <= printed <= "⑳":
        return ord(printed) - ord("①") + 1
    return chinese_to_int(printed)


def split_sections(lines: list[Line], rules: Rules) -> list[tuple[Section, list[Line]]]:
    """Given classified lines, return the plan's sections, each with the lines under it.

    Runs of section headings restart at 一; the run with the most numbered items
    under it is the plan (the last one on a tie: the plan follows its cover).
    """
    runs: list[list[int]] = []
    for i, line in enumerate(lines):
        if line.kind != "section":
            continue
        if not runs or line.number == 1 or line.number <= lines[runs[-1][-1]].number:
            runs.append([i])
        else:
            runs[-1].append(i)
    if not runs:
        return []
    best = max(runs, key=lambda run: (_items_under(lines, run), run[0]))
    end_of_plan = _end_of_plan(lines, best[-1], rules)
    sections = []
    for k, i in enumerate(best):
        stop = best[k + 1] if k + 1 < len(best) else end_of_plan
        heading = lines[i]
        title = heading.text[heading.body_start:]
        title = regex.split(r"。", title, maxsplit=1)[0].strip()
        span = Span(heading.start, heading.end, heading.text)
        leaders, lead_unit = heading_roles(title, rules)
        lead_unit = lead_unit or _lead_in_heading_clause(heading.text[heading.body_start:], rules)
        section = Section(no=heading.printed, title=title, span=span, leaders=leaders, lead_unit=lead_unit)
        sections.append((section, lines[i + 1 : stop]))
    return sections


def heading_roles(title: str, rules: Rules) -> tuple[tuple[str, ...], str | None]:
    """`县长（骆秋川）牵头重点工作` names a leader; `县示范区管委会牵头工作（8项）` a lead unit."""
    title = regex.split(r"。", title, maxsplit=1)[0].strip()
    match = rules.pattern("sections.leader_heading").search(title)
    if match:
        return tuple(name for name in regex.split(r"[、，]", match["names"]) if name), None
    match = rules.pattern("sections.unit_heading").fullmatch(title)
    if match and not rules.pattern("sections.leader_office").search(match["unit"]):
        return (), match["unit"]
    return (), None


def _lead_in_heading_clause(text: str, rules: Rules) -> str | None:
    """`一、强化科技创新（区科技局牵头）`: the units a section heading's own clause names as lead
    (joined by `、`) lead the tasks under it that name none."""
    from .clauses import clause_at_end, clause_content, parse_roles

    heading = regex.split(r"。", text, maxsplit=1)[0].strip()
    at = clause_at_end(heading, rules)
    if at is None:
        return None
    roles = parse_roles([clause_content(heading[at:], rules)], rules)
    return "、".join(roles.lead) or None


def _items_under(lines: list[Line], run: list[int]) -> int:
    last = run[-1]
    stop = next((j for j in range(last + 1, len(lines)) if lines[j].kind == "section"), len(lines))
    return sum(1 for line in lines[run[0] : stop] if line.kind in ("item", "subsection"))


def _end_of_plan(lines: list[Line], last_heading: int, rules: Rules) -> int:
    """Index of the first line after the plan: a signature date, 抄送, 印发, page footer, or an
    attachment heading with nothing numbered after it."""
    closing, attachment = rules.pattern("sections.closing"), rules.pattern("sections.attachment")
    for j in range(last_heading + 1, len(lines)):
        if closing.search(lines[j].text):
            return j
        if attachment.match(lines[j].text) and not any(
            line.kind in ("item", "subsection") for line in lines[j + 1 :]
        ):
            return j
    return len(lines)


def plan_start(lines: list[Line], sections: list[tuple[Section, list[Line]]]) -> int:
    """Index of the line where the plan's body starts: its first section, else its first numbered line."""
    if sections:
        return next(i for i, line in enumerate(lines) if line.start == sections[0][0].span.start)
    return next((i for i, line in enumerate(lines) if line.kind in ("item", "subsection")), len(lines))


def unsectioned(lines: list[Line], start: int, stop: int, rules: Rules) -> list[tuple[Section, list[Line]]]:
    """The numbered lines of the plan between `start` and `stop` that no section holds, as one block.

    A plan with no `一、` headings is numbered `1.` to the end; a damaged or
    misplaced heading can leave tasks before the first section. Neither loses them.
    """
    first = next((i for i in range(start, min(stop, len(lines))) if lines[i].kind in ("item", "subsection")), None)
    if first is None:
        return []
    # The plan ends at the closing matter after its first numbered line: a cover's
    # `附件1` and signature before it are not its end.
    end = _end_of_plan(lines, first, rules) if stop >= len(lines) else stop
    return [(UNSECTIONED, lines[first:end])]


def section_problems(sections: list[tuple[Section, list[Line]]]) -> list[Problem]:
    """A section number skipped or repeated (一, 二, 四), or a plan whose first section is not 一."""
    from .cnum import chinese_to_int

    problems, expected = [], 1
    for section, _ in sections:
        if section is UNSECTIONED:
            continue
        number = chinese_to_int(section.no)
        if number != expected:
            problems.append(Problem(
                "numbering_gap", f"section {section.no}、 where {expected} was expected: a heading may be missing",
                offset=section.span.start))
        expected = (number or expected) + 1
    return problems
