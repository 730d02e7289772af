"""The demo's SOPs: ten procedures with real steps, several versions each, one in review,
one draft only, one past its review date, partial acknowledgement, and revisions caused
by recurring issues (linked both ways once the issues exist, see `link_revision`).

Draws come from the generator passed in (the writer gives this module its own), so the
SOPs can change without reshuffling the rest of the demo.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, time, timedelta

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import Language, Role, SOPStatus
from crmgov.domain.issues.model import Issue
from crmgov.domain.sops.model import SOP, Acknowledgement, ReviewRecord, SOPVersion, VersionEvent
from crmgov.domain.sops.rules import (
    applies_to,
    assign_step_ids,
    changed_step_ids,
    parse_steps,
    steps_of,
)
from crmgov.services.demo.sops_text import DemoSOP

PM = 0
#: code → (owner index in DemoText.people, department keys, roles, days since v1 was
#: written, approver role or "" for the project manager by name, status of the last version).
PLAN: dict[str, tuple[int, tuple[str, ...], tuple[Role, ...], int, str, SOPStatus]] = {
    "SOP-SAL-01": (5, ("sales",), (), 390, "", SOPStatus.APPROVED),
    "SOP-SAL-02": (5, ("sales",), (), 380, "", SOPStatus.APPROVED),
    "SOP-SAL-03": (5, ("sales", "service"), (), 370, "", SOPStatus.APPROVED),
    "SOP-SAL-04": (6, ("sales",), (), 392, "", SOPStatus.APPROVED),  # review overdue
    "SOP-SVC-01": (19, ("service",), (), 230, "project_manager", SOPStatus.APPROVED),
    "SOP-SVC-02": (19, ("service",), (), 220, "project_manager", SOPStatus.IN_REVIEW),
    "SOP-FIN-01": (26, ("finance", "sales"), (), 40, "sponsor", SOPStatus.DRAFT),
    "SOP-DAT-01": (2, (), (Role.INTERNAL_OWNER, Role.PROJECT_MANAGER), 360, "",
                   SOPStatus.APPROVED),
    "SOP-AUD-01": (3, (), (Role.AUDITOR,), 300, "", SOPStatus.APPROVED),
    "SOP-PMO-01": (2, (), (), 385, "", SOPStatus.APPROVED),
}


def _texts(language: Language) -> tuple[DemoSOP, ...]:
    if language is Language.ZH:
        from crmgov.services.demo.sops_zh import SOPS as ZH

        return ZH
    from crmgov.services.demo.sops_en import SOPS as EN

    return EN


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


def _versions(spec: DemoSOP, author: str, approver: str, start: date, today: date,
              last: SOPStatus, rng: random.Random) -> list[SOPVersion]:
    d = timedelta(days=1)
    count = len(spec.summaries)
    gap = (today - 25 * d - start) / count
    out: list[SOPVersion] = []
    previous: SOPVersion | None = None
    next_id = 1
    for n in range(1, count + 1):
        written = start + gap * (n - 1)
        body = spec.body(n)
        old = steps_of(previous) if previous else []
        ids = assign_step_ids(old, parse_steps(body), next_id)
        next_id = max([next_id - 1, *ids]) + 1
        status = last if n == count else SOPStatus.APPROVED
        history = [VersionEvent(status=SOPStatus.DRAFT, at=_at(written, 10), by=author)]
        version = SOPVersion(version=n, summary=spec.summaries[n - 1], body=body,
                             author=author, written_on=written, step_ids=ids,
                             history=history)
        if status is not SOPStatus.DRAFT:
            submitted = written + rng.randint(1, 3) * d
            history.append(VersionEvent(status=SOPStatus.IN_REVIEW, at=_at(submitted, 11),
                                        by=author))
            version = version.model_copy(update={"submitted_on": submitted,
                                                 "history": history})
        if status is SOPStatus.APPROVED:
            approved = min(written + rng.randint(4, 12) * d, today - d)
            history.append(VersionEvent(status=SOPStatus.APPROVED, at=_at(approved, 15),
                                        by=approver))
            version = version.model_copy(update={
                "approved_by": approver, "approved_on": approved, "effective_on": approved,
                "changed_step_ids": changed_step_ids(previous, version), "history": history,
                "status": SOPStatus.APPROVED})
            if previous is not None:
                superseded = previous.model_copy(update={
                    "status": SOPStatus.SUPERSEDED,
                    "history": [*previous.history, VersionEvent(
                        status=SOPStatus.SUPERSEDED, at=_at(approved, 15), by=approver)]})
                out[-1] = superseded
            previous = version
        else:
            version = version.model_copy(update={"status": status})
        out.append(version)
    return out


def _acks(sop: SOP, people: list[StaffMember], today: date, rng: random.Random
          ) -> list[Acknowledgement]:
    """Most readers have read the version in force, some only an older one, some none;
    a version approved in the last weeks has fewer readers yet."""
    d = timedelta(days=1)
    approved = [v for v in sop.versions if v.approved and v.approved_on]
    if not approved:
        return []
    current = approved[-1]
    assert current.approved_on is not None
    recent = (today - current.approved_on).days < 60
    out = []
    for person in people:
        if not applies_to(sop, person):
            continue
        roll = rng.random()
        if roll < (0.45 if recent else 0.78):
            v = current
        elif roll < 0.9 and len(approved) > 1:
            v = approved[-2]  # read an older version: must re-acknowledge
        else:
            continue
        assert v.approved_on is not None
        on = min(max(v.approved_on, person.hire_date or v.approved_on) + rng.randint(1, 20) * d,
                 today)
        out.append(Acknowledgement(staff_id=person.id, version=v.version, on=on))
    return out


def sops(language: Language, people: list[StaffMember], names: tuple[str, ...],
         departments: dict[str, str], today: date, rng: random.Random) -> list[SOP]:
    """The ten demo SOPs, in the order their ids are referred to by issues and checks."""
    out = []
    approver_name = names[PM]
    staff = [p.model_copy(update={"id": i + 1}) for i, p in enumerate(people)]
    for spec in _texts(language):
        owner_i, dept_keys, roles, first, role, last = PLAN[spec.code]
        author = names[owner_i]
        start = today - timedelta(days=first - rng.randint(0, 5))
        approver = approver_name  # holds the project-manager role; the sponsor approves FIN
        versions = _versions(spec, author, approver, start, today, last, rng)
        sop = SOP(code=spec.code, title=spec.title, area=spec.area, owner=author,
                  departments=[departments[k] for k in dept_keys], roles=list(roles),
                  approver="" if role else approver_name, approver_role=role,
                  versions=versions)
        if spec.code == "SOP-PMO-01" and sop.current and sop.current.approved_on:
            sop = sop.model_copy(update={"reviews": [ReviewRecord(
                version=sop.current.version, on=today - timedelta(days=30), by=approver_name,
                outcome="confirmed", note=spec.summaries[-1])]})
        sop = sop.model_copy(update={"acknowledgements": _acks(sop, staff, today, rng)})
        out.append(SOP.model_validate(sop.model_dump()))
    return out


def link_revision(sops: list[SOP], issues: list[Issue]) -> None:
    """Name, on each SOP version, the closed issues whose preventive action it carries out:
    the issue already names the SOP (`sop_id`), and its preventive action cites the version
    ("SOP-SAL-01 v2", "SOP-SAL-01 第2版"; no version = the newest)."""
    for number, issue in enumerate(issues, start=1):  # ids are positions + 1 until written
        if issue.is_open or not issue.preventive_action or not issue.sop_id:
            continue
        index = issue.sop_id - 1
        if not 0 <= index < len(sops):
            continue
        sop = sops[index]
        cited = re.search(rf"{re.escape(sop.code)}(?: v(\d+)| 第(\d+)版)?",
                          issue.preventive_action)
        if cited is None:
            continue
        wanted = int(cited.group(1) or cited.group(2) or sop.versions[-1].version)
        versions = [v.model_copy(update={"because_of": sorted({*v.because_of, number})})
                    if v.version == wanted else v for v in sop.versions]
        sops[index] = sop.model_copy(update={"versions": versions})
