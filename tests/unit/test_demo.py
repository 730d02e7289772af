"""The demo project: deterministic, complete, alive at any time of day, and careful with
files that are not demos."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import orjson
import pytest
from conftest import FIXED_NOW, fixed_clock

from crmgov.domain.enums import (
    Category,
    IssueStatus,
    PhaseStatus,
    PlanKind,
    Role,
    TaskStatus,
    Urgency,
)
from crmgov.domain.issues.model import SELF_HANDLING_CATEGORIES, Issue
from crmgov.services.demo.writer import DemoRefused, is_demo, write_demo
from crmgov.services.phases.checklists import load_gate_checklist
from crmgov.services.projects import init_project
from crmgov.services.status.summary import project_status
from crmgov.storage.audit_log import AuditLog, audit_path_for
from crmgov.storage.store import ProjectStore
from crmgov.storage.tables import RECORD_TABLES

CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = FIXED_NOW.date()


def _write(path: Path, language: str = "en", today: date = TODAY, seed: int = 2026) -> ProjectStore:
    return write_demo(path, "tester", language=language, today=today, clock=fixed_clock, seed=seed)


# ------------------------------------------------------------------------ determinism
def test_same_day_gives_identical_project_files(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.json")
    b = _write(tmp_path / "b.json")
    assert orjson.loads(a.path.read_bytes()) == orjson.loads(b.path.read_bytes())


def test_the_clock_only_affects_audit_timestamps(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.json")
    b = write_demo(tmp_path / "b.json", "tester", today=TODAY,
                   clock=lambda: FIXED_NOW + timedelta(hours=7))
    assert orjson.loads(a.path.read_bytes()) == orjson.loads(b.path.read_bytes())
    first = next(AuditLog(audit_path_for(b.path)).events())
    assert first["at"].startswith("2026-11-23T16:30")


def test_another_seed_gives_another_demo(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.json")
    b = _write(tmp_path / "b.json", seed=7)
    assert [i.title for i in a.all("issues")] != [i.title for i in b.all("issues")]


def test_dates_follow_today(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.json")
    b = _write(tmp_path / "b.json", today=TODAY + timedelta(days=100))
    shift = timedelta(days=100)
    assert [i.created_at + shift for i in a.all("issues")] == [
        i.created_at for i in b.all("issues")
    ]
    assert b.project.go_live_target == a.project.go_live_target + shift  # type: ignore[operator]


# ----------------------------------------------------------------------------- content
def test_counts_are_in_the_asked_ranges(demo_store: ProjectStore) -> None:
    s = demo_store
    assert s.count("phases") == 4
    assert 35 <= s.count("staff") <= 45
    assert 140 <= s.count("issues") <= 160
    assert 8 <= s.count("sops") <= 12
    assert 12 <= s.count("plan") <= 18
    assert s.count("quiz_attempts") >= 30
    assert s.count("certifications") >= 25
    assert s.count("spot_checks") >= 8
    assert s.count("data_quality") >= 6


def test_every_role_category_urgency_and_status_is_present(demo_store: ProjectStore) -> None:
    issues: list[Issue] = demo_store.all("issues")
    assert {p.role for p in demo_store.all("staff")} == set(Role)
    # Support requests come after handover; the demo is 45 days before go-live.
    assert {i.category for i in issues} == set(Category) - {Category.SUPPORT}
    assert {i.urgency for i in issues} == set(Urgency)
    assert {i.status for i in issues} == set(IssueStatus)
    assert {p.kind for p in demo_store.all("plan")} == set(PlanKind)
    assert {p.year for p in demo_store.all("plan")} == {1, 2, 3}


def test_phases_tell_the_rollout_story(demo_store: ProjectStore) -> None:
    """Redesign signed and passing; pilot evaluated, signed, since regressed; expansion
    active with evidence awaiting sign-off and a waiver; integration planned with points."""
    from crmgov.services.phases.gate import evaluate

    redesign, pilot, expand, integrate = sorted(demo_store.all("phases"), key=lambda p: p.order)
    assert [p.status for p in (redesign, pilot, expand, integrate)] == [
        PhaseStatus.DONE, PhaseStatus.DONE, PhaseStatus.ACTIVE, PhaseStatus.PLANNED,
    ]
    assert [g.text for g in pilot.gate] == load_gate_checklist("pilot", "en")
    states = [evaluate(demo_store, p.id, FIXED_NOW) for p in (redesign, pilot, expand, integrate)]
    assert [e.state for e in states] == ["signed", "regressed", "blocked", "blocked"]
    assert pilot.evaluation is not None and pilot.evaluation.decision == "proceed"
    assert any(r.item.live for r in states[2].items) and any(not r.item.live
                                                          for r in states[2].items)
    assert any(r.waived for r in states[2].items)
    assert any(g.has_evidence and not g.signed_off_by for g in expand.gate)
    assert integrate.integration_points and states[3].met == 0


def test_dashboard_shows_problems_worth_looking_at(demo_store: ProjectStore) -> None:
    r = project_status(demo_store, FIXED_NOW)
    assert r.current_phase is not None and r.current_phase.order == 3
    assert r.issues.overdue_urgent > 0 and r.issues.overdue_general > 0
    assert r.issues.at_risk > 0
    assert r.issues.open_total > r.issues.overdue_total + r.issues.at_risk  # some on track
    assert r.issues.recurring_without_preventive > 0
    assert 0.6 < r.certification.coverage < 1
    assert r.certification.expiring_soon > 0
    assert r.certification.spot_check_failures_recent > 0
    assert r.sops.approved < r.sops.total
    assert 0 < r.plan.reviewed < r.plan.items
    assert "Payment terms" in r.quality.failing
    assert 0 < r.quality.within_threshold < r.quality.tables
    assert {b.code for b in r.blockers} >= {
        "gate", "certification", "urgent_overdue", "recurring", "data_quality", "sops",
    }


def test_some_recurring_issues_were_closed_without_preventive_action(
    demo_store: ProjectStore,
) -> None:
    gap = [i for i in demo_store.all("issues")
           if i.recurring and i.status is IssueStatus.CLOSED and not i.preventive_action]
    assert len(gap) >= 2


@pytest.mark.parametrize("clock_time", [time(0, 5), time(9, 30), time(13, 0), time(23, 55)])
def test_alive_at_any_time_of_the_day(tmp_path: Path, clock_time: time) -> None:
    store = _write(tmp_path / "demo.json", today=date(2027, 3, 1))
    r = project_status(store, datetime.combine(date(2027, 3, 1), clock_time))
    assert r.issues.overdue_urgent > 0
    assert r.issues.at_risk > 0
    assert r.issues.open_total - r.issues.overdue_total - r.issues.at_risk > 10


def test_issues_are_internally_consistent(demo_store: ProjectStore) -> None:
    now = datetime.combine(TODAY, time())
    for issue in demo_store.all("issues"):
        t = issue.transitions
        assert t[0].status is IssueStatus.NEW and t[0].at == issue.created_at, issue.id
        assert t[-1].status is issue.status, issue.id
        assert [x.at for x in t] == sorted(x.at for x in t) and t[-1].at <= now, issue.id
        assert all(task.owner and task.due for task in issue.tasks)
        if issue.category in SELF_HANDLING_CATEGORIES:
            assert issue.self_handling, issue.id
        if issue.recurring:
            assert issue.related_ids and all(r < issue.id for r in issue.related_ids)
            related = [demo_store.get("issues", r) for r in issue.related_ids]
            assert all(r.category is issue.category for r in related)
        if issue.status is IssueStatus.CLOSED:
            assert issue.root_cause and issue.corrective_action, issue.id
            assert bool(issue.preventive_action) != bool(issue.no_preventive_reason), issue.id
            assert all(task.status is not TaskStatus.OPEN for task in issue.tasks), issue.id
        if issue.preventive_fed_back:
            assert issue.preventive_action


def test_closed_issues_give_reasons_and_some_were_fed_back(demo_store: ProjectStore) -> None:
    closed = [i for i in demo_store.all("issues") if i.status is IssueStatus.CLOSED]
    assert any(i.no_preventive_reason and not i.recurring for i in closed)
    assert any(i.preventive_fed_back for i in closed)
    assert any(i.preventive_action and not i.preventive_fed_back for i in closed)


def test_certification_stories(demo_store: ProjectStore) -> None:
    attempts = demo_store.all("quiz_attempts")
    one_part_failed = [a for a in attempts if not a.passed and (
        a.system_score >= a.pass_mark or a.process_score >= a.pass_mark)]
    assert {a.system_score >= a.pass_mark for a in one_part_failed} == {True, False}
    certs = demo_store.all("certifications")
    assert any(c.revoked for c in certs)
    assert any(c.expires_on and c.expires_on < TODAY for c in certs)
    certified = {c.staff_id for c in certs}
    new_hires = [s for s in demo_store.all("staff") if s.role is Role.NEW_HIRE]
    assert any(s.id not in certified for s in new_hires)


def test_sops_have_versions_drafts_and_acknowledgements(demo_store: ProjectStore) -> None:
    sops = demo_store.all("sops")
    assert {len(s.versions) for s in sops} == {1, 2, 3}
    assert any(s.current is None for s in sops)  # a draft-only SOP
    assert any(s.current and s.versions[-1] is not s.current for s in sops)  # draft revision
    assert sum(len(s.acknowledgements) for s in sops) > 50


def test_plan_review_flags_blind_spots(demo_store: ProjectStore) -> None:
    spots = {c.blind_spot for p in demo_store.all("plan") for c in p.comments if c.blind_spot}
    assert spots == {"used only as a ledger", "prospects ignored"}
    assert any(p.issue_id for p in demo_store.all("plan"))


def test_quality_measures_the_domain_tables(demo_store: ProjectStore) -> None:
    rows = demo_store.all("data_quality")
    contacts = [m for m in rows if m.table == "Contacts"]
    assert contacts and abs((contacts[-1].fill_rate or 0) - 0.2) < 0.05
    payment = max((m for m in rows if m.table == "Payment terms"), key=lambda m: m.measured_on)
    assert payment.duplicates and not payment.within_threshold


def test_chinese_demo_speaks_chinese(demo_store_zh: ProjectStore) -> None:
    s = demo_store_zh
    assert s.project.company == "华东精密机械有限公司"
    assert str(s.project.language) == "zh"
    names = [p.name for p in s.all("staff")]
    assert "王建国" in names and all(CJK.search(n) for n in names)
    assert {"销售部", "客服部"} <= {p.department for p in s.all("staff")}
    assert {"华东", "华南"} <= {p.region for p in s.all("staff")}
    assert all(CJK.search(i.title) for i in s.all("issues"))
    pilot = s.get("phases", 1)
    assert [g.text for g in pilot.gate] == load_gate_checklist("pilot", "zh")
    assert all(CJK.search(p.name) for p in s.all("phases"))


def test_english_and_chinese_demos_have_the_same_shape(
    demo_store: ProjectStore, demo_store_zh: ProjectStore
) -> None:
    def shape(store: ProjectStore) -> list[tuple[object, ...]]:
        return [(i.status, i.urgency, i.category, i.created_at, tuple(i.related_ids))
                for i in store.all("issues")]

    assert shape(demo_store) == shape(demo_store_zh)


# ------------------------------------------------------------------- files on disk
def test_the_demo_is_written_in_one_transaction(demo_store: ProjectStore) -> None:
    events = list(AuditLog(audit_path_for(demo_store.path)).events())
    assert [e["action"] for e in events[:2]] == ["project.create", "demo.create"]
    records = sum(demo_store.count(t) for t in RECORD_TABLES)
    assert len(events) == 1 + records
    assert AuditLog(audit_path_for(demo_store.path)).verify().broken is None
    assert is_demo(demo_store.path)


def test_refuses_to_overwrite_a_real_project(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    init_project(path, "Our rollout", "owner", clock=fixed_clock)
    audit = audit_path_for(path)
    before = path.read_bytes(), audit.read_bytes()
    with pytest.raises(DemoRefused, match="not the demo"):
        _write(path)
    assert (path.read_bytes(), audit.read_bytes()) == before


def test_refuses_to_overwrite_an_unrelated_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("my notes", encoding="utf-8")
    with pytest.raises(DemoRefused):
        _write(path)
    assert path.read_text(encoding="utf-8") == "my notes"
    assert not audit_path_for(path).exists()


def test_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(DemoRefused):
        _write(tmp_path)


def test_rewriting_a_demo_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    first = _write(path)
    with first.transaction("issue.edit") as txn:  # the newcomer plays with it
        txn.delete("plan", 1)
    store = _write(path, language="zh")
    assert str(store.project.language) == "zh"
    assert store.count("plan") == first.count("plan") + 1
    verification = AuditLog(audit_path_for(path)).verify()
    assert verification.broken is None
    assert verification.events == 1 + sum(store.count(t) for t in RECORD_TABLES)


def test_a_broken_gate_checklist_is_reported_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "gates.toml").write_text('[[pilot]]\nid = "x"\nen = "X"\n', encoding="utf-8")
    monkeypatch.setattr("crmgov.services.phases.checklists.checklists_dir", lambda: folder)
    path = tmp_path / "demo.json"
    with pytest.raises(DemoRefused, match="gates.toml, line 1"):
        _write(path)
    assert not path.exists()


def test_a_leftover_demo_trail_is_cleared_but_a_foreign_one_is_kept(tmp_path: Path) -> None:
    demo = _write(tmp_path / "demo.json")
    demo.path.unlink()  # the project file is gone, its trail is left behind
    store = _write(tmp_path / "demo.json")
    assert AuditLog(audit_path_for(store.path)).verify().broken is None

    mine = tmp_path / "mine.json"
    init_project(mine, "Our rollout", "owner", clock=fixed_clock)
    mine.unlink()
    trail = audit_path_for(mine).read_bytes()
    with pytest.raises(DemoRefused):
        _write(mine)
    assert audit_path_for(mine).read_bytes() == trail and not mine.exists()
