"""ProjectStore: transactions, rollback, ids, several store objects, file layout."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from benchmarks.fixtures import synthetic_issues
from crmgov.domain.phases.model import Phase
from crmgov.storage.atomic import orphan_temp_files
from crmgov.storage.audit_log import AuditLog
from crmgov.storage.errors import ProjectExists, ProjectNotFound
from crmgov.storage.store import ProjectStore
from crmgov.storage.transaction import IntegrityError
from tests.conftest import FIXED_NOW, fixed_clock


def _issue(title: str = "t", **extra: object):  # type: ignore[no-untyped-def]
    return synthetic_issues(1, FIXED_NOW)[0].model_copy(update={"title": title, **extra})


def _phase(name: str = "Pilot") -> Phase:
    return Phase(order=1, name=name, goal="pilot the CRM")


def test_insert_update_delete_round_trip(empty_store: ProjectStore) -> None:
    with empty_store.transaction("t") as txn:
        a, b = txn.insert_many("issues", [_issue("a"), _issue("b")])
    assert (a.id, b.id) == (1, 2)
    with empty_store.transaction("t") as txn:
        txn.update("issues", a.model_copy(update={"title": "a2"}))
        txn.delete("issues", b.id)
    again = ProjectStore(empty_store.path, "x")
    assert [i.title for i in again.all("issues")] == ["a2"]
    assert again.count("issues") == 1 and again.ids("issues") == [1]


def test_failed_transaction_changes_nothing_in_memory_or_on_disk(empty_store: ProjectStore) -> None:
    with empty_store.transaction("t") as txn:
        kept = txn.insert("issues", _issue("kept"))
    before = empty_store.path.read_bytes()
    trail = empty_store.audit.path.read_bytes()
    with pytest.raises(RuntimeError), empty_store.transaction("t") as txn:
        txn.insert("issues", _issue("lost"))
        txn.update("issues", kept.model_copy(update={"title": "changed"}))
        txn.delete("issues", kept.id)
        raise RuntimeError("boom")
    assert empty_store.path.read_bytes() == before
    assert empty_store.audit.path.read_bytes() == trail
    assert [i.title for i in empty_store.all("issues")] == ["kept"]
    # The rolled-back insert did not use up an id, and nothing needs rereading.
    with empty_store.transaction("t") as txn:
        assert txn.insert("issues", _issue("next")).id == 2
    assert [i.title for i in ProjectStore(empty_store.path, "x").all("issues")] == ["kept", "next"]


def test_ids_are_never_reused_after_deleting_the_newest(empty_store: ProjectStore) -> None:
    with empty_store.transaction("t") as txn:
        txn.insert_many("issues", [_issue("a"), _issue("b")])
    with empty_store.transaction("t") as txn:
        txn.delete("issues", 2)
    other = ProjectStore(empty_store.path, "other")
    with other.transaction("t") as txn:
        assert txn.insert("issues", _issue("c")).id == 3


def test_two_stores_see_each_others_writes_and_lose_no_ids(empty_store: ProjectStore) -> None:
    first = ProjectStore(empty_store.path, "first", clock=fixed_clock)
    second = ProjectStore(empty_store.path, "second", clock=fixed_clock)
    first.load()
    second.load()
    for n in range(5):
        with first.transaction("t") as txn:
            txn.insert("issues", _issue(f"first {n}"))
        with second.transaction("t") as txn:  # reloads: first's write is visible
            txn.insert("issues", _issue(f"second {n}"))
    assert first.count("issues") == 9  # has not refreshed since its last write
    assert first.refresh() is True
    assert second.refresh() is False
    titles = [i.title for i in first.all("issues")]
    assert len(titles) == 10 and len({i.id for i in first.all("issues")}) == 10
    assert titles[:2] == ["first 0", "second 0"]


def test_same_size_rewrite_is_still_noticed(empty_store: ProjectStore) -> None:
    """inode+size+mtime can repeat; the audit trail's growth makes the signature move."""
    with empty_store.transaction("t") as txn:
        issue = txn.insert("issues", _issue("aaaa"))
    reader = ProjectStore(empty_store.path, "r")
    reader.load()
    with empty_store.transaction("t") as txn:
        txn.update("issues", issue.model_copy(update={"title": "bbbb"}))  # same size
    assert reader.refresh() is True
    assert reader.get("issues", issue.id).title == "bbbb"


def test_deleting_a_referenced_record_is_refused(empty_store: ProjectStore) -> None:
    with empty_store.transaction("t") as txn:
        phase = txn.insert("phases", _phase())
        txn.insert("issues", _issue("in phase", phase_id=phase.id))
    with pytest.raises(IntegrityError, match="phase_id"), empty_store.transaction("t") as txn:
        txn.delete("phases", phase.id)
    assert empty_store.count("phases") == 1
    ProjectStore(empty_store.path, "x").load()  # still loads


def test_dangling_reference_on_insert_is_refused(empty_store: ProjectStore) -> None:
    with pytest.raises(ValueError, match="phase_id 9"), empty_store.transaction("t") as txn:
        txn.insert("issues", _issue(phase_id=9))
    assert empty_store.count("issues") == 0


def test_transactions_do_not_nest(empty_store: ProjectStore) -> None:
    with pytest.raises(RuntimeError, match="nest"), empty_store.transaction("a"):
        with empty_store.transaction("b"):
            pass


def test_threads_take_turns_instead_of_failing(empty_store: ProjectStore) -> None:
    """The TUI saves in worker threads: a save that starts during another one waits for it
    (it must neither fail as "nested" nor run inside it)."""
    import threading

    from crmgov.domain.issues.model import Issue

    def issue(title: str) -> Issue:
        return Issue(title=title, description="d", created_at=datetime(2026, 11, 1))

    errors: list[BaseException] = []

    def second_save() -> None:
        try:
            with empty_store.transaction("test.second") as txn:
                txn.insert("issues", issue("second"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    other = threading.Thread(target=second_save)
    with empty_store.transaction("test.first") as txn:
        txn.insert("issues", issue("first"))
        other.start()
        other.join(timeout=0.5)  # bounded: it must still be waiting for its turn
        assert other.is_alive() and errors == []
    other.join()
    assert errors == []
    assert [i.title for i in empty_store.all("issues")] == ["first", "second"]
    assert ProjectStore(empty_store.path, "x").count("issues") == 2


def test_a_missing_table_in_an_older_file_reads_as_empty(empty_store: ProjectStore) -> None:
    data = orjson.loads(empty_store.path.read_bytes())
    del data["plan"], data["issues"]
    empty_store.path.write_bytes(orjson.dumps(data))
    store = ProjectStore(empty_store.path, "x")
    assert store.all("issues") == [] and store.count("plan") == 0
    with store.transaction("t") as txn:
        txn.insert("issues", _issue())
    assert ProjectStore(empty_store.path, "x").count("issues") == 1


def test_file_is_tinydb_layout_with_one_record_per_line(empty_store: ProjectStore) -> None:
    with empty_store.transaction("t") as txn:
        txn.insert_many("issues", [_issue("a"), _issue("b"), _issue("c")])
    lines = empty_store.path.read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith('"') and '"title":' in line for line in lines) == 3
    db = TinyDB(empty_store.path, access_mode="r")
    assert [d["title"] for d in db.table("issues").all()] == ["a", "b", "c"]
    db.close()


def test_create_refuses_to_overwrite_and_open_needs_a_file(tmp_path: Path) -> None:
    from crmgov.services.projects import init_project, open_project

    init_project(tmp_path / "p.json", "P", "me", clock=fixed_clock)
    with pytest.raises(ProjectExists):
        init_project(tmp_path / "p.json", "P", "me", clock=fixed_clock)
    with pytest.raises(ProjectNotFound):
        open_project(tmp_path / "missing.json", "me")


def test_a_symlinked_project_keeps_its_link(empty_store: ProjectStore, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(empty_store.path)
    store = ProjectStore(link, "x")
    with store.transaction("t") as txn:
        txn.insert("issues", _issue())
    assert link.is_symlink()
    assert ProjectStore(empty_store.path, "y").count("issues") == 1


def test_orphaned_temp_files_are_removed_on_open(empty_store: ProjectStore) -> None:
    orphan = empty_store.path.with_name(f".{empty_store.path.name}.99999.tmp")
    orphan.write_bytes(b"{half a file")
    ProjectStore(empty_store.path, "x").load()
    assert not orphan_temp_files(empty_store.path)


def test_events_that_never_reached_the_file_are_reconciled(empty_store: ProjectStore) -> None:
    """A writer killed between appending its events and replacing the file."""
    AuditLog(empty_store.audit.path).append([empty_store._event("ghost", "issues", 1, None, {})])
    with empty_store.transaction("t") as txn:
        txn.insert("issues", _issue())
    actions = [e["action"] for e in empty_store.audit.events()]
    assert actions[-3:] == ["ghost", "audit.reconcile", "t"]
    last = list(empty_store.audit.events())[-2]
    assert last["before"] == {"audit_seq": 1} and last["after"] == {"audit_seq": 2}


def test_read_only_folder_still_opens(empty_store: ProjectStore) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    folder = empty_store.path.parent
    folder.chmod(0o555)
    try:
        assert ProjectStore(empty_store.path, "x").project.name == "Test project"
    finally:
        folder.chmod(0o755)
