"""Task block -> its text and its responsibility clause, read into roles.

One grammar for every layout: a clause is a list of segments, each either
labelled (`牵头单位：A`, `责任单位：A，B、C`, `完成时限：…`, `责任领导：…`) or
marked by a verb after its units (`A牵头`, `B、C配合`, `A负责`,
`A、B按职责分工负责`), or a time limit (`2024年6月底前完成`). A clause comes
as a bracket at the end of the paragraph (〔〕【】［］（）) or as role lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .rules import Rules
from .units import clean_name

_OPEN = {"〔": "〕", "【": "】", "［": "］", "（": "）", "[": "]", "(": ")"}
_CLOSE = {v: k for k, v in _OPEN.items()}
OPENING_BRACKETS, CLOSING_BRACKETS = frozenset(_OPEN), frozenset(_CLOSE)
_BRACKET = regex.compile("[" + regex.escape("".join(_OPEN) + "".join(_CLOSE)) + "]")


@dataclass
class Roles:
    """What a clause says, still as printed names."""

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    catch_all: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline: str | None = None
    carry_forward: list[str] = field(default_factory=list)
    carry_scope: str | None = None  # document | section
    unparsed: list[str] = field(default_factory=list)  # segments no rule read


def clause_at_end(text: str, rules: Rules) -> int | None:
    """Given a line, return where a responsibility clause at its end starts, or None.

    The clause is a bracket (`…。〔责任单位：A，B〕`) or, without brackets, the
    labelled segments after the last sentence (`…。牵头单位：A；配合单位：B。`).
    """
    stripped = text.rstrip("。；;. ")
    if not stripped:
        return None
    if stripped[-1] not in _CLOSE:
        return _inline_clause(stripped, rules)
    depth_stack = []
    for i in range(len(stripped) - 1, -1, -1):
        ch = stripped[i]
        if ch in _CLOSE:
            depth_stack.append(ch)
        elif ch in _OPEN and depth_stack:
            depth_stack.pop()
            if not depth_stack:
                content = stripped[i + 1 : -1]
                keyword = rules.pattern("clauses.clause_keyword").search(content)
                return i if keyword or names_only(content, rules) else None
    return None


def clause_cut_by_the_end(text: str, rules: Rules) -> tuple[int, str] | None:
    """Given the last line of a text that stops inside a bracket (an excerpt cut at its length
    limit), return (where the clause starts, the clause closed where it was cut), or None.

    A marker the cut left half printed (`…按职责分工`) is dropped with it.
    """
    depth, at = 0, None
    for i in range(len(text) - 1, -1, -1):
        if text[i] in _CLOSE:
            depth += 1
        elif text[i] in _OPEN:
            if depth == 0:
                at = i
                break
            depth -= 1
    if at is None:
        return None
    content = text[at + 1 :].rstrip("、，,；; ")
    markers = rules.value("clauses.lead_markers")
    for k in range(1, len(content) - 1):  # the longest tail first
        tail = content[k:]
        if tail not in markers and any(marker.startswith(tail) for marker in markers):
            content = content[:k].rstrip("、，,；; ")
            break
    # The last name may itself be cut (`市政府办公室、市`): the names before it still say who leads.
    before_last = regex.sub(r"[、，,；;][^、，,；;]*$", "", content)
    if not (rules.pattern("clauses.clause_keyword").search(content) or names_only(content, rules)
            or (before_last != content and names_only(before_last, rules))):
        return None
    return at, text[at] + content + _OPEN[text[at]]


def names_only(content: str, rules: Rules) -> bool:
    """Whether a bracket holds only unit names and collectives: `县发改局、县财政局，各乡镇`."""
    names = split_names(content, rules)
    bare, collective = rules.pattern("clauses.bare_unit"), rules.units.is_collective
    return bool(names) and all(bare.match(name) or collective(name) for name in names)


def _marked_names(content: str, rules: Rules) -> bool:
    """Whether a bracket says who is responsible: unit names closed by a lead marker (`A、B负责落实`)."""
    marked = _marked(content, rules)
    return bool(marked) and marked["marker"] in rules.value("clauses.lead_markers") and names_only(
        marked["units"], rules)


def labelled_brackets(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Given a line, return the (start, end) of brackets inside it whose content starts with a role
    label (`（牵头单位：A；配合单位：B）`): clauses that stand inside the paragraph, not at its end."""
    spans, stack = [], []
    for match in _BRACKET.finditer(text):
        i = match.start()
        if match.group() in _OPEN:
            stack.append(i)
        elif stack:
            start = stack.pop()
            content = text[start + 1 : i]
            if not stack and (rules.pattern("clauses.role_line").match(content) or _marked_names(content, rules)):
                spans.append((start, i + 1))
    return spans


def _inline_clause(text: str, rules: Rules) -> int | None:
    """Where labelled segments after the last sentence start (outside any bracket), or where a
    last sentence of marked units starts (`…。县发改局牵头，县财政局配合`), or None."""
    for match in rules.pattern("clauses.label_start").finditer(text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        inside = sum(ch in _OPEN for ch in text[:start]) > sum(ch in _CLOSE for ch in text[:start])
        if start > 0 and text[start - 1] in "。；" and "。" not in text[start:] and not inside:
            return start
    start = text.rfind("。") + 1
    last = text[start:]
    if start == 0 or not last:
        return None
    marked = rules.pattern("clauses.marked")
    parts = [part for part in regex.split(r"[，,；;]", last) if part]
    for part in parts:
        match = marked.fullmatch(part)
        if not match or not names_only(match["units"], rules):
            return None
    return start


def is_role_line(text: str, rules: Rules) -> bool:
    return bool(rules.pattern("clauses.role_line").match(text))


def clause_content(text: str, rules: Rules) -> str:
    """Given a clause as printed (a bracket or a role line), return what it says, brackets removed."""
    stripped = text.strip().rstrip("。；; ")
    if stripped and stripped[0] in _OPEN and stripped[-1] in _CLOSE:
        return stripped[1:-1]
    return stripped


def parse_roles(contents: list[str], rules: Rules, first_is_lead: bool = False) -> Roles:
    """Given the contents of a task's clause parts, return the roles they name.

    first_is_lead: the notice's own rule (`首位单位为牵头单位`) that the first unit of
    a `责任单位` list leads and the others cooperate.
    """
    roles = Roles()
    stated_rule = rules.pattern("clauses.stated_rule")
    segments = [seg for content in contents for seg in _segments(stated_rule.sub("", content), rules)]
    labelled_lead = any(_label_role(seg, rules) == "lead" for seg in segments)
    for segment in segments:
        _read_segment(segment, rules, roles, labelled_lead, first_is_lead)
    return roles


def _segments(content: str, rules: Rules) -> list[str]:
    """Split a clause at `；` and where another label starts, outside brackets.

    `牵头单位：A；配合单位：B`, `牵头单位：A，责任单位：B`, `牵头单位：A 责任单位：B`.
    """
    depths = _depths(content)
    cuts = {i for i, ch in enumerate(content) if ch in "；;。" and depths[i] == 0}
    for match in rules.pattern("clauses.label_start").finditer(content):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        if start > 0 and depths[start - 1] == 0:
            cuts.add(start)
    parts, last = [], 0
    for cut in sorted(cuts) + [len(content)]:
        parts.append(content[last:cut])
        last = cut + 1 if cut < len(content) and content[cut] in "；;。" else cut
    cleaned = (part.strip().strip("，,；; ").rstrip("。") for part in parts)
    return [part for part in cleaned if part]


def _label_role(segment: str, rules: Rules) -> str | None:
    match = rules.pattern("clauses.role_line").match(segment)
    if not match:
        return None
    label = match["label"]
    for role in ("lead", "co", "responsible", "deadline", "leader", "division"):
        if label in rules.value(f"clauses.{role}_labels"):
            return role
    return None


def _read_segment(segment: str, rules: Rules, roles: Roles, labelled_lead: bool, first_is_lead: bool) -> None:
    carry = rules.pattern("clauses.carry_forward").search(segment)
    if carry:
        roles.carry_forward.extend(split_names(carry["units"], rules))
        roles.carry_scope = "section" if carry["scope"] else "document"
        segment = segment[: carry.start()].rstrip("，；")
        if not segment:
            return
    role = _label_role(segment, rules)
    if role:
        value = rules.pattern("clauses.role_line").match(segment)["value"].strip()
        if role == "deadline":
            roles.deadline = _strip_done(value, rules)
        elif role == "leader":
            roles.leaders.extend(name for name in regex.split(r"[、，]", value) if name)
        elif role == "lead":
            _add(roles, "lead", value, rules)
        elif role == "co":
            _add(roles, "co", value, rules)
        elif role == "division":
            _read_segment(value, rules, roles, labelled_lead, first_is_lead)
        else:
            _read_responsible(value, rules, roles, labelled_lead, first_is_lead)
        return
    parts = _split_top(segment, "，,")
    marks = [_marked(part, rules) for part in parts]
    bare = [mark is None and _is_bare_list(part, rules) for part, mark in zip(parts, marks)]
    if all(bare):
        _read_responsible(segment, rules, roles, labelled_lead, first_is_lead)  # `（A、B，C）`: a bare list
        return
    pending: list[str] = []  # bare lists waiting for the marker after them: `A、B，C负责`
    led = any(mark and mark["marker"].startswith("牵头") for mark in marks)
    for part, marked, is_bare in zip(parts, marks, bare):
        if led and marked and marked["marker"] in rules.value("clauses.shared_duty_markers"):
            _add(roles, "co", marked["units"], rules)  # beside a 牵头 unit, the others share the duty
            continue
        if is_bare:
            pending.append(part)
            continue
        if marked is not None:
            for bare in pending:  # the marker reads over the whole list it closes
                _read_marked_part(bare + marked["marker"], rules, roles, first_is_lead)
            pending = []
        _read_marked_part(part, rules, roles, first_is_lead)
    for bare in pending:
        _read_marked_part(bare, rules, roles, first_is_lead)


def _marked(part: str, rules: Rules):
    return rules.pattern("clauses.marked").fullmatch(rules.pattern("clauses.leading_word").sub("", part))


def _is_bare_list(part: str, rules: Rules) -> bool:
    """A part that is no time limit and has no `（牵头）` (callers check it has no marker)."""
    return bool(part) and not is_time_limit(part, rules) and "（牵头）" not in part


def _read_responsible(value: str, rules: Rules, roles: Roles, labelled_lead: bool, first_is_lead: bool) -> None:
    """`责任单位：A，B、C`: lead before the first `，`, co after; all co beside a 牵头 label."""
    marked = _marked(value, rules)
    if marked and marked["marker"] in rules.value("clauses.lead_markers") and not marked["marker"].startswith("牵头"):
        value = marked["units"]  # `责任单位：A、B按职责分工负责`: the marker says what the label says
    if labelled_lead:
        _add(roles, "co", value, rules)
        return
    if "（牵头）" in value:  # A（牵头） leads wherever it stands; the rest cooperate
        _add(roles, "co", value, rules)
        return
    parts = _split_top(value, "，,")
    if any(rules.pattern("clauses.marked").fullmatch(part) for part in parts):
        for part in parts:  # 责任单位：A牵头，B配合
            _read_marked_part(part, rules, roles, first_is_lead)
        return
    if first_is_lead:
        _add_first_leads(roles, value, rules)
        return
    head, _, tail = _split_first(value, "，,")
    _add(roles, "lead", head, rules)
    if tail:
        _add(roles, "co", tail, rules)


def _read_marked_part(part: str, rules: Rules, roles: Roles, first_is_lead: bool) -> None:
    """`A牵头`, `B、C配合`, `A负责`, `A、B按职责分工负责`, a time limit, or a bare list."""
    marked = _marked(part, rules)
    if marked:
        role = "lead" if marked["marker"] in rules.value("clauses.lead_markers") else "co"
        if role == "lead" and first_is_lead and not marked["marker"].startswith("牵头"):
            _add_first_leads(roles, marked["units"], rules)  # `A、B等负责` under `列第一位的为牵头部门`
        else:
            _add(roles, role, marked["units"], rules)
        return
    if is_time_limit(part, rules):
        roles.deadline = _strip_done(part, rules)
        return
    if "（牵头）" in part:
        _add(roles, "co", part, rules)
        return
    if first_is_lead:
        _add_first_leads(roles, part, rules)
        return
    if part:
        roles.unparsed.append(part)


def _add_first_leads(roles: Roles, value: str, rules: Rules) -> None:
    """The notice's own rule: the first unit of a list leads, the others cooperate."""
    names = split_names(value, rules)
    _add_names(roles, "lead", names[:1], rules)
    _add_names(roles, "co", names[1:], rules)


def is_time_limit(text: str, rules: Rules) -> bool:
    """Whether a clause part or a table cell is a time limit (`2024年6月底前完成`, `长期坚持`)."""
    return bool(rules.pattern("clauses.time_limit").search(text))


def _strip_done(value: str, rules: Rules) -> str:
    return rules.pattern("clauses.done_suffix").sub("", value).strip()


def _add(roles: Roles, role: str, value: str, rules: Rules) -> None:
    _add_names(roles, role, split_names(value, rules), rules)


def _add_names(roles: Roles, role: str, names: list[str], rules: Rules) -> None:
    """File names under a role; `A（牵头）` leads wherever it stands; collectives are catch-alls."""
    vocabulary = rules.units
    for name in names:
        if name.endswith("（牵头）"):
            name, this_role = name[: -len("（牵头）")], "lead"
        else:
            this_role = role
        if not name:
            continue
        if vocabulary.is_collective(name):
            roles.catch_all.append(clean_name(name))
        else:
            getattr(roles, this_role).append(name)
    # A collective leading a list leaves the lead empty; the others keep their role.


def split_names(value: str, rules: Rules) -> list[str]:
    """`县发改局、县市场监管局等县级相关部门（单位）` -> [县发改局, 县市场监管局, 等县级相关部门（单位）]."""
    names = []
    trailing = rules.pattern("clauses.trailing_collective")
    leading = rules.pattern("clauses.leading_word")
    closing_etc = rules.pattern("clauses.list_closing_etc")
    first_place, second_place = rules.pattern("clauses.collective_first_place"), rules.pattern(
        "clauses.collective_second_place")
    conjunction = rules.pattern("clauses.conjunction_before_collective")
    items = [piece for item in _split_top(value, "、，,；;/") for piece in conjunction.split(item)]
    joined: set[str] = set()
    for item in items:
        item = closing_etc.sub("", leading.sub("", item.strip().strip("。.")))
        if not item:
            continue
        if names and (first_place.match(names[-1]) or names[-1] in joined) and second_place.match(item):
            names[-1] += "、" + item  # `各区、县级市`, `各乡、街办、管理处`: one collective
            joined.add(names[-1])
            continue
        match = trailing.search(item)
        if match and match.start() > 0:
            names.append(item[: match.start()])
            names.append(item[match.start():])
        else:
            names.append(item)
    return [name for name in names if name and name not in ("—", "-", "无")]


def _depths(text: str) -> list[int]:
    """The bracket depth after each character (an unmatched closer counts as none)."""
    depths: list[int] = []
    depth = last = 0
    for match in _BRACKET.finditer(text):
        depths.extend([depth] * (match.start() - last))
        depth = depth + 1 if match.group() in _OPEN else max(depth - 1, 0)
        depths.append(depth)
        last = match.end()
    depths.extend([depth] * (len(text) - last))
    return depths


def _top_separators(text: str, separators: str) -> list[int]:
    """Offsets of the separators that stand outside brackets."""
    if not any(separator in text for separator in separators):
        return []  # most names have none: skip the walk through the brackets
    return [i for i, depth in enumerate(_depths(text)) if depth == 0 and text[i] in separators]


def _split_top(text: str, separators: str) -> list[str]:
    """Split at separators that stand outside brackets: 各镇（街道）、县财政局 is two items."""
    parts, last = [], 0
    for cut in _top_separators(text, separators) + [len(text)]:
        parts.append(text[last:cut])
        last = cut + 1
    return [part.strip() for part in parts if part.strip()]


def _split_first(text: str, separators: str) -> tuple[str, str, str]:
    cuts = _top_separators(text, separators)
    if not cuts:
        return text, "", ""
    return text[: cuts[0]], text[cuts[0]], text[cuts[0] + 1 :]
