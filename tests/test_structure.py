"""Sections and tasks: classify_lines -> split_sections -> split_tasks, and end to end through parse.

Each numbering scheme is a small notice written for the test. The expected ids,
sections and subsections follow docs/format.md "Sections and tasks" and
corpus/README.md "Sections and task ids".
"""

from __future__ import annotations

import pytest


def leads(task) -> list[str]:
    return [u.surface for u in task.units if u.role == "lead"]

from pipeline.model import RawDocument, Source
from pipeline.normalize import normalize
from pipeline.sections import classify_lines, split_sections
from pipeline.tasks import split_tasks


def raw_document(text: str) -> RawDocument:
    return RawDocument(doc_id="t", source=Source(path="t.txt", format="txt", sha256="0"), text=text)


def stages(rules, text: str):
    """text -> (sections with their lines, task blocks, problems)."""
    doc = normalize(raw_document(text), rules)
    lines = classify_lines(doc, rules)
    sections = split_sections(lines, rules)
    blocks, problems = split_tasks(sections, rules)
    return sections, blocks, problems


def block_keys(blocks) -> list[tuple[str, str, str | None, str]]:
    """(id_path, section no, subsection, no) of each block, as strings."""
    return [
        (b.id_path, b.section.no, None if b.subsection is None else str(b.subsection), str(b.no))
        for b in blocks
    ]


def task_keys(notice) -> list[tuple[str, str | None, str | None, str]]:
    return [(t.id, t.section, t.subsection, t.no) for t in notice.tasks]


TITLE = "青禾县2024年优化营商环境工作要点\n为持续优化营商环境，结合我县实际，制定本要点。\n"

# --- numbering schemes --------------------------------------------------------------------------

ARABIC_PERIOD = TITLE + (
    "一、深化审批制度改革\n"
    "1.推进简政放权。全面梳理审批事项。（县发改局负责）\n"
    "2.优化审批流程。压缩审批时限。（县政务服务中心负责）\n"
    "二、加强事中事后监管\n"
    "3.推行双随机抽查。完善抽查机制。（县市场监管局负责）\n"
)

FULL_WIDTH = TITLE + (
    "一、深化审批制度改革\n"
    "１．推进简政放权。全面梳理审批事项。（县发改局负责）\n"
    "２．优化审批流程。压缩审批时限。（县政务服务中心负责）\n"
    "二、加强事中事后监管\n"
    "３．推行双随机抽查。完善抽查机制。（县市场监管局负责）\n"
)

ARABIC_COMMA = TITLE + (
    "一、深化审批制度改革\n"
    "1、推进简政放权。全面梳理审批事项。〔责任单位：县发改局〕\n"
    "2、优化审批流程。压缩审批时限。〔责任单位：县政务服务中心〕\n"
    "二、加强事中事后监管\n"
    "3、推行双随机抽查。完善抽查机制。〔责任单位：县市场监管局〕\n"
)

PAREN_TASKS = TITLE + (
    "一、深化审批制度改革\n"
    "（一）推进简政放权。全面梳理审批事项。（县发改局牵头，县司法局配合）\n"
    "（二）优化审批流程。压缩审批时限。（县政务服务中心牵头，县发改局配合）\n"
    "二、加强事中事后监管\n"
    "（三）推行双随机抽查。完善抽查机制。（县市场监管局负责）\n"
)

THREE_LEVELS = TITLE + (
    "一、强化安全责任\n"
    "（一）压实属地责任\n"
    "1.健全责任体系。制定责任清单。\n"
    "牵头单位：县应急局\n"
    "配合单位：县委编办\n"
    "2.开展安全巡查。每季度开展一次巡查。\n"
    "牵头单位：县应急局\n"
    "（二）压实部门责任\n"
    "3.落实行业监管。制定监管清单。\n"
    "牵头单位：县交通局\n"
    "二、深化专项整治\n"
    "（三）整治道路交通\n"
    "4.整治重点车辆。开展集中整治。\n"
    "牵头单位：县交通局\n"
)

RESTART_PER_SECTION = TITLE + (
    "一、深化审批制度改革\n"
    "1.推进简政放权。全面梳理审批事项。（县发改局负责）\n"
    "2.优化审批流程。压缩审批时限。（县政务服务中心负责）\n"
    "3.推行告知承诺。扩大承诺事项。（县司法局负责）\n"
    "二、加强事中事后监管\n"
    "1.推行双随机抽查。完善抽查机制。（县市场监管局负责）\n"
    "2.推进信用监管。完善信用档案。（县发改局负责）\n"
    "3.规范涉企检查。减少检查频次。（县司法局负责）\n"
)

RESTART_PER_SUBSECTION = TITLE + (
    "一、深化审批制度改革\n"
    "（一）精简审批事项\n"
    "1.推进简政放权。梳理事项。（县发改局负责）\n"
    "2.推行告知承诺。扩大事项。（县司法局负责）\n"
    "（二）优化审批流程\n"
    "1.压缩审批时限。减少环节。（县政务服务中心负责）\n"
    "2.推行并联审批。整合材料。（县住建局负责）\n"
    "二、加强事中事后监管\n"
    "（一）创新监管方式\n"
    "1.推行双随机抽查。完善机制。（县市场监管局负责）\n"
    "2.推进信用监管。完善档案。（县发改局负责）\n"
    "3.规范涉企检查。减少频次。（县司法局负责）\n"
)

# As in notice 28: `1.` restarts in each section and runs on across its subsections.
RESTART_PER_SECTION_THREE_LEVELS = TITLE + (
    "一、深化审批制度改革\n"
    "（一）精简审批事项\n"
    "1.推进简政放权。梳理事项。（县发改局负责）\n"
    "（二）优化审批流程\n"
    "2.压缩审批时限。减少环节。（县政务服务中心负责）\n"
    "二、加强事中事后监管\n"
    "（三）创新监管方式\n"
    "1.推行双随机抽查。完善机制。（县市场监管局负责）\n"
    "2.推进信用监管。完善档案。（县发改局负责）\n"
)

NUMBER_WITHOUT_PERIOD = TITLE + (
    "一、强化权力监督\n"
    "1.推进政务公开。完善公开目录。〔责任单位：县政府办〕\n"
    "2 构建贯通协同监督体系。强化审计监督。〔责任单位：县审计局〕\n"
    "3. 加强党的领导。坚持集体学法。〔责任单位：县司法局〕\n"
)

NUMBERS_INSIDE_SENTENCES = TITLE + (
    "一、规范行政执法\n"
    "1.提升执法质量。大力实施提升行政执法质量三年行动计划\n"
    "（2023—2025年），全面落实裁量权基准制度。编制核定数量为70人及以下的镇，\n"
    "年内至少通过考试获得行政执法资格\n"
    "3人以上；力争在\n"
    "2024年底前完成执法证件换发，新增执法装备\n"
    "2.5万元。（县司法局负责）\n"
    "2.加强执法监督。开展案卷评查。（县司法局负责）\n"
)


QUARTERS_AT_LINE_START = TITLE + (
    "一、深化审批制度改革\n"
    "1.推进简政放权。全面梳理审批事项，在\n"
    "一、二季度分别开展一次集中清理。（县发改局负责）\n"
    "2.优化审批流程。压缩审批时限。（县政务服务中心负责）\n"
    "二、加强事中事后监管\n"
    "3.推行双随机抽查。完善抽查机制。（县市场监管局负责）\n"
)



def test_chinese_numeral_list_inside_a_sentence_is_not_a_section(rules):
    sections, blocks, _ = stages(rules, QUARTERS_AT_LINE_START)
    assert [(s.no, s.title) for s, _ in sections] == [("一", "深化审批制度改革"), ("二", "加强事中事后监管")]
    assert block_keys(blocks) == [("1", "一", None, "1"), ("2", "一", None, "2"), ("3", "二", None, "3")]


PAGE_BREAK_IN_TITLE = TITLE + (
    "一、强化权力监督\n"
    "14.推进政务公开。完善公开目录。〔责任单位：县政府办〕\n"
    "15.构建贯通协同\n"
    "\n"
    "— 5 —\n"
    "\n"
    "监督体系。认真研究办理审议意见。〔责任单位：县政府办，县审计局〕\n"
)


def test_task_title_broken_by_a_page_break(parse_text):
    task = parse_text(PAGE_BREAK_IN_TITLE).tasks[1]
    assert (task.id, task.title) == ("t:15", "构建贯通协同监督体系")
    assert task.text == "构建贯通协同监督体系。认真研究办理审议意见。"


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(ARABIC_PERIOD, [("1", "一", None, "1"), ("2", "一", None, "2"), ("3", "二", None, "3")],
                     id="section-and-arabic-period"),
        pytest.param(FULL_WIDTH, [("1", "一", None, "1"), ("2", "一", None, "2"), ("3", "二", None, "3")],
                     id="full-width-period"),
        pytest.param(ARABIC_COMMA, [("1", "一", None, "1"), ("2", "一", None, "2"), ("3", "二", None, "3")],
                     id="arabic-chinese-comma"),
        pytest.param(PAREN_TASKS, [("1", "一", None, "1"), ("2", "一", None, "2"), ("3", "二", None, "3")],
                     id="paren-numbers-are-tasks"),
        pytest.param(THREE_LEVELS,
                     [("1", "一", "1", "1"), ("2", "一", "1", "2"), ("3", "一", "2", "3"), ("4", "二", "3", "4")],
                     id="three-levels"),
        pytest.param(RESTART_PER_SECTION,
                     [("1.1", "一", None, "1"), ("1.2", "一", None, "2"), ("1.3", "一", None, "3"),
                      ("2.1", "二", None, "1"), ("2.2", "二", None, "2"), ("2.3", "二", None, "3")],
                     id="restart-per-section"),
        pytest.param(RESTART_PER_SUBSECTION,
                     [("1.1.1", "一", "1", "1"), ("1.1.2", "一", "1", "2"), ("1.2.1", "一", "2", "1"),
                      ("1.2.2", "一", "2", "2"), ("2.1.1", "二", "1", "1"), ("2.1.2", "二", "1", "2"),
                      ("2.1.3", "二", "1", "3")],
                     id="restart-per-subsection"),
        pytest.param(RESTART_PER_SECTION_THREE_LEVELS,
                     [("1.1", "一", "1", "1"), ("1.2", "一", "2", "2"), ("2.1", "二", "3", "1"),
                      ("2.2", "二", "3", "2")],
                     id="three-levels-restart-per-section"),
        pytest.param(NUMBER_WITHOUT_PERIOD, [("1", "一", None, "1"), ("2", "一", None, "2"), ("3", "一", None, "3")],
                     id="number-without-period-and-space-after-period"),
        pytest.param(NUMBERS_INSIDE_SENTENCES, [("1", "一", None, "1"), ("2", "一", None, "2")],
                     id="numbers-inside-sentences"),
    ],
)
def test_task_blocks(rules, text, expected):
    _, blocks, problems = stages(rules, text)
    assert block_keys(blocks) == expected
    assert [p.code for p in problems if p.code == "numbering_gap"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(ARABIC_PERIOD, [("t:1", "一", None, "1"), ("t:2", "一", None, "2"), ("t:3", "二", None, "3")],
                     id="runs-on"),
        pytest.param(PAREN_TASKS, [("t:1", "一", None, "1"), ("t:2", "一", None, "2"), ("t:3", "二", None, "3")],
                     id="paren-numbers"),
        pytest.param(THREE_LEVELS,
                     [("t:1", "一", "1", "1"), ("t:2", "一", "1", "2"), ("t:3", "一", "2", "3"), ("t:4", "二", "3", "4")],
                     id="three-levels"),
        pytest.param(RESTART_PER_SECTION,
                     [("t:1.1", "一", None, "1"), ("t:1.2", "一", None, "2"), ("t:1.3", "一", None, "3"),
                      ("t:2.1", "二", None, "1"), ("t:2.2", "二", None, "2"), ("t:2.3", "二", None, "3")],
                     id="restart-per-section"),
        pytest.param(RESTART_PER_SUBSECTION,
                     [("t:1.1.1", "一", "1", "1"), ("t:1.1.2", "一", "1", "2"), ("t:1.2.1", "一", "2", "1"),
                      ("t:1.2.2", "一", "2", "2"), ("t:2.1.1", "二", "1", "1"), ("t:2.1.2", "二", "1", "2"),
                      ("t:2.1.3", "二", "1", "3")],
                     id="restart-per-subsection"),
        pytest.param(NUMBERS_INSIDE_SENTENCES, [("t:1", "一", None, "1"), ("t:2", "一", None, "2")],
                     id="numbers-inside-sentences"),
    ],
)
def test_parse_task_ids(parse_text, text, expected):
    notice = parse_text(text)
    assert task_keys(notice) == expected
    assert [w for w in notice.warnings if w.code == "numbering_gap"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(ARABIC_PERIOD, [("一", "深化审批制度改革"), ("二", "加强事中事后监管")], id="two-sections"),
        pytest.param(THREE_LEVELS, [("一", "强化安全责任"), ("二", "深化专项整治")], id="subsections-are-not-sections"),
    ],
)
def test_sections(rules, text, expected):
    sections, _, _ = stages(rules, text)
    assert [(s.no, s.title) for s, _ in sections] == expected


def test_task_text_and_clause(parse_text):
    notice = parse_text(ARABIC_COMMA)
    first = notice.tasks[0]
    assert first.title == "推进简政放权"
    assert first.text == "推进简政放权。全面梳理审批事项。"
    assert first.clause == "〔责任单位：县发改局〕"


def test_title_of_a_task_without_period(parse_text):
    task = parse_text(NUMBER_WITHOUT_PERIOD).tasks[1]
    assert task.title == "构建贯通协同监督体系"
    task = parse_text(NUMBER_WITHOUT_PERIOD).tasks[2]
    assert task.title == "加强党的领导"


def test_numbers_inside_a_task_stay_in_its_text(parse_text):
    task = parse_text(NUMBERS_INSIDE_SENTENCES).tasks[0]
    assert "（2023—2025年），全面落实" in task.text
    assert "资格3人以上；力争在2024年底前完成" in task.text
    assert task.text.endswith("新增执法装备2.5万元。")


# --- numbering problems -------------------------------------------------------------------------

GAP = TITLE + (
    "一、深化审批制度改革\n"
    "1.推进简政放权。梳理事项。（县发改局负责）\n"
    "2.优化审批流程。压缩时限。（县政务服务中心负责）\n"
    "4.推行告知承诺。扩大事项。（县司法局负责）\n"
)

REPEAT = TITLE + (
    "一、深化审批制度改革\n"
    "1.推进简政放权。梳理事项。（县发改局负责）\n"
    "2.优化审批流程。压缩时限。（县政务服务中心负责）\n"
    "2.推行告知承诺。扩大事项。（县司法局负责）\n"
)


@pytest.mark.parametrize("text, numbers", [
    pytest.param(GAP, ["1", "2", "4"], id="gap"),
    pytest.param(REPEAT, ["1", "2", "2"], id="repeat"),
])
def test_numbering_gap_is_reported(rules, text, numbers):
    _, blocks, problems = stages(rules, text)
    assert [str(b.no) for b in blocks] == numbers
    assert [p.code for p in problems] == ["numbering_gap"]


@pytest.mark.parametrize("text", [pytest.param(GAP, id="gap"), pytest.param(REPEAT, id="repeat")])
def test_numbering_gap_is_a_warning(parse_text, text):
    notice = parse_text(text)
    assert len(notice.tasks) == 3
    assert [w.code for w in notice.warnings if w.code == "numbering_gap"] == ["numbering_gap"]


def test_ids_after_a_gap_are_the_printed_numbers(parse_text):
    assert [t.id for t in parse_text(GAP).tasks] == ["t:1", "t:2", "t:4"]


def test_ids_stay_unique_and_printed_when_a_number_repeats(parse_text):
    ids = [t.id for t in parse_text(REPEAT).tasks]
    assert len(set(ids)) == 3
    # A two-level notice has no subsection: an id may not name one.
    assert not any(".0." in task_id for task_id in ids)


# --- sections without tasks, cover paragraphs, closing paragraphs --------------------------------

EMPTY_SECTION = TITLE + (
    "一、深化审批制度改革\n"
    "1.推进简政放权。梳理事项。（县发改局负责）\n"
    "二、加强事中事后监管\n"
    "2.推行双随机抽查。完善机制。（县市场监管局负责）\n"
    "三、保障措施\n"
    "各单位要加强组织领导，确保各项任务落到实处。\n"
)


def test_section_without_tasks_is_listed(parse_text):
    notice = parse_text(EMPTY_SECTION)
    assert [(s.no, s.title) for s in notice.sections] == [
        ("一", "深化审批制度改革"), ("二", "加强事中事后监管"), ("三", "保障措施"),
    ]
    assert [t.id for t in notice.tasks] == ["t:1", "t:2"]
    assert "加强组织领导" not in notice.tasks[-1].text


COVER_WITH_OWN_POINTS = (
    "青禾县人民政府办公室关于印发青禾县2024年城乡环境整治实施方案的通知\n"
    "青府办发〔2024〕12号\n"
    "各乡镇人民政府，县直各单位：\n"
    "现将《青禾县2024年城乡环境整治实施方案》印发给你们，并提出如下要求，请一并抓好落实。\n"
    "一、提高思想认识。各乡镇、各单位要把整治工作摆上重要议事日程。\n"
    "二、压实工作责任。各牵头单位要会同责任单位制定实施细则，于每月5日前报送进展。\n"
    "三、强化督查考核。领导小组办公室要加强督导，每季度通报一次整治排名。\n"
    "附件：1.青禾县2024年城乡环境整治实施方案\n"
    "2.青禾县2024年城乡环境整治重点任务台账\n"
    "青禾县人民政府办公室\n"
    "2024年4月8日\n"
    "附件1\n"
    "青禾县2024年城乡环境整治实施方案\n"
    "为持续改善城乡人居环境，制定本方案。\n"
    "一、工作目标\n"
    "到2024年底，农村生活垃圾收运处置体系覆盖率达到98%以上。\n"
    "二、重点任务\n"
    "1.开展垃圾治理。建立收运处置体系。（县城管局牵头，各乡镇配合）\n"
    "2.推进厕所革命。新建公共厕所12座。（县住建局牵头，各乡镇配合）\n"
    "三、长效管理\n"
    "3.健全保洁机制。落实门前三包。（县城管局负责）\n"
    "四、保障措施\n"
    "各乡镇要加强组织领导，确保整治取得实效。\n"
)


def test_cover_points_are_not_sections(rules):
    sections, blocks, _ = stages(rules, COVER_WITH_OWN_POINTS)
    assert [(s.no, s.title) for s, _ in sections] == [
        ("一", "工作目标"), ("二", "重点任务"), ("三", "长效管理"), ("四", "保障措施"),
    ]
    assert block_keys(blocks) == [("1", "二", None, "1"), ("2", "二", None, "2"), ("3", "三", None, "3")]


def test_cover_points_are_not_sections_end_to_end(parse_text):
    notice = parse_text(COVER_WITH_OWN_POINTS)
    assert [s.title for s in notice.sections] == ["工作目标", "重点任务", "长效管理", "保障措施"]
    assert [t.id for t in notice.tasks] == ["t:1", "t:2", "t:3"]
    assert notice.tasks[0].title == "开展垃圾治理"


CLOSING_AFTER_BRACKET = TITLE + (
    "一、强化督查问效\n"
    "1.建立工作台账。逐项明确责任。（县政府办负责）\n"
    "2.加强督查通报。定期通报进展。（县政府办负责）\n"
    "各乡镇、各部门要于12月10日前将工作开展情况报送县政府办。\n"
)

CLOSING_AFTER_ROLE_LINES = TITLE + (
    "一、强化督查问效\n"
    "1.建立工作台账。逐项明确责任。\n"
    "牵头单位：县政府办\n"
    "配合单位：县司法局\n"
    "2.加强督查通报。定期通报进展。\n"
    "牵头单位：县政府办\n"
    "配合单位：县司法局\n"
    "各乡镇、各部门要于12月10日前将工作开展情况报送县政府办。\n"
)

CLOSING_AFTER_DEADLINE_LINE = TITLE + (
    "一、强化督查问效\n"
    "1.建立工作台账。逐项明确责任。\n"
    "牵头单位：县政府办\n"
    "完成时限：年底前\n"
    "2.加强督查通报。定期通报进展。\n"
    "牵头单位：县政府办\n"
    "完成时限：长期坚持\n"
    "各乡镇、各部门要于12月10日前将工作开展情况报送县政府办。\n"
)




@pytest.mark.parametrize("text", [
    pytest.param(CLOSING_AFTER_BRACKET, id="after-bracket-clause"),
    pytest.param(CLOSING_AFTER_ROLE_LINES, id="after-role-lines"),
    pytest.param(CLOSING_AFTER_DEADLINE_LINE, id="after-deadline-line"),
])
def test_closing_paragraph_is_not_part_of_the_last_task(rules, parse_text, text):
    notice = parse_text(text)
    last = notice.tasks[-1]
    assert last.id == "t:2"
    assert "12月10日" not in last.text
    assert "12月10日" not in (last.clause or "")
    closing_at = normalize(raw_document(text), rules).text.index("各乡镇、各部门要于")
    assert last.span[1] <= closing_at


def test_task_without_clause_gives_no_clause_warning(parse_text):
    text = TITLE + (
        "一、深化审批制度改革\n"
        "1.推进简政放权。梳理事项。（县发改局负责）\n"
        "2.优化审批流程。压缩审批时限。\n"
        "3.推行告知承诺。扩大事项。（县司法局负责）\n"
    )
    notice = parse_text(text)
    assert [t.id for t in notice.tasks] == ["t:1", "t:2", "t:3"]
    assert notice.tasks[1].clause is None
    assert notice.tasks[1].units == ()
    assert [(w.code, w.task) for w in notice.warnings if w.code == "no_clause"] == [("no_clause", "t:2")]


def test_task_span_covers_the_task_in_the_normalized_text(rules, parse_text):
    text = NUMBER_WITHOUT_PERIOD
    notice = parse_text(text)
    normalized = normalize(raw_document(text), rules).text
    spans = [normalized[t.span[0]:t.span[1]] for t in notice.tasks]
    assert spans == [
        "1.推进政务公开。完善公开目录。〔责任单位：县政府办〕",
        "2.构建贯通协同监督体系。强化审计监督。〔责任单位：县审计局〕",
        "3.加强党的领导。坚持集体学法。〔责任单位：县司法局〕",
    ]


def test_task_span_covers_role_lines(rules, parse_text):
    notice = parse_text(THREE_LEVELS)
    normalized = normalize(raw_document(THREE_LEVELS), rules).text
    first = notice.tasks[0]
    assert normalized[first.span[0]:first.span[1]] == "1.健全责任体系。制定责任清单。\n牵头单位：县应急局\n配合单位：县委编办"


def test_plan_without_sections_keeps_its_tasks(parse_text):
    notice = parse_text(
        "青禾县2024年就业工作要点\n"
        "1.稳定就业岗位。落实稳岗返还政策。（县人社局负责）\n"
        "2.加强技能培训。全年培训3000人次。（县人社局牵头，县财政局配合）\n"
        "青禾县人民政府办公室\n2024年3月1日\n"
    )
    assert notice.sections == ()
    assert [(t.id, t.section, t.title) for t in notice.tasks] == [
        ("t:1", None, "稳定就业岗位"), ("t:2", None, "加强技能培训")]
    assert [u.name for u in notice.tasks[1].units if u.role == "co"] == ["县财政局"]


def test_task_before_the_first_section_is_kept_and_flagged(parse_text):
    notice = parse_text(
        "青禾县2024年就业工作要点\n"
        "1.稳定就业岗位。落实稳岗返还政策。（县人社局负责）\n"
        "二、加强培训\n"
        "2.加强技能培训。全年培训3000人次。（县人社局负责）\n"
    )
    assert [(t.no, t.section) for t in notice.tasks] == [("1", None), ("2", "二")]
    codes = [w.code for w in notice.warnings]
    assert "outside_section" in codes and "numbering_gap" in codes  # and no section 一


@pytest.mark.parametrize("text, message", [
    pytest.param("青禾县2024年工作要点\n一、甲\n1.甲任务。内容。（县人社局负责）\n三、丙\n2.丙任务。内容。（县人社局负责）\n",
                 "section 三、 where 2 was expected", id="section-skipped"),
    pytest.param("青禾县2024年工作要点\n一、甲\n2.甲任务。内容。（县人社局负责）\n3.乙任务。内容。（县人社局负责）\n",
                 "the first task is numbered 2", id="first-task-not-one"),
])
def test_numbering_that_cannot_be_complete_is_flagged(parse_text, text, message):
    notice = parse_text(text)
    assert any(w.code == "numbering_gap" and message in w.message for w in notice.warnings)


def test_task_number_that_lost_its_period_is_taken_where_the_sequence_expects_it(parse_text):
    notice = parse_text(
        "青禾县2024年工作要点\n一、甲\n"
        "1.甲任务。内容。（县人社局负责）\n"
        "2完善乙任务。内容。（县财政局负责）\n"
        "5个乡镇要抓好落实。\n"
    )
    assert [(t.no, t.title) for t in notice.tasks] == [("1", "甲任务"), ("2", "完善乙任务")]
    assert [w.code for w in notice.warnings].count("number_repaired") == 1


# ---------------------------------------------------------------------------
# Shapes of real published notices (each written for the test in the same shape)


def test_section_heading_that_starts_with_a_year_or_a_number(parse_text):
    """`一、2025年主要预期目标`: a heading may start with digits; its tasks stay in it."""
    notice = parse_text(
        "青川县2025年重点工作任务分解方案\n"
        "一、2025年主要预期目标\n"
        "1.地区生产总值增长6%左右。（牵头单位：县发改局）\n"
        "2.城镇新增就业1200人。（牵头单位：县人社局）\n"
        "二、7个方面重点工作\n"
        "3.推进园区建设。（牵头单位：县经信局）\n"
    )
    assert [(s.no, s.title) for s in notice.sections] == [("一", "2025年主要预期目标"), ("二", "7个方面重点工作")]
    assert [(t.section, t.no) for t in notice.tasks] == [("一", "1"), ("一", "2"), ("二", "3")]
    assert not [w for w in notice.warnings if w.code == "numbering_gap"]


def test_a_page_that_arrives_as_one_line_is_lined_again(parse_text, rules):
    """Metadata, cover, signature, plan title and every task run together with spaces."""
    text = (
        "索引号: | 0001/2026-001 | 成文日期: | 2026-03-02 |\n"
        "各乡镇人民政府，县政府各部门： 《2026年重点工作责任分解》已经县政府同意，现印发给你们，请认真贯彻执行。"
        " 青川县人民政府办公室 2026年3月2日 (此件公开发布) 2026年重点工作责任分解 一、李明县长牵头重点工作"
        " 1.地区生产总值增长6%左右；一般公共预算收入增长5%。 责任单位：县发改局（首位单位为牵头单位，下同）、县财政局"
        " 2.深化财政体制改革，压减一般性支出。 责任单位：县财政局、县审计局"
        " 二、王强副县长牵头重点工作 3.推进园区提档升级，新建标准厂房5万平方米。 责任单位：县经信局"
    )
    doc = normalize(raw_document(text), rules)
    lines = doc.text.split("\n")
    assert "一、李明县长牵头重点工作" in lines
    assert "责任单位：县财政局、县审计局" in lines
    notice = parse_text(text)
    assert [(t.section, t.no, [u.surface for u in t.units if u.role == "lead"]) for t in notice.tasks] == [
        ("一", "1", ["县发改局"]), ("一", "2", ["县财政局"]), ("二", "3", ["县经信局"]),
    ]
    # Provenance still points into the original line.
    task = notice.tasks[2]
    assert text[doc.raw_offset(task.span[0]):].startswith("3.推进园区")


def test_a_duty_list_by_department(parse_text):
    """`三、工作职责` then `1.区发展改革委：负责…`: each item's lead is the department it names."""
    notice = parse_text(
        "临川区2025年营商环境优化工作方案\n"
        "一、工作目标\n到年底，营商环境便利度明显提升。\n"
        "二、工作职责\n"
        "1.区发展改革委：负责营商环境评价的统筹协调，牵头推进信用体系建设。\n"
        "2.区市场监管局：负责市场主体登记便利化改革，年内压缩开办时间至1个工作日。\n"
        "3.各街道：负责辖区内企业服务工作。\n"
    )
    assert [(t.no, [(u.role, u.surface) for u in t.units], t.catch_all) for t in notice.tasks] == [
        ("1", [("lead", "区发展改革委")], ()),
        ("2", [("lead", "区市场监管局")], ()),
        ("3", [], ("各街道",)),
    ]
    assert notice.tasks[0].title == "区发展改革委：负责营商环境评价的统筹协调，牵头推进信用体系建设"
    assert not [w for w in notice.warnings if w.code == "no_clause"]


def test_points_inside_a_task_that_carries_the_clause(parse_text):
    """`（一）` carries the clause and `1.`, `2.` below it are only points of its text."""
    notice = parse_text(
        "临川县2025年重点工作\n一、稳定增长\n"
        "（一）扩大有效投资。具体包括：\n1.推进重点项目建设；\n2.加快专项债券发行使用。\n"
        "（责任单位：县发改局，县财政局）\n"
        "（二）促进消费升级。\n1.举办促消费活动；\n2.发放消费券。\n（责任单位：县商务局，县财政局）\n"
        "二、保障民生\n（三）稳定就业。（责任单位：县人社局）\n"
    )
    assert [(t.section, t.no, [u.surface for u in t.units if u.role == "lead"]) for t in notice.tasks] == [
        ("一", "1", ["县发改局"]), ("一", "2", ["县商务局"]), ("二", "3", ["县人社局"]),
    ]
    assert "加快专项债券发行使用" in notice.tasks[0].text


def test_a_clause_carrying_heading_without_items_beside_three_level_tasks(parse_text):
    """Tasks at `1.` under `（一）`, and a `（二）` that has no items but its own clause: kept."""
    notice = parse_text(
        "临川县2025年重点工作\n一、稳定增长\n"
        "（一）扩大有效投资\n1.推进重点项目建设。（责任单位：县发改局）\n2.加快专项债券发行。（责任单位：县财政局）\n"
        "（二）促进消费升级。（责任单位：县商务局）\n"
    )
    keys = [(t.section, t.subsection, t.no) for t in notice.tasks]
    assert keys[:2] == [("一", "1", "1"), ("一", "1", "2")]
    assert len(keys) == 3 and [u.surface for u in notice.tasks[2].units] == ["县商务局"]


def test_items_with_clauses_of_their_own_stay_tasks_in_a_cut_excerpt(parse_text):
    """An excerpt cut before the last item's clause: the items before it carry their own, so
    the items are the tasks (not points of the `（一）` above them)."""
    notice = parse_text(
        "2026年区政府工作报告重点工作任务责任分解方案\n"
        "一、2026年主要预期目标\n1.地区生产总值增长6%以上。(责任领导:周明;牵头单位:区发改局)\n"
        "二、主要工作安排\n（一）做强增长引擎\n加强基础设施建设\n"
        "2.启动环城公路建设。(责任领导:周明;牵头单位:区交通运输局)\n3.推进老旧小区改造"
    )
    assert [(t.section, t.subsection, t.no) for t in notice.tasks] == [("一", None, "1"), ("二", "1", "2"), ("二", "1", "3")]


def test_task_numbers_closed_by_a_full_stop(parse_text):
    """`1。在…` / `2。按照…`: a number closed by `。` (as some portals print it) numbers a task."""
    notice = parse_text(
        "关于落实2026年政府工作报告重点工作的任务分工\n"
        "1。完成年度城镇新增就业目标任务。(市人社局负责,年内持续推进)\n"
        "2。稳定粮食生产，粮食产量保持在45亿斤以上。(市农业农村委负责)\n"
    )
    assert [(t.no, [u.surface for u in t.units]) for t in notice.tasks] == [("1", ["市人社局"]), ("2", ["市农业农村委"])]


def test_sections_are_the_tasks_where_nothing_below_them_is_numbered(parse_text):
    """`一、推进重大项目建设` with paragraphs and a clause below it, and no numbered items: each
    section is a task (its number is the section's)."""
    notice = parse_text(
        "某某省关于稳增长的若干措施\n各州、市人民政府：\n"
        "一、推进重大项目建设\n建立重点项目联系制度，全年推进重点项目20个。(省发展改革委、财政厅牵头;各州、市人民政府配合)\n"
        "二、加强城市基础设施投入\n省财政筹措3亿元资金支持城市基础设施建设。(省住房城乡建设厅负责)\n"
    )
    assert [(t.section, t.no, [u.surface for u in t.units if u.role == "lead"]) for t in notice.tasks] == [
        ("一", "1", ["省发展改革委", "财政厅"]), ("二", "2", ["省住房城乡建设厅"]),
    ]
    assert [s.no for s in notice.sections] == ["一", "二"]


def test_subsection_tasks_each_followed_by_a_lone_role_line_in_ascii(parse_text):
    """`(一)` tasks directly under `一、`, each followed by a lone `责任单位:` line, ASCII punctuation."""
    notice = parse_text(
        "临川县2020年法治政府建设工作要点\n一、依法全面履行政府职能\n"
        "(一)深化行政审批制度改革。全面推行证明事项告知承诺制。\n"
        "责任单位:县政府办、县司法局、各有关部门,乡镇人民政府按职责分工分别负责\n"
        "(二)加强市场监管。推进\"双随机、一公开\"监管全覆盖。\n"
        "责任单位:县市场监管局\n"
    )
    assert [(t.section, t.no) for t in notice.tasks] == [("一", "1"), ("一", "2")]
    assert [u.surface for u in notice.tasks[1].units if u.role == "lead"] == ["县市场监管局"]


def test_an_attachment_list_in_the_cover_then_the_plan_with_mixed_brackets(parse_text):
    """`附件:1.… 2.…` in the cover is no task; the plan after `附件1` has `一、`/`(一)` tasks whose
    clauses switch between `[…]` and `(…)` with ASCII `:` `;` `,`."""
    notice = parse_text(
        "临川县人民政府办公室关于对2021年重点工作进行责任分解的通知\n"
        "各镇人民政府,县政府各部门:\n现将重点工作责任分解给你们,请抓好落实。\n"
        "附件:1.县政府工作报告确定的2021年重点工作责任分解\n2.市政府工作报告涉及我县的重点事项责任分解\n"
        "2021年5月12日\n(此件公开发布)\n附件1\n县政府工作报告确定的2021年重点工作责任分解\n"
        "一、2021年经济社会发展主要目标\n"
        "(一)地区生产总值增长11%。[牵头单位:县发改局;责任单位:各镇人民政府,临川经济开发区]\n"
        "(二)地方公共预算收入增长8%。(牵头单位:县财政局;责任单位:县税务局,各镇人民政府)\n"
    )
    assert [(t.section, t.no, [u.surface for u in t.units if u.role == "lead"]) for t in notice.tasks] == [
        ("一", "1", ["县发改局"]), ("一", "2", ["县财政局"]),
    ]
    assert [s.no for s in notice.sections] == ["一"]


def test_regulation_chapters_and_articles(parse_text):
    """A 规定 or 办法 numbers its parts `第一章  总  则` and `第N条  …`: the chapters are the
    sections and the articles the tasks, numbered through the whole text."""
    notice = parse_text(
        "青石县进一步优化营商环境的若干规定\n\n第一章  总  则\n\n"
        "第一条  为提升行政效能，结合我县实际，制定本规定。\n\n"
        "第二章  推进政务服务改革\n\n"
        "第二条  推进“一件事”一窗办。设立综合受理窗口。(牵头责任单位:县政务服务中心;责任单位:各相关单位)\n\n"
        "第三条  推进网上办。2025年实现90%事项网上办。(牵头责任单位:县政务服务中心;责任单位:各相关单位)\n\n"
        "第十一条  推行帮办代办。(牵头责任单位:县发改局)\n"
    )
    assert [s.title for s in notice.sections] == ["总则", "推进政务服务改革"]
    assert [(t.section, t.no) for t in notice.tasks] == [("一", "1"), ("二", "2"), ("二", "3"), ("二", "11")]
    assert [u.surface for u in notice.tasks[1].units if u.role == "lead"] == ["县政务服务中心"]
    assert notice.tasks[1].title.startswith("推进“一件事”一窗办")


def test_subsection_headings_that_name_the_lead_unit(parse_text):
    """`一、X省长负责的工作` / `（一）省审计厅牵头的工作`: the unit a subsection heading names leads the
    tasks under it, whether the `（N）` is the task itself (its text unnumbered below it) or holds
    `1.` items; a `协同单位:` line adds the co units."""
    notice = parse_text(
        "一、周明省长负责的工作\n全面负责省人民政府工作任务的落实。\n"
        "(一)省审计厅牵头的工作\n全面加强审计工作。\n协同单位:省直各部门和各市人民政府。\n"
        "(二)省编办牵头的工作\n1.深化行政管理体制改革。\n2.推进乡镇机构改革。\n协同单位:省财政厅、省人事厅。\n"
    )
    assert [(t.section, t.subsection, t.no, leads(t)) for t in notice.tasks] == [
        ("一", None, "1", ["省审计厅"]), ("一", "2", "1", ["省编办"]), ("一", "2", "2", ["省编办"]),
    ]
    assert notice.tasks[0].leaders == ("周明",)


def test_items_that_a_copy_ran_onto_the_clause_before_them(parse_text):
    """`…(省发改委负责)(二)公共财政收入…`: the next item starts where the clause before it closes."""
    notice = parse_text(
        "一、主要目标\n(一)地区生产总值增长8%左右。(省发改委负责)(二)公共财政收入增长9%。(省财政厅主办,省税务局协办)\n"
        "二、重点工作\n(一)推进产业项目建设。\n1.抓好重大项目。(省发改委负责)2.抓好产业园区。(省工信厅负责)\n"
    )
    assert [(t.section, t.subsection, t.no, leads(t)) for t in notice.tasks] == [
        ("一", None, "1", ["省发改委"]), ("一", None, "2", ["省财政厅"]),
        ("二", "1", "1", ["省发改委"]), ("二", "1", "2", ["省工信厅"]),
    ]


@pytest.mark.parametrize("marks", [
    pytest.param(("（1）", "（2）", "（1）"), id="parenthesized"),
    pytest.param(("(1)", "(2)", "(1)"), id="ascii-parenthesized"),
    pytest.param(("1）", "2）", "1）"), id="closing-bracket-only"),
    pytest.param(("①", "②", "①"), id="circled"),
])
def test_tasks_numbered_by_other_marks_under_sections(parse_text, marks):
    """A plan whose tasks under `一、` are numbered `（1）`, `1）` or `①`: each is a task."""
    first, second, third = marks
    notice = parse_text(
        f"一、优化营商环境\n{first}深化“放管服”改革。（责任单位：县行政审批局，县发改局）\n"
        f"{second}加强信用体系建设。（责任单位：县发改局）\n"
        f"二、加强法治建设\n{third}推进严格规范执法。（责任单位：县司法局）\n"
    )
    assert [(t.section, t.no, leads(t)) for t in notice.tasks] == [
        ("一", "1", ["县行政审批局"]), ("一", "2", ["县发改局"]), ("二", "1", ["县司法局"]),
    ]


def test_points_inside_numbered_tasks_stay_their_text(parse_text):
    """`1.` tasks with `（1）` points inside them: the points are the task's text."""
    notice = parse_text(
        "一、优化营商环境\n1.深化“放管服”改革。\n（1）推行告知承诺制。\n（2）压缩办理时限。（责任单位：县行政审批局）\n"
        "2.加强信用体系建设。（责任单位：县发改局）\n"
    )
    assert [(t.no, leads(t)) for t in notice.tasks] == [("1", ["县行政审批局"]), ("2", ["县发改局"])]
    assert "压缩办理时限" in notice.tasks[0].text


def test_unnumbered_paragraphs_with_clauses_are_tasks_in_order(parse_text):
    """A notice whose work items carry no numbers (`一是…`, plain paragraphs) but each ends in a
    clause or is followed by role lines: each such paragraph is a task, numbered in order, and a
    warning says the numbering was not printed."""
    notice = parse_text(
        "关于做好2024年安全生产工作的通知\n各乡镇人民政府：\n"
        "今年要重点做好以下工作：一是强化隐患排查整治。（责任单位：县应急局，各乡镇）\n"
        "二是深化道路交通安全整治。（责任单位：县公安局，县交通局）\n"
        "加强消防安全宣传。\n责任单位：县消防救援大队\n"
        "请各单位认真贯彻落实。\n"
    )
    assert [(t.section, t.no, leads(t)) for t in notice.tasks] == [
        (None, "1", ["县应急局"]), (None, "2", ["县公安局"]), (None, "3", ["县消防救援大队"]),
    ]
    assert "unnumbered_tasks" in [w.code for w in notice.warnings]
    assert "no_tasks" not in [w.code for w in notice.warnings]


def test_points_that_carry_the_clauses_are_the_tasks(parse_text):
    """`一、` / `1.专项整改问题` / `(1)…。(牵头单位:…;责任单位:…)`: the points carry the clauses and the
    items do not, so the points are the tasks and the items the level above them."""
    notice = parse_text(
        "一、整改内容\n1.专项整改问题\n(1)脱贫人口指标安排不实。(牵头单位:扶贫办;责任单位:各村支部)\n"
        "整改措施:科学确定脱贫人口指标。\n(2)住房安全问题整改不到位。(牵头单位:村建所;责任单位:各村支部)\n"
        "2.其他问题\n(1)档案资料不规范。(牵头单位:党政办)\n"
    )
    assert [(t.section, t.subsection, t.no, leads(t)) for t in notice.tasks] == [
        ("一", "1", "1", ["扶贫办"]), ("一", "1", "2", ["村建所"]), ("一", "2", "1", ["党政办"]),
    ]


def test_a_section_heading_whose_own_clause_names_the_lead(parse_text):
    """`一、强化科技创新(区科技局牵头)` then `(一)…` items with no clause of their own: the unit leads them."""
    notice = parse_text(
        "一、强化科技创新(区科技局牵头)\n(一)支持企业研发。对研发投入增长的企业给予奖励。\n"
        "(二)培育创新平台。对新认定的平台给予补助。\n"
        "二、扩大有效投资\n(一)加快项目建设。(区发改局牵头)\n"
        "三、改善人居环境(区农业农村局、区城管局牵头)\n(一)推进垃圾分类。\n"
    )
    assert [(t.section, t.no, leads(t)) for t in notice.tasks] == [
        ("一", "1", ["区科技局"]), ("一", "2", ["区科技局"]), ("二", "1", ["区发改局"]),
        ("三", "1", ["区农业农村局", "区城管局"]),
    ]


def test_a_record_printed_label_then_value(parse_text):
    """`具体任务` / text / `责任单位` / `卫健局、文旅局` / `配合单位` / `各乡镇` / `完成时限` / …: one task
    printed as a record, each label on its own line and its value on the next."""
    notice = parse_text(
        "具体任务\n全面完成老年人群疫苗接种，守好疫情防线。\n责任单位\n卫健局、文旅局\n配合单位\n各乡镇\n"
        "完成时限\n12月底前\n"
    )
    assert [(leads(t), list(t.catch_all), t.deadline.text) for t in notice.tasks] == [
        (["卫健局", "文旅局"], ["各乡镇"], "12月底前"),
    ]
