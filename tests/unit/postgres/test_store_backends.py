"""The store contract, the same on both backends: the JSON file and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.domain.audit import GENESIS, event_hash
from crmgov.domain.phases.model import Phase
from crmgov.services.projects import open_project
from crmgov.storage.interface import Store
from crmgov.storage.transaction import IntegrityError
from tests.conftest import FIXED_NOW


def _issue(title: str = "t", **extra: object) -> Any:
    return synthetic_issues(1, FIXED_NOW)[0].model_copy(update={"title": title, **extra})


def _reopen(store: Store) -> Store:
    return open_project(store.location, "other")


def _trail(store: Store) -> list[dict[str, Any]]:
    import orjson

    if store.file_backed:
        lines = store.path.with_name(store.path.stem + ".audit.jsonl").read_bytes()
        return [orjson.loads(line) for line in lines.splitlines()]
    return [orjson.loads(line) for line in store.audit_lines()]  # type: ignore[attr-defined]


def test_both_backends_satisfy_the_interface(store: Store) -> None:
    assert isinstance(store, Store)


def test_insert_update_delete_round_trip(store: Store) -> None:
    with store.transaction("t") as txn:
        a, b = txn.insert_many("issues", [_issue("a"), _issue("b")])
    assert (a.id, b.id) == (1, 2)
    with store.transaction("t") as txn:
        txn.update("issues", a.model_copy(update={"title": "a2"}))
        txn.delete("issues", b.id)
    again = _reopen(store)
    assert [i.title for i in again.all("issues")] == ["a2"]
    assert again.count("issues") == 1 and again.ids("issues") == [1]


def test_a_failed_transaction_changes_nothing(store: Store) -> None:
    with store.transaction("t") as txn:
        kept = txn.insert("issues", _issue("kept"))
    with pytest.raises(RuntimeError), store.transaction("t") as txn:
        txn.insert("issues", _issue("lost"))
        txn.update("issues", kept.model_copy(update={"title": "changed"}))
        raise RuntimeError("boom")
    assert [i.title for i in store.all("issues")] == ["kept"]
    assert [i.title for i in _reopen(store).all("issues")] == ["kept"]
    with store.transaction("t") as txn:
        assert txn.insert("issues", _issue("next")).id == 2


def test_ids_are_never_reused(store: Store) -> None:
    with store.transaction("t") as txn:
        txn.insert_many("issues", [_issue("a"), _issue("b")])
    with store.transaction("t") as txn:
        txn.delete("issues", 2)
    other = _reopen(store)
    with other.transaction("t") as txn:
        assert txn.insert("issues", _issue("c")).id == 3


def test_references_are_checked(store: Store) -> None:
    with store.transaction("t") as txn:
        phase = txn.insert("phases", Phase(order=1, name="Pilot", goal="pilot"))
        txn.insert("issues", _issue("in phase", phase_id=phase.id))
    with pytest.raises(IntegrityError, match="phase_id"), store.transaction("t") as txn:
        txn.delete("phases", phase.id)
    with pytest.raises(ValueError, match="phase_id 9"), store.transaction("t") as txn:
        txn.insert("issues", _issue(phase_id=9))
    assert _reopen(store).count("phases") == 1 and _reopen(store).count("issues") == 1


def test_two_stores_see_each_others_writes(store: Store) -> None:
    first, second = _reopen(store), _reopen(store)
    for n in range(3):
        with first.transaction("t") as txn:
            txn.insert("issues", _issue(f"first {n}"))
        with second.transaction("t") as txn:
            txn.insert("issues", _issue(f"second {n}"))
    assert first.changed_on_disk() is True
    assert first.refresh() is True and second.refresh() is False
    assert len({i.id for i in first.all("issues")}) == 6


def test_the_audit_chain_links_every_change(store: Store) -> None:
    with store.transaction("issue.add") as txn:
        txn.insert("issues", _issue("a"))
    with store.transaction("issue.edit") as txn:
        txn.update("issues", store.get("issues", 1).model_copy(update={"title": "b"}))
    events = _trail(store)
    assert [e["action"] for e in events] == ["project.create", "issue.add", "issue.edit"]
    prev = GENESIS
    for seq, event in enumerate(events, start=1):
        assert event["seq"] == seq and event["prev_hash"] == prev
        assert event["hash"] == event_hash(event)
        prev = event["hash"]
    assert store.audit_seq == 3
