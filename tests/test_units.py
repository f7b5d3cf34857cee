"""Unit names: UnitVocabulary.resolve and is_collective.

Expected canonical names follow the abbreviation table of corpus/README.md
"Units" and docs/format.md "Units" (full standard name with the level prefix).
Places are invented: 某某县, 某某市, 某某区 and 青石县 have no local dictionary.
"""

from __future__ import annotations

import pytest

from pipeline.units import UnitContext, UnitVocabulary

COUNTY = UnitContext(jurisdiction="某某县", level="县")
CITY = UnitContext(jurisdiction="某某市", level="市")
DISTRICT = UnitContext(jurisdiction="某某区", level="区")
QINGSHI = UnitContext(jurisdiction="青石县", level="县")


def test_rules_units_is_a_vocabulary(rules):
    assert isinstance(rules.units, UnitVocabulary)


@pytest.mark.parametrize(
    "surface, context, list_prefix, expected",
    [
        pytest.param("县市场监管局", COUNTY, None, "县市场监督管理局", id="market-short"),
        pytest.param("县市场监督管理局", COUNTY, None, "县市场监督管理局", id="market-full"),
        pytest.param("县政府办", COUNTY, None, "县人民政府办公室", id="gov-office"),
        pytest.param("县人民政府办公室", COUNTY, None, "县人民政府办公室", id="gov-office-full"),
        pytest.param("市发改委", CITY, None, "市发展和改革委员会", id="city-ndrc"),
        pytest.param("县发改局", COUNTY, None, "县发展和改革局", id="county-ndrc"),
        pytest.param("司法局", COUNTY, "县", "县司法局", id="prefix-restored-from-list"),
        pytest.param("人社局", COUNTY, "县", "县人力资源和社会保障局", id="prefix-restored-abbreviation"),
        pytest.param("县委组织部", COUNTY, None, "县委组织部", id="party-department"),
        pytest.param("县自然资源和规划局", COUNTY, None, "县自然资源和规划局", id="natural-resources"),
        pytest.param("区府办", DISTRICT, None, "区人民政府办公室", id="district-gov-office"),
        pytest.param("区政府办", DISTRICT, None, "区人民政府办公室", id="district-gov-office-2"),
        pytest.param("县委编办", COUNTY, None, "县委机构编制委员会办公室", id="establishment-office"),
        pytest.param("县委政法委", COUNTY, None, "县委政法委员会", id="political-legal"),
        pytest.param("区委网信办", DISTRICT, None, "区委网络安全和信息化委员会办公室", id="cyberspace"),
        pytest.param("县委依法治县办", COUNTY, None, "县委全面依法治县委员会办公室", id="rule-of-law-office"),
        pytest.param("县卫健局", QINGSHI, None, "县卫生健康局", id="no-local-health"),
        pytest.param("县医保局", QINGSHI, None, "县医疗保障局", id="no-local-medical-insurance"),
        pytest.param("县人社局", QINGSHI, None, "县人力资源和社会保障局", id="no-local-hr"),
        pytest.param("县应急局", QINGSHI, None, "县应急管理局", id="no-local-emergency"),
        pytest.param("县住建局", QINGSHI, None, "县住房和城乡建设局", id="no-local-housing"),
        pytest.param("县工信局", QINGSHI, None, "县工业和信息化局", id="no-local-industry"),
        pytest.param("县林草局", QINGSHI, None, "县林业和草原局", id="no-local-forestry"),
        pytest.param("县交通局", QINGSHI, None, "县交通运输局", id="no-local-transport"),
        pytest.param("县安委办", QINGSHI, None, "县安全生产委员会办公室", id="no-local-safety-office"),
        pytest.param("县河长办", QINGSHI, None, "县河长制办公室", id="no-local-river-chief"),
        pytest.param("县妇联", QINGSHI, None, "县妇女联合会", id="no-local-women"),
        pytest.param("县教体局", QINGSHI, None, "县教育体育局", id="no-local-education-sports"),
        pytest.param("县文旅广体局", QINGSHI, None, "县文化旅游广电体育局", id="no-local-culture"),
        pytest.param("市资规局", CITY, None, "市自然资源和规划局", id="city-planning"),
        pytest.param("市政务办", CITY, None, "市政务服务管理办公室", id="city-gov-service"),
        pytest.param("市法院", CITY, None, "市人民法院", id="city-court"),
        pytest.param("市卫健委", CITY, None, "市卫生健康委员会", id="city-health-commission"),
        pytest.param("区人力社保局", DISTRICT, None, "区人力资源和社会保障局", id="district-hr"),
        pytest.param("区经信局", DISTRICT, None, "区经济和信息化局", id="district-economy"),
        pytest.param("区工商联", DISTRICT, None, "区工商业联合会", id="district-commerce"),
        pytest.param("县残联", QINGSHI, None, "县残疾人联合会", id="no-local-disabled"),
        pytest.param("县 市场监管局", COUNTY, None, "县市场监督管理局", id="space-removed"),
    ],
)
def test_resolve_canonical_name(rules, surface, context, list_prefix, expected):
    found = rules.units.resolve(surface, context, list_prefix=list_prefix)
    assert found.name == expected
    assert found.known is True


def test_prefix_restored_says_how(rules):
    found = rules.units.resolve("司法局", COUNTY, list_prefix="县")
    assert (found.name, found.how) == ("县司法局", "prefix")


@pytest.mark.parametrize(
    "one, other, context",
    [
        pytest.param("县委组织部", "县委", COUNTY, id="party-department-is-not-party-committee"),
        pytest.param("县自然资源和规划局", "县规划局", COUNTY, id="natural-resources-is-not-planning"),
        pytest.param("县发改局", "县发改委", COUNTY, id="bureau-is-not-commission"),
        pytest.param("县卫健局", "县卫健委", COUNTY, id="health-bureau-is-not-commission"),
    ],
)
def test_different_units_keep_different_names(rules, one, other, context):
    assert rules.units.resolve(one, context).name != rules.units.resolve(other, context).name


@pytest.mark.parametrize(
    "surface, mentions, expected",
    [
        # CONTRACT/corpus table: 经开区 -> 经济开发区管理委员会, 高新区 -> 高新技术产业开发区管理委员会.
        pytest.param("青石经开区", [], "青石经济开发区管理委员会", id="zone-short"),
        pytest.param("青石经济开发区管委会", [], "青石经济开发区管理委员会", id="zone-with-admin"),
        pytest.param("青石高新区管委会", [], "青石高新技术产业开发区管理委员会", id="hi-tech-zone-admin"),
        pytest.param("青石高新区", [], "青石高新技术产业开发区管理委员会", id="hi-tech-zone-short"),
        # The notice's own spelling wins: a recipients line naming the zone in full without 管委会.
        pytest.param("青石经开区", ["青石经济开发区"], "青石经济开发区", id="spelled-without-admin"),
        pytest.param("青石经开区", ["青石经济开发区", "青石经济开发区管委会"], "青石经济开发区管理委员会",
                     id="spelled-with-admin-somewhere"),
        pytest.param("青石经开区", ["青石经济技术开发区管委会"], "青石经济技术开发区管理委员会",
                     id="economic-technological-zone"),
        # 县经开区 names the zone of the notice's own place.
        pytest.param("县经开区管委会", [], "青石经济开发区管理委员会", id="zone-of-the-home-place"),
    ],
)
def test_development_zones(rules, surface, mentions, expected):
    from dataclasses import replace

    context = UnitContext(jurisdiction="青石县", level="县")
    context = replace(context, zones=rules.units.zone_spellings(mentions + [surface], context))
    assert rules.units.resolve(surface, context).name == expected


@pytest.mark.parametrize(
    "surface, context, expected",
    [
        pytest.param("青石生态环境分局", QINGSHI, "市生态环境局青石分局", id="ecology-branch"),
        pytest.param("青石公安分局", QINGSHI, "市公安局青石分局", id="police-branch"),
        pytest.param("市生态环境局青石分局", QINGSHI, "市生态环境局青石分局", id="branch-printed-in-full"),
        pytest.param("青石公安分局", UnitContext(jurisdiction="青石区", level="区"), "市公安局青石分局",
                     id="district-police-branch"),
    ],
)
def test_branches_of_higher_level_bureaus(rules, surface, context, expected):
    assert rules.units.resolve(surface, context).name == expected


def test_unknown_name_is_kept_and_marked_unknown(rules):
    found = rules.units.resolve("县某某某中心办", COUNTY)
    assert found.name == "县某某某中心办"
    assert found.known is False


@pytest.mark.parametrize(
    "surface",
    [
        pytest.param("各镇（街道）", id="towns-streets"),
        pytest.param("各镇(街道)", id="towns-streets-ascii"),
        pytest.param("等县级相关部门（单位）", id="and-other-departments"),
        pytest.param("县直各有关部门", id="county-direct"),
        pytest.param("区级各部门", id="district-level"),
        pytest.param("各乡镇人民政府", id="township-governments"),
        pytest.param("各乡镇", id="townships"),
        pytest.param("各有关部门", id="relevant-departments"),
        pytest.param("县安委会成员单位", id="member-units"),
        pytest.param("等市级行政执法部门", id="and-law-enforcement"),
        pytest.param("各行政执法部门", id="each-law-enforcement"),
        pytest.param("县级有关部门", id="county-level-relevant"),
    ],
)
def test_collective_phrases(rules, surface):
    assert rules.units.is_collective(surface) is True


@pytest.mark.parametrize(
    "surface",
    [
        pytest.param("县司法局", id="bureau"),
        pytest.param("青石经开区", id="zone"),
        pytest.param("县市场监督管理局", id="market"),
        pytest.param("县委组织部", id="party-department"),
        pytest.param("县人民政府办公室", id="gov-office"),
    ],
)
def test_units_are_not_collective(rules, surface):
    assert rules.units.is_collective(surface) is False


@pytest.mark.parametrize("printed, expected", [
    pytest.param("县财政局县审计局", ["县财政局", "县审计局"], id="two-units"),
    pytest.param("县发改局县市场监管局县司法局", ["县发改局", "县市场监管局", "县司法局"], id="three-short-forms"),
    pytest.param("县财政局某某协会", None, id="unknown-piece-no-split"),
    pytest.param("县自然资源和规划局", None, id="one-unit-not-split"),
])
def test_run_on_list_is_split_into_known_units(rules, printed, expected):
    from pipeline.units import UnitContext

    assert rules.units.split_run_on(printed, UnitContext(jurisdiction="青石县", level="县")) == expected


def test_run_on_list_in_a_clause_gives_each_unit_and_a_warning(parse_text):
    notice = parse_text(
        "青石县2024年工作要点\n一、重点任务\n1.加强财政监督。严格预算执行。"
        "〔责任单位：县财政局县审计局，县发改局〕\n"
    )
    task = notice.tasks[0]
    assert [u.name for u in task.units if u.role == "lead"] == ["县财政局", "县审计局"]
    assert [w.code for w in notice.warnings].count("unit_split") == 2


@pytest.mark.parametrize("text, expected", [
    pytest.param(
        "市政府办公室关于分解落实2018年政府工作任务的通知\n各镇人民政府，市各委办局：\n现将任务下达给你们。\n"
        "一、稳定增长\n1.地区生产总值增长7%以上。\n牵头单位：发改委\n配合单位：财政局\n",
        ["市发展和改革委员会", "市财政局"], id="city-by-its-government"),
    pytest.param(
        "各镇人民政府，各街道办事处，区政府各委、办、局：\n经区政府常务会议研究同意，现将任务分解印发。\n"
        "一、经济发展\n1.加强经济运行分析。（责任单位：发改委、统计局）\n",
        ["区发展和改革委员会", "区统计局"], id="district-by-its-government"),
])
def test_a_notice_without_its_place_takes_the_level_its_text_names(parse_text, text, expected):
    """No jurisdiction in the header: the level prefix comes from how the text names its own government."""
    notice = parse_text(text)
    assert notice.doc.jurisdiction is None
    assert [u.name for u in notice.tasks[0].units] == expected


def test_a_notice_naming_two_levels_equally_restores_no_prefix(parse_text):
    notice = parse_text("市政府和县政府联合印发。\n一、经济发展\n1.加强经济运行分析。（责任单位：发改委）\n")
    assert [u.name for u in notice.tasks[0].units] == ["发展和改革委员会"]


def test_an_autonomous_region_restores_its_own_prefix(parse_text):
    notice = parse_text("内蒙古自治区人民政府关于印发重点工作的通知\n一、重点任务\n1.推进草原保护。(发展改革委、自治区财政厅牵头)\n")
    assert [u.name for u in notice.tasks[0].units] == ["自治区发展和改革委员会", "自治区财政厅"]


@pytest.mark.parametrize("printed, expected", [
    pytest.param("财政厅", "省财政厅", id="bureau-as-department"),
    pytest.param("住建厅", "省住建厅", id="short-form-as-printed"),
    pytest.param("省交通运输厅", "省交通运输厅", id="printed-in-full"),
])
def test_a_provincial_department_is_the_bureau_of_its_level(rules, printed, expected):
    from pipeline.units import UnitContext

    found = rules.units.resolve(printed, UnitContext(jurisdiction="某某省", level="省"))
    assert (found.name, found.known) == (expected, True)


def test_a_name_that_starts_like_a_prefix_sets_no_list_prefix(parse_text):
    """`城管局` beside `市政局` in a district's table: 市政局 is a body of its own, not 市 + 政局,
    so the district's level restores the prefix."""
    notice = parse_text("区政府重点民生实事\n一、城市建设\n1.优化背街后巷交通组织。（城管局牵头，市政局配合）\n")
    assert [u.name for u in notice.tasks[0].units if u.role == "lead"] == ["区城市管理局"]
