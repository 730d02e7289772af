"""Issue 18, an audit trail an auditor can trust: replay against the file, accept with a
reason, lost ranges never healed silently, anchors a forger cannot recompute."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from crmgov.cli import main
from crmgov.domain.audit import GENESIS, event_hash
from crmgov.services.audit import accept_changes, anchor_of, latest_anchor, verify_trail
from crmgov.services.issues.log import add_issue
from crmgov.services.issues.reports import render_report
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


@pytest.fixture
def store(empty_store: ProjectStore) -> ProjectStore:
    for n in range(3):
        add_issue(empty_store, title=f"issue {n}", description="d", urgency="urgent",
                  now=FIXED_NOW)
    return empty_store


def _verify(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    code = main(["audit", "verify", "--json", "--project", str(path), *extra])
    return code, json.loads(capsys.readouterr().out)


def _edit_file(path: Path, old: bytes, new: bytes) -> None:
    raw = path.read_bytes()
    assert old in raw
    path.write_bytes(raw.replace(old, new))


def _rechain(lines: list[dict]) -> bytes:
    """What a forger does: recompute every hash after an edit."""
    prev, out = GENESIS, b""
    for event in lines:
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(event)
        out += orjson.dumps(event) + b"\n"
    return out


def test_a_record_changed_outside_crmgov_is_reported_by_record_and_field(
    store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _verify(store.path, capsys)[0] == 0
    _edit_file(store.path, b'"title":"issue 1"', b'"title":"rewritten"')
    code, out = _verify(store.path, capsys)
    assert code == 1 and not out["ok"]
    assert out["drift"] == [{"table": "issues", "record_id": "2", "kind": "changed",
                             "fields": ["title"]}]
    assert main(["audit", "verify", "--project", str(store.path)]) == 1
    assert "issues record 2: changed outside crmgov: title" in capsys.readouterr().out


def test_accept_with_a_reason_records_the_edit_as_an_audited_event(
    store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_file(store.path, b'"title":"issue 1"', b'"title":"rewritten"')
    assert main(["audit", "accept", "--reason", "  ", "--project", str(store.path)]) == 2
    assert main(["audit", "accept", "--reason", "git merge of branch x",
                 "--project", str(store.path)]) == 0
    capsys.readouterr()
    last = list(store.audit.events())[-1]
    assert last["action"] == "audit.accept" and last["reason"] == "git merge of branch x"
    assert last["before"]["title"] == "issue 1" and last["after"]["title"] == "rewritten"
    assert _verify(store.path, capsys)[0] == 0


def test_a_forged_appended_event_does_not_match_the_file(
    store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    events = list(store.audit.events())
    forged = {**events[-1], "seq": events[-1]["seq"] + 1, "after": {**events[-1]["after"],
                                                                     "title": "forged"}}
    store.audit.path.write_bytes(_rechain([*events, forged]))
    _edit_file(store.path, b'"audit_seq":4', b'"audit_seq":5')  # "the file reflects it"
    code, out = _verify(store.path, capsys)
    assert code == 1 and out["drift"][0]["fields"] == ["title"]


def test_a_rewritten_middle_event_is_caught_by_an_earlier_anchor(
    store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    anchor = anchor_of(store.path)
    assert anchor is not None
    events = list(store.audit.events())
    events[1]["actor"] = "someone else"  # who did it: a change the file cannot show
    store.audit.path.write_bytes(_rechain(events))
    code, out = _verify(store.path, capsys)
    assert code == 0  # the chain and the file agree: only the anchor can tell
    code, out = _verify(store.path, capsys, "--anchor", anchor.text)
    assert code == 1 and out["anchor"]["found_at"] is None


def test_an_anchor_still_held_verifies_and_a_bad_one_is_bad_input(
    store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "anchor", "--project", str(store.path)]) == 0
    printed = capsys.readouterr().out.strip()
    add_issue(store, title="later", description="d", urgency="general", now=FIXED_NOW)
    code, out = _verify(store.path, capsys, "--anchor", printed)
    assert code == 0 and out["anchor"]["found_at"] == int(printed.split(":")[0])
    assert main(["audit", "verify", "--anchor", "nothex", "--project", str(store.path)]) == 2


def test_a_cut_tail_is_recorded_as_lost_and_reported_until_accepted(
    store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = store.audit.path.read_bytes().splitlines(keepends=True)
    store.audit.path.write_bytes(b"".join(lines[:-1]))
    assert _verify(store.path, capsys)[0] == 1
    add_issue(store, title="next", description="d", urgency="general", now=FIXED_NOW)
    code, out = _verify(store.path, capsys)  # an ordinary write does not heal it
    assert code == 1 and out["lost"] == [[4, 4]]
    add_issue(store, title="and next", description="d", urgency="general", now=FIXED_NOW)
    assert _verify(store.path, capsys)[1]["lost"] == [[4, 4]]
    accepted = accept_changes(store, "trail restored from a backup one event short")
    assert accepted.lost == [(4, 4)]
    assert _verify(store.path, capsys)[0] == 0


def test_cutting_the_tail_and_lowering_audit_seq_is_noticed(
    store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = store.audit.path.read_bytes().splitlines(keepends=True)
    store.audit.path.write_bytes(b"".join(lines[:-1]))
    _edit_file(store.path, b'"audit_seq":4', b'"audit_seq":3')
    code, out = _verify(store.path, capsys)
    assert code == 1 and out["drift"][0]["kind"] == "added" and out["drift"][0]["record_id"] == "3"


def test_reports_carry_the_latest_anchor(store: ProjectStore) -> None:
    anchor = latest_anchor(store)
    assert anchor is not None and anchor.seq == 4
    for fmt in ("md", "html"):
        assert anchor.text in render_report(store, "issues", fmt, FIXED_NOW, "en")
    assert anchor.text in render_report(store, "preventive", "md", FIXED_NOW, "zh")


def test_an_interrupted_writer_is_not_drift(store: ProjectStore) -> None:
    """Events appended by a writer killed before its replace never landed: not drift."""
    store.audit.append([store._event("ghost", "issues", 1, None, {"title": "never"})])
    assert verify_trail(store.path).ok


def test_a_project_file_that_is_not_json_does_not_verify(store: ProjectStore) -> None:
    store.path.write_bytes(b"{broken")
    report = verify_trail(store.path)
    assert not report.ok and report.missing is not None
