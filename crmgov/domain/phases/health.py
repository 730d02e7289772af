"""The 1+5 health panel: the one principle and the five methods (domain.md §1) as checks
on the project's data."""

from __future__ import annotations

from dataclasses import dataclass

from crmgov.domain.certification.model import CERTIFIED_ROLES
from crmgov.domain.enums import PhaseKind
from crmgov.domain.phases.scope import LiveInputs, departments_covered, sops_in_scope
from crmgov.i18n import N_, _

#: (key, English title) of the six checks, in the order shown.
CHECKS = (
    ("principle", N_("Process first: SOPs for the pilot's processes before its gate")),
    ("backing", N_("Strategic backing: a sponsor named and signing")),
    ("planning", N_("Long-term planning: a three-year plan exists")),
    ("partners", N_("Open operation: an implementation consultant named")),
    ("integration", N_("System integration: integration points listed")),
    ("rollout", N_("Company-wide roll-out: the phases cover every department")),
)


@dataclass(frozen=True)
class HealthCheck:
    """One line of the panel."""

    key: str
    title: str
    """Translated title."""
    passed: bool
    detail: str
    """Translated: what was found."""


def health(inputs: LiveInputs) -> list[HealthCheck]:
    """The six checks on `inputs` (its phases, project, SOPs, plan and staff)."""
    titles = dict(CHECKS)
    found = {
        "principle": _principle(inputs),
        "backing": _backing(inputs),
        "planning": _planning(inputs),
        "partners": _partners(inputs),
        "integration": _integration(inputs),
        "rollout": _rollout(inputs),
    }
    return [HealthCheck(key, _(titles[key]), *found[key]) for key, _t in CHECKS]


def _principle(inputs: LiveInputs) -> tuple[bool, str]:
    pilots = [p for p in inputs.phases if p.kind is PhaseKind.PILOT]
    if not pilots:
        return False, _("no pilot phase planned")
    if inputs.sops is None:
        return False, _("no SOP data in this project yet")
    for pilot in pilots:
        approved = [s for s in sops_in_scope(pilot.scope, inputs.sops) if s.current]
        if not approved:
            return False, _("no approved SOP in the scope of {phase}", phase=pilot.name)
        if pilot.sign_off is not None:
            signed = pilot.sign_off.at.date()
            first = min(v.approved_on for s in approved for v in s.versions if v.approved_on)
            if first > signed:
                return False, _("{phase}: SOPs approved only after its gate", phase=pilot.name)
    return True, _("{count} pilot phase(s) with approved SOPs", count=len(pilots))


def _backing(inputs: LiveInputs) -> tuple[bool, str]:
    sponsor = inputs.project.executive_sponsor
    if not sponsor:
        return False, _("no executive sponsor named")
    others = [p.name for p in inputs.phases
              if (p.sign_off and p.sign_off.by != sponsor)
              or (p.evaluation and p.evaluation.signed_by != sponsor)]
    if others:
        return False, _("signed by someone other than the sponsor: {phases}",
                        phases=list_join(others))
    signed = sum(1 for p in inputs.phases if p.sign_off)
    return True, _("{name}; {count} gate(s) signed", name=sponsor, count=signed)


def _planning(inputs: LiveInputs) -> tuple[bool, str]:
    if inputs.plan is None:
        return False, _("no plan data in this project yet")
    if not inputs.plan:
        return False, _("no improvement plan written yet")
    years = len({i.year for i in inputs.plan})
    return True, _("{count} plan item(s) over {years} year(s)", count=len(inputs.plan),
                   years=years)


def _partners(inputs: LiveInputs) -> tuple[bool, str]:
    name = inputs.project.consultant
    return (True, name) if name else (False, _("no implementation consultant named"))


def _integration(inputs: LiveInputs) -> tuple[bool, str]:
    points = [pt for p in inputs.phases for pt in p.integration_points]
    if not points:
        return False, _("no integration point listed")
    return True, _("{count} integration point(s) listed", count=len(points))


def _rollout(inputs: LiveInputs) -> tuple[bool, str]:
    if not inputs.phases:
        return False, _("no rollout phase planned yet")
    if inputs.staff is None:
        return False, _("no staff data in this project yet")
    covered = departments_covered(inputs.phases)
    departments = sorted({s.department for s in inputs.staff
                          if s.active and s.department and s.role in CERTIFIED_ROLES})
    if covered is None:
        return True, _("a phase covers every department")
    left = [d for d in departments if d.strip().casefold() not in covered]
    if left:
        return False, _("not in any phase: {departments}", departments=list_join(left))
    return True, _("{count} department(s) covered", count=len(departments))


def list_join(values: list[str]) -> str:
    """A list in the language in force (Chinese lists use 、)."""
    from crmgov.i18n import language

    return ("、" if language() == "zh" else ", ").join(values)
