"""Sections -> task blocks: the numbered items, with their body and clause lines apart.

Tasks are the deepest numbered items of the plan: `1.` items where the plan has
them (under `（一）` subsections in three-level notices), else `（一）` items.
A block runs to the next numbered line; after its responsibility clause a plain
paragraph is closing text, not the task's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from .model import Problem, Section
from .rules import Rules
from .sections import Line


@dataclass
class TaskBlock:
    no: int
    printed: str
    section: Section
    subsection: int | None
    first: Line
    lines: list[Line] = field(default_factory=list)  # first line included
    id_path: str = ""
    lead_unit: str | None = None  # named by the heading above it: `（一）省审计厅牵头的工作`

    @property
    def start(self) -> int:
        return self.first.start

    @property
    def end(self) -> int:
        return self.lines[-1].end


def split_tasks(sections: list[tuple[Section, list[Line]]], rules: Rules) -> tuple[list[TaskBlock], list[Problem]]:
    """Given the sections with their lines, return the task blocks and numbering problems."""
    from .clauses import clause_at_end, is_role_line

    seen: dict[str, bool] = {}  # the structure checks below ask of one line more than once

    def is_clause(text: str) -> bool:
        if text not in seen:
            seen[text] = is_role_line(text, rules) or clause_at_end(text, rules) is not None
        return seen[text]

    has_items = any(line.kind == "item" for _, lines in sections for line in lines)
    names_lead = lambda line: _heading_unit(line, rules) is not None  # noqa: E731
    task_kind = "item" if has_items and not _items_are_points(sections, is_clause, names_lead) else "subsection"
    if not has_items and _sections_are_tasks(sections, is_clause):
        sections = [(section, [_heading_line(section, rules)] + lines) for section, lines in sections]
        task_kind = "section"

    blocks: list[TaskBlock] = []
    problems: list[Problem] = []
    for section, lines in sections:
        subsection, heading_unit = None, section.lead_unit
        current: TaskBlock | None = None
        closed = False  # the current block's clause has been seen
        stray: list[Line] = []  # text after a clause, before the next numbered line
        for k, line in enumerate(lines):
            if line.kind == "subsection":
                heading_unit = _heading_unit(line, rules) or section.lead_unit
            if line.kind == "subsection" and task_kind == "item":
                subsection, current = line.number, None
                branch = _branch(lines, k)
                if not any(under.kind == "item" for under in branch) and (
                        heading_unit or any(is_clause(under.text) for under in branch)):
                    # `（二）…。（责任单位：…）` or `（一）省审计厅牵头的工作` with no items under it:
                    # the deepest item of its branch.
                    current = TaskBlock(line.number, line.printed, section, None, line, [line], lead_unit=heading_unit)
                    blocks.append(current)
                    closed = clause_at_end(line.text, rules) is not None
                continue
            if task_kind == "subsection" and line.kind == "item":
                line = replace(line, kind="other")  # a point inside the task that carries the clause
            if line.kind == "other" and task_kind == "item":
                line = _repaired_item(line, blocks, section, closed or current is None, rules, problems)
            if line.kind == task_kind:
                problems.extend(_stray_text(stray))
                stray = []
                current = TaskBlock(line.number, line.printed, section, subsection, line, [line], lead_unit=heading_unit)
                blocks.append(current)
                closed = clause_at_end(line.text, rules) is not None
                continue
            if current is None:
                if blocks and blocks[-1].section is section and line.kind == "other":
                    stray.append(line)
                continue
            clause_line = is_clause(line.text)
            if closed and not clause_line:
                current = None  # closing text after the last clause, unless a task follows
                stray.append(line)
                continue
            current.lines.append(line)
            closed = closed or clause_line
    _assign_ids(blocks)
    return blocks, _numbering_problems(blocks) + _damaged_numbers(sections, rules) + problems


def paragraph_tasks(lines: list[Line], start: int, rules: Rules) -> tuple[list[TaskBlock], list[Problem]]:
    """A plan that numbers nothing: each paragraph that carries a clause (at its end, or in the
    role lines after it) is a task, numbered in order, with a warning that says so."""
    from .clauses import clause_at_end, is_role_line
    from .sections import UNSECTIONED

    blocks: list[TaskBlock] = []
    current, previous = None, None
    for line in lines[start:]:
        if is_role_line(line.text, rules):
            if current is None and previous is not None:
                current = _unnumbered_block(previous, len(blocks) + 1, UNSECTIONED)
                blocks.append(current)
            if current is not None:
                current.lines.append(line)
            previous = None
            continue
        if clause_at_end(line.text, rules) is not None:
            current = _unnumbered_block(line, len(blocks) + 1, UNSECTIONED)
            blocks.append(current)
            previous = None
        else:
            current, previous = None, line
    if not blocks:
        return [], []
    _assign_ids(blocks)
    return blocks, [Problem("unnumbered_tasks", f"no numbered task: {len(blocks)} paragraphs that carry a "
                                                "responsibility clause are taken as tasks, numbered in order",
                            offset=blocks[0].start)]


def _unnumbered_block(line: Line, number: int, section: Section) -> TaskBlock:
    first = replace(line, kind="item", number=number, printed=str(number), body_start=0)
    return TaskBlock(number, str(number), section, None, first, [first])


def _sections_are_tasks(sections, is_clause) -> bool:
    """Nothing below the `一、` headings is numbered, and their text holds the clauses: the
    sections are the deepest numbered items, so they are the tasks."""
    return not any(line.kind == "subsection" for _, lines in sections for line in lines) and any(
        is_clause(line.text) for _, lines in sections for line in lines)


def _heading_line(section: Section, rules: Rules) -> Line:
    """The line of a section's heading, numbered as a task."""
    from .cnum import chinese_to_int

    match = rules.pattern("sections.section").match(section.span.text)
    return Line(section.span.start, section.span.end, section.span.text, "section",
                chinese_to_int(section.no), section.no, match.end() if match else 0)


def _items_are_points(sections, is_clause, names_lead) -> bool:
    """Whether the `1.` items under `（一）` headings are points of the heading's text, not tasks.

    The task level is the level that carries the responsibility clauses. Items are
    points when no item has a clause of its own before the next item comes, and a
    `（一）` with several items holds one clause (after its last item, or on its line).
    A `（一）` that names the lead of its items (`（一）省编办牵头的工作`) is their group.
    """
    several_share_one = False
    for _, lines in sections:
        in_subsection, items, clauses, own = False, 0, 0, False
        for line in [*lines, None]:
            if line is None or line.kind in ("subsection", "section"):
                several_share_one |= in_subsection and items >= 2 and clauses == 1
                in_subsection = line is not None and line.kind == "subsection" and not names_lead(line)
                items, clauses, own = 0, int(line is not None and is_clause(line.text)), False
            elif line.kind == "item":
                if own:
                    return False  # the item before this one has a clause of its own
                items += 1
                own = is_clause(line.text)
                clauses += own
            elif is_clause(line.text):
                clauses += 1
                own = items > 0
    return several_share_one


def _heading_unit(line: Line, rules: Rules) -> str | None:
    """`（一）省监察厅牵头的工作`: the unit a heading names as the lead of the tasks under it."""
    from .sections import heading_roles

    return heading_roles(line.text[line.body_start:], rules)[1]


def _branch(lines: list[Line], k: int) -> list[Line]:
    """The `（一）` at lines[k] and the lines under it, up to the next heading."""
    stop = next((j for j in range(k + 1, len(lines)) if lines[j].kind in ("subsection", "section")), len(lines))
    return lines[k:stop]


def _repaired_item(line: Line, blocks: list[TaskBlock], section: Section, after_clause: bool, rules: Rules,
                   problems: list[Problem]) -> Line:
    """`4完善…` after a task's clause, where task 4 comes next: a task number that lost its period.

    Only the number the sequence expects is taken, and only where a task has just
    ended, so a number inside a sentence never starts a task.
    """
    match = rules.pattern("sections.item_lost_period").match(line.text)
    if not match or not after_clause:
        return line
    number = int(match["no"])
    previous = blocks[-1] if blocks else None
    expected = {1} if previous is None else {previous.no + 1} | ({1} if previous.section is not section else set())
    if number not in expected:
        return line
    problems.append(Problem("number_repaired", f"task {number} lost the mark after its number: {line.text[:12]}…",
                            offset=line.start))
    return replace(line, kind="item", number=number, printed=match["no"], body_start=match.end())


def _stray_text(lines: list[Line]) -> list[Problem]:
    """Text between one task's clause and the next task belongs to neither: perhaps a task that lost its number."""
    return [
        Problem("numbering_gap", f"a paragraph between two tasks belongs to neither (a task that lost its number?): "
                                 f"{line.text[:20]}…", offset=line.start)
        for line in lines
    ]


def _assign_ids(blocks: list[TaskBlock]) -> None:
    """The shortest printed path that is unique: no, S.no or S.U.no.

    Where no path is unique (a number printed twice), each repeat gets `~2`, `~3`
    after the path the numbering calls for; the numbering_gap warning says why.
    """
    from .cnum import chinese_to_int

    def path(block: TaskBlock, depth: int) -> str:
        parts = [str(chinese_to_int(block.section.no) or 0)] if depth >= 1 else []
        if depth >= 2 and block.subsection is not None:
            parts.append(str(block.subsection))
        return ".".join(parts + [str(block.no)])

    for depth in (0, 1, 2):
        paths = [path(block, depth) for block in blocks]
        if len(set(paths)) == len(paths):
            break
    else:
        restarts = any(b.no == 1 for b in blocks[1:])
        paths = [path(block, 1 if restarts else 0) for block in blocks]
    seen: Counter[str] = Counter()
    for block, value in zip(blocks, paths):
        seen[value] += 1
        block.id_path = value if seen[value] == 1 else f"{value}~{seen[value]}"


def _damaged_numbers(sections: list[tuple[Section, list[Line]]], rules: Rules) -> list[Problem]:
    """A line that starts like a numbered item whose number was lost (`（）推行…`, `.提升…`)."""
    damaged = rules.pattern("sections.damaged_number")
    return [
        Problem("numbering_gap", f"a numbered line lost its number: {line.text[:20]}…", offset=line.start)
        for _, lines in sections for line in lines
        if line.kind == "other" and damaged.match(line.text)
    ]


def _numbering_problems(blocks: list[TaskBlock]) -> list[Problem]:
    """A gap or a repeat in the task numbers, continuous or restarting per section."""
    problems = []
    if blocks and blocks[0].no != 1:
        problems.append(Problem(
            code="numbering_gap", message=f"the first task is numbered {blocks[0].printed}: tasks before it may be lost",
            offset=blocks[0].start))
    previous: TaskBlock | None = None
    for block in blocks:
        if previous is not None:
            expected = previous.no + 1
            restarted = block.no == 1 and (
                block.section is not previous.section or block.subsection != previous.subsection
            )
            if block.no != expected and not restarted:
                kind = "repeated" if block.no <= previous.no else "skipped"
                problems.append(Problem(
                    code="numbering_gap",
                    message=f"task number {block.printed} follows {previous.printed}: numbering {kind}",
                    offset=block.start,
                ))
        previous = block
    return problems
