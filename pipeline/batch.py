"""A batch of input files -> their outputs, in this process, in a process pool, or on a Dask cluster.

Each document is converted on its own by `convert_file`, which never raises for
a bad input: it returns an Outcome saying what was written or why not. The
same function runs everywhere, so a pool or a cluster adds no logic of its own.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import PipelineError, UnreadableDocument


@dataclass(frozen=True)
class Outcome:
    """What converting one file gave: `failure` is None when its outputs were written."""

    path: str
    doc_id: str
    failure: str | None = None  # "FILE: reason"
    warnings: int = 0
    no_tasks: bool = False


# Rules are parsed once per process, then kept: a worker converts many documents.
_RULES: dict[str | None, object] = {}


def rules_for(rules_dir: str | None):
    from .rules import load_rules

    if rules_dir not in _RULES:
        _RULES[rules_dir] = load_rules(rules_dir)
    return _RULES[rules_dir]


def convert_file(path: str | Path, doc_id: str, out_dir: str | Path, rules_dir: str | None = None,
                 views: bool = True, debug: bool = False, ocr_jobs: int | None = None) -> Outcome:
    """Given one input file, write `<doc_id>.json` (and its review page and workbook) into out_dir.

    Nothing raised while converting one file stops the batch: the outcome names
    the reason in one line (a traceback is printed only with `debug`).
    """
    from .export import notice_to_dict, write_atomic, write_json
    from .parse import parse
    from .readers import read_document

    path, out_dir = Path(path), Path(out_dir)
    rules = rules_for(rules_dir)
    try:
        raw = read_document(path, doc_id, ocr_jobs=ocr_jobs)
        notice = parse(raw, rules)
        document = notice_to_dict(notice)
    except UnreadableDocument as exc:
        return Outcome(str(path), doc_id, f"{exc.path}: {exc.reason}")
    except PipelineError as exc:
        return Outcome(str(path), doc_id, f"{path}: {exc}")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a bug on one file (even RecursionError) never stops the batch
        if debug:
            traceback.print_exc()
        return Outcome(str(path), doc_id,
                       f"{path}: internal error while converting ({type(exc).__name__}: {exc}); --debug shows where")
    target = out_dir / f"{doc_id}.json"
    try:
        if views:
            from .review import render_review, review_text
            from .workbook import write_workbook

            write_atomic(out_dir / f"{doc_id}.html", render_review(document, review_text(raw, rules)).encode("utf-8"))
            write_workbook(document, out_dir / f"{doc_id}.xlsx")
        write_json(document, out_dir)  # last: its presence says the document's outputs are complete
    except OSError as exc:
        return Outcome(str(path), doc_id, f"{path}: cannot write {target} ({exc.strerror or exc})")
    except Exception as exc:  # noqa: BLE001 - a view that fails is a failure of this file, not of the batch
        if debug:
            traceback.print_exc()
        return Outcome(str(path), doc_id, f"{path}: internal error while writing its outputs "
                                          f"({type(exc).__name__}: {exc}); --debug shows where")
    codes = [w.code for w in notice.warnings]
    return Outcome(str(path), doc_id, None, len(codes), "no_tasks" in codes)


def convert_all(files: list[tuple[Path, str]], out_dir: Path, rules_dir: str | None = None, jobs: int = 1,
                views: bool = True, debug: bool = False, dask: str | None = None) -> Iterator[Outcome]:
    """Given (path, doc_id) pairs, convert each and yield its Outcome as it finishes.

    jobs > 1 uses a pool of processes; `dask` sends the work to a Dask
    distributed scheduler at that address. OCR of a scanned PDF shares the
    cores left to each job.
    """
    ocr_jobs = max(1, (os.cpu_count() or 1) // max(jobs, 1))
    arguments = [(str(path), doc_id, str(out_dir), rules_dir, views, debug, ocr_jobs) for path, doc_id in files]
    if dask:
        yield from _on_dask(dask, arguments)
    elif jobs > 1 and len(files) > 1:
        yield from _in_pool(jobs, arguments)
    else:
        for args in arguments:
            yield convert_file(*args)


def _in_pool(jobs: int, arguments: list[tuple]) -> Iterator[Outcome]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from . import export, parse, readers  # noqa: F401  imported once here: forked workers start with them

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(convert_file, *args) for args in arguments]
        for future in as_completed(futures):
            yield future.result()


def _on_dask(address: str, arguments: list[tuple]) -> Iterator[Outcome]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise PipelineError("--dask needs the distributed package: pip install 'dask[distributed]'") from None
    with Client(address) as client:
        futures = [client.submit(convert_file, *args, pure=False) for args in arguments]
        for future in as_completed(futures):
            yield future.result()


def report(outcomes: Iterable[Outcome], total: int) -> Iterator[Outcome]:
    """Pass outcomes through, showing progress: a bar on a terminal, a line per file otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(outcomes, total=total, unit="doc", file=sys.stderr)
        return
    for outcome in outcomes:
        status = "failed" if outcome.failure else f"converted ({outcome.warnings} warnings)"
        print(f"{outcome.path}: {status}", file=sys.stderr)
        yield outcome
