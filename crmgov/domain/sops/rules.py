"""Rules of SOP document control: transitions, who approves, step ids, reviews, coverage.

Pure functions over the models. Refusals raise `SOPRuleError` (translated, naming the
field concerned) so the CLI prints one line and a form marks the field.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from crmgov.domain.certification.model import CERTIFIED_ROLES, StaffMember
from crmgov.domain.enums import SOPStatus
from crmgov.domain.labels import role_name
from crmgov.domain.sops.model import SOP, STATUS_LABELS, SOPVersion
from crmgov.i18n import _


class SOPRuleError(ValueError):
    """An expected refusal, already translated; `field` names what is at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.problems = ((field, message),)


# ------------------------------------------------------------------ transitions
#: Where a version may go. Approval supersedes the version in force; a reviewer may send a
#: version back to draft; retiring applies to the SOP as a whole (see `check_retire`).
TRANSITIONS: Mapping[SOPStatus, frozenset[SOPStatus]] = {
    SOPStatus.DRAFT: frozenset({SOPStatus.IN_REVIEW}),
    SOPStatus.IN_REVIEW: frozenset({SOPStatus.APPROVED, SOPStatus.DRAFT}),
    SOPStatus.APPROVED: frozenset({SOPStatus.SUPERSEDED}),
    SOPStatus.SUPERSEDED: frozenset(),
    SOPStatus.RETIRED: frozenset(),
}


def status_label(status: SOPStatus) -> str:
    """The status in the language in force."""
    return _(STATUS_LABELS[status])


def check_transition(sop: SOP, version: SOPVersion, target: SOPStatus) -> None:
    """Refuse a move the document-control graph does not allow."""
    if sop.retired:
        raise SOPRuleError(_("{code} is retired", code=sop.code), "code")
    if target not in TRANSITIONS[version.status]:
        raise SOPRuleError(
            _("{code} v{n} is {status}: it cannot become {target}", code=sop.code,
              n=version.version, status=status_label(version.status),
              target=status_label(target)),
            "status",
        )


def check_approver(sop: SOP, version: SOPVersion, actor: str, role_holders: Collection[str]
                   ) -> None:
    """Only the named approver, or a holder of the approver role, approves; never the
    version's author (four eyes). `role_holders`: names holding `sop.approver_role`."""
    if actor.casefold() == version.author.casefold():
        raise SOPRuleError(
            _("{actor} wrote {code} v{n} and cannot also approve it", actor=actor,
              code=sop.code, n=version.version), "approver")
    named = bool(sop.approver) and actor.casefold() == sop.approver.casefold()
    by_role = bool(sop.approver_role) and actor.casefold() in {
        h.casefold() for h in role_holders}
    if not (sop.approver or sop.approver_role):
        raise SOPRuleError(
            _("{code} names no approver: set one first", code=sop.code), "approver")
    if not (named or by_role):
        who = sop.approver or role_name(sop.approver_role)
        raise SOPRuleError(
            _("only {who} may approve {code}, not {actor}", who=who, code=sop.code,
              actor=actor), "approver")


def check_editable(sop: SOP, version: SOPVersion) -> None:
    """An approved (or submitted) version is immutable; editing needs a draft."""
    if sop.retired:
        raise SOPRuleError(_("{code} is retired", code=sop.code), "code")
    if not version.editable:
        raise SOPRuleError(
            _("{code} v{n} is {status} and cannot change; start a revision", code=sop.code,
              n=version.version, status=status_label(version.status)), "body")


def open_draft(sop: SOP) -> SOPVersion | None:
    """The version being worked on (draft or in review), if any: there is at most one."""
    latest = sop.latest
    if latest is not None and latest.status in (SOPStatus.DRAFT, SOPStatus.IN_REVIEW):
        return latest
    return None


# ------------------------------------------------------------------ steps
_STEP = re.compile(r"^\s{0,3}(\d+)[.)、]\s+(.*\S)\s*$")
_HEADING = re.compile(r"^\s{0,3}#")


def parse_steps(body: str) -> list[str]:
    """The numbered steps of a Markdown body, in order; a step runs on through its indented
    or directly following lines, until a blank line, a heading or the next number."""
    steps: list[str] = []
    open_step = False
    for line in body.splitlines():
        m = _STEP.match(line)
        if m:
            steps.append(m.group(2))
            open_step = True
        elif not line.strip() or _HEADING.match(line):
            open_step = False
        elif open_step:
            steps[-1] += " " + line.strip()
    return steps


#: Least rapidfuzz ratio (0-100) for an edited step to keep its id.
SIMILAR = 60.0
#: Score taken off per position a step moved, so an equal text nearer by wins.
MOVE_PENALTY = 2.0


def assign_step_ids(old: Sequence[tuple[int, str]], new: Sequence[str], next_id: int
                    ) -> list[int]:
    """Ids for the steps `new`: a step keeps the id of the old step it most resembles
    (rapidfuzz ratio less a small penalty per position moved, at least SIMILAR), each old id
    used once; any other step gets a fresh id from `next_id` on."""
    from rapidfuzz import fuzz  # C speed; imported here, off the TUI startup path

    pairs: list[tuple[float, int, int]] = []
    for i, text in enumerate(new):
        for j, (_sid, old_text) in enumerate(old):
            ratio = fuzz.ratio(text, old_text)
            if ratio >= SIMILAR:
                pairs.append((ratio - MOVE_PENALTY * abs(i - j), i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    ids: list[int | None] = [None] * len(new)
    used: set[int] = set()
    for _score, i, j in pairs:
        if ids[i] is None and j not in used:
            ids[i] = old[j][0]
            used.add(j)
    out = []
    for sid in ids:
        if sid is None:
            sid, next_id = next_id, next_id + 1
        out.append(sid)
    return out


def steps_of(version: SOPVersion) -> list[tuple[int, str]]:
    """(id, text) of each step; ids missing from an older file are their positions."""
    texts = parse_steps(version.body)
    ids = list(version.step_ids)
    if len(ids) != len(texts):
        ids = list(range(1, len(texts) + 1))
    return list(zip(ids, texts, strict=True))


def next_step_id(sop: SOP) -> int:
    """One more than any step id the SOP has used, so a removed step's id is never reused."""
    used = [sid for v in sop.versions for sid, _t in steps_of(v)]
    return max(used, default=0) + 1


def changed_step_ids(old: SOPVersion | None, new: SOPVersion) -> list[int]:
    """Steps added, edited or removed from `old` to `new` (every step if `old` is None)."""
    before = dict(steps_of(old)) if old is not None else {}
    after = dict(steps_of(new))
    changed = {sid for sid, text in after.items() if before.get(sid) != text}
    changed |= set(before) - set(after)
    return sorted(changed)


def step_ref(code: str, step_id: int) -> str:
    """How a step is cited: `SOP-SAL-01 §3`."""
    return f"{code} §{step_id}"


# ------------------------------------------------------------------ review
def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(sop: SOP) -> date | None:
    """Effective date of the version in force (or its last confirmed review) plus the
    review interval; None when nothing is in force."""
    current = sop.current
    if current is None:
        return None
    start = current.effective_on or current.approved_on or current.written_on
    confirmed = [r.on for r in sop.reviews
                 if r.version == current.version and r.outcome == "confirmed"]
    if confirmed:
        start = max(start, max(confirmed))
    return add_months(start, sop.review_months)


def review_overdue(sop: SOP, today: date) -> bool:
    """The version in force is past its review date."""
    due = review_due(sop)
    return due is not None and due < today


# ------------------------------------------------------------------ acknowledgement
def applies_to(sop: SOP, person: StaffMember) -> bool:
    """Whether `person` must read the SOP: active, in one of its departments (if any), and
    in one of its roles (else in a role that works in the CRM)."""
    if not person.active:
        return False
    depts = sop.scope_departments
    if depts and person.department not in depts:
        return False
    return person.role in sop.roles if sop.roles else person.role in CERTIFIED_ROLES


@dataclass(frozen=True)
class Coverage:
    """Who must read the version in force, who has, who has not."""

    version: int | None
    acknowledged: list[StaffMember]
    pending: list[StaffMember]

    @property
    def expected(self) -> int:
        return len(self.acknowledged) + len(self.pending)

    @property
    def share(self) -> float:
        """Share acknowledged; 0 when nobody is expected to read it (no staff it applies to
        yet: not "everyone has read it", as domain.sops.figures' acknowledgement_coverage
        with acknowledgement_expected 0). Ask `expected` to tell the two zeros apart."""
        return len(self.acknowledged) / self.expected if self.expected else 0.0


def coverage(sop: SOP, staff: Iterable[StaffMember]) -> Coverage:
    """Acknowledgement of the version in force. A newer approved version starts from zero:
    acknowledgements of older versions stay in the record but no longer count."""
    current = sop.current
    if current is None:
        return Coverage(None, [], [])
    read = {a.staff_id for a in sop.acknowledgements if a.version == current.version}
    people = [p for p in staff if applies_to(sop, p)]
    return Coverage(current.version, [p for p in people if p.id in read],
                    [p for p in people if p.id not in read])


def must_reacknowledge(sop: SOP, staff: Iterable[StaffMember]) -> list[StaffMember]:
    """Pending readers who had acknowledged an earlier version (the reset's re-read list)."""
    earlier = {a.staff_id for a in sop.acknowledgements
               if sop.current is not None and a.version < sop.current.version}
    return [p for p in coverage(sop, staff).pending if p.id in earlier]


def department_coverage(sops: Iterable[SOP], staff: Sequence[StaffMember]
                        ) -> dict[str, tuple[int, int]]:
    """(acknowledged, expected) per department over every SOP in force."""
    out: dict[str, list[int]] = {}
    for sop in sops:
        cov = coverage(sop, staff)
        for p in cov.acknowledged:
            out.setdefault(p.department, [0, 0])[0] += 1
        for p in cov.acknowledged + cov.pending:
            out.setdefault(p.department, [0, 0])[1] += 1
    return {dept: (a, e) for dept, (a, e) in sorted(out.items())}
