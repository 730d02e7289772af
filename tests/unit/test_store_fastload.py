"""The fast load path must agree exactly with the general one, and step aside when unsure."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.storage import fastload
from crmgov.storage.atomic import file_chunks
from crmgov.storage.errors import DamagedProject
from crmgov.storage.store import ProjectStore
from crmgov.storage.validate import parse, validate


@pytest.fixture
def filled(empty_store: ProjectStore) -> ProjectStore:
    with empty_store.transaction("test.fill") as txn:
        txn.insert_many("issues", synthetic_issues(50, datetime(2026, 11, 1), seed=7))
    return empty_store


def test_fast_path_builds_the_same_models_and_the_same_bytes(filled: ProjectStore) -> None:
    raw = filled.path.read_bytes()
    fast = fastload.fast_load(raw)
    assert fast is not None
    project, models, _meta, entries = fast
    tables = entries()
    assert tables is not None
    slow_project, slow_models = validate(parse(raw))
    assert project == slow_project
    assert models == slow_models
    assert [m.id for m in models["issues"].values()] == list(range(1, 51))
    assert b"".join(file_chunks(tables)) == raw  # record texts cut exactly


def test_a_reformatted_file_takes_the_general_path(filled: ProjectStore) -> None:
    data = json.loads(filled.path.read_text(encoding="utf-8"))
    filled.path.write_text(json.dumps(data, indent=4, ensure_ascii=False), encoding="utf-8")
    fast = fastload.fast_load(filled.path.read_bytes())
    assert fast is not None  # valid…
    assert fast[3]() is None  # …but not our layout: a write serialises anew
    again = ProjectStore(filled.path, "other")
    again.load()
    assert again.count("issues") == 50
    with again.transaction("test.edit") as txn:
        txn.update("issues", again.get("issues", 3).model_copy(update={"title": "edited"}))
    reread = ProjectStore(filled.path, "third")
    assert reread.get("issues", 3).title == "edited"
    rewritten = fastload.fast_load(filled.path.read_bytes())
    assert rewritten is not None and rewritten[3]() is not None  # back in crmgov's layout


def test_an_invalid_record_still_gets_the_precise_message(filled: ProjectStore) -> None:
    raw = filled.path.read_bytes().replace(b'"urgency":"urgent"', b'"urgency":"high"', 1)
    filled.path.write_bytes(raw)
    assert fastload.fast_load(raw) is None
    with pytest.raises(DamagedProject, match=r"issues.*field 'urgency'"):
        ProjectStore(filled.path, "x").load()
    assert filled.path.read_bytes() == raw


def test_stored_json_is_the_record_without_its_id(filled: ProjectStore) -> None:
    fresh = ProjectStore(filled.path, "x")
    text = fresh.stored_json("issues", 7)
    assert json.loads(text) == fresh.get("issues", 7).model_dump(mode="json", exclude={"id"})


def test_split_entries_refuses_a_layout_it_does_not_know(tmp_path: Path) -> None:
    assert fastload.split_entries(b'{"project":{"1":{}}}', {"project": ["1"]}) is None
    assert fastload.split_entries(b'{"project":{"1":{}}}\n', {"project": ["2"]}) is None


def test_every_table_of_the_demo_is_cut_exactly(demo_store: ProjectStore) -> None:
    raw = demo_store.path.read_bytes()
    fast = fastload.fast_load(raw)
    assert fast is not None
    tables = fast[3]()
    assert tables is not None
    assert all(tables[t] for t in ("phases", "staff", "sops", "issues", "plan", "data_quality"))
    assert b"".join(file_chunks(tables)) == raw


def test_windows_line_endings_fall_back_to_serialising(filled: ProjectStore) -> None:
    raw = filled.path.read_bytes().replace(b"\n", b"\r\n")
    filled.path.write_bytes(raw)
    fast = fastload.fast_load(raw)
    assert fast is not None and fast[3]() is None
    again = ProjectStore(filled.path, "x")
    with again.transaction("test.edit") as txn:
        txn.update("issues", again.get("issues", 1).model_copy(update={"title": "crlf"}))
    assert ProjectStore(filled.path, "y").get("issues", 1).title == "crlf"


def test_issues_validated_in_chunks_give_the_same_models(
    filled: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = filled.path.read_bytes()
    whole = fastload.fast_load(raw)
    monkeypatch.setattr(fastload, "CHUNK_BYTES", 900)  # a few records per chunk
    chunked = fastload.fast_load(raw)
    assert whole is not None and chunked is not None
    assert chunked[0] == whole[0]
    assert chunked[1] == whole[1]
    assert list(chunked[1]["issues"]) == list(range(1, 51))


def test_a_bad_record_in_a_later_chunk_gets_the_precise_message(
    filled: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastload, "CHUNK_BYTES", 900)
    raw = filled.path.read_bytes()
    line = raw.index(b'\n"47":{')
    damaged = raw[:line] + raw[line:].replace(b'"urgency":"', b'"urgency":"x', 1)
    filled.path.write_bytes(damaged)
    assert fastload.fast_load(damaged) is None
    with pytest.raises(DamagedProject) as info:
        ProjectStore(filled.path, "x").load()
    assert "record 47" in str(info.value) and "urgency" in str(info.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"a":{},\n"issues":{"1":{"t":1},\n"2":{"t":2}},\n"plan":{}}\n',
         (b'{"a":{},\n"issues":{},\n"plan":{}}\n', b'"1":{"t":1},\n"2":{"t":2}')),
        (b'{"a":{},\n"issues":{"1":{"t":1}}}\n',
         (b'{"a":{},\n"issues":{}}\n', b'"1":{"t":1}')),
        (b'{"a":{},\n"issues":{},\n"plan":{}}\n', (b'{"a":{},\n"issues":{},\n"plan":{}}\n', b"")),
        (b'{"issues": {"1": {}}}', None),  # not crmgov's layout
    ],
    ids=["between tables", "last table", "empty", "foreign layout"],
)  # fmt: skip
def test_cutting_the_issues_table_out(raw: bytes, expected: tuple[bytes, bytes] | None) -> None:
    cut = fastload._cut_table(raw, "issues")
    if expected is None:
        assert cut is None
        return
    assert cut is not None
    rest, first, last = cut
    assert (rest, raw[first:last]) == expected
    json.loads(rest)
