"""The fast way to open a project file that crmgov itself wrote.

The general path (validate.py) decodes the JSON with orjson into dicts, validates those
with pydantic, then serialises every record again for later writes: at 100k issues about
0.7 s + 2.0 s + 0.5 s here. This path hands the raw bytes to pydantic-core, which parses
and validates in one pass without building the intermediate dicts (~1.2 s), and takes
each record's stored text straight from the file — crmgov writes one record per line —
instead of serialising it again.

It returns None whenever it is not sure (a validation error, an unknown table, another
schema version, a hand-reformatted file); the general path then runs and produces the
precise error messages, migrations and all.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from crmgov.domain.base import Record
from crmgov.domain.project import Project
from crmgov.storage import migrations
from crmgov.storage.atomic import Tables
from crmgov.storage.tables import META, PROJECT, RECORD_TABLES

#: Builds every record's stored text when a write first needs it (None: not our layout).
Entries = Callable[[], "Tables | None"]
Loaded = tuple[Project, dict[str, dict[int, Record]], dict[str, Any], Entries]

_FIELDS: dict[str, Any] = {
    META: dict[str, dict[str, Any]],
    PROJECT: dict[str, Project],
    **{table: dict[int, model] for table, model in RECORD_TABLES.items()},  # type: ignore[valid-type]
}
_ProjectFile = TypedDict("_ProjectFile", _FIELDS, total=False)  # type: ignore[misc]
_ProjectFile.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
_adapter: TypeAdapter[Any] | None = None
_chunk_adapter: TypeAdapter[Any] | None = None
#: The big table, validated in chunks of about this many bytes (~1,300 issues, ~25 ms).
CHUNKED_TABLE = "issues"
CHUNK_BYTES = 1 << 20
#: A line that starts the next table: a quoted name that is not a record id.
_NEXT_TABLE = re.compile(rb'\n"(?![0-9])')


def _file_adapter() -> TypeAdapter[Any]:
    # Building the schema of every model costs ~50 ms: once, on first use.
    global _adapter
    if _adapter is None:
        _adapter = TypeAdapter(_ProjectFile)
    return _adapter


def fast_load(raw: bytes) -> Loaded | None:
    """(project, models by table, meta, a way to get the stored record texts) or None to
    take the slow path.

    Cutting the record texts out of the file costs ~0.2–0.5 s at 100k issues and only a
    write (or `stored_json`) needs them, so that is left to the returned callable, which
    keeps the raw bytes until then.
    """
    try:
        data = _validate_file(raw)
    except ValidationError:
        return None
    meta = data.get(META, {}).get("1")
    project = data.get(PROJECT, {}).get("1")
    if not isinstance(meta, dict) or not isinstance(project, Project):
        return None
    if meta.get("schema_version", 1) != migrations.SCHEMA_VERSION:
        return None
    models: dict[str, dict[int, Record]] = {}
    for table in RECORD_TABLES:
        records: dict[int, Record] = data.get(table, {})
        for record_id, record in records.items():
            # Plain __dict__ write: the id is the document key, already validated as an
            # int; validate_assignment would cost a validation per record.
            record.__dict__["id"] = record_id
        models[table] = records
    head = {META: list(data.get(META, {})), PROJECT: list(data.get(PROJECT, {}))}

    def entries() -> Tables | None:
        ids = {table: [str(i) for i in records] for table, records in models.items()}
        return split_entries(raw, {**head, **ids})

    return project, models, meta, entries


def _validate_file(raw: bytes) -> dict[str, Any]:
    """The whole file validated; the issues table a chunk of records at a time.

    Why chunks: pydantic-core holds the GIL for the whole of one call, and one call over
    100k issues (~2 s) froze the TUI's event loop while the dashboard already showed its
    figures. Between chunks a waiting thread gets its turn. Where the layout is not
    crmgov's, a chunk is not valid JSON on its own, and the caller takes the slow path.
    """
    cut = _cut_table(raw, CHUNKED_TABLE)
    if cut is None:
        data: dict[str, Any] = _file_adapter().validate_json(raw)
        return data
    rest, first, last = cut
    data = _file_adapter().validate_json(rest)
    records: dict[int, Record] = {}
    adapter = _records_adapter()
    start = first
    while start < last:
        end = raw.find(b',\n"', start + CHUNK_BYTES, last) if start + CHUNK_BYTES < last else -1
        end = last if end < 0 else end
        records.update(adapter.validate_json(b"{%b}" % raw[start:end]))
        start = end + 2  # past the ",\n" between two records
        time.sleep(0)  # hand the GIL to a waiting thread, if any
    data[CHUNKED_TABLE] = records
    return data


def _cut_table(raw: bytes, table: str) -> tuple[bytes, int, int] | None:
    """(the file with `table` emptied, where its records start and end) in crmgov's
    layout, or None (not found, or not laid out as crmgov writes)."""
    head = b'\n"%b":{' % table.encode()
    at = raw.find(head)
    if at < 0:
        return None
    first = at + len(head)
    following = _NEXT_TABLE.search(raw, first)
    if following is None:  # the last table: the file ends with }}\n
        if not raw.endswith(b"}}\n"):
            return None
        last, tail = len(raw) - 3, b"}\n"
    else:
        last = following.start() - 2
        if raw[last : last + 2] != b"},":
            return None
        tail = b"," + raw[following.start() :]
    return raw[: at + 1] + b'"%b":{}' % table.encode() + tail, first, last


def _records_adapter() -> TypeAdapter[Any]:
    global _chunk_adapter
    if _chunk_adapter is None:
        model = RECORD_TABLES[CHUNKED_TABLE]
        _chunk_adapter = TypeAdapter(dict[int, model])  # type: ignore[valid-type]
    return _chunk_adapter


def split_entries(raw: bytes, ids: dict[str, list[str]]) -> Tables | None:
    """Each record's stored text, cut from a file in crmgov's layout (atomic.file_chunks).

    The layout is one table, then one record, per line:
        {"_meta":{"1":{…}},
        "issues":{"1":{…},
        "2":{…}},
        "plan":{}}
    Every line is checked against the ids pydantic saw, in order; anything unexpected
    (a hand-edited or pretty-printed file) returns None and the caller serialises instead.
    """
    lines = raw.split(b"\n")
    if not lines or lines[-1] != b"" or not lines[0].startswith(b"{"):
        return None
    lines[0] = lines[0][1:]
    tables: Tables = {}
    pos, last_line = 0, len(lines) - 1
    while pos < last_line:
        line = lines[pos]
        if not line.startswith(b'"'):
            return None
        name_end = line.find(b'":{')
        table = line[1:name_end].decode("utf-8", "replace")
        if name_end < 0 or table not in ids or table in tables:
            return None
        keys = ids[table]
        span = max(1, len(keys))
        if pos + span > last_line:
            return None
        is_last_table = pos + span == last_line
        closing = b"}}" if is_last_table else b"},"
        entries: dict[str, bytes] = {}
        for j, key in enumerate(keys):
            text = lines[pos + j]
            if j == 0:
                text = text[name_end + 3 :]
            text = text[: -len(closing)] if j == len(keys) - 1 else text
            if j != len(keys) - 1:
                if not text.endswith(b","):
                    return None
                text = text[:-1]
            elif not lines[pos + j].endswith(closing):
                return None
            if not text.startswith(b'"%b":{' % key.encode()):
                return None
            entries[key] = b",\n" + text
        if not keys and lines[pos][name_end + 3 :] != closing:
            return None
        tables[table] = entries
        pos += span
    if set(tables) != set(ids):
        return None
    return tables
