"""Per-document JSON + normalized text -> one self-contained HTML review page. Pure: no I/O.

The page shows the notice's normalized text with every task, clause, unit,
target and deadline highlighted in place, each with a hover title giving the
parsed value; a panel beside every task lists all of its values, so a value the
page cannot place in the text is still shown, never dropped. Above the text:
the warnings (each linked to its task), a summary table of the tasks and the
workload of each unit.

Placing a value: it is searched inside its task's `span` (units inside the
task's clause when the clause is found): the first occurrence after the
previous value of the same kind, then at the same place as the previous one
(`出庭率、参加听证率均达到100%` is the text of two targets), then anywhere in
the span. Whitespace may differ (a line break inside `达\n100%`). A value still
not found, or one that would cross another highlight's border, is shown in the
task's panel as an unplaced highlight, so every unit of the JSON has exactly
one `hl-unit` element on the page (likewise targets and deadlines).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

import regex

from .model import RawDocument
from .rules import Rules

FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'

# Highlight kinds; for marks over the same characters, the earlier kind is outside.
KINDS = ("clause", "target", "deadline", "unit")

ROLE_LABELS = {"lead": "牵头", "co": "配合", "inherited": "落实（沿用）"}
KIND_LABELS = {"task": "任务", "clause": "责任条款", "unit": "单位", "target": "量化指标", "deadline": "完成时限"}
DEADLINE_KINDS = {"date": "日期", "recurring": "周期性", "ongoing": "持续性"}

BASE_CSS = f"""
:root {{ color-scheme: light; }}
body {{ font-family: {FONT_STACK}; margin: 0 auto; max-width: 78rem; padding: 1rem 1.5rem 4rem;
       line-height: 1.7; color: #1f2328; background: #fff; }}
h1 {{ font-size: 1.45rem; margin: .2rem 0 .4rem; }}
h2 {{ font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #d0d7de; }}
table {{ border-collapse: collapse; width: 100%; font-size: .88rem; }}
th, td {{ border: 1px solid #d0d7de; padding: .2rem .45rem; vertical-align: top; text-align: left; }}
th {{ background: #f6f8fa; }}
a {{ color: #0b5cad; }}
.meta {{ color: #57606a; font-size: .9rem; }}
.muted {{ color: #57606a; }}
"""

REVIEW_CSS = """
.legend span { margin-right: .9rem; }
.summary, .workload { table-layout: fixed; }
.summary td, .workload td, .workload th { padding: .1rem .4rem; white-space: nowrap; overflow: hidden; }
.clip { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.workloads { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .6rem; align-items: start; }
.warnings li { margin: .15rem 0; }
.warnings code { background: #fff1e5; padding: 0 .3rem; border-radius: 3px; }
.text { white-space: pre-wrap; word-break: break-all; }
.between { margin: .6rem 0; color: #30363d; }
.task { display: grid; grid-template-columns: minmax(0, 3fr) minmax(15rem, 2fr); gap: 1rem;
        border: 1px solid #8c959f; border-left: 4px solid #0969da; border-radius: 4px;
        margin: .6rem 0; padding: .5rem .7rem; background: #fbfdff; }
.task:target { outline: 3px solid #bf8700; }
.panel { font-size: .85rem; border-left: 1px dashed #8c959f; padding-left: .8rem; }
.panel h3 { font-size: .95rem; margin: 0 0 .3rem; }
.panel dt { font-weight: bold; margin-top: .3rem; }
.panel dd { margin: 0 0 0 .8rem; }
.panel ul { margin: 0; padding-left: 1.1rem; }
.hl, .key { border-radius: 2px; padding: 0 1px; color: inherit; }
.hl-clause, .key-clause { background: #f1f3f5; outline: 1px dashed #8c959f; }
.hl-unit, .key-unit { background: #bfdbfe; border-bottom: 2px solid #1d4ed8; font-weight: 600; }
.hl-unit.role-co, .key-unit.role-co { background: #cffafe; border-bottom: 2px solid #0e7490; font-weight: normal; }
.hl-unit.role-inherited, .key-unit.role-inherited { background: #e9d5ff; border-bottom: 2px dotted #6d28d9;
  font-weight: normal; }
.hl-unit.unknown, .key-unit.unknown { background: #fecaca; border-bottom: 2px dashed #b91c1c; }
.hl-target, .key-target { background: #bbf7d0; border-bottom: 2px solid #15803d; }
.hl-deadline, .key-deadline { background: #fde68a; border-bottom: 2px solid #b45309; }
.unplaced { font-style: italic; }
.bar { display: inline-block; height: .7rem; background: #1d4ed8; vertical-align: middle; }
.bar.co { background: #7dd3fc; }
@media (max-width: 50rem) { .task { grid-template-columns: 1fr; } }
"""


@dataclass(frozen=True)
class Mark:
    """A highlight: characters [start, end) of the text, or unplaced (start == end == -1)."""

    start: int
    end: int
    kind: str  # one of KINDS
    ref: str  # the element id
    title: str  # the hover text: the parsed value
    classes: tuple[str, ...] = ()
    reason: str = ""  # why it is unplaced


def render_review(document: dict, text: str) -> str:
    """Given a per-document JSON dict and its normalized text, return the review page as HTML."""
    tasks = document.get("tasks", [])
    anchors = {task["id"]: task_anchor(index) for index, task in enumerate(tasks)}
    body = "\n".join([
        header_html(document),
        legend_html(),
        warnings_html(document.get("warnings", []), anchors),
        summary_html(tasks),
        workload_html(tasks),
        '<h2 id="text">原文（规范化）</h2>',
        text_html(tasks, text, document.get("warnings", [])),
    ])
    title = (document.get("doc") or {}).get("title") or document.get("doc_id", "")
    return page(f"{title} — 审阅", REVIEW_CSS, body)


def review_text(raw: RawDocument, rules: Rules) -> str:
    """Given a document as read, return its normalized text in the script the source printed.

    The offsets are those of the normalized text (Traditional is mapped one
    character for one), and the JSON's printed fields are found in it.
    """
    from .normalize import normalize

    doc = normalize(raw, rules)
    return doc.printed(doc.text) or doc.text


def page(title: str, css: str, body: str) -> str:
    """Given a title, extra CSS and a body, return a self-contained HTML document."""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def esc(value) -> str:
    """Given any value, return it as escaped HTML text ('' for None)."""
    return html.escape("" if value is None else str(value), quote=True)


def task_anchor(index: int) -> str:
    """Given a task's 0-based position, return its element id."""
    return f"task-{index + 1}"


# --- the parts of the page -------------------------------------------------


def header_html(document: dict) -> str:
    """Given the document, return its heading: title, number, issuer, date, source."""
    doc = document.get("doc") or {}
    source = document.get("source") or {}
    facts = [
        doc.get("doc_number"), doc.get("issuer"), doc.get("date"), doc.get("jurisdiction"),
        f"{len(document.get('tasks', []))} 项任务", f"{len(document.get('warnings', []))} 条警告",
    ]
    origin = f"{source.get('path', '')}（{source.get('format', '')}，sha256 {str(source.get('sha256', ''))[:12]}）"
    return (
        f"<header>\n<h1>{esc(doc.get('title') or document.get('doc_id'))}</h1>\n"
        f"<div class=\"meta\">{esc(' · '.join(str(f) for f in facts if f))}</div>\n"
        f"<div class=\"meta\">doc_id {esc(document.get('doc_id'))} · {esc(origin)}</div>\n</header>"
    )


def legend_html() -> str:
    """Return the key to the highlight styles (classes `key-*`, so they are not counted as highlights)."""
    samples = [
        ("key key-clause", "责任条款"), ("key key-unit role-lead", "牵头单位"), ("key key-unit role-co", "配合单位"),
        ("key key-unit role-inherited", "沿用单位"), ("key key-unit unknown", "词典外单位"),
        ("key key-target", "量化指标"), ("key key-deadline", "完成时限"),
    ]
    items = "".join(f'<span><span class="{cls}">{esc(label)}</span></span>' for cls, label in samples)
    return f'<div class="legend meta">图例：{items}（悬停查看解析值；右侧面板列出每项任务的全部解析结果）</div>'


def warnings_html(warnings: list[dict], anchors: dict[str, str]) -> str:
    """Given the warnings and each task's anchor, return the warning list, each linked to its task."""
    if not warnings:
        return '<h2 id="warnings">警告（0）</h2>\n<p class="muted">没有警告。</p>'
    items = []
    for warning in warnings:
        task = warning.get("task")
        where = ""
        if task in anchors:
            where = f' — <a href="#{anchors[task]}">{esc(task)}</a>'
        elif task:
            where = f" — {esc(task)}"
        items.append(f'<li class="warning"><code>{esc(warning.get("code"))}</code> '
                     f'{esc(warning.get("message"))}{where}</li>')
    return f'<h2 id="warnings">警告（{len(warnings)}）</h2>\n<ul class="warnings">\n' + "\n".join(items) + "\n</ul>"


def summary_html(tasks: list[dict]) -> str:
    """Given the tasks, return the summary table: id, title, lead, co, targets, deadline, page.

    One line per task; a long cell is cut with … on screen and kept whole in its title.
    """
    rows = []
    for index, task in enumerate(tasks):
        cells = [
            f'<a href="#{task_anchor(index)}">{esc(task["id"])}</a>', clip(task.get("title")),
            clip(names(task, "lead")), clip(names(task, "co")),
            clip("；".join(target_value(t) for t in task.get("targets", []))),
            clip(deadline_value(task.get("deadline"))), esc(task.get("page")),
        ]
        rows.append('<tr class="task-row">' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "<tr><th>任务</th><th>标题</th><th>牵头单位</th><th>配合单位</th><th>量化指标</th><th>完成时限</th><th>页码</th></tr>"
    widths = "".join(f'<col style="width:{w}%">' for w in (15, 17, 15, 22, 19, 8, 4))
    return (f'<h2 id="tasks">任务一览（{len(tasks)}）</h2>\n<table class="summary">\n<colgroup>{widths}</colgroup>\n'
            f'<thead>{head}</thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>")


def clip(value) -> str:
    """Given a cell value, return it as HTML that shows one line on screen and the whole value on hover."""
    return f'<div class="clip" title="{esc(value)}">{esc(value)}</div>' if value else ""


def workload_html(tasks: list[dict]) -> str:
    """Given the tasks, return a table of how many tasks each unit leads, co-owns and carries."""
    counts = unit_workload(tasks)
    if not counts:
        return '<h2 id="workload">单位工作量</h2>\n<p class="muted">没有识别出单位。</p>'
    widest = max(max(c["lead"], c["co"]) for c in counts.values()) or 1
    rows = []
    for name, c in sorted(counts.items(), key=lambda item: (-item[1]["lead"], -item[1]["co"], item[0])):
        bars = (f'<span class="bar" style="width:{c["lead"] * 50 / widest:.1f}%"></span>'
                f'<span class="bar co" style="width:{c["co"] * 50 / widest:.1f}%"></span>')
        rows.append(f'<tr class="unit-row"><td>{clip(name)}</td><td>{c["lead"]}</td><td>{c["co"]}</td>'
                    f'<td>{c["inherited"]}</td><td>{bars}</td></tr>')
    head = "<tr><th>单位</th><th>牵头</th><th>配合</th><th>沿用</th><th></th></tr>"
    columns = [rows[i::3] for i in range(3)] if len(rows) > 8 else [rows]
    widths = "".join(f'<col style="width:{w}%">' for w in (52, 10, 10, 10, 18))
    tables = "".join(f'<table class="workload"><colgroup>{widths}</colgroup><thead>{head}</thead>'
                     f'<tbody>{"".join(col)}</tbody></table>'
                     for col in columns if col)
    return (f'<h2 id="workload">单位工作量（{len(counts)} 个单位，按任务数）</h2>\n'
            f'<div class="workloads">{tables}</div>')


def unit_workload(tasks: list[dict]) -> dict[str, Counter]:
    """Given the tasks, return for each canonical unit the number of tasks it has in each role."""
    counts: dict[str, Counter] = {}
    for task in tasks:
        for name, role in {(u["name"], u["role"]) for u in task.get("units", [])}:
            counts.setdefault(name, Counter())[role] += 1
    return counts


def text_html(tasks: list[dict], text: str, warnings: list[dict]) -> str:
    """Given the tasks and the normalized text, return the text with every task in its own block."""
    parts, position = [], 0
    for index, task in sorted(enumerate(tasks), key=lambda item: tuple(item[1].get("span") or (0, 0))):
        start, end = clamp_span(task.get("span"), len(text), position)
        if text[position:start].strip():
            parts.append(f'<div class="text between">{esc(text[position:start].strip(chr(10)))}</div>')
        task_warnings = [w for w in warnings if w.get("task") == task["id"]]
        parts.append(task_html(task, index, text, (start, end), task_warnings))
        position = max(position, end)
    if text[position:].strip():
        parts.append(f'<div class="text between">{esc(text[position:].strip(chr(10)))}</div>')
    return "\n".join(parts)


def clamp_span(span, length: int, floor: int) -> tuple[int, int]:
    """Given a task's span, the text length and the end of the previous task, return a usable (start, end)."""
    start, end = (span or (floor, floor))[:2]
    start = min(max(int(start), floor, 0), length)
    return start, min(max(int(end), start), length)


def task_html(task: dict, index: int, text: str, span: tuple[int, int], warnings: list[dict]) -> str:
    """Given a task and its span, return its block: the marked-up text and the panel of parsed values."""
    anchor = task_anchor(index)
    placed, unplaced = place_marks(task_marks(task, text, span, anchor))
    marked = render_marked(text, span[0], span[1], placed)
    return (f'<section class="task" id="{anchor}" data-task-id="{esc(task["id"])}" '
            f'title="{esc(KIND_LABELS["task"] + " " + task["id"])}">\n'
            f'<div class="text task-text">{marked}</div>\n'
            f"{panel_html(task, anchor, placed + unplaced, warnings)}\n</section>")


# --- finding the values in the text ----------------------------------------


def locate(text: str, needle: str, start: int, end: int) -> tuple[int, int] | None:
    """Given a needle, return where it first occurs in text[start:end], whitespace aside; None if nowhere."""
    if not needle or start >= end:
        return None
    found = text.find(needle, start, end)
    if found >= 0:
        return found, found + len(needle)
    chars = [ch for ch in needle if not ch.isspace()]
    if not chars:
        return None
    match = regex.compile(r"\s*".join(regex.escape(ch) for ch in chars)).search(text, start, end)
    return (match.start(), match.end()) if match else None


def locate_in_order(text: str, needle: str, region: tuple[int, int], previous: tuple[int, int] | None):
    """Given a needle and the place of the previous value of its kind, return its place in region.

    After the previous one first; then at the same place (one phrase that is
    the text of two values); then anywhere in the region.
    """
    start, end = region
    tries = [start] if previous is None else [previous[1], previous[0], start]
    for origin in tries:
        found = locate(text, needle, origin, end)
        if found:
            return found
    return None


def task_marks(task: dict, text: str, span: tuple[int, int], anchor: str) -> list[Mark]:
    """Given a task, return a Mark for its clause, each unit, each target and its deadline.

    Units are looked for in the clause (in the whole span when the clause is not
    found, or a lead/co unit is not in it); an inherited unit only in the clause,
    since the same name in the running text is not where the rule assigns it.
    """
    marks: list[Mark] = []
    clause_at = locate(text, task.get("clause") or "", *span)
    if task.get("clause"):
        marks.append(mark_at(clause_at, "clause", f"{anchor}-clause", f"责任条款\n{task['clause']}"))
    unit_region = clause_at or span
    previous = None
    for number, unit in enumerate(task.get("units", []), 1):
        surface = unit.get("surface") or unit["name"]
        at = locate_in_order(text, surface, unit_region, previous)
        if at is None and clause_at and unit["role"] != "inherited":  # `（A负责）` in the running text
            at = locate(text, surface, *span)
        previous = at or previous
        classes = (f"role-{unit['role']}",) + (() if unit.get("in_dictionary", True) else ("unknown",))
        marks.append(mark_at(at, "unit", f"{anchor}-u{number}", unit_title(unit), classes))
    previous = None
    for number, target in enumerate(task.get("targets", []), 1):
        at = locate_in_order(text, target.get("text") or "", span, previous)
        previous = at or previous
        marks.append(mark_at(at, "target", f"{anchor}-g{number}", target_title(target)))
    deadline = task.get("deadline")
    if deadline:
        at = locate(text, deadline.get("text") or "", *span)
        marks.append(mark_at(at, "deadline", f"{anchor}-d", deadline_title(deadline)))
    return marks


def mark_at(at, kind: str, ref: str, title: str, classes: tuple[str, ...] = ()) -> Mark:
    """Given a place (or None), return the Mark; an unplaced one says why it is not in the text."""
    if at is None:
        reason = "由沿用规则带入，本任务原文未写" if "role-inherited" in classes else "在任务原文中未找到"
        return Mark(-1, -1, kind, ref, title, classes, reason)
    return Mark(at[0], at[1], kind, ref, title, classes)


def place_marks(marks: list[Mark]) -> tuple[list[Mark], list[Mark]]:
    """Given marks, return (marks that nest properly, in text order; the rest, unplaced).

    Marks either contain one another or are apart; a mark that would cross the
    border of one already placed is not placed (the clause, then targets, then
    the deadline, then units are placed first).
    """
    placed: list[Mark] = []
    unplaced = [m for m in marks if m.start < 0]
    for mark in sorted((m for m in marks if m.start >= 0), key=lambda m: KINDS.index(m.kind)):
        if any(m.start < mark.start < m.end < mark.end or mark.start < m.start < mark.end < m.end for m in placed):
            unplaced.append(Mark(-1, -1, mark.kind, mark.ref, mark.title, mark.classes,
                                 "与另一处高亮交叉，未在原文中标出"))
        else:
            placed.append(mark)
    placed.sort(key=lambda m: (m.start, -m.end, KINDS.index(m.kind)))
    return placed, unplaced


def render_marked(text: str, start: int, end: int, marks: list[Mark]) -> str:
    """Given text[start:end] and properly nested marks in text order, return it as HTML with the marks."""
    out, stack, position = [], [], start
    for mark in marks:
        while stack and stack[-1].end <= mark.start:
            closing = stack.pop()
            out.append(esc(text[position : closing.end]) + close_tag(closing))
            position = closing.end
        out.append(esc(text[position : mark.start]) + open_tag(mark, stack[-1] if stack else None))
        position = mark.start
        stack.append(mark)
    while stack:
        closing = stack.pop()
        out.append(esc(text[position : closing.end]) + close_tag(closing))
        position = closing.end
    out.append(esc(text[position:end]))
    return "".join(out)


def open_tag(mark: Mark, parent: Mark | None) -> str:
    """Given a mark (and the mark it sits in), return its opening tag.

    A mark over exactly its parent's characters repeats the parent's value in its
    title, so hovering shows both (`出庭率、参加听证率均达到100%`).
    """
    title = mark.title
    if parent and (parent.start, parent.end, parent.kind) == (mark.start, mark.end, mark.kind):
        title = parent.title + "\n" + title
    tag = "span" if mark.kind == "clause" else "mark"
    classes = " ".join(("hl", f"hl-{mark.kind}") + mark.classes)
    return f'<{tag} class="{classes}" id="{mark.ref}" title="{esc(title)}">'


def close_tag(mark: Mark) -> str:
    return "</span>" if mark.kind == "clause" else "</mark>"


# --- the panel beside each task --------------------------------------------


def panel_html(task: dict, anchor: str, marks: list[Mark], warnings: list[dict]) -> str:
    """Given a task, all of its marks and its warnings, return the panel listing every parsed value.

    A value placed in the text links to its highlight; an unplaced one is the
    highlight itself, with the reason it is not in the text.
    """
    refs = {m.ref: m for m in marks}
    rows = [f'<h3>{esc(task["id"])}：{esc(task.get("title"))}</h3>',
            f'<div class="muted">编号 {esc(task.get("no"))} · 部分 {esc(task.get("section") or "—")}'
            + (f' · 小节 {esc(task["subsection"])}' if task.get("subsection") else "")
            + (f' · 第 {esc(task["page"])} 页' if task.get("page") else "") + "</div>", "<dl>"]
    units = list(enumerate(task.get("units", []), 1))
    for role, label in ROLE_LABELS.items():
        items = [panel_item(refs[f"{anchor}-u{n}"], unit_text(u)) for n, u in units if u["role"] == role]
        if items:
            rows.append(f"<dt>{esc(label)}</dt><dd><ul>{''.join(items)}</ul></dd>")
    for label, values in (("泛指单位", task.get("catch_all", [])), ("牵头领导", task.get("leaders", []))):
        if values:
            rows.append(f"<dt>{esc(label)}</dt><dd>{esc('、'.join(values))}</dd>")
    targets = [panel_item(refs[f"{anchor}-g{n}"], target_value(t)) for n, t in enumerate(task.get("targets", []), 1)]
    if targets:
        rows.append(f"<dt>量化指标</dt><dd><ul>{''.join(targets)}</ul></dd>")
    if task.get("deadline"):
        item = panel_item(refs[f"{anchor}-d"], deadline_value(task["deadline"]))
        rows.append(f"<dt>完成时限</dt><dd><ul>{item}</ul></dd>")
    clause = refs.get(f"{anchor}-clause")
    if clause is not None and clause.start < 0:
        note = f'<span class="muted">（{esc(clause.reason)}）</span>'
        rows.append(f'<dt>责任条款</dt><dd>{esc(task.get("clause"))} {note}</dd>')
    if warnings:
        items = "".join(f"<li><code>{esc(w.get('code'))}</code> {esc(w.get('message'))}</li>" for w in warnings)
        rows.append(f"<dt>警告</dt><dd><ul>{items}</ul></dd>")
    rows.append("</dl>")
    return '<aside class="panel">\n' + "\n".join(rows) + "\n</aside>"


def panel_item(mark: Mark, value: str) -> str:
    """Given a value and its mark, return a list item: a link to the highlight, or the unplaced highlight."""
    if mark.start >= 0:
        return f'<li><a href="#{mark.ref}">{esc(value)}</a></li>'
    classes = " ".join(("hl", f"hl-{mark.kind}", "unplaced") + mark.classes)
    return (f'<li><mark class="{classes}" id="{mark.ref}" title="{esc(mark.title)}">{esc(value)}</mark> '
            f'<span class="muted">（{esc(mark.reason)}）</span></li>')


# --- values as text --------------------------------------------------------


def names(task: dict, role: str) -> str:
    """Given a task and a role, return the canonical names of its units in that role, joined with 、."""
    return "、".join(u["name"] for u in task.get("units", []) if u["role"] == role)


def number_text(value) -> str:
    """Given a number, return it without a needless `.0`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def target_value(target: dict) -> str:
    """Given a target, return `metric comparator valueunit`, with its condition."""
    amount = f"{number_text(target.get('value'))}{target.get('unit') or ''}"
    text = f"{target.get('metric') or ''} {target.get('comparator') or ''} {amount}"
    if target.get("condition"):
        text += f"（条件：{target['condition']}）"
    return text.strip()


def deadline_value(deadline: dict | None) -> str:
    """Given a deadline, return its printed text with the date it allows."""
    if not deadline:
        return ""
    if deadline.get("date") and deadline.get("date") != deadline.get("text"):
        return f"{deadline.get('text')}（{deadline['date']}）"
    return deadline.get("text") or ""


def unit_text(unit: dict) -> str:
    """Given a unit, return its canonical name, with the printed form when it differs."""
    text = unit["name"]
    if unit.get("surface") and unit["surface"] != unit["name"]:
        text += f"（原文：{unit['surface']}）"
    if not unit.get("in_dictionary", True):
        text += " ⚠ 词典外"
    return text


def unit_title(unit: dict) -> str:
    """Given a unit, return its hover text: canonical name, role, how it was matched."""
    known = "词典内" if unit.get("in_dictionary", True) else "不在词典中"
    return (f"单位：{unit['name']}\n角色：{ROLE_LABELS.get(unit['role'], unit['role'])}\n"
            f"原文：{unit.get('surface', '')}\n匹配：{unit.get('how', '')} · {known}")


def target_title(target: dict) -> str:
    """Given a target, return its hover text: metric, comparator and value, condition."""
    lines = [f"指标：{target.get('metric')}",
             f"要求：{target.get('comparator')} {number_text(target.get('value'))}{target.get('unit') or ''}"]
    if target.get("condition"):
        lines.append(f"条件：{target['condition']}")
    return "\n".join(lines)


def deadline_title(deadline: dict) -> str:
    """Given a deadline, return its hover text: printed text, date, kind."""
    return (f"时限：{deadline.get('text')}\n日期：{deadline.get('date') or '—'}\n"
            f"类型：{DEADLINE_KINDS.get(deadline.get('kind'), deadline.get('kind'))}")
