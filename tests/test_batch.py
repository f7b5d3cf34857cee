"""Batch runs: a pool of processes and a Dask cluster give the same files as one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "notice-2024-pingchang.txt"
OTHERS = sorted((ROOT / "corpus").glob("4*.txt"))[:3]


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in [SAMPLE, *OTHERS]:
        shutil.copyfile(path, folder / path.name)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_jobs_two_gives_the_same_files_as_one(inputs, tmp_path):
    assert main(["run", str(inputs), "--out", str(tmp_path / "one"), "--jobs", "1"]) == 0
    assert main(["run", str(inputs), "--out", str(tmp_path / "two"), "--jobs", "2"]) == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert len([n for n in one if n.endswith(".json")]) == 1 + len(OTHERS)
    assert one == two


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(value, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(SAMPLE), "--out", "o", "--jobs", value])
    assert exit_.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_dask_cluster_gives_the_same_files(inputs, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert main(["run", str(inputs), "--out", str(tmp_path / "dask"), "--dask", cluster.scheduler_address]) == 0
    assert main(["run", str(inputs), "--out", str(tmp_path / "local")]) == 0
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")


# The tables of a large folder are read in consecutive runs of files, one process each.


@pytest.fixture
def many_documents(inputs, tmp_path) -> Path:
    """An output folder of 4 notices converted, each copied under 6 names, plus one torn JSON."""
    out = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "--no-tables", "--no-views"]) == 0
    for path in sorted(out.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        doc_id = path.stem
        for n in range(1, 6):
            (out / f"{doc_id}-{n}.json").write_text(text.replace(f'"{doc_id}', f'"{doc_id}-{n}'), encoding="utf-8")
    (out / "m-torn.json").write_text('{"schema_version": "1", "tas', encoding="utf-8")
    return out


def tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_tables_read_in_parallel_are_the_same_bytes(many_documents, monkeypatch):
    from pipeline import export

    skipped_serial = export.write_tables(many_documents)
    serial = tables(many_documents)
    assert serial["documents.csv"].decode("utf-8-sig").count("\n") == 1 + 24
    monkeypatch.setattr(export, "PARALLEL_FROM", 2)
    for jobs in (2, 3, 7):
        for path in many_documents.glob("*.csv"):
            path.unlink()
        assert export.write_tables(many_documents, jobs=jobs) == skipped_serial == [many_documents / "m-torn.json"]
        assert tables(many_documents) == serial, f"jobs={jobs}"
    assert not list(many_documents.glob(".*.tmp"))


def test_a_failure_while_reading_in_parallel_keeps_the_old_tables(many_documents, monkeypatch):
    from pipeline import export

    export.write_tables(many_documents)
    before = tables(many_documents)
    monkeypatch.setattr(export, "PARALLEL_FROM", 2)

    def broken(document, units):
        raise RuntimeError("a bug")

    monkeypatch.setattr(export, "document_rows", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        export.write_tables(many_documents, jobs=2)
    assert tables(many_documents) == before
    assert not list(many_documents.glob(".*.tmp"))
