"""The review page: every parsed value highlighted once, escaped, self-contained."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.export import notice_to_dict
from pipeline.parse import parse
from pipeline.readers import read_document
from pipeline.review import locate, render_review, review_text

SAMPLE = Path(__file__).resolve().parent.parent / "raw" / "notice-2024-pingchang.txt"


class Elements(HTMLParser):
    """Every element of a page: tag, attributes, class tokens and the text inside it."""

    VOID = {"meta", "br", "col", "link", "img", "input", "hr"}

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.all: list[dict] = []
        self.open: list[dict] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        element = {"tag": tag, "attrs": attributes, "classes": set((attributes.get("class") or "").split()), "text": ""}
        self.all.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def with_class(self, *names: str, without: str | None = None) -> list[dict]:
        return [e for e in self.all if set(names) <= e["classes"] and (without is None or without not in e["classes"])]


@pytest.fixture(scope="module")
def sample(rules):
    raw = read_document(SAMPLE)
    document = notice_to_dict(parse(raw, rules))
    text = review_text(raw, rules)
    return document, text, render_review(document, text)


def all_units(document):
    return [(task, unit) for task in document["tasks"] for unit in task["units"]]


def test_every_unit_target_and_deadline_is_highlighted_once(sample):
    document, _, page = sample
    elements = Elements(page)
    units = all_units(document)
    targets = [t for task in document["tasks"] for t in task["targets"]]
    deadlines = [task["deadline"] for task in document["tasks"] if task["deadline"]]
    assert len(document["tasks"]) == 18
    assert len(elements.with_class("hl", "hl-unit")) == len(units) == 102
    assert len(elements.with_class("hl", "hl-target")) == len(targets) == 9
    assert len(elements.with_class("hl", "hl-deadline")) == len(deadlines) == 1
    assert len(elements.with_class("hl", "hl-clause")) == 18


def test_printed_units_are_in_place_and_inherited_ones_in_the_panel(sample):
    # Lead and co units are printed in their task's clause; the inherited ones
    # (各镇（街道）, 平昌经开区, carried from task 1's `以下均需…落实`) are not, so
    # the panel shows them as unplaced highlights instead of dropping them.
    document, _, page = sample
    elements = Elements(page)
    printed = [(t, u) for t, u in all_units(document) if u["role"] != "inherited"]
    inherited = [(t, u) for t, u in all_units(document) if u["role"] == "inherited"]
    placed = elements.with_class("hl-unit", without="unplaced")
    assert len(placed) == len(printed) == 68
    assert len(elements.with_class("hl-unit", "unplaced")) == len(inherited) == 34
    assert len(elements.with_class("hl-target", without="unplaced")) == 9
    by_id = {e["attrs"].get("id"): e for e in elements.all}
    for index, task in enumerate(document["tasks"], 1):
        for number, unit in enumerate(task["units"], 1):
            element = by_id[f"task-{index}-u{number}"]
            assert f"role-{unit['role']}" in element["classes"]
            assert unit["name"] in element["attrs"]["title"]
            if unit["role"] != "inherited":
                assert element["text"] == unit["surface"]


def test_highlights_carry_the_parsed_values(sample):
    document, _, page = sample
    by_id = {e["attrs"].get("id"): e for e in Elements(page).all}
    unit = by_id["task-2-u1"]  # 县发改局 → 县发展和改革局, lead
    assert unit["text"] == "县发改局"
    assert "县发展和改革局" in unit["attrs"]["title"] and "牵头" in unit["attrs"]["title"]
    target = by_id["task-6-g1"]
    assert target["text"] == "审查率达100%"
    assert ">= 100%" in target["attrs"]["title"] and "审查率" in target["attrs"]["title"]
    deadline = by_id["task-7-d"]
    assert deadline["text"] == "年内"
    assert "2024-12-31" in deadline["attrs"]["title"]
    # Two targets share one phrase (出庭率、参加听证率均达到100%): both marked over it.
    first, second = by_id["task-12-g1"], by_id["task-12-g2"]
    assert first["text"] == second["text"] == "被诉讼行政机关负责人出庭率、参加听证率均达到100%"
    assert "参加听证率" in second["attrs"]["title"] and "出庭率" in second["attrs"]["title"]


def test_summary_table_and_workload(sample):
    document, _, page = sample
    elements = Elements(page)
    rows = [e for e in elements.all if e["tag"] == "tr" and "task-row" in e["classes"]]
    assert len(rows) == 18
    assert rows[1]["text"].startswith("notice-2024-pingchang:2持续优化法治化营商环境县发展和改革局")
    links = [e["attrs"].get("href", "") for e in elements.all if e["tag"] == "a"]
    assert {f"#task-{n}" for n in range(1, 19)} <= set(links)
    workload = {e["text"].split("\n")[0]: e for e in elements.all if e["tag"] == "tr" and "unit-row" in e["classes"]}
    # 县司法局 leads tasks 3, 6, 7, 9, 12, 14 and co-owns 2, 4, 5, 16, 17, 18.
    assert any(text.startswith("县司法局66") for text in workload)


def test_warnings_are_listed_and_linked_to_their_task(sample):
    document, text, _ = sample
    document = copy.deepcopy(document)
    document["warnings"] = [
        {"code": "unknown_unit", "message": "unit '县某某中心' is not in rules/", "task": "notice-2024-pingchang:5"},
        {"code": "no_tasks", "message": "document-wide <problem>", "task": None},
    ]
    elements = Elements(render_review(document, text))
    items = [e for e in elements.all if e["tag"] == "li" and "warning" in e["classes"]]
    assert [i["text"].split(" ")[0] for i in items] == ["unknown_unit", "no_tasks"]
    anchors = [e for e in elements.all if e["tag"] == "a" and e["text"] == "notice-2024-pingchang:5"
               and e["attrs"]["href"] == "#task-5"]
    assert anchors, "the warning links to its task"
    assert any(e["attrs"].get("id") == "task-5" and e["tag"] == "section" for e in elements.all)
    assert "document-wide <problem>" in items[1]["text"]


def test_page_is_self_contained(sample):
    _, _, page = sample
    elements = Elements(page)
    assert '<meta charset="utf-8">' in page
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif' in page
    for element in elements.all:
        for name in ("src", "href"):
            assert "http" not in (element["attrs"].get(name) or ""), element
    assert not [e for e in elements.all if e["tag"] in ("script", "link", "img", "iframe")]
    assert "@import" not in page and "url(" not in page


def test_text_and_values_are_escaped():
    text = "一、A&B\n1.推进<script>alert(1)</script>改革。达到\"100%\"。〔责任单位：县<b>局，县&amp;办〕"
    task_text = text.split("\n", 1)[1]
    start = text.index("1.")
    document = {
        "doc_id": "x<y", "doc": {"title": "标题</title><script>"}, "source": {"path": "a&b.txt"},
        "tasks": [{
            "id": "x<y:1", "no": "1", "section": "一", "subsection": None, "title": "推进<script>",
            "text": task_text, "clause": "〔责任单位：县<b>局，县&amp;办〕",
            "units": [{"name": "县<b>局", "surface": "县<b>局", "role": "lead", "how": "unknown", "in_dictionary": False},
                      {"name": "县&amp;办", "surface": "县&amp;办", "role": "co", "how": "unknown",
                       "in_dictionary": False}],
            "catch_all": [], "leaders": [],
            "targets": [{"metric": "\"x\"", "comparator": ">=", "value": 100, "unit": "%", "condition": None,
                         "text": "达到\"100%\""}],
            "deadline": None, "span": [start, len(text)], "page": None,
        }],
        "warnings": [{"code": "c", "message": "<img src=http://x>", "task": "x<y:1"}],
    }
    page = render_review(document, text)
    for raw in ("<script>", "<b>", "<img", "</title><script>"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;amp;" in page  # a literal `&amp;` in the text stays literal
    elements = Elements(page)
    units = elements.with_class("hl-unit", without="unplaced")
    assert [u["text"] for u in units] == ["县<b>局", "县&amp;办"]
    assert all("unknown" in u["classes"] for u in units)
    assert [t["text"] for t in elements.with_class("hl-target")] == ['达到"100%"']


def test_a_value_not_in_the_text_is_listed_not_dropped():
    text = "1.加强监督。年底前完成。〔责任单位：县司法局〕"
    document = {
        "doc_id": "t", "doc": {}, "source": {}, "warnings": [],
        "tasks": [{
            "id": "t:1", "no": "1", "section": None, "subsection": None, "title": "加强监督", "text": "加强监督。年底前完成。",
            "clause": "〔责任单位：县司法局〕",
            "units": [{"name": "县司法局", "surface": "县司法局", "role": "lead"},
                      {"name": "县财政局", "surface": "县财政局", "role": "co"}],
            "catch_all": [], "leaders": [],
            "targets": [{"metric": "覆盖率", "comparator": ">=", "value": 95.0, "unit": "%", "condition": None,
                         "text": "覆盖率达95%"}],
            "deadline": {"text": "6月底前", "date": "2024-06-30", "kind": "date"},
            "span": [0, len(text)], "page": 3,
        }],
    }
    elements = Elements(render_review(document, text))
    assert [e["text"] for e in elements.with_class("hl-unit", without="unplaced")] == ["县司法局"]
    unplaced = {e["attrs"]["id"]: e for e in elements.all if "unplaced" in e["classes"]}
    assert set(unplaced) == {"task-1-u2", "task-1-g1", "task-1-d"}
    assert unplaced["task-1-u2"]["text"] == "县财政局"
    assert unplaced["task-1-g1"]["text"] == "覆盖率 >= 95%"
    assert unplaced["task-1-d"]["text"] == "6月底前（2024-06-30）"


def test_crossing_highlights_leave_one_in_the_panel():
    # The target's text and the deadline's text overlap without one containing the other.
    text = "1.推进建设。年底前覆盖率达95%。〔责任单位：县司法局〕"
    document = {
        "doc_id": "t", "doc": {}, "source": {}, "warnings": [],
        "tasks": [{
            "id": "t:1", "no": "1", "section": None, "subsection": None, "title": "推进建设", "text": "推进建设。",
            "clause": "〔责任单位：县司法局〕", "units": [], "catch_all": [], "leaders": [],
            "targets": [{"metric": "覆盖率", "comparator": ">=", "value": 95, "unit": "%", "condition": None,
                         "text": "前覆盖率达95%"}],
            "deadline": {"text": "年底前覆盖", "date": "2024-12-31", "kind": "date"},
            "span": [0, len(text)], "page": None,
        }],
    }
    elements = Elements(render_review(document, text))
    assert [e["text"] for e in elements.with_class("hl-target", without="unplaced")] == ["前覆盖率达95%"]
    assert [e["text"] for e in elements.with_class("hl-deadline", "unplaced")] == ["年底前覆盖（2024-12-31）"]


def test_traditional_notice_is_shown_and_marked_as_printed(rules, make_raw):
    raw = make_raw(
        "青禾縣2022年穩就業保民生工作要點\n"
        "為全力穩就業保民生，結合我縣實際，制定本要點。\n"
        "一、穩定就業崗位\n"
        "（一）加強就業服務。開展招聘活動。（縣人社局牽頭，縣財政局、各鄉鎮配合）\n"
        "（二）落實社保政策。擴大參保覆蓋面。（縣人社局、縣醫保局按職責分工負責）\n"
    )
    document = notice_to_dict(parse(raw, rules))
    elements = Elements(render_review(document, review_text(raw, rules)))
    assert [e["text"] for e in elements.with_class("hl-unit", without="unplaced")] == [
        "縣人社局", "縣財政局", "縣人社局", "縣醫保局"]
    assert "县人力资源和社会保障局" in elements.with_class("hl-unit")[0]["attrs"]["title"]


@pytest.mark.parametrize("haystack, needle, expected", [
    pytest.param("率达100%", "达100%", (1, 6), id="exact"),
    pytest.param("率达\n100%", "达100%", (1, 7), id="across-a-line-break"),
    pytest.param("率达100%", "达90%", None, id="absent"),
    pytest.param("率达100%", "", None, id="empty"),
])
def test_locate(haystack, needle, expected):
    assert locate(haystack, needle, 0, len(haystack)) == expected


def test_rendering_is_deterministic(sample):
    document, text, page = sample
    assert render_review(document, text) == page
