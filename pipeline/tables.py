"""Task tables as text -> numbered task lines with role lines, for the shared stages.

A table copied from a web page or written by the Word reader comes either one
cell per line (`序号` / `工作任务` / `牵头单位` …) or as rows with `|` between
cells. Its header row names the columns; each row below it becomes
`N.任务` followed by `牵头单位：…`, `配合单位：…`, `完成时限：…`, `责任领导：…`.
In `|` rows an empty cell is a merged cell: it repeats the value above it until
a section row or the next printed value (`—` is a printed "none").
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import Rules

# The role line each kind of column becomes; "number" and "task" make the task line.
_LABELS = {"lead": "牵头单位", "co": "配合单位", "responsible": "责任单位", "deadline": "完成时限", "leader": "责任领导"}


@dataclass(frozen=True)
class Cell:
    text: str
    offsets: list[int]


def rebuild_tables(lines: list, rules: Rules, make_line) -> list:
    """Given normalized lines (each with .text and .offsets), return them with task tables rewritten.

    make_line(text, offsets) builds a line of the caller's type.
    """
    out, i = [], 0
    while i < len(lines):
        header = _header_at(lines, i, rules)
        if header is None:
            out.append(lines[i])
            i += 1
            continue
        columns, i = header
        rows, i = _rows(lines, i, columns, rules)
        for row in rows:
            out.extend(_row_to_lines(row, columns, make_line, rules) if isinstance(row, list) else [row])
    return out


def _column_kinds(rules: Rules) -> dict[str, str]:
    """Column name -> kind, from the `tables.*_columns` lists."""
    return rules.derived("tables.column_kinds", lambda: {
        name: kind
        for kind in ("number", "task", "lead", "co", "responsible", "deadline", "leader")
        for name in rules.value(f"tables.{kind}_columns")
    })


def _column_kind(name: str, rules: Rules) -> str | None:
    """A column's kind by its name; an unlisted name that reads as task text counts as task."""
    kind = _column_kinds(rules).get(name)
    if kind is None and rules.pattern("tables.task_column").fullmatch(name):
        return "task"
    return kind


def _header_at(lines, i: int, rules: Rules):
    """If a header row starts at line i, return (column kinds, index after it)."""
    separator = rules.pattern("tables.cell_separator")
    text = lines[i].text
    if "|" in text or "｜" in text:
        names = [cell.strip() for cell in separator.split(text.strip("|｜ "))]
        end = i + 1
    else:
        names, end = [], i
        while end < len(lines) and _column_kind(lines[end].text.strip(), rules):
            names.append(lines[end].text.strip())
            end += 1
    found = [_column_kind(name, rules) for name in names]
    if None in found or "number" not in found or "task" not in found:
        return None
    if not {"lead", "co", "responsible"} & set(found):
        return None
    if "lead" in found:
        found = ["co" if kind == "responsible" else kind for kind in found]
    return found, end


def _rows(lines, i: int, columns: list[str], rules: Rules):
    """Read rows until the table ends; return ([row cells or a passed-through line], next index)."""
    separator = rules.pattern("tables.cell_separator")
    row_number = rules.pattern("tables.row_number")
    group_row = rules.pattern("tables.group_row")
    piped = None
    rows: list = []
    above: dict[int, Cell] = {}
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        if group_row.match(text) and "|" not in text.rstrip("|｜ "):
            rows.append(line)  # a section or subsection row spans the table
            above = {}
            i += 1
            continue
        if piped is not False and ("|" in text or "｜" in text):
            piped = True
            cells = _split_cells(line, separator)
            if not row_number.match(cells[0].text):
                cells = _split_number_cell(cells, rules)
                if cells is None:
                    break
            while len(cells) < len(columns) and _continues_row(lines, i + 1, rules):
                i += 1  # a page break cut the row: its rest is the next line
                line = _joined(line, lines[i])
                cells = _split_cells(line, separator)
            rows.append(_merge_above(cells, columns, above))
            i += 1
            continue
        if piped and _continues_table(lines, i + 1, rules):
            rows.append(line)  # a line that lost its separators: kept as text, and the table goes on
            i += 1
            continue
        if piped is not True and row_number.match(text):
            piped = False
            row, i = _row_of_lines(lines, i, columns, rules)
            rows.append(row)
            continue
        break
    return rows, i


def _split_number_cell(cells: list[Cell], rules: Rules) -> list[Cell] | None:
    """`14  办好…` as a first cell lost the separator after its number: split it back, else None."""
    match = rules.pattern("tables.number_then_text").match(cells[0].text)
    if not match:
        return None
    first = cells[0]
    number = Cell(match["no"], first.offsets[: len(match["no"])])
    rest = Cell(first.text[match.start("text"):], first.offsets[match.start("text"):])
    return [number, rest] + cells[1:]


def _continues_row(lines, j: int, rules: Rules) -> bool:
    """Whether line j is the rest of a `|` row (it has separators but no row number of its own)."""
    if j >= len(lines):
        return False
    text = lines[j].text.strip()
    has_cells = "|" in text or "｜" in text
    first = rules.pattern("tables.cell_separator").split(text, maxsplit=1)[0]
    return has_cells and not rules.pattern("tables.row_number").match(first.strip())


def _continues_table(lines, j: int, rules: Rules) -> bool:
    """Whether line j is a `|` row with a row number: the table goes on after an odd line."""
    if j >= len(lines):
        return False
    text = lines[j].text.strip()
    first = rules.pattern("tables.cell_separator").split(text, maxsplit=1)[0]
    return ("|" in text or "｜" in text) and bool(rules.pattern("tables.row_number").match(first.strip()))


def _joined(first, second):
    return type(first)(first.text + second.text, first.offsets + second.offsets)


def _merge_above(cells: list[Cell], columns: list[str], above: dict[int, Cell]) -> list[Cell]:
    """In `|` rows an empty cell is merged with the cell above it (until a group row)."""
    cells = cells + [Cell("", [])] * (len(columns) - len(cells))
    row = []
    for k, cell in enumerate(cells[: len(columns)]):
        if not cell.text and columns[k] not in ("number", "task") and k in above:
            cell = above[k]
        if cell.text:
            above[k] = cell
        row.append(cell)
    return row


def _row_of_lines(lines, i: int, columns: list[str], rules: Rules) -> tuple[list[Cell], int]:
    """One cell per line: the row runs to the next row number or group row.

    A row can have fewer lines than columns (an empty cell leaves no line) or more
    (a task cell of several paragraphs). Extra lines join the task cell when the
    lines after them still read as the trailing cells; otherwise the table has
    ended and they are left for the text that follows.
    """
    row_number = rules.pattern("tables.row_number")
    group_row = rules.pattern("tables.group_row")
    cells = [Cell(lines[i].text.strip(), lines[i].offsets)]
    j = i + 1
    while j < len(lines) and not row_number.match(lines[j].text.strip()) and not group_row.match(lines[j].text):
        if getattr(lines[j], "after_break", False) and len(cells) >= len(columns):
            # More lines than cells, and a page break before this one: it is the rest of the cell it cut.
            cells[-1] = Cell(cells[-1].text + lines[j].text.strip(), cells[-1].offsets + lines[j].offsets)
        else:
            cells.append(Cell(lines[j].text.strip(), lines[j].offsets))
        j += 1
    extra = len(cells) - len(columns)
    if extra > 0:
        task = columns.index("task")
        trailing = cells[len(cells) - (len(columns) - task - 1):]
        if _reads_as_trailing_cells(trailing, columns[task + 1:], rules):
            joined = cells[task : task + extra + 1]
            merged = Cell("".join(c.text for c in joined), [o for c in joined for o in c.offsets])
            cells = cells[:task] + [merged] + cells[task + extra + 1:]
        else:
            j -= extra
            cells = cells[: len(columns)]
    return _place_cells(cells, columns, rules), j


def _reads_as_trailing_cells(cells: list[Cell], kinds: list[str], rules: Rules) -> bool:
    """Whether lines fit the columns after the task: a time limit under 完成时限, short lists elsewhere."""
    from .clauses import is_time_limit

    for cell, kind in zip(cells, kinds):
        if kind == "deadline" and not (is_time_limit(cell.text, rules) or cell.text in rules.value("tables.none_cells")):
            return False
        if kind != "task" and "。" in cell.text.rstrip("。"):
            return False
    return True


def _split_cells(line, separator) -> list[Cell]:
    cells, last = [], 0
    text = line.text
    for match in list(separator.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        raw = text[last:end]
        lead = len(raw) - len(raw.lstrip())
        value = raw.strip()
        cells.append(Cell(value, line.offsets[last + lead : last + lead + len(value)]))
        last = match.end() if match else end
    return cells


def _place_cells(cells: list[Cell], columns: list[str], rules: Rules) -> list[Cell]:
    """One cell per line drops the line of an empty cell: put each cell in its column by what it says."""
    if len(cells) >= len(columns):
        return cells[: len(columns)]
    from .clauses import is_time_limit

    placed = [Cell("", [])] * len(columns)
    placed[0], placed[1] = cells[0], cells[1] if len(cells) > 1 else Cell("", [])
    rest = cells[2:]
    slots = list(range(2, len(columns)))
    if rest and "deadline" in columns and is_time_limit(rest[-1].text, rules):
        placed[columns.index("deadline")] = rest.pop()
        slots.remove(columns.index("deadline"))
    for slot, cell in zip(slots, rest):
        placed[slot] = cell
    return placed


def _row_to_lines(row: list[Cell], columns: list[str], make_line, rules: Rules) -> list:
    none = set(rules.value("tables.none_cells"))
    number = row[columns.index("number")]
    task_cells = [cell for cell, kind in zip(row, columns) if kind == "task" and cell.text]
    text, offsets = number.text + ".", number.offsets + number.offsets[-1:]
    for k, cell in enumerate(task_cells):
        joiner = "" if k == 0 or task_cells[k - 1].text.endswith(("。", "；", "：")) else "。"
        text += joiner + cell.text
        offsets += cell.offsets[:1] * len(joiner) + cell.offsets
    result = [make_line(text, offsets)]
    for cell, kind in zip(row, columns):
        if kind in _LABELS and cell.text and cell.text not in none:
            label = _LABELS[kind] + "："
            result.append(make_line(label + cell.text, cell.offsets[:1] * len(label) + cell.offsets))
    return result
