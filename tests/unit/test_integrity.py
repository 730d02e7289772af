"""References between records: every named id must exist."""

from __future__ import annotations

from datetime import datetime

from crmgov.domain.integrity import dangling_references
from crmgov.domain.issues.model import Issue

NOW = datetime(2026, 11, 1)


def _issue(i: int, **kw: object) -> Issue:
    return Issue(id=i, title="t", description="d", created_at=NOW, **kw)


def test_scalar_and_list_references_are_both_checked() -> None:
    issues = {1: _issue(1), 2: _issue(2, related_ids=[1, 7]), 3: _issue(3, phase_id=4)}
    problems = dangling_references(
        {"issues": issues.keys(), "phases": {1: None}.keys()}, {"issues": issues.values()}
    )
    assert problems == [
        "issues record 3: phase_id 4 does not exist in phases",
        "issues record 2: related_ids 7 does not exist in issues",
    ]


def test_nothing_named_means_nothing_to_report() -> None:
    issues = {1: _issue(1), 2: _issue(2, related_ids=[1])}
    assert dangling_references({"issues": issues.keys()}, {"issues": issues.values()}) == []
