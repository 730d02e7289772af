"""Damaged or hand-edited files: a clear error naming file, table, record and field; the
file untouched; the CLI exits 2 without a traceback."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.cli import main
from crmgov.storage.errors import DamagedProject, NewerSchema
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


@pytest.fixture
def seeded(empty_store: ProjectStore) -> ProjectStore:
    with empty_store.transaction("seed") as txn:
        txn.insert_many("issues", synthetic_issues(3, FIXED_NOW))
    return empty_store


def _edit(store: ProjectStore, change: Callable[[dict[str, Any]], None]) -> None:
    data = orjson.loads(store.path.read_bytes())
    change(data)
    store.path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def _set(table: str, key: str, field: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda data: data[table][key].__setitem__(field, value)


def _rename_key(data: dict[str, Any]) -> None:
    data["issues"]["two"] = data["issues"].pop("2")


CASES = {
    "bad enum": (_set("issues", "2", "urgency", "high"), ["issues", "record 2", "urgency"]),
    "blank text": (_set("issues", "3", "title", "   "), ["issues", "record 3", "title"]),
    "bad date": (_set("issues", "1", "created_at", "31/02/2026"),
                 ["issues", "record 1", "created_at"]),
    "time zone offset": (_set("issues", "1", "created_at", "2026-11-20T09:00:00+08:00"),
                         ["issues", "record 1", "created_at", "timezone"]),
    "project time offset": (_set("project", "1", "created_at", "2026-11-20T09:00:00Z"),
                            ["project", "record 1", "created_at", "timezone"]),
    "dangling": (_set("issues", "2", "phase_id", 9), ["issues", "record 2", "phase_id", "9"]),
    "non-numeric id": (_rename_key, ["issues", "'two'"]),
    "unknown field": (_set("issues", "1", "colour", "red"), ["issues", "record 1", "colour"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_record_is_named_and_the_file_is_untouched(
    seeded: ProjectStore, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    change, expected = CASES[case]
    _edit(seeded, change)
    digest = hashlib.sha256(seeded.path.read_bytes()).hexdigest()
    with pytest.raises(DamagedProject) as info:
        ProjectStore(seeded.path, "x").load()
    message = str(info.value)
    for part in [str(seeded.path), *expected]:
        assert part in message, (part, message)
    assert hashlib.sha256(seeded.path.read_bytes()).hexdigest() == digest

    assert main(["status", "--project", str(seeded.path)]) == 2
    err = capsys.readouterr().err
    assert str(seeded.path) in err and expected[-1] in err
    assert "Traceback" not in err
    assert hashlib.sha256(seeded.path.read_bytes()).hexdigest() == digest


def test_bad_json_names_the_line(seeded: ProjectStore, capsys: pytest.CaptureFixture[str]) -> None:
    raw = seeded.path.read_bytes()
    broken = raw.replace(b'"title":', b'"title"', 1)
    seeded.path.write_bytes(broken)
    with pytest.raises(DamagedProject, match=r"not valid JSON at line \d+"):
        ProjectStore(seeded.path, "x").load()
    assert seeded.path.read_bytes() == broken
    assert main(["status", "--project", str(seeded.path)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"not valid JSON at line \d+", err) and "Traceback" not in err


def test_a_newer_schema_is_refused_untouched(seeded: ProjectStore) -> None:
    _edit(seeded, _set("_meta", "1", "schema_version", 99))
    raw = seeded.path.read_bytes()
    with pytest.raises(NewerSchema, match="schema 99"):
        ProjectStore(seeded.path, "x").load()
    assert seeded.path.read_bytes() == raw


def test_a_damaged_file_met_during_a_transaction_is_not_overwritten(seeded: ProjectStore) -> None:
    _edit(seeded, _set("issues", "2", "urgency", "high"))
    raw = seeded.path.read_bytes()
    with pytest.raises(DamagedProject), seeded.transaction("t") as txn:
        txn.delete("issues", 1)
    assert seeded.path.read_bytes() == raw
