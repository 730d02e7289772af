"""Issue 19: the detached index writer does not run when the index for these bytes exists."""

from __future__ import annotations

import os

import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.services.issues.index import INDEX_MIN_ISSUES, refresh_index, refresh_index_detached
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def test_no_writer_is_forked_when_the_index_is_current(
    empty_store: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with empty_store.transaction("fill") as txn:
        txn.insert_many("issues", synthetic_issues(INDEX_MIN_ISSUES, FIXED_NOW))
    assert refresh_index(empty_store)
    reader = ProjectStore(empty_store.path, "reader")
    reader.load()

    def no_fork() -> int:
        raise AssertionError("forked a writer for an index that is already saved")

    monkeypatch.setattr(os, "fork", no_fork)
    assert refresh_index_detached(reader) is False
    # After a change the index is out of date: then a writer is wanted (and forked).
    with reader.transaction("t") as txn:
        txn.update("issues", reader.get("issues", 1).model_copy(update={"title": "changed"}))
    with pytest.raises(AssertionError, match="forked"):
        refresh_index_detached(reader)
