"""Year-over-year diff: the 2024 sample against a 2025 plan of the same county written for this test.

tests/fixtures/notice-2025-pingchang-next.txt keeps most tasks (renumbered:
one new task in section 一 and one in 五, 16 and 17 swapped), drops 8
(深化重点领域执法监管) and 11 (增强安全风险防范能力), rewrites 9's text under
the same title, renames 5, and changes units, targets and deadlines of others.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.diff import (
    FieldChange, best_pairs, deadline_change, diff_documents, diff_to_rows, format_summary, main_diff,
    render_diff_html, target_changes,
)
from pipeline.export import notice_to_dict
from pipeline.parse import parse
from pipeline.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "raw" / "notice-2024-pingchang.txt"
NEW = Path(__file__).resolve().parent / "fixtures" / "notice-2025-pingchang-next.txt"

# (status, old no, new no) in the order of the result.
EXPECTED_TASKS = [
    ("carried", "1", "1"), ("carried", "2", "2"), ("carried", "3", "3"), ("new", None, "4"),
    ("carried", "4", "5"), ("carried", "5", "6"), ("carried", "6", "7"), ("carried", "7", "8"),
    ("dropped", "8", None), ("carried", "9", "9"), ("carried", "10", "10"), ("dropped", "11", None),
    ("carried", "12", "11"), ("carried", "13", "12"), ("carried", "14", "13"), ("new", None, "14"),
    ("carried", "15", "15"), ("carried", "17", "16"), ("carried", "16", "17"), ("carried", "18", "18"),
]

# Every change of every carried task, by (old no, new no): (field, old value, new value).
EXPECTED_CHANGES = {
    ("2", "2"): [
        ("lead", "县发展和改革局", "县市场监督管理局"),
        ("co", "县市场监督管理局、县司法局", "县发展和改革局、县司法局"),
    ],
    ("4", "5"): [("co", "县司法局、县市场监督管理局", "县司法局、县发展和改革局")],
    ("5", "6"): [("title", "促进法律顾问作用有效发挥", "充分发挥政府法律顾问作用")],
    ("6", "7"): [("target", None, "报备率 >= 100%")],
    ("7", "8"): [
        ("target", "通过考试获得行政执法资格 >= 3人（条件：编制核定数量为70人及以下的镇（街道））",
         "通过考试获得行政执法资格 >= 4人（条件：编制核定数量为70人及以下的镇（街道））"),
        ("deadline", "年内（2024-12-31）", "2025年9月底前（2025-09-30）"),
    ],
    ("9", "9"): [("co", None, "县信访局")],
    ("10", "10"): [(
        "co",
        "县公安局、县民政局、县自然资源和规划局、县住房和城乡建设局、县水利局、县卫生健康局、县林业局、平昌生态环境局",
        "县公安局、县民政局、县自然资源和规划局、县住房和城乡建设局、县水利局、县卫生健康局、平昌生态环境局",
    )],
    ("14", "13"): [("target", "回复率 >= 100%", "回复率 >= 95%")],
    ("15", "15"): [("co", "县委巡察工作领导小组办公室、县审计局、县财政局、县统计局",
                    "县委巡察工作领导小组办公室、县审计局、县财政局")],
    ("17", "16"): [("target", "参考率 >= 90%", "参考率 >= 95%")],
    ("18", "18"): [("lead", "县行政审批和数据局", "县数据局")],
}


@pytest.fixture(scope="module")
def documents(rules):
    return tuple(notice_to_dict(parse(read_document(path), rules)) for path in (OLD, NEW))


@pytest.fixture(scope="module")
def result(documents):
    return diff_documents(*documents)


def test_fixture_is_a_plausible_next_year_plan(documents):
    _, new = documents
    assert new["doc"]["year"] == 2025 and new["doc"]["jurisdiction"] == "平昌县"
    assert len(new["tasks"]) == 18 and new["warnings"] == []


def test_tasks_are_matched_by_content_not_number(result):
    got = [(t.status, t.old.no if t.old else None, t.new.no if t.new else None) for t in result.tasks]
    assert got == EXPECTED_TASKS
    assert [t.new.title for t in result.with_status("new")] == ["开展规范涉企行政执法专项行动", "开展法治政府建设示范创建"]
    assert [t.old.title for t in result.with_status("dropped")] == ["深化重点领域执法监管", "增强安全风险防范能力"]


def test_every_change_of_a_carried_task(result):
    got = {(t.old.no, t.new.no): [(c.field, c.old_value, c.new_value) for c in t.changes]
           for t in result.with_status("carried") if t.changes}
    assert got == EXPECTED_CHANGES
    unchanged = [(t.old.no, t.new.no) for t in result.with_status("carried") if not t.changes]
    assert unchanged == [("1", "1"), ("3", "3"), ("12", "11"), ("13", "12"), ("16", "17")]


def test_change_details(result):
    by_pair = {(t.old.no, t.new.no): t for t in result.with_status("carried")}
    lead = by_pair["2", "2"].changes[0]
    assert (lead.added, lead.removed) == (("县市场监督管理局",), ("县发展和改革局",))
    assert by_pair["10", "10"].changes[0].removed == ("县林业局",)
    assert by_pair["7", "8"].changes[0].aspects == ("value",)
    assert by_pair["6", "7"].changes[0].aspects == ("added",)
    # 9 was rewritten under its old title: matched on the title, with a lower similarity.
    assert 60 <= by_pair["9", "9"].similarity < 80
    assert by_pair["1", "1"].similarity == 100


def test_csv_rows(result):
    rows = diff_to_rows(result)
    assert list(rows[0]) == ["status", "old_task", "new_task", "old_title", "new_title", "field", "old_value",
                             "new_value"]
    assert rows[0] == {"status": "carried",
                       "old_task": "notice-2024-pingchang:1", "new_task": "notice-2025-pingchang-next:1",
                       "old_title": "深入推进“放管服”改革", "new_title": "深入推进“放管服”改革",
                       "field": None, "old_value": None, "new_value": None}
    assert {"status": "new", "old_task": None, "new_task": "notice-2025-pingchang-next:4", "old_title": None,
            "new_title": "开展规范涉企行政执法专项行动", "field": None, "old_value": None, "new_value": None} in rows
    assert {"status": "dropped", "old_task": "notice-2024-pingchang:11", "new_task": None,
            "old_title": "增强安全风险防范能力", "new_title": None, "field": None, "old_value": None, "new_value": None} in rows
    deadline = [r for r in rows if r["field"] == "deadline"]
    assert deadline == [{"status": "carried",
                         "old_task": "notice-2024-pingchang:7", "new_task": "notice-2025-pingchang-next:8",
                         "old_title": "深化行政执法标准化建设", "new_title": "深化行政执法标准化建设",
                         "field": "deadline", "old_value": "年内（2024-12-31）", "new_value": "2025年9月底前（2025-09-30）"}]
    # one row per change, one per other task
    assert len(rows) == sum(max(1, len(t.changes)) for t in result.tasks) == 22


def test_summary_keeps_chinese_values(result):
    summary = format_summary(result)
    assert "carried 16 (11 changed), new 2, dropped 2" in summary
    assert "lead: 县发展和改革局 → 县市场监督管理局" in summary
    assert "target value: 参考率 >= 90% → 参考率 >= 95%" in summary
    assert "target added: 报备率 >= 100%" in summary
    assert "dropped    8 → –   深化重点领域执法监管" in summary
    assert "unchanged (5): 1→1, 3→3, 12→11, 13→12, 16→17" in summary


def test_html_page(result):
    page = render_diff_html(result)
    assert '<meta charset="utf-8">' in page
    assert page.count('<tr class="carried') == 16 and page.count('<tr class="new"') == 2
    assert page.count('<tr class="dropped"') == 2
    assert "<del>−县林业局</del>" in page and "<ins>+县信访局</ins>" in page
    assert "http" not in page


def test_main_diff_writes_csv_and_html_and_reads_json(documents, tmp_path, capsys):
    old_json = tmp_path / "old.json"
    old_json.write_text(json.dumps(documents[0], ensure_ascii=False), encoding="utf-8")
    out_csv, out_html = tmp_path / "diff.csv", tmp_path / "diff.html"
    assert main_diff(old_json, NEW, out_csv=out_csv, out_html=out_html) == 0
    assert "carried 16 (11 changed), new 2, dropped 2" in capsys.readouterr().out
    raw = out_csv.read_bytes()
    assert raw.startswith("\ufeff".encode())
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 22 and rows[1]["field"] == "lead" and rows[1]["new_value"] == "县市场监督管理局"
    assert out_html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_main_diff_reports_an_unusable_input(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    assert main_diff(missing, NEW) == 1
    assert "missing.txt" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main_diff(bad, NEW) == 1
    assert "bad.json" in capsys.readouterr().err


def test_identical_documents_have_no_changes(documents):
    result = diff_documents(documents[0], documents[0])
    assert [t.status for t in result.tasks] == ["carried"] * 18
    assert not any(t.changes for t in result.tasks)


@pytest.mark.parametrize("scores, expected", [
    pytest.param({(0, 0): 90, (0, 1): 95, (1, 1): 92}, [(0, 1)], id="best-pair-first"),
    pytest.param({(0, 0): 80, (1, 1): 70, (0, 1): 50}, [(0, 0), (1, 1)], id="one-to-one"),
    pytest.param({(0, 0): 59.9}, [], id="below-threshold"),
    pytest.param({(0, 0): 80, (0, 1): 80}, [(0, 0)], id="tie-goes-to-the-closer-position"),
])
def test_best_pairs(scores, expected):
    assert best_pairs(scores, 60) == expected


def target(metric, value, comparator=">=", unit="%", condition=None):
    return {"metric": metric, "comparator": comparator, "value": value, "unit": unit, "condition": condition,
            "text": f"{metric}{value}{unit}"}


def test_targets_are_matched_loosely_by_metric():
    changes = target_changes((target("参考率", 90), target("办结率", 100)),
                             (target("学法考法参考率", 90, "="), target("按期办结率", 100)))
    assert changes == [FieldChange("target", "参考率 >= 90%", "学法考法参考率 = 90%", aspects=("comparator", "metric")),
                       FieldChange("target", "办结率 >= 100%", "按期办结率 >= 100%", aspects=("metric",))]
    assert target_changes((target("审查率", 100),), (target("审查率", 100.0),)) == []
    changes = target_changes((target("覆盖率", 95),), (target("覆盖率", 95, unit="个"),))
    assert [c.aspects for c in changes] == [("unit",)]


def test_deadline_same_phrase_next_year_is_not_a_change():
    assert deadline_change({"text": "年底前", "date": "2024-12-31", "kind": "date"},
                           {"text": "年底前", "date": "2025-12-31", "kind": "date"}, 1) is None
    assert deadline_change({"text": "每季度", "date": None, "kind": "recurring"},
                           {"text": "每季度", "date": None, "kind": "recurring"}, 1) is None
    assert deadline_change(None, {"text": "6月底前", "date": "2025-06-30", "kind": "date"}, 1) == \
        FieldChange("deadline", None, "6月底前（2025-06-30）")
    assert deadline_change({"text": "6月底前", "date": "2024-06-30", "kind": "date"}, None, 1) == \
        FieldChange("deadline", "6月底前（2024-06-30）", None)
