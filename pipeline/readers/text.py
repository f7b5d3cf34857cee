"""Plain-text notices: UTF-8 (with or without BOM) or GB18030/GBK, LF or CRLF.

UTF-8 and GB18030 are tried first, strictly: almost every notice is one of
them, and a strict decode that succeeds is a certainty a detector cannot give.
Other encodings are detected, but a decoding is only accepted when the text it
gives reads as Chinese: GB18030 accepts almost any byte pair, so a Big5,
Shift-JIS or EUC-KR file decodes "successfully" into garbled characters
(`平昌县` in Big5 reads as `キ\ue808┎` in GB18030). A garbled text is refused,
never converted.
"""

from __future__ import annotations


from pathlib import Path

import regex

from ..errors import UnknownEncoding, WrongFormat
from ..model import Problem, RawDocument, Source

# Byte-order marks, longest first (a UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# What a file named .txt really is, by its first bytes.
_SIGNATURES = (
    (b"%PDF-", "it is a PDF file"),
    (b"PK\x03\x04", "it is a zip archive, such as a Word .docx file"),
    (b"\xd0\xcf\x11\xe0", "it is an old Word .doc or another Office file"),
    (b"\x89PNG", "it is a PNG image"),
    (b"\xff\xd8\xff", "it is a JPEG image"),
    (b"GIF8", "it is a GIF image"),
    (b"{\\rtf", "it is an RTF document"),
)

# The 100 most frequent characters of modern Chinese (the table charset-normalizer
# uses). They are 16-26% of the Han characters of every notice in the corpus and
# 0-1% of a Big5, Shift-JIS or EUC-KR file decoded as GB18030.
_COMMON_HAN = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作"
    "里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
)
MIN_COMMON_SHARE = 0.05
COMMON_SHARE_FROM = 50  # Han characters: a shorter text is too small a sample
# Kana, Hangul, Greek, Cyrillic, box drawing, private-use and unassigned code
# points: what a wrong decoding produces, and what a Chinese notice hardly has.
_FOREIGN = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Hangul}\p{Greek}\p{Cyrillic}\p{Co}\p{Cn}\u2500-\u257f\ufffd]")
MAX_FOREIGN_SHARE = 0.05  # of the non-ASCII characters
_HAN = regex.compile(r"\p{Han}")

_NOT_READABLE = "the text is not in a readable encoding (expected UTF-8 or GB18030/GBK)"
_NO_CHINESE = "the text has no Chinese characters; it is not a notice"
_CUT_OFF = "the file ends in the middle of a character, so it may be cut off: check its end"
_CUT_REASONS = ("unexpected end of data", "incomplete multibyte sequence")  # UTF-8's, GB18030's


def read(path: Path, data: bytes, doc_id: str, sha256: str) -> RawDocument:
    """Given the bytes of a text notice, return its RawDocument with LF line ends."""
    text, encoding, cut = _decode(data, str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source = Source(path=str(path), format="txt", sha256=sha256, encoding=encoding, pages=None)
    problems = (Problem("truncated_text", _CUT_OFF),) if cut else ()
    return RawDocument(doc_id=doc_id, source=source, text=text, problems=problems)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Given the bytes of a text notice, return (text, encoding name); raise when no encoding reads it as Chinese."""
    text, encoding, _ = _decode(data, path)
    return text, encoding


def _decode(data: bytes, path: str) -> tuple[str, str, int]:
    """Given the bytes of a text notice, return (text, encoding, bytes of a character cut off at the end)."""
    marked = _decode_with_bom(data)
    if marked is not None:
        return (*_certain(marked, path), 0)
    what = _sniff_binary(data)
    if what:
        raise WrongFormat(path, f"not a text file ({what})")
    if b"\x00" in data[:4096]:
        wide = _decode_utf16_without_bom(data)
        if wide is None:
            raise WrongFormat(path, "not a text file (it contains binary data)")
        return (*wide, 0)
    utf8, cut = _strict_to_the_end(data, "utf-8")
    if utf8 is not None and _looks_like_chinese_text(utf8):
        return utf8, "utf-8", cut
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 mark on a file that is not UTF-8 (an editor's mistake)
    gb18030, cut = _strict_to_the_end(data, "gb18030")
    if gb18030 is not None and reads_as_chinese(gb18030):
        return gb18030, "gb18030", cut
    for text, encoding in _detected(data):
        if reads_as_chinese(text):
            return text, encoding, 0
    if utf8 is not None and _HAN.search(utf8) is None:
        raise WrongFormat(path, _NO_CHINESE)
    raise UnknownEncoding(path, _NOT_READABLE)


def reads_as_chinese(text: str) -> bool:
    """Given decoded text, return True when it reads as Chinese rather than as garbled characters."""
    if not _looks_like_chinese_text(text):
        return False
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if len(_FOREIGN.findall(text)) > MAX_FOREIGN_SHARE * non_ascii:
        return False
    han = _HAN.findall(text)
    if len(han) >= COMMON_SHARE_FROM:
        common = sum(1 for ch in han if ch in _COMMON_HAN)
        if common < MIN_COMMON_SHARE * len(han):
            return False
    return True


def _certain(decoded: tuple[str, str], path: str) -> tuple[str, str]:
    """Given a decoding that cannot be wrong (it follows a byte-order mark), return it; refuse a text with no Chinese."""
    text, encoding = decoded
    if not _looks_like_chinese_text(text):
        if _HAN.search(text) is None:
            raise WrongFormat(path, _NO_CHINESE)
        raise WrongFormat(path, "not a text file (it contains binary data)")
    return text, encoding


def _strict(data: bytes, encoding: str) -> str | None:
    """Given bytes, return them decoded strictly, or None when they are not in that encoding."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_with_bom(data: bytes) -> tuple[str, str] | None:
    """Given bytes, return (text, encoding) when they start with a byte-order mark that decodes them, else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            return None if text is None else (text, encoding)
    return None


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Given bytes with NULs in them, return (text, encoding) when they are Chinese UTF-16 without a mark."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(data, encoding)
        if text is not None and reads_as_chinese(text):
            return text, encoding
    return None


def _detected(data: bytes):
    """Given bytes that are neither UTF-8 nor GB18030, yield (text, encoding) for each encoding the detector offers."""
    from charset_normalizer import from_bytes  # imported only when the fast path fails

    for match in from_bytes(data):
        yield str(match), match.encoding


def _strict_to_the_end(data: bytes, encoding: str) -> tuple[str | None, int]:
    """Given bytes, return (text, 0) when they are in `encoding`, else (None, 0).

    A file cut off in the middle of its last character (an interrupted
    download) is still that encoding: the text before the cut is returned,
    with the number of bytes left over.
    """
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError as exc:
        cut_at = exc.start if exc.reason in _CUT_REASONS and exc.end == len(data) else -1
    if cut_at < 0 or len(data) - cut_at > 3:
        return None, 0
    text = _strict(data[:cut_at], encoding)
    return (text, len(data) - cut_at) if text is not None else (None, 0)


def _sniff_binary(data: bytes) -> str | None:
    """Given the first bytes of a file, return what kind of non-text file it is, or None."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return what
    return None


_HAN = regex.compile("[\u4e00-\u9fff]")
_CONTROLS = regex.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _looks_like_chinese_text(text: str) -> bool:
    """True when the text is mostly printable and has Chinese characters in it."""
    if not text.strip():
        return False
    if not _HAN.search(text):
        return False
    controls = len(_CONTROLS.findall(text))
    return controls * 50 < len(text)
