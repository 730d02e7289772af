"""SOP use cases on a tmp-path store: write → submit → approve → supersede, acks, revise,
Markdown round trip, import errors, handbook in md/html/docx, and the CLI."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import Role, SOPStatus
from crmgov.domain.sops.rules import SOPRuleError
from crmgov.services import sops as sops_api
from crmgov.services.sops import files, log
from crmgov.services.sops.queries import find_sop, sop_rows
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW

NOW = FIXED_NOW
BODY = "Why.\n\n1. Search by tax number.\n2. Create the account.\n3. Add contacts with role."


def _as(store: ProjectStore, actor: str) -> ProjectStore:
    """The same store acting as `actor` (one store, so its reads are never stale)."""
    store.actor = actor
    return store


@pytest.fixture
def store(empty_store: ProjectStore) -> ProjectStore:
    with empty_store.transaction("staff") as txn:
        txn.insert_many("staff", [
            StaffMember(name="Wang", role=Role.PROJECT_MANAGER, department="PMO"),
            StaffMember(name="Li", role=Role.VETERAN, department="Sales"),
            StaffMember(name="Zhao", role=Role.SALES_ASSISTANT, department="Sales"),
            StaffMember(name="Qian", role=Role.VETERAN, department="Finance")])
    log.new_sop(_as(empty_store, "Li"), code="SOP-T-01", title="Accounts", body=BODY,
                now=NOW, departments=["Sales"], approver="Wang")
    return _as(empty_store, "Li")


def _approve(store: ProjectStore) -> None:
    log.submit(_as(store, "Li"), "SOP-T-01", now=NOW)
    log.approve(_as(store, "Wang"), "SOP-T-01", now=NOW)
    _as(store, "Li")


def test_lifecycle_supersedes_and_records_changed_steps(store: ProjectStore) -> None:
    with pytest.raises(SOPRuleError, match="cannot also approve"):
        log.submit(store, "SOP-T-01", now=NOW)
        log.approve(store, "SOP-T-01", now=NOW)  # the author
    with pytest.raises(SOPRuleError, match="only Wang"):
        log.approve(_as(store, "Qian"), "SOP-T-01", now=NOW)
    log.approve(_as(store, "Wang"), "SOP-T-01", now=NOW)
    _as(store, "Li")
    sop = find_sop(store, "sop-t-01")
    assert sop.current is not None and sop.current.changed_step_ids == [1, 2, 3]
    with pytest.raises(SOPRuleError, match="no draft"):
        log.submit(store, "SOP-T-01", now=NOW)
    edited = BODY.replace("Create the account.", "Create the account with its region.")
    edited += "\n4. Report duplicates."
    log.edit_draft(store, "SOP-T-01", now=NOW, body=edited, summary="Region")
    sop = find_sop(store, "SOP-T-01")
    assert [v.status for v in sop.versions] == [SOPStatus.APPROVED, SOPStatus.DRAFT]
    assert sop.versions[0].body == BODY  # the approved version did not change
    _approve(store)
    sop = find_sop(store, "SOP-T-01")
    assert [v.status for v in sop.versions] == [SOPStatus.SUPERSEDED, SOPStatus.APPROVED]
    assert sop.versions[1].step_ids == [1, 2, 3, 4]
    assert sops_api.changed_steps(store, "SOP-T-01", 1, 2) == [2, 4]
    assert sop.versions[1].changed_step_ids == [2, 4]
    assert [e.status for e in sop.versions[1].history] == [
        SOPStatus.DRAFT, SOPStatus.IN_REVIEW, SOPStatus.APPROVED]


def test_acknowledgement_resets_on_a_new_version(store: ProjectStore) -> None:
    _approve(store)
    log.acknowledge(store, "SOP-T-01", now=NOW)  # as Li
    log.acknowledge(store, "SOP-T-01", now=NOW, staff_name="Zhao")
    with pytest.raises(SOPRuleError, match="already"):
        log.acknowledge(store, "SOP-T-01", now=NOW, staff_name="zhao")
    with pytest.raises(SOPRuleError, match="does not apply"):
        log.acknowledge(store, "SOP-T-01", now=NOW, staff_name="Qian")
    row = sop_rows(store, NOW.date())[0]
    assert (row.acknowledged, row.expected) == (2, 2)
    log.revise(store, "SOP-T-01", now=NOW, summary="Tighter")
    log.edit_draft(store, "SOP-T-01", now=NOW, body=BODY + "\n4. New step.")
    _approve(store)
    row = sop_rows(store, NOW.date())[0]
    assert (row.acknowledged, row.expected) == (0, 2)


def test_revise_because_of_a_closed_issue_links_both_ways(store: ProjectStore) -> None:
    from crmgov.services.issues.log import add_issue, close_issue

    _approve(store)
    issue = add_issue(store, title="Duplicate account", description="again", urgency="general",
                      now=NOW)
    with pytest.raises(SOPRuleError, match="not closed"):
        log.revise(store, "SOP-T-01", now=NOW, because_of=issue.id)
    close_issue(store, issue.id, root_cause="no search", preventive_action="Search first",
                now=NOW)
    sop = log.revise(store, "SOP-T-01", now=NOW, because_of=issue.id)
    assert sop.versions[-1].because_of == [issue.id]
    assert sop.versions[-1].summary == "Search first"
    assert store.get("issues", issue.id).sop_id == sop.id


def test_markdown_round_trip_is_byte_stable(store: ProjectStore, tmp_path: Path) -> None:
    _approve(store)
    first = files.export_sops(store, tmp_path / "a")
    plan = files.import_sops(store, tmp_path / "a", now=NOW)
    assert plan.unchanged == ["SOP-T-01"] and not plan.changed and not plan.new
    second = files.export_sops(store, tmp_path / "b")
    assert first[0].read_bytes() == second[0].read_bytes()
    text = first[0].read_text(encoding="utf-8").replace("Add contacts", "Add all contacts")
    first[0].write_text(text, encoding="utf-8")
    files.import_sops(store, first[0], now=NOW)
    sop = find_sop(store, "SOP-T-01")
    assert sop.latest is not None and sop.latest.status is SOPStatus.DRAFT
    assert "Add all contacts" in sop.latest.body and sop.latest.step_ids == [1, 2, 3]


@pytest.mark.parametrize(("head", "line", "message"), [
    ("code: SOP-X\ntitle: T\ncolour: red\n", 4, "unknown field 'colour'"),
    ("code: SOP-X\ntitle: T\nreview_months: soon\n", 4, "review_months must be"),
    ("code: SOP-X\nroles: wizard\ntitle: T\n", 3, "unknown role 'wizard'"),
    ("title: T\n", 1, "field 'code' is required"),
    ("code: SOP-X\nthis is not a field\n", 3, "expected 'key: value'"),
])
def test_bad_front_matter_names_file_and_line(store: ProjectStore, tmp_path: Path,
                                              head: str, line: int, message: str) -> None:
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{head}---\n\n1. Step.\n", encoding="utf-8")
    before = store.path.read_bytes()
    with pytest.raises(files.SOPFileError) as info:
        files.import_sops(store, path, now=NOW)
    assert str(info.value).startswith(f"{path}:{line}: ") and message in str(info.value)
    assert store.path.read_bytes() == before


def test_cli_import_error_is_one_line_exit_2(store: ProjectStore, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ncode: A\ntitle: B\nowner Li\n---\n", encoding="utf-8")
    assert main(["--project", str(store.path), "sop", "import", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"crmgov: {path}:4: expected 'key: value'"


def test_handbook_md_html_docx(store: ProjectStore, tmp_path: Path) -> None:
    import docx

    from crmgov.services.reports import render_report

    _approve(store)
    md = render_report(store, "sops", "md", NOW)
    assert isinstance(md, str) and "## SOP-T-01 Accounts" in md and "(§2)" in md
    html = render_report(store, "sops", "html", NOW)
    assert isinstance(html, str) and "<ol class=\"steps\">" in html
    data = render_report(store, "sops", "docx", NOW)
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    heads = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "SOP-T-01 Accounts" in heads
    steps = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert steps[:3] == ["Search by tax number. (§1)", "Create the account. (§2)",
                         "Add contacts with role. (§3)"]
    assert "TOC" in document.element.xml


def test_cli_flow(store: ProjectStore, tmp_path: Path,
                  capsys: pytest.CaptureFixture[str]) -> None:
    p = ["--project", str(store.path)]
    assert main([*p, "--as", "Li", "sop", "submit", "SOP-T-01"]) == 0
    assert main([*p, "--as", "Li", "sop", "approve", "SOP-T-01"]) == 2
    assert main([*p, "--as", "Wang", "sop", "approve", "SOP-T-01"]) == 0
    assert main([*p, "--as", "Li", "sop", "ack", "SOP-T-01"]) == 0
    capsys.readouterr()
    assert main([*p, "sop", "pending-acks"]) == 0
    assert "SOP-T-01 v1: Zhao" in capsys.readouterr().out
    body = tmp_path / "b.md"
    body.write_text(BODY.replace("tax number", "tax number and name"), encoding="utf-8")
    assert main([*p, "--as", "Li", "sop", "edit", "SOP-T-01", "--body-file", str(body)]) == 0
    capsys.readouterr()
    assert main([*p, "sop", "diff", "SOP-T-01", "1", "2"]) == 0
    assert "tax {+number and name.+}" in capsys.readouterr().out.replace("[-number.-]", "")
    assert main([*p, "sop", "list", "--status", "draft", "--json"]) == 0
    assert '"code": "SOP-T-01"' in capsys.readouterr().out
    assert main([*p, "sop", "retire", "SOP-T-01", "--reason", "merged"]) == 0
    assert main([*p, "sop", "show", "SOP-T-01"]) == 0
    assert main([*p, "--lang", "zh", "sop", "--help"]) == 0


def test_unknown_sop_is_refused(store: ProjectStore) -> None:
    assert main(["--project", str(store.path), "sop", "show", "NOPE"]) == 2
    _ = datetime  # keep the import for type hints of helpers above


def test_approving_a_revision_flags_questions_on_changed_steps(store: ProjectStore) -> None:
    from crmgov.domain.enums import QuizPart
    from tests.unit.certification.factory import question

    with store.transaction("bank") as txn:
        txn.insert_many("questions", [
            question("Q-1", QuizPart.PROCESS, "accounts", sop="SOP-T-01", step=2),
            question("Q-2", QuizPart.PROCESS, "accounts", sop="SOP-T-01", step=3),
            question("Q-3", QuizPart.PROCESS, "accounts", sop="SOP-OTHER", step=2)])
    _approve(store)
    assert not any(q.needs_review for q in store.all("questions"))  # a first version
    log.edit_draft(store, "SOP-T-01", now=NOW,
                   body=BODY.replace("Create the account.", "Create the account with region."))
    _approve(store)
    flagged = {q.code: q.needs_review for q in store.all("questions")}
    assert flagged == {"Q-1": True, "Q-2": False, "Q-3": False}
    assert "SOP-T-01 v2" in next(q for q in store.all("questions") if q.code == "Q-1"
                                 ).review_reason
