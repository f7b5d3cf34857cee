"""Task tables as text -> numbered task lines with role lines, for the shared stages.

A table copied from a web page or written by the Word reader comes either one
cell per line (`序号` / `工作任务` / `牵头单位` …, each perhaps closed by a `|`) or
as rows with `|` between cells. Its header row is found by what its cells name
(rules/tables.toml): a number column, a column of task text, columns of units.
Each row below it becomes `N.任务` followed by `牵头单位：…`, `配合单位：…`,
`完成时限：…`, `责任领导：…`. In `|` rows an empty cell is a merged cell: it
repeats the value above it until a section row or the next printed value (`—`
is a printed "none").
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .rules import Rules

_FULL_WIDTH_PARENS = str.maketrans("()", "（）")

# The role line each kind of column becomes; "number" and "task" make the task line.
_LABELS = {"lead": "牵头单位", "co": "配合单位", "responsible": "责任单位", "deadline": "完成时限", "leader": "责任领导"}


@dataclass(frozen=True)
class Cell:
    text: str
    offsets: list[int]


def rebuild_tables(lines: list, rules: Rules, make_line, cut: bool = False) -> list:
    """Given normalized lines (each with .text and .offsets), return them with task tables rewritten.

    make_line(text, offsets) builds a line of the caller's type. cut: the text stops where
    its limit fell (an excerpt), so a row at its end may have lost its last cells.
    """
    lines = _cells_closed_by_separators(_cells_opened_by_separators(lines, make_line), rules, make_line)
    out, i = [], 0
    while i < len(lines):
        header = _header_at(lines, i, rules)
        if header is None:
            out.append(lines[i])
            i += 1
            continue
        columns, i, numbered = header
        rows, i = _rows(lines, i, columns, rules, make_line, numbered, cut)
        for row in rows:
            out.extend(_row_to_lines(row, columns, make_line, rules) if isinstance(row, list) else [row])
    return out


def pipe_cells(lines: list, rules: Rules, make_line) -> list:
    """Rows whose cells are separated by tabs or by spaces -> `|` rows.

    This runs before the spaces between Chinese characters are dropped, as those
    spaces may be all that separates two cells.
    """
    return _spaced_to_piped(_tabbed_to_piped(lines, make_line), rules, make_line)


def _tabbed_to_piped(lines: list, make_line) -> list:
    """A line of three or more cells separated by tabs (a table copied from a web page) is a `|`
    row; an empty cell between two tabs stays an empty cell."""
    out = []
    for line in lines:
        inner = line.text.strip()
        if inner.count("\t") < 2:
            out.append(line)
            continue
        spans, start = [], 0
        for part in line.text.split("\t"):
            value = part.strip()
            at = start + len(part) - len(part.lstrip())
            spans.append((at, at + len(value)) if value else None)
            start += len(part) + 1
        while spans and spans[0] is None:
            spans.pop(0)  # the line's indent
        while spans and spans[-1] is None:
            spans.pop()
        out.append(_piped(line, spans, 0, make_line))
    return out


def column_kind(cell: str, rules: Rules) -> str | None:
    """Given a header cell, return the kind of its column, or None when it names no column."""
    name = regex.sub(r"\s+", "", cell).strip("|｜").translate(_FULL_WIDTH_PARENS)
    if not name or len(name) > rules.value("tables.header_cell_max") or regex.search(r"[。，；：,;:]", name):
        return None
    if rules.pattern("tables.group_row").match(name):
        return None
    return next((kind for kind in rules.value("tables.column_kinds")
                 if rules.pattern(f"tables.column_{kind}").search(name)), None)


def _spaced_to_piped(lines: list, rules: Rules, make_line) -> list:
    """A table whose cells are separated by spaces (`序号 名称 工作任务 牵头责任单位`, rows
    `1 …。 发改委`) is written with `|` between its cells, so it reads as a `|` table.

    A row's first cell is its number and its last cells fill the columns after the last
    task column; what stands between is the task text.
    """
    header_at, row_at = rules.pattern("tables.spaced_header"), rules.pattern("tables.spaced_row")
    group_row = rules.pattern("tables.group_row")
    out, columns = [], None
    for line in lines:
        match = header_at.search(line.text)
        kinds = [column_kind(cell, rules) for cell in match["header"].split()] if match else []
        if kinds and None not in kinds and {"number", "task"} <= set(kinds) and {"lead", "co", "responsible"} & set(kinds):
            start = match.start("header")
            if line.text[:start].strip():
                out.append(make_line(line.text[:start].rstrip(), line.offsets[: len(line.text[:start].rstrip())]))
            out.append(_piped(line, [(m.start(), m.end()) for m in regex.finditer(r"\S+", match["header"])], start,
                              make_line))
            columns = kinds
            continue
        row = row_at.match(line.text) if columns else None
        if row and kinds == []:
            tail = len(columns) - 1 - max(k for k, kind in enumerate(columns) if kind == "task")
            tokens = [(m.start(), m.end()) for m in regex.finditer(r"\S+", line.text)]
            if len(tokens) >= 2 + tail:
                middle = (tokens[1][0], tokens[len(tokens) - tail - 1][1])
                spans = [tokens[0]] + [middle] + tokens[len(tokens) - tail:]
                blanks = len(columns) - len(spans)
                out.append(_piped(line, spans[:1] + [None] * blanks + spans[1:], 0, make_line))
                continue
        if columns and line.text.strip() and not group_row.match(line.text):
            columns = None  # the table has ended (a blank line does not end it)
        out.append(line)
    return out


def _piped(line, spans: list, base: int, make_line):
    """The cells at `spans` (offsets from `base`; None for an empty cell) joined by ` | `."""
    text, offsets = "", []
    for k, span in enumerate(spans):
        if k:
            anchor = offsets[-1] if offsets else line.offsets[0]
            text, offsets = text + " | ", offsets + [anchor] * 3
        if span is not None:
            start, end = base + span[0], base + span[1]
            text, offsets = text + line.text[start:end], offsets + line.offsets[start:end]
    return make_line(text, offsets)


_OPENS_CELL = regex.compile(r"^\s*[|｜]\s*(?=[^\s|｜])(?!.*[|｜]\s*$)")
_ENDS_ROW = regex.compile(r"^\s*[|｜]\s*$")


def _cells_opened_by_separators(lines: list, make_line) -> list:
    """`牵头单位` / `| 目标任务` / `| 责任单位` / `|`: each cell opened by a separator at a line start,
    each row ended by a lone separator. Lines without a separator go on the cell before them (a
    narrow cell wrapped a character or two a line: `市政` / `府办` / `公厅`), and a row's first cell
    is the lines after the row before it. Each row becomes one `|` row.

    A table starts at the line before its first `| ` line, where lone separators follow it.
    """
    def kind(line) -> str | None:
        return "open" if _OPENS_CELL.match(line.text) else "end" if _ENDS_ROW.match(line.text) else None

    kinds = [kind(line) for line in lines]
    out, i = [], 0
    while i < len(lines):
        starts = (kinds[i] is None and i + 1 < len(lines) and kinds[i + 1] == "open"
                  and kinds[i + 1 : i + 12].count("end") >= 2)
        if not starts:
            out.append(lines[i])
            i += 1
            continue
        row: list[list] = [[lines[i]]]
        i += 1
        while i < len(lines):
            if kinds[i] == "end":
                out.append(_row_line(row, make_line))
                row = []
                i += 1
                # The table goes on where a cell opens within the next lines.
                ahead = next((k for k in kinds[i : i + 8] if k is not None), None)
                if ahead is None:
                    break
                continue
            if kinds[i] == "open":
                row.append([lines[i]])
            elif row:
                row[-1].append(lines[i])
            else:
                row.append([lines[i]])
            i += 1
        if row:
            out.append(_row_line(row, make_line))  # the text stops inside a row
    return out


def _row_line(cells: list[list], make_line):
    """Lines grouped by cell -> one `|` row (a separator's offset is the cell start it stands for)."""
    text, offsets = "", []
    for k, cell in enumerate(cells):
        if k:
            text, offsets = text + " | ", offsets + [offsets[-1] if offsets else cell[0].offsets[0]] * 3
        for line in cell:
            opened = _OPENS_CELL.match(line.text)
            start = opened.end() if opened else 0
            part = line.text[start:].strip()
            lead = len(line.text[start:]) - len(line.text[start:].lstrip())
            text += part
            offsets += line.offsets[start + lead : start + lead + len(part)]
    if len(cells) == 1:  # a row of one cell (the others merged) still reads as a `|` row
        text, offsets = "| " + text, offsets[:1] * 2 + offsets
    return make_line(text, offsets)


def _cells_closed_by_separators(lines: list, rules: Rules, make_line) -> list:
    """`序号 |` / `重点工作 |` / `1 |` …: one cell per line, each closed by a separator.

    In a run of three or more such lines the closing separator is dropped, so the
    table reads as one cell per line.
    """
    closed = regex.compile(r"^[^|｜]*?\s*[|｜]\s*$")
    marks = [bool(closed.match(line.text)) for line in lines]
    out = []
    for i, line in enumerate(lines):
        run = marks[i] and (sum(marks[max(0, i - 2) : i + 3]) >= 3)
        if run:
            text = regex.sub(r"\s*[|｜]\s*$", "", line.text)
            out.append(make_line(text, line.offsets[: len(text)]))
        else:
            out.append(line)
    return out


def _header_at(lines, i: int, rules: Rules):
    """If a header row starts at line i, return (column kinds, index after it, whether the rows
    print their numbers).

    A `|` table may have no number column: its `|` rows are numbered in order.
    """
    separator = rules.pattern("tables.cell_separator")
    row_number = rules.pattern("tables.row_number")
    text = lines[i].text
    if "|" in text or "｜" in text:
        found = [column_kind(cell, rules) for cell in separator.split(text.strip("|｜ "))]
        end = i + 1
        piped_rows_follow = end < len(lines) and ("|" in lines[end].text or "｜" in lines[end].text)
        if None not in found and "number" not in found and piped_rows_follow:
            found = ["number"] + found
            numbered = False
        else:
            numbered = True
    else:
        found, end = [], i
        while end < len(lines):
            kind = column_kind(lines[end].text, rules)
            fragment = kind is None or (kind != "number" and len(lines[end].text.strip()) <= 2)
            if fragment and found and end + 1 < len(lines) and not row_number.match(lines[end + 1].text.strip()):
                # A header cell wrapped over two lines: `市政府` / `分管领导`, `责任` / `领导`.
                joined = column_kind(lines[end].text + lines[end + 1].text, rules)
                # A short cell with a kind of its own joins only a short rest of its own kind
                # (`时间` / `节点`), not the next cell (`单位` / `年度目标`, `指标` / `工作任务`).
                rest_is_short = len(lines[end + 1].text.strip()) <= 2
                if joined is not None and (kind is None or (kind == joined and rest_is_short)):
                    kind = joined
                    end += 1
            if kind is None:
                break
            found.append(kind)
            end += 1
        numbered = True
    if None in found or "number" not in found or "task" not in found:
        return None
    if not {"lead", "co", "responsible"} & set(found):
        return None
    if "lead" in found:
        found = ["co" if kind == "responsible" else kind for kind in found]
    return found, end, numbered


def _rows(lines, i: int, columns: list[str], rules: Rules, make_line, numbered: bool = True, cut: bool = False):
    """Read rows until the table ends; return ([row cells or a passed-through line], next index).

    numbered=False: a `|` table without a number column; each `|` line is a row, numbered in
    order, and a row with fewer cells than columns lost those of its merged cells."""
    separator = rules.pattern("tables.cell_separator")
    row_number = rules.pattern("tables.row_number")
    group_row = rules.pattern("tables.group_row")
    piped = None
    num = columns.index("number")
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
        if not numbered and ("|" in text or "｜" in text):
            cells = [cell for cell in _split_cells(line, separator) if cell.text]
            if not cells:
                i += 1  # a lone separator
                continue
            if any(regex.fullmatch(r"\p{Han}{2,6}\s*[：:]", cell.text) for cell in cells):
                break  # `索引号: | … | 成文日期: | …`: the page's metadata, after the table
            order = str(sum(isinstance(row, list) for row in rows) + 1)
            cells = [Cell(order, cells[0].offsets[:1] * len(order))] + cells
            if len(cells) < len(columns):
                cells = _place_cells(cells, columns, rules)
            cells = _number_from_task_cell(cells, columns, rules)
            rows.append(_merge_above(cells, columns, above, () if cut and i + 1 >= len(lines) else None))
            i += 1
            continue
        if piped is not False and ("|" in text or "｜" in text):
            piped = True
            cells = _split_cells(line, separator)
            if len(cells) <= num or not row_number.match(cells[num].text):
                group, cells = _split_group_cell(cells, rules, make_line) if num == 0 else (None, None)
                if group is not None:
                    rows.append(group)  # `五、深化改革17`: a section row that lost its line break
                    above = {}
                elif cells is None and _continues_table(lines, i + 1, rules, num):
                    rows.append(line)  # a row that cannot be read is kept as text, and the table goes on
                    i += 1
                    continue
                elif cells is None:
                    break
            while len(cells) < len(columns) and _continues_row(lines, i + 1, rules, num):
                i += 1  # a page break cut the row: its rest is the next line
                line = _joined(line, lines[i])
                cells = _split_cells(line, separator)
            rows.append(_merge_above(cells, columns, above, () if cut and i + 1 >= len(lines) else None))
            i += 1
            continue
        if piped and _continues_table(lines, i + 1, rules, num):
            rows.append(line)  # a line that lost its separators: kept as text, and the table goes on
            i += 1
            continue
        if piped is not True and row_number.match(text):
            piped = False
            row, i = _row_of_lines(lines, i, columns, rules)
            # A row cut by the end of an excerpt, or left without its task text, takes nothing from above.
            damaged = (cut and i >= len(lines)) or not any(c.text for c, kind in zip(row, columns) if kind == "task")
            rows.append(_merge_above(row, columns, above, () if damaged else _CARRIED_WITHOUT_A_LINE))
            continue
        if piped is not True and len(text) <= rules.value("tables.group_label_max") and _row_follows(lines, i, rules):
            rows.append(line)  # a group row that lost its number (`强化科技创新支撑能力。`): kept as text
            i += 1
            continue
        last = next((row for row in reversed(rows) if isinstance(row, list)), None)
        if piped is False and last is not None and _numbered_next(lines, i + 1, last[num].text):
            rows.append(line)  # a line that fits no cell of the row above: kept as text, and the table goes on
            i += 1
            continue
        break
    return rows, i


def _numbered_next(lines, j: int, previous: str) -> bool:
    """Whether the row after the one numbered `previous` starts within the next lines (a row's
    worth: lines that fit no cell of it pass through as they are)."""
    return previous.isdigit() and any(line.text.strip() == str(int(previous) + 1) for line in lines[j : j + 8])


def _row_follows(lines, i: int, rules: Rules) -> bool:
    """Whether a numbered row of one cell per line comes within the next three lines."""
    row_number, group_row = rules.pattern("tables.row_number"), rules.pattern("tables.group_row")
    for line in lines[i + 1 : i + 4]:
        if row_number.match(line.text.strip()):
            return True
        if not group_row.match(line.text.strip()) and len(line.text) > rules.value("tables.group_label_max"):
            return False
    return False


def _split_group_cell(cells: list[Cell], rules: Rules, make_line):
    """A first cell that is not a row number: `五、深化改革17` (a section row run into the row under
    it) gives (that row as a line, the cells); `14  办好…` gives (None, the cells split back);
    anything else (None, None)."""
    match = rules.pattern("tables.group_then_number").match(cells[0].text)
    if match:
        first = cells[0]
        group = make_line(match["group"], first.offsets[: match.end("group")])
        number = Cell(match["no"], first.offsets[match.start("no"):])
        return group, [number] + cells[1:]
    return None, _split_number_cell(cells, rules)


def _split_number_cell(cells: list[Cell], rules: Rules) -> list[Cell] | None:
    """`14  办好…` as a first cell lost the separator after its number: split it back, else None."""
    match = rules.pattern("tables.number_then_text").match(cells[0].text)
    if not match:
        return None
    first = cells[0]
    number = Cell(match["no"], first.offsets[: len(match["no"])])
    rest = Cell(first.text[match.start("text"):], first.offsets[match.start("text"):])
    return [number, rest] + cells[1:]


def _numbered_row(text: str, num: int, rules: Rules) -> bool:
    """Whether a `|` line holds a row number in the number column."""
    cells = rules.pattern("tables.cell_separator").split(text)
    return len(cells) > num and bool(rules.pattern("tables.row_number").match(cells[num].strip()))


def _continues_row(lines, j: int, rules: Rules, num: int) -> bool:
    """Whether line j is the rest of a `|` row (it has separators but no row number of its own)."""
    if j >= len(lines):
        return False
    text = lines[j].text.strip()
    return ("|" in text or "｜" in text) and not _numbered_row(text, num, rules)


def _continues_table(lines, j: int, rules: Rules, num: int) -> bool:
    """Whether line j is a `|` row with a row number: the table goes on after an odd line."""
    if j >= len(lines):
        return False
    text = lines[j].text.strip()
    return ("|" in text or "｜" in text) and _numbered_row(text, num, rules)


def _joined(first, second):
    return type(first)(first.text + second.text, first.offsets + second.offsets)


# One cell per line prints a merged cell only on its first row: a row without a line for its
# lead, leader or time limit has them from the row above (a co or note cell may just be empty).
_CARRIED_WITHOUT_A_LINE = ("lead", "responsible", "leader", "deadline")


def _number_from_task_cell(cells: list[Cell], columns: list[str], rules: Rules) -> list[Cell]:
    """A row numbered in order whose task cell prints its own number (`14.改扩建…`) takes that one."""
    task = next((k for k, kind in enumerate(columns) if kind == "task" and k < len(cells) and cells[k].text), None)
    match = rules.pattern("tables.number_in_task_cell").match(cells[task].text) if task is not None else None
    if not match:
        return cells
    own = cells[task]
    cells = list(cells)
    cells[columns.index("number")] = Cell(match["no"], own.offsets[: len(match["no"])])
    cells[task] = Cell(own.text[match.end():], own.offsets[match.end():])
    return cells


def _merge_above(cells: list[Cell], columns: list[str], above: dict[int, Cell],
                 carried: tuple[str, ...] | None = None) -> list[Cell]:
    """An empty cell is merged with the cell above it (until a group row): in `|` rows any
    cell but the number and the task, else the `carried` kinds. The row that ends a cut text
    carries none (`carried=()`): its empty cells may be where the text stops."""
    cells = cells + [Cell("", [])] * (len(columns) - len(cells))
    row = []
    for k, cell in enumerate(cells[: len(columns)]):
        merged = columns[k] in carried if carried is not None else columns[k] not in ("number", "task")
        if not cell.text and merged and k in above:
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
    ended and they are left for the text that follows. Columns before the number
    (a group printed once above its rows) have no line in the row.
    """
    before = columns.index("number")
    columns = columns[before:]
    row_number = rules.pattern("tables.row_number")
    group_row = rules.pattern("tables.group_row")
    ends = rules.pattern("tables.table_end")
    cells = [Cell(lines[i].text.strip(), lines[i].offsets)]
    current = int(cells[0].text)

    def next_row(text: str) -> bool:
        # A number is the next row's only where the sequence goes on: `2` in row 4 is a value.
        return bool(row_number.match(text)) and current < int(text) <= current + 2

    j = i + 1
    while (j < len(lines) and not next_row(lines[j].text.strip()) and not group_row.match(lines[j].text)
           and not ends.match(lines[j].text.strip())):
        if getattr(lines[j], "after_break", False) and len(cells) >= len(columns):
            # More lines than cells, and a page break before this one: it is the rest of the cell it cut.
            cells[-1] = Cell(cells[-1].text + lines[j].text.strip(), cells[-1].offsets + lines[j].offsets)
        elif lines[j].text.strip():  # a lone separator is no cell
            cells.append(Cell(lines[j].text.strip(), lines[j].offsets))
        j += 1
    extra = len(cells) - len(columns)
    if extra > 0:
        cells = _unit_cell_over_lines(cells, columns, rules)
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
    return [Cell("", [])] * before + _place_cells(cells, columns, rules), j


def _unit_cell_over_lines(cells: list[Cell], columns: list[str], rules: Rules) -> list[Cell]:
    """A unit cell printed one unit per line (`县水务局` / `县住建局` / `县城投公司`), between the
    task cell and the cells after it: its lines become one cell, the units joined with `、`.

    Only where the row has one unit column after its last task column, and every extra
    line reads as a name (short, no sentence, no time limit).
    """
    from .clauses import is_time_limit

    task = max(k for k, kind in enumerate(columns) if kind == "task")
    units = [k for k, kind in enumerate(columns) if kind in _UNIT_KINDS and k > task]
    if len(units) != 1:
        return cells
    unit = units[0]
    after = len(columns) - unit - 1
    extra = len(cells) - len(columns)
    names = cells[unit : unit + extra + 1]
    if any(len(c.text) > 30 or regex.search(r"[。；]", c.text) or is_time_limit(c.text, rules) for c in names):
        return cells
    return cells[:unit] + [_joined_lines(names, columns[unit])] + cells[unit + extra + 1 : unit + extra + 1 + after]


def _reads_as_trailing_cells(cells: list[Cell], kinds: list[str], rules: Rules) -> bool:
    """Whether lines fit the columns after the task: a time limit under 完成时限, names under
    units, short lists elsewhere."""
    for cell, kind in zip(cells, kinds):
        if kind in ("deadline", *_UNIT_KINDS) and _fits(cell, [kind], rules)[0] <= 0:
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
    """One cell per line drops the line of an empty or merged cell and gives a cell of several
    names or paragraphs a line each: put each line in its column by what it says (names under
    units, a time limit under the deadline, text under the task).

    The lines keep their order; the placement that fits best wins, and of placements that fit
    equally, the one whose empty columns cost least (`_skip_cost`).
    """
    if len(cells) > len(columns):
        return cells[: len(columns)]
    m, n = len(cells), len(columns)
    fits = [_fits(cell, columns, rules) for cell in cells]
    fits[0] = [0.0 if kind == "number" else float("-inf") for kind in columns]
    # best[c][k]: the best score of placing cells[c:] into columns[k:]; choice[c][k]: how many
    # lines column k takes there (0: it is empty).
    best = [[float("-inf")] * (n + 1) for _ in range(m + 1)]
    choice = [[0] * (n + 1) for _ in range(m + 1)]
    best[m][n] = 0.0
    for c in range(m, -1, -1):
        for k in range(n - 1, -1, -1):
            best[c][k] = best[c][k + 1] - _skip_cost(k, columns)
            score = 0.0
            for taken in range(1, m - c + 1 if columns[k] in _EXTRA_LINE_COST else min(1, m - c) + 1):
                score += fits[c + taken - 1][k] - (_EXTRA_LINE_COST[columns[k]] if taken > 1 else 0.0)
                if score + best[c + taken][k + 1] > best[c][k]:
                    best[c][k], choice[c][k] = score + best[c + taken][k + 1], taken
    placed, c = [], 0
    for k in range(n):
        taken = cells[c : c + choice[c][k]]
        c += len(taken)
        placed.append(_joined_lines(taken, columns[k]))
    return placed


_UNIT_KINDS = ("lead", "co", "responsible")
# The columns whose cell may take several lines, and what each line after the first costs: a
# unit cell printed one name per line (more than an empty column, so a name goes to a column of
# its own where there is one), a task cell of several paragraphs.
_EXTRA_LINE_COST = {"lead": 2.5, "co": 2.5, "responsible": 2.5, "task": 0.5}


def _joined_lines(lines: list[Cell], kind: str) -> Cell:
    """The lines of one cell: names joined by `、`, paragraphs as they stand."""
    if not lines:
        return Cell("", [])
    joiner = "、" if kind in _UNIT_KINDS else ""
    return Cell(joiner.join(c.text for c in lines),
                [o for k, c in enumerate(lines) for o in (c.offsets if k == 0 else c.offsets[:1] * len(joiner) + c.offsets)])


def _skip_cost(k: int, columns: list[str]) -> float:
    """An empty column costs one point. Of text columns an earlier one costs less (a merged
    task name or group is the outer cell); of the others a later one (one unit is the lead)."""
    return 1.0 + 0.01 * (k if columns[k] in ("task", "group") else len(columns) - k)


def _fits(cell: Cell, kinds: list[str], rules: Rules) -> list[float]:
    """How well a cell reads as a cell of a column of each kind (what the cell says is read once)."""
    from .clauses import is_time_limit, names_only

    text = cell.text
    none = text in rules.value("tables.none_cells")
    names = names_only(text, rules) and not text.endswith("。")  # `建设科技园区。` is a sentence
    time_limit = is_time_limit(text, rules)
    # A short phrase may be a body no rule knows (`县残联`, `…工作领导小组`): neither fits nor misfits.
    short = len(text) <= 20 and not regex.search(r"[。，,；;：:\d]", text)

    def fit(kind: str) -> float:
        if kind in _UNIT_KINDS:
            return 3.0 if names else 1.0 if none else 0.0 if short else -3.0
        if kind == "deadline":  # a year alone (`2024`) under 建设时间 is its time limit too
            return 3.0 if time_limit or regex.fullmatch(r"\d{4}年?", text) else 1.0 if none else -3.0
        if kind == "measure":
            return 2.0 if len(text) <= 4 and not regex.search(r"\d", text) and not names else -3.0
        if kind == "leader":
            if rules.pattern("tables.body_name").search(text) or not rules.pattern("tables.leader_names").fullmatch(text):
                return -2.0
            return 2.0 if rules.pattern("tables.leader_names_short").fullmatch(text) else 0.5
        if kind == "note":
            return 0.0
        return -2.0 if names or time_limit else 1.0

    return [fit(kind) for kind in kinds]


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
        if kind == "leader":
            cell = _names_without_inner_spaces(cell)
        if kind in _LABELS and cell.text and cell.text not in none:
            label = _LABELS[kind] + "："
            result.append(make_line(label + cell.text, cell.offsets[:1] * len(label) + cell.offsets))
    return result


def _names_without_inner_spaces(cell: Cell) -> Cell:
    """`郑 扬`: a two-character name padded to the width of three, printed without the padding."""
    keep = [k for k, ch in enumerate(cell.text)
            if not (ch.isspace() and 0 < k < len(cell.text) - 1
                    and regex.match(r"\p{Han}", cell.text[k - 1]) and regex.match(r"\p{Han}", cell.text[k + 1]))]
    return Cell("".join(cell.text[k] for k in keep), [cell.offsets[k] for k in keep])
