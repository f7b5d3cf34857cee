"""The data that flows between stages: frozen dataclasses, no I/O, no regex."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where a document came from, as docs/format.md's `source` object."""

    path: str
    format: str  # "txt" | "pdf" | "docx"
    sha256: str
    encoding: str | None = None
    pages: int | None = None
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text was read by OCR


@dataclass(frozen=True)
class Problem:
    """Something the pipeline is unsure of; becomes a row of warnings.csv."""

    code: str
    message: str
    task: str | None = None  # task id, once tasks have ids
    offset: int | None = None  # offset in the normalized text, where known


@dataclass(frozen=True)
class RawDocument:
    """What a reader returns: the text as read, pages joined by newlines.

    `page_starts[i]` is the offset in `text` where page i+1 starts; an unpaged
    source has `(0,)`.
    """

    doc_id: str
    source: Source
    text: str
    page_starts: tuple[int, ...] = (0,)
    problems: tuple[Problem, ...] = ()

    def page_at(self, raw_offset: int) -> int | None:
        """Given an offset into `text`, return its 1-based page, or None when unpaged."""
        if self.source.pages is None:
            return None
        return bisect.bisect_right(self.page_starts, raw_offset)

    @property
    def cut(self) -> bool:
        """Whether the text stops where a length limit fell (an excerpt): a file saved whole
        ends with a line break, so its last line, row or clause may be incomplete."""
        return bool(self.text) and not self.text.endswith("\n")


@dataclass(frozen=True)
class Document:
    """Normalized text with a map back to the raw text.

    `char_map[i]` is the offset in `raw.text` that `text[i]` came from, so every
    match in the normalized text can be traced to the source (and its page).
    Traditional script is read as Simplified; `printed()` turns a piece of
    `text` back into the script of the source.
    """

    raw: RawDocument
    text: str
    char_map: tuple[int, ...]
    printed_chars: dict[str, str] = field(default_factory=dict)  # Simplified -> as printed

    def printed(self, value: str | None) -> str | None:
        """A string taken from `text`, in the script the source printed it in."""
        if not value or not self.printed_chars:
            return value
        return "".join(self.printed_chars.get(ch, ch) for ch in value)

    @property
    def doc_id(self) -> str:
        return self.raw.doc_id

    def raw_offset(self, offset: int) -> int:
        if not self.char_map:
            return 0
        return self.char_map[min(max(offset, 0), len(self.char_map) - 1)]

    def page_at(self, offset: int) -> int | None:
        return self.raw.page_at(self.raw_offset(offset))


@dataclass(frozen=True)
class Span:
    """Half-open offsets into Document.text, with the text they cover."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DocFields:
    doc_number: str | None = None
    issuer: str | None = None
    title: str | None = None
    cover_title: str | None = None
    recipients: str | None = None
    date: str | None = None
    year: int | None = None
    jurisdiction: str | None = None


@dataclass(frozen=True)
class Section:
    no: str  # as printed: "一"
    title: str
    span: Span
    leaders: tuple[str, ...] = ()  # officials a leader-led heading names
    lead_unit: str | None = None  # a unit a heading names as lead ("…管委会牵头工作")


@dataclass(frozen=True)
class UnitRef:
    """One unit of a task, canonical `name` beside the `surface` printed."""

    name: str
    surface: str
    role: str  # "lead" | "co" | "inherited"
    how: str = "exact"  # exact | alias | abbreviation | prefix | local | collective | unknown
    known: bool = True


@dataclass(frozen=True)
class Target:
    metric: str
    comparator: str  # ">=" | ">" | "=" | "<=" | "<"
    value: int | float
    unit: str | None
    condition: str | None
    text: str  # the phrase as printed


@dataclass(frozen=True)
class Deadline:
    text: str
    date: str | None  # ISO date, last day the phrase allows
    kind: str  # "date" | "recurring" | "ongoing"


@dataclass(frozen=True)
class Task:
    id: str
    no: str
    section: str | None
    subsection: str | None
    title: str
    text: str
    clause: str | None
    units: tuple[UnitRef, ...]
    catch_all: tuple[str, ...]
    leaders: tuple[str, ...]
    targets: tuple[Target, ...]
    deadline: Deadline | None
    span: tuple[int, int]
    page: int | None


@dataclass(frozen=True)
class Notice:
    """Everything parsed from one document."""

    doc_id: str
    source: Source
    doc: DocFields
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    warnings: tuple[Problem, ...] = field(default_factory=tuple)
