"""Deadlines: explicit limits (parse_deadline) and limits in running text (find_deadline)."""

import pytest
from pytest import param

from pipeline.deadlines import find_deadline, parse_deadline
from pipeline.model import Deadline


# (phrase, plan year, expected (text, date, kind) or None)
PARSE = [
    param("2024年6月底前完成", 2024, ("2024年6月底前", "2024-06-30", "date"), id="year-month-end-done"),
    param("2023年12月底前", 2023, ("2023年12月底前", "2023-12-31", "date"), id="december-end"),
    param("2024年12月31日前", 2024, ("2024年12月31日前", "2024-12-31", "date"), id="year-month-day"),
    param("9月30日前", 2024, ("9月30日前", "2024-09-30", "date"), id="month-day-plan-year"),
    param("6月底完成", 2024, ("6月底", "2024-06-30", "date"), id="month-end-no-qian"),
    param("2月底前", 2024, ("2月底前", "2024-02-29", "date"), id="leap-february"),
    param("2月底前", 2023, ("2月底前", "2023-02-28", "date"), id="plain-february"),
    param("年底前", 2024, ("年底前", "2024-12-31", "date"), id="year-end"),
    param("年内", 2021, ("年内", "2021-12-31", "date"), id="within-year"),
    param("2024年底前", 2023, ("2024年底前", "2024-12-31", "date"), id="printed-year-wins"),
    param("三季度末", 2024, ("三季度末", "2024-09-30", "date"), id="quarter-end"),
    param("第一季度", 2025, ("第一季度", "2025-03-31", "date"), id="first-quarter"),
    param("上半年", 2024, ("上半年", "2024-06-30", "date"), id="first-half"),
    param("6月中旬前", 2024, ("6月中旬前", "2024-06-20", "date"), id="mid-month"),
    param("2022年9月底前完成", 2022, ("2022年9月底前", "2022-09-30", "date"), id="traditional-notice-clause"),
    param("6月底前", None, ("6月底前", None, "date"), id="no-year-known"),
    param("长期坚持", 2024, ("长期坚持", None, "ongoing"), id="ongoing-long-term"),
    param("持续推进", 2024, ("持续推进", None, "ongoing"), id="ongoing-continuous"),
    param("長期堅持", 2022, ("長期堅持", None, "ongoing"), id="ongoing-traditional"),
    param("每季度", 2024, ("每季度", None, "recurring"), id="recurring-quarterly"),
    param("每月", 2024, ("每月", None, "recurring"), id="recurring-monthly"),
    param("每月5日前", 2024, ("每月5日前", None, "recurring"), id="recurring-with-day"),
    param("汛期前", 2024, ("汛期前", None, "date"), id="undated-kept"),
    param("2024年", 2024, ("2024年", "2024-12-31", "date"), id="year-alone"),
    param("年底前各乡镇（街道）、县安委会各成员单位要对照本要点，结合实际制定具体措施", 2025,
          ("年底前", "2025-12-31", "date"), id="cell-runs-on"),
    param("长期坚持各乡镇要切实抓好落实", 2025, ("长期坚持", None, "ongoing"), id="ongoing-runs-on"),
    param("各乡镇要结合实际制定具体措施，明确责任人和时间节点", 2025, None, id="a-sentence-is-no-limit"),
    param("", 2024, None, id="empty"),
    param("—", 2024, None, id="dash-none"),
]


@pytest.mark.parametrize("phrase, year, expected", PARSE)
def test_parse_deadline(rules, phrase, year, expected):
    found = parse_deadline(phrase, year, rules)
    assert found == (Deadline(*expected) if expected else None)


# (running task text, plan year, expected (text, date, kind) or None)
FIND = [
    param("2023年6月底前完成年度集中调整并向社会公布。", 2023, ("2023年6月底前", "2023-06-30", "date"), id="dated"),
    param("推行年终述法，年底前实现述法全覆盖。", 2023, ("年底前", "2023-12-31", "date"), id="year-end"),
    param("对清理出的问题于9月30日前完成整改。", 2023, ("9月30日前", "2023-09-30", "date"), id="month-day"),
    param("年内新增“一件事”主题服务不少于10项。", 2023, ("年内", "2023-12-31", "date"), id="within-year"),
    param("每季度更新一次政府信息主动公开目录。", 2023, ("每季度", None, "recurring"), id="quarterly"),
    param("6月底前完成网格员移动端应用升级。", 2023, ("6月底前", "2023-06-30", "date"), id="month-end"),
    param("全年完成改造不少于六千座，户厕改造任务于2021年10月底前全面完工。", 2021,
          ("2021年10月底前", "2021-10-31", "date"), id="first-limit-after-quantity"),
    param("对三级以上信息系统每年开展一次等级保护测评。每季度开展一次网络安全风险评估。", 2023,
          ("每季度", None, "recurring"), id="every-year-is-quantity"),
    param("年底前完成公益性崗位清理規範工作。", 2022, ("年底前", "2022-12-31", "date"), id="traditional-text"),
    param("持续推进“放管服”改革，长期坚持问题导向。", 2024, None, id="verbs-not-deadlines"),
    param("全年开展宣传活动不少于十次。", 2024, None, id="all-year-quantity"),
    param("每月至少开展1次执法监测。", 2024, None, id="monthly-quantity"),
    param("汛期前完成城区主要排水管渠清淤疏浚。", 2024, None, id="flood-season-not-a-date"),
    param("力争三年内完成改造。", 2024, None, id="three-years-is-a-span"),
    param("开展2024年监管执法专项行动。", 2024, None, id="year-alone"),
    param("制定并公布县政府2023年度重大行政决策事项目录。", 2023, None, id="year-of-plan"),
]


@pytest.mark.parametrize("text, year, expected", FIND)
def test_find_deadline(rules, text, year, expected):
    found = find_deadline(text, year, rules)
    assert found == (Deadline(*expected) if expected else None)
