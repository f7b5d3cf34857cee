"""Compiled rule patterns kept on disk between processes.

Compiling the patterns of rules/ takes longer than reading a short notice, and
every `make` target is a process of its own. The `regex` module pickles a
pattern with its compiled code, so reading it back skips the compiler. A cache
file is named by a hash of every pattern source, the flags and the versions of
`regex` and Python, so a changed rule or upgrade never meets a stale entry.

The cache is an optimisation only: a missing, damaged or unwritable cache
costs time, never a result. The folder is `$NOTICE_PIPELINE_CACHE`, else
`$XDG_CACHE_HOME/notice-pipeline`, else `~/.cache/notice-pipeline`.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from pathlib import Path

import regex

CACHE_FILES = 8  # rule sets kept (the project's, test copies, a rule being edited)


def load(sources: dict[str, str], flags: int) -> dict[str, regex.Pattern] | None:
    """The patterns compiled earlier from exactly these sources, or None."""
    path = _path(sources, flags)
    if path is None:
        return None
    try:
        patterns = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001  a missing or damaged file is a miss, whatever pickle raises
        return None
    if not isinstance(patterns, dict) or patterns.keys() != sources.keys():
        return None
    if not all(isinstance(p, regex.Pattern) and p.pattern == sources[n] for n, p in patterns.items()):
        return None
    return patterns


def store(sources: dict[str, str], flags: int, patterns: dict[str, regex.Pattern]) -> None:
    """Keep compiled patterns for the next process; on a file-system error, keep nothing."""
    from .export import write_atomic  # a parallel process reads the old file or the new one

    path = _path(sources, flags)
    if path is None:
        return
    try:
        write_atomic(path, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(path.parent)
    except OSError:
        pass


def folder() -> Path | None:
    """The cache folder, or None when there is nowhere to put one (no home folder)."""
    if os.environ.get("NOTICE_PIPELINE_CACHE"):
        return Path(os.environ["NOTICE_PIPELINE_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "notice-pipeline"
    try:
        return Path.home() / ".cache" / "notice-pipeline"
    except RuntimeError:  # no HOME and no password entry
        return None


def _path(sources: dict[str, str], flags: int) -> Path | None:
    cache = folder()
    if cache is None:
        return None
    key = json.dumps([sorted(sources.items()), flags, regex.__version__, sys.version], ensure_ascii=False)
    return cache / f"patterns-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.pickle"


def _prune(cache: Path) -> None:
    """Keep the CACHE_FILES most recently written files."""
    files = sorted(cache.glob("patterns-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[CACHE_FILES:]:
        old.unlink(missing_ok=True)
