"""Notice -> the per-document JSON and the six CSV tables of CONTRACT.md (the only writer).

Every file is written to a temporary name in the same folder and renamed, so an
interrupted run leaves the old file or the new one, never a torn one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

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
    """Given a Notice, return the per-document JSON object of CONTRACT.md."""
    source = notice.source
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": notice.doc_id,
        "source": {"path": source.path, "format": source.format, "sha256": source.sha256,
                   "encoding": source.encoding, "pages": source.pages},
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
    path = out_dir / f"{document['doc_id']}.json"
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def load_documents(out_dir: Path) -> list[dict]:
    """Every per-document JSON in a folder, in doc_id order (the tables cover them all)."""
    documents = []
    for path in sorted(out_dir.glob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(document, dict) and document.get("schema_version") == SCHEMA_VERSION and "tasks" in document:
            documents.append(document)
    return documents


def documents_to_rows(documents: list[dict]) -> dict[str, list[dict]]:
    """Given per-document JSON objects, return the rows of each CSV table."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_COLUMNS}
    units: dict[str, dict] = {}
    for document in documents:
        doc_id, doc = document["doc_id"], document["doc"]
        rows["documents"].append({
            "doc_id": doc_id, "source_path": document["source"]["path"], "format": document["source"]["format"],
            **{key: doc.get(key) for key in ("doc_number", "issuer", "title", "date", "year", "jurisdiction")},
            "tasks": len(document["tasks"]), "warnings": len(document["warnings"]),
        })
        for task in document["tasks"]:
            by_role = {role: [u["name"] for u in task["units"] if u["role"] == role]
                       for role in ("lead", "co", "inherited")}
            deadline = task["deadline"] or {}
            rows["tasks"].append({
                "doc_id": doc_id, "task_id": task["id"], "section": task["section"],
                "subsection": task["subsection"], "no": task["no"], "title": task["title"],
                "lead": "、".join(by_role["lead"]), "co": "、".join(by_role["co"]),
                "inherited": "、".join(by_role["inherited"]), "catch_all": "、".join(task["catch_all"]),
                "deadline": deadline.get("text"), "deadline_date": deadline.get("date"),
                "targets": "；".join(t["text"] for t in task["targets"]), "page": task["page"],
                "text": task["text"],
            })
            for unit in task["units"]:
                rows["task_units"].append({"doc_id": doc_id, "task_id": task["id"], "unit": unit["name"],
                                           "surface": unit["surface"], "role": unit["role"]})
                entry = units.setdefault(unit["name"], {"unit": unit["name"], "aliases": {}, "lead_count": 0,
                                                        "co_count": 0, "in_dictionary": True})
                entry["aliases"][unit["surface"]] = None
                entry["lead_count"] += unit["role"] == "lead"
                entry["co_count"] += unit["role"] == "co"
                entry["in_dictionary"] = entry["in_dictionary"] and unit.get("in_dictionary", True)
            for target in task["targets"]:
                rows["targets"].append({"doc_id": doc_id, "task_id": task["id"],
                                        **{key: target[key] for key in TABLE_COLUMNS["targets"][2:]}})
        for warning in document["warnings"]:
            rows["warnings"].append({"doc_id": doc_id, "task_id": warning["task"], "code": warning["code"],
                                     "message": warning["message"]})
    for name in sorted(units):
        entry = units[name]
        rows["units"].append({"unit": name, "aliases_seen": "、".join(entry["aliases"]),
                              "lead_count": entry["lead_count"], "co_count": entry["co_count"],
                              "in_dictionary": "true" if entry["in_dictionary"] else "false"})
    return rows


def write_tables(out_dir: Path) -> None:
    """Rebuild the six CSV tables from every per-document JSON in `out_dir`."""
    import pandas as pd  # only the table step needs it

    for name, rows in documents_to_rows(load_documents(out_dir)).items():
        frame = pd.DataFrame(rows, columns=TABLE_COLUMNS[name])
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].map(neutralize_formula)
        text = frame.to_csv(index=False, lineterminator="\n")
        write_atomic(out_dir / f"{name}.csv", ("\ufeff" + text).encode("utf-8"))


def neutralize_formula(value):
    """A text cell starting with = + - @ would run as a formula in Excel; prefix it with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value
