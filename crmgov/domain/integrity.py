"""Cross-record rules: ids that one record names must exist in the table they point to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: (table, field, target table): `field` of each record in `table` must name a record in
#: `target`. List-valued fields are checked element by element.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("certifications", "staff_id", "staff"),
    ("certifications", "attempt_id", "quiz_attempts"),
    ("quiz_attempts", "staff_id", "staff"),
    ("spot_checks", "staff_id", "staff"),
    ("spot_checks", "sop_id", "sops"),
    ("issues", "phase_id", "phases"),
    ("issues", "sop_id", "sops"),
    ("issues", "related_ids", "issues"),
    ("plan", "issue_id", "issues"),
)


def dangling_references(ids: Mapping[str, Iterable[int]], rows: Mapping[str, Iterable[Any]]) -> list[str]:
    """Describe every reference to a record that does not exist.

    `ids` maps a table name to its record ids; `rows` maps a table name to its records
    (models with attribute access). Returns messages like
    "issues record 12: phase_id 9 does not exist in phases".
    """
    known = {table: set(values) for table, values in ids.items()}
    problems: list[str] = []
    for table, field, target in REFERENCES:
        targets = known.get(target, set())
        for record in rows.get(table, ()):
            value = getattr(record, field)
            values = value if isinstance(value, list) else [value]
            for ref in values:
                if ref is not None and ref not in targets:
                    problems.append(
                        f"{table} record {record.id}: {field} {ref} does not exist in {target}"
                    )
    for sop in rows.get("sops", ()):
        for ack in sop.acknowledgements:
            if ack.staff_id not in known.get("staff", set()):
                problems.append(
                    f"sops record {sop.id}: acknowledgement by staff_id {ack.staff_id}, "
                    "which does not exist in staff"
                )
    return problems
