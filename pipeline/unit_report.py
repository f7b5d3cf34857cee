"""Per-document JSON files -> the unit names a batch is unsure of, with suggestions.

For each name no rule knew (or found only by a weak rule), the report gives how
often it occurs, the tasks it stands in, the closest known names, and the exact
line to add to rules/ to accept it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .rules import Rules

# Names found this way are right most of the time, but worth a look.
LOW_CONFIDENCE = ("document", "expansion")


@dataclass
class UnitFinding:
    surface: str
    name: str
    how: str
    jurisdiction: str | None
    tasks: list[str] = field(default_factory=list)
    suggestions: list[tuple[str, float]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.tasks)

    def rules_line(self) -> str:
        """The line that accepts this name: an alias of the best suggestion, or a unit of its own."""
        target = f"rules/local/{self.jurisdiction or '<jurisdiction>'}.csv"
        if self.how != "unknown":
            return f"{target}: {self.name},{self.surface}"
        if self.suggestions and self.suggestions[0][1] >= 90:
            return f"{target}: {self.suggestions[0][0]},{self.surface}"
        return f"{target}: {self.name},"


def find_uncertain_units(documents: list[dict], rules: Rules, limit: int = 3) -> list[UnitFinding]:
    """Given per-document JSON objects, return the unknown and low-confidence unit names."""
    findings: dict[tuple, UnitFinding] = {}
    for document in documents:
        jurisdiction = document["doc"].get("jurisdiction")
        for task in document["tasks"]:
            for unit in task["units"]:
                known = unit.get("in_dictionary", True)
                how = unit.get("how", "exact") if known else "unknown"
                if known and how not in LOW_CONFIDENCE:
                    continue
                key = (unit["surface"], unit["name"], how, jurisdiction)
                finding = findings.setdefault(key, UnitFinding(unit["surface"], unit["name"], how, jurisdiction))
                finding.tasks.append(task["id"])
    known_by_place: dict[str | None, list[str]] = defaultdict(list)
    for finding in findings.values():
        if finding.jurisdiction not in known_by_place:
            known_by_place[finding.jurisdiction] = _known_names(rules, finding.jurisdiction)
        finding.suggestions = _closest(finding.surface, known_by_place[finding.jurisdiction], limit)
    return sorted(findings.values(), key=lambda f: (f.how != "unknown", -f.count, f.surface))


def _known_names(rules: Rules, jurisdiction: str | None) -> list[str]:
    vocabulary = rules.units
    level = None
    if jurisdiction:
        level = next((p for p in vocabulary.prefixes if jurisdiction.endswith(p)), None)
    names = {(level or "") + name for name in vocabulary.names}
    names.update(vocabulary.local.get(jurisdiction or "", {}).values())
    return sorted(names)


def _closest(surface: str, names: list[str], limit: int) -> list[tuple[str, float]]:
    from rapidfuzz import fuzz, process

    return [(name, round(score, 1)) for name, score, _ in
            process.extract(surface, names, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)]


def format_findings(findings: list[UnitFinding]) -> str:
    if not findings:
        return "every unit name is known"
    lines = []
    for f in findings:
        shown = ", ".join(f.tasks[:5]) + (f" … (+{len(f.tasks) - 5})" if len(f.tasks) > 5 else "")
        lines.append(f"{f.surface}  ({f.how}, {f.count}×)  → {f.name}")
        lines.append(f"  tasks: {shown}")
        if f.suggestions:
            lines.append("  closest: " + "; ".join(f"{name} ({score:.0f})" for name, score in f.suggestions))
        lines.append(f"  accept: {f.rules_line()}")
    return "\n".join(lines)
