"""Each rule at its boundary: 4.9 / 5.0 / 5.1 %, 1 % pointers, 20 % leads, 10:00:00."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from crmgov.domain.quality.mapping import parse_mapping
from crmgov.domain.quality.rules import Verdict, is_blank, is_late, limits, verdict
from crmgov.services.quality.check import check_and_save
from tests.unit.quality.helpers import accounts_with_bad_phones, mapping, write_csv

NOW = datetime(2026, 11, 23, 9, 30)


@pytest.mark.parametrize(("bad", "expected"), [(49, Verdict.WARN), (50, Verdict.WARN),
                                               (51, Verdict.FAIL)])
def test_table_error_rate_at_five_percent(tmp_path: Path, bad: int, expected: Verdict) -> None:
    accounts_with_bad_phones(tmp_path, bad)
    run = check_and_save(None, [tmp_path], None, NOW)
    (t,) = run.tables
    assert (t.rows, t.error_rows) == (1000, bad)
    assert t.verdict is expected  # 5.0 % is within 5 %; 4.9 % is above the 4 % warn level


def test_verdict_on_counts() -> None:
    assert verdict(49, 1000, 0.04, 0.05) is Verdict.WARN
    assert verdict(50, 1000, 0.04, 0.05) is Verdict.WARN
    assert verdict(51, 1000, 0.04, 0.05) is Verdict.FAIL
    assert verdict(40, 1000, 0.04, 0.05) is Verdict.OK
    assert verdict(0, 0, 0.04, 0.05) is Verdict.OK


def test_presets_and_overrides() -> None:
    m = parse_mapping(
        '[tables.l]\nfile = "l.csv"\nclass = "leads"\n'
        '[tables.a]\nfile = "a.csv"\nwarn = 0.02\nfail = 0.03\nkey_fail = 0.005\n', "m.toml")
    assert limits(m.tables["l"]) == pytest.approx((0.16, 0.20))
    assert limits(m.tables["l"], key_rule=True) == pytest.approx((0.008, 0.01))
    assert limits(m.tables["a"]) == (0.02, 0.03)
    assert limits(m.tables["a"], key_rule=True) == pytest.approx((0.004, 0.005))


@pytest.mark.parametrize(("orphans", "expected"), [(9, "warn"), (10, "warn"), (11, "fail")])
def test_pointer_integrity_at_one_percent(tmp_path: Path, orphans: int, expected: str) -> None:
    write_csv(tmp_path / "accounts.csv", ["id", "name"], [["A1", "One"], ["A2", "Two"]])
    rows = [[f"C{i}", "A9" if i < orphans else "A1" if i % 2 else "A2"] for i in range(1000)]
    rows[-1][1] = ""  # blank pointer: not an orphan (not a required field here)
    write_csv(tmp_path / "contacts.csv", ["id", "account_id"], rows)
    mapping(tmp_path, '[tables.accounts]\nfile = "accounts.csv"\nkey = "id"\n'
                      '[tables.contacts]\nfile = "contacts.csv"\nkey = "id"\n'
                      'pointers = { account_id = "accounts.id" }\n')
    run = check_and_save(None, [tmp_path], None, NOW)
    contacts = run.table("contacts")
    assert contacts is not None
    assert contacts.orphans == {"account_id": orphans}
    (rule,) = contacts.rules
    assert (rule.key, rule.fail, rule.verdict) == ("pointer:account_id", 0.01, expected)


def test_leads_tolerate_twenty_percent(tmp_path: Path) -> None:
    mapping(tmp_path, '[tables.leads]\nfile = "leads.csv"\nclass = "leads"\nkey = "id"\n'
                      'enums = { company = ["x"] }\n')
    rows = [[f"L{i}", "bad" if i < 200 else "x"] for i in range(1000)]
    write_csv(tmp_path / "leads.csv", ["id", "company"], rows)
    (t,) = check_and_save(None, [tmp_path], None, NOW).tables
    assert (t.error_rows, t.verdict) == (200, "warn")
    rows[200][1] = "bad"
    write_csv(tmp_path / "leads.csv", ["id", "company"], rows)
    (t,) = check_and_save(None, [tmp_path], None, NOW).tables
    assert (t.error_rows, t.verdict) == (201, "fail")


def test_entered_exactly_at_ten_is_on_time() -> None:
    event = date(2026, 11, 20)
    assert not is_late(event, datetime(2026, 11, 21, 10, 0, 0))
    assert is_late(event, datetime(2026, 11, 21, 10, 0, 1))
    assert not is_late(event, datetime(2026, 11, 20, 23, 59))


def test_timeliness_in_the_engine_per_owner(tmp_path: Path) -> None:
    rows = [
        ["1", "Li", "2026-11-21 10:00:00", "2026-11-20"],  # exactly 10:00: on time
        ["2", "Li", "2026-11-21 10:00:01", "2026-11-20"],  # a second later: late
        ["3", "Wang", "2026-11-22 09:00:00", "2026-11-20"],  # two days later: late
        ["4", "Wang", "2026-11-20 18:00:00", "2026-11-20"],
        ["5", "Wang", "", "2026-11-20"],  # no entry time: not counted
    ]
    write_csv(tmp_path / "visits.csv", ["id", "owner", "created", "visit"], rows)
    mapping(tmp_path, '[tables.visits]\nfile = "visits.csv"\nkey = "id"\nowner = "owner"\n'
                      'created_at = "created"\nevent_date = "visit"\n')
    (t,) = check_and_save(None, [tmp_path], None, NOW).tables
    assert (t.late, t.timed) == (2, 4)
    by_owner = {o.owner: (o.late, o.timed) for o in t.owners}
    assert by_owner == {"Li": (1, 2), "Wang": (1, 2)}


def test_blank_and_whitespace_are_empty(tmp_path: Path) -> None:
    assert is_blank("") and is_blank("   ") and is_blank("\u3000") and is_blank(None)
    assert not is_blank(" x ")
    rows = [["1", "x"], ["2", ""], ["3", "   "], ["4", "\u3000"], ["5", "y"]]
    write_csv(tmp_path / "c.csv", ["id", "role"], rows)
    mapping(tmp_path, '[tables.c]\nfile = "c.csv"\nkey = "id"\nrequired = ["role"]\n'
                      'role = "role"\n')
    (t,) = check_and_save(None, [tmp_path], None, NOW).tables
    assert t.error_rows == 3
    assert t.fill == {"role": pytest.approx(0.4)}
    assert t.role_empty == pytest.approx(0.6)
