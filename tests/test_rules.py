"""rules/ is validated when it loads: a broken rule fails with a message naming it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import RulesError
from pipeline.rules import DEFAULT_RULES_DIR, load_rules


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, target)
    return target


def test_project_rules_load(rules):
    assert rules.patterns and rules.table("units/departments")


@pytest.mark.parametrize("file, addition, message", [
    pytest.param("sections.toml", "\n[broken]\nregex = '(unclosed'\nexample = 'x'\n",
                 "pattern sections.broken: does not compile", id="regex-does-not-compile"),
    pytest.param("sections.toml", "\n[mismatch]\nregex = '^一、'\nexample = '二、总体要求'\n",
                 "pattern sections.mismatch: does not match its example", id="example-not-matched"),
    pytest.param("sections.toml", "\n[no_example]\nregex = '^一、'\n",
                 "pattern sections.no_example: needs an `example`", id="example-missing"),
    pytest.param("sections.toml", "\n[counter]\nregex = '一'\nexample = '一、'\ncounter_example = '十一'\n",
                 "pattern sections.counter: matches its counter-example", id="counter-example-matched"),
    pytest.param("sections.toml", "\n[unknown_list]\nregex = '{{sections.nothing}}'\nexample = 'x'\n",
                 "refers to unknown word list 'sections.nothing'", id="unknown-word-list"),
    pytest.param("units/departments.csv", "司法局,市场监管局,government\n",
                 "alias '市场监管局' names both", id="alias-names-two-units"),
    pytest.param("sections.toml", "\n[[[not toml\n", "sections.toml: not valid TOML", id="not-toml"),
])
def test_broken_rules_fail_with_a_message_naming_the_rule(rules_copy, file, addition, message):
    with (rules_copy / file).open("a", encoding="utf-8") as handle:
        handle.write(addition)
    with pytest.raises(RulesError, match=message.replace("(", r"\(").replace("`", ".")):
        load_rules(rules_copy)


def test_local_dictionary_needs_its_columns(rules_copy):
    (rules_copy / "local" / "青石县.csv").write_text("name,alias\n青石经开区,\n", encoding="utf-8")
    with pytest.raises(RulesError, match="missing column"):
        load_rules(rules_copy)


def test_local_alias_naming_two_units_fails(rules_copy):
    (rules_copy / "local" / "青石县.csv").write_text(
        "canonical,alias\n青石经济开发区,青石园区\n青石工业园区,青石园区\n", encoding="utf-8")
    with pytest.raises(RulesError, match="names both"):
        load_rules(rules_copy)


def test_check_rules_command(rules_copy, capsys):
    assert main(["check-rules", str(rules_copy)]) == 0
    assert "rules OK" in capsys.readouterr().out
    (rules_copy / "clauses.toml").write_text("[x]\nregex = '('\nexample = 'a'\n", encoding="utf-8")
    assert main(["check-rules", str(rules_copy)]) == 2
    assert "does not compile" in capsys.readouterr().err
