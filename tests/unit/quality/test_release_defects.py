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
