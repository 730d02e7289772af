"""Small formatting helpers shared by the area screens."""

from __future__ import annotations

from datetime import date, datetime

#: Shown for a missing value.
NONE = "—"


def day(value: date | datetime | None) -> str:
    """A date (or the date of a datetime) as YYYY-MM-DD, or a dash."""
    if value is None:
        return NONE
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat()


def pct(value: float) -> str:
    """A share as a whole percentage."""
    return f"{value * 100:.0f}%"


def mark(ok: bool) -> str:
    """✓ or ✗."""
    return "✓" if ok else "✗"
