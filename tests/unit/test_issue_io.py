"""CSV/XLSX import and export of the issue log."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from crmgov.domain.enums import IssueStatus
from crmgov.i18n import set_language
from crmgov.services.issues.log import add_issue, close_issue
from crmgov.services.issues.transfer import (
    ImportRejected,
    export_issues,
    import_issues,
    neutralise,
    unneutralise,
)
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW

DATA = Path(__file__).parents[1] / "data" / "issues"


def _seed(store: ProjectStore) -> None:
    add_issue(
        store,
        title="=cmd|' /C calc'!A0",
        description="Line one\nline two, with a comma and 中文",
        urgency="urgent",
        category="data",
        owner="李伟",
        requester="@sales",
        now=FIXED_NOW,
    )
    second = add_issue(
        store, title="Quote stuck", description="-5 discount", urgency="general", now=FIXED_NOW
    )
    close_issue(
        store,
        second.id,
        root_cause="rule",
        preventive_action="+ review",
        fed_back=True,
        now=FIXED_NOW,
    )


def test_bad_rows_are_reported_exactly_and_nothing_is_written(
    tmp_path: Path, empty_store: ProjectStore
) -> None:
    src = tmp_path / "bad_rows.csv"
    shutil.copy(DATA / "bad_rows.csv", src)
    before = empty_store.path.read_bytes()
    with pytest.raises(ImportRejected) as err:
        import_issues(empty_store, src, FIXED_NOW)
    assert err.value.errors == [
        f"{src}:3: description must not be blank",
        f"{src}:4: urgency: unknown value 'very urgent'",
        f"{src}:5: created at: not a date and time (use YYYY-MM-DD HH:MM)",
    ]
    assert empty_store.path.read_bytes() == before
    assert empty_store.count("issues") == 0


def test_skip_invalid_imports_good_rows_and_writes_rejects(
    tmp_path: Path, empty_store: ProjectStore
) -> None:
    src = tmp_path / "bad_rows.csv"
    shutil.copy(DATA / "bad_rows.csv", src)
    result = import_issues(empty_store, src, FIXED_NOW, skip_invalid=True)
    assert (result.created, result.updated, len(result.rejected)) == (2, 0, 3)
    assert result.rejects_path == tmp_path / "bad_rows.rejected.csv"
    with result.rejects_path.open(encoding="utf-8-sig", newline="") as handle:
        rejects = list(csv.reader(handle))
    assert rejects[0][-1] == "reason" and rejects[0][1] == "标题"
    assert [r[1] for r in rejects[1:]] == ["报表空白", "Stage missing", "Bad date"]
    first, formula = empty_store.all("issues")
    # Chinese headers and values (紧急, 数据, 新建) map onto the enums.
    assert (first.title, first.urgency, first.category, first.owner) == (
        "客户重复录入",
        "urgent",
        "data",
        "李伟",
    )
    assert first.created_at.isoformat() == "2026-11-20T10:00:00"
    # Formula cells are kept as text (never evaluated); export neutralises them again.
    assert formula.title == '=HYPERLINK("http://evil")'
    assert formula.status is IssueStatus.TRIAGED
    assert [t.status for t in formula.transitions] == ["new", "triaged"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trip(
    tmp_path: Path, empty_store: ProjectStore, suffix: str
) -> None:
    _seed(empty_store)
    out = tmp_path / f"issues{suffix}"
    assert export_issues(empty_store, out) == 2
    # Into a fresh project: the same issues come back (ids are new, so clear them).
    fresh = ProjectStore.create(tmp_path / "fresh.json", empty_store.project, "tester")
    text = out.read_text(encoding="utf-8-sig") if suffix == ".csv" else ""
    if suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        assert "'=cmd|' /C calc'!A0" in text and "'@sales" in text and "'-5 discount" in text
        rows = list(csv.reader(text.splitlines(keepends=True)))
        for row in rows[1:]:
            row[0] = ""
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    else:
        book = load_workbook(out)
        sheet = book.active
        assert sheet is not None
        assert sheet["B2"].value == "'=cmd|' /C calc'!A0"
        assert sheet["B2"].data_type == "s"
        for row in sheet.iter_rows(min_row=2, max_col=1):
            row[0].value = None
        book.save(out)
    result = import_issues(fresh, out, FIXED_NOW)
    assert result.created == 2
    keep = {
        "title",
        "description",
        "owner",
        "requester",
        "urgency",
        "category",
        "status",
        "root_cause",
        "preventive_action",
        "preventive_fed_back",
    }
    assert [i.model_dump(include=keep) for i in fresh.all("issues")] == [
        i.model_dump(include=keep) for i in empty_store.all("issues")
    ]


def test_reimporting_an_edited_export_updates_in_place(
    tmp_path: Path, empty_store: ProjectStore
) -> None:
    _seed(empty_store)
    out = tmp_path / "issues.csv"
    set_language("zh")
    export_issues(empty_store, out)
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    assert rows[0][:3] == ["编号", "标题", "描述"] and rows[2][6] == "一般"
    rows[2][8] = "王芳"  # owner of issue 2
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = import_issues(empty_store, out, FIXED_NOW)
    assert (result.created, result.updated) == (0, 1)
    assert empty_store.get("issues", 2).owner == "王芳"


def test_header_problems_are_line_one(tmp_path: Path, empty_store: ProjectStore) -> None:
    src = tmp_path / "x.csv"
    src.write_text("titel,description,title\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        import_issues(empty_store, src, FIXED_NOW)
    assert err.value.errors == [f"{src}:1: unknown column 'titel'"]
    src.write_text("id,urgency\n1,urgent\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as missing:
        import_issues(empty_store, src, FIXED_NOW)
    assert missing.value.errors == [f"{src}:1: missing column(s): title, description"]


def test_the_header_is_read_as_every_other_import_reads_it(
    tmp_path: Path, empty_store: ProjectStore
) -> None:
    """One header reader (services.sheets.header_fields) for every import: in Chinese the
    missing columns are listed with 、 (the issue import's own copy joined them with ", "),
    and a blank header cell is still refused in the issue log, whose rows must not lose
    data silently."""
    src = tmp_path / "x.csv"
    src.write_text("id,urgency\n1,urgent\n", encoding="utf-8")
    set_language("zh")
    with pytest.raises(ImportRejected) as missing:
        import_issues(empty_store, src, FIXED_NOW)
    assert missing.value.errors == [f"{src}:1: 缺少列：title、description"]
    set_language("en")
    src.write_text("title,description,\nA,B,x\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as blank:
        import_issues(empty_store, src, FIXED_NOW)
    assert blank.value.errors == [f"{src}:1: unknown column ''"]
    assert not blank.value.whole_file


def test_closing_through_the_sheet_obeys_the_close_rules(
    tmp_path: Path, empty_store: ProjectStore
) -> None:
    src = tmp_path / "x.csv"
    src.write_text("title,description,status\nA,B,closed\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        import_issues(empty_store, src, FIXED_NOW)
    assert err.value.errors[0].startswith(f"{src}:2: a root cause is required")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "plain", "'=kept", "'quoted"])
def test_neutralise_round_trips(text: str) -> None:
    assert unneutralise(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@"))
