"""The data-quality rules as plain functions: thresholds, verdicts, timeliness, formats.

The check engine (services.quality.engine) applies them to whole columns at once; these
definitions are what it and the tests agree on.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from crmgov.domain.enums import DataKind
from crmgov.domain.quality.mapping import TableMapping
from crmgov.domain.quality.model import THRESHOLDS

#: Yesterday's records must be visible by 10:00 today (domain.md §3); 10:00:00 is on time.
CUTOFF = time(10, 0, 0)
#: Warn at this share of the fail level unless the mapping says otherwise.
WARN_SHARE = 0.8
#: About 80 % of CRM databases leave the contact-role field empty (domain.md §3).
ROLE_EMPTY_TYPICAL = 0.80

#: Regular expressions (full match) of the format rules; the engine hands them to polars.
FORMAT_PATTERNS: dict[str, str] = {
    # Mainland mobile (optionally +86) or a landline with area code.
    "phone": r"(\+?86[- ]?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}",
    "email": r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}",
    # 18-character resident ID: 17 digits and a digit or X.
    "cn_id": r"\d{17}[\dXx]",
    "date": r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?",
    "number": r"-?\d+(\.\d+)?",
}


class Verdict(StrEnum):
    """How a figure stands against its thresholds."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


def limits(table: TableMapping, *, key_rule: bool = False) -> tuple[float, float]:
    """(warn, fail) error-rate levels of a table, or of its key-field and pointer rules.

    Presets: 5 % almost everywhere, 20 % for sales leads, 1 % for key fields and pointers;
    the mapping's `warn`/`fail` (`key_warn`/`key_fail`) override them.
    """
    if key_rule:
        fail = THRESHOLDS[DataKind.KEY_FIELDS] if table.key_fail is None else table.key_fail
        warn = table.key_warn
    else:
        fail = THRESHOLDS[table.kind] if table.fail is None else table.fail
        warn = table.warn
    return (fail * WARN_SHARE if warn is None else warn), fail


def verdict(errors: int, rows: int, warn: float, fail: float) -> Verdict:
    """FAIL above the fail level, WARN above the warn level, else OK.

    Decided on counts, not on a rounded rate: 50 of 1,000 is exactly 5 %, within 5 %.
    """
    if rows == 0:
        return Verdict.OK
    eps = 1e-9
    if errors > fail * rows + eps:
        return Verdict.FAIL
    if errors > warn * rows + eps:
        return Verdict.WARN
    return Verdict.OK


def is_blank(value: str | None) -> bool:
    """Blank and whitespace-only (including the full-width space) count as empty."""
    return value is None or not value.strip()


def deadline(event: date) -> datetime:
    """The latest on-time entry for a record of an event: 10:00 the next day."""
    return datetime.combine(event + timedelta(days=1), CUTOFF)


def is_late(event: date, entered: datetime) -> bool:
    """Entered after 10:00 the day after the event (exactly 10:00:00 is on time)."""
    return entered > deadline(event)


def limit_text(level: float) -> str:
    """A threshold as a percentage, with one decimal where it has one: 5%, 1.5% (never 2%)."""
    tenths = round(level * 1000)
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths / 10:.1f}%"


def rate(part: int, whole: int) -> float:
    """part / whole, 0 for an empty whole."""
    return part / whole if whole else 0.0
