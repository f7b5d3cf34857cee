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
