"""Per-document JSON -> the task-breakdown workbook (`<doc_id>.xlsx`) a 督查督办 office imports.

One row per task, the columns a supervision office's ledger uses; frozen
header, wrapped text, fixed column widths. Written with pandas and openpyxl,
then made byte-for-byte reproducible: openpyxl stamps the save time into
docProps/core.xml and into every zip entry, so both are set to a time derived
from the document (its 成文日期, else 1 January of its year).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from .export import neutralize_formula, write_atomic

COLUMNS = ["序号", "重点任务", "工作内容", "牵头单位", "配合单位", "量化指标", "完成时限", "来源页码"]
# Column widths in Excel's character units (a Chinese character is about 2).
WIDTHS = {"序号": 7, "重点任务": 26, "工作内容": 70, "牵头单位": 22, "配合单位": 34, "量化指标": 30,
          "完成时限": 16, "来源页码": 9}
SHEET = "任务分解"
FALLBACK_TIME = datetime(2000, 1, 1)


def write_workbook(document: dict, path: Path) -> None:
    """Given a per-document JSON dict, write its task sheet to `path` (temporary file, then rename)."""
    write_atomic(Path(path), workbook_bytes(document))


def workbook_bytes(document: dict) -> bytes:
    """Given a per-document JSON dict, return the .xlsx file's bytes (the same bytes on every run)."""
    import pandas as pd  # only the workbook needs it

    frame = pd.DataFrame(tasks_to_rows(document.get("tasks", [])), columns=COLUMNS)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=SHEET, index=False)
        format_sheet(writer.sheets[SHEET])
        stamp = document_time(document)
        writer.book.properties.created = stamp
        writer.book.properties.title = (document.get("doc") or {}).get("title")
        writer.book.properties.creator = "notice-pipeline"
    return reproducible_zip(buffer.getvalue(), document_time(document))


def tasks_to_rows(tasks: list[dict]) -> list[dict]:
    """Given the tasks of a document, return one row per task under COLUMNS."""
    return [{key: neutralize_formula(value) for key, value in task_to_row(task).items()} for task in tasks]


def task_to_row(task: dict) -> dict:
    """Given a task, return its row: number, title, text, lead, co, targets, deadline, page.

    序号 is the task's printed path (its id after `doc_id:`), a number where it is one.
    配合单位 holds the co units, then the units a carry-forward rule adds, then
    the collective groups (`等县级相关部门（单位）` as `县级相关部门（单位）`).
    """
    path = task["id"].rsplit(":", 1)[-1]
    co = [u["name"] for u in task.get("units", []) if u["role"] in ("co", "inherited")]
    co += [group.removeprefix("等") for group in task.get("catch_all", [])]
    targets = dict.fromkeys(t.get("text") or t.get("metric") or "" for t in task.get("targets", []))
    deadline = task.get("deadline") or {}
    when = deadline.get("text") or ""
    if deadline.get("date") and deadline["date"] != when:
        when = f"{when}（{deadline['date']}）"
    return {
        "序号": int(path) if path.isdigit() else path,
        "重点任务": task.get("title") or "",
        "工作内容": task.get("text") or "",
        "牵头单位": "、".join(dict.fromkeys(u["name"] for u in task.get("units", []) if u["role"] == "lead")),
        "配合单位": "、".join(dict.fromkeys(co)),
        "量化指标": "\n".join(t for t in targets if t),
        "完成时限": when,
        "来源页码": task.get("page") if task.get("page") is not None else "",
    }


def format_sheet(sheet) -> None:
    """Given the openpyxl worksheet, freeze and style the header, wrap text and set column widths."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, name in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       horizontal="center" if cell.column in (1, 8) or cell.row == 1 else "left")
            if cell.row == 1:
                cell.font = Font(bold=True)
                cell.fill = header_fill
    if sheet.max_row > 1:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    sheet.print_title_rows = "1:1"


def document_time(document: dict) -> datetime:
    """Given a per-document JSON dict, return a fixed time for the file: its date, else its year, else 2000-01-01."""
    doc = document.get("doc") or {}
    try:
        return datetime.fromisoformat(doc["date"])
    except (KeyError, TypeError, ValueError):
        pass
    year = doc.get("year")
    if isinstance(year, int) and 1980 <= year <= 2107:
        return datetime(year, 1, 1)
    return FALLBACK_TIME


_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def reproducible_zip(data: bytes, when: datetime) -> bytes:
    """Given .xlsx bytes, return them with every zip entry and the core properties dated `when`."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()
