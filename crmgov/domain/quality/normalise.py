"""Normalising names before duplicates are compared (Chinese and English company names).

Two records are exact duplicates when their normalised names are equal: full-width and
half-width forms, case, spaces, punctuation, legal-form suffixes (有限公司, 股份有限公司,
Co., Ltd.) and city prefixes (上海市, 北京) do not make two companies different.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

#: Every prefecture-level city of China (and the four municipalities, Hong Kong, Macau),
#: by province, as they prefix company names (with or without 市).
CITIES = tuple("""
北京 天津 上海 重庆 香港 澳门
石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水
太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁
呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布
沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛
长春 吉林 四平 辽源 通化 白山 松原 白城 延边
哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化
南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁
杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水
合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城
福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德
南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶
济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽
郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口
驻马店 济源
武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门
长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底
广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞
中山 潮州 揭阳 云浮
南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左
海口 三亚 三沙 儋州
成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中
资阳
贵阳 六盘水 遵义 安顺 毕节 铜仁
昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 大理 楚雄
拉萨 日喀则 昌都 林芝 山南 那曲
西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛
兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南
西宁 海东
银川 石嘴山 吴忠 固原 中卫
乌鲁木齐 克拉玛依 吐鲁番 哈密
""".split())
#: Provinces and regions, which prefix company names as often as cities do (江苏恒泰…).
PROVINCES = tuple("""
河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川
贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆
""".split())
#: Legal forms, longest first so 股份有限公司 goes before 有限公司.
CN_SUFFIXES = ("集团股份有限公司", "集团有限责任公司", "股份有限公司", "有限责任公司",
               "集团有限公司", "股份公司", "有限公司", "集团", "公司")
EN_SUFFIXES = ("co", "co.", "ltd", "ltd.", "limited", "inc", "inc.", "incorporated", "llc",
               "llp", "corp", "corp.", "corporation", "company", "gmbh", "plc", "pte", "pty",
               "group")
#: Industry words written two ways for one business: each maps to one form (zh: the
#: longer first, so 信息技术 is read before 技术).
CN_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("投资管理", "投资"), ("技术", "科技"), ("商贸", "贸易"), ("经贸", "贸易"), ("顾问", "咨询"),
    ("建筑", "建设"), ("药业", "医药"), ("服装", "服饰"), ("环境", "环保"), ("电气", "电器"),
    ("装备", "设备"), ("进出口", "贸易"),
)
EN_SYNONYMS: dict[str, str] = {
    "technology": "tech", "technologies": "tech", "technological": "tech",
    "trading": "trade", "traders": "trade", "machinery": "machine", "machines": "machine",
    "electronics": "electronic", "manufacturing": "mfg", "manufacture": "mfg",
    "manufacturer": "mfg", "international": "intl", "int'l": "intl", "industries": "industry",
    "industrial": "industry", "consulting": "consult", "consultancy": "consult",
    "consultants": "consult", "consultant": "consult", "services": "service",
    "systems": "system", "solutions": "solution", "engineers": "engineering",
    "holdings": "holding", "enterprises": "enterprise", "products": "product",
    "logistic": "logistics", "and": "", "the": "",
}

#: How the larger cities are written in English names ("Shanghai Golden Harbor Ltd.").
EN_CITIES = ("beijing", "shanghai", "tianjin", "chongqing", "guangzhou", "shenzhen",
             "hangzhou", "nanjing", "suzhou", "wuxi", "changzhou", "ningbo", "wenzhou",
             "chengdu", "wuhan", "xian", "xi'an", "changsha", "zhengzhou", "qingdao", "jinan",
             "xiamen", "fuzhou", "hefei", "dalian", "shenyang", "harbin", "changchun",
             "kunming", "nanning", "dongguan", "foshan", "shijiazhuang", "taiyuan",
             "nanchang", "guiyang", "lanzhou", "urumqi", "hongkong", "macau", "macao",
             "zhuhai", "shantou", "yantai", "weifang", "tangshan", "nantong", "shaoxing",
             "jiaxing", "taizhou", "jinhua", "huizhou", "zhongshan", "quanzhou", "xuzhou",
             "yangzhou", "zhenjiang", "haikou", "sanya", "hohhot", "yinchuan", "xining",
             "lhasa")
#: Trades as company names end with them (after the synonyms above): what is left before
#: them is the brand (字号), the part that tells two companies of one trade apart.
TRADES = tuple(sorted(set("""
科技 贸易 机械 电子 制造 实业 咨询 物流 建设 医药 服饰 环保 电器 设备 食品 化工 包装 广告 软件
信息 网络 材料 新材料 精密 配件 汽车 家具 印务 文化 传媒 能源 纺织 投资 管理 餐饮 工程 工贸 商务
发展 控股 生物 农业 电力 光电 通信 智能 自动化 机电 五金 塑料 橡胶 玻璃 陶瓷 钢铁 金属 矿业 建材
装饰 房地产 置业 物业 酒店 旅游 教育 培训 健康 医疗 器械 仪器 仪表 照明 模具 钢结构 新能源 环境
tech trade machine electronic mfg consult logistics engineering service system solution
industry food foods chemical chemicals packaging software textile textiles energy intl
""".split()), key=len, reverse=True))

_EN_SUFFIX_SET, _EN_CITY_SET = frozenset(EN_SUFFIXES), frozenset(EN_CITIES)
_EN_LONG_WORDS = [w for w in EN_SYNONYMS if len(w) >= 6]
_TRADE_END = re.compile("^(.+?)((?:" + "|".join(map(re.escape, TRADES)) + ")+)$", re.DOTALL)
_PLACES = sorted(CITIES + PROVINCES, key=len, reverse=True)
#: The first characters of every place _CITY_PREFIX may match (it is tried only then).
_PLACE_FIRST = frozenset(p[0] for p in (*_PLACES, *PROVINCES))
_CITY_PREFIX = re.compile("^(?:(?:" + "|".join(PROVINCES) + ")(?:省|自治区)?)?(?:(?:"
                          + "|".join(_PLACES) + ")(?:市|省|自治区)?)")
_CITY_PAREN = re.compile(r"\(\W*(?:" + "|".join(_PLACES) + r")(?:市|省|自治区)?\W*\)")
_PAREN = re.compile(r"\(([^()]{2,4})\)")
_NOT_WORD = re.compile(r"[\W_]+")
_WORDS = re.compile(r"[\s,]+")
#: English legal forms a mistyped last word is compared with (three letters or more).
_EN_LONG_SUFFIXES = tuple(s for s in EN_SUFFIXES if len(s) >= 3)


@lru_cache(maxsize=4096)
def place_key(city: str | None) -> str:
    """The comparable form of a city column ("上海市", " 上海", "Shanghai" → one block)."""
    text = _NOT_WORD.sub("", unicodedata.normalize("NFKC", city or "").casefold())
    return text[:-1] if len(text) > 2 and text.endswith("市") else text


def _near(a: str, b: str) -> bool:
    """At most one edit apart (a swap of neighbours is one)."""
    if abs(len(a) - len(b)) > 1:
        return False
    global _osa
    if _osa is None:
        from rapidfuzz.distance.OSA import distance  # C speed; off the TUI startup path

        _osa = distance
    return bool(_osa(a, b, score_cutoff=1) <= 1)


_osa: Callable[..., int] | None = None

#: The shortcuts below skip a step only where it cannot change the name (an ASCII name
#: holds no Chinese city, legal form or synonym; no city starts with its first character):
#: 100k "Company N" names took 1.35 s, now ~0.6 s. tests/unit/quality/test_speed_paths
#: turns them off to compare.
_FAST = True


#: The characters of the long legal forms: a name whose end holds fewer than two of them
#: cannot end in a mistyped one (spares the edit distance for most names).
_LONG_FORMS = tuple(s for s in CN_SUFFIXES if len(s) >= 4)
_FORM_CHARS = frozenset("".join(_LONG_FORMS))
_LONG_FORM = re.compile("(?:" + "|".join(_LONG_FORMS) + ")$")
_SHORT_FORM = re.compile("(?:" + "|".join(s for s in CN_SUFFIXES if len(s) < 4) + ")$")


def _strip_suffix(text: str) -> str:
    """Drop legal forms from the end, longest first; one mistyped character in a form of
    four or more (有限公可, 有公限司, 有限司, 有限责任中司) still marks it as one. A bare legal
    form stays, and so do two characters of name at least."""
    if _FAST and _FORM_CHARS.isdisjoint(text[-5:]):
        # Every form ends in 司 or 团, a mistyped one needs two of its characters there.
        return text
    while text not in CN_SUFFIXES:
        # Exact long forms, then mistyped long forms, then the short ones (公司, 集团):
        # 有限责公司 must go whole, not leave 有限责 behind 公司.
        m = _LONG_FORM.search(text, 1)
        cut = len(m.group(0)) if m else 0
        if not cut and sum(map(_FORM_CHARS.__contains__, text[-5:])) >= 2:
            cut = next((size for suffix in _LONG_FORMS
                        for size in (len(suffix), len(suffix) + 1, len(suffix) - 1)
                        if len(text) >= size + 2 and _near(text[-size:], suffix)), 0)
        if not cut and (m := _SHORT_FORM.search(text, 1)):
            cut = len(m.group(0))
        if not cut:
            break
        text = text[:-cut]
    return text


def _strip_place(text: str, place: str) -> str:
    """Drop the record's own city from the front of its name, also when mistyped by one
    character: 同大 (大同 swapped), 天雅门 (天门 with one more), 马鞍 (马鞍山 short of one);
    two characters or more of name stay."""
    if _FAST and text.isascii() and place.isascii():
        # An ASCII name holds no 市, an ASCII city is not looked for mistyped.
        return text[len(place):] if text.startswith(place) and len(
            text) >= len(place) + 2 else text
    for prefix in (place + "市", place):
        if text.startswith(prefix) and len(text) >= len(prefix) + 2:
            return text[len(prefix):]
    if not place or place.isascii() or not set(text[:len(place) + 2]) & set(place):
        return text
    sizes = [len(place) + 1, len(place) + 2] + ([len(place), len(place) - 1]
                                                if len(place) >= 3 else [len(place)])
    for size in sizes:
        head = text[:size]
        if len(text) < size + 3:
            continue
        # A two-character city only swapped or with one character more: 上华 for 上海 would
        # be another brand as often as a typo.
        for target in (place + "市", place):
            if (size == len(place) == 2 and sorted(head) != sorted(place)
                    and not (len(target) == 3 and head[1] == "市")):
                continue  # 上华 for 上海: another brand as often as a typo (上市 is not)
            if head != target and _near(head, target):
                return text[size:]
    return text


@lru_cache(maxsize=4096)
def _en_synonym(word: str) -> str:
    """The one form of an English trade word, also when mistyped by one letter
    (Machinary → machine); other words as they are."""
    if word in EN_SYNONYMS:
        return EN_SYNONYMS[word]
    if len(word) >= 6 and word.isascii():
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        hit = process.extractOne(word, _EN_LONG_WORDS, scorer=OSA.distance, score_cutoff=1)
        if hit is not None:
            return EN_SYNONYMS[hit[0]]
    return word


@lru_cache(maxsize=65536)
def split_trade(core: str) -> tuple[str, str]:
    """(brand, trade) of a normalised name: 华信科技 → (华信, 科技), 华信网络科技 →
    (华信, 网络科技); no known trade: (core, "")."""
    m = _TRADE_END.match(core)
    return (m.group(1), m.group(2)) if m else (core, "")


def normalise_name(name: str | None, city: str | None = None) -> str:
    """The comparable form of a company or person name; "" for a blank one.

    `city` is the record's own city (the block column): a name prefixed with it ("Shanghai
    Golden Harbor", "昆山恒泰") is the same company without it.
    """
    if not name:
        return ""
    # NFKC folds full-width letters, digits and brackets to half width.
    ascii_name = _FAST and name.isascii()
    # NFKC leaves ASCII as it is.
    text = (name if ascii_name else unicodedata.normalize("NFKC", name)).casefold().strip()
    if "(" in text and not ascii_name:  # the bracketed places are all Chinese
        text = _CITY_PAREN.sub("", text)
    # ASCII: str.split reads the same whitespace as \s (checked over every ASCII pair).
    words = (text.replace(",", " ").split() if ascii_name
             else [w for w in _WORDS.split(text) if w])
    while len(words) > 1 and (words[-1] in _EN_SUFFIX_SET or len(words) > 2 and len(
            words[-1]) >= 3 and any(_near(words[-1], s) for s in _EN_LONG_SUFFIXES)):
        words.pop()  # English legal forms only as whole words: "tesco" keeps its "co"
    if len(words) > 1:
        # Words too short for a mistyped synonym need no cache (100k "Company N" missed it).
        words[1:] = [_en_synonym(s) if len(s := w.strip(".&()")) >= 6
                     else EN_SYNONYMS.get(s, s) for w in words[1:]]
    if len(words) > 2 and words[0].strip(".") in _EN_CITY_SET:
        words = words[1:]
    text = "".join(words)
    place = place_key(city)
    if place and "(" in text:
        # A mistyped city in brackets: 华信(岳智)科技 in 岳阳.
        text = _PAREN.sub(lambda m: "" if _near(_NOT_WORD.sub("", m.group(1)).removesuffix(
            "市"), place) else m.group(0), text)
    if not (ascii_name and text.isalnum()):  # ASCII letters and digits: nothing to drop
        text = _NOT_WORD.sub("", text)
    if place:
        text = _strip_place(text, place)
    if (not _FAST or text[:1] in _PLACE_FIRST) and (m := _CITY_PREFIX.match(text)) \
            and m.end() < len(text):
        text = text[m.end():]
    if ascii_name and text.isascii():
        # The legal forms (_strip_suffix) and the synonyms are Chinese.
        return _strip_suffix(text) if not _FAST else text
    text = _strip_suffix(text)
    for word, canonical in CN_SYNONYMS:
        if word in text:
            text = text.replace(word, canonical)
    return text


#: What payment-term days count from, by the words used for it (en and zh).
BASIS_WORDS: dict[str, tuple[str, ...]] = {
    "invoice": ("invoice", "inv", "发票", "开票"),
    "month_end": ("monthend", "eom", "月结", "月底", "月末"),
    "delivery": ("delivery", "shipment", "发货", "到货", "交货"),
    "order": ("order", "下单", "订单"),
}


def term_key(days: str | None, basis: str | None) -> tuple[int, str] | None:
    """The substance of a payment term: (days, basis); None when the days are not a number.

    "Net 30 from invoice" for one customer and "30天发票日" for another are one term.
    """
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", days or ""))
    if not digits:
        return None
    compact = _NOT_WORD.sub("", unicodedata.normalize("NFKC", basis or "").casefold())
    for name, words in BASIS_WORDS.items():
        if any(w in compact for w in words):
            return int(digits), name
    return int(digits), compact


def differing(a: str, b: str) -> tuple[list[bool], list[bool]]:
    """Which characters of `a` and of `b` differ from the other (for the side-by-side view)."""
    from difflib import SequenceMatcher

    marks_a, marks_b = [True] * len(a), [True] * len(b)
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for i in range(block.size):
            marks_a[block.a + i] = False
            marks_b[block.b + i] = False
    return marks_a, marks_b
