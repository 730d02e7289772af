"""Normalising names before duplicates are compared (Chinese and English company names).

Two records are exact duplicates when their normalised names are equal: full-width and
half-width forms, case, spaces, punctuation, legal-form suffixes (有限公司, 股份有限公司,
Co., Ltd.) and city prefixes (上海市, 北京) do not make two companies different.
"""

from __future__ import annotations

import re
import unicodedata

#: Cities whose name commonly prefixes a company name (with or without 市).
CITIES = (
    "北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉",
    "西安", "长沙", "郑州", "青岛", "宁波", "厦门", "无锡", "合肥", "福州", "济南", "大连",
    "沈阳", "哈尔滨", "长春", "昆明", "南宁", "东莞", "佛山", "石家庄", "太原", "南昌",
)
#: Legal forms, longest first so 股份有限公司 goes before 有限公司.
CN_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团", "公司")
EN_SUFFIXES = ("co", "co.", "ltd", "ltd.", "limited", "inc", "inc.", "llc", "corp", "corp.",
               "corporation", "company", "gmbh", "plc")

_CITY_PREFIX = re.compile("^(?:" + "|".join(CITIES) + ")市?")
_CITY_PAREN = re.compile(r"\((?:" + "|".join(CITIES) + r")市?\)")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str | None) -> str:
    """The comparable form of a company or person name; "" for a blank one."""
    if not name:
        return ""
    # NFKC folds full-width letters, digits and brackets to half width.
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _CITY_PAREN.sub("", text)
    words = [w for w in re.split(r"[\s,]+", text) if w]
    while len(words) > 1 and words[-1] in EN_SUFFIXES:
        words.pop()  # English legal forms only as whole words: "tesco" keeps its "co"
    text = _NOT_WORD.sub("", "".join(words))
    text = _CITY_PREFIX.sub("", text, count=1)
    stripped = True
    while stripped and text not in CN_SUFFIXES:  # a bare legal form stays as it is
        stripped = False
        for suffix in CN_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                stripped = True
                break
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
