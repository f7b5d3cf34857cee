"""PDF reader: the seed notice as LibreOffice printed it, and tiny PDFs written here by hand."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest
import regex
from PIL import Image, ImageDraw

from pipeline.errors import UnreadableDocument
from pipeline.model import Problem
from pipeline.readers import pdf as pdf_reader
from pipeline.readers import read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_PDF = FIXTURES / "seed.pdf"
SEED_SCAN = FIXTURES / "seed-scan.pdf"

# The page each task's "N." line starts on, read off the rendered seed.pdf.
SEED_TASK_PAGES = {
    1: 2, 2: 3, 3: 3, 4: 3, 5: 4, 6: 4, 7: 5, 8: 5, 9: 5,
    10: 6, 11: 6, 12: 7, 13: 7, 14: 8, 15: 8, 16: 8, 17: 9, 18: 9,
}  # fmt: skip


def read_bytes(data: bytes, name: str = "notice.pdf"):
    return pdf_reader.read(Path(name), data, "notice", hashlib.sha256(data).hexdigest())


def lines_of(raw) -> list[str]:
    return raw.text.split("\n")


# ---------------------------------------------------------------------------
# A minimal PDF writer. Text uses the non-embedded Adobe-GB1 font STSong-Light
# with the UniGB-UCS2-H CMap, so a string is the text's UTF-16BE bytes and
# pdfminer maps it back to Unicode; every glyph is 1 em wide (/DW 1000).

PAGE_W, PAGE_H = 595, 842
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = hashlib.md5(b"pipeline test pdf").digest()
_PERMISSIONS = -4


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _standard_security(user: bytes, owner: bytes) -> tuple[bytes, bytes, bytes]:
    """Given the passwords, return (O, U, file key) of the 40-bit RC4 handler (PDF 1.4, algorithm 3.2-3.4, R2)."""
    padded_user, padded_owner = (user + _PAD)[:32], (owner + _PAD)[:32]
    o_value = _rc4(hashlib.md5(padded_owner).digest()[:5], padded_user)
    perms = _PERMISSIONS.to_bytes(4, "little", signed=True)
    key = hashlib.md5(padded_user + o_value + perms + _FILE_ID).digest()[:5]
    return o_value, _rc4(key, _PAD), key


def make_pdf(pages: list, *, user_password: bytes | None = None) -> bytes:
    """Given pages of (x, top, size, text) runs, return the bytes of a PDF (RC4-encrypted when a user password is given).

    A page given as a PIL image is a scanned page: the image (as JPEG) fills it, and it has no text.
    """
    key = None
    if user_password is not None:
        o_value, u_value, key = _standard_security(user_password, b"owner-secret")

    def crypt(num: int, data: bytes) -> bytes:
        if key is None:
            return data
        return _rc4(hashlib.md5(key + num.to_bytes(3, "little") + b"\0\0").digest()[:10], data)

    def string(num: int, data: bytes) -> bytes:
        return b"<" + crypt(num, data).hex().encode() + b">"

    objects: dict[int, bytes] = {}
    page_nums = [5 + 2 * i for i in range(len(pages))]
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % n for n in page_nums)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))
    objects[3] = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>"
    objects[4] = (
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry "
        + string(4, b"Adobe")
        + b" /Ordering "
        + string(4, b"GB1")
        + b" /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
        + b" /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>"
        + b" /DW 1000 >>"
    )
    image_num = max(page_nums, default=3) + 2
    for num, runs in zip(page_nums, pages):
        if isinstance(runs, Image.Image):
            jpeg = io.BytesIO()
            runs.convert("L").save(jpeg, "JPEG", quality=90)
            pixels = crypt(image_num, jpeg.getvalue())
            objects[image_num] = (
                b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8"
                b" /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream" % (runs.width, runs.height, len(pixels), pixels)
            )
            content = b"q %d 0 0 %d 0 0 cm /Im1 Do Q\n" % (PAGE_W, PAGE_H)
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image_num
            image_num += 1
        else:
            content = b"".join(
                b"BT /F1 %g Tf 1 0 0 1 %g %g Tm <%s> Tj ET\n"
                % (size, x, PAGE_H - top - size, text.encode("utf-16-be").hex().encode())
                for x, top, size, text in runs
            )
            resources = b"<< /Font << /F1 3 0 R >> >>"
        objects[num] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>" % (
            PAGE_W, PAGE_H, resources, num + 1,
        )
        body = crypt(num + 1, content)
        objects[num + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)
    trailer_extra = b""
    if key is not None:
        encrypt_num = max(objects) + 1
        objects[encrypt_num] = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            o_value.hex().encode(),
            u_value.hex().encode(),
            _PERMISSIONS,
        )
        trailer_extra = b" /Encrypt %d 0 R" % encrypt_num

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    file_id = _FILE_ID.hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /ID [<%s> <%s>]%s >>\n" % (size, file_id, file_id, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def body_page(*lines: str, first_top: float = 110, size: float = 16) -> list[tuple]:
    """Given body lines, return runs that set them one under another, 28 pt apart."""
    return [(72, first_top + 28 * i, size, text) for i, text in enumerate(lines)]


# ---------------------------------------------------------------------------
# seed.pdf


@pytest.fixture(scope="module")
def seed():
    return read_document(SEED_PDF)


def test_seed_pdf_source_and_pages(seed):
    assert seed.doc_id == "seed"
    assert seed.source.format == "pdf"
    assert seed.source.pages == 9
    assert seed.source.encoding is None
    assert seed.source.sha256 == hashlib.sha256(SEED_PDF.read_bytes()).hexdigest()
    assert len(seed.page_starts) == 9
    assert seed.page_starts[0] == 0
    assert list(seed.page_starts) == sorted(seed.page_starts)
    assert seed.problems == ()


@pytest.mark.parametrize(
    "expected",
    [
        "平昌府办发〔2024〕29号",
        "1.深入推进“放管服”改革",
        "18.加快推进数字法治政府建设",
        "15.构建贯通协同监督体系",  # typed "15 构建" in the .txt seed, fixed in the .docx
        "16. 加强党对法治政府建设的领导",  # the space after "16." is typed in the source
        "定数量为 70 人及以下的镇（街道）",  # real space glyphs stay
        "关于印发《平昌县人民政府2024年法治政府",  # no gap-space between 政府 and 2024
    ],
)
def test_seed_pdf_contains(seed, expected):
    assert expected in seed.text


def test_seed_pdf_has_no_page_numbers_and_no_spaces_between_chinese(seed):
    lines = lines_of(seed)
    assert not [line for line in lines if regex.fullmatch(r"[\s\p{Pd}]*\d+[\s\p{Pd}]*", line)]
    assert "—" not in "".join(line for line in lines if len(line) < 8)
    assert regex.findall(r"\p{Han}[ \t\u3000]+\p{Han}", seed.text) == []
    assert all(line == line.strip() and line for line in lines)


def test_seed_pdf_pages_start_where_the_page_text_starts(seed):
    page_texts = [seed.text[start:end].rstrip("\n") for start, end in zip(seed.page_starts, seed.page_starts[1:] + (None,))]
    assert page_texts[0].startswith("平昌府办发〔2024〕29号\n")
    assert page_texts[0].endswith("2024年7月12日")
    assert page_texts[1].startswith("平昌县人民政府\n2024年法治政府建设重点工作安排\n")
    assert page_texts[2].startswith("2.持续优化法治化营商环境。")  # task 1's clause ends page 2
    assert page_texts[8].endswith("位）〕")


@pytest.mark.parametrize("no, page", sorted(SEED_TASK_PAGES.items()))
def test_seed_pdf_task_pages(seed, no, page):
    starts = [m.start() for m in regex.finditer(rf"(?m)^{no}\.", seed.text)]
    assert len(starts) == 1
    assert seed.page_at(starts[0]) == page


# seed-scan.pdf, the same notice printed and scanned: images only. It is read
# by OCR where Tesseract is installed (the whole notice: tests/test_ocr.py).


def test_seed_scan_without_tesseract_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    with pytest.raises(UnreadableDocument) as caught:
        read_document(SEED_SCAN)
    assert caught.value.reason == (
        "the PDF is a scanned image and needs OCR, but tesseract is not installed: "
        "apt-get install tesseract-ocr tesseract-ocr-chi-sim"
    )
    assert caught.value.path == str(SEED_SCAN)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_seed_scan_page_is_read_by_ocr():
    (page,) = pdf_reader.read_by_ocr(SEED_SCAN.read_bytes(), str(SEED_SCAN), [2], jobs=1)
    assert page.number == 2
    assert page.height == pytest.approx(842, abs=1)
    texts = [line.text for line in page.lines]
    # The running header and the footer `— 2 —` are still there (remove_furniture drops
    # them); OCR reads the footer as garbage it doubts.
    assert texts[:3] == ["平昌县人民政府2024年法治政府建设重点工作安排", "平昌县人民政府", "2024年法治政府建设重点工作安排"]
    assert "一、全面优化政府职能，服务保障高质量发展" in texts
    assert texts[-2] == "出]"  # the end of task 1's clause
    footer = page.lines[-1]
    assert footer.doubtful and footer.top > (1 - pdf_reader.FURNITURE_BAND) * page.height
    assert not any(line.doubtful for line in page.lines[:-1])
    assert all(top < bottom for top, bottom in ((line.top, line.bottom) for line in page.lines))
    assert [line.top for line in page.lines] == sorted(line.top for line in page.lines)


# ---------------------------------------------------------------------------
# Generated PDFs: spacing


@pytest.mark.parametrize(
    "runs, expected",
    [
        pytest.param(
            # LibreOffice leaves a quarter-em gap between Chinese and digits.
            [(72, 110, 16, "平昌县人民政府"), (72 + 7 * 16 + 4, 110, 16, "2024"), (72 + 11 * 16 + 8, 110, 16, "年")],
            "平昌县人民政府2024年",
            id="gap-between-chinese-and-digits",
        ),
        pytest.param(
            [(72, 110, 16, "加强"), (72 + 2 * 16 + 6, 110, 16, "执法")],
            "加强执法",
            id="justified-gap-between-chinese",
        ),
        pytest.param(
            [(72, 110, 16, "Word"), (72 + 4 * 16 + 6, 110, 16, "document")],
            "Word document",
            id="gap-between-latin-words-is-a-space",
        ),
        pytest.param(
            [(72, 110, 16, "序号"), (72 + 2 * 16 + 40, 110, 16, "重点任务")],
            "序号 重点任务",
            id="column-gap-keeps-a-space",
        ),
        pytest.param(
            [(72, 110, 16, "为 70 人")],
            "为 70 人",
            id="real-space-glyphs-kept",
        ),
        pytest.param(
            # Fake bold: every glyph drawn twice, 0.3 pt apart.
            [(72, 110, 16, "加强党的领导"), (72.3, 110, 16, "加强党的领导")],
            "加强党的领导",
            id="fake-bold-deduped",
        ),
        pytest.param(
            [(300, 110, 16, "右边"), (72, 110, 16, "左边")],
            "左边 右边",
            id="reading-order-by-position",
        ),
    ],
)
def test_generated_line_text(runs, expected):
    raw = read_bytes(make_pdf([runs]))
    assert raw.text == expected
    assert raw.page_starts == (0,)
    assert raw.source.pages == 1


# ---------------------------------------------------------------------------
# Generated PDFs: headers and footers


BODY = [
    ("第一页正文第一行", "第一页正文第二行"),
    ("第二页正文第一行", "3", "第二页正文第三行"),  # a bare "3" in the body is body text
    ("第三页正文第一行",),
]


@pytest.mark.parametrize(
    "footer",
    [
        pytest.param("— {n} —", id="em-dashes"),
        pytest.param("- {n} -", id="hyphens"),
        pytest.param("第{n}页 共3页", id="page-of"),
        pytest.param("{n}", id="bare-number"),
    ],
)
def test_page_number_footers_removed(footer):
    pages = [body_page(*lines) + [(280, 770, 14, footer.format(n=n))] for n, lines in enumerate(BODY, 1)]
    raw = read_bytes(make_pdf(pages))
    assert lines_of(raw) == [line for lines in BODY for line in lines]
    assert raw.page_starts == (0, 18, 38)
    assert raw.problems == ()


def test_running_header_removed_and_edge_body_lines_kept():
    header = (200, 40, 12, "平昌县人民政府办公室文件")
    pages = [
        [header] + body_page("第一页正文") + [(72, 730, 16, "第一页最后一行正文"), (280, 770, 14, "— 1 —")],
        [header] + body_page("第二页正文") + [(72, 730, 16, "第二页最后一行正文"), (280, 770, 14, "— 2 —")],
        [header] + body_page("第三页正文") + [(72, 730, 16, "第三页最后一行正文"), (280, 770, 14, "— 3 —")],
    ]
    raw = read_bytes(make_pdf(pages))
    assert lines_of(raw) == [
        "第一页正文",
        "第一页最后一行正文",
        "第二页正文",
        "第二页最后一行正文",
        "第三页正文",
        "第三页最后一行正文",
    ]


def test_page_number_pattern_alone_is_not_enough():
    # "2" stands at the foot of one page of three: not repeated, so it stays.
    pages = [body_page("第一页正文"), body_page("第二页正文") + [(280, 770, 14, "2")], body_page("第三页正文")]
    assert lines_of(read_bytes(make_pdf(pages))) == ["第一页正文", "第二页正文", "2", "第三页正文"]


def test_one_page_notice_loses_its_page_number():
    raw = read_bytes(make_pdf([body_page("唯一一页正文") + [(280, 770, 14, "— 1 —")]]))
    assert raw.text == "唯一一页正文"


# ---------------------------------------------------------------------------
# Generated PDFs: pages without text, bad files


def test_page_without_text_is_a_problem():
    raw = read_bytes(make_pdf([body_page("第一页正文"), [], body_page("第三页正文"), []]))
    assert raw.text == "第一页正文\n\n第三页正文\n"
    assert raw.page_starts == (0, 6, 7, 13)
    assert raw.source.pages == 4
    assert raw.problems == (
        Problem(
            code="page_without_text",
            message="no text on pages 2, 4 (a scanned image needs OCR); the content of those pages is missing",
        ),
    )


def scan_image() -> Image.Image:
    """A page image with something on it (a dark box): what a scanner gives, whatever it shows."""
    image = Image.new("L", (PAGE_W, PAGE_H), 235)
    ImageDraw.Draw(image).rectangle((100, 100, 300, 130), fill=30)
    return image


def test_scanned_page_among_text_pages_without_tesseract(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    raw = read_bytes(make_pdf([body_page("第一页正文"), scan_image(), []]))
    assert raw.text == "第一页正文\n\n"
    assert raw.source.ocr_pages == ()
    assert raw.problems == (
        Problem(
            code="page_without_text",
            message="no text on pages 2, 3 (a scanned image needs OCR, but tesseract is not installed: "
            "apt-get install tesseract-ocr tesseract-ocr-chi-sim); the content of those pages is missing",
        ),
    )


def test_owner_password_only_pdf_is_read():
    # Encrypted with an empty user password (copy/print restrictions only): it opens without one.
    raw = read_bytes(make_pdf([body_page("加密但可打开")], user_password=b""))
    assert raw.text == "加密但可打开"


@pytest.mark.parametrize(
    "data, reason",
    [
        pytest.param(make_pdf([[], []]), "the PDF has no text and no images: its pages are blank", id="blank-pages"),
        pytest.param(
            make_pdf([body_page("机密")], user_password=b"secret"),
            "the PDF is encrypted (it needs a password)",
            id="encrypted",
        ),
        pytest.param(
            SEED_PDF.read_bytes()[: len(SEED_PDF.read_bytes()) // 2],
            "the PDF is damaged or truncated",
            id="truncated-seed",
        ),
        pytest.param(
            make_pdf([body_page("正文")])[:-300],
            "the PDF is damaged or truncated",
            id="truncated-small",
        ),
        pytest.param(b"%PDF-1.4\n" + b"\x00garbage" * 50, "the PDF is damaged or truncated", id="garbage-after-header"),
        pytest.param(b"PK\x03\x04 this is a zip, not a PDF", "not a PDF file (it does not start with %PDF)", id="not-pdf"),
    ],
)
def test_unreadable_pdfs(data, reason):
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(data, "bad.pdf")
    assert caught.value.reason == reason
    assert caught.value.path == "bad.pdf"
    assert caught.value.__cause__ is None  # no pdfminer traceback attached


def test_dispatcher_reads_pdf(tmp_path):
    path = tmp_path / "2024年 通知.pdf"
    data = make_pdf([body_page("一、总体要求")])
    path.write_bytes(data)
    raw = read_document(path)
    assert raw.doc_id == "2024年 通知"
    assert raw.source.path == str(path)
    assert raw.source.sha256 == hashlib.sha256(data).hexdigest()
    assert raw.text == "一、总体要求"


@pytest.mark.parametrize("chars, doubled", [
    pytest.param([("的", 50.0, 100.0), ("的", 50.2, 100.3), ("的", 50.0, 300.0)], True, id="twin-beside-same-text"),
    pytest.param([("的", 50.4, 100.0), ("的", 50.6, 100.2)], True, id="twin-across-a-band-edge"),
    pytest.param([("的", 50.0, 100.0), ("的", 50.0, 116.0), ("地", 50.0, 100.2)], False, id="no-twins"),
])
def test_doubled_chars_are_found_before_the_slow_dedupe(chars, doubled):
    from pipeline.readers.pdf import _has_doubled_chars

    objects = [{"text": text, "doctop": top, "x0": x0} for text, top, x0 in chars]
    assert _has_doubled_chars(objects) is doubled
