"""OCR of scanned PDFs (readers/ocr.py through readers/pdf.py) and repair of OCR-damaged unit names.

Tests that run Tesseract are skipped, with the reason shown, where it is not
installed; the scanned pages they read are drawn here with Pillow, except the
seed notice as printed and scanned (seed-scan.pdf).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import regex
from PIL import Image, ImageDraw, ImageFont

from pipeline.errors import UnreadableDocument
from pipeline.model import Problem
from pipeline.ocr_repair import repair_unit
from pipeline.readers import ocr
from pipeline.readers import pdf as pdf_reader
from pipeline.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
SEED_SCAN = ROOT / "tests" / "fixtures" / "seed-scan.pdf"
GOLD = ROOT / "corpus" / "notice-2024-pingchang.gold.json"
MISSING = "the PDF is a scanned image and needs OCR, but tesseract is not installed: " + ocr.INSTALL_HINT

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def _chinese_font() -> str | None:
    """The file of a Simplified Chinese font fontconfig knows, else None."""
    if shutil.which("fc-list") is None:
        return None
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "--format=%{file}|%{family}\n"], capture_output=True, text=True
    ).stdout.splitlines()
    files = [line.split("|")[0] for line in listed if line]
    preferred = [line.split("|")[0] for line in listed if "SC" in line.split("|")[-1] and "Bold" not in line]
    return (preferred or files or [None])[0]


FONT = _chinese_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no Chinese font (apt-get install fonts-noto-cjk)")

# A4 at 150 dpi, as a scanner would give it.
DPI = 150
PAGE_PX = (1240, 1754)


def _page_image(lines: list[str], footer: str | None = None, noise: bool = False) -> Image.Image:
    """Given text lines, return an A4 page image at DPI with them set in 16 pt (and a 14 pt footer)."""
    font = ImageFont.truetype(FONT, size=round(16 * DPI / 72), index=_sc_index(FONT))
    small = ImageFont.truetype(FONT, size=round(14 * DPI / 72), index=_sc_index(FONT))
    image = Image.new("L", PAGE_PX, 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((160, 300 + i * 60), line, font=font, fill=0)
    if footer:
        draw.text((560, 1610), footer, font=small, fill=0)
    if noise:
        image = image.rotate(0.4, fillcolor=255, resample=Image.Resampling.BICUBIC)
    return image


def scanned_pdf(pages: list[list[str]], *, footer: str | None = "— {n} —", noise: bool = False) -> bytes:
    """Given pages of text lines, return a PDF of page images (no text layer), a footer `— n —` on each page."""
    images = [
        _page_image(lines, footer.format(n=n) if footer else None, noise) for n, lines in enumerate(pages, 1)
    ]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def _sc_index(font_file: str) -> int:
    """Noto CJK collections hold JP, KR, SC, TC, HK faces in that order; take SC."""
    return 2 if font_file.endswith(".ttc") and "Noto" in font_file else 0


def read_bytes(data: bytes, name: str = "scan.pdf", **options):
    return pdf_reader.read(Path(name), data, "scan", hashlib.sha256(data).hexdigest(), **options)


def blank_scan() -> bytes:
    """A one-page PDF whose page is an image (grey with a dark box): a scan, whatever it shows."""
    image = Image.new("L", (600, 850), 230)
    ImageDraw.Draw(image).rectangle((100, 100, 300, 140), fill=20)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# A small scan made here

PAGE_ONE = ["一、全面优化政府职能", "1.深入推进放管服改革。动态调整权责清单。", "〔责任单位：县司法局，县财政局〕"]
PAGE_TWO = ["2.持续优化法治化营商环境。审查率达100%。", "〔责任单位：县发改局，县市场监管局〕"]


@pytest.fixture(scope="module")
def small_scan():
    if FONT is None:
        pytest.skip("no Chinese font (apt-get install fonts-noto-cjk)")
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    return read_bytes(scanned_pdf([PAGE_ONE, PAGE_TWO], noise=True), jobs=2)


@needs_tesseract
@needs_font
def test_small_scan_is_read_line_by_line(small_scan):
    # Tesseract prints 〔 ： 〕 as [ : ] (normalize.py folds them back): compare with those folded.
    folded = small_scan.text.translate(str.maketrans("[]:", "〔〕："))
    assert folded.split("\n") == PAGE_ONE + PAGE_TWO


@needs_tesseract
@needs_font
def test_small_scan_through_the_pipeline(small_scan, rules):
    from pipeline.parse import parse

    notice = parse(small_scan, rules)
    assert [(t.no, t.section, t.page) for t in notice.tasks] == [("1", "一", 1), ("2", "一", 2)]
    assert [[(u.name, u.role) for u in t.units] for t in notice.tasks] == [
        [("县司法局", "lead"), ("县财政局", "co")],
        [("县发展和改革局", "lead"), ("县市场监督管理局", "co")],
    ]


@needs_tesseract
@needs_font
def test_small_scan_keeps_pages_and_says_it_was_ocred(small_scan):
    assert small_scan.source.pages == 2
    assert small_scan.source.ocr_pages == (1, 2)
    assert small_scan.page_starts == (0, len("\n".join(PAGE_ONE)) + 1)
    assert small_scan.problems == (Problem(code="ocr_pages", message="pages 1–2 were read by OCR"),)


@needs_tesseract
@needs_font
def test_small_scan_has_no_footers_and_no_spaces_between_chinese(small_scan):
    assert "—" not in small_scan.text
    assert regex.findall(r"\p{Han}\s+\p{Han}", small_scan.text.replace("\n", "")) == []


@needs_tesseract
@needs_font
def test_one_page_scan_through_read_document(tmp_path):
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scanned_pdf([PAGE_TWO], footer=None))
    raw = read_document(path)
    assert raw.doc_id == "扫描件"
    assert raw.text.translate(str.maketrans("[]:", "〔〕：")).split("\n") == PAGE_TWO
    assert raw.source.ocr_pages == (1,)
    assert raw.problems == (Problem(code="ocr_pages", message="page 1 was read by OCR"),)


@needs_tesseract
@needs_font
def test_scanned_page_among_text_pages():
    from test_readers_pdf import body_page, make_pdf

    scan = _page_image(PAGE_TWO)
    raw = read_bytes(make_pdf([body_page("一、全面优化政府职能"), scan, []]))
    assert raw.text.translate(str.maketrans("[]:", "〔〕：")).split("\n") == ["一、全面优化政府职能", *PAGE_TWO, ""]
    assert raw.page_starts == (0, 11, 11 + len("\n".join(PAGE_TWO)) + 1)
    assert raw.source.ocr_pages == (2,)
    assert raw.problems[0] == Problem(code="ocr_pages", message="page 2 was read by OCR")
    assert [p.code for p in raw.problems] == ["ocr_pages", "page_without_text"]


@needs_tesseract
def test_scan_with_nothing_to_read():
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(blank_scan())
    assert caught.value.reason == "the PDF is a scanned image and OCR found no text in it"


# ---------------------------------------------------------------------------
# Without Tesseract (these run everywhere)


def test_missing_tesseract_is_one_line_that_says_how_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(blank_scan(), "bad.pdf")
    assert caught.value.reason == MISSING
    assert caught.value.path == "bad.pdf"
    assert "\n" not in str(caught.value)


def test_missing_tesseract_on_the_seed_scan(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    with pytest.raises(UnreadableDocument) as caught:
        read_document(SEED_SCAN)
    assert caught.value.reason == MISSING


def test_missing_chinese_model_is_named(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: "/usr/bin/tesseract")
    listed = subprocess.CompletedProcess([], 0, stdout='List of available languages in "/x/" (2):\neng\nosd\n', stderr="")
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: listed)
    assert ocr.unavailable() == (
        "tesseract has no simplified-Chinese model (chi_sim): apt-get install tesseract-ocr-chi-sim"
    )


def test_tesseract_failure_on_a_page_is_unreadable(monkeypatch):
    def failing(command, **kwargs):
        if "--list-langs" in command:
            return subprocess.CompletedProcess(command, 0, stdout="chi_sim\neng\n", stderr="")
        return subprocess.CompletedProcess(command, 1, stdout=b"", stderr=b"Error in pixReadMem\nImage too large\n")

    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: "/usr/bin/tesseract")
    monkeypatch.setattr(subprocess, "run", failing)
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(blank_scan())
    assert caught.value.reason == "OCR of page 1 failed: Image too large"


def test_each_tesseract_runs_with_one_openmp_thread(monkeypatch):
    seen = []

    def recording(command, **kwargs):
        seen.append(kwargs["env"]["OMP_THREAD_LIMIT"])
        return subprocess.CompletedProcess(command, 0, stdout=TSV.encode(), stderr=b"")

    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: "/usr/bin/tesseract")
    monkeypatch.setattr(subprocess, "run", recording)
    pages = ocr.read_images([Image.new("L", (10, 10), 255)] * 3, resolution=150, jobs=2)
    assert seen == ["1", "1", "1"]
    assert len(pages) == 3


# Tesseract's TSV for two lines at 150 dpi (px); the second is a footer read as 人 at confidence 0.
TSV = "\n".join(
    "\t".join(str(v) for v in row)
    for row in [
        ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height", "conf", "text"),
        (1, 1, 0, 0, 0, 0, 0, 0, 1240, 1754, -1, ""),
        (4, 1, 1, 1, 1, 0, 150, 300, 700, 32, -1, ""),
        (5, 1, 1, 1, 1, 1, 150, 300, 100, 32, 96.5, "2024"),
        (5, 1, 1, 1, 1, 2, 260, 300, 30, 32, 93.0, "年"),
        (5, 1, 1, 1, 1, 3, 300, 300, 60, 32, 91.0, "是实"),
        (5, 1, 1, 1, 1, 4, 370, 300, 60, 32, 90.0, "PM2.5"),
        (5, 1, 1, 1, 1, 5, 440, 300, 60, 32, 90.0, "浓度"),
        (5, 1, 1, 1, 1, 6, 505, 300, 20, 32, 90.0, " "),
        (4, 1, 1, 2, 1, 0, 180, 1600, 88, 20, -1, ""),
        (5, 1, 1, 2, 1, 1, 180, 1600, 88, 20, 0.0, "人"),
    ]
)


def test_tsv_to_lines_groups_words_and_scales_to_points():
    first, footer = ocr.tsv_to_lines(TSV, resolution=150)
    assert [w["text"] for w in first.words] == ["2024", "年", "是实", "PM2.5", "浓度"]
    assert first.top == pytest.approx(300 * 72 / 150)
    assert first.bottom == pytest.approx(332 * 72 / 150)
    assert first.words[0]["x0"] == pytest.approx(150 * 72 / 150)
    assert first.words[0]["size"] == pytest.approx(32 * 72 / 150)
    assert not first.doubtful
    assert footer.doubtful and footer.confidence == 0


def test_ocr_lines_lose_the_spaces_between_chinese_words():
    lines = pdf_reader.ocr_lines_to_lines(ocr.tsv_to_lines(TSV, resolution=150))
    assert [line.text for line in lines] == ["2024年是实PM2.5浓度", "人"]
    assert [line.doubtful for line in lines] == [False, True]


def _page(number: int, *lines, height: float = 842.0):
    return pdf_reader._Page(number, height, tuple(lines), marks=True)


def _line(text: str, top: float, doubtful: bool = False):
    return pdf_reader._Line(text, top, top + 16, doubtful)


def test_doubtful_footers_are_furniture_when_they_recur():
    # `— 2 —` read as 人, 站, 9: different text, same place, OCR unsure each time.
    pages = [
        _page(n, _line(f"第{n}页正文", 150), _line(footer, 770, doubtful=True))
        for n, footer in enumerate(["人", "站", "9", "和"], 1)
    ]
    cleaned = pdf_reader.remove_furniture(pages)
    assert [[line.text for line in page.lines] for page in cleaned] == [["第1页正文"], ["第2页正文"], ["第3页正文"], ["第4页正文"]]


def test_a_doubtful_line_in_the_body_or_once_at_the_edge_stays():
    pages = [
        _page(1, _line("正文", 150), _line("人位)", 400, doubtful=True)),
        _page(2, _line("正文", 150), _line("站", 770, doubtful=True)),
        _page(3, _line("正文", 150)),
        _page(4, _line("正文", 150)),
    ]
    cleaned = pdf_reader.remove_furniture(pages)
    assert [line.text for line in cleaned[0].lines] == ["正文", "人位)"]
    assert [line.text for line in cleaned[1].lines] == ["正文", "站"]


@pytest.mark.parametrize(
    "numbers, phrase",
    [
        ((3,), "page 3"),
        ((1, 2, 3, 4, 5, 6, 7, 8, 9), "pages 1–9"),
        ((1, 2, 3, 5), "pages 1–3, 5"),
        ((2, 4), "pages 2, 4"),
    ],
)
def test_pages_phrase(numbers, phrase):
    assert pdf_reader._pages_phrase(numbers) == phrase


# ---------------------------------------------------------------------------
# Repairs of OCR damage in rules/normalize.toml, as seed-scan.pdf shows it


@pytest.mark.parametrize(
    "ocr_text, expected",
    [
        pytest.param(
            "确保项目依法顺利实施。【〔责任单位: 县司法局，\n县经信局、县招商局等县级相关部门〈单位) ]",
            "确保项目依法顺利实施。〔责任单位：县司法局，县经信局、县招商局等县级相关部门（单位）〕",
            id="stray-bracket-and-angle-paren",
        ),
        pytest.param(
            "编制核定数量为 70 人及以下的镇《街道) ，年内至少通过考试",
            "编制核定数量为70人及以下的镇（街道），年内至少通过考试",
            id="double-angle-as-paren",
        ),
        pytest.param(
            "〔责任单位: 县政府办，县委巡察办、县审计局等县级相关部门 单位) ]",
            "〔责任单位：县政府办，县委巡察办、县审计局等县级相关部门（单位）〕",
            id="unit-paren-lost",
        ),
        pytest.param(
            "〔责任单位: 县法治政府建设工作领导小组办公室，县政府办、司法局等县级相关部门\n人位)",
            "〔责任单位：县法治政府建设工作领导小组办公室，县政府办、司法局等县级相关部门（单位）〕",
            id="unit-paren-read-as-人",
        ),
        pytest.param(
            "[责任单位: 县司法局，县信访局等具级相关部门 (单位) ]",
            "［责任单位：县司法局，县信访局等县级相关部门（单位）］",
            id="具级",
        ),
        pytest.param(
            "[责任单位: 县应急管理局，县公安局、县水利局、上县卫健局、县林业局]",
            "［责任单位：县应急管理局，县公安局、县水利局、县卫健局、县林业局］",
            id="character-invented-after-enumeration-comma",
        ),
        pytest.param(
            "大力实施提升行政执法质量三\n年行动计划 (2023一2025 年) ，全面落实",
            "大力实施提升行政执法质量三年行动计划（2023—2025年），全面落实",
            id="year-range-dash",
        ),
        pytest.param("按期办结率、回复\n率达 1009%。", "按期办结率、回复率达100%。", id="percent-read-as-9%"),
        pytest.param(
            "[责任单位: 县应急管理局，县林业局等县级相关部门单位) ]\n]11.增强安全风险防范能力。开展专项行动",
            "［责任单位：县应急管理局，县林业局等县级相关部门（单位）］\n11.增强安全风险防范能力。开展专项行动",
            id="stray-closer-before-task-number",
        ),
        pytest.param(
            "平昌府办发〔2024] 29号\n平昌县人民政府办公室\n关于印发《平昌县人民政府2024年法治政府\n建设重点工作安排》的通知",
            "平昌府办发〔2024〕29号\n平昌县人民政府办公室关于印发《平昌县人民政府2024年法治政府建设重点工作安排》的通知",
            id="document-number-stays-its-own-line",
        ),
    ],
)
def test_ocr_damage_is_repaired_in_normalization(normalized, ocr_text, expected):
    assert normalized(ocr_text).text == expected


# ---------------------------------------------------------------------------
# repair_unit

VOCABULARY = [
    "县司法局", "县财政局", "县自然资源和规划局", "县卫生健康局", "县卫健局", "县住建局",
    "县农业局", "县林业局", "县政府办", "县市场监督管理局", "县委编办",
]  # fmt: skip


@pytest.mark.parametrize(
    "surface, expected",
    [
        pytest.param("具司法局", "县司法局", id="misread-character"),
        pytest.param("上县卫健局", "县卫健局", id="inserted-character"),
        pytest.param("县自然资源规划局", "县自然资源和规划局", id="lost-character"),
        pytest.param("具自然资源和规划局", "县自然资源和规划局", id="long-name"),
        pytest.param("具 司法局", "县司法局", id="stray-space-is-not-an-edit"),
        pytest.param("县衣业局", None, id="two-names-one-edit-away"),
        pytest.param("县卫建局", None, id="卫健局-and-住建局-both-one-edit-away"),
        pytest.param("县司法局", None, id="already-known"),
        pytest.param("具司法", None, id="too-short-to-trust"),
        pytest.param("具自然资源规划局", None, id="two-edits-away"),
        pytest.param("县教育局", None, id="nothing-close"),
        pytest.param("", None, id="empty"),
    ],
)
def test_repair_unit(surface, expected):
    assert repair_unit(surface, VOCABULARY) == expected


def test_repair_unit_max_distance():
    assert repair_unit("具自然资源规划局", VOCABULARY, max_distance=2) == "县自然资源和规划局"
    assert repair_unit("具司法局", VOCABULARY, max_distance=0) is None


def test_repair_unit_ignores_short_known_names():
    # `县局` is one edit from `县X局` for every X: a name that short cannot be a repair.
    assert repair_unit("县司局", ["县局", "县司法局"]) is None
    assert repair_unit("县公安局", ["县公安", "县安局"]) is None


def test_repair_unit_against_the_real_vocabulary(rules):
    known = {"县" + body for body in rules.units.names | set(rules.units.aliases)}
    assert repair_unit("具自然资源和规划局", known) == "县自然资源和规划局"
    assert repair_unit("上县卫健局", known) == "县卫健局"
    assert repair_unit("县市场监菅管理局", known) == "县市场监督管理局"


# ---------------------------------------------------------------------------
# The seed notice, printed and scanned (9 pages, images only)

SEED_TASK_PAGES = {
    1: 2, 2: 3, 3: 3, 4: 3, 5: 4, 6: 4, 7: 5, 8: 5, 9: 5,
    10: 6, 11: 6, 12: 7, 13: 7, 14: 8, 15: 8, 16: 8, 17: 9, 18: 9,
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_scan():
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    return read_document(SEED_SCAN)


@needs_tesseract
def test_seed_scan_source(seed_scan):
    assert seed_scan.source.pages == 9
    assert seed_scan.source.ocr_pages == tuple(range(1, 10))
    assert len(seed_scan.page_starts) == 9
    assert Problem(code="ocr_pages", message="pages 1–9 were read by OCR") in seed_scan.problems
    assert not [p for p in seed_scan.problems if p.code == "page_without_text"]


@needs_tesseract
def test_seed_scan_has_no_page_numbers_and_no_spaces_between_chinese(seed_scan):
    lines = seed_scan.text.split("\n")
    assert all(line == line.strip() and line for line in lines)
    # Footers `— 2 —` come out of OCR as 人, 站, 9 or 和: no such line is left.
    assert not [line for line in lines if regex.fullmatch(r"[\p{Han}\d—\-]{1,3}", line)]
    assert regex.findall(r"\p{Han}[ \t\u3000]+\p{Han}", seed_scan.text) == []


@needs_tesseract
@pytest.mark.parametrize("no, page", sorted(SEED_TASK_PAGES.items()))
def test_seed_scan_task_pages(seed_scan, rules, no, page):
    from pipeline.parse import parse

    tasks = [task for task in parse(seed_scan, rules).tasks if task.no == str(no)]
    assert len(tasks) == 1
    assert tasks[0].page == page


@needs_tesseract
def test_seed_scan_through_the_pipeline(seed_scan, rules):
    """Scored as `make eval` scores: all 18 tasks with numbers and sections, lead units right
    for at least 17, co-unit F1 and target F1 at least 0.9."""
    from pipeline.evaluate import score_document
    from pipeline.export import notice_to_dict
    from pipeline.parse import parse

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    card = score_document("seed-scan", gold, notice_to_dict(parse(seed_scan, rules)))
    counts = card.counts
    assert (counts["tasks"].tp, counts["tasks"].fp, counts["tasks"].fn) == (18, 0, 0)
    assert counts["sections"].f1 == 1.0
    assert card.lead_exact >= 17
    assert counts["co_units"].f1 >= 0.9
    assert counts["targets"].f1 >= 0.9


def test_ocr_damaged_unit_is_repaired_with_a_warning(rules):
    from pipeline.model import RawDocument, Source
    from pipeline.parse import parse

    text = "青石县2024年工作要点\n一、重点任务\n1.加强监管。严格执行。〔责任单位：县司法局，具自然资源和规划局、县某某协会〕\n"
    source = Source(path="scan.pdf", format="pdf", sha256="0", pages=1, ocr_pages=(1,))
    notice = parse(RawDocument(doc_id="scan", source=source, text=text, page_starts=(0,)), rules)
    co = [(u.name, u.surface, u.how) for u in notice.tasks[0].units if u.role == "co"]
    assert co == [("县自然资源和规划局", "具自然资源和规划局", "repaired"), ("县某某协会", "县某某协会", "unknown")]
    codes = [w.code for w in notice.warnings]
    assert codes.count("unit_repaired") == 1 and codes.count("unknown_unit") == 1


def test_names_in_a_text_document_are_never_repaired(rules):
    from pipeline.model import RawDocument, Source
    from pipeline.parse import parse

    text = "青石县2024年工作要点\n一、重点任务\n1.加强监管。严格执行。〔责任单位：县司法局，具自然资源和规划局〕\n"
    notice = parse(RawDocument(doc_id="t", source=Source(path="t.txt", format="txt", sha256="0"), text=text), rules)
    assert [u.how for u in notice.tasks[0].units if u.role == "co"] == ["unknown"]
