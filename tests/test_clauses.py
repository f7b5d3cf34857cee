"""Responsibility clauses: parse_roles, clause_at_end, split_names.

One case per layout of docs/format.md "Units" and corpus/README.md "Units". Names
stay as printed at this stage (canonical names are test_units.py's business).
"""

from __future__ import annotations

import pytest

from pipeline.clauses import clause_at_end, parse_roles, split_names

def roles_dict(roles) -> dict:
    """The facts a clause states, without empty entries, for compact expectations."""
    facts = {
        "lead": roles.lead,
        "co": roles.co,
        "catch_all": roles.catch_all,
        "leaders": roles.leaders,
        "deadline": roles.deadline,
        "carry_forward": roles.carry_forward,
        "carry_scope": roles.carry_scope,
        "unparsed": roles.unparsed,
    }
    return {key: value for key, value in facts.items() if value not in (None, [])}


@pytest.mark.parametrize(
    "contents, expected",
    [
        pytest.param(
            ["责任单位：县司法局，县发改局、县财政局等县级相关部门（单位）"],
            {"lead": ["县司法局"], "co": ["县发改局", "县财政局"], "catch_all": ["等县级相关部门（单位）"]},
            id="responsible-lead-comma-co-and-catch-all",
        ),
        pytest.param(
            ["责任单位：县政府办，县司法局"],
            {"lead": ["县政府办"], "co": ["县司法局"]},
            id="responsible-lead-comma-co",
        ),
        pytest.param(
            ["责任单位：县生态环境分局、县住建局"],
            {"lead": ["县生态环境分局", "县住建局"]},
            id="responsible-without-comma-all-lead",
        ),
        pytest.param(
            ["牵头单位：县应急局", "配合单位：县交通局、县住建局"],
            {"lead": ["县应急局"], "co": ["县交通局", "县住建局"]},
            id="lead-and-co-lines",
        ),
        pytest.param(
            ["牵头单位：县应急局、县交通局", "配合单位：县公安局"],
            {"lead": ["县应急局", "县交通局"], "co": ["县公安局"]},
            id="two-lead-units-on-a-line",
        ),
        pytest.param(
            ["市住建局牵头，市资规局、市城管局配合"],
            {"lead": ["市住建局"], "co": ["市资规局", "市城管局"]},
            id="marked-lead-and-co",
        ),
        pytest.param(
            ["市住建局、市发改委牵头，市财政局配合"],
            {"lead": ["市住建局", "市发改委"], "co": ["市财政局"]},
            id="two-marked-lead",
        ),
        pytest.param(["县行政审批局负责"], {"lead": ["县行政审批局"]}, id="responsible-verb"),
        pytest.param(
            ["由县发改局牵头，县财政局配合"],
            {"lead": ["县发改局"], "co": ["县财政局"]},
            id="marked-lead-after-you",
        ),
        pytest.param(
            ["县人社局、县财政局按职责分工负责"],
            {"lead": ["县人社局", "县财政局"]},
            id="by-duty-all-lead",
        ),
        pytest.param(
            ["各有关部门按职责分工负责"],
            {"catch_all": ["各有关部门"]},
            id="by-duty-collective-only",
        ),
        pytest.param(
            ["县发改局（牵头）、县财政局、县统计局"],
            {"lead": ["县发改局"], "co": ["县财政局", "县统计局"]},
            id="paren-lead-first",
        ),
        pytest.param(
            ["县财政局、县发改局（牵头）、县统计局"],
            {"lead": ["县发改局"], "co": ["县财政局", "县统计局"]},
            id="paren-lead-in-the-middle",
        ),
        pytest.param(
            ["责任单位：县财政局、县统计局、县发改局（牵头）"],
            {"lead": ["县发改局"], "co": ["县财政局", "县统计局"]},
            id="paren-lead-last-in-responsible-list",
        ),
        pytest.param(
            ["责任单位：县发改局牵头，县财政局配合"],
            {"lead": ["县发改局"], "co": ["县财政局"]},
            id="responsible-label-with-marked-roles",
        ),
        pytest.param(
            ["责任单位：县司法局；协办单位：县财政局"],
            {"lead": ["县司法局"], "co": ["县财政局"]},
            id="responsible-and-assisting",
        ),
        pytest.param(
            ["牵头单位：区数据局，责任单位：区财政局、区统计局"],
            {"lead": ["区数据局"], "co": ["区财政局", "区统计局"]},
            id="responsible-beside-lead-label-is-co",
        ),
        pytest.param(
            ["牵头单位：区数据局；责任单位：区财政局，区统计局"],
            {"lead": ["区数据局"], "co": ["区财政局", "区统计局"]},
            id="responsible-with-comma-beside-lead-label-is-co",
        ),
        pytest.param(
            ["牵头单位：县城管局", "责任单位：县住建局、各乡镇"],
            {"lead": ["县城管局"], "co": ["县住建局"], "catch_all": ["各乡镇"]},
            id="responsible-line-beside-lead-line-is-co",
        ),
        pytest.param(
            ["县住建局牵头，县财政局配合，2024年6月底前完成"],
            {"lead": ["县住建局"], "co": ["县财政局"], "deadline": "2024年6月底前"},
            id="deadline-inside-clause",
        ),
        pytest.param(
            ["县住建局牵头，县财政局、各镇（街道）配合；长期坚持"],
            {"lead": ["县住建局"], "co": ["县财政局"], "catch_all": ["各镇（街道）"], "deadline": "长期坚持"},
            id="ongoing-after-semicolon",
        ),
        pytest.param(
            ["县城管局牵头，各乡镇配合，6月底完成"],
            {"lead": ["县城管局"], "catch_all": ["各乡镇"], "deadline": "6月底"},
            id="month-end-done",
        ),
        pytest.param(
            ["牵头单位：县应急局", "完成时限：年底前"],
            {"lead": ["县应急局"], "deadline": "年底前"},
            id="deadline-line",
        ),
        pytest.param(["完成时限：年底前"], {"deadline": "年底前"}, id="deadline-line-alone"),
        pytest.param(["完成时限：2024年6月底前完成"], {"deadline": "2024年6月底前"}, id="deadline-line-done-removed"),
        pytest.param(["县发改局牵头，县财政局配合；持续推进"], {"lead": ["县发改局"], "co": ["县财政局"],
                     "deadline": "持续推进"}, id="ongoing-continue"),
        pytest.param(
            ["牵头单位：县人社局；配合单位：县财政局、县妇联；完成时限：2024年10月底前"],
            {"lead": ["县人社局"], "co": ["县财政局", "县妇联"], "deadline": "2024年10月底前"},
            id="inline-labels-with-deadline",
        ),
        pytest.param(
            ["责任领导：张三、李四", "牵头单位：县商务局"],
            {"leaders": ["张三", "李四"], "lead": ["县商务局"]},
            id="leaders-are-not-units",
        ),
        pytest.param(
            ["牵头县领导：张三", "牵头单位：县商务局"],
            {"leaders": ["张三"], "lead": ["县商务局"]},
            id="county-leader-label",
        ),
        pytest.param(
            ["责任单位：各乡镇，县行政审批局"],
            {"co": ["县行政审批局"], "catch_all": ["各乡镇"]},
            id="collective-in-lead-position",
        ),
        pytest.param(
            ["县教育局牵头，各镇（街道）、县财政局配合"],
            {"lead": ["县教育局"], "co": ["县财政局"], "catch_all": ["各镇（街道）"]},
            id="nested-parentheses",
        ),
        pytest.param(
            ["牵头单位：县商务局", "配合单位：—"],
            {"lead": ["县商务局"]},
            id="dash-means-none",
        ),
        pytest.param(
            ["责任单位：县司法局，县财政局、县直各有关部门"],
            {"lead": ["县司法局"], "co": ["县财政局"], "catch_all": ["县直各有关部门"]},
            id="collective-after-comma",
        ),
    ],
)
def test_parse_roles(rules, contents, expected):
    assert roles_dict(parse_roles(contents, rules)) == expected


@pytest.mark.parametrize(
    "contents, expected",
    [
        pytest.param(
            ["责任单位：县发改局、县财政局、县统计局。"],
            {"lead": ["县发改局"], "co": ["县财政局", "县统计局"]},
            id="first-unit-leads",
        ),
        pytest.param(
            ["责任单位：县住建局、县财政局、各乡镇（街道）。"],
            {"lead": ["县住建局"], "co": ["县财政局"], "catch_all": ["各乡镇（街道）"]},
            id="first-unit-leads-collective-last",
        ),
        pytest.param(
            ["责任单位：县卫健局。"],
            {"lead": ["县卫健局"]},
            id="single-unit",
        ),
    ],
)
def test_parse_roles_first_is_lead(rules, contents, expected):
    assert roles_dict(parse_roles(contents, rules, first_is_lead=True)) == expected


@pytest.mark.parametrize(
    "contents, carry, scope",
    [
        pytest.param(
            ["责任单位：县行政审批局，县发改局等县级相关部门（单位）、各镇（街道）、青禾经开区；"
             "以下均需各镇（街道）、青禾经开区落实，不再列出"],
            ["各镇（街道）", "青禾经开区"],
            "document",
            id="document",
        ),
        pytest.param(
            ["责任单位：县卫健局，县医保局、各乡镇；以下各项任务均需各乡镇落实，不再一一列出"],
            ["各乡镇"],
            "document",
            id="document-second-wording",
        ),
        pytest.param(
            ["责任单位：县教育局，县财政局、各乡镇；本部分以下均需各乡镇落实，不再列出"],
            ["各乡镇"],
            "section",
            id="section",
        ),
    ],
)
def test_parse_roles_carry_forward(rules, contents, carry, scope):
    roles = parse_roles(contents, rules)
    assert roles.carry_forward == carry
    assert roles.carry_scope == scope
    assert roles.unparsed == []


def test_carry_forward_task_lists_the_units_itself(rules):
    # corpus/README: the stating task lists those units in its own clause (named units as co,
    # collectives as catch_all).
    roles = parse_roles(
        ["责任单位：县行政审批局，县发改局等县级相关部门（单位）、各镇（街道）、青禾经开区；"
         "以下均需各镇（街道）、青禾经开区落实，不再列出"],
        rules,
    )
    assert roles.lead == ["县行政审批局"]
    assert roles.co == ["县发改局", "青禾经开区"]
    assert roles.catch_all == ["等县级相关部门（单位）", "各镇（街道）"]


# --- clause_at_end --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, opener",
    [
        pytest.param("加强执法监督，规范执法行为。〔责任单位：县司法局，县政府办〕", "〔", id="hexagonal"),
        pytest.param("推进城市更新，改造老旧小区。（市住建局牵头，市资规局配合；长期坚持）。", "（", id="paren-then-period"),
        pytest.param("推进城市更新。（市住建局牵头，市资规局配合）", "（", id="paren"),
        pytest.param("提升办事效率。（县行政审批局负责）", "（", id="responsible-verb"),
        pytest.param("巩固脱贫成果。【责任单位：县农业农村局，县财政局】", "【", id="lenticular"),
        pytest.param("推行一网通办。［责任单位：各乡镇，县行政审批局］", "［", id="square"),
        pytest.param("完善公共服务。（县教育局牵头，各镇（街道）配合）", "（", id="nested-parentheses"),
    ],
)
def test_clause_at_end_finds_the_opening_bracket(rules, line, opener):
    at = clause_at_end(line, rules)
    assert at is not None
    assert line[at] == opener
    assert line[:at].endswith("。")


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("大力实施提升行政执法质量三年行动计划（2023—2025年）", id="plan-period"),
        pytest.param("加强执法监督，规范执法行为。", id="no-bracket"),
        pytest.param("严格执行《青禾县行政执法公示办法》", id="book-title"),
        pytest.param("推进镇（街道）综合行政执法规范化建设（试点）", id="plain-note"),
    ],
)
def test_clause_at_end_none(rules, line):
    assert clause_at_end(line, rules) is None


# --- split_names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param("县发改局、县市场监管局等县级相关部门（单位）",
                     ["县发改局", "县市场监管局", "等县级相关部门（单位）"], id="trailing-collective"),
        pytest.param("各镇（街道）、青禾经开区", ["各镇（街道）", "青禾经开区"], id="nested-parentheses"),
        pytest.param("县财政局，县统计局", ["县财政局", "县统计局"], id="comma"),
        pytest.param("—", [], id="dash"),
        pytest.param("县住建局。", ["县住建局"], id="trailing-period"),
        pytest.param("省工业和信息化厅、省商务厅等", ["省工业和信息化厅", "省商务厅"], id="list-closed-by-等"),
        pytest.param("市交通运输局，各区、县级市", ["市交通运输局", "各区、县级市"], id="各区、县级市"),
        pytest.param("省发改委、铁路办，相关市、县人民政府", ["省发改委", "铁路办", "相关市、县人民政府"],
                     id="相关市、县人民政府"),
        pytest.param("各乡镇、县直各部门", ["各乡镇", "县直各部门"], id="two-collectives"),
    ],
)
def test_split_names(rules, value, expected):
    assert split_names(value, rules) == expected


# --- end to end: a task's units through parse -----------------------------------------------------
# docs/format.md "Units": canonical names, roles, catch_all as printed (whitespace removed, ASCII
# parentheses folded), inherited units by the scope the carry-forward rule states.

TITLE = "青禾县2024年优化营商环境工作要点\n为持续优化营商环境，结合我县实际，制定本要点。\n"


def units_of(task) -> list[tuple[str, str, str]]:
    return [(u.role, u.name, u.surface) for u in task.units]


def test_catch_all_with_ascii_parentheses_is_folded(parse_text):
    notice = parse_text(TITLE + (
        "一、深化改革\n"
        "1.推进简政放权。梳理事项。〔责任单位:县发改局,县财政局等县级相关部门(单位)〕\n"
    ))
    task = notice.tasks[0]
    assert units_of(task) == [("lead", "县发展和改革局", "县发改局"), ("co", "县财政局", "县财政局")]
    assert task.catch_all == ("等县级相关部门（单位）",)


CARRY_DOCUMENT = TITLE + (
    "一、深化改革\n"
    "1.推进简政放权。梳理事项。〔责任单位：县行政审批局，县发改局等县级相关部门（单位）、各镇（街道）、青禾经开区；"
    "以下均需各镇（街道）、青禾经开区落实，不再列出〕\n"
    "2.优化审批流程。压缩时限。〔责任单位：县司法局，县市场监管局〕\n"
    "二、加强监管\n"
    "3.推行双随机抽查。完善机制。〔责任单位：县市场监督管理局〕\n"
)


def test_carry_forward_document_scope(parse_text):
    tasks = parse_text(CARRY_DOCUMENT).tasks
    assert units_of(tasks[0]) == [
        ("lead", "县行政审批局", "县行政审批局"),
        ("co", "县发展和改革局", "县发改局"),
        # No fuller spelling in the notice: 经开区 -> 经济开发区管理委员会 (corpus README table).
        ("co", "青禾经济开发区管理委员会", "青禾经开区"),
    ]
    assert tasks[0].catch_all == ("等县级相关部门（单位）", "各镇（街道）")
    inherited = [("inherited", "各镇（街道）", "各镇（街道）"), ("inherited", "青禾经济开发区管理委员会", "青禾经开区")]
    assert units_of(tasks[1]) == [
        ("lead", "县司法局", "县司法局"), ("co", "县市场监督管理局", "县市场监管局"),
    ] + inherited
    assert units_of(tasks[2]) == [("lead", "县市场监督管理局", "县市场监督管理局")] + inherited


def test_carry_forward_section_scope(parse_text):
    tasks = parse_text(TITLE + (
        "一、深化改革\n"
        "1.推进简政放权。梳理事项。〔责任单位：县教育局，县财政局、各乡镇；本部分以下均需各乡镇落实，不再列出〕\n"
        "2.优化审批流程。压缩时限。〔责任单位：县司法局〕\n"
        "二、加强监管\n"
        "3.推行双随机抽查。完善机制。〔责任单位：县住建局〕\n"
    )).tasks
    assert [u for u in units_of(tasks[0]) if u[0] == "inherited"] == []
    assert [u for u in units_of(tasks[1]) if u[0] == "inherited"] == [("inherited", "各乡镇", "各乡镇")]
    assert [u for u in units_of(tasks[2]) if u[0] == "inherited"] == []


def test_carry_forward_in_the_preamble_reaches_every_task(parse_text):
    tasks = parse_text(
        "青禾县2024年优化营商环境工作要点\n"
        "为持续优化营商环境，制定本要点。以下各项任务均需各乡镇落实，不再一一列出。\n"
        "一、深化改革\n"
        "1.推进简政放权。梳理事项。（县发改局负责）\n"
        "2.优化审批流程。压缩时限。（县司法局负责）\n"
    ).tasks
    for task in tasks:
        assert [u for u in units_of(task) if u[0] == "inherited"] == [("inherited", "各乡镇", "各乡镇")]


def test_prefix_dropped_in_a_list_is_restored(parse_text):
    task = parse_text(TITLE + (
        "一、深化改革\n"
        "1.推进简政放权。梳理事项。〔责任单位：县政府办，县财政局、人社局〕\n"
    )).tasks[0]
    assert units_of(task) == [
        ("lead", "县人民政府办公室", "县政府办"),
        ("co", "县财政局", "县财政局"),
        ("co", "县人力资源和社会保障局", "人社局"),
    ]


def test_stated_first_is_lead_rule(parse_text):
    task = parse_text(
        "青禾县2025年政府工作报告重点工作责任分解\n"
        "各责任单位（首位单位为牵头单位，下同）要细化措施，抓好落实。\n"
        "一、稳定经济增长\n"
        "1.扩大有效投资。实施重点项目。\n"
        "责任单位：县发改局、县财政局、各乡镇（街道）。\n"
    ).tasks[0]
    assert units_of(task) == [("lead", "县发展和改革局", "县发改局"), ("co", "县财政局", "县财政局")]
    assert task.catch_all == ("各乡镇（街道）",)


def test_leaders_from_the_section_heading(parse_text):
    notice = parse_text(
        "青禾县2025年政府工作报告重点工作责任分解\n"
        "一、县长（张三）牵头重点工作\n"
        "1.扩大有效投资。实施重点项目。\n"
        "责任单位：县发改局。\n"
        "二、副县长（李四、王五）牵头重点工作\n"
        "1.推进城市更新。改造老旧小区。\n"
        "责任单位：县住建局。\n"
    )
    assert [s.title for s in notice.sections] == ["县长（张三）牵头重点工作", "副县长（李四、王五）牵头重点工作"]
    assert [t.leaders for t in notice.tasks] == [("张三",), ("李四", "王五")]
    assert [units_of(t) for t in notice.tasks] == [
        [("lead", "县发展和改革局", "县发改局")], [("lead", "县住房和城乡建设局", "县住建局")],
    ]


def test_unknown_unit_is_kept_and_warned(parse_text):
    notice = parse_text(TITLE + "一、深化改革\n1.推进简政放权。梳理事项。（县某某某中心办负责）\n")
    assert units_of(notice.tasks[0]) == [("lead", "县某某某中心办", "县某某某中心办")]
    assert [(w.code, w.task) for w in notice.warnings if w.code == "unknown_unit"] == [("unknown_unit", "t:1")]


TRADITIONAL = (
    "青禾縣2022年穩就業保民生工作要點\n"
    "為全力穩就業保民生，結合我縣實際，制定本要點。\n"
    "一、穩定就業崗位\n"
    "（一）加強就業服務。開展招聘活動。（縣人社局牽頭，縣財政局、各鄉鎮配合）\n"
    "（二）落實社保政策。擴大參保覆蓋面。（縣人社局、縣醫保局按職責分工負責）\n"
)


def test_traditional_script_units(parse_text):
    notice = parse_text(TRADITIONAL)
    assert notice.doc.jurisdiction == "青禾县"
    first, second = notice.tasks
    assert units_of(first) == [
        ("lead", "县人力资源和社会保障局", "縣人社局"), ("co", "县财政局", "縣財政局"),
    ]
    assert first.catch_all == ("各鄉鎮",)
    assert units_of(second) == [
        ("lead", "县人力资源和社会保障局", "縣人社局"), ("lead", "县医疗保障局", "縣醫保局"),
    ]
    assert first.title == "加強就業服務"


def test_zone_names_follow_the_recipients_spelling(parse_text):
    # The recipients name the zone with 管委会, so every spelling of it in the clauses is that body.
    notice = parse_text(
        "青府办发〔2024〕5号\n"
        "青禾县人民政府办公室关于印发青禾县2024年优化营商环境工作要点的通知\n"
        "各乡镇人民政府，青禾经济开发区管委会，县直各部门：\n"
        "现印发给你们，请认真贯彻落实。\n"
        "青禾县人民政府办公室\n"
        "2024年3月1日\n"
        "青禾县2024年优化营商环境工作要点\n"
        "一、深化改革\n"
        "（一）推进简政放权。梳理事项。（青禾经开区牵头，县发改局配合）\n"
        "（二）优化审批。压缩时限。（青禾经济开发区管委会负责）\n"
        "（三）强化监管。完善机制。（县市场监管局牵头，青禾经济开发区配合）\n"
    )
    zone = "青禾经济开发区管理委员会"
    assert [[u.name for u in t.units if "青禾" in u.surface] for t in notice.tasks] == [[zone], [zone], [zone]]


@pytest.mark.parametrize("contents, lead, co", [
    pytest.param(["牵头单位：县发改局 责任单位：县财政局、县统计局"], ["县发改局"], ["县财政局", "县统计局"],
                 id="labels-separated-by-a-space"),
    pytest.param(["【牵头单位】县发改局【配合单位】县财政局"], ["县发改局"], ["县财政局"], id="labels-in-brackets"),
    pytest.param(["牵头责任单位：县发改局；协同责任单位：县财政局"], ["县发改局"], ["县财政局"],
                 id="longer-label-not-cut-inside"),
])
def test_labels_without_separators(rules, contents, lead, co):
    roles = parse_roles(contents, rules)
    assert (roles.lead, roles.co) == (lead, co)


def test_bracketed_label_line_after_the_last_sentence(parse_text):
    notice = parse_text("青禾县2024年工作要点\n一、重点任务\n1.加强监督。严格执行。【责任单位】县审计局，县财政局\n")
    task = notice.tasks[0]
    assert [u.name for u in task.units if u.role == "lead"] == ["县审计局"]
    assert [u.name for u in task.units if u.role == "co"] == ["县财政局"]
    assert task.text == "加强监督。严格执行。"


def test_labelled_clause_inside_the_paragraph(parse_text):
    notice = parse_text(
        "青禾县2024年工作要点\n一、重点任务\n"
        "1.加强人居环境整治。（牵头单位：县农业农村局；配合单位：县住建局、各乡镇）推进厕所革命。\n"
    )
    task = notice.tasks[0]
    assert [u.name for u in task.units if u.role == "lead"] == ["县农业农村局"]
    assert [u.name for u in task.units if u.role == "co"] == ["县住房和城乡建设局"]
    assert task.catch_all == ("各乡镇",)
    assert task.text == "加强人居环境整治。推进厕所革命。"
    assert task.clause == "（牵头单位：县农业农村局；配合单位：县住建局、各乡镇）"


def test_brackets_that_only_mention_a_unit_stay_in_the_text(parse_text):
    notice = parse_text(
        "青禾县2024年工作要点\n一、重点任务\n"
        "1.加强监督。由县审计局（县审计中心）负责审计。（县审计局负责）\n"
    )
    assert notice.tasks[0].text == "加强监督。由县审计局（县审计中心）负责审计。"


def test_clause_right_after_the_title_ends_the_title(parse_text):
    notice = parse_text(
        "青禾县2024年工作要点\n一、重点任务\n"
        "1.发展乡村旅游（牵头单位：县文旅局；配合单位：各乡镇）打造精品村6个。\n"
    )
    task = notice.tasks[0]
    assert task.title == "发展乡村旅游"
    assert [u.name for u in task.units if u.role == "lead"] == ["县文化和旅游局"]


def test_carry_forward_stated_in_the_cover_covers_every_task(parse_text):
    notice = parse_text(
        "青禾区人民政府办公室关于印发青禾区2025年工作要点的通知\n各街道办事处：\n"
        "现将要点印发给你们。要点所列各项任务，各街道均须结合实际抓好落实，以下不再一一列出。\n"
        "青禾区2025年工作要点\n一、重点任务\n"
        "1.加强网格治理。完善机制。（区委政法委负责）\n2.推进数字治理。建设平台。\n"
    )
    assert [[u.name for u in t.units if u.role == "inherited"] for t in notice.tasks] == [["各街道"], ["各街道"]]


def test_a_squad_of_a_bureau_is_not_cut_into_two_units(rules):
    from pipeline.units import UnitContext

    assert rules.units.split_run_on("县公安局交警大队", UnitContext(jurisdiction="青石县", level="县")) is None


def _depths_char_by_char(text: str) -> list[int]:
    """The bracket depth after each character, the plain way: what _depths must agree with."""
    from pipeline.clauses import _CLOSE, _OPEN

    depth, depths = 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        depths.append(depth)
    return depths


@pytest.mark.parametrize("text", [
    "", "县财政局", "各镇（街道）、县财政局", "）〕A（（B）", "〔责任单位：县司法局，县政府办等县级相关部门（单位））]",
    "【牵头单位：A；配合单位：B、C（D）】", "((x)[y]", "］］（", "a（b〔c】d）e",
])
def test_depths_walk_brackets_only_but_agree_with_every_character(text):
    from pipeline.clauses import _depths

    assert _depths(text) == _depths_char_by_char(text)


def test_depths_agree_on_random_bracket_soup():
    import random

    from pipeline.clauses import _CLOSE, _OPEN, _depths

    alphabet = list(_OPEN) + list(_CLOSE) + list("县局，、")
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _depths(text) == _depths_char_by_char(text), text


@pytest.mark.parametrize(
    "name", ["相关街镇", "有关街镇", "各区、县级市", "相关市、县人民政府", "各县（市、区）人民政府"],
)
def test_collectives_by_their_shape(rules, name):
    assert rules.units.is_collective(name)


def test_province_level_names_take_the_province_prefix(parse_text):
    notice = parse_text(
        "某某省2024年重点工作分工方案\n一、稳增长\n"
        "1.推进铁路建设。（省发改委、铁路办，相关市、县人民政府负责）\n"
    )
    task = notice.tasks[0]
    assert [(u.role, u.name) for u in task.units] == [
        ("lead", "省发展和改革委员会"), ("lead", "铁路办"),  # unknown: no prefix is guessed
    ]
    assert task.catch_all == ("相关市、县人民政府",)


@pytest.mark.parametrize(
    "clause",
    [
        "（县发改局、县财政局、县统计局。列第一位者为牵头部门，其他有关部门按职责分工负责，下同）",
        "（县发改局、县财政局、县统计局，列第一位者为工作牵头单位或汇总单位，下同）",
        "（县发改局、县财政局、县统计局（列第一位的为牵头部门，下同））",
        "（县发改局、县财政局、县统计局（列第一位者为牵头或汇总单位，下同））",
        "（县发改局（第一责任单位为牵头单位，下同）、县财政局、县统计局）",
    ],
)
def test_the_first_is_lead_rule_in_other_words(parse_text, clause):
    notice = parse_text(
        "青禾县2025年重点工作分工\n一、稳定增长\n"
        f"1.扩大有效投资。实施重点项目。{clause}\n"
        "2.稳定工业生产。（县工信局、县电力公司）\n"
    )
    assert [[(u.role, u.surface) for u in t.units] for t in notice.tasks] == [
        [("lead", "县发改局"), ("co", "县财政局"), ("co", "县统计局")],
        [("lead", "县工信局"), ("co", "县电力公司")],
    ]
    assert not [w for w in notice.warnings if w.code == "clause_unparsed"]


@pytest.mark.parametrize(
    "clause, leads",
    [
        ("（区商务局、区科信局负责落实，完成时限：2024年6月底前）", ["区商务局", "区科信局"]),
        ("（区发改委、区财政局分别负责落实）", ["区发改委", "区财政局"]),
        ("（区住建局牵头负责）", ["区住建局"]),
        ("（市工业和信息化局牵头督导，市商务局参与）", ["市工业和信息化局"]),
    ],
)
def test_lead_markers_that_run_on(parse_text, clause, leads):
    task = parse_text(f"青禾区2024年政务公开工作要点\n一、公开重点\n1.推进信息公开。{clause}\n").tasks[0]
    assert [u.surface for u in task.units if u.role == "lead"] == leads


def test_a_lead_named_with_牵头_makes_the_others_co(parse_text):
    """`（A牵头，B、C等相关部门按职责分工负责）`: 按职责分工负责 leads only where nothing is marked 牵头."""
    task = parse_text(
        "青禾县2024年重点工作\n一、稳增长\n"
        "1.提振消费。（县发改局牵头，县商务局、县财政局等相关部门按职责分工负责）\n"
    ).tasks[0]
    assert [(u.role, u.surface) for u in task.units] == [("lead", "县发改局"), ("co", "县商务局"), ("co", "县财政局")]
    assert task.catch_all == ("等相关部门",)


def test_role_lines_as_provinces_and_departments_label_them(parse_text):
    """`分管省领导:` names the leader; `部门分工:` holds marked units; `责任处室:` is a 责任单位 label."""
    notice = parse_text(
        "某某省2021年政府工作报告重点任务分工方案\n一、主要预期目标\n"
        "1.地区生产总值增长6%以上。\n分管省领导:林远\n部门分工:省发展改革委牵头,各地、各部门配合。\n"
        "2.完善政策研究。\n责任处室:办公室、省发展改革研究院\n"
        "三、保障措施\n"
    )
    first, second = notice.tasks
    assert first.leaders == ("林远",)
    assert [(u.role, u.name) for u in first.units] == [("lead", "省发展和改革委员会")]
    assert first.catch_all == ("各地", "各部门")
    assert [(u.role, u.surface) for u in second.units] == [("lead", "办公室"), ("lead", "省发展改革研究院")]


def test_unit_names_separated_by_a_space_in_a_cell(parse_text):
    notice = parse_text(
        "序号 | 具体工作任务 | 责任领导 | 责任单位 | 落实情况\n"
        "1 | 推进县域医共体建设。 | 毛青 | 县卫健委 各相关乡镇政府 | 已完成\n"
    )
    task = notice.tasks[0]
    assert [(u.role, u.surface) for u in task.units] == [("lead", "县卫健委")]
    assert task.catch_all == ("各相关乡镇政府",)


@pytest.mark.parametrize(
    "ending, lead",
    [
        ("责任单位:区", []),
        ("牵头单位:区商", []),
        ("（牵头单位：区发改委；责任单位：区农业农", ["区发改委"]),
        ("责任单位：区财政局", ["区财政局"]),  # a known name at the very end is whole
    ],
)
def test_a_name_cut_by_the_end_of_an_excerpt_is_not_a_unit(parse_text, ending, lead):
    notice = parse_text(
        "青禾区2024年重点工作\n一、主要目标\n1.地区生产总值增长6%。\n责任单位：区发改委\n"
        f"2.工业投资增长12%以上。\n{ending}"
    )
    task = notice.tasks[1]
    assert [u.surface for u in task.units if u.role == "lead"] == lead
    cut = [w for w in notice.warnings if w.code == "clause_unparsed" and "ends" in w.message]
    assert bool(cut) == (lead != ["区财政局"] and ending.endswith(("区", "区商", "区农业农")))


def test_stated_rule_applies_to_a_list_marked_负责(parse_text):
    """`（A、B、C等负责，列第一位的为牵头部门，下同）`: the first leads, the others cooperate."""
    notice = parse_text(
        "某某省2014年重点工作分工\n一、稳增长\n"
        "1.深化改革。（省发展改革委、省编办、省财政厅等负责，列第一位的为牵头部门，下同）\n"
        "2.扩大开放。（省商务厅、省财政厅负责）\n"
    )
    assert [[(u.role, u.surface) for u in t.units] for t in notice.tasks] == [
        [("lead", "省发展改革委"), ("co", "省编办"), ("co", "省财政厅")],
        [("lead", "省商务厅"), ("co", "省财政厅")],
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param("市工信局、发展改革委及各产业链责任单位", ["市工信局", "发展改革委", "各产业链责任单位"], id="及-collective"),
        pytest.param("市环保局、岳麓区和市直相关单位", ["市环保局", "岳麓区", "市直相关单位"], id="和-collective"),
        pytest.param("市发展和改革委员会", ["市发展和改革委员会"], id="和-inside-a-name"),
    ],
)
def test_a_collective_joined_by_及_or_和(rules, value, expected):
    assert split_names(value, rules) == expected


def test_a_responsible_list_closed_by_a_marker_and_a_sentence(parse_text):
    task = parse_text(
        "某某省2023年重点工作\n一、稳增长\n"
        "1.优化营商环境。〔责任单位：省发展改革委、省市场监管局按职责分工负责。具体任务均涉及各市（州）人民政府，不再做分工，下同。〕\n"
    ).tasks[0]
    assert [(u.role, u.surface) for u in task.units if u.role == "lead"] == [
        ("lead", "省发展改革委"), ("lead", "省市场监管局"),
    ]


def test_marked_clauses_inside_a_paragraph(parse_text):
    """Several `（A负责落实）` inside one task: the task's units are those of all of them."""
    task = parse_text(
        "某某市2018年政务公开工作要点\n一、推进公开\n"
        "1.推进规划公开。公开城市总体规划信息。（市规划国土委负责落实）推进重点领域信息公开，"
        "公开大气污染治理信息。（市发展改革委、市环保局分别负责落实）\n"
    ).tasks[0]
    assert [(u.role, u.surface) for u in task.units] == [
        ("lead", "市规划国土委"), ("lead", "市发展改革委"), ("lead", "市环保局"),
    ]
    assert "（市规划国土委负责落实）" not in task.text


@pytest.mark.parametrize("tail, leads", [
    pytest.param("（县发改局、县农业农村局按职责分工", ["县发改局", "县农业农村局"], id="cut-in-a-marker"),
    pytest.param("（县发改局、县财政局、", ["县发改局", "县财政局"], id="cut-after-a-comma"),
    pytest.param("（责任单位：县发改局，县财政局", ["县发改局"], id="cut-after-a-name"),
    pytest.param("（县政府办公室、县", ["县政府办公室"], id="cut-in-a-name"),
])
def test_an_excerpt_that_stops_inside_the_last_clause_reads_what_is_there(parse_text, tail, leads):
    """A page cut at its length limit inside the last task's clause: the names before the cut are
    read, and a warning says the clause may be incomplete."""
    notice = parse_text("一、经济发展\n1.生产总值增长6%。（县发改局负责）\n2.居民收入稳步增长。" + tail)
    task = notice.tasks[1]
    assert [u.surface for u in task.units if u.role == "lead"] == leads
    assert any(w.code == "clause_unparsed" and "ends inside" in w.message and w.task == task.id
               for w in notice.warnings)


@pytest.mark.parametrize("clause, lead, catch_all", [
    pytest.param("（责任处室、单位:办公室、市发展研究院）", ["办公室", "市发展研究院"], [], id="two-word-label"),
    pytest.param("（责任单位:区政府办、区商务局等数字经济工作领导小组成员单位,各乡镇）",
                 ["区政府办", "区商务局"], ["等数字经济工作领导小组成员单位", "各乡镇"], id="long-collective-after-etc"),
])
def test_clause_label_and_collective_shapes(parse_text, clause, lead, catch_all):
    notice = parse_text("一、重点任务\n1.规范网站建设。" + clause + "\n")
    task = notice.tasks[0]
    assert [u.surface for u in task.units if u.role == "lead"] == lead
    assert list(task.catch_all) == catch_all


def test_units_marked_responsible_beside_a_lead_unit_cooperate(parse_text):
    """`(市人社局牵头,市发改委、财政局负责)`: beside a unit marked 牵头, those marked 负责 are co."""
    notice = parse_text("一、重点任务\n1.完善就业扶持政策。(市人社局牵头,市发改委、财政局负责)\n")
    task = notice.tasks[0]
    assert [u.surface for u in task.units if u.role == "lead"] == ["市人社局"]
    assert [u.surface for u in task.units if u.role == "co"] == ["市发改委", "财政局"]


def test_a_last_sentence_of_marked_units_is_the_clause(parse_text):
    """`…。县发改局牵头，县财政局、县统计局配合。`: no bracket and no label, the last sentence names
    the units with their markers."""
    notice = parse_text("一、重点任务\n1.推进项目建设。县发改局牵头，县财政局、县统计局配合。\n"
                        "2.推进城市更新。县住建局负责。\n3.加强宣传。要广泛宣传政策。\n")
    assert [([u.surface for u in t.units if u.role == "lead"], [u.surface for u in t.units if u.role == "co"])
            for t in notice.tasks] == [(["县发改局"], ["县财政局", "县统计局"]), (["县住建局"], []), ([], [])]


def test_a_carry_forward_rule_for_the_policy_measures_below(parse_text):
    """`…。以下政策措施均需各县区人民政府、园区管委会落实,不再单独列出)` inside the first clause."""
    notice = parse_text(
        "一、政策措施\n1.降低企业成本。(市发改委牵头。以下政策措施均需各县区人民政府、园区管委会落实,不再单独列出)\n"
        "2.加大金融支持。(市金融局牵头)\n"
    )
    assert [u.surface for u in notice.tasks[0].units if u.role == "lead"] == ["市发改委"]
    assert [u.surface for u in notice.tasks[1].units if u.role == "inherited"] == ["各县区人民政府、园区管委会"]


@pytest.mark.parametrize("listed, collective", [
    pytest.param("各县区人民政府、园区管委会", "各县区人民政府、园区管委会", id="government-and-zone"),
    pytest.param("各乡、街办、管理处", "各乡、街办、管理处", id="township-and-offices"),
    pytest.param("各区、县级市", "各区、县级市", id="district-and-city"),
])
def test_one_各_governs_the_bare_kinds_after_it(parse_text, listed, collective):
    notice = parse_text(f"一、重点任务\n1.降低企业成本。（责任单位：市发改委，{listed}）\n")
    assert list(notice.tasks[0].catch_all) == [collective]
    assert [u.surface for u in notice.tasks[0].units] == ["市发改委"]
