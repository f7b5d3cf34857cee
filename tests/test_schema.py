"""schema/notice.schema.json: it is a valid draft 2020-12 schema, it requires every key of docs/format.md, and
every file a run writes is valid against it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import regex
from jsonschema import Draft202012Validator, FormatChecker

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schema" / "notice.schema.json"
FORMAT = ROOT / "docs" / "format.md"


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def problems(validator, document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def run_outputs(tmp_path_factory):
    """Every JSON file of one run over raw/, the corpus and seed.docx."""
    inputs = [ROOT / "raw", *sorted((ROOT / "corpus").glob("*.txt")), ROOT / "tests" / "fixtures" / "seed.docx"]
    out = tmp_path_factory.mktemp("out")
    assert main(["run", *map(str, inputs), "--out", str(out), "--no-tables"]) == 0
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))}


def test_schema_is_valid_draft_2020_12():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _required_keys(schema: dict, found: set[str]) -> set[str]:
    if isinstance(schema, dict):
        found.update(schema.get("required", ()))
        for value in schema.values():
            _required_keys(value, found)
    elif isinstance(schema, list):
        for value in schema:
            _required_keys(value, found)
    return found


def test_every_contract_key_is_required():
    block = FORMAT.read_text(encoding="utf-8").split("```")[1]  # the JSON of the per-document file
    contract_keys = set(regex.findall(r'"([a-z_0-9]+)":', block))
    assert {"schema_version", "cover_title", "catch_all", "leaders", "condition", "kind", "span"} <= contract_keys
    assert contract_keys - _required_keys(load_schema(), set()) == set()


@pytest.mark.parametrize(
    "where, enum",
    [
        (("properties", "source", "properties", "format"), ["txt", "pdf", "docx"]),
        (("$defs", "unit", "properties", "role"), ["lead", "co", "inherited"]),
        (("$defs", "target", "properties", "comparator"), [">=", ">", "=", "<=", "<"]),
        (("$defs", "deadline", "properties", "kind"), ["date", "recurring", "ongoing"]),
    ],
)
def test_enums(where, enum):
    node = load_schema()
    for key in where:
        node = node[key]
    assert node["enum"] == enum


def test_extra_keys_are_documented():
    unit = load_schema()["$defs"]["unit"]["properties"]
    assert unit["how"]["type"] == "string" and "exact" in unit["how"]["description"]
    assert unit["in_dictionary"]["type"] == "boolean"


def test_every_output_is_valid(validator, run_outputs):
    corpus = len(list((ROOT / "corpus").glob("*.txt")))
    assert len(run_outputs) >= corpus + 1
    for name, document in run_outputs.items():
        assert problems(validator, document) == [], name
    assert any(t["targets"] for d in run_outputs.values() for t in d["tasks"])
    assert any(t["deadline"] for d in run_outputs.values() for t in d["tasks"])


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d["tasks"][0]["units"][0].update(role="owner"), id="role"),
        pytest.param(lambda d: d["source"].update(format="doc"), id="format"),
        pytest.param(lambda d: d["tasks"][0].pop("catch_all"), id="missing-key"),
        pytest.param(lambda d: d["tasks"][0].update(no="三"), id="no-not-arabic"),
        pytest.param(lambda d: d["tasks"][0].update(span=[1]), id="span"),
        pytest.param(lambda d: d["doc"].update(date="2024-13-45"), id="date"),
        pytest.param(lambda d: d["warnings"].append({"code": "x", "message": "m"}), id="warning-without-task"),
        pytest.param(lambda d: d.update(schema_version=1), id="version-type"),
    ],
)
def test_schema_catches_broken_output(validator, run_outputs, change):
    document = copy.deepcopy(run_outputs["notice-2024-pingchang.json"])
    assert problems(validator, document) == []
    change(document)
    assert problems(validator, document) != []


def test_additions_are_allowed(validator, run_outputs):
    document = copy.deepcopy(run_outputs["notice-2024-pingchang.json"])
    document["added_later"] = {"anything": 1}
    document["tasks"][0]["added_later"] = True
    assert problems(validator, document) == []
