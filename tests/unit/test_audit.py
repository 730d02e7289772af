"""The audit trail: every change recorded, tampering found at its first line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.cli import main
from crmgov.config import resolve_actor
from crmgov.domain.enums import PlanKind
from crmgov.domain.plan.model import PlanItem
from crmgov.services.audit import verify_trail
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


@pytest.fixture
def trail(empty_store: ProjectStore) -> ProjectStore:
    issue = synthetic_issues(1, FIXED_NOW)[0]
    for n in range(4):
        with empty_store.transaction("issue.add") as txn:
            added = txn.insert("issues", issue.model_copy(update={"title": f"n{n}"}))
    with empty_store.transaction("issue.edit") as txn:
        txn.update("issues", added.model_copy(update={"title": "edited"}))
    with empty_store.transaction("issue.remove") as txn:
        txn.delete("issues", 1)
    return empty_store


def _verify(store: ProjectStore, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["audit", "verify", "--json", "--project", str(store.path)])
    return code, json.loads(capsys.readouterr().out)


def test_every_change_is_an_event_with_actor_before_and_after(trail: ProjectStore) -> None:
    events = list(trail.audit.events())
    assert [e["action"] for e in events] == ["project.create"] + ["issue.add"] * 4 + [
        "issue.edit", "issue.remove"]
    assert {e["actor"] for e in events} == {"tester"}
    assert events[1]["before"] is None and events[1]["after"]["title"] == "n0"
    assert events[5]["before"]["title"] == "n3" and events[5]["after"]["title"] == "edited"
    assert events[6]["record_id"] == 1 and events[6]["after"] is None
    assert [e["seq"] for e in events] == list(range(1, 8))


def test_intact_trail_exits_0(trail: ProjectStore, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _verify(trail, capsys)
    assert code == 0 and out["ok"] and out["events"] == 7


def _lines(store: ProjectStore) -> list[bytes]:
    return store.audit.path.read_bytes().splitlines(keepends=True)


def _flip_byte(lines: list[bytes]) -> list[bytes]:
    line = bytearray(lines[3])
    at = line.index(b'"title":"') + 9
    line[at] = ord("X")
    return [*lines[:3], bytes(line), *lines[4:]]


@pytest.mark.parametrize(
    ("tamper", "line"),
    [
        (_flip_byte, 4),
        (lambda lines: lines[:2] + lines[3:], 3),  # a line deleted
        (lambda lines: [*lines[:2], lines[3], lines[2], *lines[4:]], 3),  # reordered
    ],
    ids=["edited byte", "deleted line", "reordered"],
)
def test_tampering_exits_1_naming_the_first_broken_line(
    trail: ProjectStore, capsys: pytest.CaptureFixture[str], tamper, line  # type: ignore[no-untyped-def]
) -> None:
    trail.audit.path.write_bytes(b"".join(tamper(_lines(trail))))
    code, out = _verify(trail, capsys)
    assert code == 1 and out["broken_at_line"] == line and not out["ok"]
    assert main(["audit", "verify", "--project", str(trail.path)]) == 1
    assert f"line {line}" in capsys.readouterr().out


def test_removing_the_last_events_is_noticed(
    trail: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    trail.audit.path.write_bytes(b"".join(_lines(trail)[:-2]))
    code, out = _verify(trail, capsys)
    assert code == 1 and "removed" in out["reason"]


def test_torn_last_line_is_reported_and_repaired_by_the_next_append(
    trail: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with trail.audit.path.open("ab") as handle:
        handle.write(b'{"seq":8,"at":"2026-11-')  # a writer killed mid-append
    code, out = _verify(trail, capsys)
    assert code == 0 and out["torn_line"] == 8
    with trail.transaction("issue.edit") as txn:
        txn.update("issues", trail.get("issues", 2))
    report = verify_trail(trail.path)
    assert report.ok and report.torn_line is None and report.events == 8


def test_a_very_long_last_event_is_read_correctly(empty_store: ProjectStore) -> None:
    issue = synthetic_issues(1, FIXED_NOW)[0].model_copy(update={"description": "x" * 200_000})
    with empty_store.transaction("t") as txn:
        txn.insert("issues", issue)
    with empty_store.transaction("t") as txn:
        txn.insert("issues", issue)
    assert verify_trail(empty_store.path).events == 3


def test_actor_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CRMGOV_USER", "env-user")
    assert resolve_actor("cli-user") == "cli-user"
    assert resolve_actor(None) == "env-user"
    monkeypatch.delenv("CRMGOV_USER")
    monkeypatch.setenv("USER", "os-user")
    monkeypatch.setenv("LOGNAME", "os-user")
    assert resolve_actor(None) == "os-user"
    path = tmp_path / "p.json"
    monkeypatch.setenv("CRMGOV_USER", "env-user")
    assert main(["init", str(path), "--name", "P", "--as", "auditor"]) == 0
    first = json.loads(path.with_name("p.audit.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["actor"] == "auditor"


def test_every_trail_line_is_an_audit_event_with_its_own_hash(empty_store: ProjectStore) -> None:
    """The AuditEvent model documents the trail: every written line must fit it."""
    from crmgov.domain.audit import AuditEvent, event_hash
    from crmgov.storage.audit_log import AuditLog

    with empty_store.transaction("test.add") as txn:
        txn.insert("plan", PlanItem(year=1, kind=PlanKind.ANALYSIS, title="Use the reports"))
    for line in AuditLog(empty_store.audit.path).events():
        event = AuditEvent.model_validate(line)
        assert event.hash == event_hash(line)
