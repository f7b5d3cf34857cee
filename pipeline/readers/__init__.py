"""Readers: a file on disk -> RawDocument. The only importers of pdfplumber and python-docx.

Each format module exposes `read(path, data, doc_id, sha256) -> RawDocument` and
raises UnreadableDocument with a plain reason when the file cannot be used.
Checks that hold for every format (size, permissions, emptiness) are made here,
before a format module sees the bytes.
"""

from __future__ import annotations

import errno
import hashlib
import stat
from pathlib import Path

import regex

from ..errors import CannotOpen, EmptyDocument, InputTooLarge, WrongFormat
from ..model import RawDocument

FORMATS = {".txt": "text", ".pdf": "pdf", ".docx": "docx"}

# A notice is a few hundred KB; a scanned one a few tens of MB. Anything larger
# is not a notice, and reading it whole would only cost memory. Checked on the
# file's size before a byte is read.
MAX_INPUT_BYTES = 100 * 1024 * 1024

# doc_id becomes a file name (`<doc_id>.json`, and `.<doc_id>.json.<pid>.<random>.tmp`
# while it is written); most file systems allow 255 bytes, and a Chinese
# character takes 3 of them in UTF-8.
DOC_ID_MAX_BYTES = 200

_UNSAFE = regex.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]+")


def doc_id_for(path: Path) -> str:
    """Given an input path, return its file name without extension, made safe for a file name."""
    stem = _UNSAFE.sub("_", path.stem).strip(" .")
    return truncate_utf8(stem, DOC_ID_MAX_BYTES).strip(" .") or "document"


def truncate_utf8(text: str, max_bytes: int) -> str:
    """Given a string, return its longest prefix that is at most `max_bytes` in UTF-8."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def read_document(path: str | Path, doc_id: str | None = None, ocr_jobs: int | None = None) -> RawDocument:
    """Given a path to a .txt/.pdf/.docx notice, return its RawDocument (ocr_jobs: pages read at once)."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise WrongFormat(str(path), f"unsupported file type {path.suffix!r} (use .txt, .pdf or .docx)")
    data = read_input_bytes(path)
    if not data.strip():
        raise EmptyDocument(str(path), "the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    module = __import__(f"{__name__}.{kind}", fromlist=["read"])
    if kind == "pdf":
        return module.read(path, data, doc_id or doc_id_for(path), sha256, jobs=ocr_jobs)
    return module.read(path, data, doc_id or doc_id_for(path), sha256)


def read_input_bytes(path: Path) -> bytes:
    """Given a path, return the file's bytes; refuse a non-file or one over MAX_INPUT_BYTES before reading it."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise WrongFormat(str(path), "not a regular file")
        _check_size(path, info.st_size)
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)  # the file may grow after stat()
    except OSError as exc:
        raise CannotOpen(str(path), _os_error_reason(exc)) from None
    _check_size(path, len(data))
    return data


def _check_size(path: Path, size: int) -> None:
    if size > MAX_INPUT_BYTES:
        limit = _megabytes(MAX_INPUT_BYTES)
        raise InputTooLarge(str(path), f"the file is {_megabytes(size)} MB, over the {limit} MB limit; refusing it")


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _os_error_reason(exc: OSError) -> str:
    """Given an OSError from opening an input, return a plain reason."""
    if isinstance(exc, PermissionError):
        return "cannot read the file (permission denied)"
    if exc.errno == errno.ELOOP:
        return "cannot read the file (a symbolic link that points to itself in a loop)"
    if isinstance(exc, FileNotFoundError):
        return "cannot read the file (it no longer exists, or is a broken link)"
    if isinstance(exc, IsADirectoryError):
        return "not a regular file"
    return f"cannot read the file ({exc.strerror or exc})"

