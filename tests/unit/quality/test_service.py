"""Runs saved as snapshots of results, the dashboard's measurements, data issues that
recur, remembered duplicate decisions, the merge list, the starter mapping, the report."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from crmgov.services.issues.log import close_issue, get_issue
from crmgov.services.quality.check import check_and_save, runs
from crmgov.services.quality.issues import QualityError, open_check_issue
from crmgov.services.quality.review import decide, export_merge_list, review_pairs
from crmgov.services.quality.starter import guess_mapping, init_mapping
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from tests.unit.quality.helpers import accounts_with_bad_phones, mapping, write_csv

NOW = datetime(2026, 11, 23, 9, 30)


def test_a_run_saves_results_never_rows(empty_store: ProjectStore, tmp_path: Path) -> None:
    accounts_with_bad_phones(tmp_path / "x", 80)
    run = check_and_save(empty_store, [tmp_path / "x"], None, NOW)
    raw = empty_store.path.read_text(encoding="utf-8")
    assert "13800000500" not in raw and "Company 00500" not in raw
    assert run.id == 1 and runs(empty_store)[0].tables[0].error_rows == 80
    (m,) = empty_store.all("data_quality")
    assert (m.table, m.records, m.errors, m.run_id, m.within_threshold) == (
        "accounts", 1000, 80, 1, False)
    status = project_status(empty_store, NOW).to_json()["data_quality"]
    assert set(status) == {"tables", "within_threshold", "failing"}
    assert status["failing"] == ["accounts"]


def test_failing_check_opens_an_issue_that_recurs(empty_store: ProjectStore,
                                                  tmp_path: Path) -> None:
    accounts_with_bad_phones(tmp_path, 80)
    run = check_and_save(empty_store, [tmp_path], None, NOW)
    check = "accounts/format:phone"
    first = open_check_issue(empty_store, run.id, check, NOW)
    assert first.category == "data" and not first.recurring
    with pytest.raises(QualityError, match="already has open issue"):
        open_check_issue(empty_store, run.id, check, NOW)
    with pytest.raises(QualityError, match="does not fail"):
        open_check_issue(empty_store, run.id, "accounts/required:name", NOW)
    close_issue(empty_store, first.id, root_cause="typed by hand", corrective_action="fixed",
                no_preventive_reason="one-off", now=NOW + timedelta(days=1))
    again = check_and_save(empty_store, [tmp_path], None, NOW + timedelta(days=7))
    second = open_check_issue(empty_store, again.id, check, NOW + timedelta(days=7))
    assert second.recurring and first.id in second.related_ids
    assert get_issue(empty_store, second.id).recurring  # cannot close without prevention


def _accounts(folder: Path) -> None:
    write_csv(folder / "accounts.csv", ["id", "name", "city"], [
        ["A1", "Northwind Precision Machinery", "X"],
        ["A2", "Northwind Precision Machinary", "X"],
        ["A3", "上海恒泰达科技有限公司", "X"], ["A4", "恒泰远达科技有限公司", "X"]])
    mapping(folder, '[tables.accounts]\nfile = "accounts.csv"\nkey = "id"\n'
                    'duplicates = { field = "name", block = "city" }\n')


def test_decisions_are_remembered_and_exported(empty_store: ProjectStore,
                                               tmp_path: Path) -> None:
    _accounts(tmp_path)
    check_and_save(empty_store, [tmp_path], None, NOW)
    pairs = review_pairs(empty_store)
    assert [(p.pair.a, p.pair.b, p.pair.flagged) for p in pairs] == [
        ("A3", "A4", False), ("A1", "A2", True)]
    decide(empty_store, "accounts", "A4", "A3", "same", NOW)  # either order
    decide(empty_store, "accounts", "A1", "A2", "different", NOW)
    assert decide(empty_store, "accounts", "A1", "A2", "skip", NOW) is None
    with pytest.raises(QualityError, match="no pair"):
        decide(empty_store, "accounts", "A1", "A3", "same", NOW)
    run = check_and_save(empty_store, [tmp_path], None, NOW)
    t = run.tables[0]
    assert [(p.a, p.b, p.flagged) for p in t.pairs] == [("A3", "A4", True)]
    assert t.duplicate_rows == 1
    assert export_merge_list(empty_store, tmp_path / "merge.csv") == 1
    rows = list(csv.reader((tmp_path / "merge.csv").open(encoding="utf-8-sig")))
    assert rows[1][1:5] == ["A3", "上海恒泰达科技有限公司", "A4", "恒泰远达科技有限公司"]
    assert export_merge_list(empty_store, tmp_path / "merge.xlsx") == 1
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "merge.xlsx").active
    assert sheet.cell(2, 2).value == "A3"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_starter_mapping_from_headers(tmp_path: Path, lang: str) -> None:
    from datetime import date

    from crmgov.services.demo.quality import write_exports

    write_exports(tmp_path, lang, date(2026, 11, 23), 0, 1)
    (tmp_path / "crmgov-mapping.toml").unlink()
    path = init_mapping(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "[tables.contacts]" in text and "[tables.payment_terms]" in text
    key = "客户编号" if lang == "zh" else "id"
    assert f'= "accounts.{key}" }}' in text
    with pytest.raises(FileExistsError):
        init_mapping(tmp_path)
    run = check_and_save(None, [tmp_path], None, NOW)  # the starter is a valid mapping
    assert {t.table for t in run.tables} >= {"accounts", "contacts", "payment_terms"}
    contacts = run.table("contacts")
    assert contacts is not None and contacts.orphans and contacts.role_empty is not None
    assert guess_mapping([]).startswith("# crmgov")


def test_report_formats(demo_store: ProjectStore, demo_store_zh: ProjectStore) -> None:
    from crmgov.services.reports import render_report

    md = render_report(demo_store, "data", "md", NOW, "en")
    assert isinstance(md, str) and "| Payment terms | master data |" in md
    html = render_report(demo_store, "data", "html", NOW, "en")
    assert isinstance(html, str) and html.count("<svg") == 6 and "worsening" in html
    zh = render_report(demo_store_zh, "data", "html", NOW, "zh")
    assert isinstance(zh, str) and "数据质量报告" in zh and "付款条件" in zh


def test_demo_trend_and_recurring_issue(demo_store: ProjectStore) -> None:
    history = runs(demo_store)
    assert len(history) == 3
    terms = [r.table("payment_terms") for r in history]
    rates = [t.error_rate for t in terms if t is not None]
    assert rates == sorted(rates) and rates[0] < rates[-1]
    recurring = [i for i in demo_store.all("issues")
                 if i.category == "data" and i.recurring and i.title.startswith("Data check")]
    assert len(recurring) == 1 and recurring[0].is_open
    data = json.loads(json.dumps(project_status(demo_store, NOW).to_json()["data_quality"]))
    assert "Payment terms" in data["failing"]


def test_docx_report_reads_back(demo_store: ProjectStore, tmp_path: Path) -> None:
    import docx

    from crmgov.services.reports import render_report

    out = render_report(demo_store, "data", "docx", NOW, "en")
    assert isinstance(out, bytes)
    (tmp_path / "r.docx").write_bytes(out)
    document = docx.Document(str(tmp_path / "r.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Tables against their thresholds" in headings and "Payment terms" in headings
    first = document.tables[0]
    assert first.rows[0].cells[0].text == "Table" and len(first.rows) == 7
