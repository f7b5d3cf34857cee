"""Targets: comparators, numerals, units, conditions, shared values, changes, counts, non-targets.

Each row is one task text (normalized, clause removed) and the targets expected
from it as (metric, comparator, value, unit, condition).
"""

import pytest
from pytest import param

from pipeline.targets import extract_targets


def _found(text, rules):
    return [(t.metric, t.comparator, t.value, t.unit, t.condition) for t in extract_targets(text, rules)]


COMPARATORS = [
    param("政务服务事项网上可办率达到95%以上。", [("政务服务事项网上可办率", ">=", 95, "%", None)], id="达到-以上"),
    param("规范政府信息公开申请办理，按期答复率达100%。", [("按期答复率", ">=", 100, "%", None)], id="达"),
    param("考核权重不低于5%。", [("考核权重", ">=", 5, "%", None)], id="不低于"),
    param("全年新增技能人才不少于3000人，其中高技能人才不少于800人。",
          [("新增技能人才", ">=", 3000, "人", None), ("高技能人才", ">=", 800, "人", None)], id="不少于-其中"),
    param("政银企对接活动每季度至少举办1次。", [("政银企对接活动", ">=", 1, "次", None)], id="至少-verb"),
    param("矛盾纠纷调解成功率保持在95%以上。", [("矛盾纠纷调解成功率", ">=", 95, "%", None)], id="保持在"),
    param("法定债务按时还本付息率保持100%。", [("法定债务按时还本付息率", ">=", 100, "%", None)], id="保持"),
    param("粮食播种面积稳定在42万亩以上。", [("粮食播种面积", ">=", 42, "万亩", None)], id="稳定在"),
    param("农村生活污水治理率提高至45%以上。", [("农村生活污水治理率", ">=", 45, "%", None)], id="提高至"),
    param("接电时间不超过5个工作日。", [("接电时间", "<=", 5, "个工作日", None)], id="不超过"),
    param("政府性融资担保机构平均担保费率不高于1%。", [("政府性融资担保机构平均担保费率", "<=", 1, "%", None)], id="不高于"),
    param("道路交通事故万车死亡率控制在2.0以内。", [("道路交通事故万车死亡率", "<=", 2, None, None)], id="控制在-以内-no-unit"),
    param("群众办事平均等候时间控制在15分钟以下。", [("群众办事平均等候时间", "<=", 15, "分钟", None)], id="以下"),
    param("企业开办全流程时间压缩至0.5个工作日以内。", [("企业开办全流程时间", "<=", 0.5, "个工作日", None)], id="压缩至"),
    param("全年开展送法下乡活动超过120场次。", [("送法下乡活动", ">", 120, "场次", None)], id="超过"),
    param("农膜回收率高于85%。", [("农膜回收率", ">", 85, "%", None)], id="高于"),
    param("污泥含水率低于60%。", [("污泥含水率", "<", 60, "%", None)], id="低于"),
    param("库存周期不足3个月。", [("库存周期", "<", 3, "个月", None)], id="不足"),
    param("空置率不满5%。", [("空置率", "<", 5, "%", None)], id="不满"),
    param("评估等级为良好的企业占比达到80%及以上。", [("评估等级为良好的企业占比", ">=", 80, "%", None)], id="及以上"),
    param("健全“好差评”制度，差评整改率为100%。", [("差评整改率", "=", 100, "%", None)], id="为"),
    param("简易注销公告时间压减为20日。", [("简易注销公告时间", "=", 20, "日", None)], id="压减为"),
    param("新增城市绿地面积12公顷左右。", [("新增城市绿地面积", "=", 12, "公顷", None)], id="左右"),
    param("税收收入实现5亿元。", [("税收收入", ">=", 5, "亿元", None)], id="实现"),
    param("力争实现旅游综合收入60亿元。", [("旅游综合收入", ">=", 60, "亿元", None)], id="实现-opens-metric"),
    param("全年接待游客突破500万人次。", [("接待游客", ">", 500, "万人次", None)], id="突破"),
    param("群众满意度达到90分以上。", [("群众满意度", ">=", 90, "分", None)], id="score"),
]

CHANGES = [
    param("涉企行政检查频次同比下降10%以上。", [("涉企行政检查频次同比下降", ">=", 10, "%", None)], id="同比下降-以上"),
    param("单位地区生产总值能耗下降3%。", [("单位地区生产总值能耗下降", ">=", 3, "%", None)], id="下降"),
    param("诉前调解案件数量较上年增长 10%。", [("诉前调解案件数量较上年增长", ">=", 10, "%", None)], id="较上年增长"),
    param("地区生产总值增长6.5%左右。", [("地区生产总值增长", "=", 6.5, "%", None)], id="增长-左右"),
    param("外贸进出口总额增长不低于10%。", [("外贸进出口总额增长", ">=", 10, "%", None)], id="增长-不低于"),
    param("基层报表数量较上年减少30%以上。", [("基层报表数量较上年减少", ">=", 30, "%", None)], id="减少"),
    param("“一件事”平均办理时间压缩50%以上。", [("“一件事”平均办理时间压缩", ">=", 50, "%", None)], id="压缩"),
    param("县级一般性支出压减10%。", [("县级一般性支出压减", ">=", 10, "%", None)], id="压减"),
    param("新登記市場主體增長10%。", [("新登記市場主體增長", ">=", 10, "%", None)], id="traditional-增長"),
    param("城鎮調查失業率控制在5.5%以內。", [("城鎮調查失業率", "<=", 5.5, "%", None)], id="traditional-以內"),
    param("完成造林綠化1.2萬畝，新建村級衛生室15個。",
          [("造林綠化", "=", 1.2, "萬畝", None), ("新建村級衛生室", "=", 15, "個", None)], id="traditional-unit-as-printed"),
    param("平均通勤时间缩短10分钟。", [("平均通勤时间缩短", ">=", 10, "分钟", None)], id="change-in-minutes"),
    param("年内完成县城主次干道店招店牌规范提升120户。", [("县城主次干道店招店牌规范提升", "=", 120, "户", None)],
          id="work-verb-count-not-change"),
    param("办理时限由20个工作日压缩至5个工作日。", [("办理时限", "<=", 5, "个工作日", None)], id="由-start-value"),
]

NUMERALS_AND_UNITS = [
    param("全年开展综合应急演练不少于两次。", [("综合应急演练", ">=", 2, "次", None)], id="两"),
    param("清单覆盖执法领域不少于十五个。", [("清单覆盖执法领域", ">=", 15, "个", None)], id="十五"),
    param("年内“免申即享”惠企政策事项不少于二十项。", [("“免申即享”惠企政策事项", ">=", 20, "项", None)], id="二十"),
    param("组织送戏下乡不少于一百场次。", [("送戏下乡", ">=", 100, "场次", None)], id="一百"),
    param("全年完成农村卫生户厕改造不少于六千座。", [("农村卫生户厕改造", ">=", 6000, "座", None)], id="六千"),
    param("受污染耕地安全利用率达到百分之九十以上。", [("受污染耕地安全利用率", ">=", 90, "%", None)], id="百分之九十"),
    param("高频电子证照电子化率达到百分之百。", [("高频电子证照电子化率", ">=", 100, "%", None)], id="百分之百"),
    param("脱贫劳动力转移就业不少于3.2万人。", [("脱贫劳动力转移就业", ">=", 3.2, "万人", None)], id="万人"),
    param("新增发放脱贫人口小额信贷不少于1.5亿元。", [("新增发放脱贫人口小额信贷", ">=", 1.5, "亿元", None)], id="亿元"),
    param("森林火灾受害率控制在0.9‰以内。", [("森林火灾受害率", "<=", 0.9, "‰", None)], id="permille"),
    param("确保宿舍冬季室温不低于18℃。", [("宿舍冬季室温", ">=", 18, "℃", None)], id="celsius"),
    param("全县牛羊饲养量达到120万头（只）。", [("全县牛羊饲养量", ">=", 120, "万头（只）", None)], id="万头（只）"),
    param("PM2.5年均浓度控制在22微克/立方米以内。", [("PM2.5年均浓度", "<=", 22, "微克/立方米", None)], id="微克/立方米"),
    param("城乡特困人员基本生活标准不低于当地低保标准的1.3倍。", [("城乡特困人员基本生活标准", ">=", 1.3, "倍", None)], id="倍-of-reference"),
    param("实际利用外资达到1.2亿美元。", [("实际利用外资", ">=", 1.2, "亿美元", None)], id="亿美元"),
    param("城市低保标准提高到每人每月不低于720元。", [("城市低保标准", ">=", 720, "元", None)], id="per-person-per-month"),
    param("每千人口拥有3岁以下婴幼儿托位数达到3.0个。", [("每千人口拥有3岁以下婴幼儿托位数", ">=", 3, "个", None)], id="per-thousand-and-age-in-metric"),
]

CONDITIONS = [
    param("执法人员数量在30人以上的部门，全年组织执法技能专项培训不少于3次；其他部门全年不少于2次。",
          [("执法技能专项培训", ">=", 3, "次", "执法人员数量在30人以上的部门"),
           ("执法技能专项培训", ">=", 2, "次", "其他部门")], id="的-condition-and-其他"),
    param("对社会关注度高的决策事项，公开征求意见的期限一般不少于30日。",
          [("公开征求意见的期限", ">=", 30, "日", "社会关注度高的决策事项")], id="对-condition"),
    param("编制核定数量为70人及以下的镇（街道），年内至少通过考试获得行政执法资格3人以上。",
          [("通过考试获得行政执法资格", ">=", 3, "人", "编制核定数量为70人及以下的镇（街道）")], id="condition-with-number"),
    param("对零就业家庭，确保至少1人稳定就业。", [("稳定就业", ">=", 1, "人", "零就业家庭")], id="零就业家庭"),
    param("对低压小微企业实行“三零”接电服务，接电时间不超过5个工作日。",
          [("接电时间", "<=", 5, "个工作日", "低压小微企业")], id="对-实行-condition"),
    param("对年办件量超过1000件的高频事项，“免证办”比例不低于60%。",
          [("“免证办”比例", ">=", 60, "%", "年办件量超过1000件的高频事项")], id="condition-超过"),
    param("从业人员在100人以上不足300人的企业，专职安全生产管理人员不少于2名。",
          [("专职安全生产管理人员", ">=", 2, "名", "从业人员在100人以上不足300人的企业")], id="condition-不足"),
    param("对备案的行政规范性文件，逐一严格审查，审查率达100%。", [("审查率", ">=", 100, "%", None)],
          id="condition-only-for-next-clause"),
]

SHARED = [
    param("备案审查率达到100%，报备及时率、规范率均不低于95%。",
          [("备案审查率", ">=", 100, "%", None), ("报备及时率", ">=", 95, "%", None), ("规范率", ">=", 95, "%", None)],
          id="均"),
    param("按期办结率、回复率达100%。", [("按期办结率", ">=", 100, "%", None), ("回复率", ">=", 100, "%", None)],
          id="rates-without-均"),
    param("确保全年生产安全事故起数、死亡人数均同比下降5%以上。",
          [("生产安全事故起数同比下降", ">=", 5, "%", None), ("死亡人数同比下降", ">=", 5, "%", None)], id="均-change"),
    param("用水、用气报装办理时间均压缩至4个工作日以内。",
          [("用水报装办理时间", "<=", 4, "个工作日", None), ("用气报装办理时间", "<=", 4, "个工作日", None)],
          id="shared-head-expanded"),
    param("一般登记、抵押登记办理时间分别压缩至3个工作日、1个工作日以内。",
          [("一般登记办理时间", "<=", 3, "个工作日", None), ("抵押登记办理时间", "<=", 1, "个工作日", None)],
          id="分别-pairs"),
    param("用电量、用水量分别下降5%、8%。",
          [("用电量下降", ">=", 5, "%", None), ("用水量下降", ">=", 8, "%", None)], id="分别-changes"),
    param("“一件事”平均办理时间压缩50%以上。", [("“一件事”平均办理时间压缩", ">=", 50, "%", None)], id="平均-is-not-均"),
    param("城乡居民人均可支配收入分别增长6%和8%。",
          [("城乡居民人均可支配收入增长", ">=", 6, "%", None), ("城乡居民人均可支配收入增长", ">=", 8, "%", None)],
          id="分别-values-joined-by-和"),
    param("地表水国控、省控断面水质优良比例达到100%。",
          [("地表水国控、省控断面水质优良比例", ">=", 100, "%", None)], id="one-metric-with-list"),
]

COUNTS = [
    param("新建高标准农田3.5万亩。", [("新建高标准农田", "=", 3.5, "万亩", None)], id="新建"),
    param("新增养老床位200张。", [("新增养老床位", "=", 200, "张", None)], id="新增"),
    param("在城区新建一所公办幼儿园。", [("在城区新建公办幼儿园", "=", 1, "所", None)], id="新建-一所-noun-after"),
    param("年底前对现行有效的规范性文件开展一次全面清理。", [("现行有效的规范性文件全面清理", "=", 1, "次", None)],
          id="开展一次"),
    param("每季度开展一次资金使用情况检查。", [("资金使用情况检查", "=", 1, "次", None)], id="每季度开展一次"),
    param("对重点民生资金开展专项审计2次。", [("重点民生资金专项审计", "=", 2, "次", None)], id="对-开展"),
    param("新建中小学2所、幼儿园3所。", [("新建中小学", "=", 2, "所", None), ("新建幼儿园", "=", 3, "所", None)],
          id="two-counts-one-verb"),
    param("新建、改扩建中小学和幼儿园6所。", [("新建、改扩建中小学和幼儿园", "=", 6, "所", None)], id="verb-list-not-split"),
    param("完成城镇老旧小区改造不少于12个，涉及居民2860户。", [("城镇老旧小区改造", ">=", 12, "个", None)],
          id="descriptive-count"),
    param("实施城镇老旧小区改造项目18个，惠及居民3260户。", [("城镇老旧小区改造项目", "=", 18, "个", None)],
          id="惠及-descriptive"),
    param("评选“最美庭院”300户。", [("评选“最美庭院”", "=", 300, "户", None)], id="count-after-quote"),
    param("每个乡镇至少配备 2 名帮办代办员。", [("每个乡镇帮办代办员", ">=", 2, "名", None)], id="配备-noun-after"),
    param("推动不少于3个乡镇申报省级生态文明建设示范乡镇。", [("乡镇申报省级生态文明建设示范乡镇", ">=", 3, "个", None)],
          id="count-before-noun"),
    param("其中10亿元以上项目不少于3个。", [("10亿元以上项目", ">=", 3, "个", None)], id="threshold-inside-metric"),
    param("推动5个以上重点项目开工建设。", [("重点项目开工建设", ">=", 5, "个", None)], id="count-以上-before-noun"),
    param("组建10支应急救援队伍，每支队伍不少于20人。",
          [("组建应急救援队伍", "=", 10, "支", None), ("每支队伍", ">=", 20, "人", None)], id="组建"),
    param("全年查处案件不少于50起。", [("查处案件", ">=", 50, "起", None)], id="起"),
    param("打造一支懂业务、懂技术的复合型人才队伍。", [], id="一-as-article"),
    param("建立一个统一的数据共享平台。", [], id="一个-as-article"),
    param("安全生产考核在乡镇（街道）和县直部门绩效考核中的权重不低于6%。",
          [("安全生产考核权重", ">=", 6, "%", None)], id="在…中的"),
]

# Patterns behind misses on unseen notices; each row is a different sentence of the pattern.
GENERAL = [
    # Units of measure beyond the list: weights in 斤, lots (批次), works (部).
    param("油菜籽总产量达到1800万斤。", [("油菜籽总产量", ">=", 1800, "万斤", None)], id="unit-万斤"),
    param("全年完成农产品质量安全定量检测不少于三千批次。",
          [("农产品质量安全定量检测", ">=", 3000, "批次", None)], id="unit-批次-chinese"),
    param("年内创作反映乡村振兴的文艺精品不少于5部。", [("创作反映乡村振兴的文艺精品", ">=", 5, "部", None)],
          id="unit-部"),
    param("全年完成校外培训机构检查不少于120家次。", [("校外培训机构检查", ">=", 120, "家次", None)],
          id="unknown-unit-after-number"),
    # A per-capita base between the comparator and the number: `达到每千人6.5张`.
    param("养老机构护理型床位达到每千名老年人5张以上。", [("养老机构护理型床位", ">=", 5, "张", None)],
          id="per-capita-base-after-comparator"),
    param("全县执业（助理）医师数达到每千人口3.2人。", [("全县执业（助理）医师数", ">=", 3.2, "人", None)],
          id="per-thousand-after-comparator"),
    # Bare rate with no comparator word: the value it is to be.
    param("高标准农田建设项目竣工验收合格率100%。", [("高标准农田建设项目竣工验收合格率", "=", 100, "%", None)],
          id="bare-rate"),
    # 余/多 after the number: more than it.
    param("全年培训高素质农民1000余人。", [("培训高素质农民", ">", 1000, "人", None)], id="余-more-than"),
    param("新增城镇就业岗位2000多个。", [("新增城镇就业岗位", ">", 2000, "个", None)], id="多-more-than"),
    # Listed subjects sharing a measure: the bare item takes the measure the last one names.
    param("农村、城镇居民人均消费支出分别增长7%、5%。",
          [("农村居民人均消费支出增长", ">=", 7, "%", None), ("城镇居民人均消费支出增长", ">=", 5, "%", None)],
          id="shared-measure-居民"),
    param("电子信息、装备制造产业营业收入均增长12%。",
          [("电子信息产业营业收入增长", ">=", 12, "%", None), ("装备制造产业营业收入增长", ">=", 12, "%", None)],
          id="shared-measure-产业"),
    param("粮食、油料产量分别稳定在5万吨、0.8万吨以上。",
          [("粮食产量", ">=", 5, "万吨", None), ("油料产量", ">=", 0.8, "万吨", None)], id="shared-measure-产量"),
    # A numbered type is a name, not a quantity: 2型糖尿病.
    param("1型糖尿病、2型糖尿病患者规范管理率均达到70%。",
          [("1型糖尿病患者规范管理率", ">=", 70, "%", None), ("2型糖尿病患者规范管理率", ">=", 70, "%", None)],
          id="numbered-type"),
    # A threshold inside a noun phrase: after 超 (`营业收入超5亿元企业2家`), or a measure
    # with 以上 directly before the noun it qualifies (`20户以上自然村`), unlike a classifier
    # that counts that noun (`10个以上村级综合服务中心`).
    param("培育年营业收入超5亿元企业2家。", [("培育年营业收入超5亿元企业", "=", 2, "家", None)],
          id="超-threshold-in-noun-phrase"),
    param("规模以上工业企业营业收入超300亿元。", [("规模以上工业企业营业收入", ">", 300, "亿元", None)],
          id="超-as-comparator"),
    param("推进20户以上自然村通硬化路。", [], id="measure-以上-before-noun"),
    param("基本消除50人以上班额的学校。", [], id="measure-以上-before-noun-的"),
    param("新建10个以上村级综合服务中心。", [("新建村级综合服务中心", ">=", 10, "个", None)],
          id="classifier-以上-before-noun"),
    # Counts set by delivery verbs beyond the first list.
    param("选派驻村第一书记25名。", [("选派驻村第一书记", "=", 25, "名", None)], id="选派"),
    param("帮扶脱贫户发展庭院经济500户。", [("帮扶脱贫户发展庭院经济", "=", 500, "户", None)], id="帮扶"),
    param("每月发布一次空气质量状况公报。", [("发布空气质量状况公报", "=", 1, "次", None)], id="发布-一次"),
    param("每半年编发一期政务公开工作简报。", [("编发政务公开工作简报", "=", 1, "期", None)], id="编发-一期"),
    param("农村劳动力转移就业2.3万人次。", [("农村劳动力转移就业", "=", 2.3, "万人次", None)], id="转移就业"),
    param("年内安排乡村振兴衔接资金项目150个。", [("安排乡村振兴衔接资金项目", "=", 150, "个", None)], id="安排"),
    param("开发城乡公益性岗位800个。", [("开发城乡公益性岗位", "=", 800, "个", None)], id="开发"),
    param("县经济开发区入驻企业120家。", [], id="开发区-is-no-verb"),
    param("为高校毕业生提供就业见习岗位500个。", [("为高校毕业生提供就业见习岗位", "=", 500, "个", None)],
          id="提供"),
    # A phase of a works is its name: `二期工程`.
    param("建成城区供水厂二期工程，完成三期项目前期工作。", [], id="phase-of-works"),
    param("年底前建成物流园冷链仓储三期。", [], id="phase-at-end-of-noun"),
    param("全年举办乡村振兴专题培训班两期。", [("乡村振兴专题培训班", "=", 2, "期", None)], id="期-count"),
    param("全年实施区级重点项目110个。", [("区级重点项目", "=", 110, "个", None)], id="区级-after-verb"),
    # A level before the first of listed counts qualifies each: `创建省级示范村3个、示范乡镇1个`.
    param("创建国家级示范合作社2家、示范家庭农场5家。",
          [("创建国家级示范合作社", "=", 2, "家", None), ("创建国家级示范家庭农场", "=", 5, "家", None)],
          id="level-shared-by-listed-counts"),
    param("创建省级示范村3个、市级示范村5个。",
          [("创建省级示范村", "=", 3, "个", None), ("创建市级示范村", "=", 5, "个", None)], id="each-item-its-own-level"),
    # A quoted conversion (`“煤改电”`, `“白改黑”`) is the work that sets the count.
    param("完成农村清洁取暖改造，城郊居民“煤改电”3000户。",
          [("城郊居民“煤改电”", "=", 3000, "户", None)], id="quoted-conversion-count"),
    param("新开通城乡公交线路6条，淘汰燃煤小锅炉35台。",
          [("新开通城乡公交线路", "=", 6, "条", None), ("淘汰燃煤小锅炉", "=", 35, "台", None)], id="开通-淘汰"),
    param("地质灾害隐患点受威胁群众搬迁45户。", [("地质灾害隐患点受威胁群众搬迁", "=", 45, "户", None)], id="搬迁"),
    param("接入城市生命线监测感知设备1500个。", [("接入城市生命线监测感知设备", "=", 1500, "个", None)], id="接入"),
    # A recurring time word inside the metric is its deadline, not its name.
    param("县防汛抗旱指挥部每半年召开一次成员单位联席会议。",
          [("县防汛抗旱指挥部成员单位联席会议", "=", 1, "次", None)], id="recurring-word-inside-metric"),
    # An age that ends its clause is a value; before a noun it defines a population.
    param("人均预期寿命达到79.5岁，65岁以上老年人城乡社区规范健康管理服务率达到65%。",
          [("人均预期寿命", ">=", 79.5, "岁", None), ("65岁以上老年人城乡社区规范健康管理服务率", ">=", 65, "%", None)],
          id="age-as-value"),
    # `一批` means "a number of", not a count.
    param("培育壮大一批专精特新企业，谋划储备重大项目一批。", [], id="一批-indefinite"),
    # `其中` continues the count before it: `完成营造林1.2万亩，其中人工造林3000亩`.
    param("完成营造林1.2万亩，其中人工造林3000亩。",
          [("营造林", "=", 1.2, "万亩", None), ("人工造林", "=", 3000, "亩", None)], id="其中-continues-count"),
]

# Kinds of targets the corpus does not show: other topics, units and comparator forms.
NEW_KINDS = [
    param("全县空气质量优良天数比率达到92%以上，细颗粒物（PM2.5）平均浓度控制在28微克/立方米以内。",
          [("全县空气质量优良天数比率", ">=", 92, "%", None),
           ("细颗粒物（PM2.5）平均浓度", "<=", 28, "微克/立方米", None)], id="eco-air"),
    param("单位GDP能耗下降3.2%，单位GDP二氧化碳排放下降4%。",
          [("单位GDP能耗下降", ">=", 3.2, "%", None), ("单位GDP二氧化碳排放下降", ">=", 4, "%", None)],
          id="eco-energy-intensity"),
    param("新增光伏发电装机容量15万千瓦，全社会能源消费总量控制在120万吨标准煤以内。",
          [("新增光伏发电装机容量", "=", 15, "万千瓦", None),
           ("全社会能源消费总量", "<=", 120, "万吨标准煤", None)], id="eco-万千瓦-万吨标准煤"),
    param("治理水土流失面积25平方公里，修复湿地80公顷。",
          [("治理水土流失面积", "=", 25, "平方公里", None), ("修复湿地", "=", 80, "公顷", None)],
          id="eco-治理-公顷"),
    param("地表水水质优良（达到或好于Ⅲ类）比例达到90%。",
          [("地表水水质优良（达到或好于Ⅲ类）比例", ">=", 90, "%", None)], id="eco-comparator-word-in-metric"),
    param("城市生活垃圾无害化处理率保持100%，城市污水处理率不低于97%。",
          [("城市生活垃圾无害化处理率", ">=", 100, "%", None), ("城市污水处理率", ">=", 97, "%", None)],
          id="eco-保持-不低于"),
    param("新增公办幼儿园学位1200个，普惠性幼儿园覆盖率达到90%以上。",
          [("新增公办幼儿园学位", "=", 1200, "个", None), ("普惠性幼儿园覆盖率", ">=", 90, "%", None)],
          id="edu-学位"),
    param("全年培训中小学教师不少于3000人次。", [("培训中小学教师", ">=", 3000, "人次", None)], id="edu-人次"),
    param("高考本科上线率较上年提高2个百分点。", [("高考本科上线率较上年提高", ">=", 2, "个百分点", None)],
          id="edu-个百分点"),
    param("学前三年毛入园率稳定在95%以上，九年义务教育巩固率不低于97%。",
          [("学前三年毛入园率", ">=", 95, "%", None), ("九年义务教育巩固率", ">=", 97, "%", None)],
          id="edu-numerals-in-names"),
    param("二级以上公立医院预约诊疗率达到60%，每千人口医疗卫生机构床位数达到6.5张。",
          [("二级以上公立医院预约诊疗率", ">=", 60, "%", None), ("每千人口医疗卫生机构床位数", ">=", 6.5, "张", None)],
          id="health-beds-per-thousand"),
    param("县人民医院新增床位300床。", [("县人民医院新增床位", "=", 300, "床", None)], id="health-床"),
    param("婴儿死亡率控制在5‰以内，孕产妇系统管理率高于90%。",
          [("婴儿死亡率", "<=", 5, "‰", None), ("孕产妇系统管理率", ">", 90, "%", None)], id="health-permille-高于"),
    param("65岁以上老年人健康管理率达到72%。", [("65岁以上老年人健康管理率", ">=", 72, "%", None)],
          id="health-age-in-metric"),
    param("新改建农村公路120公里，改造危旧桥梁8座。",
          [("新改建农村公路", "=", 120, "公里", None), ("改造危旧桥梁", "=", 8, "座", None)], id="transport-公里-座"),
    param("港口集装箱吞吐量达到25万标准箱。", [("港口集装箱吞吐量", ">=", 25, "万标准箱", None)], id="transport-标准箱"),
    param("更新新能源公交车50辆，新建公共充电桩200个。",
          [("更新新能源公交车", "=", 50, "辆", None), ("新建公共充电桩", "=", 200, "个", None)], id="transport-辆"),
    param("城区主干道高峰时段平均通行时间缩短15%。", [("城区主干道高峰时段平均通行时间缩短", ">=", 15, "%", None)],
          id="transport-change"),
    param("主要农作物耕种收综合机械化率达75%，农村居民人均可支配收入增长7.5%左右。",
          [("主要农作物耕种收综合机械化率", ">=", 75, "%", None), ("农村居民人均可支配收入增长", "=", 7.5, "%", None)],
          id="agri-达-左右"),
    param("新认定家庭农场50家、农民合作社示范社10家。",
          [("新认定家庭农场", "=", 50, "家", None), ("新认定农民合作社示范社", "=", 10, "家", None)],
          id="agri-two-counts"),
    param("完成农村危房改造200户。", [("农村危房改造", "=", 200, "户", None)], id="agri-户"),
    param("新建应急避难场所6处，应急避难场所人均面积不低于1.5平方米。",
          [("新建应急避难场所", "=", 6, "处", None), ("应急避难场所人均面积", ">=", 1.5, "平方米", None)],
          id="emergency-处-平方米"),
    param("排查整治自建房安全隐患1500件。", [("排查整治自建房安全隐患", "=", 1500, "件", None)], id="emergency-件"),
    param("应急物资储备库储备物资不少于2万件，救援队伍集结时间不超过30分钟。",
          [("应急物资储备库储备物资", ">=", 2, "万件", None), ("救援队伍集结时间", "<=", 30, "分钟", None)],
          id="emergency-不超过"),
    param("亿元GDP生产安全事故死亡率较上年下降8%。", [("亿元GDP生产安全事故死亡率较上年下降", ">=", 8, "%", None)],
          id="emergency-亿元GDP"),
    param("群众来信办结时限不多于15日，快递进村覆盖率大于95%，农药使用量少于上年的90%。",
          [("群众来信办结时限", "<=", 15, "日", None), ("快递进村覆盖率", ">", 95, "%", None),
           ("农药使用量", "<", 90, "%", None)], id="comparators-不多于-大于-少于"),
    param("到2027年，全县森林覆盖率达到47%。", [("全县森林覆盖率", ">=", 47, "%", None)], id="year-before-target"),
    param("筹备第五届乡村旅游文化节，谋划“十五五”重大项目，推进十五五规划编制。", [], id="non-届-十五五"),
    param("深化政务服务“一网通办”，畅通12345热线，加快5G网络建设。", [], id="non-一网通办-12345-5G"),
    param("制定教育强县三年行动方案（2024—2026年）。", [], id="non-三年行动"),
    param("力争全县营商环境评价位列全市前三名。", [], id="non-前三名"),
]

NON_TARGETS = [
    param("制定并公布县政府2023年度重大行政决策事项目录。", [], id="year"),
    param("大力实施提升行政执法质量三年行动计划（2023—2025年）。", [], id="plan-period"),
    param("2024年是实施“十四五”规划的关键一年。", [], id="十四五"),
    param("落实平昌府办发〔2024〕29号文件要求。", [], id="document-number"),
    param("深化“一件事一次办”集成改革，推行“最多跑一次”改革。", [], id="slogans-in-quotes"),
    param("依托12345政务服务便民热线，企业诉求办结率达到98%。", [("企业诉求办结率", ">=", 98, "%", None)], id="12345"),
    param("新建5G基站不少于60个。", [("新建5G基站", ">=", 60, "个", None)], id="5G"),
    param("年内行政村4G网络覆盖率达到100%。", [("行政村4G网络覆盖率", ">=", 100, "%", None)], id="4G"),
    param("经县政府第十六次常务会议研究同意。", [], id="ordinal"),
    param("推进县、乡、村三级公共法律服务平台建设。", [], id="三级"),
    param("出水稳定达到一级A排放标准。", [], id="一级A"),
    param("新增A级物流企业10家。", [("新增A级物流企业", "=", 10, "家", None)], id="A级-in-metric"),
    param("落实实际种粮农民一次性补贴政策。", [], id="一次性"),
    param("为全县65周岁以上老年人免费开展健康体检。", [], id="age-band"),
    param("对符合条件的脱贫户提供5万元以下、3年期以内、免担保免抵押、财政贴息的小额信贷。", [], id="loan-terms"),
    param("对发生较大事故的实行“一票否决”。", [], id="一票否决"),
    param("对第二轮督察交办信访件实行清单化管理，做到一个问题、一套方案、一抓到底。", [], id="一个问题"),
    param("千方百计稳定和扩大就业。", [], id="千方百计"),
    param("推行“一户一档”管理。建立一户一档。", [], id="idiom"),
    param("利用“6·5”环境日开展宣传。", [], id="date-in-quotes"),
    param("9月30日前完成整改。", [], id="date"),
    param("与企业一起研究解决困难。", [], id="一起"),
    param("年度综合考核进入全市前3名。", [], id="rank"),
    param("惠及群众5000余人。", [], id="descriptive-approximate"),
]


@pytest.mark.parametrize("text, expected", COMPARATORS + CHANGES + NUMERALS_AND_UNITS + CONDITIONS + SHARED + COUNTS + NON_TARGETS
                         + GENERAL + NEW_KINDS)
def test_extract_targets(rules, text, expected):
    assert _found(text, rules) == expected


def test_every_comparator_word_gives_its_comparator(rules):
    """Each word of the targets.*_before / *_after lists, in a plain sentence, gives its list's comparator."""
    wrong = []
    for key, comparator in rules.value("targets.comparators").items():
        for word in rules.value(f"targets.{key}_before"):
            found = _found(f"综合覆盖率{word}90%。", rules)
            if [t[1] for t in found] != [comparator]:
                wrong.append((word, found))
        for word in rules.value(f"targets.{key}_after"):
            found = _found(f"综合覆盖率达到90%{word}。", rules)
            if [t[1] for t in found] != [comparator]:
                wrong.append((word, found))
    assert not wrong


def test_value_is_int_when_whole(rules):
    (target,) = extract_targets("考核权重不低于5.0%。", rules)
    assert target.value == 5 and isinstance(target.value, int)


def test_text_is_the_phrase_as_printed(rules):
    (target,) = extract_targets("推行帮办代办服务，即办件占比不低于40%。", rules)
    assert target.text == "即办件占比不低于40%"


@pytest.mark.parametrize("text, expected", [
    pytest.param("全年新筹集人才公寓1200套，缓解新市民住房困难。", [("新筹集人才公寓", "=", 1200, "套")], id="raise-housing"),
    pytest.param("新认证地理标志农产品5个，打响区域品牌。", [("新认证地理标志农产品", "=", 5, "个")], id="certify-products"),
])
def test_raising_and_certifying_set_plain_counts(rules, text, expected):
    got = [(t.metric, t.comparator, t.value, t.unit) for t in extract_targets(text, rules)]
    assert len(got) == len(expected)
    for (metric, comparator, value, unit), (want_metric, want_cmp, want_value, want_unit) in zip(got, expected):
        assert (comparator, value, unit) == (want_cmp, want_value, want_unit)
        assert want_metric in metric or metric in want_metric
