"""Load and validate rules/ into a frozen Rules object (the only reader of rules/).

Layout of rules/:
- `*.toml`: named patterns and word lists. A table with a `regex` key is a
  pattern; it must carry an `example` (a string or a list) that it matches, and
  may carry `counter_example`s it must not match. A pattern is addressed as
  `<file stem>.<table>` (`sections.heading`). Any other key is data, addressed
  the same way (`clauses.lead_words`).
- `units/*.csv`: the general unit vocabulary (see rules/README.md).
- `local/<jurisdiction>.csv`: each jurisdiction's own units (canonical,alias).
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

import regex

from . import pattern_cache
from .errors import RulesError

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

# Every pattern works line by line; a long one may opt into `(?x)` layout itself.
PATTERN_FLAGS = regex.MULTILINE


@dataclass(frozen=True)
class Rules:
    path: Path
    data: dict[str, Any]  # "stem.key" -> value, for every non-pattern entry
    patterns: dict[str, regex.Pattern]
    tables: dict[str, tuple[dict[str, str], ...]]  # "units/departments" -> rows
    local: dict[str, tuple[dict[str, str], ...]] = field(default_factory=dict)

    def pattern(self, name: str) -> regex.Pattern:
        try:
            return self.patterns[name]
        except KeyError:
            raise RulesError(f"rules: no pattern named {name!r}") from None

    def patterns_named(self, prefix: str) -> tuple[regex.Pattern, ...]:
        """The patterns whose names start with `prefix` (`targets.not_`), picked out once."""
        return self.derived(f"patterns:{prefix}", lambda: tuple(
            p for name, p in self.patterns.items() if name.startswith(prefix)))

    def derived(self, key: str, build: Callable[[], Any]) -> Any:
        """A value built from the rules by `build`, once per Rules (stages call it per line)."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    @cached_property
    def _derived(self) -> dict[str, Any]:
        return {}

    def value(self, name: str) -> Any:
        try:
            return self.data[name]
        except KeyError:
            raise RulesError(f"rules: no entry named {name!r}") from None

    def words(self, name: str) -> tuple[str, ...]:
        """A word list, longest first so alternations prefer the longer word."""
        return self.derived(f"words:{name}", lambda: tuple(sorted(self.value(name), key=len, reverse=True)))

    def table(self, name: str) -> tuple[dict[str, str], ...]:
        return self.tables.get(name, ())

    @cached_property
    def units(self):
        """The unit vocabulary, built once per Rules."""
        from .units import UnitVocabulary

        return UnitVocabulary.from_rules(self)


def load_rules(path: str | Path | None = None) -> Rules:
    """Given the rules folder, return validated Rules; raise RulesError naming the fault."""
    root = Path(path) if path else DEFAULT_RULES_DIR
    if not root.is_dir():
        raise RulesError(f"rules folder not found: {root}")
    data: dict[str, Any] = {}
    pattern_entries: dict[str, dict] = {}
    for toml_path in sorted(root.glob("*.toml")):
        try:
            content = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RulesError(f"{toml_path.name}: not valid TOML: {exc}") from None
        for key, value in content.items():
            name = f"{toml_path.stem}.{key}"
            if isinstance(value, dict) and "regex" in value:
                pattern_entries[name] = value
            else:
                data[name] = value
    # Word lists first, so a pattern may use a list from any file.
    patterns = _compile_all(pattern_entries, data)
    tables = {
        f"{csv_path.parent.name}/{csv_path.stem}": _read_csv(csv_path, ("name", "alias", "kind"))
        for csv_path in sorted(root.glob("units/*.csv"))
    }
    local = {
        csv_path.stem: _read_csv(csv_path, ("canonical", "alias"))
        for csv_path in sorted(root.glob("local/*.csv"))
    }
    rules = Rules(root, data, patterns, tables, local)
    rules.units  # validate the vocabulary now, before any notice is read
    return rules


def _compile_all(entries: dict[str, dict], data: dict[str, Any]) -> dict[str, regex.Pattern]:
    """Compile every pattern (or read them from the cache) and check each against its examples."""
    sources = {name: _expand(name, entry["regex"], data) for name, entry in entries.items()}
    patterns = pattern_cache.load(sources, PATTERN_FLAGS)
    if patterns is None:
        patterns = {name: _compile(name, source) for name, source in sources.items()}
        pattern_cache.store(sources, PATTERN_FLAGS, patterns)
    for name, entry in entries.items():
        _check_examples(name, patterns[name], entry)
    return patterns


def _compile(name: str, source: str) -> regex.Pattern:
    try:
        return regex.compile(source, PATTERN_FLAGS)
    except regex.error as exc:
        raise RulesError(f"pattern {name}: does not compile: {exc}") from None


def _check_examples(name: str, pattern: regex.Pattern, entry: dict) -> None:
    examples = entry.get("example")
    if not examples:
        raise RulesError(f"pattern {name}: needs an `example` it matches")
    for example in [examples] if isinstance(examples, str) else examples:
        if not pattern.search(example):
            raise RulesError(f"pattern {name}: does not match its example {example!r}")
    counters = entry.get("counter_example", [])
    for counter in [counters] if isinstance(counters, str) else counters:
        if pattern.search(counter):
            raise RulesError(f"pattern {name}: matches its counter-example {counter!r}")


def _expand(name: str, source: str, data: dict[str, Any]) -> str:
    """Replace `{{stem.key}}` (or `{{stem.a+stem.b}}`) with an alternation of those word lists,
    escaped, longest first."""

    def alternation(match: regex.Match) -> str:
        words = []
        for key in match.group(1).split("+"):
            listed = data.get(key)
            if not isinstance(listed, list):
                raise RulesError(f"pattern {name}: refers to unknown word list {key!r}")
            words.extend(listed)
        return "(?:" + "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"

    return regex.sub(r"\{\{([\w.+]+)\}\}", alternation, source)


def _read_csv(path: Path, required: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = [name.strip() for name in (handle.readline().rstrip("\r\n").split(","))]
            missing = [name for name in required if name not in header]
            if missing:
                raise RulesError(f"{path.parent.name}/{path.name}: missing column(s) {', '.join(missing)}")
            handle.seek(0)
            rows = tuple(
                {k.strip(): (v or "").strip() for k, v in row.items() if k}
                for row in csv.DictReader(handle)
                if any((v or "").strip() for v in row.values())
                and not (next(iter(row.values())) or "").startswith("#")
            )
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RulesError(f"{path.name}: cannot read: {exc}") from None
    return rows
