"""The development scorer: tiny hand-written gold/prediction pairs, then the corpus scored against itself."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# A plain `pytest` puts tests/, not the checkout, on sys.path; the package is not installed.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline import evaluate  # noqa: E402

CORPUS = REPO / "corpus"
NAME = "22_chengpu-yingshang-2024"

GOLD = {
    "doc": {
        "doc_number": "澄政办发〔2024〕18号",
        "issuer": "澄浦市人民政府办公室",
        "title": "澄浦市2024年优化营商环境工作要点",
        "cover_title": "澄浦市人民政府办公室关于印发澄浦市2024年优化营商环境工作要点的通知",
        "recipients": "各镇人民政府，各街道办事处",
        "date": "2024-03-15",
        "year": 2024,
        "jurisdiction": "澄浦市",
    },
    "sections": [{"no": "一", "title": "提升政务服务效能"}, {"no": "二", "title": "强化法治保障"}],
    "tasks": [
        {
            "id": "1",
            "section": "一",
            "title": "深化“一件事一次办”改革",
            "lead_units": ["市司法局"],
            "co_units": ["市市场监督管理局", "市财政局"],
            "catch_all": ["等市级相关部门（单位）"],
            "inherited_units": [],
            "targets": [
                {"metric": "合法性审查率", "comparator": ">=", "value": 100, "unit": "%", "condition": None},
            ],
            "deadline": "年底前",
        },
        {
            "id": "2",
            "section": "二",
            "title": "加强执法队伍建设",
            "lead_units": ["市财政局"],
            "co_units": [],
            "catch_all": [],
            "inherited_units": ["各镇（街道）"],
            "targets": [
                {"metric": "执法人员培训", "comparator": ">=", "value": 60, "unit": "学时", "condition": None},
                {"metric": "案卷评查", "comparator": "=", "value": 2, "unit": "次", "condition": None},
            ],
            "deadline": None,
        },
    ],
    "units": [
        {"canonical": "市市场监督管理局", "aliases": ["市市场监管局"]},
        {"canonical": "市司法局", "aliases": ["市司法局"]},
        {"canonical": "市财政局", "aliases": ["市财政局"]},
    ],
}

ROLES = {"lead": "lead_units", "co": "co_units", "inherited": "inherited_units"}


def gold_to_prediction(gold: dict) -> dict:
    """Given a gold annotation, return the per-document JSON a perfect pipeline would write."""
    tasks = []
    for task in gold["tasks"]:
        units = [
            {"name": name, "surface": name, "role": role} for role, key in ROLES.items() for name in task[key]
        ]
        deadline = task["deadline"]
        tasks.append(
            {
                "id": f"doc:{task['section']}.{task['id']}",
                "no": task["id"],
                "section": task["section"],
                "subsection": task.get("subsection"),
                "title": task["title"],
                "units": units,
                "catch_all": list(task["catch_all"]),
                "leaders": list(task.get("leaders", [])),
                "targets": [dict(target, text="") for target in task["targets"]],
                "deadline": {"text": deadline, "date": None, "kind": "date"} if deadline else None,
            }
        )
    return {
        "schema_version": "1",
        "doc": dict(gold["doc"]),
        "sections": copy.deepcopy(gold["sections"]),
        "tasks": tasks,
        "warnings": [],
    }


def write_pair(tmp_path: Path, name: str, gold: dict, pred: dict | None) -> tuple[Path, Path]:
    """Given a gold and a prediction (None: no file), return the gold and prediction folders holding them."""
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir(parents=True, exist_ok=True)
    pred_dir.mkdir(parents=True, exist_ok=True)
    (gold_dir / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    if pred is not None:
        (pred_dir / f"{name}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    return gold_dir, pred_dir


def counts(figures: dict, field: str) -> tuple[int, int, int]:
    row = figures["fields"][field]
    return row["tp"], row["fp"], row["fn"]


def score(tmp_path: Path, gold: dict, pred: dict | None, name: str = NAME) -> dict:
    return evaluate.score_corpus(*write_pair(tmp_path, name, gold, pred))


PERFECT = {
    "tasks": (2, 0, 0),
    "titles": (2, 0, 0),
    "lead_units": (2, 0, 0),
    "co_units": (2, 0, 0),
    "inherited_units": (1, 0, 0),
    "catch_all": (1, 0, 0),
    "leaders": (0, 0, 0),
    "targets": (3, 0, 0),
    "deadlines": (1, 0, 0),  # task 2 has no deadline on either side: not counted
    "sections": (2, 0, 0),
    "doc": (8, 0, 0),
}


def test_perfect_prediction_scores_one_everywhere(tmp_path):
    result = score(tmp_path, GOLD, gold_to_prediction(GOLD))
    total = result["total"]
    assert {field: counts(total, field) for field in evaluate.FIELDS} == PERFECT
    assert all(row["f1"] == 1.0 for row in total["fields"].values())
    assert all(row["precision"] == row["recall"] == 1.0 for row in total["fields"].values())
    assert total["lead_unit_exact_match"] == {"exact": 2, "matched": 2, "share": 1.0}
    assert result["misses"] == []


# -- edits of the perfect prediction, one per case ---------------------------


def drop_task_2(pred):
    del pred["tasks"][1]


def add_spurious_task(pred):
    extra = copy.deepcopy(pred["tasks"][1])
    extra["no"] = "3"
    pred["tasks"].append(extra)


def wrong_lead_unit(pred):
    pred["tasks"][0]["units"][0]["name"] = "市发展和改革委员会"


def co_unit_by_alias(pred):
    pred["tasks"][0]["units"][1]["name"] = "市市场监管局"


def lead_and_co_swapped(pred):
    units = pred["tasks"][0]["units"]
    units[0]["role"], units[1]["role"] = "co", "lead"


def inherited_collective_ascii(pred):
    pred["tasks"][1]["units"][1]["name"] = "各镇(街道)"


def target_metric_loose(pred):
    pred["tasks"][0]["targets"][0]["metric"] = "审查率"


def target_wrong_comparator(pred):
    pred["tasks"][0]["targets"][0]["comparator"] = ">"


def target_wrong_value(pred):
    pred["tasks"][0]["targets"][0]["value"] = 99


def target_float_value(pred):
    pred["tasks"][0]["targets"][0]["value"] = 100.0


def target_unit_missing(pred):
    pred["tasks"][0]["targets"][0]["unit"] = None


def catch_all_ascii_parentheses(pred):
    pred["tasks"][0]["catch_all"] = ["等市级相关部门 (单位)"]


def title_with_stray_space(pred):
    pred["tasks"][0]["title"] = "深化“一件事 一次办”改革"


def wrong_deadline(pred):
    pred["tasks"][0]["deadline"] = {"text": "年内", "date": "2024-12-31", "kind": "date"}


def spurious_deadline(pred):
    pred["tasks"][1]["deadline"] = {"text": "每季度", "date": None, "kind": "recurring"}


def wrong_date(pred):
    pred["doc"]["date"] = "2024-03-16"


def missing_issuer(pred):
    pred["doc"]["issuer"] = None


def wrong_section_title(pred):
    pred["sections"][1]["title"] = "强化法治"


CASES = [
    # edit, {field: (tp, fp, fn)}, lead-unit exact matches out of matched tasks
    # A task's items count even when the task is unmatched: misses when it is gold, spurious when predicted.
    (
        drop_task_2,
        {"tasks": (1, 0, 1), "titles": (1, 0, 1), "lead_units": (1, 0, 1), "inherited_units": (0, 0, 1), "targets": (1, 0, 2)},
        (1, 1),
    ),
    (
        add_spurious_task,
        {"tasks": (2, 1, 0), "titles": (2, 1, 0), "lead_units": (2, 1, 0), "inherited_units": (1, 1, 0), "targets": (3, 2, 0)},
        (2, 2),
    ),
    (wrong_lead_unit, {"lead_units": (1, 1, 1), "co_units": (2, 0, 0)}, (1, 2)),
    (co_unit_by_alias, {"co_units": (2, 0, 0)}, (2, 2)),
    (lead_and_co_swapped, {"lead_units": (1, 1, 1), "co_units": (1, 1, 1)}, (1, 2)),
    (inherited_collective_ascii, {"inherited_units": (1, 0, 0)}, (2, 2)),
    (target_metric_loose, {"targets": (3, 0, 0)}, (2, 2)),
    (target_wrong_comparator, {"targets": (2, 1, 1)}, (2, 2)),
    (target_wrong_value, {"targets": (2, 1, 1)}, (2, 2)),
    (target_float_value, {"targets": (3, 0, 0)}, (2, 2)),
    (target_unit_missing, {"targets": (2, 1, 1)}, (2, 2)),
    (catch_all_ascii_parentheses, {"catch_all": (1, 0, 0)}, (2, 2)),
    (title_with_stray_space, {"titles": (2, 0, 0)}, (2, 2)),
    (wrong_deadline, {"deadlines": (0, 1, 1)}, (2, 2)),
    (spurious_deadline, {"deadlines": (1, 1, 0)}, (2, 2)),
    (wrong_date, {"doc": (7, 1, 1)}, (2, 2)),
    (missing_issuer, {"doc": (7, 0, 1)}, (2, 2)),
    (wrong_section_title, {"sections": (1, 1, 1)}, (2, 2)),
]


@pytest.mark.parametrize("edit, expected, lead_exact", CASES, ids=[case[0].__name__ for case in CASES])
def test_field_counts(tmp_path, edit, expected, lead_exact):
    pred = gold_to_prediction(GOLD)
    edit(pred)
    total = score(tmp_path, GOLD, pred)["total"]
    assert {field: counts(total, field) for field in evaluate.FIELDS} == {**PERFECT, **expected}
    assert (total["lead_unit_exact_match"]["exact"], total["lead_unit_exact_match"]["matched"]) == lead_exact


def test_wrong_lead_unit_figures(tmp_path):
    pred = gold_to_prediction(GOLD)
    wrong_lead_unit(pred)
    total = score(tmp_path, GOLD, pred)["total"]
    assert total["fields"]["lead_units"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert total["lead_unit_exact_match"]["share"] == 0.5


def test_target_prefers_exact_metric(tmp_path):
    # `合法性审查率` loosely fits both golds; taken first come first served it would
    # take `审查率`, the only gold that `备案审查率` fits.
    gold = copy.deepcopy(GOLD)
    gold["tasks"][0]["targets"] = [
        {"metric": "审查率", "comparator": ">=", "value": 100, "unit": "%", "condition": None},
        {"metric": "合法性审查率", "comparator": ">=", "value": 100, "unit": "%", "condition": None},
    ]
    pred = gold_to_prediction(gold)
    pred["tasks"][0]["targets"][0]["metric"] = "合法性审查率"
    pred["tasks"][0]["targets"][1]["metric"] = "备案审查率"
    total = score(tmp_path, gold, pred)["total"]
    assert counts(total, "targets") == (4, 0, 0)


RESTART_GOLD = {
    "doc": GOLD["doc"],
    "sections": GOLD["sections"],
    "tasks": [
        {**GOLD["tasks"][1], "section": "一", "id": "1", "lead_units": ["市司法局"], "inherited_units": []},
        {**GOLD["tasks"][1], "section": "一", "id": "2", "lead_units": ["市财政局"], "inherited_units": []},
        {**GOLD["tasks"][1], "section": "二", "id": "1", "lead_units": ["市市场监督管理局"], "inherited_units": []},
    ],
    "units": GOLD["units"],
}


def test_restart_numbered_tasks_matched_by_section(tmp_path):
    pred = gold_to_prediction(RESTART_GOLD)
    pred["tasks"].reverse()  # 二.1 now comes before 一.1: the number alone would pair them wrongly
    total = score(tmp_path, RESTART_GOLD, pred)["total"]
    assert counts(total, "tasks") == (3, 0, 0)
    assert counts(total, "lead_units") == (3, 0, 0)
    assert total["lead_unit_exact_match"]["share"] == 1.0


def test_task_in_wrong_section_is_a_miss(tmp_path):
    pred = gold_to_prediction(RESTART_GOLD)
    pred["tasks"][2]["section"] = "三"
    result = score(tmp_path, RESTART_GOLD, pred)
    assert counts(result["total"], "tasks") == (2, 1, 1)
    assert counts(result["total"], "lead_units") == (2, 1, 1)
    assert f"{NAME} task: missing 二.1" in result["misses"]
    assert f"{NAME} task: spurious 三.1" in result["misses"]


def test_subsection_counts_where_the_gold_gives_one(tmp_path):
    gold = copy.deepcopy(RESTART_GOLD)
    for task, subsection in zip(gold["tasks"], ("1", "2", "1")):
        task["subsection"] = subsection
    pred = gold_to_prediction(gold)
    assert counts(score(tmp_path / "a", gold, pred)["total"], "tasks") == (3, 0, 0)
    pred["tasks"][1]["subsection"] = "1"
    result = score(tmp_path / "b", gold, pred)
    assert counts(result["total"], "tasks") == (2, 1, 1)
    assert f"{NAME} task: missing 一.2.2" in result["misses"]


@pytest.mark.parametrize(
    "name, group",
    [
        ("notice-2024-pingchang", "core"),
        ("21_luanquan-fazhi-2023", "core"),
        ("28_tonglan-shuzi-2023", "core"),
        ("29_zechuan-zerenfenjie-2025", "layouts"),
        ("33_wuyu-wenjiuye-2022", "layouts"),
        ("34_new-notice-2025", "added"),
        ("20_older-notice", "added"),
        ("notice-2025-other", "added"),
    ],
)
def test_group_of(name, group):
    assert evaluate.group_of(name) == group


def test_groups_are_reported_in_order_with_a_total(tmp_path):
    for name in ("notice-2024-pingchang", "30_layout", "40_added", "23_core"):
        gold_dir, pred_dir = write_pair(tmp_path, name, GOLD, gold_to_prediction(GOLD))
    result = evaluate.score_corpus(gold_dir, pred_dir)
    assert list(result["groups"]) == ["core", "layouts", "added"]
    assert [result["groups"][g]["documents"] for g in result["groups"]] == [2, 1, 1]
    assert counts(result["groups"]["core"], "tasks") == (4, 0, 0)
    assert counts(result["total"], "tasks") == (8, 0, 0)
    assert result["documents"]["30_layout"]["group"] == "layouts"


def test_missing_prediction_counts_as_all_misses(tmp_path):
    result = score(tmp_path, GOLD, None)
    total = result["total"]
    assert result["missing_predictions"] == [NAME]
    assert counts(total, "tasks") == (0, 0, 2)
    assert counts(total, "doc") == (0, 0, 8)
    assert counts(total, "sections") == (0, 0, 2)
    assert counts(total, "lead_units") == (0, 0, 2)
    assert counts(total, "targets") == (0, 0, 3)
    assert total["fields"]["tasks"]["f1"] == 0.0
    assert total["lead_unit_exact_match"] == {"exact": 0, "matched": 0, "share": None}
    assert result["misses"] == [f"{NAME} prediction: missing {tmp_path / 'pred' / (NAME + '.json')}"]


# -- the command line ----------------------------------------------------------


def test_cli_prints_tables_misses_and_writes_json(tmp_path, capsys):
    pred = gold_to_prediction(GOLD)
    wrong_date(pred)
    target_wrong_value(pred)
    pred["tasks"][0]["units"] = [u for u in pred["tasks"][0]["units"] if u["name"] != "市财政局"]
    gold_dir, pred_dir = write_pair(tmp_path, NAME, GOLD, pred)
    out_json = tmp_path / "figures.json"
    assert evaluate.main(["--gold", str(gold_dir), "--pred", str(pred_dir), "--json", str(out_json)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "== core: 1 documents ==" in printed
    assert "== TOTAL: 1 documents ==" in printed
    assert "lead-unit exact match: 1.000 (2/2 matched tasks)" in printed
    assert f"{NAME} doc.date: got 2024-03-16 want 2024-03-15" in printed
    assert f"{NAME} task 一.1 co: missing 市财政局" in printed
    assert f"{NAME} task 一.1 target: missing 合法性审查率>=100%" in printed
    assert f"{NAME} task 一.1 target: spurious 合法性审查率>=99%" in printed
    figures = json.loads(out_json.read_text(encoding="utf-8"))
    assert figures["total"]["fields"]["co_units"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "tp": 1, "fp": 0, "fn": 1}
    assert figures["groups"]["core"]["doc_fields"]["date"]["tp"] == 0


def test_cli_no_misses_hides_the_list(tmp_path, capsys):
    pred = gold_to_prediction(GOLD)
    wrong_date(pred)
    gold_dir, pred_dir = write_pair(tmp_path, NAME, GOLD, pred)
    assert evaluate.main(["--gold", str(gold_dir), "--pred", str(pred_dir), "--no-misses"]) == 0
    printed = capsys.readouterr().out
    assert "doc.date" not in printed
    assert "== misses" not in printed


@pytest.mark.parametrize(
    "argv",
    [["--gold", "{tmp}/nowhere", "--pred", "{tmp}"], ["--gold", "{tmp}"], ["--gold", "{tmp}", "--pred", "{tmp}"]],
    ids=["missing gold folder", "no --pred", "no gold files"],
)
def test_cli_bad_usage_exits_2(tmp_path, argv):
    assert evaluate.main([arg.format(tmp=tmp_path) for arg in argv]) == 2


# -- the corpus against itself -------------------------------------------------


def test_corpus_gold_scored_against_itself_is_perfect(tmp_path):
    gold_paths = sorted(CORPUS.glob("*.gold.json"))
    for path in gold_paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        name = path.name.removesuffix(".gold.json")
        (tmp_path / f"{name}.json").write_text(json.dumps(gold_to_prediction(gold), ensure_ascii=False), encoding="utf-8")
    result = evaluate.score_corpus(CORPUS, tmp_path)
    assert result["total"]["documents"] == len(gold_paths)
    assert result["misses"] == []
    for figures in [result["total"], *result["groups"].values()]:
        assert {field: row["f1"] for field, row in figures["fields"].items()} == dict.fromkeys(evaluate.FIELDS, 1.0)
        assert {field: row["f1"] for field, row in figures["doc_fields"].items()} == dict.fromkeys(evaluate.DOC_FIELDS, 1.0)
        assert figures["lead_unit_exact_match"]["share"] == 1.0
    assert result["total"]["fields"]["tasks"]["tp"] == sum(
        len(json.loads(p.read_text(encoding="utf-8"))["tasks"]) for p in gold_paths
    )


# -- tasks that carry a responsibility, and real notices scored by a manifest ---


def with_plain_task(gold: dict) -> dict:
    """GOLD with a third task that assigns nothing (a 保障措施 item)."""
    gold = copy.deepcopy(gold)
    gold["tasks"].append({**gold["tasks"][1], "id": "3", "lead_units": [], "co_units": [], "catch_all": [],
                          "inherited_units": [], "targets": [], "deadline": None})
    return gold


def test_responsible_tasks_count_every_gold_task_that_names_a_unit(tmp_path):
    gold = with_plain_task(GOLD)
    pred = gold_to_prediction(gold)
    pred["tasks"] = [pred["tasks"][0], pred["tasks"][2]]  # task 2 lost, the plain task found
    figures = score(tmp_path, gold, pred)["total"]["responsible_tasks"]
    # Task 3 names no unit: it is not counted. Task 2 is lost: found 1 of 2, and its lead counts as wrong.
    assert figures == {"gold": 2, "found": 1, "lead_exact": 1, "found_share": 0.5, "lead_exact_share": 0.5}


def test_responsible_tasks_lead_exact_is_over_all_gold_tasks(tmp_path):
    pred = gold_to_prediction(GOLD)
    pred["tasks"][0]["units"] = [u for u in pred["tasks"][0]["units"] if u["role"] != "lead"]
    figures = score(tmp_path, GOLD, pred)["total"]["responsible_tasks"]
    assert (figures["found"], figures["lead_exact"]) == (2, 1)


MANIFEST_HEADER = "id,kind,layout,province,level,place,year,source,query,sha256,chars,tasks,notes\n"


def write_real(tmp_path: Path, texts: dict[str, str | None], layouts: dict[str, str]) -> tuple[Path, Path, Path]:
    """A real corpus in tmp_path: a gold per id, a manifest row per id, the texts that are present."""
    gold_dir, text_dir = tmp_path / "real", tmp_path / "real" / "text"
    text_dir.mkdir(parents=True)
    rows = []
    for name, text in texts.items():
        (gold_dir / f"{name}.gold.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
        digest = evaluate.text_digest("一、提升政务服务效能\n1.深化改革。" if text is None else text)
        rows.append(f"{name},excerpt,{layouts[name]},江苏,city,澄浦市,2024,https://example.org/{name},q,{digest},10,2,\n")
        if text is not None:
            (text_dir / f"{name}.txt").write_text(text, encoding="utf-8")
    manifest = gold_dir / "manifest.csv"
    manifest.write_text(MANIFEST_HEADER + "".join(rows), encoding="utf-8")
    return gold_dir, manifest, text_dir


def test_manifest_groups_by_layout_and_names_what_is_missing(tmp_path):
    gold_dir, manifest, text_dir = write_real(
        tmp_path, {"r1": "一、甲\n1.乙。", "r2": "一、丙\n1.丁。", "r3": None},
        {"r1": "table-lines", "r2": "role-lines+table-lines", "r3": "role-lines"},
    )
    pred_dir = tmp_path / "pred"
    pred_dir.mkdir()
    for name in ("r1", "r2"):
        (pred_dir / f"{name}.json").write_text(json.dumps(gold_to_prediction(GOLD), ensure_ascii=False), encoding="utf-8")
    result = evaluate.score_corpus(gold_dir, pred_dir, manifest=evaluate.load_manifest(manifest), texts=text_dir)
    assert result["total"]["documents"] == 2  # r3's text is not here: named, not scored
    assert result["not_present"] == ["r3 (https://example.org/r3)"]
    assert list(result["groups"]) == ["role-lines", "table-lines"]
    assert result["groups"]["table-lines"]["documents"] == 2
    assert result["groups"]["role-lines"]["documents"] == 1
    assert "r3 (https://example.org/r3)" in evaluate.format_report(result)


def test_manifest_refuses_a_text_that_is_not_the_one_annotated(tmp_path):
    gold_dir, manifest, text_dir = write_real(tmp_path, {"r1": "一、甲\n1.乙。"}, {"r1": "table-lines"})
    (text_dir / "r1.txt").write_text("一、甲\n1.乙。另有一句。", encoding="utf-8")
    result = evaluate.score_corpus(gold_dir, tmp_path, manifest=evaluate.load_manifest(manifest), texts=text_dir)
    assert result["total"]["documents"] == 0
    assert result["changed"] == ["r1"]


def test_text_digest_ignores_whitespace():
    assert evaluate.text_digest("一、甲\n 1.乙。\r\n") == evaluate.text_digest("一、甲1.乙。")
