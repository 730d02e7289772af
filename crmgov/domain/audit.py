"""Audit events: the tamper-evident trail of every change (the auditor's evidence)."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from pydantic import Field

from crmgov.domain.base import DomainModel, LocalTime, NonBlank

#: The hash the first event of a trail links to.
GENESIS = "0" * 64


class AuditEvent(DomainModel):
    """One change to a project file: who, when, which record, before → after."""

    seq: int = Field(ge=1)
    """Position in the trail, 1 = first."""
    at: LocalTime
    """When the change was written."""
    actor: NonBlank
    """Who made it (--as NAME, else CRMGOV_USER, else the OS user)."""
    action: NonBlank
    """insert, update, delete, or a named use case such as "issue.close"."""
    table: NonBlank
    """Table of the record changed."""
    record_id: int
    """Document id of the record changed."""
    before: dict[str, Any] | None = None
    """The record before the change (None for an insert)."""
    after: dict[str, Any] | None = None
    """The record after the change (None for a delete)."""
    prev_hash: str = GENESIS
    """Hash of the previous event: editing or removing any event breaks the chain."""
    hash: str = ""
    """SHA-256 over this event's content and prev_hash."""


def event_hash(body: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an event without its own `hash` key.

    Canonical = sorted keys, compact, UTF-8; the writer and `audit verify` both use this,
    so any edit to a stored event (or to the event before it) changes the result.
    """
    content = {k: v for k, v in body.items() if k != "hash"}
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
