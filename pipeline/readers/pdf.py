"""PDF notices: the text layer through pdfplumber, one line per visual line.

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

_NO_TEXT_LAYER = "the PDF has no text layer (a scanned image); it needs OCR"


@dataclass(frozen=True)
class _Line:
    text: str
    top: float  # from the top edge of the page, in pt
    bottom: float


@dataclass(frozen=True)
class _Page:
    number: int  # 1-based
    height: float
    lines: tuple[_Line, ...]


def read(path: Path, data: bytes, doc_id: str, sha256: str) -> RawDocument:
    """Given the bytes of a PDF, return its text with page offsets and text-less pages as problems."""
    pages = remove_furniture(extract_pages(data, str(path)))
    page_texts = ["\n".join(line.text for line in page.lines) for page in pages]
    empty = [page.number for page, text in zip(pages, page_texts) if not text.strip()]
    if len(empty) == len(pages):
        raise UnreadableDocument(str(path), _NO_TEXT_LAYER)
    problems = ()
    if empty:
        problems = (Problem(code="page_without_text", message=_pages_without_text_message(empty)),)
    page_starts, offset = [], 0
    for text in page_texts:
        page_starts.append(offset)
        offset += len(text) + 1
    source = Source(path=str(path), format="pdf", sha256=sha256, encoding=None, pages=len(pages))
    return RawDocument(
        doc_id=doc_id,
        source=source,
        text="\n".join(page_texts),
        page_starts=tuple(page_starts),
        problems=problems,
    )


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
                pages.append((page.page_number, float(page.height), page.bbox[1], page_words(page)))
                page.close()  # drops the page's cached layout; long notices stay small
    except Exception as exc:  # noqa: BLE001
        raise UnreadableDocument(path, _failure_reason(exc)) from None
    if not pages:
        raise UnreadableDocument(path, "the PDF has no pages")
    return [_Page(number, height, words_to_lines(words, page_top)) for number, height, page_top, words in pages]


def page_words(page: "pdfplumber.page.Page") -> list[dict]:
    """Given a pdfplumber page, return its words, each with its chars."""
    # Fake bold draws every glyph twice, a hair apart; keep one of each.
    return page.dedupe_chars().extract_words(
        x_tolerance=X_TOLERANCE,
        y_tolerance=Y_TOLERANCE,
        keep_blank_chars=True,  # a real space glyph stays inside its word
        use_text_flow=False,  # reading order by position, not by drawing order
        return_chars=True,
    )


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
            size = max(prev["chars"][-1].get("size") or 0, word["chars"][0].get("size") or 0)
            wide = _WIDE.match(left) or _WIDE.match(right)
            if not wide or word["x0"] - prev["x1"] >= COLUMN_GAP_EM * size:
                parts.append(" ")
        parts.append(word["text"])
    return "".join(parts)


def remove_furniture(pages: list[_Page]) -> list[_Page]:
    """Given the pages, return them without running headers and page-number footers.

    A line is furniture when it stands at the top or bottom edge of its page
    AND recurs there on many pages, the same text or the same text with
    another number (`— 2 —`, `— 3 —`; `第3页 共9页`). Position alone would take
    a short last body line; a pattern alone would take a body line "3".
    """
    candidates = {page.number: _edge_lines(page) for page in pages}
    pages_with_key: dict[str, set[int]] = {}
    for number, lines in candidates.items():
        for line in lines:
            pages_with_key.setdefault(_furniture_key(line.text), set()).add(number)
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
        drop = {id(line) for line in candidates[page.number] if _furniture_key(line.text) in furniture}
        cleaned.append(_Page(page.number, page.height, tuple(l for l in page.lines if id(l) not in drop)))
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


def _furniture_key(text: str) -> str:
    return _NUMBER.sub("#", _SPACE.sub("", text))


def _pages_without_text_message(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers)
    noun = "page" if len(numbers) == 1 else "pages"
    return f"no text on {noun} {listed} (a scanned image needs OCR); the content of those pages is missing"


def _failure_reason(exc: Exception) -> str:
    """Given what pdfplumber/pdfminer raised, return a plain reason."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return "the PDF is encrypted (it needs a password)"
    if isinstance(cause, PDFEncryptionError):
        return "the PDF is encrypted in a way that cannot be read"
    return "the PDF is damaged or truncated"
