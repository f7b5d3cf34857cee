"""Typed errors. Each carries a plain-words reason an analyst can act on.

Every input the pipeline refuses raises an UnreadableDocument (or one of its
kinds below) naming the file and the reason; the CLI prints it as one line and
carries on with the batch.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""


class UnreadableDocument(PipelineError):
    """An input file that cannot be converted (empty, wrong encoding, broken, encrypted...)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class CannotOpen(UnreadableDocument):
    """The operating system would not give us the bytes: permissions, a broken or looping link."""


class EmptyDocument(UnreadableDocument):
    """The file, or the document inside it, has no text at all."""


class InputTooLarge(UnreadableDocument):
    """The file is over a stated size limit, or would expand past one (a zip bomb)."""


class WrongFormat(UnreadableDocument):
    """The bytes are not what the file name says: binary data in a .txt, a .docx that is not a zip."""


class UnknownEncoding(UnreadableDocument):
    """A text file whose encoding is not UTF-8 or GB18030/GBK, and no other encoding reads it as Chinese."""


class DamagedDocument(UnreadableDocument):
    """The right kind of file, but broken inside (corrupt XML or zip member)."""


class RulesError(PipelineError):
    """The rules/ folder is invalid; raised before any notice is read."""
