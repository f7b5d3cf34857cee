"""Property-based: random damage to real notices never crashes the pipeline, always gives schema-valid output,
and never loses a task silently.

The damage is what copying a notice out of a PDF or a web page does to it:
brackets dropped, page breaks (a blank line and `— N —`) in the middle of a
sentence, full- and half-width characters swapped, the lines of a paragraph
out of order, characters missing.

Budget: the `ci` profile (60 cases per property, derandomized, so CI is
repeatable); NOTICE_PROPERTY_PROFILE=deep runs 2000 fresh random cases each.

Each case of damage once found to lose tasks silently is pinned in
test_known_silent_losses.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from pipeline.export import notice_to_dict
from pipeline.model import RawDocument, Source
from pipeline.parse import parse
from pipeline.readers import read_document
from pipeline.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
# The sample and the core and layout notices (21–33) of corpus/.
NOTICES = [ROOT / "raw" / "notice-2024-pingchang.txt"] + sorted((ROOT / "corpus").glob("[23][0-9]_*.txt"))
SCHEMA = json.loads((ROOT / "schema" / "notice.schema.json").read_text(encoding="utf-8"))

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=_SLOW)
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=_SLOW)
BUDGET = settings.get_profile(os.environ.get("NOTICE_PROPERTY_PROFILE", "ci"))

BRACKETS = "（）()〔〕【】[]{}「」《》〈〉"


# ---------------------------------------------------------------------------
# The notices and what the pipeline finds in them undamaged


@functools.cache
def notice_text(index: int) -> str:
    return read_document(NOTICES[index]).text


def as_raw(text: str, index: int) -> RawDocument:
    """Given a (damaged) notice text, return it as the text reader would (doc_id from the file it came from)."""
    source = Source(path=str(NOTICES[index]), format="txt", sha256=hashlib.sha256(text.encode()).hexdigest(),
                    encoding="utf-8")
    return RawDocument(doc_id=NOTICES[index].stem, source=source, text=text)


_UNDAMAGED: dict[int, tuple[tuple[str, str | None, str], ...]] = {}


def undamaged_tasks(index: int) -> tuple[tuple[str, str | None, str], ...]:
    """Given a notice index, return (id, section, no) of each task the pipeline finds in the undamaged notice."""
    if index not in _UNDAMAGED:
        notice = parse(as_raw(notice_text(index), index), rules())
        _UNDAMAGED[index] = tuple((t.id, t.section, t.no) for t in notice.tasks)
    return _UNDAMAGED[index]


# ---------------------------------------------------------------------------
# Damage, one kind at a time; each is a strategy of (description, function of the text)


def _positions(draw, text: str, chars: str | None = None, most: int = 12) -> list[int]:
    candidates = [i for i, ch in enumerate(text) if chars is None or ch in chars]
    if not candidates:
        return []
    picks = draw(st.lists(st.integers(0, len(candidates) - 1), max_size=most, unique=True))
    return [candidates[k] for k in picks]


@st.composite
def remove_brackets(draw, text: str) -> str:
    at = set(_positions(draw, text, BRACKETS))
    return "".join(ch for i, ch in enumerate(text) if i not in at)


@st.composite
def insert_page_breaks(draw, text: str) -> str:
    at = sorted(_positions(draw, text, most=4), reverse=True)
    for page, i in enumerate(at, 2):
        text = text[:i] + f"\n\n— {page} —\n\n" + text[i:]
    return text


def _other_width(ch: str) -> str | None:
    if ch == " ":
        return "\u3000"
    if ch == "\u3000":
        return " "
    if "!" <= ch <= "~":
        return chr(ord(ch) + 0xFEE0)
    if "\uff01" <= ch <= "\uff5e":
        return chr(ord(ch) - 0xFEE0)
    return None


@st.composite
def swap_widths(draw, text: str) -> str:
    swappable = "".join(sorted({ch for ch in text if _other_width(ch)}))
    at = set(_positions(draw, text, swappable, most=40))
    return "".join(_other_width(ch) if i in at else ch for i, ch in enumerate(text))


@st.composite
def shuffle_lines_in_a_paragraph(draw, text: str) -> str:
    lines = text.split("\n")
    paragraphs, start = [], None  # [start, end) runs of non-blank lines, at least 2 long
    for i, line in enumerate(lines + [""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            if i - start >= 2:
                paragraphs.append((start, i))
            start = None
    if not paragraphs:
        return text
    start, end = draw(st.sampled_from(paragraphs))
    lines[start:end] = draw(st.permutations(lines[start:end]))
    return "\n".join(lines)


@st.composite
def delete_characters(draw, text: str) -> str:
    at = set(_positions(draw, text, most=8))
    return "".join(ch for i, ch in enumerate(text) if i not in at)


DAMAGES = {
    "remove_brackets": remove_brackets,
    "insert_page_breaks": insert_page_breaks,
    "swap_widths": swap_widths,
    "shuffle_lines_in_a_paragraph": shuffle_lines_in_a_paragraph,
    "delete_characters": delete_characters,
}


@st.composite
def damaged_notice(draw, kinds: tuple[str, ...] = tuple(DAMAGES)) -> tuple[int, str, list[str]]:
    """A notice index, its text with one to three kinds of damage, and the kinds applied."""
    index = draw(st.integers(0, len(NOTICES) - 1))
    text = notice_text(index)
    applied = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=3))
    for kind in applied:
        text = draw(DAMAGES[kind](text))
    return index, text, applied


# ---------------------------------------------------------------------------
# The properties


@functools.cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA, format_checker=FormatChecker())


@functools.cache
def rules():
    # Loaded here, not taken from the `rules` fixture: Hypothesis prints every
    # argument of a failing test, and the rules are long.
    return load_rules()


def parse_damaged(case) -> dict:
    """Given (notice index, damaged text, damage kinds), return the per-document JSON the pipeline makes of it."""
    index, text, applied = case
    note(f"notice {NOTICES[index].name}, damage {applied}")
    return notice_to_dict(parse(as_raw(text, index), rules()))


def schema_errors(document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(document)]


def lost_silently(before: tuple[tuple[str, str | None, str], ...], document: dict) -> list[str]:
    """Given the tasks of the undamaged notice and the output for the damaged one, return the ids lost without a word.

    A task is kept when a task with its section and number is still found; it
    is accounted for when a warning names it, or the document has a
    `numbering_gap` or `no_tasks` warning.
    """
    found = {(t["section"], t["no"]) for t in document["tasks"]}
    codes = {w["code"] for w in document["warnings"]}
    if codes & {"numbering_gap", "no_tasks"}:
        return []
    named = {w["task"] for w in document["warnings"]}
    return [task_id for task_id, section, no in before if (section, no) not in found and task_id not in named]


def damage_at(stem: str, at: int, insert: str = "") -> tuple[int, str, list[str]]:
    """One damage by hand: delete the character at `at` of a notice, or insert `insert` there."""
    index = next(i for i, path in enumerate(NOTICES) if path.stem == stem)
    text = notice_text(index)
    damaged = text[:at] + insert + text[at:] if insert else text[:at] + text[at + 1 :]
    return index, damaged, ["by hand"]


def swap_with_next_line(stem: str, starting: str) -> tuple[int, str, list[str]]:
    """One damage by hand: swap the line of a notice that starts with `starting` with the line after it."""
    index = next(i for i, path in enumerate(NOTICES) if path.stem == stem)
    lines = notice_text(index).split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(starting))
    lines[at], lines[at + 1] = lines[at + 1], lines[at]
    return index, "\n".join(lines), ["by hand"]


# ---------------------------------------------------------------------------
# The properties


@pytest.mark.parametrize("index", range(len(NOTICES)), ids=lambda i: NOTICES[i].stem)
def test_undamaged_notices_are_valid(index):
    document = notice_to_dict(parse(as_raw(notice_text(index), index), rules()))
    assert schema_errors(document) == []
    assert document["tasks"]


@BUDGET
@given(case=damaged_notice())
def test_damage_never_crashes_and_output_is_valid(case):
    assert schema_errors(parse_damaged(case)) == []


# Damage under which tasks do vanish without a warning: bugs in the parsing
# stages, reported to their owner. Shrinking is off for these (it only slows
# CI down on a failure already known); the minimal cases are pinned below.
@pytest.mark.parametrize("kind", list(DAMAGES))
@BUDGET
@given(data=st.data())
def test_no_task_is_lost_silently(kind, data):
    index, _, _ = case = data.draw(damaged_notice((kind,)))
    document = parse_damaged(case)
    assert lost_silently(undamaged_tasks(index), document) == []


@pytest.mark.parametrize(
    "case, lost",
    [
        pytest.param(
            damage_at("notice-2024-pingchang", 378), ["1", "2", "3"],
            id="first-section-numeral-deleted",  # "一、全面优化政府职能…" -> "、全面…": section 一 and tasks 1-3 vanish
        ),
        pytest.param(
            damage_at("25_longhe-xiangcun-2021", 2427), ["14", "15", "16"],
            id="section-numeral-deleted",  # "四、加强和改进乡村治理" -> "、加强…": tasks 14-16 filed under 三
        ),
        pytest.param(
            damage_at("33_wuyu-wenjiuye-2022", 446), ["1"],
            id="first-task-bracket-deleted",  # "（一）落實減負穩崗政策" -> "一）落實…": numbering starts at 2
        ),
        pytest.param(
            damage_at("24_cangping-shengtai-2022", 1978), ["3.3"],
            id="last-task-of-a-section-number-deleted",  # "3.提升固体废物…" -> ".提升…": merged into 3.2
        ),
        pytest.param(
            damage_at("31_chongling-renwufenjie-2023", 1751), [str(n) for n in range(14, 21)],
            id="pipe-table-cell-separator-deleted",  # "14 | 办好公平优质教育" -> "14  办好…": rows 14-20 gone
        ),
        pytest.param(
            damage_at("31_chongling-renwufenjie-2023", 1391, "\n\n— 2 —\n\n"), [str(n) for n in range(11, 21)],
            id="page-break-inside-a-pipe-table-row",  # "…粮食播种面|— 2 —|积稳定在310万亩以上…": rows 11-20 gone
        ),
        pytest.param(
            swap_with_next_line("31_chongling-renwufenjie-2023", "一、着力扩大有效需求"), ["1"],
            id="table-row-before-the-first-section-row",  # "1 | 全力稳住经济大盘…" above "一、…": task 1 dropped
        ),
        pytest.param(
            damage_at("30_zhewan-renwufenjie-2024", 2027, "\n\n— 2 —\n\n"), ["19", "20"],
            id="page-break-inside-a-one-cell-per-line-table",  # "2024年6月30日|— 2 —|前": rows 19-20 gone
        ),
    ],
)
def test_known_silent_losses(case, lost):
    index, text, _ = case
    document = notice_to_dict(parse(as_raw(text, index), rules()))
    assert schema_errors(document) == []
    missing = [task_id.split(":")[1] for task_id in lost_silently(undamaged_tasks(index), document)]
    assert missing == [], f"lost without a warning (when reported: {lost})"
