"""The task-breakdown workbook: one row per task, the columns a 督查督办 office imports."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline.export import notice_to_dict
from pipeline.parse import parse
from pipeline.readers import read_document
from pipeline.workbook import COLUMNS, task_to_row, workbook_bytes, write_workbook

SAMPLE = Path(__file__).resolve().parent.parent / "raw" / "notice-2024-pingchang.txt"


@pytest.fixture(scope="module")
def document(rules):
    return notice_to_dict(parse(read_document(SAMPLE), rules))


@pytest.fixture(scope="module")
def workbook_path(document, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / f"{document['doc_id']}.xlsx"
    write_workbook(document, path)
    return path


def test_rows_and_lead_units_match_the_json(document, workbook_path):
    frame = pd.read_excel(workbook_path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == COLUMNS == ["序号", "重点任务", "工作内容", "牵头单位", "配合单位", "量化指标", "完成时限", "来源页码"]
    assert len(frame) == 18
    leads = ["、".join(u["name"] for u in t["units"] if u["role"] == "lead") for t in document["tasks"]]
    assert list(frame["牵头单位"]) == leads
    assert list(frame["重点任务"]) == [t["title"] for t in document["tasks"]]
    assert list(frame["工作内容"]) == [t["text"] for t in document["tasks"]]
    assert list(frame["序号"]) == [str(n) for n in range(1, 19)]
    row = frame.iloc[6]  # task 7: two targets, the deadline 年内
    assert row["量化指标"].split("\n") == ["年内至少通过考试获得行政执法资格3人以上", "年内至少通过考试获得行政执法资格5人以上"]
    assert row["完成时限"] == "年内（2024-12-31）"
    assert frame.iloc[1]["配合单位"] == "县市场监督管理局、县司法局、各镇（街道）、平昌经济开发区、县级相关部门（单位）"
    assert frame.iloc[11]["量化指标"] == "被诉讼行政机关负责人出庭率、参加听证率均达到100%"  # one phrase, two targets


def test_sheet_layout(workbook_path):
    sheet = openpyxl.load_workbook(workbook_path).active
    assert sheet.title == "任务分解"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == COLUMNS
    assert all(c.font.bold for c in sheet[1])
    assert sheet["C2"].alignment.wrap_text
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    assert sheet.auto_filter.ref == "A1:H19"


def test_same_bytes_on_every_run(document, workbook_path):
    assert workbook_bytes(document) == workbook_path.read_bytes()
    with zipfile.ZipFile(workbook_path) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {info.date_time for info in archive.infolist()} == {(2024, 7, 12, 0, 0, 0)}
    assert "2024-07-12T00:00:00Z</dcterms:created>" in core
    assert "2024-07-12T00:00:00Z</dcterms:modified>" in core


def test_written_through_a_temporary_file(document, tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    write_workbook(document, path)
    assert zipfile.is_zipfile(path)
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_cell_that_would_run_as_a_formula_is_neutralized():
    task = {"id": "t:2.3", "title": "=HYPERLINK(\"x\")", "text": "-1 天", "units": [], "catch_all": [],
            "targets": [], "deadline": {"text": "每季度", "date": None, "kind": "recurring"}, "page": 4}
    row = task_to_row(task)
    assert row["序号"] == "2.3" and row["完成时限"] == "每季度" and row["来源页码"] == 4
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"doc_id": "t", "doc": {}, "tasks": [task]}))).active
    assert sheet["B2"].value == "'=HYPERLINK(\"x\")"
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].value == "'-1 天"
