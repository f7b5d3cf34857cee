"""PDF notices: the text layer through pdfplumber, one line per visual line.

A page without a text layer that shows an image (a scan) is read by OCR
(ocr.py, Tesseract); its lines go through the same steps as text lines.
Page furniture (page-number footers such as `— 3 —` and running headers) is
dropped; nothing else is repaired. Lines broken across lines and pages are
rejoined later, by normalize.py.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import pdfplumber
import regex
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import UnreadableDocument
from ..model import Problem, RawDocument, Source

# Settings, as data (pdfplumber keeps its defaults as constants the same way).
X_TOLERANCE = 3  # pt: a wider gap between two glyphs ends a word (pdfplumber's default)
Y_TOLERANCE = 3  # pt: glyphs whose tops differ by less are on one line
# A gap this many ems wide between two Chinese glyphs is a column gap, not
# spacing, and keeps a space ("序号      重点任务" in a drawn table).
COLUMN_GAP_EM = 1.5
# The outer share of the page height where headers and footers stand. GB/T 9704
# puts the page number 7 mm under a body that ends 35 mm above the page edge,
# about 9% of an A4 height; the body starts 37 mm (13%) from the top.
FURNITURE_BAND = 0.12
FURNITURE_LINES = 2  # at most this many lines at each edge can be furniture
# A band line is furniture when its text (numbers masked) is in the band on at
# least this share of the pages, and on two pages at least. Not a strict
# majority, so that headers alternating on odd and even pages still count.
FURNITURE_SHARE = 0.4

# What masks a page number so that `— 3 —` and `— 4 —` have one key.
_NUMBER = regex.compile(r"[0-9０-９]+|[〇零一二三四五六七八九十百]+")
_SPACE = regex.compile(r"\s+")
# A key that is nothing but a page number: `—#—`, `-#-`, `第#页共#页`, `#/#`, `Page#of#`, `#`.
_PAGE_NUMBER_KEY = regex.compile(
    r"(?i)[\p{Pd}\p{Ps}\p{Pe}_~·•.|/／]*(?:page|第)?#页?(?:(?:of|/|／|共)#页?)?[\p{Pd}\p{Ps}\p{Pe}_~·•.|/／]*"
)
# Han, CJK punctuation, kana, full-width forms: scripts written without spaces.
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026]")

_BLANK = "the PDF has no text and no images: its pages are blank"
_OCR_FOUND_NOTHING = "the PDF is a scanned image and OCR found no text in it"
# What a page draws besides text; a page without text that draws any of them may be a scan.
_MARKS = ("image", "curve", "rect", "line")


@dataclass(frozen=True)
class _Line:
    text: str
    top: float  # from the top edge of the page, in pt
    bottom: float
    doubtful: bool = False  # OCR could not really read it (a `— 2 —` footer read as 人)


@dataclass(frozen=True)
class _Page:
    number: int  # 1-based
    height: float
    lines: tuple[_Line, ...]
    marks: bool = False  # draws an image or vector graphics: without text, maybe a scan


def read(path: Path, data: bytes, doc_id: str, sha256: str, *, jobs: int | None = None) -> RawDocument:
    """Given the bytes of a PDF, return its text with page offsets; scanned pages are read by OCR.

    `jobs` is how many pages Tesseract reads at once (default: one per CPU).
    Pages read by OCR are named in `source.ocr_pages` and an `ocr_pages`
    problem; pages left without text in a `page_without_text` problem.
    """
    pages = extract_pages(data, str(path))
    scanned = [page.number for page in pages if not page.lines and page.marks]
    ocr_missing = None
    if scanned:
        from . import ocr  # imported only for a scan: a text PDF starts faster without it

        ocr_missing = ocr.unavailable()
    if scanned and ocr_missing is None:
        pages = _replace_pages(pages, read_by_ocr(data, str(path), scanned, jobs))
    pages = remove_furniture(pages)
    page_texts = ["\n".join(line.text for line in page.lines) for page in pages]
    empty = [page.number for page, text in zip(pages, page_texts) if not text.strip()]
    if len(empty) == len(pages):
        if not scanned:
            raise UnreadableDocument(str(path), _BLANK)
        if ocr_missing:
            raise UnreadableDocument(str(path), f"the PDF is a scanned image and needs OCR, but {ocr_missing}")
        raise UnreadableDocument(str(path), _OCR_FOUND_NOTHING)
    ocr_pages = tuple(n for n in scanned if n not in empty) if ocr_missing is None else ()
    problems = _page_problems(ocr_pages, empty, scanned, ocr_missing)
    page_starts, offset = [], 0
    for text in page_texts:
        page_starts.append(offset)
        offset += len(text) + 1
    source = Source(path=str(path), format="pdf", sha256=sha256, encoding=None, pages=len(pages), ocr_pages=ocr_pages)
    return RawDocument(
        doc_id=doc_id,
        source=source,
        text="\n".join(page_texts),
        page_starts=tuple(page_starts),
        problems=problems,
    )


def _page_problems(
    ocr_pages: tuple[int, ...], empty: list[int], scanned: list[int], ocr_missing: str | None
) -> tuple[Problem, ...]:
    """The problems that name pages: those OCR read, those left without text (and why)."""
    problems = []
    if ocr_pages:
        verb = "was" if len(ocr_pages) == 1 else "were"
        problems.append(Problem(code="ocr_pages", message=f"{_pages_phrase(ocr_pages)} {verb} read by OCR"))
    ocr_tried = scanned if ocr_missing is None else []
    found_nothing = [n for n in empty if n in ocr_tried]
    if found_nothing:
        message = f"OCR found no text on {_pages_phrase(tuple(found_nothing))}; the content of those pages is missing"
        problems.append(Problem(code="page_without_text", message=message))
    not_read = [n for n in empty if n not in ocr_tried]
    if not_read:
        hint = ocr_missing if any(n in scanned for n in not_read) else None
        problems.append(Problem(code="page_without_text", message=_pages_without_text_message(not_read, hint)))
    return tuple(problems)


def extract_pages(data: bytes, path: str) -> list[_Page]:
    """Given the bytes of a PDF, return its pages as lines with their vertical position."""
    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument(path, "not a PDF file (it does not start with %PDF)")
    # Only pdfplumber runs inside the try: pdfminer raises anything on a broken
    # file (PSEOF, KeyError, struct.error...), and a bug of ours should not pass
    # for a damaged file.
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for page in pdf.pages:
                marks = any(page.objects.get(kind) for kind in _MARKS)
                pages.append((page.page_number, float(page.height), page.bbox[1], page_words(page), marks))
                page.close()  # drops the page's cached layout; long notices stay small
    except Exception as exc:  # noqa: BLE001
        raise UnreadableDocument(path, _failure_reason(exc)) from None
    if not pages:
        raise UnreadableDocument(path, "the PDF has no pages")
    return [
        _Page(number, height, words_to_lines(words, page_top), marks)
        for number, height, page_top, words, marks in pages
    ]


def read_by_ocr(data: bytes, path: str, numbers: list[int], jobs: int | None = None) -> list[_Page]:
    """Given the bytes of a PDF and 1-based page numbers, return those pages as read by OCR.

    Pages are rendered one at a time (pdfium is not thread-safe) and each is
    handed to Tesseract as soon as it is drawn; `jobs` pages are read at once.
    """
    from . import ocr

    resolution = ocr.RESOLUTION
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            # The PDF opened once already; what fails from here on is OCR, not the file.
            images = (_render(pdf.pages[number - 1], resolution) for number in numbers)
            sizes: list[float] = []
            found = ocr.read_images(_recording_heights(images, sizes, resolution), resolution, jobs)
    except ocr.OcrError as exc:
        raise UnreadableDocument(path, exc.reason) from None
    return [
        _Page(number, height, ocr_lines_to_lines(lines), marks=True)
        for number, height, lines in zip(numbers, sizes, found)
    ]


def _render(page: "pdfplumber.page.Page", resolution: float):
    """Given a pdfplumber page, return it drawn as a PIL image (smoothed: a scaled scan reads better)."""
    from . import ocr

    try:
        image = page.to_image(resolution=resolution, antialias=True).original
    except Exception as exc:  # noqa: BLE001  pdfium refuses some files pdfminer reads
        raise ocr.OcrError(f"page {page.page_number} cannot be drawn for OCR ({type(exc).__name__})") from None
    page.close()
    return image


def _recording_heights(images, sizes: list[float], resolution: float):
    """Pass images on, noting each one's height in pt (the page as drawn, rotation included)."""
    for image in images:
        sizes.append(image.height * 72 / resolution)
        yield image


def ocr_lines_to_lines(lines) -> tuple[_Line, ...]:
    """Given the lines OCR found on a page, return them as text lines, without spaces between Chinese words."""
    found = []
    for line in lines:
        text = words_to_line(list(line.words)).strip()
        if text:
            found.append(_Line(text=text, top=line.top, bottom=line.bottom, doubtful=line.doubtful))
    return tuple(found)


def _replace_pages(pages: list[_Page], replacements: list[_Page]) -> list[_Page]:
    by_number = {page.number: page for page in replacements}
    return [by_number.get(page.number, page) for page in pages]


def page_words(page: "pdfplumber.page.Page") -> list[dict]:
    """Given a pdfplumber page, return its words, each with its chars."""
    # Fake bold draws every glyph twice, a hair apart; keep one of each (the
    # dedupe is slow, so it runs only on a page that has such pairs).
    if _has_doubled_chars(page.chars):
        page = page.dedupe_chars()
    return page.extract_words(
        x_tolerance=X_TOLERANCE,
        y_tolerance=Y_TOLERANCE,
        keep_blank_chars=True,  # a real space glyph stays inside its word
        use_text_flow=False,  # reading order by position, not by drawing order
        return_chars=True,
    )


def _has_doubled_chars(chars: list[dict], tolerance: float = 1) -> bool:
    """Whether two chars with the same text stand within `tolerance` of each other (fake bold).

    Chars are sorted by text, line band and x, so a doubled glyph sits next to
    its twin; two band offsets catch a pair that straddles a band boundary.
    """
    for shift in (0, tolerance / 2):
        ordered = sorted(chars, key=lambda c: (c["text"], round((c["doctop"] + shift) / tolerance), c["x0"]))
        for a, b in zip(ordered, ordered[1:]):
            if (a["text"] == b["text"] and abs(a["doctop"] - b["doctop"]) <= tolerance
                    and abs(a["x0"] - b["x0"]) <= tolerance):
                return True
    return False


def words_to_lines(words: list[dict], page_top: float = 0) -> tuple[_Line, ...]:
    """Given the words of a page, return its visual lines, top to bottom, without spurious spaces."""
    lines = []
    for cluster in cluster_objects(words, itemgetter("top"), Y_TOLERANCE):
        text = words_to_line(cluster).strip()
        if text:
            top = min(w["top"] for w in cluster) - page_top
            bottom = max(w["bottom"] for w in cluster) - page_top
            lines.append(_Line(text=text, top=top, bottom=bottom))
    return tuple(lines)


def words_to_line(words: list[dict]) -> str:
    """Given the words of one visual line, return its text.

    pdfplumber puts a space between any two words; Chinese has none, and the
    gap LibreOffice leaves between Chinese and digits ("政府 2024 年") is not
    one either. A space is kept only between two non-Chinese words
    ("PM2.5 浓度", "Word 文档") or across a column gap.
    """
    words = sorted(words, key=itemgetter("x0"))
    parts = [words[0]["text"]]
    for prev, word in zip(words, words[1:]):
        left, right = prev["text"][-1:], word["text"][:1]
        if left and right and not left.isspace() and not right.isspace():
            size = max(_glyph_size(prev, -1), _glyph_size(word, 0))
            wide = _WIDE.match(left) or _WIDE.match(right)
            if not wide or word["x0"] - prev["x1"] >= COLUMN_GAP_EM * size:
                parts.append(" ")
        parts.append(word["text"])
    return "".join(parts)


def _glyph_size(word: dict, index: int) -> float:
    """The font size at one end of a word: its glyph's for text, the line height an OCR word carries."""
    chars = word.get("chars")
    return (chars[index].get("size") if chars else word.get("size")) or 0


def remove_furniture(pages: list[_Page]) -> list[_Page]:
    """Given the pages, return them without running headers and page-number footers.

    A line is furniture when it stands at the top or bottom edge of its page
    AND recurs there on many pages, the same text or the same text with
    another number (`— 2 —`, `— 3 —`; `第3页 共9页`). Position alone would take
    a short last body line; a pattern alone would take a body line "3". A line
    OCR could not read counts as a page number: on a scan `— 2 —` comes out as
    人 on one page and 站 on the next, but always where the page number stands.
    """
    candidates = {page.number: _edge_lines(page) for page in pages}
    pages_with_key: dict[str, set[int]] = {}
    for number, lines in candidates.items():
        for line in lines:
            pages_with_key.setdefault(_furniture_key(line), set()).add(number)
    threshold = max(2, math.ceil(FURNITURE_SHARE * len(pages)))
    furniture = set()
    for key, numbers in pages_with_key.items():
        page_number_like = _PAGE_NUMBER_KEY.fullmatch(key) is not None
        # A short notice cannot show repetition; there a bare page number at
        # the edge of the page is enough (`— 1 —` under a one-page notice).
        if len(numbers) >= threshold or (page_number_like and (len(numbers) >= 2 or len(pages) <= 2)):
            furniture.add(key)
    cleaned = []
    for page in pages:
        drop = {id(line) for line in candidates[page.number] if _furniture_key(line) in furniture}
        kept = tuple(line for line in page.lines if id(line) not in drop)
        cleaned.append(_Page(page.number, page.height, kept, page.marks))
    return cleaned


def _edge_lines(page: _Page) -> list[_Line]:
    """Given a page, return the lines at its top and bottom edges that could be furniture."""
    top_edge = FURNITURE_BAND * page.height
    bottom_edge = (1 - FURNITURE_BAND) * page.height
    found = []
    for line in page.lines[:FURNITURE_LINES]:
        if line.bottom > top_edge:
            break
        found.append(line)
    for line in reversed(page.lines[len(found) :][-FURNITURE_LINES:]):
        if line.top < bottom_edge:
            break
        found.append(line)
    return found


def _furniture_key(line: _Line) -> str:
    if line.doubtful:
        return "#"
    return _NUMBER.sub("#", _SPACE.sub("", line.text))


def _pages_without_text_message(numbers: list[int], ocr_missing: str | None = None) -> str:
    listed = ", ".join(str(n) for n in numbers)
    noun = "page" if len(numbers) == 1 else "pages"
    why = f"a scanned image needs OCR, but {ocr_missing}" if ocr_missing else "a scanned image needs OCR"
    return f"no text on {noun} {listed} ({why}); the content of those pages is missing"


def _pages_phrase(numbers: tuple[int, ...]) -> str:
    """Given sorted page numbers, return `page 3`, `pages 1–9` or `pages 1–3, 5`."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    noun = "page" if len(numbers) == 1 else "pages"
    return f"{noun} {', '.join(parts)}"


def _failure_reason(exc: Exception) -> str:
    """Given what pdfplumber/pdfminer raised, return a plain reason."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return "the PDF is encrypted (it needs a password)"
    if isinstance(cause, PDFEncryptionError):
        return "the PDF is encrypted in a way that cannot be read"
    return "the PDF is damaged or truncated"
