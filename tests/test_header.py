"""The 文件头, end to end: parse(raw, rules).doc.

Every expected field is read off the notice by docs/format.md "Per document" and
corpus/README.md "Document fields".
"""

from __future__ import annotations

import pytest

from pipeline.model import DocFields

PLAN_BODY = (
    "一、全面优化政府职能\n"
    "\n"
    "1.深入推进“放管服”改革。动态调整权责清单，进一步精简审批环节。〔责任单位：县政府办，县发改局〕\n"
    "\n"
    "二、健全依法行政制度体系\n"
    "\n"
    "2.健全依法决策机制。严格落实重大行政决策程序规定。〔责任单位：县司法局，县政府办〕\n"
)

FULL_HEADER = (
    "青府办发〔2024〕29号\n"
    "\n"
    "青禾县人民政府办公室\n"
    "关于印发《青禾县人民政府2024年法治政府\n"
    "建设重点工作安排》的通知\n"
    "\n"
    "各乡镇人民政府，各街道办事处，县政府各部门、\n"
    "直属事业单位，有关单位：\n"
    "\n"
    "《青禾县人民政府2024年法治政府建设重点工作安排》已经县政府同意，现印发给你们，请认真抓好贯彻落实。\n"
    "\n"
    "青禾县人民政府办公室\n"
    "\n"
    "2024年7月12日\n"
    "\n"
    "青禾县人民政府\n"
    "\n"
    "2024年法治政府建设重点工作安排\n"
    "\n"
    "2024年是实施“十四五”规划的关键一年。全县法治政府建设要坚持以习近平新时代中国特色社会主义思想为指导，"
    "推动政府工作全面纳入法治化轨道。\n"
    "\n"
) + PLAN_BODY

FULL_HEADER_FIELDS = DocFields(
    doc_number="青府办发〔2024〕29号",
    issuer="青禾县人民政府办公室",
    title="青禾县人民政府2024年法治政府建设重点工作安排",
    cover_title="青禾县人民政府办公室关于印发《青禾县人民政府2024年法治政府建设重点工作安排》的通知",
    recipients="各乡镇人民政府，各街道办事处，县政府各部门、直属事业单位，有关单位",
    date="2024-07-12",
    year=2024,
    jurisdiction="青禾县",
)


@pytest.mark.parametrize("field", list(DocFields.__dataclass_fields__))
def test_full_header(parse_text, field):
    doc = parse_text(FULL_HEADER).doc
    assert getattr(doc, field) == getattr(FULL_HEADER_FIELDS, field)


NO_COVER = (
    "青禾县2025年安全生产工作要点\n"
    "\n"
    "为深入贯彻落实安全生产决策部署，有效防范化解重大安全风险，制定本要点。\n"
    "\n"
    "一、强化安全责任\n"
    "\n"
    "1.健全责任体系。制定安全生产责任清单。\n"
    "牵头单位：县应急局\n"
    "配合单位：县委编办\n"
    "完成时限：2025年6月底前\n"
    "\n"
    "二、深化专项整治\n"
    "\n"
    "2.整治重点车辆。开展道路交通集中整治。\n"
    "牵头单位：县交通局\n"
    "配合单位：县公安局\n"
    "完成时限：年底前\n"
    "\n"
    "各乡镇、县安委会各成员单位要对照本要点，细化工作措施，抓好工作落实。\n"
    "\n"
    "青禾县安全生产委员会\n"
    "2025年2月20日\n"
)

NO_COVER_FIELDS = DocFields(
    doc_number=None,
    issuer="青禾县安全生产委员会",
    title="青禾县2025年安全生产工作要点",
    cover_title=None,
    recipients=None,
    date="2025-02-20",
    year=2025,
    jurisdiction="青禾县",
)


@pytest.mark.parametrize("field", list(DocFields.__dataclass_fields__))
def test_no_cover(parse_text, field):
    doc = parse_text(NO_COVER).doc
    assert getattr(doc, field) == getattr(NO_COVER_FIELDS, field)


RED_HEAD = (
    "青禾县人民政府文件\n"
    "\n"
    "青政发〔2022〕7号\n"
    "\n"
    "青禾县人民政府\n"
    "关于印发青禾县2022年生态环境保护工作要点的通知\n"
    "\n"
    "各乡镇人民政府，县直各部门：\n"
    "\n"
    "现将《青禾县2022年生态环境保护工作要点》印发给你们，请认真贯彻执行。\n"
    "\n"
    "青禾县人民政府\n"
    "\n"
    "二〇二二年三月二十八日\n"
    "\n"
    "（此件公开发布）\n"
    "\n"
    "青禾县2022年生态环境保护工作要点\n"
    "\n"
    "为持续改善生态环境质量，制定本要点。\n"
    "\n"
    "一、打好蓝天保卫战\n"
    "\n"
    "1.加强扬尘治理。严格落实施工工地扬尘管控措施。\n"
    "责任单位：县住建局\n"
    "完成时限：2022年12月底前\n"
)

RED_HEAD_FIELDS = DocFields(
    doc_number="青政发〔2022〕7号",
    issuer="青禾县人民政府",
    title="青禾县2022年生态环境保护工作要点",
    cover_title="青禾县人民政府关于印发青禾县2022年生态环境保护工作要点的通知",
    recipients="各乡镇人民政府，县直各部门",
    date="2022-03-28",
    year=2022,
    jurisdiction="青禾县",
)


@pytest.mark.parametrize("field", list(DocFields.__dataclass_fields__))
def test_red_head_and_chinese_numeral_date(parse_text, field):
    doc = parse_text(RED_HEAD).doc
    assert getattr(doc, field) == getattr(RED_HEAD_FIELDS, field)


def test_red_head_line_is_not_part_of_cover_title(parse_text):
    cover_title = parse_text(RED_HEAD).doc.cover_title
    assert cover_title is not None
    assert "文件" not in cover_title


PARTY_ISSUER = (
    "中共青禾县委农村工作领导小组文件\n"
    "\n"
    "青农组发〔2021〕3号\n"
    "\n"
    "中共青禾县委农村工作领导小组\n"
    "关于印发《2021年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点》的通知\n"
    "\n"
    "各乡镇党委、政府，县直有关部门：\n"
    "\n"
    "现将《2021年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点》印发给你们，请结合实际认真贯彻落实。\n"
    "\n"
    "中共青禾县委农村工作领导小组\n"
    "\n"
    "2021年4月6日\n"
    "\n"
    "2021年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点\n"
    "\n"
    "一、巩固拓展脱贫攻坚成果\n"
    "\n"
    "１．健全防止返贫动态监测机制。开展常态化排查。【责任单位：县乡村振兴局，县民政局、各乡镇】\n"
)

PARTY_ISSUER_FIELDS = DocFields(
    doc_number="青农组发〔2021〕3号",
    issuer="中共青禾县委农村工作领导小组",
    title="2021年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点",
    cover_title="中共青禾县委农村工作领导小组关于印发《2021年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点》的通知",
    recipients="各乡镇党委、政府，县直有关部门",
    date="2021-04-06",
    year=2021,
    jurisdiction="青禾县",
)


@pytest.mark.parametrize("field", list(DocFields.__dataclass_fields__))
def test_party_issuer(parse_text, field):
    doc = parse_text(PARTY_ISSUER).doc
    assert getattr(doc, field) == getattr(PARTY_ISSUER_FIELDS, field)


PORTAL = (
    "青禾县人民政府门户网站\n"
    "当前位置：首页 > 政务公开 > 政策文件\n"
    "\n"
    "索引号：11430000QH0012/2024-00052 | 主题分类：城乡建设\n"
    "发文机关：青禾县人民政府办公室 | 发布日期：2024年04月12日\n"
    "发文字号：青府办发〔2024〕12号 | 成文日期：2024年04月08日\n"
    "标题：青禾县人民政府办公室关于印发《青禾县2024年城乡环境综合整治行动方案》的通知\n"
    "有效性：有效\n"
    "\n"
    "青禾县人民政府办公室关于印发《青禾县2024年城乡环境综合整治行动方案》的通知\n"
    "\n"
    "发布时间：2024-04-12 10:35　　来源：县政府办　　字号：【大 中 小】\n"
    "\n"
    "各乡镇人民政府，县直各单位：\n"
    "\n"
    "现将《青禾县2024年城乡环境综合整治行动方案》印发给你们，请认真抓好落实。\n"
    "\n"
    "青禾县人民政府办公室\n"
    "\n"
    "附件1\n"
    "\n"
    "青禾县2024年城乡环境综合整治行动方案\n"
    "\n"
    "一、重点任务\n"
    "\n"
    "1.开展垃圾治理。建立收运处置体系。（县城管局牵头，各乡镇配合）\n"
    "\n"
    "2.推进厕所革命。改造公共厕所。（县住建局牵头，各乡镇配合）\n"
)

PORTAL_FIELDS = DocFields(
    doc_number="青府办发〔2024〕12号",
    issuer="青禾县人民政府办公室",
    title="青禾县2024年城乡环境综合整治行动方案",
    cover_title="青禾县人民政府办公室关于印发《青禾县2024年城乡环境综合整治行动方案》的通知",
    recipients="各乡镇人民政府，县直各单位",
    date="2024-04-08",
    year=2024,
    jurisdiction="青禾县",
)


@pytest.mark.parametrize("field", list(DocFields.__dataclass_fields__))
def test_portal_metadata_block(parse_text, field):
    # The signature has no date under it: doc_number and date come from the metadata block,
    # and the date is the 成文日期, never the 发布日期.
    doc = parse_text(PORTAL).doc
    assert getattr(doc, field) == getattr(PORTAL_FIELDS, field)


YEAR_FIRST = (
    "青府办发〔2023〕41号\n"
    "\n"
    "青禾县人民政府办公室关于印发\n"
    "2024年青禾县十件民生实事实施方案的通知\n"
    "\n"
    "各乡镇人民政府，县政府各部门：\n"
    "\n"
    "《2024年青禾县十件民生实事实施方案》已经县政府同意，现印发给你们，请认真组织实施。\n"
    "\n"
    "青禾县人民政府办公室\n"
    "\n"
    "2023年12月28日\n"
    "\n"
    "2024年青禾县十件民生实事实施方案\n"
    "\n"
    "一、促进就业创业\n"
    "\n"
    "1.全年新增城镇就业不少于1800人。开展就业援助。（牵头单位：县人社局；配合单位：县财政局；完成时限：2024年12月底前）\n"
)


@pytest.mark.parametrize(
    "field, expected",
    [
        pytest.param("title", "2024年青禾县十件民生实事实施方案", id="title"),
        pytest.param("year", 2024, id="year-from-title-not-date"),
        pytest.param("date", "2023-12-28", id="date"),
        pytest.param("jurisdiction", "青禾县", id="jurisdiction"),
        pytest.param("cover_title", "青禾县人民政府办公室关于印发2024年青禾县十件民生实事实施方案的通知",
                     id="cover-title-starts-on-issuer-line"),
        pytest.param("doc_number", "青府办发〔2023〕41号", id="doc-number"),
    ],
)
def test_plan_title_starting_with_the_year(parse_text, field, expected):
    assert getattr(parse_text(YEAR_FIRST).doc, field) == expected


def test_jurisdiction_from_a_title_starting_with_the_year(parse_text):
    # No cover and no place in the signature: the place comes from the plan title.
    text = (
        "2024年青禾县十件民生实事实施方案\n"
        "\n"
        "一、促进就业创业\n"
        "\n"
        "1.开展就业援助。帮扶困难人员就业。（牵头单位：县人社局；配合单位：县财政局）\n"
        "\n"
        "县人民政府办公室\n"
        "2024年2月29日\n"
    )
    doc = parse_text(text).doc
    assert (doc.title, doc.year, doc.jurisdiction, doc.date) == (
        "2024年青禾县十件民生实事实施方案", 2024, "青禾县", "2024-02-29",
    )


@pytest.mark.parametrize(
    "issuer, jurisdiction",
    [
        pytest.param("青禾市人民政府办公室", "青禾市", id="city"),
        pytest.param("青禾区人民政府", "青禾区", id="district"),
        pytest.param("中共青禾县委办公室", "青禾县", id="party-office"),
        pytest.param("青禾彝族自治县人民政府办公室", "青禾彝族自治县", id="autonomous-county"),
        pytest.param(
            "青禾土家族自治县人民政府办公室", "青禾土家族自治县", id="autonomous-county-long-name",
        ),
    ],
)
def test_jurisdiction_from_the_issuer(parse_text, issuer, jurisdiction):
    # The plan title names no place, so the jurisdiction comes from the issuer.
    text = (
        f"{issuer}\n关于印发《2024年重点工作安排》的通知\n各有关单位：\n现印发给你们，请认真贯彻落实。\n"
        f"{issuer}\n2024年7月12日\n2024年重点工作安排\n一、深化改革\n1.推进简政放权。梳理事项。（县发改局负责）\n"
    )
    assert parse_text(text).doc.jurisdiction == jurisdiction


def test_document_number_in_a_page_run_together(parse_text):
    """A page that lost its line breaks: the 文号 stands between the red head and the title."""
    notice = parse_text(
        "临川市人民政府办公室文件 临政办发〔2026〕32号 市政府办公室关于分解落实2026年政府工作任务的通知"
        " 各镇人民政府，各街道办事处： 现将2026年政府工作任务分解下达给你们，请认真组织实施。"
        " 附件：临川市2026年政府工作任务分解表 临川市人民政府办公室 2026年2月24日"
        " 一、预期目标 1.地区生产总值增长6%。（责任单位：市发改委） 2.一般公共预算收入增长5%。（责任单位：市财政局）"
    )
    assert notice.doc.doc_number == "临政办发〔2026〕32号"
    assert [t.no for t in notice.tasks] == ["1", "2"]
