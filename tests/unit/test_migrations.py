"""Schema migrations: an older file is migrated, with a backup of its exact bytes first."""

from __future__ import annotations

import orjson
import pytest

from crmgov.services.audit import verify_trail
from crmgov.storage import migrations
from crmgov.storage.store import ProjectStore

V1 = {
    "project": {"1": {"name": "Old", "language": "en", "created_at": "2025-01-02T03:04:05",
                      "sla_urgent_hours": 24, "sla_general_hours": 72}},
    "issues": {},
}


@pytest.fixture
def v1_path(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "old.json"
    path.write_bytes(orjson.dumps(V1, option=orjson.OPT_INDENT_2))
    return path


def test_v1_file_is_migrated_with_a_backup_and_an_event(v1_path) -> None:  # type: ignore[no-untyped-def]
    original = v1_path.read_bytes()
    store = ProjectStore(v1_path, "migrator")
    assert store.project.sla.urgent_hours == 24 and store.project.sla.general_hours == 72
    assert (v1_path.parent / "old.json.v1.bak").read_bytes() == original
    data = orjson.loads(v1_path.read_bytes())
    assert data["_meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION
    assert "sla_urgent_hours" not in data["project"]["1"]
    events = list(store.audit.events())
    assert events[-1]["action"].startswith("schema.migrate v1")
    assert events[-1]["actor"] == "migrator"
    assert verify_trail(v1_path).ok
    # Opening again neither migrates again nor logs again.
    ProjectStore(v1_path, "again").load()
    assert len(list(store.audit.events())) == len(events)


def test_a_second_old_copy_gets_its_own_backup(v1_path) -> None:  # type: ignore[no-untyped-def]
    ProjectStore(v1_path, "a").load()
    other = dict(V1, project={"1": {**V1["project"]["1"], "name": "Other"}})
    v1_path.write_bytes(orjson.dumps(other))
    ProjectStore(v1_path, "a").load()
    assert (v1_path.parent / "old.json.v1.2.bak").read_bytes() == orjson.dumps(other)


def test_a_v1_file_that_fails_validation_is_not_rewritten(v1_path) -> None:  # type: ignore[no-untyped-def]
    from crmgov.storage.errors import DamagedProject

    bad = dict(V1, project={"1": {**V1["project"]["1"], "name": " "}})
    v1_path.write_bytes(orjson.dumps(bad))
    with pytest.raises(DamagedProject, match="name"):
        ProjectStore(v1_path, "a").load()
    assert v1_path.read_bytes() == orjson.dumps(bad)


def test_migrate_steps_are_pure() -> None:
    data = orjson.loads(orjson.dumps(V1))
    out = migrations.migrate(data)
    assert out["project"]["1"]["sla"] == {"urgent_hours": 24, "general_hours": 72}
    assert migrations.version_of(out) == migrations.SCHEMA_VERSION
