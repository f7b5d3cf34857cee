"""Atomic and deterministic output: a killed run leaves old or new files, never torn ones; reruns are byte-identical."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipeline import export
from pipeline.export import remove_stale_temps, write_atomic

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "notice-2024-pingchang.txt"
OTHER = ROOT / "corpus" / "21_luanquan-fazhi-2023.txt"
FIXTURES = ROOT / "tests" / "fixtures"
COPIES = 40


def pipeline_run(cwd: Path, *args: str, seed: str = "0") -> subprocess.Popen:
    """Start `python -m pipeline run ARGS` in `cwd`, as make would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", *args],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=300)
    return process.returncode, err.decode("utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------------------
# write_atomic


def test_write_atomic_replaces_and_leaves_nothing_behind(tmp_path):
    path = tmp_path / "a.json"
    write_atomic(path, b"old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.json"
    write_atomic(path, b"old")

    def crash(*args):
        raise KeyboardInterrupt  # the user pressed Ctrl-C between writing and renaming

    monkeypatch.setattr(export.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_write_atomic_gives_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.csv", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_remove_stale_temps(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".a.json.{dead.pid}.k2j3h4.tmp"
    live = tmp_path / f".b.json.{os.getpid()}.x8y7z6.tmp"
    foreign = tmp_path / ".someone-elses.tmp"
    for path in (stale, live, foreign):
        path.write_bytes(b"{")
    assert remove_stale_temps(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, foreign.name])


def test_remove_stale_temps_removes_a_dead_runs_scratch_folder(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    scratch = tmp_path / f".tables.{dead.pid}.ab12cd.tmp"
    (scratch / "0").mkdir(parents=True)
    (scratch / "0" / "tasks.csv").write_text("a,b\n", encoding="utf-8")
    live = tmp_path / f".tables.{os.getpid()}.ef34gh.tmp"
    live.mkdir()
    assert remove_stale_temps(tmp_path) == [scratch]
    assert [p.name for p in tmp_path.iterdir()] == [live.name]


def test_torn_or_foreign_json_is_left_out_of_the_tables(tmp_path):
    (tmp_path / "torn.json").write_text('{"schema_version": "1", "doc_id": "torn", "tas', encoding="utf-8")
    (tmp_path / "other.json").write_bytes(b"\xff\xfe")
    assert export.write_tables(tmp_path) == [tmp_path / "other.json", tmp_path / "torn.json"]
    assert (tmp_path / "documents.csv").read_text(encoding="utf-8-sig").count("\n") == 1


# ---------------------------------------------------------------------------
# A run killed half-way


@pytest.fixture
def batch(tmp_path):
    """A folder `in/` of 40 copies of the sample notice under different names."""
    folder = tmp_path / "in"
    folder.mkdir()
    data = SAMPLE.read_bytes()
    for n in range(1, COPIES + 1):
        (folder / f"notice-{n:02d}.txt").write_bytes(data)
    return tmp_path


def json_inodes(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {entry.name: entry.inode() for entry in os.scandir(folder) if entry.name.endswith(".json")}


def kill_half_way(cwd: Path, out: str) -> int:
    """Start a run over in/ and SIGKILL it once about half of the JSON files are (re)written; return how many were.

    A rewritten file is a new inode: os.replace puts the temporary file in its place.
    """
    target = cwd / out
    before = json_inodes(target)
    process = pipeline_run(cwd, "in", "--out", out)
    deadline = time.monotonic() + 120
    written = 0
    while time.monotonic() < deadline and process.poll() is None:
        now = json_inodes(target)
        written = sum(1 for name, inode in now.items() if before.get(name) != inode)
        if written >= COPIES // 2:
            break
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    return written


def test_killed_run_leaves_old_or_new_files_and_a_rerun_completes(batch):
    # The uninterrupted run, for comparison.
    status, err = finish(pipeline_run(batch, "in", "--out", "clean"))
    assert status == 0, err
    clean = snapshot(batch / "clean")
    assert len([n for n in clean if n.endswith(".json")]) == COPIES

    # An output folder holding an older version of every file (another notice under the same names).
    old_inputs = batch / "old"
    old_inputs.mkdir()
    for n in range(1, COPIES + 1):
        (old_inputs / f"notice-{n:02d}.txt").write_bytes(OTHER.read_bytes())
    (batch / "in").rename(batch / "new")
    old_inputs.rename(batch / "in")
    status, err = finish(pipeline_run(batch, "in", "--out", "out"))
    assert status == 0, err
    old = snapshot(batch / "out")
    (batch / "in").rename(old_inputs)
    (batch / "new").rename(batch / "in")

    written = kill_half_way(batch, "out")
    assert COPIES // 2 <= written < COPIES

    after_kill = batch / "out"
    for name in os.listdir(after_kill):
        path = after_kill / name
        if name.endswith(".tmp"):
            assert export._TEMP_NAME.match(name), name  # only our own temporary files, hidden and ignored
            continue
        data = path.read_bytes()
        assert data in (old[name], clean[name]), f"{name} is neither the old file nor the new one"
        if name.endswith(".json"):
            json.loads(data)  # every JSON present parses
    changed = [n for n in old if n.endswith(".json") and (after_kill / n).read_bytes() == clean[n]]
    assert 0 < len(changed) < COPIES  # the kill did land half-way

    status, err = finish(pipeline_run(batch, "in", "--out", "out"))
    assert status == 0, err
    assert temp_files(after_kill) == []
    assert snapshot(after_kill) == clean


def test_killed_first_run_leaves_only_complete_json(batch):
    written = kill_half_way(batch, "out")
    assert written >= COPIES // 2
    for name in os.listdir(batch / "out"):
        data = (batch / "out" / name).read_bytes()
        if name.endswith(".json"):
            assert len(json.loads(data)["tasks"]) == 18
        elif name.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), name  # a complete review page
        elif name.endswith(".xlsx"):
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None, name  # a complete workbook
        else:
            assert export._TEMP_NAME.match(name), name
    status, err = finish(pipeline_run(batch, "in", "--out", "out"))
    assert status == 0, err
    assert temp_files(batch / "out") == []
    assert len(list((batch / "out").glob("*.json"))) == COPIES


# ---------------------------------------------------------------------------
# Deterministic output


def test_two_runs_are_byte_identical(tmp_path):
    inputs = ["raw", *sorted(f"corpus/{p.name}" for p in (ROOT / "corpus").glob("*.txt"))]
    inputs += [f"tests/fixtures/{name}" for name in ("seed.docx", "seed-autonumber.docx", "seed.pdf")]
    # Two processes with different hash seeds: set or dict order that leaks into
    # the output would show up as a difference.
    first = pipeline_run(ROOT, *inputs, "--out", str(tmp_path / "one"), seed="1")
    second = pipeline_run(ROOT, *inputs, "--out", str(tmp_path / "two"), seed="2")
    assert finish(first)[0] == 0
    assert finish(second)[0] == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert sorted(one) == sorted(two)
    in_raw = [p for p in (ROOT / "raw").iterdir() if p.suffix in (".txt", ".pdf", ".docx")]
    assert len([n for n in one if n.endswith(".json")]) == len(in_raw) + len(inputs) - 1
    for name in one:
        assert one[name] == two[name], f"{name} differs between two runs"
