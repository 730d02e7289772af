"""Issue 22's base-data defects (items 10, 12, 14): each fails on the code before its fix."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.domain.quality.mapping import MappingError, parse_mapping
from crmgov.services.quality.check import check_and_save
from crmgov.services.quality.starter import init_mapping
from tests.unit.quality.helpers import mapping, write_csv

NOW = datetime(2026, 11, 23, 9, 30)

# --- 10: a pointer into a table without a key ---------------------------------------------

KEYLESS = ('[tables.accounts]\nfile = "accounts.csv"\nclass = "static"\n\n'
           '[tables.contacts]\nfile = "contacts.csv"\nkey = "id"\n'
           'pointers = { account_id = "accounts.id" }\n')


def test_a_pointer_into_a_table_without_a_key_is_refused() -> None:
    with pytest.raises(MappingError, match=r"^m\.toml:8: tables\.contacts: pointers\.account_id "
                                           r"points to 'accounts\.id', but \[tables\.accounts\] "
                                           r"has no key"):
        parse_mapping(KEYLESS, "m.toml")


def _accounts_and_contacts(folder: Path, acc_header: list[str], con_header: list[str]) -> None:
    """Three accounts; five contacts, two of them pointing at accounts that do not exist."""
    write_csv(folder / "accounts.csv", acc_header,
              [["A1", "Northwind", "X"], ["A2", "Contoso", "X"], ["A3", "Fabrikam", "Y"]])
    write_csv(folder / "contacts.csv", con_header,
              [["C1", "A1", "Ann"], ["C2", "A9", "Bob"], ["C3", "A2", "Cy"],
               ["C4", "A8", "Di"], ["C5", "A3", "Ed"]])


def test_check_with_a_keyless_target_exits_2_naming_the_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _accounts_and_contacts(tmp_path, ["id", "name", "city"], ["id", "account_id", "name"])
    mapping(tmp_path, KEYLESS)
    code = main(["data", "check", str(tmp_path), "--no-save"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.endswith("crmgov-mapping.toml:8: tables.contacts: pointers.account_id points to "
                        "'accounts.id', but [tables.accounts] has no key: add key = \"id\" there")


def test_a_pointer_to_a_column_the_target_lacks_exits_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _accounts_and_contacts(tmp_path, ["code", "name", "city"], ["id", "account_id", "name"])
    mapping(tmp_path, KEYLESS.replace('class = "static"\n', 'key = "code"\n', 1))
    with pytest.raises(MappingError, match=r"crmgov-mapping\.toml:8: tables\.contacts: pointers\."
                                           r"account_id points to 'accounts\.id', but column "
                                           r"'id' is not in the header of accounts\.csv"):
        check_and_save(None, [tmp_path], None, NOW)


@pytest.mark.parametrize(("acc", "con", "key"), [
    (["Account ID", "Account Name", "City"], ["Contact ID", "Account ID", "Name"],
     "Account ID"),
    (["account_id", "name", "city"], ["id", "account_id", "name"], "account_id"),
    (["客户编号", "客户名称", "城市"], ["客户编号", "联系人编号", "姓名"], "客户编号"),
    (["客户ID", "客户名称", "城市"], ["联系人编号", "所属客户", "姓名"], "客户ID"),
])
def test_init_mapping_writes_a_complete_mapping(tmp_path: Path, acc: list[str],
                                                con: list[str], key: str) -> None:
    if con[0] == "客户编号":  # the account's id first: the contact's own is 联系人编号
        write_csv(tmp_path / "accounts.csv", acc,
                  [["A1", "Northwind", "X"], ["A2", "Contoso", "X"], ["A3", "Fabrikam", "Y"]])
        write_csv(tmp_path / "contacts.csv", con,
                  [["A1", "C1", "Ann"], ["A9", "C2", "Bob"], ["A2", "C3", "Cy"],
                   ["A8", "C4", "Di"], ["A3", "C5", "Ed"]])
    else:
        _accounts_and_contacts(tmp_path, acc, con)
    text = init_mapping(tmp_path).read_text(encoding="utf-8")
    assert f'key = "{key}"' in text and f'= "accounts.{key}" }}' in text
    run = check_and_save(None, [tmp_path], None, NOW)
    contacts = run.table("contacts")
    assert contacts is not None and list(contacts.orphans.values()) == [2]
    assert contacts.rows == 5


def test_init_mapping_without_an_accounts_key_writes_no_pointer(tmp_path: Path) -> None:
    _accounts_and_contacts(tmp_path, ["ref", "name", "city"], ["id", "account_id", "name"])
    text = init_mapping(tmp_path).read_text(encoding="utf-8")
    assert "\npointers" not in text and "# pointers" in text
    check_and_save(None, [tmp_path], None, NOW)  # still a valid mapping


# --- 14: headers, delimiters, decide, merge list, percentages, the steward finding ------


def test_a_header_name_twice_is_refused_as_written(tmp_path: Path) -> None:
    from crmgov.services.quality.exports import ExportError

    write_csv(tmp_path / "accounts.csv", ["id", "name", "name"], [["A1", "x", "y"]])
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.csv"\nkey = "id"\n')
    with pytest.raises(ExportError, match=r"accounts\.csv:1: column 'name' appears twice"):
        check_and_save(None, [tmp_path], None, NOW)


def test_a_semicolon_file_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text("id;name;city\nA1;x;y\n", encoding="utf-8")
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.csv"\nkey = "id"\n')
    with pytest.raises(MappingError, match=r"separated by semicolons: save it with commas"):
        check_and_save(None, [tmp_path], None, NOW)


def test_decide_confirms_and_the_merge_list_score_is_a_number(
        demo_store: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from openpyxl import load_workbook

    project = ["--project", str(demo_store.path)]  # type: ignore[attr-defined]
    assert main(["data", "pairs", "--json", *project]) == 0
    pair = next(p for p in json.loads(capsys.readouterr().out) if not p["flagged"])
    assert main(["data", "decide", pair["table"], pair["a"], pair["b"], "same", *project]) == 0
    out = capsys.readouterr().out.strip()
    assert out == f"{pair['table']} {pair['a']} / {pair['b']}: the same record: it goes on " \
                  "the merge list"
    assert main(["data", "decide", pair["table"], pair["a"], pair["b"], "skip", *project]) == 0
    assert "skipped" in capsys.readouterr().out
    assert main(["data", "merge-list", str(tmp_path / "m.xlsx"), *project]) == 0
    sheet = load_workbook(tmp_path / "m.xlsx").active
    assert sheet is not None
    score = sheet.cell(2, 6).value
    assert isinstance(score, (int, float)) and 0 < score <= 100  # a number, not "100.0"


def test_a_limit_with_a_decimal_keeps_it(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from crmgov.domain.quality.rules import limit_text

    assert (limit_text(0.015), limit_text(0.05), limit_text(0.2), limit_text(0.001)) == (
        "1.5%", "5%", "20%", "0.1%")
    write_csv(tmp_path / "accounts.csv", ["id", "phone"],
              [[f"A{i}", "bad" if i < 5 else "13800000000"] for i in range(100)])
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.csv"\nkey = "id"\n'
                      'formats = { phone = "phone" }\nfail = 0.015\nkey_fail = 0.015\n')
    assert main(["data", "check", str(tmp_path), "--no-save"]) == 1
    out = capsys.readouterr().out
    assert "/ 1.5%" in out and "2%" not in out


def test_keep_appearing_needs_an_earlier_run_with_duplicates() -> None:
    from crmgov.domain.enums import DataKind
    from crmgov.domain.quality.results import DuplicatePair, QualityRun, TableResult
    from crmgov.domain.quality.trend import needs_steward

    def run(day: int, groups: int) -> QualityRun:
        pairs = [DuplicatePair(a="P1", b="P2", name_a="x", name_b="x", score=100, flagged=True)]
        t = TableResult(table="terms", kind=DataKind.MASTER, rows=10, error_rows=groups,
                        warn=0.04, fail=0.05, verdict="ok", exact_groups=groups,
                        pairs=pairs if groups else [])
        return QualityRun(run_at=datetime(2026, 11, day, 9), tables=[t])

    assert not needs_steward([run(1, 3)], "terms")  # the first run: nothing "keeps" yet
    assert not needs_steward([run(1, 0), run(2, 3)], "terms")  # they only just appeared
    assert needs_steward([run(1, 2), run(2, 3)], "terms")
