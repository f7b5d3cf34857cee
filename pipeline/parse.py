"""The stage order, in one readable function: RawDocument -> Notice."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .clauses import (
    CLOSING_BRACKETS, OPENING_BRACKETS, Roles, clause_at_end, clause_content, clause_cut_by_the_end, is_role_line,
    labelled_brackets, names_only, parse_roles, split_names,
)
from .deadlines import find_deadline, parse_deadline
from .header import read_header
from .model import DocFields, Document, Notice, Problem, RawDocument, Task, UnitRef
from .normalize import normalize
from .outline import find_plan, read_outline
from .rules import Rules
from .sections import UNSECTIONED, classify_lines
from .targets import extract_targets
from .tasks import TaskBlock
from .units import UnitContext, clean_name, unify_within_document


def parse(raw: RawDocument, rules: Rules) -> Notice:
    """Given a document as read, return everything the pipeline extracts from it."""
    doc = normalize(raw, rules)
    lines = classify_lines(doc, rules)
    plan = find_plan(lines, rules)
    _, start = plan
    fields, title_at = read_header(lines, start, rules)
    outline = read_outline(lines, plan, title_at, rules)
    sections, blocks = outline.sections, outline.blocks
    problems = list(raw.problems) + outline.problems

    # A carry-forward rule before the first section (in the cover or the preamble) covers every task.
    preamble = " ".join(line.text for line in lines[:start] if line.kind == "other")
    first_is_lead = bool(rules.pattern("clauses.first_is_lead").search(doc.text))
    context = _unit_context(fields, blocks, doc.text, rules)

    cut = bool(blocks) and blocks[-1].end >= len(doc.text.rstrip())
    drafts = [_read_block(block, rules, first_is_lead, cut and k == len(blocks) - 1) for k, block in enumerate(blocks)]
    if drafts and drafts[-1][3] and cut:
        problems.extend(_cut_by_the_end(drafts[-1], raw.text, context, rules))
    for block, roles, *_ in drafts:
        if block.lead_unit and not roles.lead:
            roles.lead.extend(split_names(block.lead_unit, rules))
    carries = _carry_forward(drafts, preamble, rules)
    tasks = []
    for (block, roles, body, clause, title), inherited in zip(drafts, carries):
        task_id = f"{doc.doc_id}:{block.id_path}"
        units = _resolve_units(roles, inherited, context, rules, ocr=bool(raw.source.ocr_pages))
        if clause is None:
            inherits = " (it has only the units a carry-forward rule gives it)" if inherited else ""
            problems.append(Problem("no_clause", f"task {block.id_path} has no responsibility clause{inherits}",
                                    task_id, block.start))
        for segment in roles.unparsed:
            problems.append(Problem("clause_unparsed", f"task {block.id_path}: clause part not read: {segment}", task_id, block.start))
        deadline = (
            parse_deadline(roles.deadline, fields.year, rules) if roles.deadline
            else find_deadline(body, fields.year, rules)
        )
        tasks.append(Task(
            id=task_id,
            no=str(block.no),
            section=block.section.no or None,
            subsection=str(block.subsection) if block.subsection is not None else None,
            title=title,
            text=body,
            clause=clause,
            units=units,
            catch_all=tuple(dict.fromkeys(roles.catch_all)),
            leaders=tuple(dict.fromkeys(block.section.leaders + tuple(roles.leaders))),
            targets=extract_targets(body, rules),
            deadline=deadline,
            span=(block.start, block.end),
            page=doc.page_at(block.start),
        ))
    tasks = unify_within_document(tasks, rules)
    problems.extend(_unknown_units(tasks, context))
    if not tasks:
        problems.append(Problem("no_tasks", "no numbered tasks were found in this document"))
    problems = [_with_task_id(p, tasks) for p in problems]
    notice = Notice(
        doc_id=doc.doc_id, source=raw.source, doc=fields,
        sections=tuple(section for section, _ in sections if section is not UNSECTIONED), tasks=tuple(tasks),
        warnings=tuple(problems),
    )
    return _as_printed(notice, doc)


def _as_printed(notice: Notice, doc: Document) -> Notice:
    """Text fields in the script the source printed them in (canonical names stay Simplified)."""
    if not doc.printed_chars:
        return notice
    p = doc.printed
    fields = replace(notice.doc, **{key: p(getattr(notice.doc, key)) for key in (
        "doc_number", "issuer", "title", "cover_title", "recipients")})
    sections = tuple(replace(s, title=p(s.title)) for s in notice.sections)
    tasks = tuple(
        replace(
            t, title=p(t.title), text=p(t.text), clause=p(t.clause),
            units=tuple(replace(u, surface=p(u.surface)) for u in t.units),
            catch_all=tuple(p(c) for c in t.catch_all), leaders=tuple(p(n) for n in t.leaders),
            targets=tuple(replace(g, metric=p(g.metric), unit=p(g.unit), condition=p(g.condition), text=p(g.text))
                          for g in t.targets),
            deadline=replace(t.deadline, text=p(t.deadline.text)) if t.deadline else None,
        )
        for t in notice.tasks
    )
    return replace(notice, doc=fields, sections=sections, tasks=tasks)


def _read_block(block: TaskBlock, rules: Rules, first_is_lead: bool, cut: bool = False):
    """Given a task block, return (block, roles, body text, clause as printed, title).

    cut: the text stops at the block's end (an excerpt), maybe inside its clause.
    """
    body_parts, clause_parts, contents = [], [], []
    title = None
    for line in block.lines:
        text = line.text[line.body_start:] if line is block.first else line.text
        if is_role_line(text, rules):
            clause_parts.append(text)
            contents.append(text)
            continue
        at = clause_at_end(text, rules)
        if at is not None:
            text, clause = text[:at], text[at:]
        elif cut and line is block.lines[-1] and (open_clause := clause_cut_by_the_end(text, rules)):
            at, clause = open_clause[0], open_clause[1]
            text = text[:at]
        inside = labelled_brackets(text, rules)
        for start, end in inside:
            # A labelled clause inside the paragraph: `…。（牵头单位：A；配合单位：B）推进…`.
            clause_parts.append(text[start:end])
            contents.append(clause_content(text[start:end], rules))
        if line is block.first and inside and "。" not in text[: inside[0][0]]:
            title = text[: inside[0][0]].strip()  # `发展乡村旅游（牵头单位：…）打造…`: the title ends at the clause
        body_parts.append(_without(text, inside))
        if at is not None:
            clause_parts.append(clause)
            contents.append(clause_content(clause, rules))
    roles = parse_roles(contents, rules, first_is_lead)
    body = "".join(body_parts).strip()
    clause = "".join(clause_parts) if clause_parts else None
    duty = None if clause_parts else rules.pattern("clauses.duty_item").match(body)
    if duty and names_only(duty["unit"], rules) and not is_role_line(body, rules):
        clause = body[: duty.end()]  # `区发展改革委：负责…`: a duty list names the lead of each item
        roles = parse_roles([duty["unit"] + "负责"], rules, first_is_lead)
    return block, roles, body, clause, title or body.split("。", 1)[0].strip()


def _cut_by_the_end(draft, raw_text: str, context: UnitContext, rules: Rules) -> list[Problem]:
    """A text that stops inside the last task's clause (an excerpt cut at its length limit) may
    have cut its list: a warning says so. A name at the very end, with no line break after it,
    may itself be cut: an unknown one is dropped, not read as a unit."""
    block, roles, _, clause, _ = draft
    printed_end = raw_text.rstrip().rstrip("。；;.")[-1:]
    if clause[:1] in OPENING_BRACKETS and printed_end not in CLOSING_BRACKETS:  # its closer was never printed
        problems = [Problem("clause_unparsed", f"task {block.id_path}: the text ends inside this clause; "
                                               "its list of units may be incomplete", offset=block.start)]
    else:
        problems = []
    for listed in (roles.lead, roles.co):
        last = listed[-1] if listed else ""
        # A file saved whole ends with a line break; an excerpt stops where its limit fell.
        if last and raw_text.endswith(last) and not rules.units.resolve(last, context).known:
            listed.pop()
            return [Problem("clause_unparsed", f"task {block.id_path}: the text ends inside this clause; "
                                               f"{last!r} may be cut and is not read as a unit", offset=block.start)]
    return problems


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text


def _carry_forward(drafts, preamble: str, rules: Rules) -> list[list[str]]:
    """For each task, the names a carry-forward rule gives it (later tasks, or a section's rest)."""
    document_wide: list[str] = []
    carry = rules.pattern("clauses.carry_forward").search(preamble)
    if carry:
        document_wide = split_names(carry["units"], rules)
    by_section: dict[int, list[str]] = {}
    result = []
    for block, roles, *_ in drafts:
        section_key = id(block.section)
        result.append(list(dict.fromkeys(document_wide + by_section.get(section_key, []))))
        if roles.carry_forward:
            if roles.carry_scope == "section":
                by_section.setdefault(section_key, []).extend(roles.carry_forward)
            else:
                document_wide = document_wide + roles.carry_forward
    return result


def _unit_context(fields: DocFields, blocks: list[TaskBlock], text: str, rules: Rules) -> UnitContext:
    vocabulary = rules.units
    if fields.jurisdiction:
        level = max((p for p in rules.value("units.level_prefixes") if fields.jurisdiction.endswith(p)),
                    key=len, default=None)  # 自治区, not 区
    else:
        level = _own_level(text, rules)
    zone_word = rules.pattern("units.zone_word")
    mentions = split_names(fields.recipients or "", rules)
    mentions += [name for block in blocks for line in block.lines if zone_word.search(line.text)
                 for name in split_names(line.text, rules)]
    context = UnitContext(jurisdiction=fields.jurisdiction, level=level)
    return replace(context, zones=vocabulary.zone_spellings(mentions, context))


def _own_level(text: str, rules: Rules) -> str | None:
    """The level of the government a notice names most often (`市政府…`), when one leads."""
    counts = Counter(m["level"] for m in rules.pattern("units.own_government").finditer(text)).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _resolve_units(roles: Roles, inherited: list[str], context: UnitContext, rules: Rules,
                   ocr: bool = False) -> tuple[UnitRef, ...]:
    """Printed names -> canonical units; in an OCRed document, a name one edit from a known one is repaired."""
    vocabulary = rules.units
    units: list[UnitRef] = []
    named = roles.lead + roles.co
    # The prefix the list prints on its names; `市政局` is no 市 + 政局 (a body the vocabulary
    # does not know counts only when more than a two-character word is left).
    split = [vocabulary.split_prefix(clean_name(name)) for name in named]
    prefixes = Counter(prefix for prefix, body in split if prefix and (vocabulary.knows(body) or len(body) > 2))
    list_prefix = prefixes.most_common(1)[0][0] if prefixes else None
    for role, names in (("lead", roles.lead), ("co", roles.co), ("inherited", inherited)):
        for surface in names:
            if role == "inherited" and vocabulary.is_collective(surface):
                units.append(UnitRef(clean_name(surface), surface, role, "collective", True))
                continue
            found = vocabulary.resolve(surface, context, list_prefix)
            repaired = vocabulary.repair(surface, context) if ocr and not found.known else None
            if repaired:
                fixed = vocabulary.resolve(repaired, context, list_prefix)
                units.append(UnitRef(fixed.name, surface, role, "repaired", True))
                continue
            pieces = None if found.known else vocabulary.split_run_on(surface, context)
            for piece in pieces or ():
                part = vocabulary.resolve(piece, context, list_prefix)
                units.append(UnitRef(part.name, piece, role, "split", True))
            if not pieces:
                units.append(UnitRef(found.name, surface, role, found.how, found.known))
    return tuple(_dedupe(units))


def _unknown_units(tasks: list[Task], context: UnitContext) -> list[Problem]:
    """A warning for every unit name no rule knows, repaired or cut out of a run-on list."""
    where = f"rules/local/{context.jurisdiction or '<jurisdiction>'}.csv"
    problems = []
    for task in tasks:
        for unit in task.units:
            if not unit.known:
                problems.append(Problem(
                    "unknown_unit", f"unit {unit.surface!r} is not in rules/ (kept as {unit.name!r}); add it to {where}",
                    task.id))
            elif unit.how == "repaired":
                problems.append(Problem(
                    "unit_repaired", f"unit {unit.surface!r} read as {unit.name!r} (OCR damage repaired against the "
                    "vocabulary)", task.id))
            elif unit.how == "split":
                problems.append(Problem(
                    "unit_split", f"unit {unit.surface!r} was cut out of a list printed without separators", task.id))
    return problems


def _dedupe(units: list[UnitRef]) -> list[UnitRef]:
    seen, kept = set(), []
    for unit in units:
        if (unit.name, unit.role) not in seen:
            seen.add((unit.name, unit.role))
            kept.append(unit)
    return kept


def _with_task_id(problem: Problem, tasks: list[Task]) -> Problem:
    """Attach the task a problem stands in, by its offset, when it has none."""
    if problem.task is not None or problem.offset is None:
        return problem
    for task in tasks:
        if task.span[0] <= problem.offset <= task.span[1]:
            return Problem(problem.code, problem.message, task.id, problem.offset)
    return problem
