"""Data-integrity tests for rules/units/departments.csv (the general unit vocabulary).

The CSV is read with the csv module only, independently of the pipeline.
"""
import csv
from collections import defaultdict
from pathlib import Path

import pytest

CSV_PATH = Path(__file__).resolve().parents[1] / "rules" / "units" / "departments.csv"
HEADER = ["name", "alias", "kind"]
KINDS = {"government", "party", "judicial", "mass", "institution", "coordination", "vertical"}
KIND_ORDER = sorted(KINDS)

# Names that legitimately start with 市 (not the level prefix): 市场…, 市政….
SHI_ALLOWED_STARTS = ("市场", "市政")
FORBIDDEN_STARTS = ("县", "区", "州", "旗", "縣", "區")


def _read():
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader]
    return header, rows


HEADER_READ, ROWS = _read()


def test_header_exact():
    assert HEADER_READ == HEADER
    assert CSV_PATH.read_bytes()[:3] != b"\xef\xbb\xbf", "no BOM"


def test_row_shape_and_fields():
    for r in ROWS:
        assert len(r) == 3, r
        for v in r:
            assert v == v.strip(), r
            assert not any(c.isspace() for c in v), r
            assert "(" not in v and ")" not in v, r


def test_kinds_allowed():
    bad = [r for r in ROWS if r[2] not in KINDS]
    assert not bad


def test_no_empty_name():
    assert all(r[0] for r in ROWS)


def test_sorted_by_kind_then_name():
    keys = [(r[2], r[0], r[1]) for r in ROWS]
    assert keys == sorted(keys)


def test_no_duplicate_rows():
    pairs = [(r[0], r[1]) for r in ROWS]
    assert len(pairs) == len(set(pairs))


def test_one_kind_per_name():
    kinds = defaultdict(set)
    for name, _, kind in ROWS:
        kinds[name].add(kind)
    assert {n: k for n, k in kinds.items() if len(k) > 1} == {}


def test_empty_alias_only_when_name_has_no_other_row():
    by_name = defaultdict(list)
    for name, alias, _ in ROWS:
        by_name[name].append(alias)
    for name, aliases in by_name.items():
        if "" in aliases:
            assert aliases == [""], name


def test_alias_differs_from_own_name():
    assert [r for r in ROWS if r[1] == r[0]] == []


def test_no_alias_maps_to_two_names():
    owners = defaultdict(set)
    for name, alias, _ in ROWS:
        if alias:
            owners[alias].add(name)
    assert {a: n for a, n in owners.items() if len(n) > 1} == {}


def test_no_alias_is_another_name():
    names = {r[0] for r in ROWS}
    assert [r for r in ROWS if r[1] and r[1] in names] == []


def _has_level_prefix(s):
    if s.startswith(FORBIDDEN_STARTS):
        return True
    if s.startswith("市"):
        return not s.startswith(SHI_ALLOWED_STARTS)
    return False


@pytest.mark.parametrize("s", ["县财政局", "区委编办", "市发改委", "市市场监管局", "州民政局"])
def test_prefix_check_rejects(s):
    assert _has_level_prefix(s)


@pytest.mark.parametrize("s", ["市场监督管理局", "市场监管局", "市政公用事业服务中心", "委全面依法治县委员会办公室"])
def test_prefix_check_accepts(s):
    assert not _has_level_prefix(s)


def test_no_level_prefix():
    bad = [r for r in ROWS if _has_level_prefix(r[0]) or (r[1] and _has_level_prefix(r[1]))]
    assert bad == []


def test_ambiguous_or_wrong_aliases_absent():
    aliases = {r[1] for r in ROWS}
    # 规划局 is not 自然资源和规划局; 委 alone names nothing; 数据局/大数据局 are
    # ambiguous between 大数据发展局 / 大数据发展管理局 / 大数据管理局 / 数据局.
    for a in ["规划局", "委", "数据局", "大数据局", "审批局", "督查室", "政研室", "城管执法局", "政数局"]:
        assert a not in aliases, a


# Prefixless (canonical, alias-as-printed) pairs of the corpus golds
# (corpus/*.gold.json, Traditional of notice 33 read as Simplified)
# that name a standard body. alias == canonical means the full name is printed.
# Left out on purpose: place-specific bodies (经开区/高新区/工业园区 管委会,
# 市生态环境局X分局, 市公安局X分局, X海关, 平昌生态环境局), collectives (各乡镇…),
# and the ambiguous short forms 大数据局 (→大数据发展局 in 26) and
# 数据局 (→大数据发展管理局 in 28).
CORPUS_PAIRS = [
    ("人民政府办公室", "人民政府办公室"),
    ("人民政府办公室", "政府办"),
    ("人民政府办公室", "府办"),
    ("发展和改革局", "发改局"),
    ("发展和改革委员会", "发改委"),
    ("工业和信息化局", "工业和信息化局"),
    ("工业和信息化局", "工信局"),
    ("经济和信息化局", "经信局"),
    ("工业商务和信息化局", "工业商务和信息化局"),
    ("科学技术局", "科技局"),
    ("商务局", "商务局"),
    ("投资促进局", "投资促进局"),
    ("招商局", "招商局"),
    ("统计局", "统计局"),
    ("审计局", "审计局"),
    ("财政局", "财政局"),
    ("粮食和储备局", "粮食和储备局"),
    ("市场监督管理局", "市场监督管理局"),
    ("市场监督管理局", "市场监管局"),
    ("教育局", "教育局"),
    ("教育体育局", "教体局"),
    ("文化和旅游局", "文旅局"),
    ("文化广电和旅游局", "文广旅局"),
    ("文化旅游广电体育局", "文旅广体局"),
    ("文体广电和旅游局", "文体广电和旅游局"),
    ("卫生健康局", "卫生健康局"),
    ("卫生健康局", "卫健局"),
    ("卫生健康委员会", "卫健委"),
    ("医疗保障局", "医疗保障局"),
    ("医疗保障局", "医保局"),
    ("民政局", "民政局"),
    ("人力资源和社会保障局", "人力资源和社会保障局"),
    ("人力资源和社会保障局", "人社局"),
    ("人力资源和社会保障局", "人力社保局"),
    ("退役军人事务局", "退役军人事务局"),
    ("乡村振兴局", "乡村振兴局"),
    ("信访局", "信访局"),
    ("公安局", "公安局"),
    ("司法局", "司法局"),
    ("应急管理局", "应急管理局"),
    ("应急管理局", "应急局"),
    ("自然资源局", "自然资源局"),
    ("自然资源和规划局", "自然资源和规划局"),
    ("自然资源和规划局", "资规局"),
    ("生态环境局", "生态环境局"),
    ("住房和城乡建设局", "住房和城乡建设局"),
    ("住房和城乡建设局", "住建局"),
    ("交通运输局", "交通运输局"),
    ("交通运输局", "交通局"),
    ("水利局", "水利局"),
    ("水务局", "水务局"),
    ("农业农村局", "农业农村局"),
    ("林业局", "林业局"),
    ("林业和草原局", "林草局"),
    ("城市管理局", "城管局"),
    ("城市管理和综合执法局", "城市管理和综合执法局"),
    ("综合行政执法局", "综合行政执法局"),
    ("行政审批局", "行政审批局"),
    ("行政审批和数据局", "行政审批和数据局"),
    ("政务服务管理办公室", "政务办"),
    ("大数据发展局", "大数据发展局"),
    ("大数据发展管理局", "大数据发展管理局"),
    ("委组织部", "委组织部"),
    ("委宣传部", "委宣传部"),
    ("委政法委员会", "委政法委"),
    ("委机构编制委员会办公室", "委机构编制委员会办公室"),
    ("委机构编制委员会办公室", "委编办"),
    ("委网络安全和信息化委员会办公室", "委网信办"),
    ("委督查室", "委督查室"),
    ("纪委监委机关", "纪委监委机关"),
    ("委全面依法治县委员会办公室", "委依法治县办"),
    ("委巡察工作领导小组办公室", "委巡察办"),
    ("安全生产委员会办公室", "安委办"),
    ("河长制办公室", "河长办"),
    ("法治政府建设工作领导小组办公室", "法治政府建设工作领导小组办公室"),
    ("人民法院", "人民法院"),
    ("人民法院", "法院"),
    ("人民检察院", "检察院"),
    ("总工会", "总工会"),
    ("妇女联合会", "妇联"),
    ("残疾人联合会", "残联"),
    ("工商业联合会", "工商联"),
    ("融媒体中心", "融媒体中心"),
    ("不动产登记中心", "不动产登记中心"),
    ("政务服务中心", "政务服务中心"),
    ("档案馆", "档案馆"),
    ("投资促进中心", "投资促进中心"),
    ("金融服务中心", "金融服务中心"),
    ("大数据中心", "大数据中心"),
    ("中医院", "中医院"),
    ("气象局", "气象局"),
    ("消防救援大队", "消防救援大队"),
    ("邮政管理局", "邮政管理局"),
]


@pytest.mark.parametrize("canonical,alias", CORPUS_PAIRS)
def test_corpus_pair_present(canonical, alias):
    names = {r[0] for r in ROWS}
    pairs = {(r[0], r[1]) for r in ROWS}
    assert canonical in names
    if alias != canonical:
        assert (canonical, alias) in pairs


def test_row_count():
    assert len(ROWS) >= 250
