"""Word .docx notices through python-docx: body paragraphs and table rows, one per line.

Word's automatic numbering is not in a paragraph's text (python-docx's
`paragraph.text` of "1.深入推进…" is "深入推进…"), so the printed number is
rebuilt from numbering.xml and put back in front of the text.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import docx
import regex
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..errors import DamagedDocument, EmptyDocument, InputTooLarge, WrongFormat
from ..model import RawDocument, Source

# A .docx is a zip; refuse one that would expand past this before parsing it.
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
# Deflated Word XML shrinks 5-30 times; a member that shrinks hundreds of times
# and is big once expanded is a zip bomb.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024  # bytes expanded; small members may compress as they like
_CHUNK = 1024 * 1024  # bytes inflated at a time while the real sizes are checked

CELL_SEPARATOR = " | "

# Containers whose children are read as if they stood in the container's place.
_TRANSPARENT = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
# Inline containers of runs inside a paragraph; w:del and w:moveFrom are not printed.
_RUN_CONTAINERS = _TRANSPARENT | {
    qn("w:hyperlink"),
    qn("w:ins"),
    qn("w:moveTo"),
    qn("w:fldSimple"),
    qn("w:bdo"),
    qn("w:dir"),
}
_FALSE = {"0", "false", "off"}
_LEVELS = 9  # w:ilvl 0-8


def read(path: Path, data: bytes, doc_id: str, sha256: str) -> RawDocument:
    """Given the bytes of a .docx, return its body text, one paragraph or table row per line."""
    names = check_package(data, str(path))
    document = open_document(data, str(path), names)
    numbering = Numbering.from_document(document)
    lines = list(body_to_lines(document.element.body, numbering))
    text = "\n".join(lines)
    if not text.strip():
        raise EmptyDocument(str(path), "the .docx has no text")
    source = Source(path=str(path), format="docx", sha256=sha256, encoding=None, pages=None)
    return RawDocument(doc_id=doc_id, source=source, text=text, page_starts=(0,))


def check_package(data: bytes, path: str) -> set[str]:
    """Given the bytes of a .docx, return its zip member names; raise on a non-zip or a zip bomb."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise WrongFormat(path, "not a Word .docx file (it is an old .doc file or a password-protected document)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise WrongFormat(path, "not a Word .docx file (it is not a zip archive)") from None
    expanded = sum(info.file_size for info in members)
    if expanded > MAX_DOCX_UNCOMPRESSED:
        limit = MAX_DOCX_UNCOMPRESSED // (1024 * 1024)
        raise InputTooLarge(path, f"the .docx expands to more than {limit} MB; refusing it")
    for info in members:
        if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise InputTooLarge(
                path, f"the .docx member {info.filename} expands {ratio} times (a zip bomb); refusing it"
            )
    check_real_sizes(data, members, path)
    return {info.filename for info in members}


def check_real_sizes(data: bytes, members: list[zipfile.ZipInfo], path: str) -> None:
    """Given a zip and its members, raise unless each member inflates to exactly the size it declares.

    The sizes checked above are what the zip says about itself. A crafted zip
    can declare 1 KB for a member that inflates to gigabytes, and python-docx
    (through zipfile) would inflate it whole in memory before its CRC check
    fails. Here every member is inflated in bounded chunks and abandoned the
    moment it passes its declared size, so the work never exceeds the limit.
    """
    for info in members:
        if info.flag_bits & 0x1:
            raise WrongFormat(path, "not a readable Word .docx file (the zip is password-protected)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WrongFormat(path, f"not a Word .docx file (the zip member {info.filename} uses another compression)")
        if info.compress_type == zipfile.ZIP_DEFLATED and _inflated_size(data, info) != info.file_size:
            raise DamagedDocument(
                path, f"the .docx is damaged (the zip member {info.filename} does not have the size it declares)"
            )


def _inflated_size(data: bytes, info: zipfile.ZipInfo) -> int:
    """Given a deflated zip member, return its inflated size, or any larger number once it passes the declared size."""
    start = info.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        return -1
    name_length = int.from_bytes(data[start + 26 : start + 28], "little")  # the local header's own lengths
    extra_length = int.from_bytes(data[start + 28 : start + 30], "little")
    begin = start + 30 + name_length + extra_length
    compressed = memoryview(data)[begin : begin + info.compress_size]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    try:
        for at in range(0, len(compressed), _CHUNK):
            pending = compressed[at : at + _CHUNK]
            while pending:
                size += len(inflater.decompress(pending, _CHUNK))
                if size > info.file_size:
                    return size
                pending = inflater.unconsumed_tail
    except zlib.error:
        return -1
    return size


def open_document(data: bytes, path: str, names: set[str]) -> "docx.document.Document":
    """Given the bytes of a checked zip, return the python-docx Document."""
    try:
        return docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise DamagedDocument(path, f"the .docx is damaged (broken XML: {exc.msg})") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a wrong package
        if "word/document.xml" not in names:
            raise WrongFormat(path, "not a Word .docx file (the zip has no word/document.xml)") from None
        if isinstance(exc, (zipfile.BadZipFile, EOFError, zlib.error)):
            raise DamagedDocument(path, "the .docx is damaged (a part of the zip is corrupt)") from None
        raise WrongFormat(path, f"not a Word .docx file ({exc})") from None


# ---------------------------------------------------------------------------
# Body


def body_to_lines(body: etree._Element, numbering: "Numbering") -> Iterator[str]:
    """Given the w:body element, yield its lines: paragraphs and table rows in document order."""
    for element in _blocks(body):
        if element.tag == qn("w:p"):
            yield paragraph_text(element, numbering)
        elif element.tag == qn("w:tbl"):
            yield from table_to_lines(element, numbering)


def table_to_lines(tbl: etree._Element, numbering: "Numbering") -> Iterator[str]:
    """Given a w:tbl, yield one line per row, its cells joined with " | ".

    A cell spanning columns (gridSpan) is one w:tc, so it appears once; the
    cells under the top of a vertical merge (vMerge without "restart") are
    printed empty, as they look in Word.
    """
    for tr in _children(tbl, qn("w:tr")):
        cells = []
        for tc in _children(tr, qn("w:tc")):
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:hMerge')}")
            if merge is not None and merge.get(qn("w:val")) != "restart":
                continue  # legacy horizontal merge: the cell before already covers it
            cells.append(cell_text(tc, numbering))
        if any(cells):
            yield CELL_SEPARATOR.join(cells)


def cell_text(tc: etree._Element, numbering: "Numbering") -> str:
    """Given a w:tc, return its paragraphs joined with no separator, stripped ("" under a vertical merge)."""
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if merge is not None and merge.get(qn("w:val")) != "restart":
        return ""
    paragraphs = tc.xpath(".//w:p[not(ancestor::w:txbxContent)]")  # python-docx's xpath knows "w:"
    text = "".join(paragraph_text(p, numbering) for p in paragraphs)
    return text.replace("\n", "").strip()


def paragraph_text(p: etree._Element, numbering: "Numbering") -> str:
    """Given a w:p, return its printed text: the automatic number, if any, then the runs."""
    return numbering.label(p) + "".join(_runs_text(p))


def _runs_text(element: etree._Element) -> Iterator[str]:
    for child in element:
        if child.tag == qn("w:r"):
            if not _hidden(child):
                yield child.text  # python-docx's CT_R.text: w:t, w:tab, w:br, w:cr, ...
        elif child.tag in _RUN_CONTAINERS:
            yield from _runs_text(child)


def _hidden(r: etree._Element) -> bool:
    vanish = r.find(f"{qn('w:rPr')}/{qn('w:vanish')}")
    return vanish is not None and vanish.get(qn("w:val"), "true").lower() not in _FALSE


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Given a body or a content control, yield its w:p and w:tbl in order, content controls opened."""
    for child in parent:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _blocks(child)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tag)


# ---------------------------------------------------------------------------
# Automatic numbering


@dataclass(frozen=True)
class Level:
    """One w:lvl of a numbering definition."""

    start: int = 0  # ECMA-376 17.9.25: an omitted w:start is 0
    fmt: str = "decimal"
    text: str = ""  # lvlText, "%1." / "（%1）" / "%1、"
    restart: int | None = None  # lvlRestart: restart after this (1-based) level is used; 0 never
    legal: bool = False  # isLgl: show every level as arabic digits
    suffix: str = "\t"  # w:suff: tab (default), space, nothing
    style: str | None = None  # w:pStyle: the paragraph style that selects this level

    @classmethod
    def from_xml(cls, lvl: etree._Element) -> "Level":
        def val(tag: str) -> str | None:
            el = lvl.find(qn(tag))
            return None if el is None else el.get(qn("w:val"))

        restart = val("w:lvlRestart")
        legal = lvl.find(qn("w:isLgl"))
        return cls(
            start=_int(val("w:start"), 0),
            fmt=val("w:numFmt") or "decimal",
            text=val("w:lvlText") or "",
            restart=None if restart is None else _int(restart, None),
            legal=legal is not None and legal.get(qn("w:val"), "true").lower() not in _FALSE,
            suffix={"space": " ", "nothing": ""}.get(val("w:suff") or "tab", "\t"),
            style=val("w:pStyle"),
        )


@dataclass(frozen=True)
class Instance:
    """A w:num: an abstract numbering definition plus its level overrides."""

    abstract: str
    start_overrides: dict[int, int]
    level_overrides: dict[int, Level]


@dataclass(frozen=True)
class StyleNumbering:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


@dataclass
class Numbering:
    """numbering.xml and the styles that carry numPr, with the running counters.

    Counters belong to the abstract definition, not to the w:num: two numIds
    over one abstractNum continue one sequence (as Word does), and a w:num's
    startOverride restarts it where that numId is first used at that level.
    """

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)  # abstractNum id -> numStyleLink
    instances: dict[str, Instance] = field(default_factory=dict)
    styles: dict[str, StyleNumbering] = field(default_factory=dict)
    default_style: str | None = None
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def from_document(cls, document: "docx.document.Document") -> "Numbering":
        numbering = cls()
        part = document.part
        try:
            numbering_xml = part.part_related_by(RT.NUMBERING).element
        except KeyError:
            numbering_xml = None
        try:
            styles_xml = part.part_related_by(RT.STYLES).element
        except KeyError:
            styles_xml = None
        if numbering_xml is not None:
            numbering._load_numbering(numbering_xml)
        if styles_xml is not None:
            numbering._load_styles(styles_xml)
        return numbering

    def _load_numbering(self, root: etree._Element) -> None:
        for abstract in root.iter(qn("w:abstractNum")):
            aid = abstract.get(qn("w:abstractNumId"))
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                levels[_int(lvl.get(qn("w:ilvl")), 0)] = Level.from_xml(lvl)
            self.abstracts[aid] = levels
            link = abstract.find(qn("w:numStyleLink"))
            if link is not None:
                self.style_links[aid] = link.get(qn("w:val"))
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            starts, levels = {}, {}
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    starts[ilvl] = _int(start.get(qn("w:val")), 0)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = Level.from_xml(lvl)
            self.instances[num.get(qn("w:numId"))] = Instance(ref.get(qn("w:val")), starts, levels)

    def _load_styles(self, root: etree._Element) -> None:
        for style in root.iter(qn("w:style")):
            if style.get(qn("w:type")) not in (None, "paragraph", "numbering"):
                continue
            sid = style.get(qn("w:styleId"))
            based = style.find(qn("w:basedOn"))
            num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            ilvl = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
            self.styles[sid] = StyleNumbering(
                based_on=None if based is None else based.get(qn("w:val")),
                num_id=None if num_id is None else num_id.get(qn("w:val")),
                ilvl=None if ilvl is None else _int(ilvl.get(qn("w:val")), 0),
            )
            if style.get(qn("w:default")) in ("1", "true") and style.get(qn("w:type")) == "paragraph":
                self.default_style = sid

    def label(self, p: etree._Element) -> str:
        """Given a w:p, advance the counters and return its printed number with its suffix ("" if none)."""
        style_id, num_id, ilvl = self._numbering_of(p)
        if num_id is None or num_id == "0" or num_id not in self.instances:
            return ""
        instance = self.instances[num_id]
        aid = self._resolve_abstract(instance.abstract)
        if aid is None:
            return ""
        levels = {**self.abstracts[aid], **instance.level_overrides}
        if ilvl is None:  # numbered through its style: the level that names the style, else 0
            ilvl = next((i for i, lvl in levels.items() if style_id and lvl.style == style_id), 0)
        level = levels.get(ilvl)
        if level is None or not 0 <= ilvl < _LEVELS:
            return ""
        counters = self.counters.setdefault(aid, [None] * _LEVELS)
        if (num_id, ilvl) not in self.started and ilvl in instance.start_overrides:
            counters[ilvl] = instance.start_overrides[ilvl]
        elif counters[ilvl] is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        self.started.add((num_id, ilvl))
        for deeper in range(ilvl + 1, len(counters)):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or ilvl < restart:
                counters[deeper] = None
        if level.fmt == "bullet":
            return ""  # a bullet is no number; the symbol-font glyph would be noise

        def value(k: int) -> str:
            lvl = levels.get(k, Level())
            n = counters[k] if counters[k] is not None else lvl.start
            return format_number(n, "decimal" if level.legal else lvl.fmt)

        printed = _PLACEHOLDER.sub(lambda m: value(int(m.group(1)) - 1), level.text)
        return printed + level.suffix if printed else ""

    def _numbering_of(self, p: etree._Element) -> tuple[str | None, str | None, int | None]:
        """Given a w:p, return (style id, numId, ilvl) from its own numPr, else from its style chain."""
        ppr = p.find(qn("w:pPr"))
        style_el = None if ppr is None else ppr.find(qn("w:pStyle"))
        style_id = self.default_style if style_el is None else style_el.get(qn("w:val"))
        num_id = ilvl = None
        num_pr = None if ppr is None else ppr.find(qn("w:numPr"))
        if num_pr is not None:
            num_el, ilvl_el = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
            num_id = None if num_el is None else num_el.get(qn("w:val"))
            ilvl = None if ilvl_el is None else _int(ilvl_el.get(qn("w:val")), 0)
        seen = set()
        sid = style_id
        while sid and sid in self.styles and sid not in seen and (num_id is None or ilvl is None):
            seen.add(sid)
            style = self.styles[sid]
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None and (num_pr is None or num_id == style.num_id):
                ilvl = style.ilvl
            sid = style.based_on
        return style_id, num_id, ilvl

    def _resolve_abstract(self, aid: str) -> str | None:
        """Given an abstractNum id, follow numStyleLink to the definition that holds the levels."""
        for _ in range(4):
            if aid not in self.abstracts:
                return None
            link = self.style_links.get(aid)
            if link is None or link not in self.styles or self.styles[link].num_id not in self.instances:
                return aid
            aid = self.instances[self.styles[link].num_id].abstract
        return aid


def _int(text: str | None, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


# ---------------------------------------------------------------------------
# Number formats (w:numFmt)

_PLACEHOLDER = regex.compile(r"%([1-9])")
_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"  # ideographTraditional
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"  # ideographZodiac
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def format_number(n: int, fmt: str) -> str:
    """Given a counter value and a w:numFmt, return the number as Word prints it."""
    if fmt == "none":
        return ""
    if n < 0:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"):  # fmt: skip
        return chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _CN_LEGAL_DIGITS, "拾佰仟", legal=True)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand", "koreanDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and n > 0:
        return _HEAVENLY_STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac" and n > 0:
        return _EARTHLY_BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)  # ①
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)  # ⑴
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)  # ⒈
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: Y, Z, AA, BB
        return letter if fmt == "upperLetter" else letter.lower()
    return str(n)


def _roman(n: int) -> str:
    out = []
    for val, sym in _ROMAN:
        count, n = divmod(n, val)
        out.append(sym * count)
    return "".join(out)


def chinese_counting(n: int, digits: str = _CN_DIGITS, units: str = "十百千", legal: bool = False) -> str:
    """Given n >= 0, return it in Chinese counting numerals: 十一, 二十, 一百零五, 壹拾壹 (legal)."""
    if n == 0:
        return digits[0]
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = chinese_counting(low, digits, units, legal=True) if low else ""
        zero = digits[0] if 0 < low < 1000 else ""
        return chinese_counting(high, digits, units, legal) + "万" + zero + rest
    out, pending_zero = [], False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        if not (power == 1 and d == 1 and not out and not legal):  # 十一, not 一十一
            out.append(digits[d])
        if power:
            out.append(units[power - 1])
    return "".join(out)
