"""Cross-record rules: ids that one record names must exist in the table they point to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from operator import attrgetter
from typing import Any

from crmgov.i18n import _

#: (table, field, target table): `field` of each record in `table` must name a record in
#: `target`. List-valued fields are checked element by element.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("certifications", "staff_id", "staff"),
    ("certifications", "attempt_id", "quiz_attempts"),
    ("quiz_attempts", "staff_id", "staff"),
    ("spot_checks", "staff_id", "staff"),
    ("spot_checks", "sop_id", "sops"),
    ("spot_checks", "plan_id", "spotcheck_plans"),
    ("spotcheck_plans", "staff_id", "staff"),
    ("spotcheck_plans", "sop_id", "sops"),
    ("spotcheck_plans", "done_check_id", "spot_checks"),
    ("issues", "phase_id", "phases"),
    ("issues", "sop_id", "sops"),
    ("issues", "related_ids", "issues"),
    ("plan", "issue_id", "issues"),
    ("training", "attendees", "staff"),
)


def dangling_references(
    ids: Mapping[str, Iterable[int]], rows: Mapping[str, Iterable[Any]]
) -> list[str]:
    """Describe every reference to a record that does not exist.

    `ids` maps a table name to its record ids; `rows` maps a table name to its records
    (models with attribute access). Returns messages like
    "issues record 12: phase_id 9 does not exist in phases".
    """
    # Membership only: a dict's keys() view or a set is used as is (no copy of 100k ids).
    known = {
        table: values if isinstance(values, Set) else set(values) for table, values in ids.items()
    }
    problems: list[str] = []
    for table, field, target in REFERENCES:
        targets = known.get(target, frozenset())
        records = rows.get(table, ())
        if _all_known(records, field, targets):
            continue  # the common case: one pass in C, no per-record Python branching
        for record in records:
            value = getattr(record, field)
            if value is None or (not value and isinstance(value, list)):
                continue  # the common case at 100k records: nothing to look up
            for ref in value if isinstance(value, list) else (value,):
                if ref not in targets:
                    problems.append(
                        _("{table} record {id}: {field} {ref} does not exist in {target}",
                          table=table, id=record.id, field=field, ref=ref, target=target)
                    )
    for sop in rows.get("sops", ()):
        for ack in sop.acknowledgements:
            if ack.staff_id not in known.get("staff", frozenset()):
                problems.append(
                    _("sops record {id}: acknowledgement by staff_id {ref}, "
                      "which does not exist in staff", id=sop.id, ref=ack.staff_id)
                )
    return problems


def _all_known(records: Iterable[Any], field: str, targets: Set[int]) -> bool:
    """Whether every id `field` names in `records` is in `targets` (fast pre-check)."""
    named = [v for v in map(attrgetter(field), records) if v]  # None, 0 and [] name nothing
    if named and isinstance(named[0], list):
        named = [ref for refs in named for ref in refs]
    return all(map(targets.__contains__, named))


def referrers(table: str, record_id: int, rows: Mapping[str, Iterable[Any]]) -> list[str]:
    """Records that name `table` record `record_id` (deleting it would leave them dangling)."""
    found: list[str] = []
    for source, field, target in REFERENCES:
        if target != table:
            continue
        for record in rows.get(source, ()):
            value = getattr(record, field)
            if value == record_id or (isinstance(value, list) and record_id in value):
                found.append(
                    _("{table} record {id}: {field} {ref} does not exist in {target}",
                      table=source, id=record.id, field=field, ref=record_id, target=target)
                )
    if table == "staff":
        for sop in rows.get("sops", ()):
            if any(ack.staff_id == record_id for ack in sop.acknowledgements):
                found.append(
                    _("sops record {id}: acknowledgement by staff_id {ref}, "
                      "which does not exist in staff", id=sop.id, ref=record_id)
                )
    return found
