"""Spot checks: the weighted, seeded draw; the checklist; recording; every consequence."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmgov.cli import main
from crmgov.domain.enums import Role
from crmgov.domain.spotchecks.model import ConsequenceKind, StepResult
from crmgov.domain.spotchecks.rules import Candidate, draw
from crmgov.services.spotchecks.consequences import open_issue, revoke, start_revision
from crmgov.services.spotchecks.plan import SpotCheckError, open_plans, plan_checks
from crmgov.services.spotchecks.record import checklist, find_sop, read_results, record_check
from crmgov.services.spotchecks.report import render_report
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def test_weights_favour_veterans_long_unchecked_and_past_deviations() -> None:
    base = Candidate(1, Role.VETERAN, 60, 0.0)
    assert Candidate(1, Role.VETERAN, 120, 0.0).weight == 2 * base.weight
    assert Candidate(1, Role.NEW_HIRE, 60, 0.0).weight < base.weight
    assert Candidate(1, Role.VETERAN, 60, 0.25).weight == 2 * base.weight
    assert Candidate(1, Role.VETERAN, 0, 0.0).weight == 0  # just checked: not drawn again


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), count=st.integers(1, 5))
def test_the_seed_reproduces_the_draw(seed: int, count: int) -> None:
    pool = [Candidate(i, Role.VETERAN, 10 * i, 0.0) for i in range(1, 12)]
    first = draw(pool, count, seed)
    assert first == draw(list(reversed(pool)), count, seed)
    assert len({c.staff_id for c in first}) == len(first) == count


def test_longer_unchecked_people_are_drawn_more_often() -> None:
    pool = [Candidate(1, Role.VETERAN, 10, 0.0), Candidate(2, Role.VETERAN, 200, 0.0),
            Candidate(3, Role.VETERAN, 100, 0.0)]
    counts = Counter(draw(pool, 1, seed)[0].staff_id for seed in range(3000))
    assert counts[2] > counts[3] > counts[1] > 0


def test_plan_draws_certified_staff_in_crm_roles_with_a_recorded_seed(
    demo_store: ProjectStore,
) -> None:
    drawn = plan_checks(demo_store, FIXED_NOW, count=4, period_days=20, seed=11)
    staff = {s.id: s for s in demo_store.all("staff")}
    assert len(drawn) == 4 and {d.planned.seed for d in drawn} == {11}
    for d in drawn:
        person = staff[d.planned.staff_id]
        assert person.active and person.role in (Role.VETERAN, Role.SALES_ASSISTANT,
                                                  Role.NEW_HIRE)
        assert FIXED_NOW.date() < d.planned.due <= FIXED_NOW.date() + timedelta(days=20)
    assert {d.planned.id for d in drawn} <= {p.id for p in open_plans(demo_store)}
    with pytest.raises(SpotCheckError, match="at least one"):
        plan_checks(demo_store, FIXED_NOW, count=0)


def test_checklist_is_one_line_per_step_of_the_version_in_force(demo_store) -> None:
    sop = find_sop(demo_store, "SOP-SAL-01")
    lines = checklist(sop)
    assert lines and all(line.ref == f"SOP-SAL-01 §{line.step_id}" for line in lines)
    assert len(lines) == len(sop.current.step_ids)


def _person(store: ProjectStore, role: Role = Role.VETERAN) -> str:
    certified = {c.staff_id for c in store.all("certifications") if c.valid_on(FIXED_NOW.date())}
    return next(s.name for s in store.all("staff")
                if s.role is role and s.active and s.id in certified)


def test_record_counts_records_and_refuses_unknown_steps(demo_store) -> None:
    who = _person(demo_store)
    results = [StepResult(record="lead 1", step_id=1, conforms=True),
               StepResult(record="lead 1", step_id=3, conforms=False, note="late"),
               StepResult(record="lead 2", step_id=1, conforms=True)]
    check = record_check(demo_store, person=who, sop="SOP-SAL-01", results=results,
                         now=FIXED_NOW)
    assert (check.records_checked, check.deviations) == (2, 1)
    assert check.sop_version == find_sop(demo_store, "SOP-SAL-01").current.version
    with pytest.raises(SpotCheckError, match="has no step §99"):
        record_check(demo_store, person=who, sop="SOP-SAL-01", now=FIXED_NOW,
                     results=[StepResult(record="x", step_id=99, conforms=True)])


def test_a_planned_check_is_marked_done(demo_store) -> None:
    planned = plan_checks(demo_store, FIXED_NOW, count=1, seed=3)[0].planned
    sop = demo_store.get("sops", planned.sop_id)
    step = checklist(sop)[0].step_id
    check = record_check(demo_store, person=planned.staff_id, sop=sop.code, plan_id=planned.id,
                         now=FIXED_NOW, results=[StepResult(record="r", step_id=step,
                                                            conforms=True)])
    assert planned.id not in [p.id for p in open_plans(demo_store)]
    assert check.plan_id == planned.id
    with pytest.raises(SpotCheckError, match="no open planned check"):
        record_check(demo_store, person=planned.staff_id, sop=sop.code, plan_id=planned.id,
                     now=FIXED_NOW, results=[StepResult(record="r", step_id=step,
                                                        conforms=True)])


def _deviating_check(store: ProjectStore, who: str, step: int = 3) -> int:
    results = [StepResult(record=f"lead {step}", step_id=step, conforms=False, note="late")]
    return record_check(store, person=who, sop="SOP-SAL-01", results=results, now=FIXED_NOW).id


def test_the_same_step_deviating_again_opens_a_recurring_issue(demo_store) -> None:
    who = _person(demo_store)
    first = open_issue(demo_store, _deviating_check(demo_store, who), 3, FIXED_NOW)
    second = open_issue(demo_store, _deviating_check(demo_store, who), 3, FIXED_NOW)
    one = demo_store.get("issues", first.consequences[-1].ref)
    two = demo_store.get("issues", second.consequences[-1].ref)
    assert one.category == "process" and one.sop_id == find_sop(demo_store, "SOP-SAL-01").id
    assert "SOP-SAL-01 §3" in one.title
    assert two.recurring and one.id in two.related_ids
    with pytest.raises(SpotCheckError, match="no deviation at §1"):
        open_issue(demo_store, _deviating_check(demo_store, who), 1 + 0, FIXED_NOW)


def test_a_serious_finding_revokes_the_certificate(demo_store) -> None:
    who = _person(demo_store)
    check = revoke(demo_store, _deviating_check(demo_store, who), "ignored the rules",
                   FIXED_NOW)
    revoked = [demo_store.get("certifications", q.ref) for q in check.consequences
               if q.kind is ConsequenceKind.REVOKE]
    assert revoked and all(c.revoked and "ignored the rules" in c.revoked_reason for c in revoked)
    assert not any(c.valid_on(FIXED_NOW.date()) for c in revoked)
    with pytest.raises(SpotCheckError, match="no valid certificate"):
        revoke(demo_store, check.id, "again", FIXED_NOW)


def test_an_unclear_step_starts_an_sop_revision(demo_store) -> None:
    sop_before = find_sop(demo_store, "SOP-SAL-01")
    drafts = sum(1 for v in sop_before.versions if v.status == "draft")
    check = start_revision(demo_store, _deviating_check(demo_store, _person(demo_store)), 3,
                           FIXED_NOW)
    sop = find_sop(demo_store, "SOP-SAL-01")
    assert sum(1 for v in sop.versions if v.status == "draft") == drafts + 1
    assert check.consequences[-1].kind is ConsequenceKind.SOP_REVISION


def test_results_file_errors_name_file_and_line(tmp_path: Path) -> None:
    good = tmp_path / "r.csv"
    good.write_text("记录,步骤,结果,备注\nlead 1,3,偏差,late\nlead 2,3,符合,\n", encoding="utf-8")
    assert [r.conforms for r in read_results(good)] == [False, True]
    bad = tmp_path / "bad.csv"
    bad.write_text("record,step,result\nlead 1,three,ok\n", encoding="utf-8")
    with pytest.raises(SpotCheckError, match=r"bad\.csv:2: .*step must be a number"):
        read_results(bad)
    (tmp_path / "nohead.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SpotCheckError, match=r"nohead\.csv:1: the header needs"):
        read_results(tmp_path / "nohead.csv")


def test_results_go_through_the_shared_sheet_reader(tmp_path: Path) -> None:
    """One reader for every sheet (services.sheets): an XLSX extract reads like its CSV,
    and a missing, empty or wrongly named file is one line naming it."""
    from crmgov.services.sheets import write_sheet

    rows = [["lead 1", 3, "dev", "late"], ["lead 2", 3, "ok", ""]]
    for name in ("r.csv", "r.xlsx"):
        write_sheet(tmp_path / name, ["record", "step", "result", "note"], rows, "Results")
        assert [(r.record, r.step_id, r.conforms, r.note)
                for r in read_results(tmp_path / name)] == [
            ("lead 1", 3, False, "late"), ("lead 2", 3, True, "")]
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(SpotCheckError, match=r"^\S*empty\.csv:1: the file is empty"):
        read_results(tmp_path / "empty.csv")
    with pytest.raises(SpotCheckError, match=r"^\S*missing\.csv: no such file$"):
        read_results(tmp_path / "missing.csv")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_in_every_format(demo_store, lang: str) -> None:
    from crmgov.i18n import set_language

    set_language(lang)
    md = render_report(demo_store, "spotchecks", "md", FIXED_NOW, lang)
    html = render_report(demo_store, "spotchecks", "html", FIXED_NOW, lang)
    docx = render_report(demo_store, "spotchecks", "docx", FIXED_NOW, lang)
    heading = {"en": "# Spot-check report", "zh": "# 抽查报告"}[lang]
    assert isinstance(md, str) and md.startswith(heading)
    assert isinstance(html, str) and "<table>" in html
    assert isinstance(docx, bytes) and docx[:2] == b"PK"


def test_cli(demo_store, capsys, tmp_path: Path) -> None:
    path = str(demo_store.path)
    assert main(["--project", path, "spotcheck", "plan", "--count", "2", "--seed", "5"]) == 0
    assert "seed 5" in capsys.readouterr().out
    assert main(["--project", path, "spotcheck", "checklist", "SOP-SAL-01"]) == 0
    assert "SOP-SAL-01 §1" in capsys.readouterr().out
    who = _person(demo_store)
    assert main(["--project", path, "spotcheck", "record", "--staff", who, "--sop",
                 "SOP-SAL-01", "--result", "lead 9:3:dev:late"]) == 0
    assert main(["--project", path, "spotcheck", "record", "--staff", who, "--sop",
                 "SOP-SAL-01", "--result", "lead 9:3:maybe"]) == 2
    assert "RECORD:STEP:ok|dev" in capsys.readouterr().err
    assert main(["--project", path, "spotcheck", "plan", "--period", "soon"]) == 2
    assert main(["--project", path, "spotcheck", "list", "--json"]) == 0
    assert main(["--project", path, "report", "spotchecks", "--format", "html", "--out",
                 str(tmp_path / "s.html")]) == 0

