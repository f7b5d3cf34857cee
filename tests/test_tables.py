"""Task tables that reach us as text, in the shapes real portals print them.

Each notice is written for the test, in the shape of a published one (its line
breaks, header cells, separators, merged and wrapped cells), with invented
places and units. Expected values follow docs/format.md "Tasks" and the table
readings of corpus/README.md.
"""

from __future__ import annotations

import pytest

from pipeline.tables import column_kind


def leads(task) -> list[str]:
    return [u.surface for u in task.units if u.role == "lead"]


def cos(task) -> list[str]:
    return [u.surface for u in task.units if u.role == "co"]


@pytest.mark.parametrize(
    "cell, kind",
    [
        ("序号", "number"),
        ("工作任务", "task"),
        ("2022年预期目标", "task"),
        ("指标", "task"),
        ("民生实事", "task"),
        ("具体工作任务和要求", "task"),
        ("牵头单位", "lead"),
        ("牵头责任单位", "lead"),
        ("牵头部门", "lead"),
        ("配合单位", "co"),
        ("协同责任单位", "co"),
        ("支撑单位", "co"),
        ("责任单位", "responsible"),
        ("推进单位", "responsible"),
        ("责任股室(单位)", "responsible"),
        ("责任科室", "responsible"),
        ("分 管 县领导", "leader"),
        ("责任领导", "leader"),
        ("牵头县领导", "leader"),
        ("市政府分管领导", "leader"),
        ("完成时限", "deadline"),
        ("时间节点", "deadline"),
        ("完成时间", "deadline"),
        ("任务类型", "group"),
        ("类别", "group"),
        ("备注", "note"),
        ("落实情况", "note"),
        ("二季度执行情况", "note"),
        ("单位", "measure"),
        ("计量单位", "measure"),
        ("评分部门", "note"),
        ("考核项目", "group"),
        ("一、稳定经济增长", None),
        ("全面完成城区管网改造，新建污水管网12公里。", None),
        ("县住建局", None),
    ],
)
def test_column_kind_by_what_the_header_cell_names(rules, cell, kind):
    assert column_kind(cell, rules) == kind


def test_table_one_cell_per_line_with_header_cells_of_its_own(parse_text):
    """`序号 / 2022年预期目标 / 责任单位`: a lone unit column is read like a 责任单位 clause."""
    notice = parse_text(
        "附件1\n"
        "2026年临川区政府工作报告预期目标任务分解表\n"
        "序号\n2026年预期目标\n责任单位\n"
        "1\n地区生产总值增长6%左右\n区发展改革委\n"
        "2\n一般公共预算收入增长5%\n区财政局\n"
        "3\n城镇调查失业率控制在5.5%以内\n区人力社保局，区统计局\n"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [
        ("1", ["区发展改革委"], []),
        ("2", ["区财政局"], []),
        ("3", ["区人力社保局"], ["区统计局"]),
    ]
    assert notice.tasks[0].title == "地区生产总值增长6%左右"


def test_cells_that_end_with_a_pipe_one_per_line(parse_text):
    """`序号 |` / `重点工作 |` …: one cell per line, each closed by a separator."""
    notice = parse_text(
        "2026年园区重点工作及责任清单\n"
        "序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n"
        "1 |\n加快标准厂房建设，新建厂房3万平方米。 |\n周明 |\n招商服务部、规划建设部 |\n全年 |\n"
        "2 |\n推进污水管网改造。 |\n郑 扬 |\n规划建设部 |\n9月底前 |\n"
    )
    assert [(t.no, leads(t), t.leaders) for t in notice.tasks] == [
        ("1", ["招商服务部", "规划建设部"], ("周明",)),
        ("2", ["规划建设部"], ("郑扬",)),
    ]
    assert notice.tasks[1].deadline.text == "9月底前"


def test_header_cells_with_spaces_and_a_leader_column(parse_text):
    """`分 管 县领导`, numbering that starts at 80 (an excerpt of a long table)."""
    notice = parse_text(
        "序号 |\n目标与任务 |\n分 管 县领导 |\n牵头责任单位 |\n责任单位 |\n"
        "80 |\n深化义务教育优质均衡发展，新增学位600个。 |\n吴 越 |\n县教育局 |\n县各有关单位 |\n"
        "81 |\n提升职业教育办学水平。 |\n吴 越 |\n县教育局 |\n县人社局 |\n"
    )
    assert [(t.no, leads(t), cos(t), t.catch_all) for t in notice.tasks] == [
        ("80", ["县教育局"], [], ("县各有关单位",)),
        ("81", ["县教育局"], ["县人社局"], ()),
    ]
    assert notice.tasks[0].leaders == ("吴越",)


def test_a_unit_cell_printed_one_unit_per_line(parse_text):
    """A 责任单位 cell whose units stand on lines of their own, between the task and its time limit."""
    notice = parse_text(
        "序号\n民生实事\n责任单位\n完成时限\n"
        "1\n启动建设城西河综合治理工程。\n县水务局\n县住建局\n县城投公司\n12月底前\n"
        "2\n新建2座人行天桥。\n县住建局\n9月底前\n"
    )
    assert [(t.no, leads(t), t.deadline.text if t.deadline else None) for t in notice.tasks] == [
        ("1", ["县水务局", "县住建局", "县城投公司"], "12月底前"),
        ("2", ["县住建局"], "9月底前"),
    ]


def test_group_and_note_columns(parse_text):
    """`任务类型` printed once for its rows is a label, not a section; `备注` is not read."""
    notice = parse_text(
        "任务类型 | 序号 | 工作任务 | 推进单位 | 备注\n"
        "产业发展 | 1 | 培育规上工业企业10家。 | 县经信局 | 已完成50%\n"
        " | 2 | 新建高标准农田2万亩。 | 县农业农村局 | \n"
        "民生保障 | 3 | 新增城镇就业1500人。 | 县人社局 | \n"
    )
    assert [(t.no, t.section, leads(t)) for t in notice.tasks] == [
        ("1", None, ["县经信局"]), ("2", None, ["县农业农村局"]), ("3", None, ["县人社局"]),
    ]
    assert notice.sections == ()
    assert [g.value for g in notice.tasks[0].targets] == [10]


def test_tables_attached_after_a_cover_notice(parse_text):
    """A cover notice with `附件：1.… 2.…` and its signature, then `附件1` and `附件2`, each a
    table whose numbers restart: every row of both is a task, section null."""
    notice = parse_text(
        "临川区人民政府办公室关于印发2026年区政府工作报告目标任务的通知\n"
        "各街道办事处，区级各部门：\n"
        "现将目标任务分解印发给你们，请认真抓好落实。\n"
        "附件：1. 2026年区政府工作报告预期目标任务分解表\n"
        "2. 2026年区政府工作报告重点工作任务分解表\n"
        "临川区人民政府办公室\n"
        "2026年1月20日\n"
        "附件1\n"
        "2026年区政府工作报告预期目标任务分解表\n"
        "序号\n2026年预期目标\n责任单位\n"
        "1\n地区生产总值增长6%左右\n区发展改革委\n"
        "2\n区级税收增长5%左右\n区税务局\n"
        "附件2\n"
        "2026年区政府工作报告重点工作任务分解表\n"
        "序号\n工作任务\n牵头单位\n配合单位\n"
        "1\n建设科技创新园区。\n区科技局\n区财政局\n"
    )
    assert [(t.section, t.no, leads(t), cos(t)) for t in notice.tasks] == [
        (None, "1", ["区发展改革委"], []),
        (None, "2", ["区税务局"], []),
        (None, "1", ["区科技局"], ["区财政局"]),
    ]


def test_a_section_row_run_into_the_next_row_loses_no_task(parse_text):
    """`五、深化改革17 | …`: a lost line break between a section row and the row under it."""
    notice = parse_text(
        "序号 | 重点任务 | 牵头单位 | 完成时限\n"
        "四、保障民生\n"
        "16 | 守牢安全底线。 | 市应急局 | 每季度\n"
        "五、深化改革17 | 优化营商环境。 | 市行政审批局 | 6月底前\n"
        "18 | 推进要素改革。 | 市自然资源局 | 9月底前\n"
    )
    assert [(t.section, t.no, leads(t)) for t in notice.tasks] == [
        ("四", "16", ["市应急局"]), ("五", "17", ["市行政审批局"]), ("五", "18", ["市自然资源局"]),
    ]


def test_a_row_that_cannot_be_read_does_not_end_the_table(parse_text):
    """A `|` row whose number is lost is kept as text with a warning; the rows after it are read."""
    notice = parse_text(
        "序号 | 重点任务 | 牵头单位 | 完成时限\n"
        "一、保障民生\n"
        "1 | 守牢安全底线。 | 市应急局 | 每季度\n"
        "| 优化营商环境。 | 市行政审批局 | 6月底前\n"
        "3 | 推进要素改革。 | 市自然资源局 | 9月底前\n"
    )
    assert [(t.no, leads(t)) for t in notice.tasks] == [("1", ["市应急局"]), ("3", ["市自然资源局"])]
    assert "numbering_gap" in {w.code for w in notice.warnings}


def test_group_rows_without_numbers_and_header_cells_wrapped_in_halves(parse_text):
    """A group row whose `一、` was lost, `(一)` on a line of its own, and header cells printed
    in two halves (`责任` / `领导`, `市政府` / `分管领导`)."""
    notice = parse_text(
        "序号\n重点工作\n市政府\n分管领导\n牵头单位\n配合单位\n备注\n"
        "强化科技创新支撑能力。\n(一)\n加强战略科技力量建设。\n"
        "1\n建设科技创新轴。\n王 东\n市科技局\n北城区政府\n"
        "2\n做好国家实验室筹建服务。\n王 东\n市科技局\n市财政局\n"
    )
    assert [(t.subsection, t.no, leads(t), cos(t), t.leaders) for t in notice.tasks] == [
        ("1", "1", ["市科技局"], ["北城区政府"], ("王东",)),
        ("1", "2", ["市科技局"], ["市财政局"], ("王东",)),
    ]


def test_header_cells_split_in_two_lines(parse_text):
    notice = parse_text(
        "序号\n重点工作\n责任\n领导\n责任\n科室\n"
        "1\n水库工程政策处理\n欧阳明\n水库工程政策处理工作领导小组\n"
        "2\n美丽城镇建设\n吴宇\n乡村振兴办\n"
    )
    assert [(t.no, leads(t), t.leaders) for t in notice.tasks] == [
        ("1", ["水库工程政策处理工作领导小组"], ("欧阳明",)), ("2", ["乡村振兴办"], ("吴宇",)),
    ]


def test_a_title_broken_by_a_page_is_no_header_cell(parse_text):
    """`…任务分解表` names no column, even when a page break leaves its second half alone on a line."""
    notice = parse_text(
        "附件\n临川区2026年政\n— 2 —\n府工作报告重点工作任务分解表\n"
        "序号\n工作任务\n牵头单位\n完成时限\n一、稳定经济增长\n"
        "1\n扩大有效投资。\n区发改局\n年底前\n2\n促进消费。\n区商务局\n年底前\n"
    )
    assert [(t.section, t.no, leads(t)) for t in notice.tasks] == [("一", "1", ["区发改局"]), ("一", "2", ["区商务局"])]


def test_a_task_name_cell_merged_over_rows_one_cell_per_line(parse_text):
    """`任务名称` printed once for two rows: the second row has no line for it, and its units
    still land in their columns."""
    notice = parse_text(
        "序号\n任务名称\n任务内容\n牵头部门\n配合部门\n时间节点\n"
        "1\n产业升级\n新增规上工业企业10家。\n区经信局\n区统计局\n2025年12月\n"
        "2\n新建标准厂房5万平方米。\n区住建局\n区经信局\n2025年10月\n"
        "3\n营商环境\n压缩企业开办时间。\n区行政审批局\n区市场监管局\n2025年6月\n"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [
        ("1", ["区经信局"], ["区统计局"]), ("2", ["区住建局"], ["区经信局"]), ("3", ["区行政审批局"], ["区市场监管局"]),
    ]
    assert notice.tasks[1].deadline.text == "2025年10月"


def test_a_source_column_and_a_section_named_after_its_leader(parse_text):
    notice = parse_text(
        "2026年重点工作及责任清单\n序号\n重点工作\n牵头责任单位\n协同责任单位\n任务来源\n"
        "一、周明市长负责事项(共2项)\n"
        "1\n全面推进招商引资。\n市政府办\n市政府各部门\n省政府文件\n"
        "2\n深化国资国企改革。\n市国资委\n市财政局\n市委文件\n"
    )
    assert [(t.section, t.no, leads(t), t.leaders) for t in notice.tasks] == [
        ("一", "1", ["市政府办"], ("周明",)), ("一", "2", ["市国资委"], ("周明",)),
    ]


def test_a_table_whose_cells_are_separated_by_spaces(parse_text):
    """`序号 名称 工作任务 牵头责任单位` and rows `1 …。 发改委`: cells run together with spaces;
    the units are the last cell, the task the text between."""
    notice = parse_text(
        "临川市2026年政府工作任务分解表 序号 名称 工作任务 牵头责任单位\n"
        "一、经济社会发展主要预期目标分解(3项)\n"
        "1 地区生产总值增长7%以上,服务业增加值比重47%. 发改委\n"
        "2 一般公共预算收入增长8%以上. 财政局\n"
        "3 全社会研发经费支出占比提高到2.8%. 科技局、经信委\n"
    )
    assert [(t.section, t.no, leads(t)) for t in notice.tasks] == [
        ("一", "1", ["发改委"]), ("一", "2", ["财政局"]), ("一", "3", ["科技局", "经信委"]),
    ]


def test_an_assessment_table_with_measure_and_scorer_columns(parse_text):
    """`考核项目 / 序号 / 考核指标 / 考核内容 / 单位 / 年度目标 / 责任部门 / 评分部门`, one cell per line
    with blank lines between: the group and the indicator are printed once for several rows,
    `单位` is the measure of the target (no organization), a two-unit 责任部门 cell takes two
    lines, and the 评分部门 (who scores the work) is not responsible for it."""
    notice = parse_text(
        "2025年青石县乡村振兴考核清单\n\n考核项目\n\n序号\n\n考核指标\n\n考核内容\n\n单位\n\n年度目标\n\n"
        "责任部门\n\n评分部门\n\n产业兴旺\n\n1\n\n稳定农产品供给\n\n农业增加值增幅\n\n%\n\n≥3%\n\n"
        "县农业农村局\n\n县林业局\n\n市农业农村局\n\n2\n\n粮食储备责任制\n\n-\n\n良好以上\n\n县发改局\n\n市粮食局\n\n"
        "3\n\n茶园面积\n\n万亩\n\n1.2\n\n县农业农村局\n\n市农业农村局\n\n"
        "4\n\n建设示范果园\n\n2\n\n县林业局\n\n市林业局\n"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [
        ("1", ["县农业农村局", "县林业局"], []), ("2", ["县发改局"], []), ("3", ["县农业农村局"], []),
        ("4", ["县林业局"], []),
    ]
    assert "粮食储备责任制" in notice.tasks[1].text


def test_one_unit_in_a_row_of_a_lead_and_co_table_is_the_lead(parse_text):
    """One cell per line, the co cell empty: the one unit of the row stands under 牵头单位."""
    notice = parse_text(
        "序号\n重点任务\n牵头单位\n配合单位\n完成时限\n"
        "1\n加强财政收支管理。\n区财政局\n年底前\n"
        "2\n培育先进制造业。\n区经信局\n区科技局\n11月底前\n"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [("1", ["区财政局"], []), ("2", ["区经信局"], ["区科技局"])]


def test_a_row_with_a_second_item_below_its_cells_keeps_its_unit(parse_text):
    """One cell per line, a row that prints a second item and its time limit under its own cells
    (`开工建设老年大学。` / `12月底前`): the row's unit stays its unit; the item is no cell of it
    and is flagged, not dropped."""
    notice = parse_text(
        "序号\n民生实事\n责任单位\n完成时限\n"
        "1\n新建2座人行天桥。\n县住建局\n9月投入使用\n"
        "2\n开工建设县老年养护楼。\n县民政局\n5月底前动工\n开工建设老年大学。\n12月底前\n"
        "3\n迁建县政务服务中心。\n县政务服务中心\n12月底前\n"
    )
    assert [(t.no, leads(t)) for t in notice.tasks] == [("1", ["县住建局"]), ("2", ["县民政局"]), ("3", ["县政务服务中心"])]
    assert notice.tasks[1].deadline.text.startswith("5月底前")
    assert any("开工建设老年大学" in w.message for w in notice.warnings)


def test_a_row_cut_inside_its_task_cell_gives_no_unit(parse_text):
    """An excerpt that stops in the second paragraph of a row's task cell: that paragraph is task
    text, not the units the row never reached."""
    notice = parse_text(
        "序号\n工作任务\n牵头单位\n配合单位\n"
        "1\n联动共建科学城\n推动重点实验室落地,引进研发机构8家、中科"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [("1", [], [])]
    assert "推动重点实验室落地" in notice.tasks[0].text


def test_a_time_limit_with_what_is_due_stands_under_the_deadline(parse_text):
    """`5月底前动工`, `9月投入使用`: a time limit that names what is due is still the 完成时限 cell, and
    the unit before it no rule knows (`县残联`) stays the row's unit."""
    notice = parse_text(
        "序号\n民生实事\n责任单位\n完成时限\n"
        "1\n新建2座人行天桥。\n县住建局\n9月投入使用\n"
        "2\n建成县残疾人综合服务中心。\n县残联\n5月底前动工\n"
    )
    assert [(t.no, leads(t)) for t in notice.tasks] == [("1", ["县住建局"]), ("2", ["县残联"])]
    assert notice.tasks[1].text == "建成县残疾人综合服务中心。"


def test_a_table_whose_cells_open_with_a_separator_and_have_no_number(parse_text):
    """`| ` opens each cell at a line start and a lone `|` ends the row; the table has no 序号
    column and is grouped by its lead unit, printed once per group in a narrow vertical wrap
    (`市政` / `府办` / `公厅`); the rows below it have no cell for it, and a co cell merged over
    rows leaves those rows with their task cell alone. Rows are numbered in order."""
    notice = parse_text(
        "牵头单位\n| 目 标 任 务\n| 责 任 单 位\n|\n"
        "市政\n府办\n公厅\n| 主动接受新闻媒体和社会公众监督\n| 市直各单位、各区县市\n|\n"
        "推进政务公开工作\n| 市直各单位\n|\n"
        "市\n发\n改\n委\n| 地区生产总值增长7%\n| 统计局和市直相关单位\n|\n"
        "固定资产投资增长8%\n|\n单位能耗下降3%\n|\n城乡居民收入增长7%\n|\n"
    )
    assert [(t.no, leads(t), cos(t), list(t.catch_all)) for t in notice.tasks] == [
        ("1", ["市政府办公厅"], [], ["市直各单位", "各区县市"]),
        ("2", ["市政府办公厅"], [], ["市直各单位"]),
        ("3", ["市发改委"], ["统计局"], ["市直相关单位"]),
        ("4", ["市发改委"], ["统计局"], ["市直相关单位"]),
        ("5", ["市发改委"], ["统计局"], ["市直相关单位"]),
        ("6", ["市发改委"], ["统计局"], ["市直相关单位"]),
    ]
    assert notice.tasks[3].text == "固定资产投资增长8%"


def test_a_table_whose_cells_are_separated_by_tabs(parse_text):
    """A table copied from a web page: one row a line, cells separated by tabs, a merged cell
    left empty (two tabs)."""
    notice = parse_text(
        "2024年重点工作任务分解表\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t推进城乡供水一体化，新建水厂2座。\t县水利局\t县住建局、县财政局\t2024年12月底前\n"
        "2\t实施老旧小区改造12个。\t县住建局\t\t2024年10月底前\n"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [
        ("1", ["县水利局"], ["县住建局", "县财政局"]), ("2", ["县住建局"], ["县住建局", "县财政局"]),
    ]
    assert notice.tasks[1].deadline.text == "2024年10月底前"


def test_a_spaced_table_whose_cells_meet_between_chinese_characters(parse_text):
    """`序号 重点任务 牵头单位 …` and rows `1 推进…。 县水利局 县住建局、县财政局 …`: the spaces between
    cells stand between two Chinese characters and still separate the cells; a blank line
    between rows does not end the table."""
    notice = parse_text(
        "2024年重点工作任务分解表\n序号 重点任务 牵头单位 配合单位 完成时限\n"
        "1 推进城乡供水一体化，新建水厂2座。 县水利局 县住建局、县财政局 2024年12月底前\n\n"
        "2 实施老旧小区改造12个。 县住建局 各镇（街道） 2024年10月底前\n"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [
        ("1", ["县水利局"], ["县住建局", "县财政局"]), ("2", ["县住建局"], []),
    ]
    assert list(notice.tasks[1].catch_all) == ["各镇（街道）"]


def test_a_short_last_header_cell_is_not_joined_to_the_first_row_number(parse_text):
    """`… / 牵头单位 / 备注` then `1`: the two-character 备注 is a whole cell, not half of `备注1`."""
    notice = parse_text(
        "序号\n\n项目内容\n\n当前进度\n\n牵头单位\n\n备注\n\n"
        "1\n\n新建公办园5所。\n\n80%（进度滞后）\n\n县教育局\n\n市民生实事\n\n"
        "2\n\n建设农村路55公里。\n\n95%\n\n县交通局\n\n县民生实事\n"
    )
    assert [(t.no, leads(t)) for t in notice.tasks] == [("1", ["县教育局"]), ("2", ["县交通局"])]


def test_a_project_table_with_place_and_investment_columns(parse_text):
    """`序號 | 項目名稱 | 建設地點 | 建設時間 | 2024年建設內容 | 年度投資金額 (萬元) | 責任單位`, one cell
    per line each closed by ` |`, a lone `|` before each row: the place and the investment are
    no units, and the lone 责任单位 column gives each row its unit."""
    notice = parse_text(
        "附件:\n|\n青石縣2024年民生實事項目清單 |\n||||||\n|\n"
        "序號 |\n項目名稱 |\n建設地點 |\n建設時間 |\n2024年建設內容 |\n年度投資金額 (萬元) |\n責任單位 |\n|\n"
        "1 |\n中小學運動場改造項目 |\n相關鎮 (街道) |\n2024 |\n改造學校運動場地3處。 |\n300 |\n教體局 |\n|\n"
        "2 |\n城北道路建設項目 |\n紙坊街道 |\n2024 |\n建成道路延伸段。 |\n300 |\n住建局 |\n"
    )
    assert [(t.no, leads(t)) for t in notice.tasks] == [("1", ["教體局"]), ("2", ["住建局"])]
    assert "完成時限：2024" in notice.tasks[0].clause


def test_a_progress_table_with_leader_and_notes_after_the_units(parse_text):
    """One cell per line closed by ` |`, ten header cells (two task cells the rows merge into one,
    two progress columns, `是否达序`, `说明`), rows numbered from 24: leader, lead and co land in
    their columns and the progress notes in none."""
    notice = parse_text(
        "\n2023年区政府重点民生实事项目推进情况\n序号 |\n主要任务 |\n全年目标任务 |\n分管 领导 |\n牵头 单位 |\n"
        "责任主体与协同单位 |\n1-10月推进情况 |\n1-11月推进情况 |\n是否达序 |\n说明 |\n"
        "24 |\n优化提升50条背街后巷交通组织。 |\n徐国江 |\n城管局 |\n市政局、相关街道 |\n已进场施工，完成20%。 |\n"
        "已进场施工，完成30%。 |\n是 |\n||\n"
        "25 |\n新建建筑垃圾中转站8个。 |\n徐国江 |\n城管局 |\n市政局 |\n已启动。 |\n已建成3个。 |\n是 |\n"
    )
    assert [(t.no, t.leaders, leads(t), cos(t)) for t in notice.tasks] == [
        ("24", ("徐国江",), ["城管局"], ["市政局"]), ("25", ("徐国江",), ["城管局"], ["市政局"]),
    ]
    assert list(notice.tasks[0].catch_all) == ["相关街道"]


def test_merged_cells_one_cell_per_line_carry_down(parse_text):
    """One cell per line, a header cell wrapped before its bracket (`责任股室` / `(单位)`), and
    rows that print only their unmerged cells: a row with no line for its time limit, leader or
    unit has those of the row above."""
    notice = parse_text(
        "序号\n指标\n工作任务\n完成时限\n责任领导\n责任股室\n(单位)\n备注\n"
        "1\n公共文化服务\n文化场馆免费开放服务人次增长15%。\n12月底前\n夏俊贵\n文化宣传股\n"
        "2\n组织开展文化下乡演出不少于100场。\n文化馆\n"
        "3\n开展好“三下乡”活动。\n"
        "4\n文化市场管理\n开展专项整治行动4次以上。\n5月底\n周 斐\n执法大队\n"
    )
    assert [(t.no, t.leaders, leads(t), t.deadline.text) for t in notice.tasks] == [
        ("1", ("夏俊贵",), ["文化宣传股"], "12月底前"), ("2", ("夏俊贵",), ["文化馆"], "12月底前"),
        ("3", ("夏俊贵",), ["文化馆"], "12月底前"), ("4", ("周斐",), ["执法大队"], "5月底"),
    ]


def test_a_pipe_table_without_a_number_column_whose_task_cells_print_their_numbers(parse_text):
    """`类别 | 民生事项名称 | … | 责任单位 | 分管市领导 | 完成情况 | 取得成效 | 监督电话 |`: the 类别 cell
    is printed on the first row of its group only, and each task cell starts with its number."""
    notice = parse_text(
        "类别 | 民生事项名称 | 2022年度任务目标 | 责任单位 | 分管市领导 | 1-9月份工作完成情况 | 1-9月份工作取得成效 | 监督电话 |\n"
        "四、教育文化 | 14.改扩建泉山学校 | 完成2座教学楼建设。 | 教育体育局 | 刘福利 | 完成主体施工。 | 正在推进。 | 监督电话0535-1234567 |\n"
        "15.推进学校运动场地建设 | 完成13处运动场地建设。 | 教育体育局 | 刘福利 | 完成基础施工30%。 | 正在推进。 | |\n"
        "索引号: | 113706850042672474/2022-04772 | 成文日期: | 2022-10-08 |\n"
    )
    assert [(t.no, leads(t), t.leaders) for t in notice.tasks] == [
        ("14", ["教育体育局"], ("刘福利",)), ("15", ["教育体育局"], ("刘福利",)),
    ]
    assert notice.tasks[0].title == "改扩建泉山学校"


@pytest.mark.parametrize("header, kinds", [
    pytest.param("序号\n指标\n工作任务\n责任单位\n", ["number", "task", "task", "responsible"], id="two-whole-cells"),
    pytest.param("序号\n工作任务\n时间\n节点\n责任单位\n", ["number", "task", "deadline", "responsible"], id="one-cell-wrapped"),
    pytest.param("序号\n工作任务\n责任\n领导\n责任单位\n", ["number", "task", "leader", "responsible"], id="halves-without-kind"),
])
def test_short_header_cells_join_only_their_own_rest(rules, header, kinds):
    from pipeline.normalize import Line
    from pipeline.tables import _header_at

    lines = [Line(text, list(range(len(text)))) for text in header.split("\n") if text]
    assert _header_at(lines, 0, rules)[0] == kinds


def test_a_long_pipe_row_keeps_the_numbered_steps_inside_its_cell(parse_text):
    """`1 | 新建学校7所。 | 1.4月底前…主体完工。 2.8月底前…竣工交付。 | 教育局 | 发改局、住建局 |`: a row
    longer than a line of prose, whose plan cell numbers its steps, is still one row."""
    steps = "1.4月底前职教中心、学府路幼儿园、安置小区配套幼儿园主体完工，开始装修工程施工。 " \
            "2.8月底前职教中心、学府路幼儿园、安置小区配套幼儿园竣工交付。 3.11月底前镇中心幼儿园竣工交付。"
    notice = parse_text(
        "序号 | 实事项目 | 工作举措及实施计划 | 责任单位 | 配合单位 |\n"
        f"1 | 新建成公办中小学、幼儿园7所，新增公办学位6800个。 | {steps} | 教育局 | 发改局、住建局、财政局 |\n"
        f"2 | 新建成婴幼儿照护服务驿站7家。 | {steps} | 卫生健康局 | 财政局 |\n"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [
        ("1", ["教育局"], ["发改局", "住建局", "财政局"]), ("2", ["卫生健康局"], ["财政局"]),
    ]


def test_a_pipe_table_with_letter_spaced_header_cells_and_a_class_column(parse_text):
    """`序号 | 任 务 名 称 | 指 标 要 求 | 牵 头 部 门 | 配 合 部 门 | 目 标 类 型 |` after `附件1 |` and a
    note line: the class column (A类/B类) is read as no unit."""
    notice = parse_text(
        "附件1 |\n(注:A类指责任目标;B类指激励目标)\n"
        "序号 | 任 务 名 称 | 指 标 要 求 | 牵 头 部 门 | 配 合 部 门 | 目 标 类 型 |\n"
        "1 | 地区生产总值 | 增长5.5% | 区发改经信局 | 区财政局、区统计局 | A类 |\n"
        "2 | 服务业增加值 | 增长6% | 区发改经信局 | 区商务局 | B类 |\n"
    )
    assert [(t.no, leads(t), cos(t)) for t in notice.tasks] == [
        ("1", ["区发改经信局"], ["区财政局", "区统计局"]), ("2", ["区发改经信局"], ["区商务局"]),
    ]


@pytest.mark.parametrize("tail", [
    pytest.param("3\n累计实际利用外资超过160亿美元", id="one-cell-per-line"),
    pytest.param("3 | 累计实际利用外资超过160亿美元 |", id="piped"),
])
def test_a_row_that_the_end_of_an_excerpt_cuts_takes_no_unit_from_above(parse_text, tail):
    """A page cut inside its last row, before the row's unit cell: the row has no unit (it is not
    the unit of the row above)."""
    head = ("序号\n重点工作\n责任单位\n1\n地区生产总值突破1万亿元。\n市发展改革委\n2\n财政总收入突破1700亿元。\n市财政局\n"
            if "|" not in tail else
            "序号 | 重点工作 | 责任单位 |\n1 | 地区生产总值突破1万亿元。 | 市发展改革委 |\n2 | 财政总收入突破1700亿元。 | 市财政局 |\n")
    notice = parse_text(head + tail)
    assert [(t.no, leads(t)) for t in notice.tasks] == [("1", ["市发展改革委"]), ("2", ["市财政局"]), ("3", [])]


def test_a_body_name_in_a_row_without_its_leader_line_is_the_unit(parse_text):
    """One cell per line, a row that prints no leader (merged from above): a body's name
    (`羌学研究会`) and a group label (`文化产业`) are no leader."""
    notice = parse_text(
        "序号\n指标\n工作任务\n完成时限\n责任领导\n责任单位\n"
        "1\n公共文化\n开展文化下乡演出100场。\n12月底前\n夏俊贵\n文化馆\n"
        "2\n文化产业\n培育文化服务企业1家。\n"
        "3\n非遗保护\n完成非遗展厅布展。\n羌学研究会\n"
    )
    assert [(t.no, t.leaders, leads(t)) for t in notice.tasks] == [
        ("1", ("夏俊贵",), ["文化馆"]), ("2", ("夏俊贵",), ["文化馆"]), ("3", ("夏俊贵",), ["羌学研究会"]),
    ]


def test_a_line_that_fits_no_cell_does_not_end_the_table(parse_text):
    """One cell per line, a row whose lines came out of order (its time limit before its task,
    a sentence of its text after its cells): the row keeps what fits, the odd line stays as
    text with a warning, and the rows after it are still read."""
    notice = parse_text(
        "序号\n工作任务\n牵头单位\n配合单位\n完成时限\n"
        "1\n2024年11月底前\n强化科技创新支撑。\n区科技局\n区经信局\n2024年12月底前\n深化招商引资，引进亿元以上项目30个。\n"
        "2\n实施老旧小区改造。\n区住建局\n区财政局\n2024年10月31日前\n"
        "3\n完善城市路网体系。\n区住建局\n区城管局\n2024年12月底前\n"
    )
    assert [t.no for t in notice.tasks] == ["1", "2", "3"]
    assert [leads(t) for t in notice.tasks[1:]] == [["区住建局"], ["区住建局"]]
    assert any("深化招商引资" in w.message for w in notice.warnings) or "深化招商引资" in notice.tasks[0].text
