"""Parsing and validating a project file's content: every table, every record, every reference.

Kept apart from the store so the rules for "is this a usable project file" sit in one place.
All messages name the table, the record id and the field, so a person can find the line to
fix by hand; the caller (the store) prefixes the file name.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from typing import Any, cast

import orjson
from pydantic import TypeAdapter, ValidationError

from crmgov.domain.base import SINGLE_LINE_ERROR, Record, single_line_message
from crmgov.domain.integrity import dangling_references
from crmgov.domain.project import Project
from crmgov.i18n import _
from crmgov.storage.migrations import SCHEMA_VERSION
from crmgov.storage.tables import META, PROJECT, RECORD_TABLES

#: Every table a project file may hold, from the registry (storage/tables.py).
KNOWN_TABLES = frozenset({META, PROJECT, *RECORD_TABLES})

Data = dict[str, dict[str, Any]]

_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {}


class Invalid(Exception):
    """The content is not a usable project; the message says where (without the file name)."""


def _adapter(table: str) -> TypeAdapter[list[Any]]:
    # Building a TypeAdapter costs a few ms; build each once, on first use.
    if table not in _ADAPTERS:
        _ADAPTERS[table] = TypeAdapter(list[RECORD_TABLES[table]])  # type: ignore[valid-type]
    return _ADAPTERS[table]


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of objects.

    Parsing and validating 100k issues allocates millions of containers; each allocation
    burst triggers a collection that walks the whole, growing heap. Measured here: 11 s to
    load a 100k-issue file with the collector on, 2.5 s with it paused. Nothing built here
    forms reference cycles, so pausing loses nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Move what was just built out of the collector's sight before turning it back on:
        # otherwise the first collection walks every new object once (0.4 s at 100k
        # issues) and each later full collection walks them again — a visible stall in
        # the TUI. Frozen objects are still freed by reference counting; the models hold
        # no reference cycles.
        gc.freeze()
        if was_enabled:
            gc.enable()


def parse(raw: bytes) -> Data:
    """Decode the file's JSON and check its outline (tables of records, a project record)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Invalid(
            _("not valid JSON at line {line}, column {column}: {error}",
              line=exc.lineno, column=exc.colno, error=exc.msg)
        ) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise Invalid(_("not a crmgov project file (expected tables of records)"))
    if not isinstance(data.get(PROJECT, {}).get("1"), dict):
        raise Invalid(_("not a crmgov project file (no project record)"))
    meta = data.get(META, {}).get("1", {})
    if not isinstance(meta, dict) or not isinstance(meta.get("schema_version", 1), int):
        raise Invalid(_("table '{table}': the schema version must be a whole number", table=META))
    unknown = [t for t in data if t not in KNOWN_TABLES]
    if unknown and meta.get("schema_version", 1) <= SCHEMA_VERSION:
        # Carrying a table along unread would let anything ride in the file unvalidated
        # and unaudited; a newer crmgov's table comes with a newer schema version instead.
        raise Invalid(
            _("table '{table}' is not a table crmgov knows (known: {known}); remove it or "
              "open the file with the crmgov that wrote it", table=unknown[0],
              known=", ".join(sorted(KNOWN_TABLES)))
        )
    return cast(Data, data)


def describe(error: ValidationError, ids: Sequence[int | str], limit: int = 3) -> str:
    """"record 12, field 'urgency': Input should be ... (got 'high')" for the first errors."""
    parts = []
    for item in error.errors()[:limit]:
        loc = list(item["loc"])
        # A single validated record (the project) has no list index in its locations.
        record_id: int | str | None = ids[0] if len(ids) == 1 else None
        if loc and isinstance(loc[0], int):
            record_id = ids[int(loc.pop(0))]
        field = ".".join(str(p) for p in loc) or _("(whole record)")
        got = item.get("input")
        shown = "" if isinstance(got, dict | list) else f" ({_('got')} {got!r})"
        message = single_line_message() if item["type"] == SINGLE_LINE_ERROR else item["msg"]
        parts.append(
            _("record {id}, field '{field}': {error}", id=record_id, field=field, error=message)
            + shown
        )
    more = error.error_count() - limit
    return "; ".join(parts) + (_("; and {count} more", count=more) if more > 0 else "")


def record_ids(table: str, rows: dict[str, Any]) -> list[int]:
    """Document ids as numbers; names the first one that is not."""
    try:
        return [int(key) for key in rows]
    except ValueError:
        bad = next(key for key in rows if not key.strip().lstrip("-").isdigit())
        raise Invalid(
            _("table '{table}': record id {id!r} is not a number", table=table, id=bad)
        ) from None


def validate_table(table: str, rows: dict[str, Any]) -> dict[int, Record]:
    """The models of one table's documents ({"id": doc}), without its references
    (Invalid naming the record and field of the first problems)."""
    ids = record_ids(table, rows)
    docs = list(rows.values())
    if not all(isinstance(doc, dict) for doc in docs):
        raise Invalid(_("table '{table}': every record must be an object", table=table))
    try:
        # The raw documents carry no id (it is their key): validate them as they
        # are, without copying 100k dicts, and set the id afterwards.
        records = _adapter(table).validate_python(docs)
    except ValidationError as exc:
        raise Invalid(
            _("table '{table}': {problems}", table=table, problems=describe(exc, ids))
        ) from None
    for record, record_id in zip(records, ids, strict=True):
        # Plain __dict__ write: the id is a known int, and validate_assignment
        # would cost a validation per record.
        record.__dict__["id"] = record_id
    return dict(zip(ids, records, strict=True))


def validate(
    data: Data, known: Mapping[str, AbstractSet[int]] | None = None
) -> tuple[Project, dict[str, dict[int, Record]]]:
    """Build and check every model; raise Invalid naming the first problems found.

    `known`: ids of tables left out of `data` that references may still name (a project
    read through its issue index validates every table but the issues).
    """
    try:
        project = Project.model_validate(data[PROJECT]["1"])
    except ValidationError as exc:
        raise Invalid(
            _("table '{table}': {problems}", table=PROJECT, problems=describe(exc, [1]))
        ) from None
    models: dict[str, dict[int, Record]] = {}
    with no_gc():
        for table in RECORD_TABLES:
            models[table] = validate_table(table, data.get(table, {}))
        ids_by_table: dict[str, AbstractSet[int]] = {t: m.keys() for t, m in models.items()}
        problems = dangling_references(
            {**ids_by_table, **(known or {})}, {t: m.values() for t, m in models.items()}
        )
    if problems:
        more = _("; and {count} more", count=len(problems) - 3) if len(problems) > 3 else ""
        raise Invalid("; ".join(problems[:3]) + more)
    return project, models
