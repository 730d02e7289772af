"""The gate's use cases on a tmp-path store: phases from the checklist, evidence files
pinned by hash, sign-off by the item's role, waivers, the sponsor's signature freezing the
figures, "signed, since regressed", closing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from crmgov.domain.certification.model import QuizAttempt
from crmgov.domain.enums import PhaseStatus
from crmgov.domain.phases.errors import PhaseRuleError
from crmgov.services.phases import gate, manage
from crmgov.services.phases.checklists import GateChecklists, load_gate_checklists
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW
from tests.unit.phases.helpers import cert, issue, person

TOML = '''
[[pilot]]
id = "certified"
en = "Pilot users certified"
zh = "试点用户持证"
live = "certification"
threshold = 1.0

[[pilot]]
id = "urgent"
en = "No urgent issue overdue"
zh = "无超期紧急问题"
live = "urgent_overdue"

[[pilot]]
id = "report"
en = "Evaluation report"
zh = "评估报告"
role = "sponsor"

[[expand]]
id = "x"
en = "X"
zh = "甲"

[[integrate]]
id = "y"
en = "Y"
zh = "乙"
'''


@pytest.fixture
def checklists(tmp_path: Path) -> GateChecklists:
    path = tmp_path / "gates.toml"
    path.write_text(TOML, encoding="utf-8")
    return load_gate_checklists(path)


@pytest.fixture
def store(empty_store: ProjectStore, checklists: GateChecklists) -> ProjectStore:
    """Sponsor named, two certified East sales people, one pilot phase."""
    manage.set_people(empty_store, sponsor="Sponsor", consultant="Consultant")
    with empty_store.transaction("test") as txn:
        for p in (person(1), person(2)):
            txn.insert("staff", p.model_copy(update={"id": 0}))
    with empty_store.transaction("test") as txn:
        for pid in (1, 2):
            txn.insert("quiz_attempts", QuizAttempt(staff_id=pid, bank="b", taken_at=FIXED_NOW,
                                                    system_score=90, process_score=90))
        for c in (cert(1), cert(2)):
            txn.insert("certifications", c.model_copy(update={"id": 0}))
    manage.add_phase(empty_store, name="Pilot", goal="Prove it", kind="pilot",
                     departments=["Sales"], regions=["East"], checklists=checklists)
    return empty_store


def _evidence_file(store: ProjectStore, text: str = "report v1") -> Path:
    path = store.path.parent / "report.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_new_phase_takes_its_kinds_checklist(store: ProjectStore) -> None:
    phase = manage.get_phase(store, 1)
    assert [(i.key, i.live, i.role) for i in phase.gate] == [
        ("certified", "certification", "project_manager"), ("urgent", "urgent_overdue",
                                                            "project_manager"),
        ("report", "", "sponsor")]
    result = gate.evaluate(store, None, FIXED_NOW)
    assert result.state == "blocked" and [r.item.key for r in result.blockers] == ["report"]


def test_sign_off_by_the_items_role_only(store: ProjectStore) -> None:
    path = _evidence_file(store)
    with pytest.raises(PhaseRuleError, match="record evidence"):
        gate.sign_off_item(store, 1, "report", by="Sponsor", now=FIXED_NOW)
    gate.record_evidence(store, 1, "report", note="signed report", file=str(path))
    item = manage.get_phase(store, 1).gate[2]
    assert item.file is not None and item.file.size == len("report v1")
    assert len(item.file.sha256) == 64
    with pytest.raises(PhaseRuleError, match="only the executive sponsor"):
        gate.sign_off_item(store, 1, "report", by="Consultant", now=FIXED_NOW)
    with pytest.raises(PhaseRuleError, match="computed"):
        gate.sign_off_item(store, 1, "certified", by="Sponsor", now=FIXED_NOW)
    gate.sign_off_item(store, 1, "report", by="Sponsor", now=FIXED_NOW)
    assert gate.evaluate(store, 1, FIXED_NOW).passes


def test_a_changed_evidence_file_is_flagged_and_blocks(store: ProjectStore) -> None:
    path = _evidence_file(store)
    gate.record_evidence(store, 1, "report", file=path.name)  # relative to the project
    gate.sign_off_item(store, 1, "report", by="Sponsor", now=FIXED_NOW)
    gate.sign_gate(store, 1, by="Sponsor", now=FIXED_NOW)
    path.write_text("report v2, edited after the sign-off", encoding="utf-8")
    result = gate.evaluate(store, 1, FIXED_NOW)
    report = result.items[2]
    assert report.file_changed and not report.passed and report.regressed
    assert result.state == "regressed"
    with pytest.raises(PhaseRuleError, match="changed"):
        gate.sign_off_item(store, 1, "report", by="Sponsor", now=FIXED_NOW)
    path.unlink()
    assert gate.evaluate(store, 1, FIXED_NOW).items[2].figure == "evidence file gone"
    with pytest.raises(PhaseRuleError, match="cannot read"):
        gate.record_evidence(store, 1, "report", file="report.md")


def test_waiver_lets_a_failing_item_pass_until_its_day(store: ProjectStore) -> None:
    with store.transaction("test") as txn:
        txn.insert("issues", issue(0, urgent=True, hours_ago=60).model_copy(
            update={"created_at": FIXED_NOW - timedelta(hours=60)}))
    urgent = gate.evaluate(store, 1, FIXED_NOW).items[1]
    assert not urgent.passed and urgent.blocks
    with pytest.raises(PhaseRuleError, match="passes"):
        gate.waive_item(store, 1, "certified", reason="r", by="Sponsor",
                        until=date(2026, 12, 1), now=FIXED_NOW)
    with pytest.raises(PhaseRuleError, match="past"):
        gate.waive_item(store, 1, "urgent", reason="r", by="Sponsor",
                        until=date(2026, 11, 22), now=FIXED_NOW)
    gate.waive_item(store, 1, 2, reason="patch due", by="Sponsor", until=date(2026, 11, 30),
                    now=FIXED_NOW)
    waived = gate.evaluate(store, 1, FIXED_NOW).items[1]
    assert waived.waived and not waived.blocks and not waived.passed
    late = gate.evaluate(store, 1, FIXED_NOW + timedelta(days=8)).items[1]
    assert late.blocks and late.waiver_expired


def test_sign_gate_freezes_the_figures_and_shows_a_later_regression(
    store: ProjectStore,
) -> None:
    with pytest.raises(PhaseRuleError, match="neither pass nor are waived"):
        gate.sign_gate(store, 1, by="Sponsor", now=FIXED_NOW)
    gate.record_evidence(store, 1, "report", note="report v1")
    gate.sign_off_item(store, 1, "report", by="Sponsor", now=FIXED_NOW)
    with pytest.raises(PhaseRuleError, match="only the executive sponsor"):
        gate.sign_gate(store, 1, by="Consultant", now=FIXED_NOW)
    with pytest.raises(PhaseRuleError, match="cannot close"):
        manage.close_phase(store, 1, FIXED_NOW.date())
    gate.sign_gate(store, 1, by="Sponsor", now=FIXED_NOW)
    signed = manage.get_phase(store, 1).sign_off
    assert signed is not None and [f.figure for f in signed.items] == ["2/2 (100%)", "0",
                                                                      "signed off"]
    assert gate.evaluate(store, 1, FIXED_NOW).state == "signed"
    # A new pilot user without a certificate: the live figure regresses, the frozen stays.
    with store.transaction("test") as txn:
        txn.insert("staff", person(3).model_copy(update={"id": 0}))
    result = gate.evaluate(store, 1, FIXED_NOW)
    assert result.state == "regressed" and [r.item.key for r in result.regressed] == [
        "certified"]
    assert manage.get_phase(store, 1).sign_off.items[0].figure == "2/2 (100%)"
    closed = manage.close_phase(store, 1, FIXED_NOW.date())
    assert closed.status is PhaseStatus.DONE and closed.actual_end == FIXED_NOW.date()


def test_phase_life_cycle_and_evaluation(store: ProjectStore) -> None:
    started = manage.start_phase(store, 1, FIXED_NOW.date())
    assert started.status is PhaseStatus.ACTIVE and started.actual_start == FIXED_NOW.date()
    with pytest.raises(PhaseRuleError, match="already"):
        manage.start_phase(store, 1, FIXED_NOW.date())
    with pytest.raises(PhaseRuleError, match="only the executive sponsor"):
        gate.record_evaluation(store, 1, results="ok", decision="proceed", by="X",
                               today=FIXED_NOW.date())
    evaluated = gate.record_evaluation(store, 1, results="ok", adjustments="fewer stages",
                                       decision="proceed", by="Sponsor",
                                       today=FIXED_NOW.date())
    assert evaluated.status is PhaseStatus.EVALUATING and evaluated.evaluation is not None
    stop = gate.record_evaluation(store, 1, results="no", decision="stop", by="Sponsor",
                                  today=FIXED_NOW.date())
    assert stop.status is PhaseStatus.ON_HOLD
    edited = manage.edit_phase(store, 1, regions=["East", "South"], name="Pilot East+South")
    assert edited.scope.regions == ["East", "South"] and edited.name == "Pilot East+South"
    with pytest.raises(PhaseRuleError, match="planned_end is before planned_start"):
        manage.edit_phase(store, 1, planned_start=date(2026, 5, 1),
                          planned_end=date(2026, 4, 1))
    with pytest.raises(PhaseRuleError, match="no gate item"):
        gate.record_evidence(store, 1, "nope", note="x")


def test_older_project_files_still_load(empty_store: ProjectStore) -> None:
    """A phase written before gates had sorts (text, evidence, sign-off only)."""
    from crmgov.domain.phases.model import Phase

    old = Phase.model_validate({"order": 1, "name": "P", "goal": "g", "gate": [
        {"text": "A", "evidence": "doc", "signed_off_by": "PM",
         "signed_off_at": "2026-01-01T09:00:00"}]})
    assert old.gate[0].met and old.gate[0].role == "project_manager" and not old.gate[0].live
    assert load_gate_checklists().pilot[0].live == "certification"
