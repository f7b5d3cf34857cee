"""One task's text -> Targets: the quantities the task sets (docs/format.md "Targets").

The stages, each a named function:
1. `_clauses` cuts the text at `，；。：`. A clause that only names a category
   (`对零就业家庭，`, `执法人员数量在30人以上的部门，`) is the condition of the
   clause after it, and its numbers are not targets.
2. `_quantities` finds each number with its unit and the comparator word after it
   (`95%以上`), minus the non-targets that rules/targets.toml names `not_…`
   (years, quotes, PM2.5, 第十六次 …) and the thresholds inside a noun phrase
   (`10亿元以上项目`, `超过1000件的高频事项`).
3. `_comparator` reads the words around a quantity: a comparator word, a change
   (`下降10%`), or a work verb that sets a count (`新建3所`); none means the
   number only describes (`涉及居民2860户`).
4. `_metrics` cleans the phrase before the quantity into a metric, or several when
   one value is shared (`A、B均…`) or values are paired (`分别…X、Y`).

All patterns run on the Simplified form of the text (`simplified`, same length);
metrics, units and `text` are cut from the text as printed, so Traditional stays Traditional.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .cnum import chinese_to_number
from .script import simplified
from .model import Target
from .rules import Rules

_CLAUSE = regex.compile(r"[^，；。：！？,;:!?]+")
_ITEM = regex.compile(r"[^、]+")
# Line breaks inside a task, and spaces inside numbers: `9 5%`, `不少于 60 学时`, `PM2. 5`.
_HAN = regex.compile(r"\p{Han}")
_STRAY_SPACE = regex.compile(r"[\r\n]+|\s+(?=[\d.%‰])|(?<=[\d.])\s+")
# Patterns that keep two of their groups: `对X开展Y` -> XY, `X在Y中的Z` -> XZ.
_REWRITES = {"targets.metric_object": ("object", "rest"), "targets.metric_within": ("subject", "measure")}
# `其中` opens a part of the count before it: `完成营造林1.2万亩，其中人工造林3000亩`.
_SUBTOTAL = "其中"
_FOLD = {**{code: chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)}, ord("％"): "%", ord("．"): "."}


@dataclass(slots=True)  # not frozen: a frozen __init__ costs 4x, and phrases are cut by the thousand
class _Phrase:
    """A piece of task text as printed beside its Simplified form (same length); never changed in place."""

    shown: str
    scan: str

    def __getitem__(self, key: slice) -> "_Phrase":
        return _Phrase(self.shown[key], self.scan[key])

    def __add__(self, other: "_Phrase") -> "_Phrase":
        return _Phrase(self.shown + other.shown, self.scan + other.scan)

    def __len__(self) -> int:
        return len(self.scan)


@dataclass
class _Quantity:
    start: int
    end: int  # after the comparator word that follows the number, if any
    values: list[tuple[int | float, str | None]]
    after: str | None  # 以上 / 以内 / 左右 …
    approx: str | None = None  # 余 / 多 between number and unit: more than the number


def extract_targets(text: str, rules: Rules) -> tuple[Target, ...]:
    """Given one task's normalized text (clause removed), return the targets it sets."""
    shown = _STRAY_SPACE.sub("", text.translate(_FOLD))
    task = _Phrase(shown, simplified(shown))
    masked = _masked(task.scan, rules)
    targets: list[Target] = []
    condition = None
    for start, end in _clauses(task.scan):
        clause = task[start:end]
        category = _condition(clause, rules)
        if category is not None:
            condition = category
            continue
        targets.extend(_clause_targets(task, start, end, masked, condition, targets, rules))
        condition = None
    return tuple(targets)


def _clauses(scan: str) -> list[tuple[int, int]]:
    """Given text, return the (start, end) of each clause between `，；。：`."""
    return [match.span() for match in _CLAUSE.finditer(scan)]


def _condition(clause: _Phrase, rules: Rules) -> str | None:
    """Given a clause, return the category it names when it is only a condition, else None."""
    for name in ("targets.condition_for", "targets.condition_of"):
        match = rules.pattern(name).fullmatch(clause.scan)
        if match:
            return clause.shown[match.start("condition") : match.end("condition")]
    return None


def _masked(scan: str, rules: Rules) -> bytearray:
    """Given the task text, return a mask, 1 at each offset a `not_…` pattern covers (no targets there)."""
    covered = bytearray(len(scan))
    for pattern in rules.patterns_named("targets.not_"):
        for match in pattern.finditer(scan):
            covered[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return covered


def _quantities(task: _Phrase, start: int, end: int, masked: bytearray, rules: Rules) -> list[_Quantity]:
    """Given a clause, return its quantities; `3个工作日、1个工作日以内` is one with two values."""
    scan, shown = task.scan, task.shown
    found: list[_Quantity] = []
    for match in rules.pattern("targets.quantity").finditer(scan, start, end):
        if masked[match.start()]:
            continue
        value = _value(match, shown)
        if value is None:
            continue
        quantity = _Quantity(match.start(), match.end(), [value], match["after"], match["approx"] or match["capprox"])
        previous = found[-1] if found else None
        joiner = scan[previous.end : quantity.start] if previous else None
        if previous and previous.after is None and joiner in rules.value("targets.value_joiners"):
            previous.values.append(value)
            previous.end, previous.after = quantity.end, quantity.after
        else:
            found.append(quantity)
    return [
        q for i, q in enumerate(found)
        if not _inside_noun_phrase(q, scan[start : q.start], scan[q.end : end], i + 1 < len(found), rules)
    ]


def _value(match: regex.Match, shown: str) -> tuple[int | float, str | None] | None:
    """Given a `targets.quantity` match on the Simplified text and the text as printed,
    return (value, unit as printed), or None for an unreadable numeral.

    `百分之九十` -> (90, "%"), `百分之百` -> (100, "%"), `六千座` -> (6000, "座"), `3.2万人` -> (3.2, "万人"),
    `1.2萬畝` -> (1.2, "萬畝"), `1000余人` -> (1000, "人").
    """
    group = "unit" if match["number"] else "cunit"
    unit = shown[match.start(group) : match.end(group)] if match[group] else None
    approx = "approx" if match["approx"] else "capprox"
    if match[approx]:
        at = match.start(approx) - match.start(group)
        unit = (unit[:at] + unit[at + len(match[approx]) :]) or None
    if match["percent"]:
        of = match["percent_of"]
        value, unit = chinese_to_number("一" + of if of[0] in "百千" else of), "%"
    elif match["number"]:
        value = float(match["number"])
    else:
        value = chinese_to_number(match["chinese"])
    if value is None:
        return None
    return (int(value) if float(value).is_integer() else float(value)), unit


def _inside_noun_phrase(quantity: _Quantity, before: str, rest: str, more: bool, rules: Rules) -> bool:
    """Whether a quantity is a threshold inside a noun phrase rather than a target.

    `超过1000件的高频事项`: followed by 的. A comparator word followed by more words is a
    threshold when 的 or another quantity follows (`10亿元以上项目不少于3个`,
    `100人以上不足300人的企业`, `5万元以下、3年期以内、…的小额信贷`,
    `营业收入超10亿元企业3家`), and a count otherwise (`推动5个以上重点项目开工建设`),
    unless its unit measures something other than the noun after it (`56人以上大班额`).
    """
    if rest.startswith("的"):
        return True
    noun_after = bool(_HAN.match(rest))
    word_before = bool(rules.pattern("targets.comparator_before").search(before))
    if quantity.after and rest:
        if "的" in rest or (more and not rest.startswith("、")):
            return True
        unit = _unit_kind(quantity.values[-1][1])
        if not noun_after or word_before or unit is None or unit in rules.value("targets.change_units"):
            return False
        word = _unit_word(unit, rules)
        classifier = word in rules.value("targets.counting_units") and word not in rules.value("targets.non_classifiers")
        return not classifier
    if word_before and noun_after and more:
        return True
    return False


@lru_cache(maxsize=1024)  # a handful of units (%, 个, 万元 …) asked about several times per number
def _unit_kind(unit: str | None) -> str | None:
    """A unit as printed in the Simplified form the word lists use: `個` -> 个."""
    return simplified(unit) if unit else None


def _unit_word(unit: str, rules: Rules) -> str:
    """Given a unit, return it without its magnitude: `万人` -> 人."""
    for magnitude in rules.words("targets.magnitudes"):
        if unit.startswith(magnitude) and len(unit) > len(magnitude):
            return unit[len(magnitude) :]
    return unit


def _clause_targets(task: _Phrase, start: int, end: int, masked: bytearray, condition: str | None,
                    previous: list[Target], rules: Rules) -> list[Target]:
    """Given one clause, return its targets; `condition` comes from the clause before."""
    quantities = _quantities(task, start, end, masked, rules)
    found: list[Target] = []
    cursor = start  # where the words of the next quantity begin
    last_count: Target | None = None
    for i, quantity in enumerate(quantities):
        limit = quantities[i + 1].start if i + 1 < len(quantities) else end
        segment_start, before = cursor, task[cursor : quantity.start]
        head, between, word = _split_comparator(before, rules)
        metric = _clean(head, rules)
        listed = before.scan.startswith("、")
        continues = (listed or before.scan.startswith(_SUBTOTAL)) and last_count is not None
        comparator = _comparator(quantity, metric.scan, word, before.scan, continues, rules)
        cursor = quantity.end
        if comparator is None:
            continue
        if listed and continues and comparator == "=":
            metric = _leading_work_verb(last_count.metric, metric.scan, rules) + metric  # 新建中小学2所、幼儿园3所
        if between is not None:
            metric = metric + between
        counted = _counted_noun(task[quantity.end : limit], quantity, rules)
        if word is None and counted is not None and rules.pattern("targets.indefinite").match(
                task.scan[quantity.start : limit]):
            continue  # 打造一支懂业务、懂技术的复合型人才队伍: an article, not a count
        if counted is not None:
            metric = _drop_light_verb_at_end(metric, rules) + counted
            cursor = limit
        printed = task.shown[segment_start:cursor].lstrip("、 ")
        for name, value, unit in _metrics(metric, quantity.values, rules):
            earlier = previous + found
            this_condition = condition
            if rules.pattern("targets.other_group").fullmatch(simplified(name)):
                name, this_condition = (earlier[-1].metric if earlier else ""), name
            if not name and earlier:
                name = earlier[-1].metric  # `…不少于3次；…全年不少于2次`
            if not name:
                continue
            target = Target(name, comparator, value, unit, this_condition, printed)
            found.append(target)
            if comparator == "=":
                last_count = target
    return found


def _split_comparator(before: _Phrase, rules: Rules) -> tuple[_Phrase, _Phrase | None, str | None]:
    """Given the text before a number, return (head, words kept between, comparator word).

    `…率达到` -> head `…率`; `至少检查` -> the verb 检查 is kept for the metric;
    `至少配备` (a light verb) and `不低于合同金额的` (the reference) are not;
    `实现旅游综合收入` -> head `旅游综合收入` when no comparator stands at the number.
    """
    match = rules.pattern("targets.comparator_before").search(before.scan)
    if match:
        return before[: match.start()], None, match["word"]
    match = rules.pattern("targets.comparator_apart").search(before.scan)
    if match:
        between = before[match.start("between") : match.end("between")]
        keep = not between.scan.endswith("的") and between.scan not in rules.value("targets.light_verbs")
        return before[: match.start()], between if keep else None, match["word"]
    match = rules.pattern("targets.comparator_leading").match(before.scan)
    if match:
        return before[match.end() :], None, match["word"]
    return before, None, None


def _comparator(quantity: _Quantity, metric: str, word: str | None, before: str, continues: bool,
                rules: Rules) -> str | None:
    """Given a quantity, its metric and the words before it, return its comparator, or None.

    The word after the number wins (`增长6%左右` -> `=`), then the word before; a change
    (`下降10%`) is `>=`; a count a work verb sets (`新建3所`) is `=`, or `>` with 余/多
    (`培训1000余人`); a rate with no word (`验收合格率100%`) is `=`.
    """
    if quantity.after:
        return _comparator_of(quantity.after, "after", rules)
    if word:
        return _comparator_of(word, "before", rules)
    units = [_unit_kind(unit) for _, unit in quantity.values]
    relative = all(unit in rules.value("targets.change_units") for unit in units)
    counted = all(unit and unit not in rules.value("targets.change_units") for unit in units)
    work = continues or rules.pattern("targets.work_verb").search(before) is not None
    if rules.pattern("targets.change_at_end").search(metric) and (relative or not work):
        return ">="  # 下降10%, 缩短10分钟; but 完成…规范提升120户 is a count
    if counted and work:
        return _comparator_of(quantity.approx, "inside", rules) if quantity.approx else "="
    if relative and metric.endswith(tuple(rules.value("targets.rate_heads"))):
        return "="
    return None


def _comparator_of(word: str, side: str, rules: Rules) -> str:
    for key, comparator in rules.value("targets.comparators").items():
        if word in rules.data.get(f"targets.{key}_{side}", ()):
            return comparator
    raise ValueError(f"comparator word {word!r} is in no targets.*_{side} list")


def _counted_noun(rest: _Phrase, quantity: _Quantity, rules: Rules) -> _Phrase | None:
    """The noun a count stands before: `1名环境卫生监督员`, `一次全面清理`; else None."""
    unit = _unit_kind(quantity.values[-1][1])
    if unit not in rules.value("targets.counting_units"):
        return None
    if not rest.scan or not _HAN.match(rest.scan) or rest.scan.startswith("的"):
        return None
    return rest


def _drop_light_verb_at_end(metric: _Phrase, rules: Rules) -> _Phrase:
    """Given a metric before a counted noun, return it without a closing light verb (`…开展`)."""
    for verb in rules.words("targets.light_verbs"):
        if metric.scan.endswith(verb):
            return metric[: len(metric) - len(verb)]
    return metric


def _leading_work_verb(metric: str, item: str, rules: Rules) -> _Phrase:
    """The work verb a metric starts with, and the level after it unless the next item
    names its own: `新建中小学` -> 新建, `创建省级示范村` -> 创建省级; or nothing."""
    scan = simplified(metric)
    verb = next((v for v in rules.words("targets.work_verbs") if scan.startswith(v)), "")
    level_of = rules.pattern("targets.shared_level")
    level = level_of.match(scan[len(verb) :]) if verb and not level_of.match(item) else None
    end = len(verb) + (level.end() if level else 0)
    return _Phrase(metric[:end], scan[:end])


def _clean(metric: _Phrase, rules: Rules) -> _Phrase:
    """Given the words before a comparator, return the metric: no intent verbs, time words,
    adverbs or `对` around it (`确保全年…一般` -> `…`), `对X开展Y` -> `XY`, `X在Y中的Z` -> `XZ`."""
    lead, tail = rules.pattern("targets.metric_lead"), rules.pattern("targets.metric_tail")
    deadline = rules.pattern("deadlines.in_text")
    light = rules.words("targets.light_verbs")
    metric = _remove(metric, rules.pattern("targets.metric_noise"))
    while True:
        before = metric
        metric = metric[len(metric.scan) - len(metric.scan.lstrip("、 ")) :]
        for pattern in (lead, deadline):
            match = pattern.match(metric.scan)
            if match and match.end():
                metric = metric[match.end() :]
        match = tail.search(metric.scan)
        if match and match.start() < len(metric):
            metric = metric[: match.start()]
        verb = next((v for v in light if metric.scan.startswith(v)), None) if metric.scan.startswith(light) else None
        if verb:
            metric = metric[len(verb) :]
        for name, (first, second) in _REWRITES.items():
            match = rules.pattern(name).fullmatch(metric.scan)
            if match:
                metric = metric[match.start(first) : match.end(first)] + metric[match.start(second) : match.end(second)]
        match = rules.pattern("targets.metric_preposition").match(metric.scan)
        if match:
            metric = metric[match.end() :]
        if metric == before:
            return metric


def _remove(phrase: _Phrase, pattern: regex.Pattern) -> _Phrase:
    """Given a phrase, return it without the matches of `pattern`."""
    kept, last = _Phrase("", ""), 0
    for match in pattern.finditer(phrase.scan):
        kept, last = kept + phrase[last : match.start()], match.end()
    return kept + phrase[last:]


def _metrics(metric: _Phrase, values: list[tuple[int | float, str | None]], rules: Rules):
    """Given a metric phrase and its values, yield (metric, value, unit) for each target.

    `报备及时率、规范率均不低于95%` shares one value; `一般登记、抵押登记办理时间分别
    压缩至3个工作日、1个工作日以内` pairs values with metrics in order.
    """
    items, tail = _shared(metric, rules)
    names = [(item + tail).shown for item in items]
    if len(values) == 1:
        pairs = [(name, values[0]) for name in names]
    elif len(names) == 1:
        pairs = [(names[0], value) for value in values]
    else:
        pairs = list(zip(names, values))
    for name, (value, unit) in pairs:
        yield name, value, unit


def _shared(metric: _Phrase, rules: Rules) -> tuple[list[_Phrase], _Phrase]:
    """Given a metric phrase, return (the metrics it lists, the words they share after them).

    `生产安全事故起数、死亡人数均同比下降` -> [起数…, 死亡人数], `同比下降`; without 均/分别
    a list splits only when each item names its own measure (`按期办结率、回复率`).
    """
    markers = list(rules.pattern("targets.share_marker").finditer(metric.scan))
    marker = markers[-1] if markers else None
    if marker is not None:
        listed, tail = metric[: marker.start()], metric[marker.end() :]
    else:
        listed, tail = metric, _Phrase("", "")
    items = [listed[slice(*m.span())] for m in _ITEM.finditer(listed.scan)]
    if not items:
        return [metric], _Phrase("", "")
    heads = rules.value("targets.metric_heads")
    if marker is None and not all(item.scan.endswith(tuple(heads)) for item in items):
        return [metric], _Phrase("", "")
    return _complete(items, heads, rules.value("targets.shared_measure_starts")), tail


def _complete(items: list[_Phrase], heads: list[str], starts: list[str]) -> list[_Phrase]:
    """Give a bare item the measure the last item names: `用水、用气报装办理时间` -> 用水报装办理时间.

    The last item's words after its own counterpart of the bare item are shared: found
    where the same last character stands (`一般登记` / `抵押登记|办理时间`), or at the same
    length when both start alike (`用水` / `用气|报装办理时间`).
    Failing both, it starts at the earliest of `shared_measure_starts` (`城镇、农村牧区|常住
    居民人均可支配收入`, `电子信息、装备制造|产业营业收入`).
    """
    last = items[-1]
    completed = []
    for item in items[:-1]:
        if item.scan.endswith(tuple(heads)):
            completed.append(item)
            continue
        at = 0
        if len(item) < len(last):
            at = last.scan.find(item.scan[-1]) + 1
            if at <= 0 and item.scan[0] == last.scan[0]:
                at = len(item)
        if at <= 0:
            found = [last.scan.find(word, 1) for word in starts]
            at = min((i for i in found if i > 0), default=0)
        completed.append(item + last[at:] if 0 < at < len(last) else item)
    return completed + [last]
