"""Unit names: a printed name -> its canonical name, and how it was found.

A county notice names `县市场监管局` in one clause and `县市场监督管理局` in the
next, drops the prefix in a list (`县政府办、司法局`), and names local bodies
(`平昌经开区`, `泽川生态环境分局`). Resolution tries, in order:
1. the jurisdiction's own dictionary (rules/local/<jurisdiction>.csv);
2. the general vocabulary (rules/units/departments.csv), after splitting the
   level prefix (县/市/区; 县委 -> 县 + 委…), restoring a dropped prefix from the
   list the name stands in;
3. general patterns: development zones, branches of higher-level bureaus,
   suffix expansions (管委会 -> 管理委员会);
4. otherwise the name is kept as printed and reported as unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .errors import RulesError

# Resolutions kept per vocabulary; a batch of many places clears it rather than grow.
_CACHE_LIMIT = 5_000

# A printed name, before resolution, is cleaned the same way everywhere.
_SPACES = regex.compile(r"\s+")


@lru_cache(maxsize=_CACHE_LIMIT)  # the same few hundred names come back in every task
def clean_name(surface: str) -> str:
    """Given a printed unit name, return it without spaces and with full-width parentheses."""
    return _SPACES.sub("", surface).replace("(", "（").replace(")", "）")


@dataclass(frozen=True)
class Resolution:
    name: str
    how: str  # exact | alias | prefix | local | zone | branch | expansion | document | unknown
    known: bool


@dataclass(frozen=True)
class UnitContext:
    """What a document tells about its own units."""

    jurisdiction: str | None = None  # 平昌县
    level: str | None = None  # the jurisdiction's level prefix: 县
    # How the notice itself spells its zones: (place + short kind, full kind, with 管理委员会).
    zones: tuple[tuple[str, str, bool], ...] = ()

    @property
    def home(self) -> str | None:
        """The jurisdiction without its level: 鹤潭 of 鹤潭县."""
        if not self.jurisdiction or not self.level:
            return self.jurisdiction
        return self.jurisdiction[: -len(self.level)] if self.jurisdiction.endswith(self.level) else self.jurisdiction


@dataclass
class UnitVocabulary:
    """The general vocabulary plus every local dictionary, built once per Rules."""

    names: frozenset[str]  # prefixless full names: 市场监督管理局
    aliases: dict[str, str]  # prefixless short form -> full name
    local: dict[str, dict[str, str]]  # jurisdiction -> printed alias -> canonical
    prefixes: tuple[str, ...]
    patterns: dict[str, regex.Pattern]
    expansions: dict[str, str]
    zone_short_forms: dict[str, str]
    collective: regex.Pattern
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_rules(cls, rules) -> "UnitVocabulary":
        names: set[str] = set()
        aliases: dict[str, str] = {}
        for row in rules.table("units/departments"):
            name, alias = row.get("name", ""), row.get("alias", "")
            if not name:
                raise RulesError("units/departments.csv: a row has no name")
            names.add(name)
            if alias and alias != name:
                if aliases.get(alias, name) != name:
                    raise RulesError(
                        f"units/departments.csv: alias {alias!r} names both {aliases[alias]!r} and {name!r}"
                    )
                aliases[alias] = name
        local: dict[str, dict[str, str]] = {}
        for jurisdiction, rows in rules.local.items():
            table: dict[str, str] = {}
            for row in rows:
                canonical = clean_name(row.get("canonical", ""))
                if not canonical:
                    raise RulesError(f"local/{jurisdiction}.csv: a row has no canonical name")
                for alias in (canonical, clean_name(row.get("alias", ""))):
                    if alias and table.get(alias, canonical) != canonical:
                        raise RulesError(
                            f"local/{jurisdiction}.csv: {alias!r} names both {table[alias]!r} and {canonical!r}"
                        )
                    if alias:
                        table[alias] = canonical
            local[jurisdiction] = table
        return cls(
            names=frozenset(names),
            aliases=aliases,
            local=local,
            prefixes=tuple(sorted(rules.value("units.level_prefixes"), key=len, reverse=True)),
            patterns={key: rules.pattern(f"units.{key}") for key in ("zone", "branch_short", "branch_full")},
            expansions=dict(rules.value("units.suffix_expansions")),
            zone_short_forms=dict(rules.value("units.zone_short_forms")),
            collective=rules.pattern("units.collective"),
        )

    def is_collective(self, surface: str) -> bool:
        return bool(self.collective.search(clean_name(surface)))

    def split_prefix(self, name: str) -> tuple[str | None, str]:
        """`县委组织部` -> ("县", "委组织部"); `市场监管局` -> (None, "市场监管局")."""
        return self._memo(("split_prefix", name), lambda: self._split_prefix(name))

    def _split_prefix(self, name: str) -> tuple[str | None, str]:
        if not name.startswith(self.prefixes):
            return None, name
        for prefix in self.prefixes:
            if name.startswith(prefix) and len(name) > len(prefix):
                body = name[len(prefix):]
                if self._body(body) or not self._body(name):
                    return prefix, body
        return None, name

    def knows(self, body: str) -> bool:
        """Whether a name without its prefix is a body the vocabulary knows."""
        return self._body(body) is not None

    def _body(self, body: str) -> str | None:
        """The full prefixless name of a body the vocabulary knows, else None."""
        if body in self.names:
            return body
        if body.endswith("厅") and body not in self.aliases:
            # A province names its bureaus 厅 (财政厅: the provincial 财政局); such a name is
            # known, and kept as printed, as no abbreviation table lists provincial names.
            return body if self._body(body[:-1] + "局") else None
        return self.aliases.get(body)

    def resolve(self, surface: str, context: UnitContext, list_prefix: str | None = None) -> Resolution:
        """Given a printed unit name, return its canonical name and how it was found."""
        name = clean_name(surface)
        return self._memo((name, context, list_prefix), lambda: self._resolve(name, context, list_prefix))

    def _memo(self, key, build):
        """A value kept per vocabulary; a long batch of notices from many places clears it rather than grow."""
        if key not in self._cache:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = build()
        return self._cache[key]

    def _resolve(self, name: str, context: UnitContext, list_prefix: str | None) -> Resolution:
        local = self.local.get(context.jurisdiction or "", {})
        if name in local:
            return Resolution(local[name], "local", True)
        prefix, body = self.split_prefix(name)
        full = self._body(body)
        if full and prefix:
            return Resolution(prefix + full, "exact" if full == body else "alias", True)
        if full:
            restored = list_prefix or context.level
            if restored:
                return Resolution(restored + full, "prefix", True)
            return Resolution(full, "exact" if full == body else "alias", True)
        for resolution in (self._zone(name, context), self._branch(name, context)):
            if resolution:
                return resolution
        expanded = self._expand(name)
        if expanded != name:
            inner = self._resolve(expanded, context, list_prefix)
            if inner.known:
                return Resolution(inner.name, "expansion", True)
            return Resolution(expanded, "expansion", False)
        return Resolution(name, "unknown", False)

    def _zone(self, name: str, context: UnitContext) -> Resolution | None:
        """`平昌经开区` -> the zone as the notice spells it in full (its recipients line, say).

        Without such a spelling the short kind is expanded and 管理委员会 added, the
        body that a clause names; `县经开区` names the zone of the notice's own place.
        """
        parts = self.zone_parts(name, context)
        if parts is None:
            return None
        place, short, kind, admin = parts
        spelled = {key: (full, with_admin) for key, full, with_admin in context.zones}.get(place + short)
        full_kind = kind if kind != short else self.expansions.get(short, short)
        if spelled:
            full_kind, admin = spelled[0], admin or spelled[1]
        else:
            admin = True
        return Resolution(place + full_kind + ("管理委员会" if admin else ""), "zone", _is_home(place, context))

    def zone_parts(self, surface: str, context: UnitContext) -> tuple[str, str, str, bool] | None:
        """`澄浦经济开发区管委会` -> (place, short kind, kind as printed, names the 管委会)."""
        match = self.patterns["zone"].fullmatch(clean_name(surface))
        if not match:
            return None
        place = match["place"]
        if place in self.prefixes:
            if not context.home:
                return None
            place = context.home
        kind = match["kind"]
        short = self.zone_short_forms.get(kind, kind)
        return place, short, kind, bool(match["admin"])

    def zone_spellings(self, mentions: list[str], context: UnitContext) -> tuple[tuple[str, str, bool], ...]:
        """From every zone name a notice prints, how it spells each zone in full.

        The full kind is the one printed (经济技术开发区 is also 经开区); 管理委员会 is
        part of the name unless the notice writes the zone in full without it
        (平昌经济开发区 in a recipients line) and never with it.
        """
        found: dict[str, list[tuple[str, bool]]] = {}
        for mention in mentions:
            parts = self.zone_parts(mention, context)
            if parts:
                place, short, kind, admin = parts
                found.setdefault(place + short, []).append((kind, admin))
        spellings = []
        for key, forms in sorted(found.items()):
            full = [kind for kind, _ in forms if kind not in self.expansions]
            if not full:
                continue
            admin = any(a for _, a in forms) or not any(kind in full and not a for kind, a in forms)
            spellings.append((key, full[0], admin))
        return tuple(spellings)

    def _branch(self, name: str, context: UnitContext) -> Resolution | None:
        match = self.patterns["branch_full"].fullmatch(name)
        if match:
            return Resolution(name, "branch", True)
        match = self.patterns["branch_short"].fullmatch(name)
        if not match:
            return None
        stem = match["stem"]
        full_stem = self.aliases.get(stem + "局", stem + "局")
        upper = "市" if context.level in ("县", "区", None) else "省"
        return Resolution(f"{upper}{full_stem}{match['place']}分局", "branch", _is_home(match["place"], context))

    def _expand(self, name: str) -> str:
        for short, full in self.expansions.items():
            if name.endswith(short):
                return name[: -len(short)] + full
        return name

    def split_run_on(self, surface: str, context: UnitContext) -> list[str] | None:
        """`县财政局县审计局` (a list whose separator was lost) -> its known names, else None.

        A jieba tokenizer seeded with the vocabulary only (not jieba's general
        dictionary) cuts the run at name boundaries; the cut counts only when
        every piece is a known unit.
        """
        name = clean_name(surface)
        if len(name) < 6:
            return None
        pieces = list(self._tokenizer(context.level).cut(name, HMM=False))
        if len(pieces) < 2:
            return None
        # Each name of a run-on list keeps its level prefix (`县财政局县审计局`); a bare
        # piece is part of one name (`县公安局交警大队` is a squad of the bureau).
        local = self.local.get(context.jurisdiction or "", {})
        if all((self.split_prefix(piece)[0] or piece in local) and self.resolve(piece, context).known
               for piece in pieces):
            return pieces
        return None

    def repair(self, surface: str, context: UnitContext) -> str | None:
        """An OCR-damaged name (`具自然资源和规划局`) -> the one known name it is one edit from."""
        from .ocr_repair import repair_unit

        return repair_unit(clean_name(surface), self._memo(("known", context.level, context.jurisdiction),
                                                           lambda: self._known_names(context)))

    def _known_names(self, context: UnitContext) -> set[str]:
        bodies = set(self.names) | set(self.aliases)
        local = self.local.get(context.jurisdiction or "", {})
        # Prefixed names only: `具X局` is one edit from `县X局` and from bare `X局`, so bare names would make it ambiguous.
        return {(context.level or "") + body for body in bodies} | set(local) | set(local.values())

    def _tokenizer(self, level: str | None):
        return self._memo(("tokenizer", level), lambda: _seeded_tokenizer(self._surface_forms(level)))

    def _surface_forms(self, level: str | None) -> list[str]:
        bodies = set(self.names) | set(self.aliases)
        forms = {(level or "") + body for body in bodies} | bodies
        for table in self.local.values():
            forms.update(table)
        return sorted(forms)



def _seeded_tokenizer(words: list[str]):
    """A jieba tokenizer whose dictionary is exactly `words` (built in memory, no cache file)."""
    import io
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    data = "".join(f"{word} {len(word) * 100} nt\n" for word in words).encode("utf-8")
    tokenizer.FREQ, tokenizer.total = jieba.Tokenizer.gen_pfdict(io.BytesIO(data))
    tokenizer.initialized = True
    return tokenizer


def _is_home(place: str, context: UnitContext) -> bool:
    """Whether a place name is the notice's own jurisdiction (澄浦 of 澄浦市)."""
    return bool(context.jurisdiction) and context.jurisdiction.startswith(place)


def unify_within_document(tasks, rules) -> list:
    """Give an unknown short name the full name it abbreviates elsewhere in the same notice.

    `县大数据局` and `县大数据发展局` in one notice are one unit: the short body is
    a subsequence of the long one, with the same prefix, first and last character.
    Different bodies never collapse: `县规划局` is not `县自然资源和规划局` (first
    characters differ), `县委` is not `县委组织部` (last characters differ).
    """
    from dataclasses import replace

    vocabulary = rules.units
    known = {unit.name for task in tasks for unit in task.units if unit.known}
    mapping: dict[str, str] = {}
    looked_up: set[str] = set()
    for task in tasks:
        for unit in task.units:
            if unit.known or unit.name in looked_up:
                continue
            looked_up.add(unit.name)
            matches = {full for full in known if _abbreviates(unit.name, full, vocabulary)}
            if len(matches) == 1:
                mapping[unit.name] = matches.pop()
    if not mapping:
        return list(tasks)
    return [
        replace(task, units=tuple(
            replace(unit, name=mapping[unit.name], how="document", known=True) if unit.name in mapping else unit
            for unit in task.units
        ))
        for task in tasks
    ]


def _abbreviates(short: str, full: str, vocabulary: UnitVocabulary) -> bool:
    short_prefix, short_body = vocabulary.split_prefix(short)
    full_prefix, full_body = vocabulary.split_prefix(full)
    if short_prefix != full_prefix or len(short_body) >= len(full_body) or len(short_body) < 2:
        return False
    if short_body[0] != full_body[0] or short_body[-1] != full_body[-1]:
        return False
    position = 0
    for ch in short_body:
        position = full_body.find(ch, position) + 1
        if position == 0:
            return False
    return True
