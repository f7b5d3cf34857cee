"""`python -m pipeline units DIR`: the names a batch is unsure of, with the line that accepts each."""

from __future__ import annotations

import pytest

from pipeline.cli import main

NOTICE = (
    "青石县2024年工作要点\n一、重点任务\n"
    "1.加强监管。严格执行。〔责任单位：县司法局，县大数据局、青石县城投公司〕\n"
    "2.优化服务。推进改革。〔责任单位：县大数据发展局，青石县城投公司〕\n"
)


@pytest.fixture
def batch_out(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE, encoding="utf-8")
    assert main(["run", str(source), "--out", str(tmp_path / "out"), "--no-views"]) == 0
    return tmp_path / "out"


def test_units_lists_unknown_and_low_confidence_names(batch_out, capsys):
    capsys.readouterr()
    assert main(["units", str(batch_out)]) == 0
    out = capsys.readouterr().out
    # Unknown: the local company, in both tasks, with the line that accepts it as a unit of its own.
    assert "青石县城投公司  (unknown, 2×)  → 青石县城投公司" in out
    assert "tasks: notice:1, notice:2" in out
    assert "accept: rules/local/青石县.csv: 青石县城投公司," in out
    # Low confidence: a short name matched to the full one printed elsewhere in the same notice.
    assert "县大数据局  (document, 1×)  → 县大数据发展局" in out
    assert "accept: rules/local/青石县.csv: 县大数据发展局,县大数据局" in out
    assert "县司法局" not in out  # a name the vocabulary knows is not listed


def test_units_on_a_clean_batch_says_so(tmp_path, capsys):
    source = tmp_path / "clean.txt"
    source.write_text("青石县2024年工作要点\n一、重点任务\n1.加强监管。严格执行。〔责任单位：县司法局，县财政局〕\n",
                      encoding="utf-8")
    assert main(["run", str(source), "--out", str(tmp_path / "out"), "--no-views"]) == 0
    capsys.readouterr()
    assert main(["units", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.strip() == "every unit name is known"


def test_units_suggests_the_closest_known_names(tmp_path, capsys):
    source = tmp_path / "typo.txt"
    source.write_text("青石县2024年工作要点\n一、重点任务\n1.加强监管。严格执行。〔责任单位：县司法局，县财政厅局〕\n",
                      encoding="utf-8")
    assert main(["run", str(source), "--out", str(tmp_path / "out"), "--no-views"]) == 0
    capsys.readouterr()
    assert main(["units", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "closest: 县财政局 (89)" in out
    # Not close enough to take as an alias on its own (under 90): accepted as a unit of its own.
    assert "accept: rules/local/青石县.csv: 县财政厅局," in out


def test_units_needs_a_folder(tmp_path, capsys):
    assert main(["units", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err
