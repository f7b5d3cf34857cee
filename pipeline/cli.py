"""Command line: argparse, the batch loop, exit codes. Logic lives in the library modules."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import PipelineError, RulesError, UnreadableDocument

SUPPORTED = (".txt", ".pdf", ".docx")


def main(argv: list[str] | None = None) -> int:
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
    run.add_argument("--debug", action="store_true", help="show tracebacks")
    run.set_defaults(handler=_run)

    tables = commands.add_parser("tables", help="rebuild the CSV tables from the JSON files in DIR")
    tables.add_argument("out", metavar="DIR")
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
    from .export import notice_to_dict, write_json, write_tables
    from .parse import parse
    from .readers import read_document
    from .rules import load_rules

    rules = load_rules(args.rules)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs, failures = _collect(args.inputs)
    started = time.perf_counter()
    converted = warnings = 0
    for path, doc_id in inputs:
        try:
            notice = parse(read_document(path, doc_id), rules)
            write_json(notice_to_dict(notice), out_dir)
        except UnreadableDocument as exc:
            failures.append(f"{exc.path}: {exc.reason}")
            continue
        except PipelineError as exc:
            failures.append(f"{path}: {exc}")
            continue
        except Exception as exc:  # one broken file never stops the batch
            if args.debug:
                raise
            failures.append(f"{path}: internal error while converting ({type(exc).__name__}: {exc})")
            continue
        converted += 1
        warnings += len(notice.warnings)
    if not args.no_tables:
        write_tables(out_dir)
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"converted {converted}, failed {len(failures)}, warnings {warnings}, {seconds:.2f} s", file=sys.stderr)
    return 1 if failures else 0


def _collect(inputs: list[str]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Expand folders; give every file a doc_id, keeping two inputs from sharing one."""
    from .readers import doc_id_for

    files, failures = [], []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED and p.is_file())
            if not found:
                failures.append(f"{path}: no .txt, .pdf or .docx files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            failures.append(f"{path}: no such file or folder")
    taken: dict[str, Path] = {}
    result = []
    for path in dict.fromkeys(files):
        doc_id = doc_id_for(path)
        if doc_id in taken:
            doc_id = f"{doc_id}.{path.suffix.lstrip('.').lower()}"  # a.txt and a.pdf: both kept
        taken[doc_id] = path
        result.append((path, doc_id))
    return result, failures


def _tables(args: argparse.Namespace) -> int:
    from .export import write_tables

    out_dir = Path(args.out)
    if not out_dir.is_dir():
        print(f"error: {out_dir}: no such folder", file=sys.stderr)
        return 2
    write_tables(out_dir)
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
