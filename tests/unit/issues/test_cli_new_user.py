"""`crmgov issue list` says why it found nothing, and `issue show` marks overdue tasks
(issue 9, items 13 and 8)."""

from __future__ import annotations

import pytest

from crmgov.cli import main
from crmgov.domain.issues.rules import make_task
from crmgov.services.issues.log import add_issue, add_task
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


@pytest.fixture
def logged(empty_store: ProjectStore, monkeypatch: pytest.MonkeyPatch) -> ProjectStore:
    monkeypatch.setattr("crmgov.config.now", lambda: FIXED_NOW)
    add_issue(empty_store, title="Quote PDF", description="No discount", urgency="urgent",
              category="system", owner="Li Wei", now=FIXED_NOW)
    add_task(empty_store, 1, make_task("Fix the template", "Li Wei", "2026-11-20"))
    add_task(empty_store, 1, make_task("Tell sales", "Li Wei", "2026-12-20"))
    return empty_store


def test_an_empty_list_names_its_filters(logged, capsys) -> None:
    code = main(["--project", str(logged.path), "--as", "zhao", "issue", "list", "--mine",
                 "--overdue"])
    assert code == 0
    err = capsys.readouterr().err
    assert "no issue matches" in err and "mine (owner zhao)" in err and "overdue" in err


def test_show_marks_overdue_tasks(logged, capsys) -> None:
    assert main(["--project", str(logged.path), "issue", "show", "1"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert "overdue" in lines[0] and "overdue" not in lines[1]
