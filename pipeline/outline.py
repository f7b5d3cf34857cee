"""Classified lines -> the plan's outline: its sections and the task blocks under them.

The one stage that decides a notice's structure, whatever its layout: tables reach
it as numbered lines (normalize rewrites them), pages that lost their line breaks
reach it relined. The levels come from the numbering itself: sections.py reads each
line's marker (`一、` `（一）` `1.` `（1）` `①` `第N条`), takes the run of `一、`
headings that holds the numbered items as the plan, and places points by the level
that carries the clauses; tasks.py takes as tasks the level that carries the
clauses. Numbered lines before the first section, and a plan that numbers nothing
(its paragraphs that carry clauses), are kept as tasks, with warnings. The clause
stage reads the blocks handed on here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Problem, Section
from .rules import Rules
from .sections import Line, plan_start, section_problems, split_sections, unsectioned
from .tasks import TaskBlock, paragraph_tasks, split_tasks


@dataclass(frozen=True)
class Outline:
    sections: list[tuple[Section, list[Line]]]  # with the lines under each; UNSECTIONED holds loose tasks
    blocks: list[TaskBlock]
    problems: list[Problem]


def find_plan(lines: list[Line], rules: Rules) -> tuple[list[tuple[Section, list[Line]]], int]:
    """The plan's `一、` sections with their lines, and the index of the line where its body
    starts (its first section, else its first numbered line): the header reads what stands before."""
    sections = split_sections(lines, rules)
    return sections, plan_start(lines, sections)


def read_outline(lines: list[Line], plan: tuple[list[tuple[Section, list[Line]]], int], title_at: int | None,
                 rules: Rules) -> Outline:
    """Given the classified lines, the plan `find_plan` found and the plan title's line (if the
    header found one), return the outline."""
    sections, start = plan
    loose = []
    if title_at is not None or not sections:
        loose = unsectioned(lines, (title_at + 1) if title_at is not None else start,
                            start if sections else len(lines), rules)
        sections = loose + sections
    blocks, problems = split_tasks(sections, rules)
    if not blocks:
        blocks, problems = paragraph_tasks(lines, (title_at + 1) if title_at is not None else 0, rules)
    problems = section_problems(sections) + problems
    if loose and len(sections) > len(loose):
        problems.append(Problem("outside_section", "numbered tasks stand before the first section heading",
                                offset=loose[0][1][0].start))
    return Outline(sections, blocks, problems)
