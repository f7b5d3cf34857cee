"""DOCX reader: the seed notice with typed and with automatic numbers, and documents built here with python-docx."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
from pathlib import Path

import docx
import pytest
import regex
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.errors import UnreadableDocument
from pipeline.readers import docx as docx_reader
from pipeline.readers import read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_DOCX = FIXTURES / "seed.docx"
SEED_AUTONUMBER = FIXTURES / "seed-autonumber.docx"


def read_bytes(data: bytes, name: str = "notice.docx"):
    return docx_reader.read(Path(name), data, "notice", hashlib.sha256(data).hexdigest())


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def non_empty_lines(raw) -> list[str]:
    return [line for line in raw.text.split("\n") if line.strip()]


# ---------------------------------------------------------------------------
# The seed notice


@pytest.fixture(scope="module")
def typed():
    return read_document(SEED_DOCX)


@pytest.fixture(scope="module")
def autonumbered():
    return read_document(SEED_AUTONUMBER)


def test_seed_docx_source(typed):
    assert typed.doc_id == "seed"
    assert typed.source.format == "docx"
    assert typed.source.pages is None
    assert typed.source.encoding is None
    assert typed.source.sha256 == hashlib.sha256(SEED_DOCX.read_bytes()).hexdigest()
    assert typed.page_starts == (0,)
    assert typed.problems == ()
    assert typed.page_at(100) is None


def test_seed_docx_first_lines(typed):
    assert non_empty_lines(typed)[:4] == [
        "平昌府办发〔2024〕29号",
        "平昌县人民政府办公室",
        "关于印发《平昌县人民政府2024年法治政府",  # a w:br inside the title paragraph
        "建设重点工作安排》的通知",
    ]
    assert "页" not in typed.text and "—" not in typed.text.replace("2023—2025", "")  # footers are not body


@pytest.mark.parametrize("which", ["typed", "autonumbered"])
def test_seed_docx_tasks_numbered_1_to_18(which, request):
    raw = request.getfixturevalue(which)
    numbers = [int(m.group(1)) for m in regex.finditer(r"(?m)^(\d+)\.", raw.text)]
    assert numbers == list(range(1, 19))
    lines = non_empty_lines(raw)
    assert "1.深入推进“放管服”改革。" in raw.text
    assert lines[12].startswith("1.深入推进“放管服”改革。动态调整《平昌县县级部门权责清单》")
    assert lines[-1].startswith("18.加快推进数字法治政府建设。加快“电子证照”归集共享")


def test_seed_autonumber_gives_the_typed_lines(typed, autonumbered):
    typed_lines, auto_lines = non_empty_lines(typed), non_empty_lines(autonumbered)
    assert len(typed_lines) == len(auto_lines) == 35
    # seed.docx keeps the seed's typed "16. " and "17. " (a space after the dot);
    # the automatic "%1." has w:suff="nothing", so those two lines differ by that space only.
    differing = [(t, a) for t, a in zip(typed_lines, auto_lines) if t != a]
    assert [(t[:6], a[:6]) for t, a in differing] == [("16. 加强", "16.加强党"), ("17. 全面", "17.全面提")]
    assert [t.replace(". ", ".", 1) for t, _ in differing] == [a for _, a in differing]
    assert [t for t in typed_lines if t not in dict(differing)] == [a for a in auto_lines if a not in dict(differing).values()]


# ---------------------------------------------------------------------------
# Tables


def task_table_document() -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph("附件：重点任务分解表")
    table = document.add_table(rows=5, cols=5)
    title = table.cell(0, 0).merge(table.cell(0, 4))
    title.text = "平昌县2024年法治政府建设重点任务分解表"
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "深入推进“放管服”改革", " 县行政审批和数据局 ", "县发改局", "2024年12月底前"],
        ["2", "强化公共法律服务供给", "县司法局", "县经信局", "年内"],
        ["3", "加强行政执法工作监督", "", "各行政执法部门", "长期坚持"],
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    table.cell(2, 3).add_paragraph("县市场监管局")  # two paragraphs in one cell
    merged = table.cell(3, 2).merge(table.cell(4, 2))  # 牵头单位 of tasks 2 and 3, merged vertically
    merged.text = "县司法局"
    document.add_paragraph("以上任务请按期完成。")
    return document


def test_task_table_rows():
    raw = read_bytes(save(task_table_document()))
    assert raw.text.split("\n") == [
        "附件：重点任务分解表",
        "平昌县2024年法治政府建设重点任务分解表",  # one cell spanning five columns, once
        "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限",
        "1 | 深入推进“放管服”改革 | 县行政审批和数据局 | 县发改局县市场监管局 | 2024年12月底前",
        "2 | 强化公共法律服务供给 | 县司法局 | 县经信局 | 年内",
        "3 | 加强行政执法工作监督 |  | 各行政执法部门 | 长期坚持",  # under a vertical merge: empty
        "以上任务请按期完成。",
    ]


def test_table_with_automatic_serial_numbers():
    document = docx.Document()
    add_numbering(document, [abstract(900, lvl(0, "decimal", "%1", suff="nothing"))], [num(900, 900)])
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "重点任务"
    for r, task in ((1, "深化行政执法标准化建设"), (2, "加强行政执法工作监督")):
        set_num_pr(table.cell(r, 0).paragraphs[0], 900, 0)  # the number is Word's, the cell text empty
        table.cell(r, 1).text = task
    raw = read_bytes(save(document))
    assert raw.text.split("\n") == ["序号 | 重点任务", "1 | 深化行政执法标准化建设", "2 | 加强行政执法工作监督"]


# ---------------------------------------------------------------------------
# Automatic numbering, built into numbering.xml


def lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, suff: str | None = None, extra: str = "") -> str:
    suffix = f'<w:suff w:val="{suff}"/>' if suff else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'{extra}{suffix}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
    )


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, aid: int, start_overrides: dict[int, int] | None = None) -> str:
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>'
        for i, s in (start_overrides or {}).items()
    )
    return f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def add_numbering(document, abstracts: list[str], nums: list[str]) -> None:
    numbering = document.part.numbering_part.element
    for i, xml in enumerate(abstracts):
        numbering.insert(i, parse_xml(xml))  # abstractNum elements come before num elements
    for xml in nums:
        numbering.append(parse_xml(xml))


def set_num_pr(paragraph, num_id: int | None, ilvl: int | None) -> None:
    parts = ""
    if ilvl is not None:
        parts += f'<w:ilvl w:val="{ilvl}"/>'
    if num_id is not None:
        parts += f'<w:numId w:val="{num_id}"/>'
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}>{parts}</w:numPr>'))


CHINESE_LEVELS = abstract(
    100,
    lvl(0, "chineseCounting", "%1、", suff="nothing"),
    lvl(1, "chineseCounting", "（%2）", suff="nothing"),
    lvl(2, "decimal", "%3.", suff="nothing"),
)


@pytest.mark.parametrize(
    "abstracts, nums, paragraphs, expected",
    [
        pytest.param(
            [CHINESE_LEVELS],
            [num(100, 100)],
            [("总体要求", 100, 0), ("指导思想", 100, 1), ("第一项", 100, 2), ("第二项", 100, 2),
             ("工作目标", 100, 1), ("第三项", 100, 2), ("重点任务", 100, 0), ("优化职能", 100, 1)],  # fmt: skip
            ["一、总体要求", "（一）指导思想", "1.第一项", "2.第二项", "（二）工作目标", "1.第三项", "二、重点任务", "（一）优化职能"],
            id="three-levels-restart-lower-levels",
        ),
        pytest.param(
            [abstract(101, lvl(0, "chineseCountingThousand", "%1、", start=9, suff="nothing"))],
            [num(101, 101)],
            [("第九部分", 101, 0), ("第十部分", 101, 0), ("第十一部分", 101, 0)],
            ["九、第九部分", "十、第十部分", "十一、第十一部分"],
            id="start-value-and-chinese-tens",
        ),
        pytest.param(
            [abstract(102, lvl(0, "ideographTraditional", "%1.", suff="nothing"))],
            [num(102, 102)],
            [("甲项", 102, 0), ("乙项", 102, 0), ("丙项", 102, 0)],
            ["甲.甲项", "乙.乙项", "丙.丙项"],
            id="ideograph-traditional",
        ),
        pytest.param(
            [abstract(103, lvl(0, "decimal", "%1.")), abstract(104, lvl(0, "decimalEnclosedCircle", "%1", suff="space"))],
            [num(103, 103), num(104, 104)],
            [("默认制表符", 103, 0), ("空格", 104, 0), ("再一个", 104, 0)],
            ["1.\t默认制表符", "① 空格", "② 再一个"],
            id="suffix-tab-and-space",
        ),
        pytest.param(
            [abstract(105, lvl(0, "decimal", "%1.", suff="nothing"))],
            [num(105, 105), num(106, 105, {0: 1}), num(107, 105)],
            [("甲", 105, 0), ("乙", 105, 0), ("丙", 106, 0), ("丁", 106, 0), ("戊", 105, 0), ("己", 107, 0)],
            ["1.甲", "2.乙", "1.丙", "2.丁", "3.戊", "4.己"],
            id="nums-share-the-abstract-counter-startOverride-restarts",
        ),
        pytest.param(
            [abstract(108, lvl(0, "chineseCounting", "%1、", suff="nothing"),
                      lvl(1, "chineseCounting", "（%2）", suff="nothing", extra='<w:lvlRestart w:val="0"/>'))],  # fmt: skip
            [num(108, 108)],
            [("一部分", 108, 0), ("一小节", 108, 1), ("二部分", 108, 0), ("二小节", 108, 1)],
            ["一、一部分", "（一）一小节", "二、二部分", "（二）二小节"],
            id="lvlRestart-0-never-restarts",
        ),
        pytest.param(
            [abstract(109, lvl(0, "chineseCounting", "%1、", suff="nothing"),
                      lvl(1, "decimal", "%1.%2", suff="space", extra="<w:isLgl/>"))],  # fmt: skip
            [num(109, 109)],
            [("部分", 109, 0), ("条款", 109, 1), ("条款", 109, 1)],
            ["一、部分", "1.1 条款", "1.2 条款"],
            id="isLgl-shows-arabic",
        ),
        pytest.param(
            [abstract(110, lvl(0, "decimal", "%1.", suff="nothing"))],
            [num(110, 110)],
            [("编号", 110, 0), ("不编号", None, None), ("去掉编号", 0, 0), ("接着编号", 110, 0)],
            ["1.编号", "不编号", "去掉编号", "2.接着编号"],
            id="plain-and-numId-0-paragraphs",
        ),
        pytest.param(
            [abstract(111, lvl(0, "bullet", "\uf0b7")), abstract(112, lvl(0, "chineseLegalSimplified", "第%1条", suff="space"))],
            [num(111, 111), num(112, 112)],
            [("要点", 111, 0), ("条文", 112, 0)],
            ["要点", "第壹条 条文"],
            id="bullet-has-no-number",
        ),
    ],
)
def test_automatic_numbering(abstracts, nums, paragraphs, expected):
    document = docx.Document()
    add_numbering(document, abstracts, nums)
    for text, num_id, ilvl in paragraphs:
        paragraph = document.add_paragraph(text)
        if num_id is not None:
            set_num_pr(paragraph, num_id, ilvl)
    assert read_bytes(save(document)).text.split("\n") == expected


def test_numbering_through_styles():
    document = docx.Document()
    add_numbering(document, [CHINESE_LEVELS], [num(100, 100)])
    style = document.styles.add_style("TaskHeading", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="100"/></w:numPr>'))
    document.add_paragraph("总体要求", style="TaskHeading")
    set_num_pr(document.add_paragraph("指导思想", style="TaskHeading"), None, 1)  # level from the paragraph, list from the style
    document.add_paragraph("重点任务", style="TaskHeading")
    document.add_paragraph("第一项", style="List Number")  # python-docx's own template: numId 5, "%1.", tab
    document.add_paragraph("第二项", style="List Number")
    document.add_paragraph("副标题", style="Subtitle")  # its style has an ilvl but no numId: no number
    assert read_bytes(save(document)).text.split("\n") == [
        "一、总体要求",
        "（一）指导思想",
        "二、重点任务",
        "1.\t第一项",
        "2.\t第二项",
        "副标题",
    ]


@pytest.mark.parametrize(
    "n, fmt, expected",
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (19, "chineseCounting", "十九"),
        (20, "chineseCountingThousand", "二十"),
        (105, "chineseCountingThousand", "一百零五"),
        (110, "chineseCountingThousand", "一百一十"),
        (1001, "chineseCountingThousand", "一千零一"),
        (11, "chineseLegalSimplified", "壹拾壹"),
        (10, "ideographDigital", "一〇"),
        (11, "ideographTraditional", "甲"),
        (13, "ideographZodiac", "子"),
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (27, "upperLetter", "AA"),
        (3, "lowerLetter", "c"),
        (7, "decimalZero", "07"),
        (12, "decimalFullWidth", "１２"),
        (3, "decimalEnclosedParen", "⑶"),
        (21, "decimalEnclosedCircle", "21"),
        (5, "none", ""),
        (5, "someFutureFormat", "5"),
    ],
)
def test_format_number(n, fmt, expected):
    assert docx_reader.format_number(n, fmt) == expected


# ---------------------------------------------------------------------------
# Paragraph content


def test_paragraph_runs_hyperlinks_insertions_and_hidden_text():
    document = docx.Document()
    paragraph = document.add_paragraph("责任单位：")
    p = paragraph._p
    p.append(parse_xml(f'<w:hyperlink {nsdecls("w")}><w:r><w:t>县司法局</w:t></w:r></w:hyperlink>'))
    p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>，县财政局</w:t></w:r></w:ins>'))
    p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>，县已删局</w:delText></w:r></w:del>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:tab/><w:t>等</w:t></w:r>'))
    sdt = f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>内容控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    document.element.body.insert(1, parse_xml(sdt))
    assert read_bytes(save(document)).text.split("\n") == ["责任单位：县司法局，县财政局\t等", "内容控件中的段落"]


# ---------------------------------------------------------------------------
# Bad input


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rewrite_member(data: bytes, name: str, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    members[name] = change(members[name])
    return zip_of(members)


def minimal_docx(text: str = "正文") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    return save(document)


def broken_xml(xml: bytes) -> bytes:
    return xml.replace(b"</w:body>", b"")


@pytest.mark.parametrize(
    "data, reason",
    [
        pytest.param(b"just some text, not a zip", "not a Word .docx file (it is not a zip archive)", id="not-zip"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "not a Word .docx file (it is an old .doc file or a password-protected document)",
            id="ole-doc",
        ),
        pytest.param(zip_of({"hello.txt": b"hi"}), "not a Word .docx file (the zip has no word/document.xml)", id="zip-without-document"),
        pytest.param(
            zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            "not a Word .docx file (the zip has no word/document.xml)",
            id="xlsx-like-zip",
        ),
        pytest.param(minimal_docx()[:2000], "not a Word .docx file (it is not a zip archive)", id="truncated-zip"),
        pytest.param(save(docx.Document()), "the .docx has no text", id="empty-document"),
        pytest.param(
            zip_of({"word/document.xml": b"x", "word/media/blob.bin": b"\0" * (2 * 1024 * 1024)}),
            "the .docx member word/media/blob.bin expands 1023 times (a zip bomb); refusing it",
            id="compression-ratio",
        ),
    ],
)
def test_unreadable_docx(data, reason):
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(data, "bad.docx")
    assert caught.value.reason == reason
    assert caught.value.path == "bad.docx"


def test_broken_document_xml():
    data = rewrite_member(minimal_docx(), "word/document.xml", broken_xml)
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(data)
    assert caught.value.reason.startswith("the .docx is damaged (broken XML: ")


def test_docx_expanding_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_DOCX_UNCOMPRESSED", 1024 * 1024)
    noise = random.Random(0).randbytes(1536 * 1024)  # incompressible: only the size check can catch it
    data = zip_of({"word/document.xml": b"x", "word/media/image1.png": noise})
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(data)
    assert caught.value.reason == "the .docx expands to more than 1 MB; refusing it"
    assert docx_reader.MAX_DOCX_UNCOMPRESSED == 1024 * 1024
    monkeypatch.undo()
    assert docx_reader.MAX_DOCX_UNCOMPRESSED == 200 * 1024 * 1024


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FROM-DISK", encoding="utf-8")

    def add_entities(xml: bytes) -> bytes:
        declaration_end = xml.index(b"?>") + 2
        doctype = (
            f'\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
            '<!ENTITY net SYSTEM "http://127.0.0.1:9/xxe"><!ENTITY lol "LOLLOL">]>'
        ).encode()
        xml = xml[:declaration_end] + doctype + xml[declaration_end:]
        return xml.replace("占位".encode(), "开头&xxe;&net;&lol;".encode())

    data = rewrite_member(minimal_docx("占位"), "word/document.xml", add_entities)
    raw = read_bytes(data)
    assert raw.text.startswith("开头")
    assert "SECRET" not in raw.text
    assert "LOL" not in raw.text  # internal entities stay unexpanded too (no billion laughs)


def test_dispatcher_reads_docx(tmp_path):
    path = tmp_path / "任务分解.docx"
    data = save(task_table_document())
    path.write_bytes(data)
    raw = read_document(path)
    assert raw.doc_id == "任务分解"
    assert raw.source.path == str(path)
    assert raw.source.sha256 == hashlib.sha256(data).hexdigest()
    assert raw.text.split("\n")[2] == "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限"
