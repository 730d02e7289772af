"""Duplicates against a generator with exact truth (benchmarks/bench_duplicates.py, small),
and the pair cap that never drops a flagged pair (issue 22 items 11 and 12)."""

from __future__ import annotations

import pytest

from benchmarks.bench_duplicates import generate, measure
from crmgov.domain.quality.normalise import CITIES, normalise_name


def test_seeded_duplicates_are_found_with_few_false_pairs() -> None:
    rows, truth = generate(4000, share=0.1, seed=5)
    score = measure(rows, truth)
    assert score.recall >= 0.90 and score.precision >= 0.95, score
    assert score.flagged_precision >= 0.98, score


@pytest.mark.parametrize(("a", "b", "city"), [
    ("常州市恒泰精密机械有限公司", "恒泰精密机械", ""),  # a city the list lacked
    ("江苏省常州恒泰机械有限公司", "恒泰机械有限公司", ""),  # province and city
    ("华信技术有限公司", "华信科技", ""),  # industry synonym
    ("华信科技有公限司", "华信科技有限公司", ""),  # legal form mistyped
    ("同大恒帝印务有限公司", "恒帝印务", "大同"),  # the record's own city mistyped
    ("Shanghai Golden Harbor Trading Co., Ltd.", "Golden Harbor Trade", "上海"),
    ("Golden Harbor Technologies Ltd", "golden harbor tech", ""),
])
def test_variants_normalise_equal(a: str, b: str, city: str) -> None:
    assert normalise_name(a, city) == normalise_name(b, city) != ""


def test_the_city_list_holds_every_prefecture_level_city() -> None:
    assert len(CITIES) >= 290 and {"常州", "镇江", "绍兴", "宜宾", "赣州"} <= set(CITIES)


def test_flagged_pairs_are_never_dropped_by_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import polars as pl

    from crmgov.domain.quality.mapping import DuplicateRule
    from crmgov.services.quality import duplicates

    monkeypatch.setattr(duplicates, "MAX_PAIRS", 3)
    # Review pairs first in block order (block "A"), then four exact duplicates (block "B").
    review = [("R1", "恒泰达科技有限公司", "A"), ("R2", "恒泰远达科技有限公司", "A"),
              ("R3", "华光明达贸易有限公司", "A"), ("R4", "华光明远达贸易有限公司", "A"),
              ("R5", "金银光明天海电子", "A"), ("R6", "金银光明天海洋电子", "A"),
              ("R7", "永昌兴旺福顺利化工", "A"), ("R8", "永昌兴旺福顺化工", "A")]
    exact = [(f"E{i}", f"星辰阳光{i}号物流有限公司", "B") for i in range(4)]
    exact += [(f"F{i}", f"星辰阳光{i}号物流", "B") for i in range(4)]
    frame = pl.DataFrame(review + exact, schema=["id", "name", "city"], orient="row")
    rule = DuplicateRule(field="name", block="city", high=99)  # only exact ones flagged
    monkeypatch.setattr(duplicates, "MAX_PAIRS", 10**6)
    every = duplicates.find_duplicates(frame, "id", rule, None, {})
    monkeypatch.setattr(duplicates, "MAX_PAIRS", 3)
    found = duplicates.find_duplicates(frame, "id", rule, None, {})
    flagged = [p for p in found.pairs if p.flagged]
    kept = [p for p in found.pairs if not p.flagged]
    assert len(flagged) == 4 == len(found.duplicate_rows)  # all of them, after the review
    assert len([p for p in every.pairs if not p.flagged]) > 3
    best = sorted((p for p in every.pairs if not p.flagged), key=lambda p: -p.score)[:3]
    assert [(p.a, p.b, p.score) for p in kept] == [(p.a, p.b, p.score) for p in best]
