"""Bad input: mapping-file errors with file:line, damaged exports; nothing saved."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from crmgov.domain.quality.mapping import MappingError, parse_mapping
from crmgov.services.quality.check import check_and_save
from crmgov.services.quality.exports import ExportError
from crmgov.storage.store import ProjectStore
from tests.unit.quality.helpers import accounts_with_bad_phones, mapping, write_csv

NOW = datetime(2026, 11, 23, 9, 30)


@pytest.mark.parametrize(("text", "message"), [
    ('[tables.a]\nfile = "a.csv"\nclass = "stattic"\n', r"^m\.toml:3: tables\.a: class"),
    ('[tables.a]\nfile = "a.csv"\nowner = "o"\ncolour = "red"\n',
     r"^m\.toml:4: tables\.a: unknown key 'colour'"),
    ('[tables.a]\nfile = "a.csv"\n\npointers = { x = "b.id" }\n',
     r"^m\.toml:4: tables\.a: pointers\.x points to 'b'"),
    ('[tables.a]\nfile = "a.csv"\npointers = { x = "nodot" }\n', r"^m\.toml:3: .*table\.column"),
    ('[tables.a]\nfile = "a.csv"\nwarn = 0.2\nfail = 0.1\n',
     r"^m\.toml:3: .*warn \(0\.2\) is above"),
    ('[tables.a]\nfile = "a.csv"\nfail = 5\n', r"^m\.toml:3: tables\.a: fail: "),
    ('[tables.a]\nfile = "a.csv"\nformats = { p = "fon" }\n', r"^m\.toml:3: .*unknown format"),
    ('[tables.a]\nfile = \n', r"^m\.toml:2: not valid TOML"),
    ('[other]\nx = 1\n', r"^m\.toml:1: unknown section 'other'"),
    ('', r"^m\.toml:1: no \[tables\.NAME\] section"),
    ('[tables.a]\nclass = "static"\n', r"^m\.toml:1: tables\.a: file: "),
])
def test_mapping_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        parse_mapping(text, "m.toml")


def test_a_mapped_column_missing_from_the_export(tmp_path: Path) -> None:
    accounts_with_bad_phones(tmp_path, 0, rows=5)
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.csv"\nkey = "id"\n'
                      'required = ["name", "mobile"]\n')
    with pytest.raises(MappingError, match=r"crmgov-mapping\.toml:4: tables\.accounts: "
                                           r"column 'mobile' is not in the header"):
        check_and_save(None, [tmp_path], None, NOW)


def test_a_mapped_file_that_is_not_there(tmp_path: Path) -> None:
    accounts_with_bad_phones(tmp_path, 0, rows=5)
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.csv"\n\n[tables.leads]\n'
                      'file = "leads.csv"\n')
    with pytest.raises(MappingError, match=r":5: tables\.leads: file 'leads\.csv' is not"):
        check_and_save(None, [tmp_path], None, NOW)


def _damaged(folder: Path, kind: str) -> None:
    accounts_with_bad_phones(folder, 0, rows=20)
    path = folder / "accounts.csv"
    if kind == "gbk":
        text = path.read_text(encoding="utf-8").replace("Company 00007", "上海华信科技")
        path.write_bytes(text.encode("gbk"))
    elif kind == "ragged":
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[8] += ",extra"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "short":
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[8] = "A7,Company 7"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "quoted":
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[2] = 'A1,"Company, with comma",Shanghai,13800000001'
        lines[8] += ",extra"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "binary":
        path.write_bytes(b"PK\x03\x04\x00\x00binary\x00\xff\xfe" * 50)


@pytest.mark.parametrize(("kind", "message"), [
    ("gbk", r"accounts\.csv:9: not UTF-8 text \(it looks like GBK"),
    ("ragged", r"accounts\.csv:9: 5 field\(s\) where the header has 4"),
    ("short", r"accounts\.csv:9: 2 field\(s\) where the header has 4"),
    ("quoted", r"accounts\.csv:9: 5 field\(s\) where the header has 4"),
    ("binary", r"accounts\.csv:1: binary content"),
])
def test_damaged_export_is_refused_and_nothing_saved(
        empty_store: ProjectStore, tmp_path: Path, kind: str, message: str) -> None:
    folder = tmp_path / "exports"
    _damaged(folder, kind)
    before = empty_store.path.read_bytes()
    with pytest.raises(ExportError, match=message):
        check_and_save(empty_store, [folder], None, NOW)
    assert empty_store.path.read_bytes() == before


def test_xlsx_export_is_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "phone"])
    for i in range(10):
        sheet.append([f"A{i}", "bad" if i < 3 else f"138{i:08d}"])
    book.save(tmp_path / "accounts.xlsx")
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.xlsx"\nkey = "id"\n'
                      'formats = { phone = "phone" }\n')
    (t,) = check_and_save(None, [tmp_path], None, NOW).tables
    assert (t.rows, t.error_rows) == (10, 3)


def test_workbooks_are_read_before_anything_else(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine holds a workbook's cells whole while it reads them (the check's memory
    peak): nothing else is read, and no duplicate pass has run, before; the run still
    lists the tables in the mapping's order."""
    from openpyxl import Workbook

    from crmgov.services.quality import check, duplicates

    write_csv(tmp_path / "accounts.csv", ["id", "name", "city"],
              [[f"A{i}", f"Company {i}", "Wuxi"] for i in range(20)])
    book = Workbook()
    book.active.append(["id", "account_id"])
    for i in range(10):
        book.active.append([f"C{i}", f"A{i}"])
    book.save(tmp_path / "contacts.xlsx")
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.csv"\nkey = "id"\n'
                      'duplicates = { field = "name", block = "city" }\n'
                      '[tables.contacts]\nfile = "contacts.xlsx"\nkey = "id"\n'
                      'pointers = { account_id = "accounts.id" }\n')
    events: list[str] = []
    read, find = check.read_export, duplicates.find_duplicates
    monkeypatch.setattr(check, "read_export", lambda p: (events.append(p.name), read(p))[1])
    monkeypatch.setattr(duplicates, "find_duplicates", lambda *a, **k: (
        events.extend(["duplicates"] if a[2] else []), find(*a, **k))[1])
    run = check_and_save(None, [tmp_path], None, NOW)
    assert events[0] == "contacts.xlsx" and sorted(events) == [
        "accounts.csv", "contacts.xlsx", "duplicates"]
    assert [t.table for t in run.tables] == ["accounts", "contacts"]
    assert run.tables[1].orphans == {"account_id": 0}


def test_a_csv_named_xlsx_is_refused(tmp_path: Path) -> None:
    write_csv(tmp_path / "accounts.xlsx", ["id"], [["A1"]])
    with pytest.raises(ExportError, match=r"accounts\.xlsx:1: not an XLSX workbook"):
        check_and_save(None, [tmp_path / "accounts.xlsx"], None, NOW)
