"""RawDocument -> Document: one logical line per paragraph, with a map back to the raw text.

The stages after this one work on lines: a heading, a task's first line, a
role line (`牵头单位：…`). So normalization is about lines:
1. fold character variants one for one (full-width digits, ASCII punctuation
   in Chinese text), so patterns are written once;
2. drop page furniture: page-number lines and running headers;
3. rewrite task tables as numbered task lines with role lines (tables.py);
   rejoin lines that a page or line break cut in the middle of a sentence;
4. remove stray spaces (`9 5%`, `70 人`, `PM2. 5`) and repair damage
   (`15 构建` lost its period, `位))]` closes a `〔` clause).
Every character keeps the raw offset it came from (`Document.char_map`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from . import script
from .model import Document, RawDocument
from .rules import Rules
from .tables import pipe_cells, rebuild_tables


@dataclass
class Line:
    """A line of text, each character with its raw offset."""

    text: str
    offsets: list[int]
    after_break: bool = False  # the first line after a page break

    def __add__(self, other: "Line") -> "Line":
        return Line(self.text + other.text, self.offsets + other.offsets)

    def sub(self, pattern: regex.Pattern, repl: str) -> "Line":
        """Replace matches by `repl` (a literal); new characters take the match's first offset."""
        if pattern.search(self.text) is None:
            return self  # most repairs find nothing on most lines
        text, offsets, last = [], [], 0
        for match in pattern.finditer(self.text):
            text.append(self.text[last : match.start()])
            offsets.extend(self.offsets[last : match.start()])
            text.append(repl)
            anchor = self.offsets[match.start()] if match.end() > match.start() else self._offset_at(match.start())
            offsets.extend([anchor] * len(repl))
            last = match.end()
        text.append(self.text[last:])
        offsets.extend(self.offsets[last:])
        return Line("".join(text), offsets)

    def strip(self) -> "Line":
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        return Line(self.text[start:end], self.offsets[start:end])

    def _offset_at(self, index: int) -> int:
        if index < len(self.offsets):
            return self.offsets[index]
        return self.offsets[-1] + 1 if self.offsets else 0


def normalize(raw: RawDocument, rules: Rules) -> Document:
    """Given a RawDocument, return the normalized Document with its char_map."""
    text = raw.text.translate(_fold_table(rules))
    text, printed_chars = _to_simplified(text, rules)
    # Folds and heading repairs run once over the whole text (their patterns work line by line).
    whole = _reline(Line(text, list(range(len(text)))), rules)
    whole = _fold_context(whole, rules).sub(rules.pattern("normalize.item_after_clause"), "\n")
    whole = _joined_lines(pipe_cells(_split_lines(whole), rules, Line))
    whole = whole.sub(rules.pattern("normalize.space_between_names"), "、")
    whole = _apply(whole.sub(rules.pattern("normalize.space_between_han"), ""), rules, "heading_repairs")
    lines = [line.strip() for line in _split_lines(whole)]
    lines = _drop_page_furniture(lines, rules, raw.page_starts)
    lines = rebuild_tables([line for line in lines if line.text], rules, Line, raw.cut)
    lines = _join_broken_lines(_labels_with_their_values(lines, rules), rules)
    lines = [_repair(line, rules) for line in lines]
    return _to_document(raw, [line for line in lines if line.text], printed_chars)


def _fold_table(rules: Rules) -> dict[int, str]:
    """One-for-one character folds: full-width ASCII and the variants in rules."""
    table = {code: chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)}  # ０-９
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
    for source, target in rules.value("normalize.fold_characters").items():
        table[ord(source)] = target
    return table


def _reline(whole: Line, rules: Rules) -> Line:
    """A line longer than `reline_min_length` (a page copied as one line) is cut where a block
    starts; each character keeps its raw offset, so provenance still points into the line."""
    minimum = rules.value("normalize.reline_min_length")
    if all(len(part) <= minimum for part in whole.text.split("\n")):
        return whole
    block, sentence = rules.pattern("normalize.reline_block"), rules.pattern("normalize.reline_sentence")

    def reline(line: Line) -> Line:
        if len(line.text) <= minimum or len(block.findall(line.text)) < 2:
            return line
        if len(_CELL_SEPARATORS.findall(line.text)) >= 3:
            return line  # a table row: the numbers inside a cell (`1.4月底前… 2.8月底前…`) stay in it
        return line.sub(block, "\n").sub(sentence, "\n")

    text, offsets, start = [], [], 0
    for part in whole.text.split("\n"):
        line = reline(Line(part, whole.offsets[start : start + len(part)]))
        text.append(line.text)
        offsets.extend(line.offsets)
        start += len(part)
        if start < len(whole.text):  # the newline, with its own offset
            text.append("\n")
            offsets.append(whole.offsets[start])
            start += 1
    return Line("".join(text), offsets)


def _joined_lines(lines: list[Line]) -> Line:
    """Lines -> one Line, each newline taking the offset after its line's last character."""
    text, offsets = [], []
    for k, line in enumerate(lines):
        if k:
            text.append("\n")
            offsets.append(offsets[-1] + 1 if offsets else 0)
        text.append(line.text)
        offsets.extend(line.offsets)
    return Line("".join(text), offsets)


_CELL_SEPARATORS = regex.compile(r"\s[|｜]\s")


def _split_lines(whole: Line) -> list[Line]:
    lines, start = [], 0
    for part in whole.text.split("\n"):
        lines.append(Line(part, whole.offsets[start : start + len(part)]))
        start += len(part) + 1
    return lines


def _fold_context(line: Line, rules: Rules) -> Line:
    """ASCII punctuation to its full-width form where it stands in Chinese text."""
    for name, target in rules.value("normalize.fold_in_chinese").items():
        line = line.sub(rules.pattern(f"normalize.{name}"), target)
    return line


def _drop_page_furniture(lines: list[Line], rules: Rules, page_starts: tuple[int, ...]) -> list[Line]:
    """Drop page-number lines and running headers; mark the line that follows a page break.

    A running header is a short line that occurs again right beside a page number
    (`- 2 -` then the plan title): its first occurrence is the real line.
    """
    page_number = rules.pattern("normalize.page_number")
    block = rules.pattern("normalize.starts_block")
    is_number = [bool(page_number.fullmatch(line.text)) for line in lines]
    nonblank = [i for i, line in enumerate(lines) if line.text]
    seen_at: dict[str, int] = {}
    headers: set[str] = set()
    max_length = rules.value("normalize.running_header_max_length")
    for pos, i in enumerate(nonblank):
        text = lines[i].text
        if is_number[i]:
            continue
        neighbours = nonblank[max(pos - 1, 0) : pos] + nonblank[pos + 1 : pos + 2]
        repeated = text in seen_at
        seen_at.setdefault(text, i)
        if (repeated and any(is_number[j] for j in neighbours) and len(text) <= max_length
                and "。" not in text and not block.search(text)):
            headers.add(text)
    starts = set(page_starts[1:])
    kept, seen, broken = [], set(), False
    for i, line in enumerate(lines):
        if line.offsets and line.offsets[0] in starts:
            broken = True
        if is_number[i] or (line.text in headers and line.text in seen):
            broken = True
            continue
        seen.add(line.text)
        if line.text:
            line.after_break, broken = broken, False
        kept.append(line)
    return kept


def _labels_with_their_values(lines: list[Line], rules: Rules) -> list[Line]:
    """`责任单位` / `卫健局、文旅局`: a label alone on its line and its value on the next make
    one role line, `责任单位：卫健局、文旅局`."""
    from .clauses import is_time_limit, names_only

    label = rules.pattern("clauses.bare_label")

    deadline_labels = rules.value("clauses.deadline_labels")

    def value_of(name: str, text: str) -> bool:
        # Only what such a label holds: names, or a time limit (not the next header cell).
        return is_time_limit(text, rules) if name in deadline_labels else names_only(text, rules)

    out: list[Line] = []
    for line in lines:
        if out and label.match(out[-1].text) and line.text and value_of(out[-1].text.strip(), line.text):
            colon = Line("：", out[-1].offsets[-1:])
            out[-1] = out[-1].strip() + colon + line
        else:
            out.append(line)
    return out


def _join_broken_lines(lines: list[Line], rules: Rules) -> list[Line]:
    """Rejoin a line with the next when a break cut a sentence (blank lines are dropped)."""
    lines = [line for line in lines if line.text]
    width = _visual_line_width(lines)
    out: list[Line] = []
    for i, line in enumerate(lines):
        following = lines[i + 1].text if i + 1 < len(lines) else None
        if out and _continues(out[-1], line, following, width, rules):
            joined = out[-1] + line
            joined.after_break = out[-1].after_break
            out[-1] = joined
        else:
            out.append(line)
    return out


def _visual_line_width(lines: list[Line]) -> int | None:
    """The width of a full line when the text keeps a page's visual lines (PDF), else None.

    Visual lines of a page mostly have one length (28 characters a line in a
    GB/T 9704 notice); paragraphs never do.
    """
    lengths = Counter(len(line.text) for line in lines if len(line.text) > 10)
    if not lengths:
        return None
    width, count = lengths.most_common(1)[0]
    return width if count >= 0.3 * sum(lengths.values()) and count >= 5 else None


def _continues(previous: Line, current: Line, following: str | None, width: int | None, rules: Rules) -> bool:
    """Whether `current` is the rest of the sentence that `previous` started."""
    p = lambda name: rules.pattern(f"normalize.{name}")  # noqa: E731
    before, text = previous.text, current.text
    if p("starts_block").search(text) or p("stands_alone").search(text) or p("stands_alone").search(before):
        return False
    if p("continues_line").search(text):
        return True
    if p("loose_number").search(text):
        # `15 构建` is a task whose period was lost only where a sentence or a heading
        # ended before it; `…不少于` / `60 学时。` is one sentence cut by a page break.
        ended = (p("ends_sentence").search(before) or p("role_line").search(before)
                 or (p("heading").search(before) and "。" not in before))
        return not ended
    if _opens_bracket(before):
        return True  # `…。〔责任单位：` broken at a line end: the clause goes on
    if p("ends_sentence").search(before):
        return False
    wrapped = current.after_break or (width is not None and len(before) >= width - 1)
    if p("role_line").search(before):
        # A role line ends at its line end unless its list goes on.
        return wrapped or before.endswith(("、", "，"))
    if p("heading").search(before) and "。" not in before:
        # A heading is joined only when it wrapped: its rest is short and a block follows.
        return wrapped or ("。" not in text and (following is None or bool(p("starts_block").search(following))))
    return True


def _opens_bracket(text: str) -> bool:
    """Whether a line leaves a bracket open at its end."""
    depth = 0
    for ch in text:
        if ch in _CLOSING:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(depth - 1, 0)
    return depth > 0


def _apply(line: Line, rules: Rules, repairs: str) -> Line:
    """Apply the repairs listed in rules `normalize.<repairs>`, in order."""
    for pattern, replacement in _repairs(rules, repairs):
        line = line.sub(pattern, replacement)
    return line


def _repairs(rules: Rules, repairs: str) -> tuple[tuple[regex.Pattern, str], ...]:
    """The (pattern, replacement) pairs of `normalize.<repairs>`, looked up once per Rules."""
    return rules.derived(f"normalize.{repairs}", lambda: tuple(
        (rules.pattern(f"normalize.{entry['pattern']}"), entry["replacement"])
        for entry in rules.value(f"normalize.{repairs}")
    ))


def _repair(line: Line, rules: Rules) -> Line:
    return _balance_closing_brackets(_apply(line, rules, "repairs"), rules.pattern("clauses.clause_keyword"))


_CLOSING = {"（": "）", "〔": "〕", "【": "】", "［": "］", "《": "》"}
_CLOSERS = set(_CLOSING.values())
_BRACKET = regex.compile("[" + regex.escape("".join(_CLOSING) + "".join(_CLOSERS)) + "]")
# A clause names its role within its first characters: `【牵头单位：…`, `（县发改局牵头，…`.
_CLAUSE_HEAD = 25


def _balance_closing_brackets(line: Line, clause_keyword: regex.Pattern) -> Line:
    """Rewrite the closing run at a line's end to close what the line opened.

    OCR damage such as `〔责任单位：…（单位))]` leaves a clause opened with `〔`
    closed by `)]`; the brackets still open decide the right closers: `）〕`.
    A clause whose closer was lost altogether at a page break
    (`【牵头单位：A；责任单位：B、` / `C`) gets it back.
    """
    tail = len(line.text)
    while tail > 0 and line.text[tail - 1] in _CLOSERS:
        tail -= 1
    stack: list[tuple[str, int]] = []
    for match in _BRACKET.finditer(line.text, 0, tail):
        ch = match.group()
        if ch in _CLOSING:
            stack.append((ch, match.start()))
        elif stack and _CLOSING[stack[-1][0]] == ch:
            stack.pop()
    if not stack:
        return line
    opener = stack[0][1]
    if tail == len(line.text) and not clause_keyword.search(line.text, opener, opener + _CLAUSE_HEAD):
        return line  # the open bracket does not start a clause: nothing to close
    stack = [ch for ch, _ in stack]
    wanted = "".join(_CLOSING[ch] for ch in reversed(stack))
    if line.text[tail:] == wanted:
        return line
    offsets = line.offsets[tail:] + [line.offsets[-1]] * max(0, len(wanted) - (len(line.text) - tail))
    return Line(line.text[:tail] + wanted, line.offsets[:tail] + offsets[: len(wanted)])


def _to_simplified(text: str, rules: Rules) -> tuple[str, dict[str, str]]:
    """Text in Traditional script -> Simplified, one character for one, with the map back.

    Patterns and dictionaries are written in Simplified; a notice copied by a
    mirror site (縣人社局牽頭) is matched as its Simplified form, and its output
    fields are printed back in the script of the source.
    """
    markers = rules.value("normalize.traditional_markers")
    if sum(text.count(ch) for ch in markers) < rules.value("normalize.traditional_min_markers"):
        return text, {}
    simplified = script.to_simplified(text)
    counts: dict[str, Counter] = {}
    for before, after in zip(text, simplified):
        if before != after:
            counts.setdefault(after, Counter())[before] += 1
    return simplified, {after: counter.most_common(1)[0][0] for after, counter in counts.items()}


def _to_document(raw: RawDocument, lines: list[Line], printed_chars: dict[str, str]) -> Document:
    text, offsets = [], []
    for line in lines:
        if text:
            text.append("\n")
            offsets.append(offsets[-1] + 1 if offsets else 0)
        text.append(line.text)
        offsets.extend(line.offsets)
    return Document(raw=raw, text="".join(text), char_map=tuple(offsets), printed_chars=printed_chars)
