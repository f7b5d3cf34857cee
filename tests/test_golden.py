"""End to end on the sample notice: the output, reduced to what an analyst checks, against
a golden file reviewed line by line against the text (`--update-golden` rewrites it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.export import notice_to_dict
from pipeline.parse import parse
from pipeline.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = [ROOT / "raw" / "notice-2024-pingchang.txt"]


def reduce(document: dict) -> dict:
    """The fields a reviewer checks against the text; offsets and full texts left out."""
    return {
        "doc": document["doc"],
        "sections": [f"{s['no']} {s['title']}" for s in document["sections"]],
        "tasks": [
            {
                "id": t["id"], "section": t["section"], "title": t["title"],
                "lead": [u["name"] for u in t["units"] if u["role"] == "lead"],
                "co": [u["name"] for u in t["units"] if u["role"] == "co"],
                "inherited": [u["name"] for u in t["units"] if u["role"] == "inherited"],
                "catch_all": t["catch_all"],
                "targets": [f"{g['metric']} {g['comparator']} {g['value']}{g['unit'] or ''}"
                            + (f" | {g['condition']}" if g["condition"] else "") for g in t["targets"]],
                "deadline": t["deadline"],
            }
            for t in document["tasks"]
        ],
        "warnings": [f"{w['code']} {w['task']}" for w in document["warnings"]],
    }


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_output_matches_golden(path, rules, request):
    got = reduce(notice_to_dict(parse(read_document(path), rules)))
    golden = GOLDEN / f"{path.stem}.json"
    if request.config.getoption("--update-golden"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
