"""Duplicate accounts: recall and precision against a generator with exact truth, and time.

    .venv/bin/python -m benchmarks.bench_duplicates [--accounts 100000] [--share 0.05]

The generator writes accounts as a Chinese CRM holds them (80 % Chinese names, 20 %
English): [province][city][市] + brand (2–4 characters) + industry + legal form, in ~300
cities of very uneven size (Zipf: the largest holds ~15 %). Every base company is distinct
(no two equal after normalisation in one city; near-equal ones are left, as real data has
them: they are what precision measures). A share of the bases get one seeded duplicate,
written with one or two of the usual variants: another legal form, spacing/punctuation,
the city added/dropped/bracketed, a one-character typo anywhere in the name (substitution,
deletion, insertion or swap), an industry synonym (技术/科技, Trading/Trade).

The truth is exact: the seeded pairs. Recall = seeded pairs found (flagged or for review);
precision = found pairs that are seeded. Both are also printed for flagged pairs alone, and
the duplicate rows counted against the seeded ones. The machine may be loaded: CPU time is
printed beside wall time.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass

from crmgov.domain.quality.normalise import CITIES, normalise_name, place_key

BRAND = ("华信达通恒泰盛宏安嘉瑞丰源鑫隆祥德诚远博创新联合金银光明天海永昌兴旺福顺利和润美佳"
         "康乐华中国际东方南北星辰阳光蓝绿红宇航凯越腾飞豪威力强汇聚宝鼎立峰岳川江河湖山林"
         "森松柏竹梅兰菊青云风雷电雨雪冰晶玉石钢铁铜锦绣文化艺术百千万亿众益友邦同舟春秋"
         "冠亚君豪帝皇龙凤麒麟鹏鹰虎狮骏驰易捷迅速精准优品尚雅正大方圆满中天华夏神州环球"
         "志诚信义仁智勇毅恒远卓越非凡超群领先前沿开拓进取科睿思维智慧灵动奇妙")
INDUSTRIES = ("科技", "技术", "贸易", "商贸", "机械", "电子", "制造", "实业", "咨询", "顾问",
              "物流", "建设", "建筑", "医药", "药业", "服饰", "服装", "环保", "环境", "电器",
              "电气", "设备", "装备", "食品", "化工", "包装", "广告", "软件", "信息技术",
              "网络科技", "新材料", "精密机械", "汽车配件", "家具", "印务", "投资管理", "餐饮管理",
              "文化传媒", "能源", "纺织")
CN_FORMS = ("有限公司", "有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司",
            "集团有限公司", "")
EN_CITIES = {"上海": "Shanghai", "北京": "Beijing", "深圳": "Shenzhen", "广州": "Guangzhou",
             "苏州": "Suzhou", "杭州": "Hangzhou", "南京": "Nanjing", "成都": "Chengdu",
             "武汉": "Wuhan", "天津": "Tianjin", "宁波": "Ningbo", "常州": "Changzhou"}
SYLLABLES = ("ka", "lo", "ri", "vex", "ta", "mon", "sul", "de", "bri", "zan", "por", "el",
             "qui", "nor", "ast", "gu", "fen", "wy", "mar", "op", "tiv", "cor", "hal", "sen",
             "dra", "mi", "ko", "len", "tra", "vo", "bel", "rin", "sta", "gal", "fi", "um")
EN_INDUSTRIES = ("Technology", "Technologies", "Tech", "Trading", "Trade", "Machinery",
                 "Electronics", "Manufacturing", "Consulting", "Logistics", "Engineering",
                 "Services", "Systems", "Solutions", "Industries", "Industrial", "Foods",
                 "Chemicals", "Packaging", "Software", "Textiles", "Energy")
EN_SYN = {"Technology": "Technologies", "Technologies": "Tech", "Tech": "Technology",
          "Trading": "Trade", "Trade": "Trading", "Industries": "Industrial",
          "Industrial": "Industries", "Services": "Service", "Systems": "System",
          "Solutions": "Solution", "Consulting": "Consultancy", "Machinery": "Machines",
          "Electronics": "Electronic", "Manufacturing": "Mfg"}
CN_SYN = {"科技": "技术", "技术": "科技", "贸易": "商贸", "商贸": "贸易", "咨询": "顾问",
          "顾问": "咨询", "建设": "建筑", "建筑": "建设", "医药": "药业", "药业": "医药",
          "服饰": "服装", "服装": "服饰", "环保": "环境", "环境": "环保", "电器": "电气",
          "电气": "电器", "设备": "装备", "装备": "设备", "信息技术": "信息科技",
          "网络科技": "网络技术", "投资管理": "投资"}
EN_FORMS = ("Co., Ltd.", "Ltd.", "Limited", "Inc.", "Corporation", "Co. Ltd", "")
VARIANTS = ("suffix", "spacing", "city", "typo", "synonym")


@dataclass
class Company:
    """One generated account (its parts, so a variant can change one of them)."""

    city: str
    brand: str
    industry: str
    form: str
    prefix: str
    """How the city is written in the name: "", "上海", "上海市", "(上海)"."""
    english: bool

    def name(self) -> str:
        if self.english:
            head = f"{self.prefix} " if self.prefix else ""
            tail = f" {self.form}" if self.form else ""
            return f"{head}{self.brand} {self.industry}{tail}"
        if self.prefix.startswith("("):
            return f"{self.brand}{self.prefix}{self.industry}{self.form}"
        return f"{self.prefix}{self.brand}{self.industry}{self.form}"


def _city_weights(rng: random.Random) -> tuple[list[str], list[float]]:
    cities = list(CITIES[:4]) + rng.sample(list(CITIES[6:]), 296)
    return cities, [1 / (k + 1) for k in range(len(cities))]


def _base(rng: random.Random, city: str) -> Company:
    if rng.random() < 0.2:
        words = rng.choice((1, 1, 2))
        brand = " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3))))
                         .capitalize() for _ in range(words))
        prefix = EN_CITIES.get(city, "") if rng.random() < 0.3 else ""
        return Company(city, brand, rng.choice(EN_INDUSTRIES), rng.choice(EN_FORMS), prefix,
                       True)
    size = rng.choices((2, 3, 4), (0.6, 0.3, 0.1))[0]
    brand = "".join(rng.choice(BRAND) for _ in range(size))
    prefix = rng.choices(("", city, city + "市", f"({city})"), (0.25, 0.35, 0.3, 0.1))[0]
    return Company(city, brand, rng.choice(INDUSTRIES), rng.choice(CN_FORMS), prefix, False)


def _typo(rng: random.Random, name: str, english: bool) -> str:
    spots = [i for i, c in enumerate(name) if not c.isspace() and c not in "().,"]
    p = rng.choice(spots[:-1])
    pool = "abcdefghijklmnopqrstuvwxyz" if english else BRAND
    kind = rng.choice(("sub", "del", "ins", "swap"))
    if kind == "sub":
        return name[:p] + rng.choice([c for c in pool if c != name[p].lower()]) + name[p + 1:]
    if kind == "del":
        return name[:p] + name[p + 1:]
    if kind == "ins":
        return name[:p] + rng.choice(pool) + name[p:]
    q = p + 1
    return name[:p] + name[q] + name[p] + name[q + 1:] if name[q] != name[p] else \
        name[:p] + name[p + 1:]


def _variant(rng: random.Random, base: Company) -> str:
    v = Company(**base.__dict__)
    kinds = rng.sample(VARIANTS, rng.choice((1, 1, 2)))
    if "suffix" in kinds:
        forms = EN_FORMS if v.english else CN_FORMS
        v.form = rng.choice([f for f in forms if f != v.form])
    if "city" in kinds:
        if v.english:
            v.prefix = "" if v.prefix else EN_CITIES.get(v.city, "")
        else:
            v.prefix = rng.choice([p for p in ("", v.city, v.city + "市", f"({v.city})")
                                   if p != v.prefix])
    if "synonym" in kinds:
        table = EN_SYN if v.english else CN_SYN
        if v.industry in table:
            v.industry = table[v.industry]
        else:
            kinds.append("typo")
    name = v.name()
    if "spacing" in kinds:
        if v.english:
            name = name.replace(" ", "  ", 1).replace(".", "", 1) if rng.random() < 0.5 \
                else name.upper()
        else:
            cut = len(v.prefix) + len(v.brand) if not v.prefix.startswith("(") else len(v.brand)
            name = name[:cut] + rng.choice((" ", "·", "　")) + name[cut:]
            name = name.replace("(", "（").replace(")", "）")
    if "typo" in kinds:
        name = _typo(rng, name, v.english)
    if name == base.name():
        name = _typo(rng, name, v.english)
    return name


def generate(accounts: int, share: float = 0.05, seed: int = 22) -> tuple[
        list[tuple[str, str, str]], set[tuple[str, str]]]:
    """(id, name, city) rows and the seeded duplicate pairs (ids, in either order)."""
    rng = random.Random(seed)
    cities, weights = _city_weights(rng)
    seeded = int(accounts * share)
    rows: list[tuple[str, str, str]] = []
    companies: list[Company] = []
    seen: set[tuple[str, str]] = set()
    while len(rows) < accounts - seeded:
        city = rng.choices(cities, weights)[0]
        c = _base(rng, city)
        key = (place_key(city), normalise_name(c.name(), city))
        if key in seen:
            continue  # distinct companies only: the truth must be exact
        seen.add(key)
        companies.append(c)
        rows.append((f"A{len(rows) + 1}", c.name(), city))
    truth: set[tuple[str, str]] = set()
    for k, j in enumerate(rng.sample(range(len(companies)), seeded)):
        c = companies[j]
        ident = f"D{k + 1}"
        name = _variant(rng, c)
        while (place_key(c.city), normalise_name(name, c.city)) in seen - {
                (place_key(c.city), normalise_name(c.name(), c.city))}:
            name = _variant(rng, c)  # a variant that is another company's name: not seeded
        rows.append((ident, name, c.city))
        truth.add((rows[j][0], ident))
    rng.shuffle(rows)
    return rows, truth


@dataclass
class Score:
    recall: float
    precision: float
    flagged_recall: float
    flagged_precision: float
    pairs: int
    flagged: int
    duplicate_rows: int
    seconds: float
    cpu: float


def measure(rows: list[tuple[str, str, str]], truth: set[tuple[str, str]]) -> Score:
    """Run the duplicate pass on the rows and score it against the truth."""
    import polars as pl

    from crmgov.domain.quality.mapping import DuplicateRule
    from crmgov.services.quality.duplicates import find_duplicates

    frame = pl.DataFrame(rows, schema=["id", "name", "city"], orient="row")
    started, cpu = time.perf_counter(), time.process_time()
    found = find_duplicates(frame, "id", DuplicateRule(field="name", block="city"), None, {})
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    both = truth | {(b, a) for a, b in truth}
    hits = [p for p in found.pairs if (p.a, p.b) in both]
    flagged = [p for p in found.pairs if p.flagged]
    flag_hits = [p for p in flagged if (p.a, p.b) in both]
    return Score(
        recall=len(hits) / len(truth), precision=len(hits) / max(1, len(found.pairs)),
        flagged_recall=len(flag_hits) / len(truth),
        flagged_precision=len(flag_hits) / max(1, len(flagged)),
        pairs=len(found.pairs), flagged=len(flagged),
        duplicate_rows=len(found.duplicate_rows), seconds=took, cpu=cpu)


def main() -> None:
    import os

    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    print(f"load average {' '.join(f'{v:.1f}' for v in os.getloadavg())} on "
          f"{os.cpu_count()} cores")
    rows, truth = generate(args.accounts, args.share, args.seed)
    s = measure(rows, truth)
    print(f"{args.accounts:,} accounts, {len(truth):,} seeded pairs: "
          f"recall {s.recall:.1%}, precision {s.precision:.1%} (flagged and review, "
          f"{s.pairs:,} pairs); flagged alone: recall {s.flagged_recall:.1%}, precision "
          f"{s.flagged_precision:.1%} ({s.flagged:,} pairs, {s.duplicate_rows:,} duplicate "
          f"rows); {s.seconds:.2f} s wall, {s.cpu:.2f} s CPU (goal: recall ≥ 90 %, precision "
          "≥ 95 %)")


if __name__ == "__main__":
    main()
