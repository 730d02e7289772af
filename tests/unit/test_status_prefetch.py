"""The dashboard's status child: same JSON as `crmgov status --json`, silent on failure."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pytest

from crmgov.services.status import prefetch as status_prefetch
from crmgov.services.status.prefetch import StatusPrefetch
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def without_time(status: dict) -> dict:
    return {**status, "as_of": None}


def test_the_child_prints_the_status_json_of_the_project(demo_store: ProjectStore) -> None:
    prefetch = StatusPrefetch.start(demo_store.path, "tester")
    assert prefetch is not None
    assert not prefetch.may_be_quick and not prefetch.quick()  # a small project
    got = prefetch.result()
    assert prefetch.done()
    assert got is not None
    # The child reads the clock itself; the demo is dated relative to today.
    expected = project_status(demo_store, datetime.now().replace(microsecond=0)).to_json()
    assert without_time(got) == without_time(expected)
    assert prefetch.result() is got  # asked again: the same answer, no second wait
    prefetch.cancel()  # after the end: nothing to stop, no error


def test_a_damaged_file_gives_no_figures_and_stays_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"project": {"1": {"name": "x"}')
    prefetch = StatusPrefetch.start(path, "tester")
    assert prefetch is not None
    assert prefetch.result() is None
    assert path.read_bytes() == b'{"project": {"1": {"name": "x"}'


def test_no_child_for_a_missing_file(tmp_path: Path) -> None:
    assert StatusPrefetch.start(tmp_path / "nowhere.json", "tester") is None


def test_no_child_on_a_single_core(
    demo_store: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_prefetch, "_cores", lambda: 1)
    assert StatusPrefetch.start(demo_store.path, "tester") is None


def test_cancel_stops_a_running_child(demo_store: ProjectStore) -> None:
    prefetch = StatusPrefetch.start(demo_store.path, "tester")
    assert prefetch is not None
    prefetch.cancel()  # almost surely still importing: killed, reaped
    assert prefetch.done()
    assert prefetch.result() is None or prefetch.result()["schema"] == 1


def test_output_that_is_not_the_status_json_is_ignored() -> None:
    assert status_prefetch._parse(b"") is None
    assert status_prefetch._parse(b"full\n") is None
    assert status_prefetch._parse(b"full\n[1, 2]") is None
    assert status_prefetch._parse(b'{"schema": 1}') is None  # the first line is the way
    assert status_prefetch._parse(b'full\n{"schema": 1}') == {"schema": 1}
    assert status_prefetch._parse(b'indexed\n{"schema": 1}') == {"schema": 1}


def test_a_big_file_without_an_index_is_skimmed_not_loaded(
    demo_store: ProjectStore, monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:  # fmt: skip
    monkeypatch.setattr("crmgov.config.now", lambda: FIXED_NOW)
    expected = project_status(demo_store, FIXED_NOW).to_json()
    assert status_prefetch.answer(str(demo_store.path), "tester") == 0
    way, _newline, body = capsysbinary.readouterr().out.partition(b"\n")
    assert (way + b"\n", orjson.loads(body)) == (status_prefetch.FULL, expected)

    monkeypatch.setattr(status_prefetch, "FULL_LOAD_MAX_BYTES", 1000)
    assert status_prefetch.answer(str(demo_store.path), "tester") == 0
    way, _newline, body = capsysbinary.readouterr().out.partition(b"\n")
    assert (way + b"\n", orjson.loads(body)) == (status_prefetch.SKIMMED, expected)

    raw = demo_store.path.read_bytes()
    demo_store.path.write_bytes(raw.replace(b'"urgency":"urgent"', b'"urgency":"soon"', 1))
    assert status_prefetch.answer(str(demo_store.path), "tester") == 3  # the app says why
