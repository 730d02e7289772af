"""Each closure-checklist line at its boundary, and the checklist file's errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from crmgov.domain.handover.checklist import CHECKS, HandoverFacts, ItemState, evaluate
from crmgov.services.handover.checklist import HandoverChecklistError, load_checklist

CLEAN = HandoverFacts(
    sops_total=3, sops_approved=3, sops_not_approved=[], sops_review_overdue=[],
    open_issues=4, open_issues_ownerless=[], self_handling_total=2, self_handling_missing=[],
    recurring_without_preventive=[], internal_owner="Li", internal_owner_on_staff=True,
    owner_readiness_reviewed=True, plan_items=5, plan_reviewed=5, plan_signed=True,
    crm_staff=20, certified=19, quality_tables=4, quality_failing=[], phases=3, gates_open=[],
    audit_ok=True,
)


def _one(check: str, facts: HandoverFacts, threshold: float | None = None) -> ItemState:
    return evaluate(facts, [(check, threshold)])[0].state


def test_a_clean_close_passes_every_check() -> None:
    results = evaluate(CLEAN, [(c, 0.95) for c in CHECKS])
    assert all(r.passed for r in results), [r for r in results if not r.passed]


@pytest.mark.parametrize(
    ("check", "change", "state"),
    [
        ("sops_in_force", {"sops_not_approved": ["S-1"], "sops_approved": 2}, ItemState.FAIL),
        ("sops_in_force", {"sops_review_overdue": ["S-1"]}, ItemState.FAIL),
        ("sops_in_force", {"sops_review_overdue": None}, ItemState.UNKNOWN),
        ("sops_in_force", {"sops_total": 0, "sops_approved": 0}, ItemState.FAIL),
        ("open_issues_owned", {"open_issues_ownerless": [7]}, ItemState.FAIL),
        ("self_handling", {"self_handling_missing": [3]}, ItemState.FAIL),
        ("recurring_prevented", {"recurring_without_preventive": [9]}, ItemState.FAIL),
        ("internal_owner", {"internal_owner": ""}, ItemState.FAIL),
        ("internal_owner", {"internal_owner_on_staff": False}, ItemState.FAIL),
        ("internal_owner", {"owner_readiness_reviewed": None}, ItemState.UNKNOWN),
        ("internal_owner", {"owner_readiness_reviewed": False}, ItemState.FAIL),
        ("plan_reviewed", {"plan_reviewed": 4}, ItemState.FAIL),
        ("plan_reviewed", {"plan_items": 0, "plan_reviewed": 0}, ItemState.FAIL),
        ("plan_reviewed", {"plan_signed": None}, ItemState.UNKNOWN),
        ("data_quality", {"quality_failing": ["contacts"]}, ItemState.FAIL),
        ("data_quality", {"quality_tables": 0}, ItemState.UNKNOWN),
        ("gates_signed", {"gates_open": ["Pilot"]}, ItemState.FAIL),
        ("gates_signed", {"phases": 0}, ItemState.FAIL),
        ("audit_intact", {"audit_ok": False, "audit_problem": "line 3"}, ItemState.FAIL),
    ],
)
def test_each_check_fails_on_its_fault(check: str, change: dict, state: ItemState) -> None:
    assert _one(check, CLEAN) is ItemState.PASS
    assert _one(check, replace(CLEAN, **change)) is state


def test_certification_coverage_at_its_threshold() -> None:
    at = replace(CLEAN, crm_staff=20, certified=19)  # 95 %
    assert _one("certification_coverage", at, 0.95) is ItemState.PASS
    assert _one("certification_coverage", replace(at, certified=18), 0.95) is ItemState.FAIL
    assert _one("certification_coverage", at, None) is ItemState.FAIL  # default: everyone
    assert _one("certification_coverage", replace(at, crm_staff=0, certified=0)) is (
        ItemState.UNKNOWN
    )


def test_failing_lines_name_what_fails_and_where_to_fix_it() -> None:
    result = evaluate(replace(CLEAN, open_issues_ownerless=[4, 9]), [("open_issues_owned", None)])
    assert result[0].subjects == ["#4", "#9"] and result[0].fix == "issues"
    assert result[0].figure == "2/4"


def test_the_shipped_checklist_names_every_check_once() -> None:
    lines = load_checklist()
    assert sorted(line.check for line in lines) == sorted(CHECKS)
    assert all(line.en and line.zh for line in lines)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[item]]\ncheck = "nope"\nen = "a"\nzh = "b"\n',
         r"handover\.toml:1: unknown check 'nope'"),
        ('[[item]]\ncheck = "data_quality"\nen = "a"\nzh = "b"\n\n[[item]]\n'
         'check = "data_quality"\nen = "a"\nzh = "b"\n', r":6: check 'data_quality' appears twice"),
        ('[[item]]\ncheck = "data_quality"\nen = "a"\n', r":1: field 'zh' must be non-empty"),
        ('[[item]]\ncheck = "data_quality"\nen = "a"\nzh = "b"\ncolour = 1\n',
         r":1: unknown field 'colour'"),
        ('[[item]]\ncheck = "certification_coverage"\nen = "a"\nzh = "b"\nthreshold = 2\n',
         r":1: threshold must be a number from 0 to 1"),
        ('[[item]\n', r"not valid TOML"),
        ('[gates]\n', r"unknown table 'gates'"),
        ('', r"no \[\[item\]\] entries"),
    ],
)
def test_checklist_file_errors_name_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "handover.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HandoverChecklistError, match=message):
        load_checklist(path)
