"""Two notices of one series -> what changed: new, dropped and carried tasks, and for a carried
task its changes in units, targets and deadline.

Tasks are matched by content, not by number (next year's plan renumbers and
reorders): every old/new pair gets a similarity from its titles and texts
(rapidfuzz), and pairs are taken best first, each task at most once, down to
THRESHOLD. Targets of a carried task are matched the same way by metric,
loosely (`参考率` ~ `学法考法参考率`). A deadline counts as changed when its
text or kind changes, or its date moves by other than the years between the
plans (`年底前` in 2024 and in 2025 is the same deadline).

`diff_documents`, `diff_to_rows`, `format_summary` and `render_diff_html` are
pure; `main_diff` is what `python -m pipeline diff` calls.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz

from .review import esc, number_text, page, target_value

THRESHOLD = 60.0  # task similarity (0-100) below which two tasks are not the same task
TARGET_THRESHOLD = 60.0  # metric similarity below which two targets are not the same target
UNIT_FIELDS = (("lead", "lead"), ("co", "co"), ("inherited", "inherited"))
ROW_COLUMNS = ["status", "old_task", "new_task", "old_title", "new_title", "field", "old_value", "new_value"]


@dataclass(frozen=True)
class TaskRef:
    """A task of one side, reduced to what the diff shows."""

    id: str
    no: str
    section: str | None
    title: str
    text: str
    lead: tuple[str, ...]
    co: tuple[str, ...]
    inherited: tuple[str, ...]
    leaders: tuple[str, ...]
    targets: tuple[dict, ...]
    deadline: dict | None


@dataclass(frozen=True)
class FieldChange:
    """One change of a carried task.

    field: "title", "lead", "co", "inherited", "leaders", "target" or "deadline".
    For unit fields `added`/`removed` are the names gained and lost; for a
    target `aspects` names what changed ("value", "comparator", "unit",
    "metric", "condition"), and a target only on one side has a None value.
    """

    field: str
    old_value: str | None
    new_value: str | None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskDiff:
    status: str  # "carried" | "new" | "dropped"
    old: TaskRef | None
    new: TaskRef | None
    similarity: float | None = None
    changes: tuple[FieldChange, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True)
class DocRef:
    doc_id: str
    title: str | None
    year: int | None
    date: str | None
    tasks: int


@dataclass(frozen=True)
class DiffResult:
    """The tasks of both notices: carried and new in the new notice's order, each dropped
    task after the carried task that preceded it in the old notice."""

    old: DocRef
    new: DocRef
    tasks: tuple[TaskDiff, ...] = field(default_factory=tuple)

    def with_status(self, status: str) -> list[TaskDiff]:
        return [t for t in self.tasks if t.status == status]


# --- matching ----------------------------------------------------------------


def diff_documents(old: dict, new: dict, threshold: float = THRESHOLD) -> DiffResult:
    """Given two per-document JSON dicts (old, new), return their DiffResult."""
    old_tasks = [task_ref(t) for t in old.get("tasks", [])]
    new_tasks = [task_ref(t) for t in new.get("tasks", [])]
    scores = {(i, j): task_similarity(a, b) for i, a in enumerate(old_tasks) for j, b in enumerate(new_tasks)}
    pairs = best_pairs(scores, threshold)
    years = year_shift(old, new)
    by_new = {j: i for i, j in pairs}
    entries = []
    for j, task in enumerate(new_tasks):
        if j in by_new:
            i = by_new[j]
            entries.append(TaskDiff("carried", old_tasks[i], task, round(scores[i, j], 1),
                                    task_changes(old_tasks[i], task, years)))
        else:
            entries.append(TaskDiff("new", None, task))
    matched_old = {i for i, _ in pairs}
    dropped = [(i, TaskDiff("dropped", t, None)) for i, t in enumerate(old_tasks) if i not in matched_old]
    return DiffResult(doc_ref(old), doc_ref(new), tuple(place_dropped(entries, dropped, old_tasks)))


def task_ref(task: dict) -> TaskRef:
    """Given a task of the per-document JSON, return its TaskRef."""
    def by_role(role: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u["name"] for u in task.get("units", []) if u["role"] == role))

    return TaskRef(
        id=task["id"], no=str(task.get("no") or ""), section=task.get("section"), title=task.get("title") or "",
        text=task.get("text") or "", lead=by_role("lead"), co=by_role("co"), inherited=by_role("inherited"),
        leaders=tuple(task.get("leaders", [])), targets=tuple(task.get("targets", [])), deadline=task.get("deadline"),
    )


def doc_ref(document: dict) -> DocRef:
    """Given a per-document JSON dict, return its DocRef."""
    doc = document.get("doc") or {}
    return DocRef(document.get("doc_id", ""), doc.get("title"), doc.get("year"), doc.get("date"),
                  len(document.get("tasks", [])))


def task_similarity(old: TaskRef, new: TaskRef) -> float:
    """Given two tasks, return how alike they are (0-100): the text's similarity, or the mean
    of title and text similarity when that is higher (a task keeps its title, its text is rewritten)."""
    title = fuzz.ratio(old.title, new.title)
    text = fuzz.ratio(old.text, new.text)
    return max(text, (title + text) / 2)


def best_pairs(scores: dict[tuple[int, int], float], threshold: float) -> list[tuple[int, int]]:
    """Given scores of (old, new) pairs, return a one-to-one matching: best pairs first, down to threshold.

    Ties go to the pair whose positions are closest, then to the earlier one.
    """
    ranked = sorted((pair for pair, score in scores.items() if score >= threshold),
                    key=lambda pair: (-scores[pair], abs(pair[0] - pair[1]), pair))
    used_old, used_new, pairs = set(), set(), []
    for i, j in ranked:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def place_dropped(entries: list[TaskDiff], dropped: list[tuple[int, TaskDiff]], old_tasks: list[TaskRef]):
    """Given the entries in new order and the dropped tasks with their old positions, return one list
    with each dropped task after the carried task that preceded it in the old notice."""
    position = {t.id: i for i, t in enumerate(old_tasks)}
    result = list(entries)
    for old_index, entry in dropped:
        at = 0
        for k, existing in enumerate(result):
            if existing.old is not None and position[existing.old.id] < old_index:
                at = k + 1
        result.insert(at, entry)
    return result


# --- changes of a carried task -------------------------------------------------


def task_changes(old: TaskRef, new: TaskRef, years: int) -> tuple[FieldChange, ...]:
    """Given the old and new form of a carried task, return its changes."""
    changes = []
    if old.title != new.title:
        changes.append(FieldChange("title", old.title, new.title))
    for name, attribute in UNIT_FIELDS + (("leaders", "leaders"),):
        change = unit_change(name, getattr(old, attribute), getattr(new, attribute))
        if change:
            changes.append(change)
    changes.extend(target_changes(old.targets, new.targets))
    change = deadline_change(old.deadline, new.deadline, years)
    if change:
        changes.append(change)
    return tuple(changes)


def unit_change(name: str, old: tuple[str, ...], new: tuple[str, ...]) -> FieldChange | None:
    """Given a unit field's names before and after, return the change, or None when the set is the same."""
    added = tuple(n for n in new if n not in old)
    removed = tuple(n for n in old if n not in new)
    if not added and not removed:
        return None
    return FieldChange(name, "、".join(old) or None, "、".join(new) or None, added, removed)


def target_changes(old: tuple[dict, ...], new: tuple[dict, ...]) -> list[FieldChange]:
    """Given the targets of a task before and after, return the targets changed, added and removed."""
    scores = {(i, j): target_similarity(a, b) for i, a in enumerate(old) for j, b in enumerate(new)}
    pairs = best_pairs({p: s for p, s in scores.items() if metric_similarity(old[p[0]], new[p[1]]) >= TARGET_THRESHOLD},
                       0)
    changes = []
    for i, j in pairs:
        aspects = target_aspects(old[i], new[j])
        if aspects:
            changes.append(FieldChange("target", target_value(old[i]), target_value(new[j]), aspects=aspects))
    matched_old, matched_new = {i for i, _ in pairs}, {j for _, j in pairs}
    changes += [FieldChange("target", target_value(t), None, aspects=("removed",))
                for i, t in enumerate(old) if i not in matched_old]
    changes += [FieldChange("target", None, target_value(t), aspects=("added",))
                for j, t in enumerate(new) if j not in matched_new]
    return changes


def metric_similarity(old: dict, new: dict) -> float:
    """Given two targets, return how alike their metrics are (0-100); one metric inside the other counts as 90."""
    a, b = old.get("metric") or "", new.get("metric") or ""
    if a and b and min(len(a), len(b)) >= 2 and (a in b or b in a):
        return max(90.0, fuzz.ratio(a, b))
    return fuzz.ratio(a, b)


def target_similarity(old: dict, new: dict) -> float:
    """Given two targets, return the score that orders their pairing: the metric first, then what else agrees."""
    score = metric_similarity(old, new)
    score += 5 * (old.get("condition") == new.get("condition"))
    score += 3 * same_number(old.get("value"), new.get("value"))
    score += 2 * (old.get("unit") == new.get("unit")) + 1 * (old.get("comparator") == new.get("comparator"))
    return score


def target_aspects(old: dict, new: dict) -> tuple[str, ...]:
    """Given two matched targets, return the names of what differs between them."""
    aspects = []
    if not same_number(old.get("value"), new.get("value")):
        aspects.append("value")
    for key in ("comparator", "unit", "metric", "condition"):
        if (old.get(key) or None) != (new.get(key) or None):
            aspects.append(key)
    return tuple(aspects)


def same_number(a, b) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


def deadline_change(old: dict | None, new: dict | None, years: int) -> FieldChange | None:
    """Given a task's deadline before and after and the years between the plans, return the change or None."""
    if old is None and new is None:
        return None
    if old is not None and new is not None:
        same_text = old.get("text") == new.get("text") and old.get("kind") == new.get("kind")
        if same_text and shifted(old.get("date"), years) == new.get("date"):
            return None
    return FieldChange("deadline", deadline_text(old), deadline_text(new))


def deadline_text(deadline: dict | None) -> str | None:
    """Given a deadline, return `text（date）`, or None."""
    if not deadline:
        return None
    if deadline.get("date") and deadline["date"] != deadline.get("text"):
        return f"{deadline.get('text')}（{deadline['date']}）"
    return deadline.get("text")


def shifted(iso: str | None, years: int) -> str | None:
    """Given an ISO date, return it moved by `years` (29 February becomes the 28th)."""
    if not iso or not years:
        return iso
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:
        return day.replace(year=day.year + years, day=28).isoformat()


def year_shift(old: dict, new: dict) -> int:
    """Given the two documents, return the years between their plans (0 when either year is unknown)."""
    a, b = (old.get("doc") or {}).get("year"), (new.get("doc") or {}).get("year")
    return b - a if isinstance(a, int) and isinstance(b, int) else 0


# --- output --------------------------------------------------------------------


def diff_to_rows(result: DiffResult) -> list[dict]:
    """Given a DiffResult, return the CSV rows: one per change of a carried task, one per other task."""
    rows = []
    for entry in result.tasks:
        base = {
            "status": entry.status,
            "old_task": entry.old.id if entry.old else None, "new_task": entry.new.id if entry.new else None,
            "old_title": entry.old.title if entry.old else None, "new_title": entry.new.title if entry.new else None,
        }
        if not entry.changes:
            rows.append({**base, "field": None, "old_value": None, "new_value": None})
        for change in entry.changes:
            rows.append({**base, "field": change.field, "old_value": change.old_value, "new_value": change.new_value})
    return rows


def change_text(change: FieldChange) -> str:
    """Given a change, return it as one readable line."""
    if change.field in ("lead", "co", "inherited", "leaders"):
        moves = " ".join([f"+{n}" for n in change.added] + [f"−{n}" for n in change.removed])
        return f"{change.field}: {change.old_value or '—'} → {change.new_value or '—'}  ({moves})"
    if change.field == "target" and change.old_value is None:
        return f"target added: {change.new_value}"
    if change.field == "target" and change.new_value is None:
        return f"target removed: {change.old_value}"
    if change.field == "target":
        return f"target {'/'.join(change.aspects)}: {change.old_value} → {change.new_value}"
    return f"{change.field}: {change.old_value or '—'} → {change.new_value or '—'}"


def label(task: TaskRef | None) -> str:
    return task.no if task else "–"


def format_summary(result: DiffResult) -> str:
    """Given a DiffResult, return a readable summary (Chinese values as printed)."""
    carried = result.with_status("carried")
    changed = [t for t in carried if t.changed]
    lines = [
        f"old: {result.old.doc_id}  {result.old.title or ''}  ({result.old.tasks} tasks)",
        f"new: {result.new.doc_id}  {result.new.title or ''}  ({result.new.tasks} tasks)",
        f"carried {len(carried)} ({len(changed)} changed), new {len(result.with_status('new'))}, "
        f"dropped {len(result.with_status('dropped'))}",
        "",
    ]
    for entry in result.tasks:
        if entry.status == "carried" and not entry.changed:
            continue
        task = entry.new or entry.old
        similarity = f"  [similarity {number_text(entry.similarity)}]" if entry.similarity is not None else ""
        lines.append(f"{entry.status:<8} {label(entry.old):>3} → {label(entry.new):<3} {task.title}{similarity}")
        lines.extend(f"           {change_text(change)}" for change in entry.changes)
    unchanged = [f"{t.old.no}→{t.new.no}" for t in carried if not t.changed]
    if unchanged:
        lines.append(f"unchanged ({len(unchanged)}): " + ", ".join(unchanged))
    return "\n".join(lines).rstrip() + "\n"


DIFF_CSS = """
.diff { table-layout: fixed; }
.diff td.status, .diff td.no { white-space: nowrap; }
tr.new td.side-new { background: #e6ffec; }
tr.dropped td.side-old { background: #ffebe9; text-decoration: line-through; text-decoration-color: #cf222e80; }
tr.carried.changed td.status { background: #fff8c5; }
.changes { margin: .2rem 0 0; padding-left: 1.1rem; color: #7d4e00; }
.field { font-weight: bold; }
del { background: #ffebe9; } ins { background: #e6ffec; text-decoration: none; }
.side .title { font-weight: bold; }
.side .units { color: #57606a; font-size: .85rem; }
"""
STATUS_LABELS = {"carried": "延续", "new": "新增", "dropped": "删除"}


def render_diff_html(result: DiffResult) -> str:
    """Given a DiffResult, return a self-contained side-by-side HTML page."""
    carried = result.with_status("carried")
    head = (f"<h1>{esc(result.old.title or result.old.doc_id)} → {esc(result.new.title or result.new.doc_id)}</h1>\n"
            f'<div class="meta">{esc(result.old.doc_id)}（{result.old.tasks} 项）→ {esc(result.new.doc_id)}'
            f"（{result.new.tasks} 项）：延续 {len(carried)} 项（其中有变化 {sum(t.changed for t in carried)} 项），"
            f"新增 {len(result.with_status('new'))} 项，删除 {len(result.with_status('dropped'))} 项</div>")
    rows = "\n".join(diff_row_html(entry) for entry in result.tasks)
    widths = "".join(f'<col style="width:{w}%">' for w in (8, 4, 42, 4, 42))
    head = "<tr><th>状态</th><th>旧</th><th>旧任务</th><th>新</th><th>新任务</th></tr>"
    table = (f'<table class="diff">\n<colgroup>{widths}</colgroup>\n<thead>{head}</thead>\n'
             f"<tbody>\n{rows}\n</tbody>\n</table>")
    return page(f"{result.old.doc_id} → {result.new.doc_id}", DIFF_CSS, head + "\n" + table)


def diff_row_html(entry: TaskDiff) -> str:
    """Given one entry of the diff, return its table row: old side, new side, and the changes."""
    classes = " ".join([entry.status] + (["changed"] if entry.changed else []))
    status = STATUS_LABELS[entry.status]
    if entry.similarity is not None:
        status += f"<br><span class=\"muted\">相似度 {number_text(entry.similarity)}</span>"
    changes = ""
    if entry.changes:
        items = "".join(f'<li><span class="field">{esc(c.field)}</span> {change_html(c)}</li>' for c in entry.changes)
        changes = f'<ul class="changes">{items}</ul>'
    return (f'<tr class="{classes}"><td class="status">{status}</td>'
            f'<td class="no">{esc(label(entry.old))}</td><td class="side side-old">{side_html(entry.old)}</td>'
            f'<td class="no">{esc(label(entry.new))}</td>'
            f'<td class="side side-new">{side_html(entry.new)}{changes}</td></tr>')


def side_html(task: TaskRef | None) -> str:
    """Given one side's task (or None), return its cell: title, units, targets, deadline."""
    if task is None:
        return ""
    parts = [f'<div class="title">{esc(task.title)}</div>',
             f'<div class="units">牵头：{esc("、".join(task.lead) or "—")}；配合：{esc("、".join(task.co) or "—")}</div>']
    if task.targets:
        parts.append(f'<div class="units">指标：{esc("；".join(target_value(t) for t in task.targets))}</div>')
    if task.deadline:
        parts.append(f'<div class="units">时限：{esc(deadline_text(task.deadline))}</div>')
    return "".join(parts)


def change_html(change: FieldChange) -> str:
    """Given a change, return it as HTML with what was removed struck and what was added marked."""
    if change.field in ("lead", "co", "inherited", "leaders"):
        added = [f"<ins>+{esc(n)}</ins>" for n in change.added]
        return " ".join(added + [f"<del>−{esc(n)}</del>" for n in change.removed])
    old = f"<del>{esc(change.old_value)}</del>" if change.old_value else ""
    new = f"<ins>{esc(change.new_value)}</ins>" if change.new_value else ""
    return " → ".join(part for part in (old, new) if part)


# --- the command -----------------------------------------------------------------


def main_diff(old_path, new_path, out_csv=None, out_html=None, rules=None) -> int:
    """Given two notices (.txt/.pdf/.docx or per-document .json), print the summary; write the CSV
    and the HTML page when asked. Return the exit status: 0, or 1 when an input cannot be used.

    `rules` is a loaded Rules, a rules folder, or None for the project's rules/;
    they are loaded once, and only when an input is not JSON (invalid rules
    raise RulesError, which the CLI turns into exit status 2).
    """
    from .errors import RulesError, UnreadableDocument
    from .rules import Rules, load_rules

    paths = [Path(old_path), Path(new_path)]
    if not isinstance(rules, Rules) and any(p.suffix.lower() != ".json" for p in paths):
        rules = load_rules(rules)
    documents = []
    for path in paths:
        try:
            documents.append(load_input(path, rules))
        except UnreadableDocument as exc:
            print(f"error: {exc.path}: {exc.reason}", file=sys.stderr)
            return 1
        except RulesError:
            raise
        except Exception as exc:  # noqa: BLE001 - one line naming the file, as `run` does
            print(f"error: {path}: {exc}", file=sys.stderr)
            return 1
    result = diff_documents(*documents)
    print(format_summary(result), end="")
    if out_csv:
        write_rows_csv(diff_to_rows(result), Path(out_csv))
    if out_html:
        from .export import write_atomic

        write_atomic(Path(out_html), render_diff_html(result).encode("utf-8"))
    return 0


def load_input(path: Path, rules) -> dict:
    """Given a notice or a per-document JSON file (and the Rules for a notice), return the per-document JSON dict."""
    if path.suffix.lower() == ".json":
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a JSON file ({exc.msg}, line {exc.lineno})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read the file ({getattr(exc, 'strerror', None) or exc})") from None
        if not isinstance(document, dict) or not isinstance(document.get("tasks"), list):
            raise ValueError("not a per-document JSON file of this pipeline (no tasks)")
        return document
    from .export import notice_to_dict
    from .parse import parse
    from .readers import read_document

    return notice_to_dict(parse(read_document(path), rules))


def write_rows_csv(rows: list[dict], path: Path) -> None:
    """Write the diff rows as CSV (UTF-8 with BOM, like the other tables), through a temporary file."""
    import pandas as pd

    from .export import neutralize_formula, write_atomic

    frame = pd.DataFrame(rows, columns=ROW_COLUMNS)
    for column in frame.columns:
        frame[column] = frame[column].map(neutralize_formula)
    text = frame.to_csv(index=False, lineterminator="\n")
    write_atomic(path, ("\ufeff" + text).encode("utf-8"))
