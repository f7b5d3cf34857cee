"""The command line in-process: every subcommand and flag, exit codes, doc_ids, and the CSV tables it writes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import collect_inputs, main, unique_doc_id
from pipeline.export import TABLE_COLUMNS, neutralize_formula
from pipeline.readers import doc_id_for

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "notice-2024-pingchang.txt"

FORMULA_NOTICE = """测试县人民政府2024年重点工作安排

一、总体要求

1.=SUM(A1)加强领导。审查率达到100%。（责任单位：县司法局）

2.-5%以上的企业完成改造，能耗下降5%。（责任单位：@县发改局）

3.+86热线接通率不低于95%，培训不少于2.5天。（责任单位：县政府办）
"""


def read_table(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens Chinese correctly
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(SAMPLE), "--out", str(out)]) == 0
    return out


# ---------------------------------------------------------------------------
# Subcommands


def test_run_writes_json_and_six_tables(sample_out):
    names = sorted(p.name for p in sample_out.iterdir())
    views = ["notice-2024-pingchang.html", "notice-2024-pingchang.xlsx"]
    assert names == sorted(["notice-2024-pingchang.json"] + views + [f"{name}.csv" for name in TABLE_COLUMNS])
    for name, columns in TABLE_COLUMNS.items():
        text = (sample_out / f"{name}.csv").read_bytes().decode("utf-8")
        assert text.startswith("\ufeff" + ",".join(columns) + "\n")


def test_run_summary_line(tmp_path, capsys):
    assert main(["run", str(SAMPLE), "--out", str(tmp_path), "--no-tables"]) == 0
    err = capsys.readouterr().err.splitlines()
    # Not a terminal: one plain progress line per file, then the summary.
    assert err[0] == f"{SAMPLE}: converted (0 warnings)"
    assert len(err) == 2 and err[1].startswith("converted 1, failed 0, warnings 0, ")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notice-2024-pingchang.html", "notice-2024-pingchang.json", "notice-2024-pingchang.xlsx"]


def test_tables_rebuilds_from_json(tmp_path, sample_out, capsys):
    shutil.copyfile(sample_out / "notice-2024-pingchang.json", tmp_path / "notice-2024-pingchang.json")
    (tmp_path / "notes.json").write_text('{"not": "ours"}', encoding="utf-8")
    assert main(["tables", str(tmp_path)]) == 0
    assert capsys.readouterr().err == f"warning: {tmp_path / 'notes.json'}: not a per-document JSON file; left out of the tables\n"
    for name in TABLE_COLUMNS:
        assert (tmp_path / f"{name}.csv").read_bytes() == (sample_out / f"{name}.csv").read_bytes()


def test_tables_on_a_missing_folder(tmp_path, capsys):
    assert main(["tables", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope'}: no such folder\n"


def test_units_command(sample_out, capsys):
    assert main(["units", str(sample_out)]) == 0
    assert capsys.readouterr().out.strip()


def test_check_rules(capsys):
    assert main(["check-rules"]) == 0
    assert capsys.readouterr().out.startswith("rules OK: ")


def test_invalid_rules_exit_2(tmp_path, capsys):
    (tmp_path / "rules").mkdir()
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "out"), "--rules", str(tmp_path / "rules")]) == 2
    assert capsys.readouterr().err.startswith("error: rules: ")


@pytest.mark.parametrize(
    "argv",
    [[], ["run"], ["run", "x.txt"], ["frobnicate"], ["tables"], ["run", "x.txt", "--out", "o", "--bogus"]],
)
def test_wrong_usage_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "tables", "units", "check-rules"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("usage: python -m pipeline " + command)


def test_output_folder_that_cannot_be_made(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "file" / "out")]) == 2
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'file' / 'out'}: cannot create the output folder (")


def test_failure_still_writes_the_others_and_exits_1(tmp_path, capsys):
    (tmp_path / "bad.txt").write_bytes(b"")
    shutil.copyfile(SAMPLE, tmp_path / "good.txt")
    assert main(["run", str(tmp_path / "bad.txt"), str(tmp_path / "good.txt"), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"error: {tmp_path / 'bad.txt'}: the file is empty" in err
    assert f"{tmp_path / 'bad.txt'}: failed" in err  # the progress line
    assert err[-1].startswith("converted 1, failed 1, ")
    assert (tmp_path / "out" / "good.json").exists()
    assert len(read_table(tmp_path / "out" / "documents.csv")) == 1


# ---------------------------------------------------------------------------
# doc_ids


@pytest.mark.parametrize(
    "name, doc_id",
    [
        ("notice-2024-pingchang.txt", "notice-2024-pingchang"),
        ("平昌县 2024年 工作安排.pdf", "平昌县 2024年 工作安排"),
        ("a:b*c?.txt", "a_b_c_"),
        ("..hidden.txt", "hidden"),
        (" .txt", "document"),
        ("tab\there.docx", "tab_here"),
    ],
)
def test_doc_id_for(name, doc_id):
    assert doc_id_for(Path(name)) == doc_id


def test_doc_id_for_a_long_name_fits_a_file_name():
    doc_id = doc_id_for(Path("很长的文件名" * 14 + ".txt"))
    assert len(doc_id.encode("utf-8")) <= 200
    assert doc_id == ("很长的文件名" * 14)[:66]


def test_unique_doc_id():
    taken: set[str] = set()
    got = [unique_doc_id(Path(p), taken) for p in ["a.txt", "a.pdf", "A.docx", "a.pdf.txt", "x/a.pdf"]]
    assert got == ["a", "a.pdf", "A.docx", "a.pdf.txt", "a.pdf-2"]


def test_collect_inputs_keeps_argument_order_and_sorts_folders(tmp_path):
    for name in ["b.txt", "a.txt", "sub/c.pdf", "sub/a.docx", "notes.md"]:
        (tmp_path / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / name).write_text("x")
    (tmp_path / "z.txt").write_text("x")
    batch = collect_inputs([str(tmp_path / "z.txt"), str(tmp_path / "in")])
    assert [(p.relative_to(tmp_path).as_posix(), d) for p, d in batch.files] == [
        ("z.txt", "z"), ("in/a.txt", "a"), ("in/b.txt", "b"), ("in/sub/a.docx", "a.docx"), ("in/sub/c.pdf", "c"),
    ]
    assert batch.failures == [] and batch.warnings == []


# ---------------------------------------------------------------------------
# CSV cells that a spreadsheet would run as formulas


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("-5%以上", "'-5%以上"),
        ("+86热线", "'+86热线"),
        ("@县发改局", "'@县发改局"),
        ("=", "'="),
        ("\t=1+1", "'\t=1+1"),
        ("-inf", "'-inf"),
        ("-nan", "'-nan"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("-1e3", "-1e3"),
        ("5-3", "5-3"),
        ("县司法局", "县司法局"),
        ("", ""),
        (-5, -5),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralize_formula(value, expected):
    assert neutralize_formula(value) == expected


def test_csv_cells_never_start_a_formula(tmp_path):
    notice = tmp_path / "formula.txt"
    notice.write_text(FORMULA_NOTICE, encoding="utf-8")
    assert main(["run", str(notice), "--out", str(tmp_path / "out")]) == 0
    tasks = read_table(tmp_path / "out" / "tasks.csv")
    assert [t["text"][:9] for t in tasks] == ["'=SUM（A1）", "'-5%以上的企业", "'+86热线接通率"]
    assert [t["no"] for t in tasks] == ["1", "2", "3"]
    units = read_table(tmp_path / "out" / "task_units.csv")
    assert units[1]["surface"] == "'@县发改局"
    for name in TABLE_COLUMNS:
        for row in read_table(tmp_path / "out" / f"{name}.csv"):
            for cell in row.values():
                assert not cell.startswith(("=", "+", "-", "@")) or cell.lstrip("+-").replace(".", "", 1).isdigit()
    # The JSON keeps the text as printed.
    document = json.loads((tmp_path / "out" / "formula.json").read_text(encoding="utf-8"))
    assert document["tasks"][0]["text"].startswith("=SUM")


def test_numeric_columns_stay_numbers(tmp_path):
    notice = tmp_path / "formula.txt"
    notice.write_text(FORMULA_NOTICE, encoding="utf-8")
    assert main(["run", str(notice), "--out", str(tmp_path / "out")]) == 0
    targets = read_table(tmp_path / "out" / "targets.csv")
    assert [t["value"] for t in targets] == ["100", "5", "95", "2.5"]  # a count is 100, not 100.0
    documents = read_table(tmp_path / "out" / "documents.csv")
    assert documents[0]["year"] == "2024" and documents[0]["tasks"] == "3"
