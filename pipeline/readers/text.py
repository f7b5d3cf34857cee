"""Plain-text notices: UTF-8 (with or without BOM) or GB18030/GBK, LF or CRLF."""

from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableDocument
from ..model import RawDocument, Source

# Tried in order before any guessing: almost every notice is one of these, and a
# strict decode that succeeds is a certainty a detector cannot give.
_KNOWN_ENCODINGS = ("utf-8", "gb18030")


def read(path: Path, data: bytes, doc_id: str, sha256: str) -> RawDocument:
    text, encoding = decode(data, str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source = Source(path=str(path), format="txt", sha256=sha256, encoding=encoding, pages=None)
    return RawDocument(doc_id=doc_id, source=source, text=text)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Given the bytes of a text notice, return (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(path, "not a text file (it contains binary data)")
    for encoding in _KNOWN_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_chinese_text(text):
            return text, encoding
    from charset_normalizer import from_bytes  # imported only when the fast path fails

    best = from_bytes(data).best()
    if best is None or not _looks_like_chinese_text(str(best)):
        raise UnreadableDocument(path, "the text is not in a readable encoding (expected UTF-8 or GB18030/GBK)")
    return str(best), best.encoding


def _looks_like_chinese_text(text: str) -> bool:
    """True when the text is mostly printable and has Chinese characters in it."""
    if not text.strip():
        return False
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return han > 0 and controls * 50 < len(text)
