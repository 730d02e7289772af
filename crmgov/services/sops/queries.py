"""Reading SOPs: one by code, the list with its figures, pending acknowledgements, diffs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import SOPStatus
from crmgov.domain.sops.diff import Chunk, word_diff
from crmgov.domain.sops.model import SOP, SOPVersion
from crmgov.domain.sops.rules import (
    SOPRuleError,
    changed_step_ids,
    coverage,
    open_draft,
    review_due,
)
from crmgov.i18n import N_, _
from crmgov.storage.interface import Store

TABLE = "sops"


class SOPNotFound(SOPRuleError):
    """No SOP has this code."""

    def __init__(self, code: str) -> None:
        super().__init__(_("no SOP {code}", code=code), "code")


def find_sop(store: Store, code: str) -> SOP:
    """The SOP with this code (case-insensitive); SOPNotFound if none."""
    wanted = code.strip().casefold()
    for sop in store.all(TABLE):
        if sop.code.casefold() == wanted:
            return sop  # type: ignore[no-any-return]
    raise SOPNotFound(code)


def get_version(sop: SOP, number: int | None) -> SOPVersion:
    """Version `number`, or the one in force (else the newest) when None."""
    if number is None:
        version = sop.current or sop.latest
    else:
        version = sop.version_of(number)
    if version is None:
        raise SOPRuleError(
            _("{code} has no version {n}", code=sop.code, n=number or 1), "version")
    return version


@dataclass(frozen=True)
class SOPRow:
    """One line of the SOP list."""

    sop: SOP
    status: SOPStatus
    """Status of the newest version (retired for a retired SOP)."""
    in_force: int | None
    """Version number in force."""
    review_due: date | None
    overdue: bool
    acknowledged: int
    expected: int

    @property
    def coverage(self) -> float:
        """Share acknowledged; 0 when nobody has to read it (no staff it applies to yet):
        nobody to read an SOP is not "everyone has read it"."""
        return self.acknowledged / self.expected if self.expected else 0.0

    @property
    def coverage_text(self) -> str:
        """The list's cell: "12/15 80%", or "0/0 nobody yet" (never "0/0 100%")."""
        if not self.expected:
            return _("{done}/{total} nobody yet", done=self.acknowledged, total=self.expected)
        return f"{self.acknowledged}/{self.expected} {self.coverage * 100:.0f}%"


#: Filters of the list, shared by `sop list --status` and the TUI (English labels).
FILTERS: dict[str, str] = {
    "all": N_("all SOPs"),
    "approved": N_("SOPs in force"),
    "not_approved": N_("SOPs not approved"),
    "draft": N_("SOPs with a draft"),
    "in_review": N_("SOPs in review"),
    "review_due": N_("SOPs due for review"),
    "unacknowledged": N_("SOPs not read by everyone"),
    "retired": N_("retired SOPs"),
}

_TESTS: dict[str, Callable[[SOPRow], bool]] = {
    "all": lambda r: not r.sop.retired,
    "approved": lambda r: r.in_force is not None,
    # The dashboard's "SOP(s) not approved" blocker: live SOPs with no version in force.
    "not_approved": lambda r: not r.sop.retired and r.in_force is None,
    "draft": lambda r: r.status is SOPStatus.DRAFT,
    "in_review": lambda r: r.status is SOPStatus.IN_REVIEW,
    "review_due": lambda r: r.overdue,
    "unacknowledged": lambda r: r.in_force is not None and r.acknowledged < r.expected,
    "retired": lambda r: r.sop.retired,
}


def sop_row(sop: SOP, staff: Sequence[StaffMember], today: date) -> SOPRow:
    """The list's figures for one SOP."""
    cov = coverage(sop, staff)
    latest = open_draft(sop) or sop.latest
    status = SOPStatus.RETIRED if sop.retired else (
        latest.status if latest is not None else SOPStatus.DRAFT)
    due = review_due(sop)
    return SOPRow(sop, status, sop.current.version if sop.current else None, due,
                  due is not None and due < today, len(cov.acknowledged), cov.expected)


def sop_rows(store: Store, today: date, status: str = "all") -> list[SOPRow]:
    """The SOPs matching filter `status` (a FILTERS key), by code."""
    if status not in _TESTS:
        raise SOPRuleError(
            _("unknown filter {name!r}; choose one of {choices}", name=status,
              choices=", ".join(FILTERS)), "status")
    staff = store.all("staff")
    rows = [sop_row(s, staff, today) for s in sorted(store.all(TABLE), key=lambda s: s.code)]
    return [r for r in rows if _TESTS[status](r)]


def pending_acks(store: Store, code: str | None = None
                 ) -> list[tuple[SOP, list[StaffMember]]]:
    """For each SOP in force (or just `code`): who has not yet read the version in force."""
    sops = [find_sop(store, code)] if code else sorted(store.all(TABLE), key=lambda s: s.code)
    staff = store.all("staff")
    out = []
    for sop in sops:
        if sop.current is not None:
            out.append((sop, coverage(sop, staff).pending))
    return out


def changed_steps(store: Store, sop_code: str, old_version: int, new_version: int
                  ) -> list[int]:
    """Step ids added, edited or removed from `old_version` to `new_version`."""
    sop = find_sop(store, sop_code)
    return changed_step_ids(get_version(sop, old_version), get_version(sop, new_version))


def diff_versions(store: Store, code: str, a: int, b: int) -> list[Chunk]:
    """Word-level difference of the bodies of versions `a` and `b`."""
    sop = find_sop(store, code)
    return word_diff(get_version(sop, a).body, get_version(sop, b).body)


def role_holders(store: Store, role: str) -> set[str]:
    """Names holding an approver role (APPROVER_ROLES) in this project."""
    project = store.project
    names: set[str] = set()
    if role == "sponsor" and project.executive_sponsor:
        names.add(project.executive_sponsor)
    if role == "consultant" and project.consultant:
        names.add(project.consultant)
    if role == "internal_owner" and project.internal_owner:
        names.add(project.internal_owner)
    names |= {p.name for p in store.all("staff") if p.active and p.role.value == role}
    return names
