#!/usr/bin/env python3
"""Generate a deterministic synthetic youdai site (and the same content as a Hugo site).

    python3 bench/gensite.py N OUTDIR [--no-hugo] [--force]

writes
    OUTDIR/content/site.yaml
    OUTDIR/content/benefits/catalog-NNNN.yaml   (YAML sequences, 100 entries per file)
    OUTDIR/content/partners/partners-NNNN.yaml  (YAML sequences, 100 entries per file)
    OUTDIR/content/notices/<id>.md              (front matter + Markdown body)
and, unless --no-hugo, the same entries as a Hugo site in OUTDIR-hugo/
(hugo.toml, content/, layouts/; its search/ page uses Pagefind once the built site is indexed).

N entries are split 60% benefits, 30% partners, 10% notices. The output depends only
on N (random.Random(N)): generating twice gives byte-identical trees. Python 3.11
standard library only; all YAML is written by hand.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sys
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# Vocabularies (must match site.yaml)

BASE_URL = "https://example.gov.cn/yd/"
SITE_TITLE = "晋中市军人军属优待服务"

CITY = ("jinzhong", "晋中市")
COUNTIES = [
    ("yuci", "榆次区"),
    ("taigu", "太谷区"),
    ("jiexiu", "介休市"),
    ("lingshi", "灵石县"),
    ("pingyao", "平遥县"),
    ("qixian", "祁县"),
    ("shouyang", "寿阳县"),
    ("xiyang", "昔阳县"),
    ("heshun", "和顺县"),
    ("zuoquan", "左权县"),
    ("yushe", "榆社县"),
]
REGION_NAME = dict([CITY] + COUNTIES)
COUNTY_IDS = [c for c, _ in COUNTIES]

CATEGORIES = [
    ("honor", "荣誉激励"),
    ("life", "生活服务"),
    ("medical", "医疗服务"),
    ("education", "教育优待"),
    ("housing", "住房保障"),
    ("travel", "文旅交通"),
    ("jobs", "就业创业"),
]
GROUPS = [
    ("active", "现役军人"),
    ("family", "现役军人家属"),
    ("disabled", "残疾军人"),
    ("veteran", "退役军人"),
    ("bereaved", "烈士、因公牺牲军人、病故军人遗属"),
]
GROUP_SHORT = {
    "active": "现役军人",
    "family": "现役军人家属",
    "disabled": "残疾军人",
    "veteran": "退役军人",
    "bereaved": "烈士遗属",
}
PARTNER_KINDS = [
    ("scenic", "旅游景区"),
    ("medical", "医疗机构"),
    ("shop", "生活服务网点"),
    ("transport", "交通出行"),
    ("fuel", "加油站"),
]

# ---------------------------------------------------------------------------
# Word lists

BENEFIT_CORES = {
    "honor": ["光荣牌悬挂", "立功喜报送达", "优待证发放", "节日走访慰问", "英烈纪念设施免费参观",
              "荣誉表彰", "入伍欢送仪式", "退役欢迎仪式", "光荣之家评选", "烈士纪念日祭扫"],
    "life": ["水电气暖费用减免", "法律援助优先", "公共文化设施免费开放", "银行业务优先办理",
             "通讯资费优惠", "养老机构优先入住", "义务兵家庭优待金", "临时救助", "政务服务优先办理",
             "生活困难补助"],
    "medical": ["优抚对象医疗补助", "医院优先就诊", "免收普通门诊挂号费", "免费健康体检",
                "住院费用减免", "残疾军人辅助器具配置", "家庭医生签约服务", "中医理疗优惠",
                "短期疗养", "门诊慢性病报销"],
    "education": ["子女入学优待", "学前教育优先入园", "高考加分投档", "学费减免", "职业技能培训补贴",
                  "学历提升资助", "子女转学优先", "奖学金评定优先", "研究生招生优待", "助学金发放"],
    "housing": ["公租房优先配租", "住房困难优先保障", "农村危房改造补助", "住房公积金优待",
                "保障性住房优先分配", "购房契税减免", "租房补贴", "老旧住房维修补助"],
    "travel": ["景区门票减免", "公共交通免费乘车", "车站优先购票乘车", "机场优先安检",
               "博物馆免费参观", "高速公路通行费减免", "旅游线路优惠", "停车费减免"],
    "jobs": ["创业贷款贴息", "就业招聘优先", "公务员考录优待", "创业孵化基地入驻",
             "适应性培训", "企业招用税收优惠", "事业单位专项招聘", "创业担保贷款",
             "就业见习补贴", "自主就业一次性经济补助"],
}
TITLE_SUFFIXES = ["", "", "", "", "", "（试行）", "项目", "服务", "政策", "（2024年版）"]

SUMMARY_TEMPLATES = [
    "{g}凭优待证在{r}享受{core}。",
    "符合条件的{g}可向{dept}申请{core}，经审核后按规定落实。",
    "{r}对{g}实行{core}，所需经费由同级财政保障。",
    "{g}及其符合条件的家庭成员可享受{core}。",
    "本项目面向{r}户籍的{g}，申请材料齐全的当场受理。",
    "{dept}为{g}提供{core}，办理时限一般不超过十个工作日。",
    "持有效优待证的{g}在指定窗口出示证件即可办理。",
    "对生活困难的{g}，可在原标准基础上适当提高补助水平。",
    "已享受同类待遇的，不重复享受本项优待。",
    "具体标准按照{r}当年公布的目录执行。",
]

DETAIL_SENTENCES = [
    "为进一步落实军人军属、退役军人和其他优抚对象优待工作，{r}结合本地实际制定本项措施。",
    "{g}在办理相关业务时，窗口工作人员应当优先受理、优先办结。",
    "本项优待由{dept}具体负责，相关部门按照职责分工配合落实。",
    "申请人应当如实提供材料，对弄虚作假骗取优待的，依法追回并取消其享受资格。",
    "优待标准根据经济社会发展水平适时调整，调整后的标准自公布之日起执行。",
    "各乡镇（街道）退役军人服务站负责政策宣传、材料初审和上门服务。",
    "对行动不便的残疾军人和高龄优抚对象，可由家属代为申请或预约上门办理。",
    "享受本项优待期间，户籍或身份发生变化的，应当在三十日内告知原受理单位。",
    "各级服务机构应当在醒目位置设置优先窗口，并公布监督电话。",
    "相关费用实行直接结算，申请人无需垫付。",
    "本项措施与国家、省已出台的优待政策相衔接，就高不重复享受。",
    "工作中遇到的新情况、新问题，由{dept}会同有关部门研究解决。",
    "**特别提示：**优待证仅限本人使用，不得转借他人。",
    "办理结果将通过短信或电话告知申请人，也可登录政务服务网查询进度。",
    "在{r}以外地区居住的，可持相关证明就近办理。",
    "二〇二四年以来，全市累计为{g}提供此类服务一万余人次。",
]
DETAIL_LISTS = [
    ["每年春节、八一建军节期间集中走访一次", "重大节日发送慰问信", "遇有重大疾病及时看望"],
    ["一级至四级残疾军人全额减免", "五级至六级残疾军人减免百分之五十", "七级至十级残疾军人减免百分之三十"],
    ["城市户籍按每月不低于当地最低工资标准计发", "农村户籍按当地农村居民人均可支配收入计发"],
    ["优先挂号", "优先就诊", "优先取药", "优先住院"],
    ["免收门票", "免费使用存包服务", "节假日提前一天预约"],
    ["在校学习期间免收学费", "优先安排住宿", "优先评定助学金"],
]
TABLE_ROWS = [
    ("一级至二级", "每月 1200 元"), ("三级至四级", "每月 900 元"), ("五级至六级", "每月 600 元"),
    ("七级至八级", "每月 400 元"), ("九级至十级", "每月 200 元"),
]
CLAIM_STEPS = [
    "携带优待证和身份证到{dept}服务窗口提出申请",
    "填写《{core}申请表》",
    "经办人员当场审核材料，材料不全的一次性告知需补正的内容",
    "乡镇（街道）退役军人服务站进行初审并公示五个工作日",
    "{dept}在十个工作日内作出决定",
    "审核通过后按月发放或直接结算",
    "通过“晋中退役军人”微信公众号在线提交材料",
    "拨打服务电话预约上门办理",
    "领取办理结果通知书",
]
DOCUMENTS = ["优待证", "身份证", "户口簿", "退役证", "残疾军人证", "烈士证明书", "入伍通知书",
             "结婚证", "学生证", "银行卡复印件", "近期一寸免冠照片两张", "医疗费用票据"]
DEPT_SUFFIXES = ["退役军人事务局", "退役军人事务局", "医疗保障局", "教育局", "住房和城乡建设局",
                 "人力资源和社会保障局", "文化和旅游局", "交通运输局", "民政局", "财政局"]
CATEGORY_DEPT = {
    "honor": "退役军人事务局", "life": "民政局", "medical": "医疗保障局", "education": "教育局",
    "housing": "住房和城乡建设局", "travel": "文化和旅游局", "jobs": "人力资源和社会保障局",
}
BASES = [
    "《中华人民共和国军人地位和权益保障法》",
    "《中华人民共和国退役军人保障法》",
    "《军人抚恤优待条例》",
    "《关于加强军人军属、退役军人和其他优抚对象优待工作的意见》",
    "《山西省军人军属、退役军人和其他优抚对象优待办法》",
    "《晋中市军人军属、退役军人和其他优抚对象基本优待目录清单》",
    "《退役士兵安置条例》",
]
TAGS = ["优待证", "医疗", "教育", "住房", "就业", "交通", "文旅", "慰问", "补助", "便民", "优先"]

ROADS = ["迎宾街", "顺城街", "新建路", "汇通路", "锦纶路", "中都路", "文苑街", "蕴华街", "安宁街",
         "龙湖大街", "广安街", "太行大街", "府东街", "北关街", "南大街", "西环路", "东风路", "建设路"]
SCENIC_NAMES = ["古城", "大院", "庄园", "森林公园", "湿地公园", "纪念馆", "博物馆", "古镇", "石窟",
                "风景区", "民俗园", "红色教育基地"]
SCENIC_PREFIX = ["绵山", "王家", "乔家", "常家", "石膏山", "麻田", "乌金山", "龙泉", "凤凰", "云竹",
                 "红崖", "八路军", "太行", "汾河", "文峰"]
MEDICAL_NAMES = ["第一人民医院", "第二人民医院", "中医院", "妇幼保健院", "人民医院", "社区卫生服务中心",
                 "口腔医院", "眼科医院", "康复医院", "大药房"]
SHOP_BRANDS = ["美特好", "华联", "惠民", "晋福", "同心", "家家乐", "金鹰", "便民", "百信", "万家"]
SHOP_TYPES = ["超市", "理发店", "洗衣店", "眼镜店", "照相馆", "书店", "家电商城", "餐厅", "面馆", "浴池"]
TRANSPORT_NAMES = ["公共交通有限公司", "汽车客运站", "出租汽车公司", "火车站服务台", "城乡公交公司",
                   "共享单车服务点"]
FUEL_BRANDS = ["中国石化", "中国石油", "延长石油", "晋能控股"]
OFFERS = {
    "scenic": ["凭优待证免收门票", "门票半价", "免费参观，节假日需提前预约", "免费乘坐景区观光车",
               "本人及一名随行家属免票"],
    "medical": ["免收普通门诊挂号费", "优先就诊、优先取药、优先住院", "体检费用九折", "免费测量血压血糖",
                "住院床位费减免百分之二十"],
    "shop": ["消费满100元减20元", "商品九折优惠", "每月免费理发一次", "会员价基础上再享九五折",
             "免费送货上门"],
    "transport": ["免费乘坐市内公交", "优先购票、优先安检、优先乘车", "出租车起步价减免",
                  "客运班车票价八折"],
    "fuel": ["每升优惠0.3元", "加油满200元赠送洗车一次", "汽油每升直降0.2元", "柴油九八折"],
}
HOURS = ["08:00-18:00", "09:00-17:00", "全天", "08:30-21:30", "07:00-22:00",
         "工作日 08:30-12:00, 14:30-17:30"]
PARTNER_SENTENCES = [
    "本单位是{r}双拥共建示范单位，长期为军人军属提供优惠服务。",
    "持优待证的{g}到店消费时请主动出示证件。",
    "优惠不与店内其他活动同时享受。",
    "节假日客流较大时，请提前电话预约。",
    "设有军人优先窗口和无障碍通道。",
    "优惠内容如有调整，以店内公示为准。",
    "本单位承诺对优待对象做到热情接待、优先服务。",
    "停车场为持证车辆提供免费停车一小时。",
]
NOTICE_TOPICS = ["优待证申领", "义务兵家庭优待金发放", "重点优抚对象短期疗养", "光荣牌悬挂",
                 "退役军人适应性培训", "双拥模范城创建", "优待目录清单更新", "春节走访慰问",
                 "八一建军节慰问", "退役军人专场招聘会", "烈士纪念日公祭", "抚恤补助标准调整",
                 "优抚对象健康体检", "社会优待合作单位征集"]
NOTICE_TITLE_TEMPLATES = ["关于开展{y}年度{t}工作的通知", "{r}{t}工作公告", "关于做好{y}年{t}的通知",
                          "{r}关于{t}有关事项的公告", "{y}年{t}工作安排"]
NOTICE_SENTENCES = [
    "为认真贯彻落实党中央、国务院关于加强退役军人服务保障工作的决策部署，现就有关事项通知如下。",
    "请各乡镇（街道）退役军人服务站高度重视，按时完成各项工作任务。",
    "本次工作面向全市符合条件的{g}，申请人可就近到服务站办理。",
    "工作时间为周一至周五上午9:00至12:00，下午14:30至17:30，法定节假日除外。",
    "各单位要加强政策宣传，确保符合条件的对象应知尽知、应享尽享。",
    "对工作中发现的问题，要及时整改，并将结果报送市退役军人事务局。",
    "联系电话：0354-3030123，联系人：优抚科。",
    "各县（区、市）要在规定时间内汇总本地情况，逾期不予受理。",
    "具体名单将在市退役军人事务局门户网站公示，公示期为七个工作日。",
    "活动期间，相关部门将组织志愿者提供上门服务。",
    "未尽事宜，请与{r}退役军人事务局联系。",
    "本通知自发布之日起施行。",
]

# ---------------------------------------------------------------------------
# YAML helpers (hand-written: every string that is not a plain id or date is quoted)


def q(s: str) -> str:
    """A double-quoted YAML scalar."""
    assert "\n" not in s and "\r" not in s and "\t" not in s, repr(s)
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow_ids(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def flow_strs(items: list[str]) -> str:
    return "[" + ", ".join(q(s) for s in items) + "]"


def block(text: str, indent: int) -> str:
    """A literal block scalar (`|`) holding Markdown; `text` ends with one newline."""
    assert text.endswith("\n") and not text.endswith("\n\n")
    pad = " " * indent
    lines = text[:-1].split("\n")
    assert not lines[0].startswith(" ")
    out = ["|"]
    for line in lines:
        assert line == line.rstrip(), repr(line)
        out.append(pad + line if line else "")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Model


@dataclass
class Benefit:
    id: str
    title: str
    category: str
    groups: list[str]
    region: str
    summary: str
    number: int
    details: str
    how_to_claim: str
    documents: list[str]
    department: str
    basis: str
    contact: str
    updated: str
    valid_from: str | None = None
    valid_until: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class Partner:
    id: str
    name: str
    kind: str
    region: str
    offer: str
    groups: list[str] | None
    requires_card: bool
    address: str
    phone: str
    hours: str
    lat: float
    lon: float
    details: str
    updated: str
    valid_until: str | None = None


@dataclass
class Notice:
    id: str
    title: str
    date: str
    summary: str
    tags: list[str]
    body: str


class Gen:
    def __init__(self, n: int):
        self.n = n
        self.rng = random.Random(n)

    # -- small pieces -------------------------------------------------------
    def date(self, y0: int, y1: int) -> str:
        r = self.rng
        y = r.randint(y0, y1)
        m = r.randint(1, 12)
        if y == 2025:
            m = r.randint(1, 5)
        d = r.randint(1, 28)
        return f"{y:04d}-{m:02d}-{d:02d}"

    def reviewed(self) -> str:
        """`updated`: within the year before the benchmark's today (2025-06-01), so the
        site is a maintained one; about 3% are older, to keep youdai's stale-review
        warning in the measured path without flooding stderr."""
        r = self.rng
        if r.random() < 0.03:
            return self.date(2023, 2023)
        day = datetime.date(2024, 6, 2).toordinal() + r.randint(0, 363)
        return datetime.date.fromordinal(day).isoformat()

    def phone(self) -> str:
        return f"0354-{self.rng.randint(2000000, 8999999)}"

    def region(self) -> str:
        # about one in eight entries is city-wide
        return CITY[0] if self.rng.random() < 0.125 else self.rng.choice(COUNTY_IDS)

    def fill(self, tmpl: str, **kw: str) -> str:
        return tmpl.format(**kw)

    def sentence_ctx(self, region: str, groups: list[str], dept: str, core: str = "") -> dict:
        return {
            "r": REGION_NAME[region],
            "g": "、".join(GROUP_SHORT[g] for g in groups),
            "dept": dept,
            "core": core,
        }

    def paragraphs(self, pool: list[str], ctx: dict, count: int, lo: int, hi: int) -> list[str]:
        """`count` paragraphs of about lo..hi characters, no sentence used twice."""
        r = self.rng
        picks = r.sample(pool, k=len(pool))
        paras = []
        for _ in range(count):
            target = r.randint(lo, hi)
            out = ""
            while picks:
                out += picks.pop().format(**ctx)
                if len(out) >= target:
                    break
            paras.append(out)
        return [p for p in paras if p]

    def summary(self, ctx: dict) -> str:
        r = self.rng
        for _ in range(100):
            s = r.choice(SUMMARY_TEMPLATES).format(**ctx)
            if len(s) < 40 or r.random() < 0.5:
                s += r.choice(SUMMARY_TEMPLATES).format(**ctx)
            if 40 <= len(s) <= 80:
                return s
        # fallback: trim the long group list
        ctx = dict(ctx, g=ctx["g"].split("、")[0])
        return ("{g}凭优待证在{r}享受{core}。已享受同类待遇的，不重复享受本项优待。").format(**ctx)

    # -- entries ------------------------------------------------------------
    def benefit(self, i: int, width: int) -> Benefit:
        r = self.rng
        cat = r.choice(CATEGORIES)[0]
        core = r.choice(BENEFIT_CORES[cat])
        region = self.region()
        groups = sorted(r.sample([g for g, _ in GROUPS], k=r.randint(1, 3)),
                        key=[g for g, _ in GROUPS].index)
        title = REGION_NAME[region] + core + r.choice(TITLE_SUFFIXES)
        dept = REGION_NAME[region] + (CATEGORY_DEPT[cat] if r.random() < 0.7 else r.choice(DEPT_SUFFIXES))
        ctx = self.sentence_ctx(region, groups, dept, core)
        summary = self.summary(ctx)

        paras = self.paragraphs(DETAIL_SENTENCES, ctx, r.randint(2, 3), 80, 110)
        roll = r.random()
        if roll < 0.25:
            items = r.choice(DETAIL_LISTS)
            paras.insert(1, "\n".join("- " + it for it in items))
        elif roll < 0.30:
            rows = r.sample(TABLE_ROWS, k=3)
            table = ["| 残疾等级 | 补助标准 |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows]
            paras.insert(1, "\n".join(table))
        details = "\n\n".join(paras) + "\n"

        steps = r.sample(CLAIM_STEPS, k=r.randint(3, 5))
        how = "\n".join(f"{k}. {s.format(**ctx)}。" for k, s in enumerate(steps, 1)) + "\n"

        b = Benefit(
            id=f"b{i:0{width}d}",
            title=title,
            category=cat,
            groups=groups,
            region=region,
            summary=summary,
            number=(i - 1) % 194 + 1,
            details=details,
            how_to_claim=how,
            documents=r.sample(DOCUMENTS, k=r.randint(1, 4)),
            department=dept,
            basis=r.choice(BASES) + ("第" + "一二三四五六七八九十"[r.randint(0, 9)] + "条" if r.random() < 0.5 else ""),
            contact=self.phone(),
            updated=self.reviewed(),
        )
        roll = r.random()
        if roll < 0.03:
            b.valid_from = "2019-01-01"
            b.valid_until = "2020-12-31"
        elif roll < 0.13:
            b.valid_from = self.date(2020, 2024)
        if r.random() < 0.3:
            b.tags = r.sample(TAGS, k=r.randint(1, 3))
        return b

    def partner(self, i: int, width: int) -> Partner:
        r = self.rng
        kind = r.choice(PARTNER_KINDS)[0]
        region = r.choice(COUNTY_IDS) if r.random() < 0.95 else CITY[0]
        rn = REGION_NAME[region]
        road = r.choice(ROADS)
        if kind == "scenic":
            name = r.choice(SCENIC_PREFIX) + r.choice(SCENIC_NAMES)
        elif kind == "medical":
            name = rn + r.choice(MEDICAL_NAMES)
        elif kind == "shop":
            name = f"{r.choice(SHOP_BRANDS)}{r.choice(SHOP_TYPES)}（{road}店）"
        elif kind == "transport":
            name = rn + r.choice(TRANSPORT_NAMES)
        else:
            name = f"{r.choice(FUEL_BRANDS)}{rn}{road}加油站"
        groups = None
        if r.random() < 0.3:
            groups = sorted(r.sample([g for g, _ in GROUPS], k=r.randint(1, 3)),
                            key=[g for g, _ in GROUPS].index)
        ctx = self.sentence_ctx(region, groups or ["veteran"], "", "")
        paras = self.paragraphs(PARTNER_SENTENCES, ctx, r.randint(1, 2), 40, 80)
        p = Partner(
            id=f"p{i:0{width}d}",
            name=name,
            kind=kind,
            region=region,
            offer=r.choice(OFFERS[kind]),
            groups=groups,
            requires_card=r.random() < 0.8,
            address=f"{rn}{road}{r.randint(1, 399)}号",
            phone=self.phone(),
            hours=r.choice(HOURS),
            lat=round(r.uniform(36.70, 38.10), 6),
            lon=round(r.uniform(112.30, 114.00), 6),
            details="\n\n".join(paras) + "\n",
            updated=self.reviewed(),
        )
        if r.random() < 0.03:
            p.valid_until = "2020-12-31"
        return p

    def notice(self, i: int, width: int) -> Notice:
        r = self.rng
        region = self.region()
        date = self.date(2022, 2025)
        topic = r.choice(NOTICE_TOPICS)
        title = r.choice(NOTICE_TITLE_TEMPLATES).format(y=date[:4], t=topic, r=REGION_NAME[region])
        groups = r.sample([g for g, _ in GROUPS], k=r.randint(1, 2))
        ctx = self.sentence_ctx(region, groups, "", "")
        summary = f"{REGION_NAME[region]}{topic}工作已经启动，请符合条件的{ctx['g']}及时关注办理时间和所需材料。"
        body = "\n\n".join(self.paragraphs(NOTICE_SENTENCES, ctx, 3, 70, 110)) + "\n"
        return Notice(
            id=f"n{i:0{width}d}",
            title=title,
            date=date,
            summary=summary,
            tags=r.sample(TAGS, k=r.randint(1, 3)),
            body=body,
        )

    def all(self):
        n = self.n
        nb = round(n * 0.6)
        np_ = round(n * 0.3)
        nn = n - nb - np_
        w = max(5, len(str(max(nb, np_, nn, 1))))
        benefits = [self.benefit(i, w) for i in range(1, nb + 1)]
        partners = [self.partner(i, w) for i in range(1, np_ + 1)]
        notices = [self.notice(i, w) for i in range(1, nn + 1)]
        return benefits, partners, notices


# ---------------------------------------------------------------------------
# youdai output


def site_yaml() -> str:
    out = [
        f"title: {SITE_TITLE}",
        f"base_url: {BASE_URL}",
        "language: zh-CN",
        "description: 军人军属、退役军人和其他优抚对象优待信息（基准测试用合成数据）",
        'contact: { phone: "0354-0000000", address: "晋中市榆次区迎宾街1号", hours: "工作日 9:00-17:00" }',
        "regions:",
        f"  - id: {CITY[0]}",
        f"    name: {CITY[1]}",
        "    children:",
    ]
    out += [f"      - {{ id: {cid}, name: {name} }}" for cid, name in COUNTIES]
    out.append("categories:")
    out += [f"  - {{ id: {cid}, name: {name} }}" for cid, name in CATEGORIES]
    out.append("groups:")
    out += [f"  - {{ id: {gid}, name: {q(name)} }}" for gid, name in GROUPS]
    out.append("partner_kinds:")
    out += [f"  - {{ id: {kid}, name: {name} }}" for kid, name in PARTNER_KINDS]
    return "\n".join(out) + "\n"


def benefit_yaml(b: Benefit) -> str:
    L = [
        f"- id: {b.id}",
        f"  number: {b.number}",
        f"  title: {q(b.title)}",
        f"  category: {b.category}",
        f"  groups: {flow_ids(b.groups)}",
        f"  region: {b.region}",
        f"  summary: {q(b.summary)}",
        f"  details: {block(b.details, 4)}",
        f"  how_to_claim: {block(b.how_to_claim, 4)}",
        "  documents:",
    ]
    L += [f"    - {q(d)}" for d in b.documents]
    L += [
        f"  department: {q(b.department)}",
        f"  basis: {q(b.basis)}",
        f"  contact: {q(b.contact)}",
    ]
    if b.valid_from:
        L.append(f"  valid_from: {b.valid_from}")
    if b.valid_until:
        L.append(f"  valid_until: {b.valid_until}")
    L.append(f"  updated: {b.updated}")
    if b.tags:
        L.append(f"  tags: {flow_strs(b.tags)}")
    return "\n".join(L) + "\n"


def partner_yaml(p: Partner) -> str:
    L = [
        f"- id: {p.id}",
        f"  name: {q(p.name)}",
        f"  kind: {p.kind}",
        f"  region: {p.region}",
        f"  offer: {q(p.offer)}",
    ]
    if p.groups:
        L.append(f"  groups: {flow_ids(p.groups)}")
    L += [
        f"  requires_card: {'true' if p.requires_card else 'false'}",
        f"  address: {q(p.address)}",
        f"  phone: {q(p.phone)}",
        f"  hours: {q(p.hours)}",
        f"  location: {{ lat: {p.lat:.6f}, lon: {p.lon:.6f} }}",
        f"  details: {block(p.details, 4)}",
    ]
    if p.valid_until:
        L.append(f"  valid_until: {p.valid_until}")
    L.append(f"  updated: {p.updated}")
    return "\n".join(L) + "\n"


def notice_md(n: Notice) -> str:
    return (
        "---\n"
        f"title: {q(n.title)}\n"
        f"date: {n.date}\n"
        f"summary: {q(n.summary)}\n"
        f"tags: {flow_strs(n.tags)}\n"
        "---\n\n" + n.body
    )


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def chunks(seq, size):
    for k in range(0, len(seq), size):
        yield k // size + 1, seq[k:k + size]


def write_youdai(root: str, benefits, partners, notices) -> None:
    c = os.path.join(root, "content")
    write(os.path.join(c, "site.yaml"), site_yaml())
    for k, chunk in chunks(benefits, 100):
        header = f"# 合成优待目录，第 {k} 批（gensite.py）\n"
        write(os.path.join(c, "benefits", f"catalog-{k:04d}.yaml"),
              header + "".join(benefit_yaml(b) for b in chunk))
    for k, chunk in chunks(partners, 100):
        write(os.path.join(c, "partners", f"partners-{k:04d}.yaml"),
              "".join(partner_yaml(p) for p in chunk))
    for n in notices:
        write(os.path.join(c, "notices", f"{n.id}.md"), notice_md(n))


# ---------------------------------------------------------------------------
# Hugo output


def hugo_regions(region: str) -> list[str]:
    # youdai's regions/<id> page lists what applies in a region, its parents' entries
    # included; tag city-wide entries with every county so Hugo's term pages match.
    return [region] + (COUNTY_IDS if region == CITY[0] else [])


HUGO_TOML = f'''baseURL = "{BASE_URL}"
languageCode = "zh-CN"
title = "{SITE_TITLE}"
paginate = 100
enableRobotsTXT = false
disableHugoGeneratorInject = true

[taxonomies]
category = "categories"
group = "groups"
region = "regions"

[outputs]
home = ["HTML", "JSON"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.goldmark.extensions]
table = true

[params]
description = "军人军属、退役军人和其他优抚对象优待信息（基准测试用合成数据）"
today = "2025-06-01"
'''

LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header>
<a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav>
<a href="{{ "benefits/" | relURL }}">优待项目</a>
<a href="{{ "partners/" | relURL }}">优待单位</a>
<a href="{{ "notices/" | relURL }}">通知公告</a>
{{ range site.Taxonomies.categories.ByCount }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
{{ end }}</nav>
<form action="{{ "search/" | relURL }}" method="get"><input type="search" name="q" placeholder="搜索优待"><button>搜索</button></form>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
{{- /* Pagefind indexes current entries only, as youdai's search does. */ -}}
{{ $current := true }}{{ with .Params.valid_until }}{{ if lt . site.Params.today }}{{ $current = false }}{{ end }}{{ end }}{{ with .Params.valid_from }}{{ if gt . site.Params.today }}{{ $current = false }}{{ end }}{{ end }}
<article{{ if $current }} data-pagefind-body{{ end }}>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Params.offer }}<p class="offer">{{ . }}</p>{{ end }}
<dl>
{{ with .GetTerms "categories" }}<dt>类别</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ with .GetTerms "groups" }}<dt>适用对象</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ with .Params.region }}{{ with site.GetPage (printf "/regions/%s" .) }}<dt>适用地区</dt><dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}{{ end }}
{{ with .Params.number }}<dt>目录序号</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.partner_kind }}<dt>类型</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.department }}<dt>责任单位</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.basis }}<dt>政策依据</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.contact }}<dt>联系方式</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.address }}<dt>地址</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.phone }}<dt>电话</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.hours }}<dt>营业时间</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.location }}<dt>位置</dt><dd>{{ .lat }}, {{ .lon }}</dd>{{ end }}
{{ if isset .Params "requires_card" }}<dt>需出示优待证</dt><dd>{{ if .Params.requires_card }}是{{ else }}否{{ end }}</dd>{{ end }}
{{ with .Params.valid_from }}<dt>生效日期</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.valid_until }}<dt>有效期至</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.updated }}<dt>更新日期</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.tags }}<dt>标签</dt><dd>{{ delimit . "、" }}</dd>{{ end }}
</dl>
{{ .Content }}
{{ with .Params.how_to_claim }}<h2>办理流程</h2>{{ . | markdownify }}{{ end }}
{{ with .Params.documents }}<h2>所需材料</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pag := .Paginate .Pages }}
<ul class="entries">
{{ range $pag.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}{{ with .Params.offer }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pag := .Paginate .Pages }}
<ul class="entries">
{{ range $pag.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}{{ with .Params.offer }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ site.Params.description }}</p>
<section><h2>优待类别</h2><ul>
{{ range site.Taxonomies.categories.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul></section>
<section><h2>我能享受什么？</h2><ul>
{{ range site.Taxonomies.groups.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>
{{ end }}</ul></section>
<section><h2>最新通知</h2><ul>
{{ range first 10 (where site.RegularPages "Section" "notices").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ul></section>
{{ end }}
""",
    "index.json": """{{- $entries := slice -}}
{{- range site.RegularPages -}}
{{- $entries = $entries | append (dict "section" .Section "url" .Permalink "title" .Title "params" .Params "raw" .RawContent) -}}
{{- end -}}
{{- dict "site" site.Title "entries" $entries | jsonify -}}
""",
    # Search with Pagefind's JavaScript API (`bench/search-pagefind.sh` indexes the built
    # site): search/?q=WORDS shows the first 10 results, as youdai's search page does.
    "search/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<form action="{{ "search/" | relURL }}" method="get"><input id="q" type="search" name="q"><button>搜索</button></form>
<p id="status" role="status"></p>
<ol id="results"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get("q") || "";
document.getElementById("q").value = q;
const status = document.getElementById("status"), list = document.getElementById("results");
if (q.trim()) {
  status.textContent = "正在搜索…";
  const pagefind = await import({{ "pagefind/pagefind.js" | relURL }});
  const search = await pagefind.search(q);
  const first = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  for (const d of first) {
    const li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
    a.href = d.url;
    a.textContent = d.meta.title;
    p.innerHTML = d.excerpt;
    li.append(a, p);
    list.append(li);
  }
  status.textContent = search.results.length ? `找到 ${search.results.length} 项结果` : `没有找到与“${q}”相关的结果`;
}
</script>
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>页面不存在</h1><p><a href="{{ "" | relURL }}">返回首页</a></p>{{ end }}
""",
}


def hugo_fm(lines: list[str], body: str) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def write_hugo(root: str, benefits, partners, notices) -> None:
    write(os.path.join(root, "hugo.toml"), HUGO_TOML)
    for name, text in LAYOUTS.items():
        write(os.path.join(root, "layouts", name), text)
    c = os.path.join(root, "content")
    write(os.path.join(c, "benefits", "_index.md"), hugo_fm(["title: 优待项目"], ""))
    write(os.path.join(c, "partners", "_index.md"), hugo_fm(["title: 优待单位"], ""))
    write(os.path.join(c, "notices", "_index.md"),
          hugo_fm(["title: 通知公告", "outputs: [HTML, RSS]"], ""))
    write(os.path.join(c, "search", "_index.md"), hugo_fm(["title: 搜索"], ""))
    for tax, vocab in (("categories", CATEGORIES), ("groups", GROUPS),
                       ("regions", [CITY] + COUNTIES)):
        for tid, name in vocab:
            write(os.path.join(c, tax, tid, "_index.md"), hugo_fm([f"title: {q(name)}"], ""))

    for b in benefits:
        L = [
            f"title: {q(b.title)}",
            f"categories: [{b.category}]",
            f"groups: {flow_ids(b.groups)}",
            f"regions: {flow_ids(hugo_regions(b.region))}",
            f"region: {b.region}",
            f"summary: {q(b.summary)}",
            f"number: {b.number}",
            f"how_to_claim: {block(b.how_to_claim, 2)}",
            f"documents: {flow_strs(b.documents)}",
            f"department: {q(b.department)}",
            f"basis: {q(b.basis)}",
            f"contact: {q(b.contact)}",
            f"updated: {q(b.updated)}",
            f"lastmod: {b.updated}",
        ]
        if b.valid_from:
            L.append(f"valid_from: {q(b.valid_from)}")
        if b.valid_until:
            L.append(f"valid_until: {q(b.valid_until)}")
        if b.tags:
            L.append(f"tags: {flow_strs(b.tags)}")
        write(os.path.join(c, "benefits", f"{b.id}.md"), hugo_fm(L, b.details))

    all_groups = [g for g, _ in GROUPS]
    for p in partners:
        L = [
            f"title: {q(p.name)}",
            f"partner_kind: {p.kind}",
            f"offer: {q(p.offer)}",
            f"groups: {flow_ids(p.groups or all_groups)}",
            f"regions: {flow_ids(hugo_regions(p.region))}",
            f"region: {p.region}",
            f"requires_card: {'true' if p.requires_card else 'false'}",
            f"address: {q(p.address)}",
            f"phone: {q(p.phone)}",
            f"hours: {q(p.hours)}",
            f"location: {{ lat: {p.lat:.6f}, lon: {p.lon:.6f} }}",
            f"updated: {q(p.updated)}",
            f"lastmod: {p.updated}",
        ]
        if p.valid_until:
            L.append(f"valid_until: {q(p.valid_until)}")
        write(os.path.join(c, "partners", f"{p.id}.md"), hugo_fm(L, p.details))

    for n in notices:
        L = [
            f"title: {q(n.title)}",
            f"date: {n.date}",
            f"summary: {q(n.summary)}",
            f"tags: {flow_strs(n.tags)}",
        ]
        write(os.path.join(c, "notices", f"{n.id}.md"), hugo_fm(L, n.body))


# ---------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of entries (60%% benefits, 30%% partners, 10%% notices)")
    ap.add_argument("outdir", help="site root to create; the Hugo site goes to OUTDIR-hugo")
    ap.add_argument("--no-hugo", action="store_true", help="do not write OUTDIR-hugo")
    ap.add_argument("--force", action="store_true",
                    help="replace OUTDIR/content and OUTDIR-hugo if they exist")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    outdir = args.outdir.rstrip("/") or "/"
    hugo_dir = outdir + "-hugo"
    targets = [os.path.join(outdir, "content")] + ([] if args.no_hugo else [hugo_dir])
    for t in targets:
        if os.path.exists(t):
            if not args.force:
                print(f"gensite: {t} exists (use --force to replace it)", file=sys.stderr)
                return 2
            shutil.rmtree(t)

    benefits, partners, notices = Gen(args.n).all()
    write_youdai(outdir, benefits, partners, notices)
    if not args.no_hugo:
        write_hugo(hugo_dir, benefits, partners, notices)
    print(f"gensite: {len(benefits)} benefits, {len(partners)} partners, {len(notices)} notices"
          f" -> {outdir}" + ("" if args.no_hugo else f" and {hugo_dir}"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
