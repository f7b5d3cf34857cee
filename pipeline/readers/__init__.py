"""Readers: a file on disk -> RawDocument. The only importers of pdfplumber and python-docx.

Each format module exposes `read(path, data, doc_id, sha256) -> RawDocument` and
raises UnreadableDocument with a plain reason when the file cannot be used.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import regex

from ..errors import UnreadableDocument
from ..model import RawDocument

FORMATS = {".txt": "text", ".pdf": "pdf", ".docx": "docx"}


def doc_id_for(path: Path) -> str:
    """The file name without extension, made safe for a file name."""
    stem = regex.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", path.stem).strip(" .")
    return stem or "document"


def read_document(path: str | Path, doc_id: str | None = None) -> RawDocument:
    """Given a path to a .txt/.pdf/.docx notice, return its RawDocument."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UnreadableDocument(str(path), f"unsupported file type {path.suffix!r} (use .txt, .pdf or .docx)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    if not data.strip():
        raise UnreadableDocument(str(path), "the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    module = __import__(f"{__name__}.{kind}", fromlist=["read"])
    return module.read(path, data, doc_id or doc_id_for(path), sha256)
