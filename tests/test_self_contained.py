"""The repository stands on its own: no tracked file points outside it.

A user has only a clone. A path such as `../notices/corpus` or an absolute path
of one machine (`/work/…`, `/home/…`) works where it was written and breaks
everywhere else, so a test, a rule, the Makefile or a document that names one
fails here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import regex

ROOT = Path(__file__).resolve().parent.parent

# `../x` as a path: after a space, quote, bracket, `=`, `:` or at a line start.
RELATIVE = regex.compile(r"""(?:^|(?<=[\s"'`(\[=:,]))((?:\.\./)+[^\s"'`)\]>,;|]*)""", regex.M)
# An absolute path into a home or work folder of one machine.
ABSOLUTE = regex.compile(r"""(?<![\w.~/-])/(?:work|home|Users|root|mnt)/[^\s"'`)\]>,;]*""")


def tracked_files() -> list[Path]:
    if shutil.which("git") and (ROOT / ".git").exists():
        names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [ROOT / name for name in names.decode("utf-8").split("\0") if name]
    skip = {".venv", ".git", "output", "eval-output", "__pycache__"}
    return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


def text_of(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def outside_references(path: Path, text: str) -> list[str]:
    """The paths in `text` that leave the repository."""
    found = []
    for match in RELATIVE.finditer(text):
        target = match.group(1)
        inside = [
            base / target
            for base in (path.parent, ROOT)
            if (base / target).resolve().is_relative_to(ROOT) and (base / target).exists()
        ]
        if not inside:
            found.append(target)
    found += ABSOLUTE.findall(text)
    return found


def test_no_tracked_file_points_outside_the_repository():
    offenders = {}
    for path in tracked_files():
        if path == Path(__file__).resolve() or not path.is_file():
            continue
        text = text_of(path)
        if text is not None and (refs := outside_references(path, text)):
            offenders[str(path.relative_to(ROOT))] = refs
    assert offenders == {}


@pytest.mark.parametrize(
    "text, bad",
    [
        ("CORPUS ?= ../notices/corpus corpus", ["../notices/corpus"]),
        ('FIXTURES = Path("/work/notices/fixtures")', ["/work/notices/fixtures"]),
        ("see `../CONTRACT.md`", ["../CONTRACT.md"]),
        ("home: /home/analyst/notices/raw", ["/home/analyst/notices/raw"]),
    ],
)
def test_outside_references_are_found(text, bad):
    assert outside_references(ROOT / "docs" / "format.md", text) == bad


@pytest.mark.parametrize(
    "text",
    [
        "[schema](../schema/notice.schema.json)",  # from docs/, inside the repository
        "python tests/fixtures/build.py",
        "a ratio of 1.2/3 and a date 2024/07/12",
    ],
)
def test_paths_inside_the_repository_are_accepted(text):
    assert outside_references(ROOT / "docs" / "format.md", text) == []
