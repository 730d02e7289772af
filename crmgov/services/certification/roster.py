"""The staff list with each person's certificate state, the views the dashboard's figures
open, and the access list ("may work in the CRM") with coverage by department, region, role.

Every count here comes from `domain.certification.figures.certification_sets`, the same
function behind the dashboard and `crmgov status`, so a figure and its view cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from crmgov.domain.certification.figures import CertificationSets, certification_sets
from crmgov.domain.certification.model import CERTIFIED_ROLES, Certification, StaffMember
from crmgov.domain.certification.rules import may_work, person_state
from crmgov.domain.enums import CertState
from crmgov.domain.labels import label, role_name
from crmgov.i18n import _
from crmgov.storage.interface import Store

#: Views of the Staff area that dashboard figures open; each maps to a CertificationSets field.
STAFF_VIEWS = {"certified": "certified", "uncertified": "uncertified", "expiring": "expiring",
               "required": "required"}
#: Views that list spot checks rather than people.
SPOT_VIEWS = {"spot_recent": "spot_checks_recent", "spot_failed": "spot_check_failures_recent"}


@dataclass
class PersonRow:
    """One person for the staff table and the access list."""

    staff_id: int
    name: str
    role: str
    department: str
    region: str
    active: bool
    required: bool
    """In a CRM role (needs a certificate)."""
    state: CertState
    may_work: bool
    certificate: str
    """Number of the certificate that decides the state ("" = none)."""
    valid_until: date | None
    quiz: str
    reason: str
    """Revocation or recertification reason, if any."""


def sets(store: Store, today: date) -> CertificationSets:
    """The ids behind each certification figure today."""
    return certification_sets(store.all("staff"), store.all("certifications"),
                              store.all("spot_checks"), today)


def _by_person(certs: Iterable[Certification]) -> dict[int, list[Certification]]:
    out: dict[int, list[Certification]] = defaultdict(list)
    for c in certs:
        out[c.staff_id].append(c)
    return out


def person_rows(store: Store, today: date, *, include_left: bool = True
                ) -> list[PersonRow]:
    """Every person (active first, by name) with their certificate state on `today`."""
    certs = _by_person(store.all("certifications"))
    people: list[StaffMember] = store.all("staff")
    rows = []
    for p in sorted(people, key=lambda s: (not s.active, s.name)):
        if not p.active and not include_left:
            continue
        state, cert = person_state(p, certs.get(p.id, []), today)
        reason = ""
        if cert is not None:
            reason = cert.revoked_reason if cert.revoked else cert.recert_reason
        rows.append(PersonRow(
            p.id, p.name, str(p.role), p.department, p.region, p.active,
            p.role in CERTIFIED_ROLES, state, p.active and may_work(state),
            cert.number if cert else "", cert.expires_on if cert else None,
            cert.quiz if cert else "", reason,
        ))
    return rows


def view_ids(store: Store, today: date, view: str) -> list[int]:
    """Ids a dashboard view shows: staff ids (STAFF_VIEWS) or spot-check ids (SPOT_VIEWS)."""
    s = sets(store, today)
    field = STAFF_VIEWS.get(view) or SPOT_VIEWS.get(view)
    if field is None:
        raise KeyError(view)
    ids: list[int] = getattr(s, field)
    return ids


def must_certify(store: Store, today: date) -> int:
    """How many active people in CRM roles must (re)certify: the dashboard's "Not certified"."""
    return len(sets(store, today).uncertified)


@dataclass
class Coverage:
    """Certified share of one group (department, region or role) of required staff."""

    group: str
    value: str
    required: int
    certified: int

    @property
    def share(self) -> float:
        return round(self.certified / self.required, 4) if self.required else 1.0


@dataclass
class AccessList:
    """Every active person in a CRM role and whether they may work in the CRM."""

    as_of: date
    rows: list[PersonRow]
    coverage: list[Coverage]

    @property
    def allowed(self) -> int:
        return sum(1 for r in self.rows if r.may_work)


#: Header of the access list's one column that reads the same in every language: what a
#: script that grants CRM accounts acts on ("true"/"false"), beside the translated columns
#: a person reads. (`--format json` has every field as stored, role and state keys too.)
MACHINE_COLUMN = "may_work"


def access_sheet(result: AccessList) -> tuple[list[str], list[list[str]]]:
    """The access list as a sheet (CSV, XLSX) in the language in force: the header, then
    one row per person. Role, state and "may work" are shown as words ("new hire",
    "not certified", "yes" / "新员工", "未认证", "是"), never the stored keys; the Id and
    the last column, MACHINE_COLUMN, are the same in every language."""
    header = [_("Id"), _("Name"), _("Role"), _("Department"), _("Region"), _("State"),
              _("May work in the CRM"), _("Certificate"), _("Valid until"), MACHINE_COLUMN]
    yes, no = _("yes"), _("no")
    rows = [[str(r.staff_id), r.name, role_name(r.role), r.department, r.region,
             label(r.state), yes if r.may_work else no, r.certificate,
             r.valid_until.isoformat() if r.valid_until else "",
             "true" if r.may_work else "false"] for r in result.rows]
    return header, rows


def access_list(store: Store, today: date) -> AccessList:
    """The access list for the CRM administrator who grants accounts, with coverage by
    department, region and role (people who left are not on it)."""
    rows = [r for r in person_rows(store, today, include_left=False) if r.required]
    coverage = []
    for group, key in (("department", "department"), ("region", "region"), ("role", "role")):
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in rows:
            t = totals[getattr(r, key) or "-"]
            t[0] += 1
            t[1] += r.may_work
        coverage += [Coverage(group, v, n, c) for v, (n, c) in sorted(totals.items())]
    return AccessList(today, rows, coverage)
