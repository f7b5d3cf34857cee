"""Score the pipeline's per-document JSON against the gold of the development corpus.

    python -m pipeline.evaluate --gold corpus [DIR ...] --pred output/ [--no-misses] [--json FILE]

For every `NAME.gold.json` in the gold folder the prediction is `PRED/NAME.json`
(docs/format.md); the gold format is "Gold schema" in corpus/README.md. How items count:

- Tasks are matched one to one by section numeral, subsection (only where the gold
  gives one) and printed number: the gold `id` against the prediction's `no`.
- Every task field is scored end to end: the items of a gold task with no match are
  misses (fn), the items of a predicted task with no match are spurious (fp). The
  miss list names such a task once, not each of its items.
- Units are compared per role after mapping a name through the gold `units` table
  (canonical or any alias), so `县市场监管局` scores as `县市场监督管理局`.
- Single values (title, deadline, each doc field) give one item: equal is a tp, a
  wrong value is one fp and one fn, and null on both sides is not counted.
- A missing prediction file scores as an empty prediction; the miss list gives it one line.
- Responsibility tasks: the gold tasks that name a unit or a collective in any role.
  What counts most is that none of them is lost: `found` is how many were matched,
  `lead_exact` how many of all of them (a lost task counts as wrong) have exactly the
  gold's lead units.
- With `--manifest` (real notices, whose text is not in the repository): the groups are
  the manifest's layout tags, a notice counting in each of its tags; a notice whose text
  is not in `--texts` is named, not scored; one whose text is not the one annotated (its
  digest differs) is named and not scored either.

The figures are a report, not a gate: the exit code is 0 whenever the scorer ran.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

FIELDS = (
    "tasks",
    "titles",
    "lead_units",
    "co_units",
    "inherited_units",
    "catch_all",
    "leaders",
    "targets",
    "deadlines",
    "sections",
    "doc",
)
DOC_FIELDS = ("doc_number", "issuer", "title", "cover_title", "recipients", "date", "year", "jurisdiction")

# Prediction role -> the gold key that lists the units of that role.
ROLE_FIELDS = {"lead": "lead_units", "co": "co_units", "inherited": "inherited_units"}

# Groups of the corpus, by the number a notice's name starts with (`22_chengpu-…`).
# The seed notice has no number and is named here; anything else is "added".
GROUP_RANGES = (("core", 21, 28), ("layouts", 29, 33))
GROUP_NAMES = {"notice-2024-pingchang": "core"}
DEFAULT_GROUP = "added"
GROUP_ORDER = tuple(name for name, _, _ in GROUP_RANGES) + (DEFAULT_GROUP,)

GOLD_SUFFIX = ".gold.json"
WHITESPACE = re.compile(r"\s+")
# Printed clauses mix the two widths (`县级相关部门(单位)` beside `各镇（街道）`).
PAREN_FOLD = str.maketrans({"(": "（", ")": "）"})


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field.

    A side with no items scores 1.0 only when the other side is empty too, so an
    empty field on both sides is perfect and an empty prediction scores 0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Given these counts, return them with P/R/F1 as a JSON-ready dict."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Scorecard:
    """The counts, lead-unit exact matches and miss notes of one or more documents."""

    counts: dict[str, Counts] = field(default_factory=dict)
    lead_exact: int = 0
    lead_matched: int = 0
    responsible: int = 0
    responsible_found: int = 0
    responsible_lead_exact: int = 0
    documents: int = 0
    missing_predictions: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, counts: Counts) -> None:
        self.counts[name] = self.counts.get(name, Counts()) + counts

    def merge(self, other: Scorecard) -> None:
        for name, counts in other.counts.items():
            self.add(name, counts)
        self.lead_exact += other.lead_exact
        self.lead_matched += other.lead_matched
        self.responsible += other.responsible
        self.responsible_found += other.responsible_found
        self.responsible_lead_exact += other.responsible_lead_exact
        self.documents += other.documents
        self.missing_predictions += other.missing_predictions
        self.misses += other.misses

    def as_dict(self) -> dict[str, Any]:
        """Given this scorecard, return its figures as a JSON-ready dict."""
        share = self.lead_exact / self.lead_matched if self.lead_matched else None
        return {
            "documents": self.documents,
            "missing_predictions": list(self.missing_predictions),
            "fields": {name: self.counts.get(name, Counts()).as_dict() for name in FIELDS},
            "doc_fields": {
                name: self.counts.get(f"doc.{name}", Counts()).as_dict() for name in DOC_FIELDS
            },
            "lead_unit_exact_match": {
                "exact": self.lead_exact,
                "matched": self.lead_matched,
                "share": None if share is None else round(share, 4),
            },
            "responsible_tasks": {
                "gold": self.responsible,
                "found": self.responsible_found,
                "lead_exact": self.responsible_lead_exact,
                "found_share": _share(self.responsible_found, self.responsible),
                "lead_exact_share": _share(self.responsible_lead_exact, self.responsible),
            },
        }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# -- text keys ---------------------------------------------------------------


def squeeze(text: Any) -> str:
    """Given a printed string, return it without whitespace (`9 5%` -> `95%`)."""
    return WHITESPACE.sub("", str(text))


def normalize(text: Any) -> str:
    """Given a unit or collective name, return it without whitespace and with full-width parentheses."""
    return squeeze(text).translate(PAREN_FOLD)


def number_key(value: Any) -> str | None:
    """Given a printed task, section or subsection number, return it as a comparable string."""
    if value is None:
        return None
    # `１４` and `14` are the same number; NFKC folds the full-width digits.
    return unicodedata.normalize("NFKC", str(value)).strip() or None


def task_label(task: dict[str, Any]) -> str:
    """Given a gold or predicted task, return its printed path (`二.8`, `一.2.3`)."""
    # A gold task carries its number in `id`, a predicted one in `no`.
    parts = [task.get("section"), task.get("subsection"), task.get("no", task.get("id"))]
    return ".".join(str(part) for part in parts if part not in (None, ""))


def group_of(name: str) -> str:
    """Given a gold file's name without `.gold.json`, return its corpus group."""
    if name in GROUP_NAMES:
        return GROUP_NAMES[name]
    leading = re.match(r"\d+", name)
    if leading:
        number = int(leading.group())
        for group, first, last in GROUP_RANGES:
            if first <= number <= last:
                return group
    return DEFAULT_GROUP


# -- comparing items ---------------------------------------------------------


def compare_keyed(gold: dict[str, str], pred: dict[str, str]) -> tuple[Counts, list[str]]:
    """Given gold and predicted items as {key: label}, return the counts and the miss notes."""
    missing = [f"missing {label}" for key, label in gold.items() if key not in pred]
    spurious = [f"spurious {label}" for key, label in pred.items() if key not in gold]
    return Counts(tp=len(gold.keys() & pred.keys()), fp=len(spurious), fn=len(missing)), missing + spurious


def compare_value(gold: Any, pred: Any, key: Callable[[Any], str] = squeeze) -> tuple[Counts, list[str]]:
    """Given a gold and a predicted single value, return the counts and the miss notes."""
    gold = None if gold in (None, "") else gold
    pred = None if pred in (None, "") else pred
    if gold is None and pred is None:
        return Counts(), []
    if gold is None:
        return Counts(fp=1), [f"spurious {pred}"]
    if pred is None:
        return Counts(fn=1), [f"missing {gold}"]
    if key(gold) == key(pred):
        return Counts(tp=1), []
    return Counts(fp=1, fn=1), [f"got {pred} want {gold}"]


def strip_value(value: Any) -> str:
    """Given a doc field value, return it as a stripped string (so 2024 equals "2024")."""
    return str(value).strip()


# -- tasks -------------------------------------------------------------------


def match_tasks(
    gold_tasks: list[dict[str, Any]], pred_tasks: list[dict[str, Any]]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Given gold and predicted tasks, return the matched pairs, unmatched gold and unmatched predictions.

    A pair shares section and number, and the subsection too where the gold gives
    one: where numbers restart in each section (24, 26, 28, 29) only the section
    tells `一.1` from `二.1`. Each task is used once, first come first served.
    """
    free = list(pred_tasks)
    pairs, unmatched = [], []
    for gold in gold_tasks:
        found = next((pred for pred in free if same_task(gold, pred)), None)
        if found is None:
            unmatched.append(gold)
        else:
            free.remove(found)
            pairs.append((gold, found))
    return pairs, unmatched, free


def same_task(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Given a gold and a predicted task, return whether their printed paths agree."""
    if number_key(gold.get("id")) != number_key(pred.get("no")):
        return False
    if number_key(gold.get("section")) != number_key(pred.get("section")):
        return False
    subsection = number_key(gold.get("subsection"))
    return subsection is None or subsection == number_key(pred.get("subsection"))


def alias_table(gold_units: list[dict[str, Any]]) -> dict[str, str]:
    """Given the gold doc-level `units` list, return {normalized canonical or alias: normalized canonical}."""
    table: dict[str, str] = {}
    for unit in gold_units or []:
        canonical = normalize(unit["canonical"])
        table.setdefault(canonical, canonical)
        for alias in unit.get("aliases") or []:
            table.setdefault(normalize(alias), canonical)
    return table


def unit_items(names: list[str], aliases: dict[str, str]) -> dict[str, str]:
    """Given unit names and the alias table, return {canonical key: name as given}."""
    items: dict[str, str] = {}
    for name in names:
        key = normalize(name)
        items.setdefault(aliases.get(key, key), name)
    return items


def predicted_units(pred_task: dict[str, Any], role: str) -> list[str]:
    """Given a predicted task, return the names of its units with that role."""
    return [unit.get("name") or "" for unit in pred_task.get("units") or [] if unit.get("role") == role]


def score_units(
    gold_task: dict[str, Any], pred_task: dict[str, Any], aliases: dict[str, str]
) -> dict[str, tuple[Counts, list[str]]]:
    """Given a gold and a predicted task, return the counts and miss notes of each unit role."""
    scores = {}
    for role, gold_key in ROLE_FIELDS.items():
        gold = unit_items(gold_task.get(gold_key) or [], aliases)
        pred = unit_items(predicted_units(pred_task, role), aliases)
        counts, notes = compare_keyed(gold, pred)
        scores[gold_key] = (counts, [f"{role}: {note}" for note in notes])
    return scores


def is_responsible(gold_task: dict[str, Any]) -> bool:
    """Given a gold task, return whether it names a unit or a collective in any role."""
    return any(gold_task.get(key) for key in ("lead_units", "co_units", "inherited_units", "catch_all"))


def lead_units_exact(gold_task: dict[str, Any], pred_task: dict[str, Any], aliases: dict[str, str]) -> bool:
    """Given a matched pair of tasks, return whether their lead-unit sets are equal (both empty counts)."""
    gold = unit_items(gold_task.get("lead_units") or [], aliases)
    pred = unit_items(predicted_units(pred_task, "lead"), aliases)
    return gold.keys() == pred.keys()


def score_strings(
    gold: list[str], pred: list[str], key: Callable[[Any], str], label: str
) -> tuple[Counts, list[str]]:
    """Given gold and predicted string lists, return set counts and miss notes prefixed by label."""
    counts, notes = compare_keyed({key(s): s for s in gold}, {key(s): s for s in pred})
    return counts, [f"{label}: {note}" for note in notes]


# -- targets -----------------------------------------------------------------


def as_number(value: Any) -> float | None:
    """Given a target value (number or numeric string), return it as a float, or None."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def measure_key(unit: str | None) -> str | None:
    """Given a target's unit of measure, return it normalized; null and "" are both None."""
    return normalize(unit) if unit else None


def target_matches(gold: dict[str, Any], pred: dict[str, Any], exact_metric: bool) -> bool:
    """Given a gold and a predicted target, return whether they match (metric exactly or loosely)."""
    gold_value, pred_value = as_number(gold.get("value")), as_number(pred.get("value"))
    if gold_value is None or pred_value is None or not math.isclose(gold_value, pred_value, abs_tol=1e-9):
        return False
    if (gold.get("comparator") or "").strip() != (pred.get("comparator") or "").strip():
        return False
    if measure_key(gold.get("unit")) != measure_key(pred.get("unit")):
        return False
    gold_metric, pred_metric = normalize(gold.get("metric") or ""), normalize(pred.get("metric") or "")
    if exact_metric:
        return gold_metric == pred_metric
    # Loose: `合法性审查率` still matches the gold `审查率`, and the other way round.
    return bool(gold_metric and pred_metric) and (gold_metric in pred_metric or pred_metric in gold_metric)


def target_label(target: dict[str, Any]) -> str:
    """Given a target, return it as `metric>=100%`."""
    value = as_number(target.get("value"))
    shown = target.get("value") if value is None else f"{value:g}"
    return f"{target.get('metric')}{target.get('comparator')}{shown}{target.get('unit') or ''}"


def score_targets(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[Counts, list[str]]:
    """Given the gold and predicted targets of one task, return the counts and miss notes.

    Greedy one-to-one matching: exact metric matches are taken first, so a loose
    match cannot steal the gold target that another prediction names exactly.
    """
    free_gold = list(range(len(gold)))
    matched_pred: set[int] = set()
    for exact_metric in (True, False):
        for i, target in enumerate(pred):
            if i in matched_pred:
                continue
            j = next((j for j in free_gold if target_matches(gold[j], target, exact_metric)), None)
            if j is not None:
                free_gold.remove(j)
                matched_pred.add(i)
    missing = [f"target: missing {target_label(gold[j])}" for j in free_gold]
    spurious = [f"target: spurious {target_label(t)}" for i, t in enumerate(pred) if i not in matched_pred]
    return Counts(tp=len(matched_pred), fp=len(spurious), fn=len(missing)), missing + spurious


# -- one document ------------------------------------------------------------


def deadline_text(pred_task: dict[str, Any]) -> str | None:
    """Given a predicted task, return its deadline phrase, or None."""
    deadline = pred_task.get("deadline")
    if isinstance(deadline, dict):
        return deadline.get("text")
    return deadline


def score_task(
    gold_task: dict[str, Any], pred_task: dict[str, Any], aliases: dict[str, str]
) -> dict[str, tuple[Counts, list[str]]]:
    """Given a gold and a predicted task (either may be {}), return counts and miss notes per field."""
    scores = score_units(gold_task, pred_task, aliases)
    counts, notes = compare_value(gold_task.get("title"), pred_task.get("title"))
    scores["titles"] = counts, [f"title: {note}" for note in notes]
    scores["catch_all"] = score_strings(
        gold_task.get("catch_all") or [], pred_task.get("catch_all") or [], normalize, "catch_all"
    )
    # corpus/README.md says golds older than `leaders` omit the key: read that as [].
    scores["leaders"] = score_strings(
        gold_task.get("leaders") or [], pred_task.get("leaders") or [], squeeze, "leaders"
    )
    scores["targets"] = score_targets(gold_task.get("targets") or [], pred_task.get("targets") or [])
    counts, notes = compare_value(gold_task.get("deadline"), deadline_text(pred_task))
    scores["deadlines"] = counts, [f"deadline: {note}" for note in notes]
    return scores


def score_sections(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[Counts, list[str]]:
    """Given gold and predicted sections, return counts and miss notes; a section is its number and title."""
    counts, notes = Counts(), []
    free = list(pred)
    for section in gold:
        found = next((p for p in free if number_key(p.get("no")) == number_key(section.get("no"))), None)
        if found is None:
            counts.fn += 1
            notes.append(f"section: missing {section.get('no')}、{section.get('title')}")
            continue
        free.remove(found)
        item_counts, item_notes = compare_value(section.get("title"), found.get("title"))
        counts += item_counts
        notes += [f"section {section.get('no')}: {note}" for note in item_notes]
    counts.fp += len(free)
    notes += [f"section: spurious {p.get('no')}、{p.get('title')}" for p in free]
    return counts, notes


def score_document(name: str, gold: dict[str, Any], pred: dict[str, Any] | None) -> Scorecard:
    """Given a gold annotation and its prediction (None when the file is missing), return its scorecard."""
    card = Scorecard(documents=1)
    if pred is None:
        card.missing_predictions.append(name)
        pred = {}

    def note(where: str, notes: list[str]) -> None:
        card.misses.extend(f"{name} {where}{text}" for text in notes)

    gold_doc, pred_doc = gold.get("doc") or {}, pred.get("doc") or {}
    for field_name in DOC_FIELDS:
        counts, notes = compare_value(gold_doc.get(field_name), pred_doc.get(field_name), key=strip_value)
        card.add(f"doc.{field_name}", counts)
        card.add("doc", counts)
        note(f"doc.{field_name}: ", notes)

    counts, notes = score_sections(gold.get("sections") or [], pred.get("sections") or [])
    card.add("sections", counts)
    note("", notes)

    aliases = alias_table(gold.get("units") or [])
    pairs, missed, spurious = match_tasks(gold.get("tasks") or [], pred.get("tasks") or [])
    card.add("tasks", Counts(tp=len(pairs), fp=len(spurious), fn=len(missed)))
    note("", [f"task: missing {task_label(task)}" for task in missed])
    note("", [f"task: spurious {task_label(task)}" for task in spurious])
    for gold_task, pred_task in pairs:
        for field_name, (counts, notes) in score_task(gold_task, pred_task, aliases).items():
            card.add(field_name, counts)
            note(f"task {task_label(gold_task)} ", notes)
        card.lead_matched += 1
        exact = lead_units_exact(gold_task, pred_task, aliases)
        card.lead_exact += exact
        if is_responsible(gold_task):
            card.responsible_found += 1
            card.responsible_lead_exact += exact
    card.responsible = sum(map(is_responsible, gold.get("tasks") or []))
    # An unmatched task's items all count, but its miss is listed once above.
    for gold_task in missed:
        for field_name, (counts, _) in score_task(gold_task, {}, aliases).items():
            card.add(field_name, counts)
    for pred_task in spurious:
        for field_name, (counts, _) in score_task({}, pred_task, aliases).items():
            card.add(field_name, counts)
    return card


# -- the corpus --------------------------------------------------------------


def load_json(path: Path) -> Any:
    """Given a JSON file, return its content (a UTF-8 BOM is accepted)."""
    return json.loads(path.read_text(encoding="utf-8-sig"))


def load_prediction(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """Given a prediction path, return its content and None, or None and the reason it cannot be read."""
    if not path.is_file():
        return None, f"missing {path}"
    try:
        return load_json(path), None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"unreadable {path}: {error}"


def score_corpus(
    gold_dir: str | Path | list,
    pred_dir: str | Path,
    manifest: dict[str, dict[str, str]] | None = None,
    texts: str | Path | None = None,
) -> dict[str, Any]:
    """Given gold folder(s) and a prediction folder, return the figures per document, per group and in total.

    The result is plain JSON-ready data: `groups` and `total` hold `fields`
    ({field: {precision, recall, f1, tp, fp, fn}}), `doc_fields`,
    `lead_unit_exact_match` and `responsible_tasks`; `misses` lists every miss, one
    line each. With a `manifest` (see `load_manifest`) and the folder of `texts`,
    the groups are the manifest's layouts and only notices whose text is present and
    unchanged are scored (`not_present`, `changed` name the others).
    """
    gold_dirs = [Path(d) for d in (gold_dir if isinstance(gold_dir, list) else [gold_dir])]
    pred_dir = Path(pred_dir)
    documents, groups, total = {}, {}, Scorecard()
    not_present, changed = [], []
    gold_paths = sorted(path for d in gold_dirs for path in d.glob(f"*{GOLD_SUFFIX}"))
    for gold_path in gold_paths:
        name = gold_path.name[: -len(GOLD_SUFFIX)]
        if manifest is not None:
            row = manifest.get(name, {})
            text = Path(texts or gold_path.parent / "text") / f"{name}.txt"
            if not text.is_file():
                not_present.append(f"{name} ({row.get('source', 'not in the manifest')})")
                continue
            if text_digest(text.read_text(encoding="utf-8-sig")) != row.get("sha256"):
                changed.append(name)
                continue
            names_of_groups = sorted(filter(None, row.get("layout", "").split("+"))) or [DEFAULT_GROUP]
        else:
            names_of_groups = [group_of(name)]
        pred, problem = load_prediction(pred_dir / f"{name}.json")
        card = score_document(name, load_json(gold_path), pred)
        if problem:
            # Its items all count as misses, but one line says why.
            card.misses = [f"{name} prediction: {problem}"]
        for group in names_of_groups:
            groups.setdefault(group, Scorecard()).merge(card)
        total.merge(card)
        documents[name] = {"group": "+".join(names_of_groups), **card.as_dict()}
    order = sorted(groups) if manifest is not None else [g for g in GROUP_ORDER if g in groups]
    return {
        "gold_dir": ", ".join(str(d) for d in gold_dirs),
        "pred_dir": str(pred_dir),
        "documents": documents,
        "groups": {group: groups[group].as_dict() for group in order},
        "total": total.as_dict(),
        "missing_predictions": total.missing_predictions,
        "not_present": not_present,
        "changed": changed,
        "misses": total.misses,
    }


def text_digest(text: str) -> str:
    """Given a notice's text, return the sha256 of it without whitespace (how the manifest names a text)."""
    return hashlib.sha256(WHITESPACE.sub("", text).encode("utf-8")).hexdigest()


def load_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    """Given the manifest CSV of real notices, return its rows by id."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


# -- report ------------------------------------------------------------------


def format_block(title: str, figures: dict[str, Any]) -> list[str]:
    """Given a block title and one group's figures, return the lines of its table."""
    lines = [f"== {title}: {figures['documents']} documents =="]
    if figures["missing_predictions"]:
        lines.append("missing predictions: " + ", ".join(figures["missing_predictions"]))
    lines.append(f"{'field':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for name, c in figures["fields"].items():
        lines.append(
            f"{name:<16}{c['precision']:>7.3f}{c['recall']:>7.3f}{c['f1']:>7.3f}"
            f"{c['tp']:>6}{c['fp']:>6}{c['fn']:>6}"
        )
    lead = figures["lead_unit_exact_match"]
    share = "n/a" if lead["share"] is None else f"{lead['share']:.3f}"
    lines.append(f"lead-unit exact match: {share} ({lead['exact']}/{lead['matched']} matched tasks)")
    tasks = figures["responsible_tasks"]
    if tasks["gold"]:
        lines.append(
            f"tasks with a responsibility: found {tasks['found']}/{tasks['gold']} ({tasks['found_share']:.3f}), "
            f"lead exact {tasks['lead_exact']}/{tasks['gold']} ({tasks['lead_exact_share']:.3f})"
        )
    return lines


def format_report(result: dict[str, Any], misses: bool = True) -> str:
    """Given the result of score_corpus, return the printed report."""
    lines: list[str] = []
    for group, figures in result["groups"].items():
        lines += format_block(group, figures) + [""]
    lines += format_block("TOTAL", result["total"])
    if result.get("not_present"):
        lines += ["", f"== not present, not scored ({len(result['not_present'])}) =="] + result["not_present"]
    if result.get("changed"):
        lines += ["", f"== text differs from the one annotated, not scored ({len(result['changed'])}) =="]
        lines += result["changed"]
    if misses:
        lines += ["", f"== misses ({len(result['misses'])}) =="] + result["misses"]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Given the command-line arguments, return the parsed options."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.evaluate",
        description="Score per-document JSON predictions against corpus gold (*.gold.json).",
    )
    parser.add_argument("--gold", required=True, type=Path, nargs="+",
                        help="folder(s) holding NAME.gold.json files")
    parser.add_argument("--pred", required=True, type=Path, help="folder holding the predicted NAME.json files")
    parser.add_argument(
        "--misses",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="list every miss after the figures (default); --no-misses hides them",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--manifest", type=Path, metavar="CSV",
                        help="real notices: group by the manifest's layouts, score only texts present and unchanged")
    parser.add_argument("--texts", type=Path, metavar="DIR",
                        help="with --manifest: the folder of the notices' texts (default: GOLD/text)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Given command-line arguments, print the report and return the exit code (0 ran, 2 bad usage)."""
    try:
        args = parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage line
        return int(exit_.code or 0)
    for gold in args.gold:
        if not gold.is_dir():
            print(f"evaluate: gold folder not found: {gold}", file=sys.stderr)
            return 2
        if not any(gold.glob(f"*{GOLD_SUFFIX}")):
            print(f"evaluate: no *{GOLD_SUFFIX} files in {gold}", file=sys.stderr)
            return 2
    if not args.pred.is_dir():
        print(f"evaluate: prediction folder not found: {args.pred}", file=sys.stderr)
        return 2
    manifest = load_manifest(args.manifest) if args.manifest else None
    result = score_corpus(args.gold, args.pred, manifest=manifest, texts=args.texts)
    print(format_report(result, misses=args.misses))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
