"""Schema versions of the project file and the steps between them.

Version 1 was the prototype format: SLA windows stored flat on the project document
(`sla_urgent_hours`, `sla_general_hours`) and no `_meta` table. Version 2 nests them under
`sla` and records the version in `_meta`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from crmgov.storage.atomic import write_atomic

SCHEMA_VERSION = 2

Data = dict[str, dict[str, Any]]


def version_of(data: Data) -> int:
    """The schema version a loaded file declares (files without `_meta` are version 1)."""
    meta = data.get("_meta", {}).get("1", {})
    return int(meta.get("schema_version", 1))


def _v1_to_v2(data: Data) -> Data:
    for doc in data.get("project", {}).values():
        sla = {}
        if "sla_urgent_hours" in doc:
            sla["urgent_hours"] = doc.pop("sla_urgent_hours")
        if "sla_general_hours" in doc:
            sla["general_hours"] = doc.pop("sla_general_hours")
        if sla:
            doc["sla"] = {**doc.get("sla", {}), **sla}
    return data


#: MIGRATIONS[n] turns a version-n file into a version-(n+1) file.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2}


def migrate(data: Data) -> Data:
    """Apply every step from the file's version up to SCHEMA_VERSION."""
    version = version_of(data)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data["_meta"] = {"1": {"schema_version": SCHEMA_VERSION}}
    return data


def backup_path(path: Path, version: int, raw: bytes) -> Path:
    """NAME.vN.bak, or NAME.vN.K.bak if an older backup holds different bytes."""
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    k = 1
    while candidate.exists() and candidate.read_bytes() != raw:
        k += 1
        candidate = path.with_name(f"{path.name}.v{version}.{k}.bak")
    return candidate


def write_backup(path: Path, version: int, raw: bytes) -> Path:
    """Keep the pre-migration bytes, durably, before the migrated file replaces them."""
    backup = backup_path(path, version, raw)
    if not backup.exists():
        write_atomic(backup, raw)
    return backup
