"""Normalisation (Chinese and English), exact and fuzzy duplicates, payment terms."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from crmgov.domain.quality.normalise import differing, normalise_name, term_key
from crmgov.services.quality.check import check_and_save
from tests.unit.quality.helpers import mapping, write_csv

NOW = datetime(2026, 11, 23, 9, 30)


@pytest.mark.parametrize(("a", "b"), [
    ("上海市华信科技有限公司", "华信科技"),
    ("上海华信科技股份有限公司", "华信科技有限公司"),
    ("（上海）华信科技有限公司", "华信科技"),
    ("ＡＢＣ贸易有限公司", "abc贸易"),
    ("华信　科技 有限公司", "华信科技"),
    ("华信·科技（集团）有限公司", "华信科技集团"),
    ("Acme Co., Ltd.", "ACME"),
    ("  Acme   Company Limited ", "acme"),
    ("Acme, Inc.", "acme"),
])
def test_same_company_normalises_equal(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b) != ""


@pytest.mark.parametrize(("a", "b"), [
    ("华信科技有限公司", "华达科技有限公司"),
    ("Tesco", "Tes"),  # "co" is a legal form only as a word of its own
    ("北京华信科技", "北京华信电子"),
])
def test_different_companies_stay_different(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


def test_legal_form_alone_is_kept() -> None:
    assert normalise_name("有限公司") == "有限公司"
    assert normalise_name("") == "" and normalise_name(None) == ""


def test_payment_terms_in_substance() -> None:
    assert term_key("30", "from invoice date") == term_key("３０天", "发票日起") == (30, "invoice")
    assert term_key("30", "月结") == (30, "month_end")
    assert term_key("30", "月结") != term_key("60", "月结")
    assert term_key("", "月结") is None


def test_differing_characters_are_marked() -> None:
    a, b = differing("华信科技", "华达科技")
    assert a == [False, True, False, False] and b == [False, True, False, False]


def test_exact_then_fuzzy_pairs_blocked_by_city(tmp_path: Path) -> None:
    rows = [
        ["A1", "上海市华信科技有限公司", "上海"],
        ["A2", "华信科技股份有限公司", "上海"],  # exact after normalisation
        ["A3", "华信科技有限公司", "北京"],  # same name, other city: another company
        ["A4", "Northwind Precision Machinery", "上海"],
        ["A5", "Northwind Precision Machinary", "上海"],  # typo: flagged
        ["A6", "华信源科技有限公司", "上海"],  # a 2-character brand changed: another company
        ["A7", "恒泰达科技有限公司", "上海"],
        ["A8", "恒泰远达科技有限公司", "上海"],  # one character more in a longer brand: review
    ]
    write_csv(tmp_path / "accounts.csv", ["id", "name", "city"], rows)
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.csv"\nkey = "id"\n'
                      'duplicates = { field = "name", block = "city" }\n')
    (t,) = check_and_save(None, [tmp_path], None, NOW).tables
    pairs = {(p.a, p.b): (p.flagged, p.score) for p in t.pairs}
    assert pairs[("A1", "A2")] == (True, 100.0)
    assert pairs[("A4", "A5")][0] is True
    assert ("A1", "A6") not in pairs  # 华信 / 华信源: as often two companies as a typo
    assert pairs[("A7", "A8")][0] is False and 85 <= pairs[("A7", "A8")][1] < 92
    assert not any("A3" in key for key in pairs)
    assert t.exact_groups == 2  # Machinary is Machinery mistyped: one trade word
    assert t.duplicate_rows == 2  # A2 and A5 repeat earlier records; A6 awaits review


def test_payment_terms_identical_in_substance_are_duplicates(tmp_path: Path) -> None:
    rows = [["P1", "Net 30", "30", "from invoice date"],
            ["P2", "华东机械 30天", "30天", "发票日起"],
            ["P3", "苏州精工 30 days", "30", "invoice"],
            ["P4", "Month end 30", "30", "month end"]]
    write_csv(tmp_path / "terms.csv", ["id", "name", "days", "basis"], rows)
    mapping(tmp_path, '[tables.terms]\nfile = "terms.csv"\nclass = "master"\nkey = "id"\n'
                      'owner = "name"\nterms = { days = "days", basis = "basis" }\n')
    (t,) = check_and_save(None, [tmp_path], None, NOW).tables
    assert (t.exact_groups, t.duplicate_rows) == (1, 2)
    assert {(p.a, p.b) for p in t.pairs} == {("P1", "P2"), ("P1", "P3")}
