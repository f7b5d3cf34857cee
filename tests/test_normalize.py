"""normalize(raw, rules) -> Document: one logical line per paragraph, char_map back to the raw text.

Expected values come from docs/format.md and corpus/README.md (page breaks rejoined,
page furniture dropped, stray spaces removed, clauses repaired), not from the code.
"""

from __future__ import annotations

import pytest

from pipeline.normalize import normalize

from pipeline.model import RawDocument, Source


def raw_document(text: str) -> RawDocument:
    return RawDocument(doc_id="t", source=Source(path="t.txt", format="txt", sha256="0"), text=text)


def lines_of(rules, text: str) -> list[str]:
    return normalize(raw_document(text), rules).text.split("\n")


# --- page breaks and page furniture -------------------------------------------------------

BROKEN_SENTENCE = (
    "2.持续优化法治化营商环境。完善公平竞争审查机制，及时清理废除地方保护、指定交易、\n"
    "\n"
    "— 3 —\n"
    "\n"
    "市场壁垒等妨碍统一市场公平竞争的各种规定和做法。〔责任单位：县发改局，县司法局〕\n"
)


def test_sentence_broken_by_page_break_is_rejoined(rules):
    assert lines_of(rules, BROKEN_SENTENCE) == [
        "2.持续优化法治化营商环境。完善公平竞争审查机制，及时清理废除地方保护、指定交易、"
        "市场壁垒等妨碍统一市场公平竞争的各种规定和做法。〔责任单位：县发改局，县司法局〕"
    ]




@pytest.mark.parametrize(
    "first, rest, joined",
    [
        pytest.param("8.严格落实学法制度。行政执法人员每人每年参加法治培训不少于", "60 学时。",
                     "8.严格落实学法制度。行政执法人员每人每年参加法治培训不少于60学时。", id="number-space-hanzi"),
        pytest.param("9.提升审查质量。合法性审查率达到", "100%。", "9.提升审查质量。合法性审查率达到100%。",
                     id="percent"),
        pytest.param("10.加强队伍建设。全年组织集中培训", "3 次以上。", "10.加强队伍建设。全年组织集中培训3次以上。",
                     id="number-space-measure"),
        pytest.param("11.强化执法检查。全年组织", "20 批次检查。", "11.强化执法检查。全年组织20批次检查。",
                     id="number-space-measure-word"),
    ],
)
def test_page_break_before_a_number_mid_sentence_is_rejoined(rules, first, rest, joined):
    # The line before has not ended its sentence, so `60 学时` is not task 60 that lost its period.
    text = f"{first}\n\n— 4 —\n\n{rest}\n"
    assert lines_of(rules, text) == [joined]




@pytest.mark.parametrize(
    "first, rest, joined",
    [
        pytest.param("15.构建贯通协同", "监督体系。认真研究办理审议意见。〔责任单位：县政府办〕",
                     "15.构建贯通协同监督体系。认真研究办理审议意见。〔责任单位：县政府办〕", id="arabic-task-title"),
        pytest.param("（三）深化“放管服”", "改革。精简审批环节。（县政务办牵头，县发改局配合）",
                     "（三）深化“放管服”改革。精简审批环节。（县政务办牵头，县发改局配合）", id="paren-task-title"),
        pytest.param("12、规范行政执法行为。推行裁量基准制度。〔责任单位：县司法局，县市场监督管理局、县应急",
                     "管理局、县自然资源和规划局等县级相关部门（单位）〕",
                     "12、规范行政执法行为。推行裁量基准制度。〔责任单位：县司法局，县市场监督管理局、县应急管理局、"
                     "县自然资源和规划局等县级相关部门（单位）〕", id="inside-a-unit-name-in-a-clause"),
    ],
)
def test_page_break_inside_a_task_is_rejoined(rules, first, rest, joined):
    text = f"{first}\n\n— 5 —\n\n{rest}\n"
    assert lines_of(rules, text) == [joined]


def test_sentence_broken_by_blank_lines_only_is_rejoined(rules):
    text = "1.加强执法监督。健全行政执法协调监督工作体系，全面推行\n\n\n行政执法公示制度。（县司法局负责）\n"
    assert lines_of(rules, text) == ["1.加强执法监督。健全行政执法协调监督工作体系，全面推行行政执法公示制度。（县司法局负责）"]


@pytest.mark.parametrize(
    "page_line",
    [
        pytest.param("— 3 —", id="em-dash"),
        pytest.param("- 3 -", id="hyphen"),
        pytest.param("-3-", id="hyphen-no-space"),
        pytest.param("第3页 共9页", id="page-of"),
        pytest.param("第3页", id="page-only"),
    ],
)
def test_page_number_lines_are_dropped(rules, page_line):
    text = f"1.推进简政放权。精简审批事项。（县发改局负责）\n\n{page_line}\n\n2.优化审批流程。压缩办理时限。（县政务服务中心负责）\n"
    assert lines_of(rules, text) == [
        "1.推进简政放权。精简审批事项。（县发改局负责）",
        "2.优化审批流程。压缩办理时限。（县政务服务中心负责）",
    ]


RUNNING_HEADER = (
    "青禾县2022年生态环境保护工作要点\n"
    "\n"
    "一、打好蓝天保卫战\n"
    "\n"
    "1.加强扬尘治理。严格落实施工工地扬尘管控措施。\n"
    "责任单位：县住建局\n"
    "\n"
    "- 2 -\n"
    "\n"
    "青禾县2022年生态环境保护工作要点\n"
    "\n"
    "2.推进污泥处置。城镇污水处理厂污泥含水\n"
    "\n"
    "- 3 -\n"
    "\n"
    "青禾县2022年生态环境保护工作要点\n"
    "\n"
    "率低于60%。\n"
    "责任单位：县住建局\n"
)


def test_running_header_of_a_two_page_document_is_dropped(rules):
    # The header repeats the plan title once, right after the only page-number line.
    text = (
        "青禾县2022年生态环境保护工作要点\n"
        "一、打好蓝天保卫战\n"
        "1.加强扬尘治理。严格落实施工工地扬尘管控措施。（县住建局负责）\n"
        "- 1 -\n"
        "青禾县2022年生态环境保护工作要点\n"
        "2.推进污泥处置。城镇污水处理厂污泥含水率低于60%。（县住建局负责）\n"
        "- 2 -\n"
    )
    assert lines_of(rules, text) == [
        "青禾县2022年生态环境保护工作要点",
        "一、打好蓝天保卫战",
        "1.加强扬尘治理。严格落实施工工地扬尘管控措施。（县住建局负责）",
        "2.推进污泥处置。城镇污水处理厂污泥含水率低于60%。（县住建局负责）",
    ]


def test_running_header_is_dropped_except_its_first_occurrence(rules):
    assert lines_of(rules, RUNNING_HEADER) == [
        "青禾县2022年生态环境保护工作要点",
        "一、打好蓝天保卫战",
        "1.加强扬尘治理。严格落实施工工地扬尘管控措施。",
        "责任单位：县住建局",
        "2.推进污泥处置。城镇污水处理厂污泥含水率低于60%。",
        "责任单位：县住建局",
    ]


# --- stray spaces and number repairs ---------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        pytest.param("1.改善空气质量。优良天数比例达到9 5%以上。", "1.改善空气质量。优良天数比例达到95%以上。", id="space-inside-number"),
        pytest.param("2.规范执法。编制核定数量为 70 人及以下的镇（街道）。", "2.规范执法。编制核定数量为70人及以下的镇（街道）。", id="space-before-measure"),
        pytest.param("3.治理大气污染。PM2. 5平均浓度持续下降。", "3.治理大气污染。PM2.5平均浓度持续下降。", id="pm2.5"),
        pytest.param("4.完成整改。整改率达到1 00%。", "4.完成整改。整改率达到100%。", id="1 00%"),
        pytest.param("5.提升比例。达到65.3 %。", "5.提升比例。达到65.3%。", id="space-before-percent"),
        pytest.param("15 构建贯通协同监督体系。强化审计监督。", "15.构建贯通协同监督体系。强化审计监督。", id="number-lost-period"),
        pytest.param("16. 加强党的领导。坚持学法。", "16.加强党的领导。坚持学法。", id="space-after-period"),
        pytest.param("１４．加强队伍建设。开展培训。", "14.加强队伍建设。开展培训。", id="full-width-number"),
        pytest.param("１．加强队伍建设。开展培训。", "1.加强队伍建设。开展培训。", id="full-width-one"),
    ],
)
def test_stray_spaces_and_number_repairs(rules, line, expected):
    assert lines_of(rules, line) == [expected]


def test_year_at_line_start_is_not_a_task_number(rules):
    # `2024 年` is a year with a stray space, not task 2024 that lost its period.
    assert lines_of(rules, "2024 年是实施“十四五”规划的关键一年。") == ["2024年是实施“十四五”规划的关键一年。"]


# --- ASCII punctuation in Chinese text --------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        pytest.param("牵头单位:县城管局", "牵头单位：县城管局", id="colon"),
        pytest.param(
            "3.推进垃圾分类。(牵头单位:县城管局,责任单位:县住建局、各乡镇)",
            "3.推进垃圾分类。（牵头单位：县城管局，责任单位：县住建局、各乡镇）",
            id="paren-colon-comma",
        ),
        pytest.param("责任单位：县财政局;各乡(镇)", "责任单位：县财政局；各乡（镇）", id="semicolon-paren"),
    ],
)
def test_ascii_punctuation_becomes_full_width(rules, line, expected):
    assert lines_of(rules, line) == [expected]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("4.规范窗口服务。每天9:30前开门办公。", id="time"),
        pytest.param("5.推进高标准农田建设。新建高标准农田1,200亩。", id="thousands"),
    ],
)
def test_ascii_colon_and_comma_between_digits_stay(rules, line):
    assert lines_of(rules, line) == [line]


# --- repaired clause brackets -----------------------------------------------------------------


def test_broken_clause_closers_are_repaired(rules):
    text = (
        "4.健全依法决策机制。严格落实重大行政决策程序规定。〔责任单位：县政府办，县司法局、县市场监管局等县级相关部门（单\n"
        "\n"
        "位))]\n"
        "\n"
        "5.促进法律顾问作用有效发挥。加强政府法律顾问工作。〔责任单位：县司法局〕\n"
    )
    assert lines_of(rules, text) == [
        "4.健全依法决策机制。严格落实重大行政决策程序规定。〔责任单位：县政府办，县司法局、县市场监管局等县级相关部门（单位）〕",
        "5.促进法律顾问作用有效发挥。加强政府法律顾问工作。〔责任单位：县司法局〕",
    ]


# --- what stays on its own line ---------------------------------------------------------------


def test_headings_are_not_joined_to_the_next_paragraph(rules):
    text = (
        "一、总体要求\n"
        "坚持以人民为中心的发展思想，全面提升政务服务水平。\n"
        "二、重点任务\n"
        "（一）加强组织领导\n"
        "各单位主要负责同志要亲自抓、负总责。\n"
        "（二）强化督促检查\n"
        "1.建立工作台账。逐项明确责任。（县政府办负责）\n"
    )
    assert lines_of(rules, text) == [
        "一、总体要求",
        "坚持以人民为中心的发展思想，全面提升政务服务水平。",
        "二、重点任务",
        "（一）加强组织领导",
        "各单位主要负责同志要亲自抓、负总责。",
        "（二）强化督促检查",
        "1.建立工作台账。逐项明确责任。（县政府办负责）",
    ]




@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "21.强化培训。合格率达100%。\n牵头单位：县应急局\n完成时限：年底前\n各乡镇要对照本要点，抓好落实。\n",
            ["21.强化培训。合格率达100%。", "牵头单位：县应急局", "完成时限：年底前", "各乡镇要对照本要点，抓好落实。"],
            id="closing-paragraph-after-deadline-line",
        ),
        pytest.param(
            "21.强化培训。合格率达100%。\n牵头单位：县应急局\n配合单位：县人社局\n青禾县安全生产委员会\n2025年2月20日\n",
            ["21.强化培训。合格率达100%。", "牵头单位：县应急局", "配合单位：县人社局", "青禾县安全生产委员会", "2025年2月20日"],
            id="signature-after-role-line",
        ),
        pytest.param(
            "3.推进垃圾分类。建立收运体系。\n配合单位：县发改局、县财政局、\n县住建局\n",
            ["3.推进垃圾分类。建立收运体系。", "配合单位：县发改局、县财政局、县住建局"],
            id="wrapped-role-line-is-joined",
        ),
    ],
)
def test_role_lines_stay_alone(rules, text, expected):
    assert lines_of(rules, text) == expected


COVER = (
    "青府办发〔2024〕29号\n"
    "\n"
    "关于印发《青禾县2024年法治政府\n"
    "建设重点工作安排》的通知\n"
    "\n"
    "各乡镇人民政府，县政府各部门：\n"
    "\n"
    "《青禾县2024年法治政府建设重点工作安排》已经县政府同意，现印发给你们，请认真抓好贯彻落实。\n"
    "\n"
    "青禾县人民政府办公室\n"
    "\n"
    "2024年7月12日\n"
    "\n"
    "青禾县2024年法治政府建设重点工作安排\n"
)


def test_cover_title_split_over_two_lines_is_joined(rules):
    assert "关于印发《青禾县2024年法治政府建设重点工作安排》的通知" in lines_of(rules, COVER)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("青府办发〔2024〕29号", id="doc-number"),
        pytest.param("2024年7月12日", id="date"),
        pytest.param("各乡镇人民政府，县政府各部门：", id="recipients"),
        pytest.param("青禾县人民政府办公室", id="signature"),
        pytest.param("青禾县2024年法治政府建设重点工作安排", id="plan-title"),
    ],
)
def test_header_lines_stay_alone(rules, line):
    assert line in lines_of(rules, COVER)


# --- char_map ---------------------------------------------------------------------------------

CHAR_MAP_TEXT = (
    "一、深化改革\n"
    "\n"
    "1.推进简政放权。及时清理地方保护、\n"
    "\n"
    "— 2 —\n"
    "\n"
    "市场壁垒等规定。达到9 5%以上。（县发改局负责）\n"
    "\n"
    "１４．加强队伍建设。开展培训。（县人社局负责）\n"
)


def test_char_map_has_one_offset_per_character(rules):
    doc = normalize(raw_document(CHAR_MAP_TEXT), rules)
    assert len(doc.char_map) == len(doc.text)


@pytest.mark.parametrize(
    "needle, raw_needle",
    [
        pytest.param("1.推进", "1.推进", id="task-number"),
        pytest.param("市场壁垒", "市场壁垒", id="after-page-break"),
        pytest.param("95%", "9 5%", id="after-stray-space"),
        pytest.param("（县发改局负责）", "（县发改局负责）", id="clause"),
        pytest.param("14.加强", "１４．加强", id="full-width"),
    ],
)
def test_char_map_points_back_to_the_raw_characters(rules, needle, raw_needle):
    doc = normalize(raw_document(CHAR_MAP_TEXT), rules)
    at = doc.text.index(needle)
    raw_at = CHAR_MAP_TEXT.index(raw_needle)
    # The first character maps to the first raw character; the last to the last.
    assert doc.char_map[at] == raw_at
    assert doc.char_map[at + len(needle) - 1] == raw_at + len(raw_needle) - 1


def test_char_map_maps_every_unchanged_character_to_itself(rules):
    doc = normalize(raw_document(CHAR_MAP_TEXT), rules)
    folds = {"1": "１", "4": "４", ".": "．"}
    for i, ch in enumerate(doc.text):
        if ch == "\n":
            continue
        raw_ch = CHAR_MAP_TEXT[doc.char_map[i]]
        assert raw_ch == ch or folds.get(ch) == raw_ch, (i, ch, raw_ch)


def test_char_map_is_increasing(rules):
    doc = normalize(raw_document(CHAR_MAP_TEXT), rules)
    offsets = [doc.char_map[i] for i, ch in enumerate(doc.text) if ch != "\n"]
    assert offsets == sorted(offsets)


# --- line endings and indentation -------------------------------------------------------------


def test_crlf_and_ideographic_indent(rules):
    lf = "一、深化改革\n\u3000\u30001.推进简政放权。梳理事项。\n（县发改局负责）\n"
    crlf = lf.replace("\n", "\r\n")
    assert lines_of(rules, crlf) == lines_of(rules, lf) == [
        "一、深化改革", "1.推进简政放权。梳理事项。", "（县发改局负责）",
    ]
    doc = normalize(raw_document(crlf), rules)
    at = doc.text.index("1.推进")
    assert crlf[doc.char_map[at]] == "1"
    assert crlf[doc.char_map[doc.text.index("（县发改局")]] == "（"


def test_numbered_heading_that_lost_its_opening_bracket_is_repaired(normalized):
    doc = normalized("（二）深化改革。推进审批。\n三）推行帮办代办服务。设立窗口。\n")
    assert doc.text.split("\n") == ["（二）深化改革。推进审批。", "（三）推行帮办代办服务。设立窗口。"]


def test_numbered_heading_that_lost_its_closing_bracket_is_repaired(normalized):
    doc = normalized("（二）深化改革。推进审批。\n（三推行帮办代办服务。设立窗口。［责任单位：县行政审批局］\n")
    assert doc.text.split("\n")[1] == "（三）推行帮办代办服务。设立窗口。［责任单位：县行政审批局］"


def test_an_open_bracket_far_from_any_role_word_is_not_closed(normalized):
    doc = normalized("2.加强服务（含帮办代办服务等内容。推动延伸。\n")
    assert doc.text == "2.加强服务（含帮办代办服务等内容。推动延伸。"


def test_a_mirror_sites_pinyin_glosses_are_dropped(parse_text):
    """`自治區(qū)農(nóng)牧廳`: pinyin in ASCII brackets after a character; its `)` is no clause end."""
    notice = parse_text("一、重点任务\n1.推进草原保护。(自治区(qū)农(nóng)牧厅、发(fā)展改革委牵头)\n")
    assert [u.surface for u in notice.tasks[0].units if u.role == "lead"] == ["自治区农牧厅", "发展改革委"]
