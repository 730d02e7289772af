"""A fresh project as a new user meets it (issue 22, item 21): importing a bank that cites
SOPs the project lacks says so, and no staff is neither "100 % certified" nor ready."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.services.certification.bank import install_default_bank
from crmgov.services.certification.bankfiles import shipped_dir
from crmgov.services.certification.lint import lint_bank
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from crmgov.tui.dashboard.screen import BLOCKER_TARGETS, DashboardData, cards
from tests.conftest import FIXED_NOW

TODAY = date(2026, 11, 23)


@pytest.fixture
def fresh(empty_store: ProjectStore) -> Path:
    return empty_store.path


def test_importing_a_bank_that_cites_missing_sops_names_them(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--project", str(fresh), "questions", "import"]) == 0
    out, err = capsys.readouterr()
    assert "66 added" in out
    lines = err.splitlines()
    assert len(lines) == 10  # one per SOP the shipped bank cites
    assert all(line.startswith("warning: SOP-") for line in lines)
    assert ("warning: SOP-SAL-04 is not in the project, yet 3 question(s) cite it: "
            "SYS-VIS-01, SYS-VIS-02, SYS-VIS-03") in lines
    assert lines == sorted(lines)


def test_the_warning_in_chinese_lists_with_the_enumeration_comma(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--project", str(fresh), "--lang", "zh", "questions", "import"]) == 0
    err = capsys.readouterr().err
    assert ("警告：项目中没有 SOP-SAL-04，但有 3 道题引用它："
            "SYS-VIS-01、SYS-VIS-02、SYS-VIS-03") in err


def test_the_import_report_and_lint_agree_on_a_project_without_sops(
    empty_store: ProjectStore,
) -> None:
    store = empty_store
    report = install_default_bank(store, TODAY)
    cited = {code for codes in report.missing_sops.values() for code in codes}
    assert len(report.missing_sops) == 10 and len(cited) == 66
    findings = [f for f in lint_bank([shipped_dir()], store) if "does not have" in f]
    assert len(findings) == 66  # lint used to say nothing while the project had no SOP


def test_no_staff_is_not_100_percent_and_blocks_go_live(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--project", str(fresh), "status"]) == 0
    out = capsys.readouterr().out
    assert "100%" not in out and "0/0 certified" not in out
    assert "no staff in CRM roles yet (add them: crmgov staff add)" in out
    assert "  - nobody who works in the CRM on the staff list yet" in out
    assert main(["--project", str(fresh), "--lang", "zh", "status"]) == 0
    zh = capsys.readouterr().out
    assert "100%" not in zh and "人员名单中尚无使用 CRM 的员工" in zh


def test_the_dashboard_shows_the_same(empty_store: ProjectStore) -> None:
    status = project_status(empty_store, FIXED_NOW).to_json()
    assert status["certification"]["coverage"] == 0.0
    assert "no_staff" in {b["code"] for b in status["blockers"]}
    assert BLOCKER_TARGETS["no_staff"] == ("staff", None)
    cert = next(c for c in cards(DashboardData(status, TODAY)) if c.id == "cert")
    certified = next(i for i in cert.items if i.id == "certified")
    assert (certified.value, certified.tone) == ("0/0 —", "bad")
