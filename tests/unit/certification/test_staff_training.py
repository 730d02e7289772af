"""Staff add/edit/leave/import/export, training, revoke, the printable certificate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.domain.enums import Role
from crmgov.services.certification.certificates import reminders, revoke, verify_code
from crmgov.services.certification.document import certificate_document
from crmgov.services.certification.errors import CertificationError
from crmgov.services.certification.roster import must_certify
from crmgov.services.certification.staff import (
    add_staff,
    edit_staff,
    export_staff,
    import_staff,
    leave_staff,
)
from crmgov.services.certification.training import add_session, record_attendance
from crmgov.services.sheets import SheetRejected
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()


def test_add_edit_leave_and_the_count_follows(demo_store):
    before = must_certify(demo_store, TODAY)
    p = add_staff(demo_store, name="New Person", role="new hire", department="Sales",
                  employee_no="E1")
    assert p.role is Role.NEW_HIRE and must_certify(demo_store, TODAY) == before + 1
    edit_staff(demo_store, p.id, region="East")
    with pytest.raises(CertificationError):
        add_staff(demo_store, name="Other", role="veteran", employee_no="E1")
    with pytest.raises(CertificationError):
        edit_staff(demo_store, p.id, active=False)
    left = leave_staff(demo_store, p.id, TODAY)
    assert not left.active and left.left_on == TODAY
    assert must_certify(demo_store, TODAY) == before  # out of every figure, history kept
    assert demo_store.get("staff", p.id).name == "New Person"
    with pytest.raises(CertificationError):
        leave_staff(demo_store, p.id, TODAY)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_import_round_trip(demo_store, tmp_path: Path, suffix: str):
    path = tmp_path / f"staff{suffix}"
    assert export_staff(demo_store, path) == demo_store.count("staff")
    report = import_staff(demo_store, path)
    assert not report.added and not report.updated and not report.left


def test_import_chinese_headers_validated_first(demo_store, tmp_path: Path):
    path = tmp_path / "hr.csv"
    path.write_text("姓名,工号,角色,部门,离职日期\n"
                    "李新,H100,新员工,销售部,\n"
                    "王旧,H101,boss,销售部,\n"
                    "赵离,H102,老员工,销售部,2026-13-01\n", encoding="utf-8-sig")
    count = demo_store.count("staff")
    with pytest.raises(SheetRejected) as err:
        import_staff(demo_store, path)
    assert [e.split(": ")[0] for e in err.value.errors] == [f"{path}:3", f"{path}:4"]
    assert demo_store.count("staff") == count  # nothing imported
    path.write_text("姓名,工号,角色,部门\n李新,H100,新员工,销售部\n", encoding="utf-8-sig")
    assert import_staff(demo_store, path).added == ["李新"]
    path.write_text("姓名,工号,角色,离职日期\n李新,H100,新员工,2026-11-30\n",
                    encoding="utf-8-sig")
    assert import_staff(demo_store, path).left == ["李新"]


def test_bad_sheet_file_is_one_line(demo_store, tmp_path: Path):
    bad = tmp_path / "not.xlsx"
    bad.write_text("plain text", encoding="utf-8")
    assert main(["--project", str(demo_store.path), "staff", "import", str(bad)]) == 2


def test_training_and_attendance(demo_store):
    s = add_session(demo_store, topic="service", held_on=TODAY, trainer="Zhou Min",
                    attendees=[40])
    again = record_attendance(demo_store, s.id, [40, 39])
    assert again.attendees == [39, 40]
    with pytest.raises(CertificationError):
        record_attendance(demo_store, s.id, [9999])


def test_revoke_verify_and_the_printed_certificate(demo_store):
    cert = next(c for c in demo_store.all("certifications")
                if c.valid_on(TODAY) and not c.revoked and not c.recert_due)
    assert verify_code(demo_store, cert.code, TODAY) is not None
    md = certificate_document(demo_store, cert.number, "md", TODAY, FIXED_NOW)
    assert cert.number in md and cert.code in md and "| State | expiring |" in md
    html = certificate_document(demo_store, cert.code, "html", TODAY, FIXED_NOW)
    assert html.startswith("<!DOCTYPE html>") and cert.number in html
    with pytest.raises(CertificationError):
        revoke(demo_store, cert.number, "  ", TODAY)
    revoke(demo_store, cert.number, "failed spot check", TODAY)
    assert verify_code(demo_store, cert.code, TODAY) is None
    assert "revoked" in certificate_document(demo_store, cert.number, "md", TODAY, FIXED_NOW)


def test_reminders_at_30_and_7_days(demo_store):
    due = reminders(demo_store, TODAY)
    assert due and all(d in (30, 7) for _c, d in due)
    assert all((c.expires_on - TODAY).days <= d for c, d in due)
    assert reminders(demo_store, date(2000, 1, 1)) == []
