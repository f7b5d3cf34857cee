"""Notice -> the per-document JSON and the six CSV tables of docs/format.md (the only writer).

Every file is written to a temporary name in the same folder and renamed, so an
interrupted run leaves the old file or the new one, never a torn one.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from .model import Notice

SCHEMA_VERSION = "1"

TABLE_COLUMNS = {
    "documents": ["doc_id", "source_path", "format", "doc_number", "issuer", "title", "date", "year",
                  "jurisdiction", "tasks", "warnings"],
    "tasks": ["doc_id", "task_id", "section", "subsection", "no", "title", "lead", "co", "inherited",
              "catch_all", "deadline", "deadline_date", "targets", "page", "text"],
    "task_units": ["doc_id", "task_id", "unit", "surface", "role"],
    "targets": ["doc_id", "task_id", "metric", "comparator", "value", "unit", "condition", "text"],
    "units": ["unit", "aliases_seen", "lead_count", "co_count", "in_dictionary"],
    "warnings": ["doc_id", "task_id", "code", "message"],
}


def notice_to_dict(notice: Notice) -> dict:
    """Given a Notice, return the per-document JSON object of docs/format.md."""
    source = notice.source
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": notice.doc_id,
        "source": {"path": source.path, "format": source.format, "sha256": source.sha256,
                   "encoding": source.encoding, "pages": source.pages,
                   "ocr_pages": list(getattr(source, "ocr_pages", ()))},
        "doc": {
            "doc_number": notice.doc.doc_number, "issuer": notice.doc.issuer, "title": notice.doc.title,
            "cover_title": notice.doc.cover_title, "recipients": notice.doc.recipients,
            "date": notice.doc.date, "year": notice.doc.year, "jurisdiction": notice.doc.jurisdiction,
        },
        "sections": [{"no": s.no, "title": s.title} for s in notice.sections],
        "tasks": [
            {
                "id": t.id, "no": t.no, "section": t.section, "subsection": t.subsection, "title": t.title,
                "text": t.text, "clause": t.clause,
                "units": [{"name": u.name, "surface": u.surface, "role": u.role, "how": u.how,
                           "in_dictionary": u.known} for u in t.units],
                "catch_all": list(t.catch_all),
                "leaders": list(t.leaders),
                "targets": [{"metric": g.metric, "comparator": g.comparator, "value": g.value, "unit": g.unit,
                             "condition": g.condition, "text": g.text} for g in t.targets],
                "deadline": ({"text": t.deadline.text, "date": t.deadline.date, "kind": t.deadline.kind}
                             if t.deadline else None),
                "span": list(t.span),
                "page": t.page,
            }
            for t in notice.tasks
        ],
        "warnings": [{"code": w.code, "message": w.message, "task": w.task} for w in notice.warnings],
    }


def write_json(document: dict, out_dir: Path) -> Path:
    """Given a per-document JSON object, write it to `out_dir/<doc_id>.json` atomically and return the path."""
    path = out_dir / f"{document['doc_id']}.json"
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


# `.<name>.<pid>.<random>.tmp`: hidden, never *.json or *.csv, and it names the
# process that writes it, so a later run can tell an abandoned one from one
# that a run beside it (make -j) is still writing.
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[^.]+\.tmp$")


def write_atomic(path: Path, data: bytes) -> None:
    """Given a path and bytes, write them to a temporary file beside `path`, then rename it over `path`.

    A reader, or a run that is killed, sees the old file or the new one, never a
    torn one: os.replace is atomic within a folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _commit(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path`, named so that a later run knows whose it is."""
    return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)


def _commit(temp: str, path: Path) -> None:
    """Rename a complete temporary file over `path`."""
    os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; output is shared like any file
    os.replace(temp, path)
    _fsync_folder(path.parent)


def remove_stale_temps(out_dir: Path) -> list[Path]:
    """Given an output folder, delete the temporary files that killed runs left behind; return them."""
    removed = []
    if not out_dir.is_dir():
        return removed
    for path in sorted(out_dir.glob(".*.tmp")):
        match = _TEMP_NAME.match(path.name)
        if match and not _process_alive(int(match["pid"])):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)  # the scratch folder of a parallel table run
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or not ours to judge: leave its file alone
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut after it keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)


def iter_documents(out_dir: Path, skipped: list[Path] | None = None) -> Iterator[dict]:
    """Given an output folder, yield every per-document JSON in it, in file-name order, one at a time.

    A .json file that is not one of ours (or cannot be read) is left out, and
    appended to `skipped` when a list is given, so the caller can say so.
    """
    yield from _documents(sorted(out_dir.glob("*.json")), skipped)


def _documents(paths: list[Path], skipped: list[Path] | None = None) -> Iterator[dict]:
    for path in paths:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            document = None
        if isinstance(document, dict) and document.get("schema_version") == SCHEMA_VERSION and "tasks" in document:
            yield document
        elif skipped is not None:
            skipped.append(path)


def load_documents(out_dir: Path, skipped: list[Path] | None = None) -> list[dict]:
    return list(iter_documents(out_dir, skipped))


def document_rows(document: dict, units: dict[str, dict]) -> Iterator[tuple[str, dict]]:
    """Given one per-document JSON object, yield (table, row) for its rows; tally its units into `units`."""
    doc_id, doc = document["doc_id"], document["doc"]
    yield "documents", {
        "doc_id": doc_id, "source_path": document["source"]["path"], "format": document["source"]["format"],
        **{key: doc.get(key) for key in ("doc_number", "issuer", "title", "date", "year", "jurisdiction")},
        "tasks": len(document["tasks"]), "warnings": len(document["warnings"]),
    }
    for task in document["tasks"]:
        by_role = {role: [u["name"] for u in task["units"] if u["role"] == role] for role in ("lead", "co", "inherited")}
        deadline = task["deadline"] or {}
        yield "tasks", {
            "doc_id": doc_id, "task_id": task["id"], "section": task["section"],
            "subsection": task["subsection"], "no": task["no"], "title": task["title"],
            "lead": "、".join(by_role["lead"]), "co": "、".join(by_role["co"]),
            "inherited": "、".join(by_role["inherited"]), "catch_all": "、".join(task["catch_all"]),
            "deadline": deadline.get("text"), "deadline_date": deadline.get("date"),
            "targets": "；".join(t["text"] for t in task["targets"]), "page": task["page"],
            "text": task["text"],
        }
        for unit in task["units"]:
            yield "task_units", {"doc_id": doc_id, "task_id": task["id"], "unit": unit["name"],
                                 "surface": unit["surface"], "role": unit["role"]}
            entry = units.setdefault(unit["name"], {"aliases": {}, "lead_count": 0, "co_count": 0,
                                                    "in_dictionary": True})
            entry["aliases"][unit["surface"]] = None
            entry["lead_count"] += unit["role"] == "lead"
            entry["co_count"] += unit["role"] == "co"
            entry["in_dictionary"] = entry["in_dictionary"] and unit.get("in_dictionary", True)
        for target in task["targets"]:
            yield "targets", {"doc_id": doc_id, "task_id": task["id"],
                              **{key: target[key] for key in TABLE_COLUMNS["targets"][2:]}}
    for warning in document["warnings"]:
        yield "warnings", {"doc_id": doc_id, "task_id": warning["task"], "code": warning["code"],
                           "message": warning["message"]}


def unit_rows(units: dict[str, dict]) -> Iterator[dict]:
    for name in sorted(units):
        entry = units[name]
        yield {"unit": name, "aliases_seen": "、".join(entry["aliases"]), "lead_count": entry["lead_count"],
               "co_count": entry["co_count"], "in_dictionary": "true" if entry["in_dictionary"] else "false"}


# A folder with fewer documents is read faster than a pool of processes starts.
PARALLEL_FROM = 200


def write_tables(out_dir: Path, jobs: int = 1) -> list[Path]:
    """Given an output folder, rebuild its six CSV tables from every per-document JSON in it.

    Documents are read one at a time and their rows streamed to the tables, so
    memory stays flat however many documents the folder holds. With jobs > 1, a
    large folder is read in `jobs` runs of consecutive files, each in a process
    of its own, and the pieces are joined in file-name order: the same tables,
    byte for byte. Returns the .json files that were left out because they are
    not per-document JSON.
    """
    paths = sorted(out_dir.glob("*.json"))
    units: dict[str, dict] = {}
    skipped: list[Path] = []
    with _TableFiles(out_dir) as tables:
        if jobs > 1 and len(paths) >= PARALLEL_FROM:
            _read_in_parallel(paths, jobs, out_dir, tables, units, skipped)
        else:
            _read(paths, tables, units, skipped)
        for row in unit_rows(units):
            tables.write("units", row)
    return skipped


def _read(paths: list[Path], tables: "_TableFiles", units: dict[str, dict], skipped: list[Path]) -> None:
    for document in _documents(paths, skipped):
        for name, row in document_rows(document, units):
            tables.write(name, row)


def _read_in_parallel(paths: list[Path], jobs: int, out_dir: Path, tables: "_TableFiles",
                      units: dict[str, dict], skipped: list[Path]) -> None:
    """Read runs of consecutive files in a pool; each writes its rows into a folder of
    its own in a scratch folder (named like a temporary file: a killed run's is removed)."""
    from concurrent.futures import ProcessPoolExecutor

    scratch = Path(tempfile.mkdtemp(prefix=f".tables.{os.getpid()}.", suffix=".tmp", dir=out_dir))
    try:
        size = -(-len(paths) // jobs)
        runs = [paths[i : i + size] for i in range(0, len(paths), size)]
        folders = [scratch / str(n) for n in range(len(runs))]
        with ProcessPoolExecutor(len(runs)) as pool:
            for folder, piece_units, piece_skipped in pool.map(_read_piece, runs, folders):
                tables.append(folder)
                _merge_units(units, piece_units)
                skipped.extend(piece_skipped)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _read_piece(paths: list[Path], folder: Path) -> tuple[Path, dict[str, dict], list[Path]]:
    """Write the rows of these files into `folder` (no header); return it with their units and skipped files."""
    folder.mkdir()
    units: dict[str, dict] = {}
    skipped: list[Path] = []
    with _TableFiles(folder, piece=True) as tables:
        _read(paths, tables, units, skipped)
    return folder, units, skipped


def _merge_units(units: dict[str, dict], piece: dict[str, dict]) -> None:
    """Add a later piece's unit tallies; aliases keep the order they were first seen in."""
    for name, entry in piece.items():
        if name not in units:
            units[name] = entry
            continue
        merged = units[name]
        merged["aliases"].update(entry["aliases"])
        merged["lead_count"] += entry["lead_count"]
        merged["co_count"] += entry["co_count"]
        merged["in_dictionary"] = merged["in_dictionary"] and entry["in_dictionary"]


class _TableFiles:
    """The six CSV files being written, each under a temporary name until all are complete.

    A piece (rows of some of the documents, joined later by `append`) has no
    header and no byte-order mark.
    """

    def __init__(self, out_dir: Path, piece: bool = False):
        self.out_dir = out_dir
        self.piece = piece
        self.handles: dict[str, tuple] = {}

    def __enter__(self) -> "_TableFiles":
        for name, columns in TABLE_COLUMNS.items():
            target = self.out_dir / f"{name}.csv"
            fd, temp = _temp_beside(target)
            handle = os.fdopen(fd, "w", encoding="utf-8" if self.piece else "utf-8-sig", newline="")
            writer = csv.writer(handle, lineterminator="\n")
            if not self.piece:
                writer.writerow(columns)
            self.handles[name] = (handle, writer, temp, target)
        return self

    def write(self, name: str, row: dict) -> None:
        _, writer, _, _ = self.handles[name]
        writer.writerow(["" if (value := neutralize_formula(row.get(column))) is None else value
                         for column in TABLE_COLUMNS[name]])

    def append(self, folder: Path) -> None:
        """Copy the rows of a piece written into `folder`."""
        for name, (handle, _, _, _) in self.handles.items():
            with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as piece:
                shutil.copyfileobj(piece, handle)

    def __exit__(self, kind, error, traceback) -> None:
        for handle, _, temp, target in self.handles.values():
            handle.flush()
            if not self.piece:
                os.fsync(handle.fileno())
            handle.close()
            if kind is None:
                _commit(temp, target)
            else:
                Path(temp).unlink(missing_ok=True)


# What Excel, LibreOffice and Google Sheets read as the start of a formula; tab
# and carriage return as well (OWASP's list), since some importers strip them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number: "-5", "+3.5", "1e3". Not "-inf" or "-nan", which a
# spreadsheet reads as a name in a formula.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralize_formula(value):
    """Given a cell value, return it safe to open in a spreadsheet.

    A text cell starting with = + - @ (or tab, carriage return) would run as a
    formula, so it gets a leading ' and is shown as text; a
    cell that is a plain number, and any non-text value, is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
