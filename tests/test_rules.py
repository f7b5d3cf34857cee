"""rules/ is validated when it loads: a broken rule fails with a message naming it."""

from __future__ import annotations

import os
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


# Compiled patterns are kept in a cache folder between processes; compiling the
# ~110 patterns of rules/ costs more than reading a short notice.


@pytest.fixture
def pattern_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NOTICE_PIPELINE_CACHE", str(folder))
    return folder


def _refuse_to_compile(monkeypatch):
    import pipeline.rules

    def refuse(name, source):
        raise AssertionError(f"{name} compiled again")

    monkeypatch.setattr(pipeline.rules, "_compile", refuse)


def test_second_load_reads_compiled_patterns_from_the_cache(rules_copy, pattern_cache, monkeypatch):
    first = load_rules(rules_copy)
    assert len(list(pattern_cache.glob("patterns-*.pickle"))) == 1
    _refuse_to_compile(monkeypatch)
    second = load_rules(rules_copy)
    assert second.patterns.keys() == first.patterns.keys()
    heading = second.pattern("sections.section")
    assert heading.pattern == first.pattern("sections.section").pattern
    assert heading.search("二、主要任务") and not heading.search("主要任务")


def test_a_changed_pattern_is_compiled_again(rules_copy, pattern_cache):
    load_rules(rules_copy)
    with (rules_copy / "sections.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[added_for_test]\nregex = '^附件'\nexample = '附件1'\n")
    rules = load_rules(rules_copy)
    assert rules.pattern("sections.added_for_test").search("附件2")
    assert len(list(pattern_cache.glob("patterns-*.pickle"))) == 2


def test_a_cache_file_holding_another_pattern_is_not_used(rules_copy, pattern_cache):
    import pickle

    import pipeline.rules

    load_rules(rules_copy)
    cached = next(pattern_cache.glob("patterns-*.pickle"))
    patterns = pickle.loads(cached.read_bytes())
    patterns["sections.section"] = pipeline.rules.regex.compile("^never$")
    cached.write_bytes(pickle.dumps(patterns))
    assert load_rules(rules_copy).pattern("sections.section").search("二、主要任务")


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x04K\x01."], ids=["empty", "garbage", "an-int"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(rules_copy, pattern_cache, damage):
    load_rules(rules_copy)
    cached = next(pattern_cache.glob("patterns-*.pickle"))
    cached.write_bytes(damage)
    rules = load_rules(rules_copy)
    assert rules.pattern("sections.section").search("二、主要任务")
    assert cached.read_bytes() != damage


def test_an_unusable_cache_folder_only_costs_time(rules_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NOTICE_PIPELINE_CACHE", str(blocker))
    assert load_rules(rules_copy).pattern("sections.section").search("二、主要任务")


def test_the_cache_keeps_a_bounded_number_of_files(rules_copy, pattern_cache):
    import pipeline.pattern_cache

    for n in range(pipeline.pattern_cache.CACHE_FILES + 3):
        with (rules_copy / "sections.toml").open("a", encoding="utf-8") as handle:
            handle.write(f"\n[added_{n}]\nregex = '^附件{n}'\nexample = '附件{n}'\n")
        load_rules(rules_copy)
    assert len(list(pattern_cache.glob("patterns-*.pickle"))) == pipeline.pattern_cache.CACHE_FILES


def test_pattern_sources_do_not_depend_on_the_hash_seed():
    """Word lists expand to the same alternation in every process, so the cache is shared."""
    import subprocess
    import sys

    probe = ("import hashlib; from pipeline.rules import load_rules; r = load_rules(); "
             "print(hashlib.sha256(repr(sorted((n, p.pattern) for n, p in r.patterns.items())).encode()).hexdigest())")
    digests = {
        subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


def test_no_home_folder_means_no_cache(rules_copy, monkeypatch):
    monkeypatch.delenv("NOTICE_PIPELINE_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert load_rules(rules_copy).pattern("sections.section").search("二、主要任务")


def test_asking_for_a_rule_that_does_not_exist_names_it(rules):
    with pytest.raises(RulesError, match="no pattern named 'sections.nothing'"):
        rules.pattern("sections.nothing")
    with pytest.raises(RulesError, match="no entry named 'clauses.nothing'"):
        rules.value("clauses.nothing")
    assert rules.pattern("sections.section") is rules.patterns["sections.section"]
