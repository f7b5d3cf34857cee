"""The same notice as text, PDF and Word gives the same records; PDF tasks know their page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.export import notice_to_dict
from pipeline.parse import parse
from pipeline.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "raw" / "notice-2024-pingchang.txt"

# The page each task of seed.pdf starts on, read off the printed pages by hand
# (`pdftotext -f N -l N -layout seed.pdf -`, the `N.` that opens each task).
SEED_PDF_PAGES = [2, 3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 8, 8, 9, 9]


def records(path: Path, rules) -> dict:
    """Everything but source, span and page, with ids made independent of the file name."""
    document = notice_to_dict(parse(read_document(path), rules))
    prefix = document["doc_id"] + ":"
    for task in document["tasks"]:
        task["id"] = task["id"].removeprefix(prefix)
        for key in ("span", "page", "text", "clause"):
            task.pop(key)
    warnings = [(w["code"], (w["task"] or "").removeprefix(prefix)) for w in document["warnings"]]
    return {"doc": document["doc"], "sections": document["sections"], "tasks": document["tasks"],
            "warnings": warnings}


@pytest.fixture(scope="module")
def from_text(rules):
    return records(SAMPLE, rules)


@pytest.mark.parametrize("name", ["seed.pdf", "seed.docx", "seed-autonumber.docx"])
def test_every_format_gives_the_same_records(name, rules, from_text):
    got = records(FIXTURES / name, rules)
    assert got["doc"] == from_text["doc"]
    assert got["sections"] == from_text["sections"]
    assert len(got["tasks"]) == len(from_text["tasks"]) == 18
    for ours, theirs in zip(got["tasks"], from_text["tasks"]):
        assert ours == theirs, ours["id"]
    assert [w for w in got["warnings"] if w[0] != "ocr_pages"] == from_text["warnings"]


def test_pdf_tasks_know_the_page_they_start_on(rules):
    document = notice_to_dict(parse(read_document(FIXTURES / "seed.pdf"), rules))
    assert document["source"]["format"] == "pdf" and document["source"]["pages"] == 9
    assert [task["page"] for task in document["tasks"]] == SEED_PDF_PAGES


def test_no_page_furniture_leaks_into_task_text(rules):
    """Page numbers and running headers are gone: each task reads as in the text notice."""
    pdf = notice_to_dict(parse(read_document(FIXTURES / "seed.pdf"), rules))
    text = notice_to_dict(parse(read_document(SAMPLE), rules))
    for ours, theirs in zip(pdf["tasks"], text["tasks"]):
        assert not re.search(r"[—-]\s*\d+\s*[—-]", ours["text"]), ours["id"]
        assert ours["text"] == theirs["text"], ours["id"]


def test_text_source_has_no_pages(rules):
    document = notice_to_dict(parse(read_document(SAMPLE), rules))
    assert document["source"]["pages"] is None
    assert {task["page"] for task in document["tasks"]} == {None}


def test_docx_task_table_gives_lead_and_co_per_row(tmp_path, rules):
    import docx

    document = docx.Document()
    document.add_paragraph("青石县2024年重点工作任务分解表")
    document.add_paragraph("一、稳定经济增长")
    rows = [
        ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
        ("1", "扩大有效投资。全年实施重点项目100个以上。", "县发改局", "县财政局、县住建局", "2024年12月底前"),
        ("2", "促进消费扩容。社会消费品零售总额增长6%左右。", "县商务局", "县市场监管局", "年底前"),
        ("3", "加强财政管理。一般性支出压减5%以上。", "县财政局", "—", "长期坚持"),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "table.docx"
    document.save(path)

    notice = parse(read_document(path), rules)
    by_no = {task.no: task for task in notice.tasks}
    assert sorted(by_no) == ["1", "2", "3"]
    lead = {no: [u.name for u in t.units if u.role == "lead"] for no, t in by_no.items()}
    co = {no: [u.name for u in t.units if u.role == "co"] for no, t in by_no.items()}
    assert lead == {"1": ["县发展和改革局"], "2": ["县商务局"], "3": ["县财政局"]}
    assert co == {"1": ["县财政局", "县住房和城乡建设局"], "2": ["县市场监督管理局"], "3": []}
    assert [by_no[n].deadline.text for n in "123"] == ["2024年12月底前", "年底前", "长期坚持"]
    assert by_no["1"].title == "扩大有效投资"
