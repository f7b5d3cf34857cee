"""Command line: argparse, the batch loop, exit codes. Logic lives in the library modules."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RulesError

SUPPORTED = (".txt", ".pdf", ".docx")


def main(argv: list[str] | None = None) -> int:
    """Given the command-line arguments, run the command and return the exit status (0, 1, 2 or 130)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except RulesError as exc:
        print(f"error: rules: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn Chinese government work notices into structured task datasets.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="convert notices (.txt .pdf .docx, or folders of them) into DIR")
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    run.add_argument("--out", required=True, metavar="DIR", help="output folder")
    run.add_argument("--rules", metavar="DIR", help="rules folder (default: the project's rules/)")
    run.add_argument("--no-tables", action="store_true", help="write only the per-document JSON files")
    run.add_argument("--no-views", action="store_true",
                     help="skip the review page (.html) and task workbook (.xlsx) of each document")
    run.add_argument("--jobs", type=_positive, default=1, metavar="N", help="convert N documents at once")
    run.add_argument("--dask", metavar="ADDRESS", help="send the conversions to a Dask scheduler (tcp://host:port)")
    run.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    run.set_defaults(handler=_run)

    diff = commands.add_parser("diff", help="compare two notices of one series: new, dropped and carried tasks")
    diff.add_argument("old", metavar="OLD", help="the earlier notice (.txt .pdf .docx, or its .json)")
    diff.add_argument("new", metavar="NEW", help="the later notice")
    diff.add_argument("--out", metavar="FILE.csv", help="write every change as a CSV row")
    diff.add_argument("--html", metavar="FILE.html", help="write a side-by-side page")
    diff.add_argument("--rules", metavar="DIR", help="rules folder (default: the project's rules/)")
    diff.set_defaults(handler=_diff)

    tables = commands.add_parser("tables", help="rebuild the CSV tables from the JSON files in DIR")
    tables.add_argument("out", metavar="DIR")
    tables.add_argument("--jobs", type=_positive, default=1, metavar="N",
                        help="read a large folder in N processes (the same tables)")
    tables.set_defaults(handler=_tables)

    units = commands.add_parser("units", help="list unknown and low-confidence unit names in DIR, with suggestions")
    units.add_argument("out", metavar="DIR", help="a folder of per-document JSON files")
    units.add_argument("--rules", metavar="DIR", help="rules folder (default: the project's rules/)")
    units.set_defaults(handler=_units)

    check = commands.add_parser("check-rules", help="validate the rules folder")
    check.add_argument("rules", nargs="?", metavar="DIR")
    check.set_defaults(handler=_check_rules)
    return parser


def _run(args: argparse.Namespace) -> int:
    from .batch import convert_all, report, rules_for
    from .export import remove_stale_temps, write_tables

    rules_for(args.rules)  # invalid rules fail here, before any notice is read
    out_dir = Path(args.out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: {out_dir}: cannot create the output folder ({exc.strerror or exc})", file=sys.stderr)
        return 2
    remove_stale_temps(out_dir)
    batch = collect_inputs(args.inputs)
    for line in batch.warnings:
        _warn(line)
    for line in batch.failures:
        _fail(line)
    started = time.perf_counter()
    converted = failed = warnings = 0
    outcomes = convert_all(batch.files, out_dir, args.rules, jobs=args.jobs, views=not args.no_views,
                           debug=args.debug, dask=args.dask)
    for outcome in sorted(report(outcomes, len(batch.files)), key=lambda o: o.doc_id):
        if outcome.failure:
            _fail(outcome.failure)
            failed += 1
            continue
        converted += 1
        warnings += outcome.warnings
        if outcome.no_tasks:
            _warn(f"{outcome.path}: no tasks found")
    if not args.no_tables:
        for skipped in write_tables(out_dir, jobs=args.jobs):
            _warn(f"{skipped}: not a per-document JSON file; left out of the tables")
    failed += len(batch.failures)
    seconds = time.perf_counter() - started
    print(f"converted {converted}, failed {failed}, warnings {warnings}, {seconds:.2f} s", file=sys.stderr)
    return 1 if failed else 0


@dataclass
class Batch:
    """The inputs of a run: files with their doc_ids, and what was found wrong while looking for them."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "PATH: reason", an input that cannot be converted
    warnings: list[str] = field(default_factory=list)  # "PATH: note", something skipped on purpose


def collect_inputs(inputs: list[str]) -> Batch:
    """Given the INPUT arguments, return the files to convert, each with a doc_id no other file shares."""
    batch = Batch()
    found: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            in_folder = walk_folder(path, batch)
            if not in_folder:
                batch.failures.append(f"{path}: no .txt, .pdf or .docx files in this folder")
            found.extend(in_folder)
        elif path.is_file():
            found.append(path)
        elif path.is_symlink():
            batch.failures.append(f"{path}: cannot read the file (a broken or looping symbolic link)")
        elif path.exists():
            batch.failures.append(f"{path}: not a regular file")
        else:
            batch.failures.append(f"{path}: no such file or folder")
    taken: set[str] = set()
    seen: dict[str, Path] = {}
    for path in found:
        real = os.path.realpath(path)
        if real in seen:
            batch.warnings.append(f"{path}: the same file as {seen[real]}; converted once")
            continue
        seen[real] = path
        batch.files.append((path, unique_doc_id(path, taken)))
    return batch


# Files that look like documents by name but never are one.
_NOT_DOCUMENTS = {
    "~$": "a lock file Word keeps beside an open document",
    "._": "a macOS resource-fork file, not a document",
}


def walk_folder(folder: Path, batch: Batch) -> list[Path]:
    """Given a folder, return the .txt/.pdf/.docx files under it, sorted; note what is skipped in `batch`.

    Symbolic links to folders are not followed (one pointing to its own parent
    would make the walk endless); links to files are read like files.
    """
    found = []

    def unreadable(exc: OSError) -> None:
        batch.failures.append(f"{exc.filename or folder}: cannot read the folder ({exc.strerror or exc})")

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=False):
        dirnames.sort()
        for name in dirnames:
            if os.path.islink(os.path.join(dirpath, name)):
                batch.warnings.append(f"{Path(dirpath, name)}: a symbolic link to a folder; not followed")
        for name in filenames:
            path = Path(dirpath, name)
            if path.suffix.lower() not in SUPPORTED:
                continue
            if name[:2] in _NOT_DOCUMENTS:
                batch.warnings.append(f"{path}: {_NOT_DOCUMENTS[name[:2]]}; skipped")
                continue
            found.append(path)
    return sorted(found, key=str)


def unique_doc_id(path: Path, taken: set[str]) -> str:
    """Given a path and the doc_ids already given out, return a doc_id for it that none shares, and take it.

    `a.txt` and `a.pdf` in one run: the first is `a`, the second `a.pdf`. The
    comparison ignores case, since `A.json` and `a.json` are one file on
    Windows and macOS.
    """
    from .readers import doc_id_for

    base = doc_id_for(path)
    candidates = [base, f"{base}.{path.suffix.lstrip('.').lower()}"]
    candidates += (f"{candidates[1]}-{n}" for n in range(2, len(taken) + 3))
    doc_id = next(c for c in candidates if c.casefold() not in taken)
    taken.add(doc_id.casefold())
    return doc_id


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def _diff(args: argparse.Namespace) -> int:
    from .diff import main_diff

    return main_diff(args.old, args.new, args.out, args.html, args.rules)


def _warn(line: str) -> None:
    print(f"warning: {line}", file=sys.stderr)


def _fail(line: str) -> None:
    print(f"error: {line}", file=sys.stderr)


def _tables(args: argparse.Namespace) -> int:
    from .export import remove_stale_temps, write_tables

    out_dir = Path(args.out)
    if not out_dir.is_dir():
        print(f"error: {out_dir}: no such folder", file=sys.stderr)
        return 2
    remove_stale_temps(out_dir)
    for skipped in write_tables(out_dir, jobs=args.jobs):
        _warn(f"{skipped}: not a per-document JSON file; left out of the tables")
    return 0


def _units(args: argparse.Namespace) -> int:
    from .export import load_documents
    from .rules import load_rules
    from .unit_report import find_uncertain_units, format_findings

    rules = load_rules(args.rules)
    out_dir = Path(args.out)
    if not out_dir.is_dir():
        print(f"error: {out_dir}: no such folder", file=sys.stderr)
        return 2
    print(format_findings(find_uncertain_units(load_documents(out_dir), rules)))
    return 0


def _check_rules(args: argparse.Namespace) -> int:
    from .rules import load_rules

    rules = load_rules(args.rules)
    print(f"rules OK: {len(rules.patterns)} patterns, {len(rules.table('units/departments'))} vocabulary rows, "
          f"{len(rules.local)} local dictionaries")
    return 0
