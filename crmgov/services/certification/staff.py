"""Use cases of the staff list: add, edit, leave, import from HR and export.

Leaving keeps the person and every record of their certification (the history stays);
it takes them out of every coverage figure (`readiness.certification_sets` counts active
people only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import Role
from crmgov.i18n import _, language, load_catalog
from crmgov.services.certification.errors import CertificationError
from crmgov.services.certification.lookup import get_staff
from crmgov.services.sheets import SheetRejected, read_sheet, write_sheet
from crmgov.storage.interface import Store

TABLE = "staff"
#: Fields `edit_staff` may change (leaving has its own use case).
EDITABLE = frozenset({"name", "role", "department", "region", "hire_date", "employee_no",
                      "email"})

#: (field, English header, Chinese header) of the staff sheet.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "id", "编号"),
    ("name", "name", "姓名"),
    ("employee_no", "employee no", "工号"),
    ("role", "role", "角色"),
    ("department", "department", "部门"),
    ("region", "region", "区域"),
    ("hire_date", "hire date", "入职日期"),
    ("email", "email", "邮箱"),
    ("left_on", "left on", "离职日期"),
)


def _invalid(exc: ValidationError) -> CertificationError:
    err = exc.errors()[0]
    where = str(err["loc"][0]) if err["loc"] else ""
    return CertificationError(f"{where}: {err['msg']}" if where else err["msg"], where)


def role_of(text: str) -> Role:
    """A role from its value, English label or Chinese label (case-insensitive)."""
    zh = load_catalog("zh")
    key = text.strip().casefold()
    for role in Role:
        english = role.value.replace("_", " ")
        if key in {role.value, english, zh.get(english, english).casefold()}:
            return role
    raise CertificationError(
        _("unknown role {role!r} (one of: {roles})", role=text,
          roles=_(", ").join(r.value for r in Role)), "role")


def add_staff(store: Store, **fields: Any) -> StaffMember:
    """Add a person (name and role required); returns them with their id."""
    if isinstance(fields.get("role"), str):
        fields["role"] = role_of(fields["role"])
    try:
        person = StaffMember(**fields)
    except ValidationError as exc:
        raise _invalid(exc) from None
    _check_unique(store, person)
    with store.transaction("staff.add") as txn:
        return txn.insert(TABLE, person)


def _check_unique(store: Store, person: StaffMember) -> None:
    if person.employee_no and any(
        p.employee_no == person.employee_no and p.id != person.id for p in store.all(TABLE)
    ):
        raise CertificationError(_("HR number {no} is already used",
                                   no=person.employee_no), "employee_no")


def edit_staff(store: Store, staff_id: int, **changes: Any) -> StaffMember:
    """Change a person's details (EDITABLE fields only)."""
    bad = sorted(set(changes) - EDITABLE)
    if bad:
        raise CertificationError(_("cannot change {field} here", field=bad[0]), bad[0])
    if isinstance(changes.get("role"), str):
        changes["role"] = role_of(changes["role"])
    person = get_staff(store, staff_id)
    try:
        edited = StaffMember.model_validate({**person.model_dump(), **changes})
    except ValidationError as exc:
        raise _invalid(exc) from None
    _check_unique(store, edited)
    with store.transaction("staff.edit") as txn:
        return txn.update(TABLE, edited)


def leave_staff(store: Store, staff_id: int, on: date) -> StaffMember:
    """Record that a person left on `on`: kept with their history, out of every figure."""
    person = get_staff(store, staff_id)
    if not person.active:
        raise CertificationError(_("{name} has already left", name=person.name), "staff")
    with store.transaction("staff.leave") as txn:
        return txn.update(TABLE, person.model_copy(update={"active": False, "left_on": on}))


# ------------------------------------------------------------------- sheets
def _cells(p: StaffMember) -> list[str]:
    from crmgov.domain.labels import label

    return [str(p.id), p.name, p.employee_no, label(p.role), p.department, p.region,
            p.hire_date.isoformat() if p.hire_date else "", p.email,
            p.left_on.isoformat() if p.left_on else ""]


def export_staff(store: Store, path: Path) -> int:
    """Write every person to .csv (with BOM) or .xlsx, headers in the UI language."""
    col = 2 if language() == "zh" else 1
    people: list[StaffMember] = store.all(TABLE)
    write_sheet(path, [c[col] for c in COLUMNS], (_cells(p) for p in people), _("Staff"))
    return len(people)


@dataclass
class StaffImport:
    """What an import did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


def _day(text: str, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise CertificationError(_("{field}: not a date (use YYYY-MM-DD)", field=what),
                                 what) from None


def _row_person(store: Store, row: dict[str, str], by_no: dict[str, StaffMember],
                ids: set[int]) -> StaffMember:
    existing: StaffMember | None = None
    if row.get("id"):
        if not row["id"].isdigit() or int(row["id"]) not in ids:
            raise CertificationError(_("no staff member {id}", id=row["id"]), "id")
        existing = store.get(TABLE, int(row["id"]))
    elif row.get("employee_no") and row["employee_no"] in by_no:
        existing = by_no[row["employee_no"]]
    data: dict[str, Any] = existing.model_dump() if existing else {}
    for name in ("name", "employee_no", "department", "region", "email"):
        if name in row:
            data[name] = row[name]
    if row.get("role") or existing is None:
        data["role"] = role_of(row.get("role", ""))
    if "hire_date" in row:
        data["hire_date"] = _day(row["hire_date"], _("hire date"))
    left = _day(row.get("left_on", ""), _("left on"))
    if left is not None:
        data.update(active=False, left_on=left)
    try:
        return StaffMember.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from None


def import_staff(store: Store, path: Path) -> StaffImport:
    """Import an HR sheet (.csv/.xlsx; the columns `export_staff` writes, English or
    Chinese headers). A row with an id or a known HR number updates that person, else adds
    one; a "left on" date records the leaving. Every row is checked first: SheetRejected
    lists each bad row as FILE:LINE: reason, and nothing is imported then."""
    _fields, rows = read_sheet(path, COLUMNS, ("name", "role"))
    people: list[StaffMember] = store.all(TABLE)
    by_no = {p.employee_no: p for p in people if p.employee_no}
    ids = {p.id for p in people}
    planned: list[tuple[StaffMember, bool]] = []
    errors: list[str] = []
    seen_no: dict[str, int] = {}
    for line, row in rows:
        try:
            person = _row_person(store, row, by_no, ids)
        except CertificationError as exc:
            errors.append(f"{path}:{line}: {exc}")
            continue
        if person.employee_no:
            if person.employee_no in seen_no:
                errors.append(f"{path}:{line}: " + _(
                    "HR number {no} also on line {other}", no=person.employee_no,
                    other=seen_no[person.employee_no]))
                continue
            seen_no[person.employee_no] = line
        planned.append((person, person.id != 0))
    if errors:
        raise SheetRejected(errors)
    report = StaffImport()
    with store.transaction("staff.import") as txn:
        for person, known in planned:
            if not known:
                txn.insert(TABLE, person)
                report.added.append(person.name)
                continue
            before = store.get(TABLE, person.id)
            if before == person:
                continue
            txn.update(TABLE, person)
            (report.left if before.active and not person.active else report.updated).append(
                person.name)
    return report
