"""The live gate criteria: pure functions of the project's data and a threshold.

Each criterion returns a `Figure`: whether it passes, the figure shown, the records that
fall short (the view behind the figure has exactly these rows), and where it is fixed.
Thresholds come from checklists/gates.toml; each criterion's default is its DEFAULTS entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crmgov.domain.certification.model import CERTIFIED_ROLES
from crmgov.domain.phases.model import INTEGRATION_STATES, GateItem, Phase
from crmgov.domain.phases.scope import (
    GateIssue,
    LiveInputs,
    issues_in_scope,
    sops_in_scope,
    staff_in_scope,
)
from crmgov.domain.quality.model import THRESHOLDS, QualityMeasurement
from crmgov.domain.sops.model import SOP
from crmgov.domain.sops.rules import coverage
from crmgov.i18n import _

#: Default threshold of each criterion: a minimum share (certification, sops), a maximum
#: count (issue criteria), a minimum count (integration points), or a maximum error rate
#: overriding each table's own (data_quality; None = the table's own threshold).
DEFAULTS: dict[str, float | None] = {
    "certification": 1.0,
    "urgent_overdue": 0,
    "issues_owned": 0,
    "recurring_prevented": 0,
    "sops": 0.9,
    "data_quality": None,
    "sponsor": None,
    "integration_points": 1,
}

#: Where each criterion is fixed: (TUI area mode, issue quick filter or "", CLI hint).
FIXED_IN: dict[str, tuple[str, str, str]] = {
    "certification": ("staff", "uncertified", "crmgov cert access-list"),
    "urgent_overdue": ("issues", "overdue", "crmgov issue list --overdue --urgency urgent"),
    "issues_owned": ("issues", "open", "crmgov issue list"),
    "recurring_prevented": ("issues", "recurring_no_preventive", "crmgov issue list --recurring"),
    "sops": ("sops", "unacknowledged", "crmgov sop list --status unacknowledged"),
    "data_quality": ("!data_quality", "", "crmgov status"),
    "sponsor": ("phases", "", "crmgov phase people --sponsor NAME"),
    "integration_points": ("phases", "", "crmgov phase integration PHASE --name NAME"),
}


@dataclass(frozen=True)
class Figure:
    """A live criterion's answer."""

    passed: bool
    figure: str
    """The figure, e.g. "28/35 (80%)"."""
    detail: str
    """One line: what the figure means against the threshold, or what is missing."""
    records: tuple[str, ...] = ()
    """The records that fall short, one line each."""
    record_ids: tuple[int, ...] = ()
    """Their ids where they are records (issues, staff, SOPs)."""
    unavailable: bool = False
    """The area the criterion reads has no data here; it fails until there is."""


def threshold(item: GateItem) -> float | None:
    """The item's threshold, or its criterion's default."""
    return item.threshold if item.threshold is not None else DEFAULTS.get(item.live)


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _missing(area: str) -> Figure:
    return Figure(False, "—", _("no {area} data in this project yet", area=area), unavailable=True)


class Context:
    """Scope-filtered data of one phase, worked out once for all its criteria."""

    def __init__(self, phase: Phase, inputs: LiveInputs) -> None:
        self.phase = phase
        self.inputs = inputs
        self.staff = (
            staff_in_scope(phase.scope, inputs.staff) if inputs.staff is not None else None
        )
        self._issues: list[GateIssue] | None = None

    @property
    def issues(self) -> list[GateIssue] | None:
        if self._issues is None and self.inputs.issues is not None:
            self._issues = issues_in_scope(self.phase, self.inputs.issues, self.staff or ())
        return self._issues


def certification(ctx: Context, limit: float) -> Figure:
    """Share of in-scope staff in certified roles holding a valid certificate today."""
    if ctx.staff is None or ctx.inputs.certifications is None:
        return _missing(_("certification"))
    required = [s for s in ctx.staff if s.role in CERTIFIED_ROLES]
    if not required:
        return Figure(False, "0/0", _("no staff in this phase's scope to certify"),
                      unavailable=True)
    today = ctx.inputs.now.date()
    valid = {c.staff_id for c in ctx.inputs.certifications if c.valid_on(today)}
    missing = [s for s in required if s.id not in valid]
    share = (len(required) - len(missing)) / len(required)
    return Figure(
        share >= limit,
        f"{len(required) - len(missing)}/{len(required)} ({_pct(share)})",
        _("certified {share}, needs {limit}", share=_pct(share), limit=_pct(limit)),
        tuple(s.name for s in missing),
        tuple(s.id for s in missing),
    )


def _issue_figure(found: Sequence[GateIssue], limit: float, what: str) -> Figure:
    return Figure(
        len(found) <= limit,
        str(len(found)),
        _("{count} {what}, at most {limit} allowed", count=len(found), what=what,
          limit=int(limit)),
        tuple(f"#{i.id} {i.title}" for i in found),
        tuple(i.id for i in found),
    )


def urgent_overdue(ctx: Context, limit: float) -> Figure:
    """Open urgent issues in scope past their window (48 h by default)."""
    if ctx.issues is None:
        return _missing(_("issue"))
    now = ctx.inputs.now
    late = [i for i in ctx.issues if i.due is not None and now > i.due]
    return _issue_figure(late, limit, _("urgent issue(s) overdue"))


def issues_owned(ctx: Context, limit: float) -> Figure:
    """Open issues in scope without an owner or without dated tasks."""
    if ctx.issues is None:
        return _missing(_("issue"))
    bare = [i for i in ctx.issues if i.open and (not i.owner or not i.has_tasks)]
    return _issue_figure(bare, limit, _("open issue(s) without an owner or dated tasks"))


def recurring_prevented(ctx: Context, limit: float) -> Figure:
    """Recurring issues in scope still without a preventive action."""
    if ctx.issues is None:
        return _missing(_("issue"))
    gap = [i for i in ctx.issues if i.recurring and not i.has_preventive]
    return _issue_figure(gap, limit, _("recurring issue(s) without a preventive action"))


def sops(ctx: Context, limit: float) -> Figure:
    """Every in-scope SOP approved, and acknowledged by the in-scope staff it applies to
    (domain.sops.rules.coverage) to `limit`."""
    if ctx.inputs.sops is None or ctx.staff is None:
        return _missing(_("SOP"))
    found = sops_in_scope(ctx.phase.scope, ctx.inputs.sops)
    if not found:
        return Figure(False, "0", _("no SOP written for this phase's scope"), unavailable=True)
    short: list[str] = []
    ids: list[int] = []
    unread: list[SOP] = []
    expected = acknowledged = 0
    for sop in found:
        if sop.current is None:
            short.append(_("{code} not approved", code=sop.code))
            ids.append(sop.id)
            continue
        cov = coverage(sop, ctx.staff)
        expected += cov.expected
        acknowledged += len(cov.acknowledged)
        if not cov.expected:  # share 0, but not "read by 0%": nobody has to read it
            unread.append(sop)
        elif cov.share < limit:
            short.append(_("{code} read by {share}", code=sop.code, share=_pct(cov.share)))
            ids.append(sop.id)
    if not expected and limit > 0:  # then these are why the acknowledgement figure is 0
        for sop in unread:
            short.append(_("{code}: nobody in this phase's scope has to read it yet",
                           code=sop.code))
            ids.append(sop.id)
    approved = sum(1 for s in found if s.current is not None)
    share = acknowledged / expected if expected else 0.0
    passed = approved == len(found) and share >= limit
    return Figure(
        passed,
        f"{approved}/{len(found)} · {_pct(share)}",
        _("{approved} of {total} approved, acknowledged {share}, needs all and {limit}",
          approved=approved, total=len(found), share=_pct(share), limit=_pct(limit)),
        tuple(short),
        tuple(ids),
    )


def data_quality(ctx: Context, limit: float | None, tables: Sequence[str]) -> Figure:
    """The latest measurement of each named table within its threshold (or `limit`)."""
    if ctx.inputs.quality is None:
        return _missing(_("data-quality"))
    latest: dict[str, QualityMeasurement] = {}
    for m in sorted(ctx.inputs.quality, key=lambda m: m.measured_on):
        latest[m.table.strip().casefold()] = m
    names = list(tables) or sorted({m.table for m in latest.values()})
    if not names:
        return Figure(False, "—", _("no table measured yet"), unavailable=True)
    short: list[str] = []
    for name in names:
        found = latest.get(name.strip().casefold())
        if found is None:
            short.append(_("{table}: not measured", table=name))
            continue
        allowed = limit if limit is not None else THRESHOLDS[found.kind]
        if found.error_rate > allowed:
            short.append(_("{table}: {rate} over {limit}", table=name,
                           rate=f"{found.error_rate * 100:.1f}%",
                           limit=f"{allowed * 100:.1f}%"))
    ok = len(names) - len(short)
    return Figure(not short, f"{ok}/{len(names)}",
                  _("{ok} of {total} table(s) within threshold", ok=ok, total=len(names)),
                  tuple(short))


def sponsor(ctx: Context) -> Figure:
    """The executive sponsor is named in the project (战略重视)."""
    name = ctx.inputs.project.executive_sponsor
    if name:
        return Figure(True, name, _("sponsor: {name}", name=name))
    return Figure(False, "—", _("no executive sponsor named"), (_("executive sponsor"),))


def integration_points(ctx: Context, limit: float) -> Figure:
    """At least `limit` integration points listed, each with an owner and a known state."""
    points = ctx.phase.integration_points
    short = tuple(p.name for p in points if not p.owner or p.state not in INTEGRATION_STATES)
    passed = len(points) >= limit and not short
    return Figure(
        passed,
        str(len(points)),
        _("{count} integration point(s), {bad} without owner or state, needs {limit}",
          count=len(points), bad=len(short), limit=int(limit)),
        short,
    )


def evaluate_live(item: GateItem, ctx: Context) -> Figure:
    """The figure of one live item."""
    limit = threshold(item)
    counted: dict[str, Callable[[float], Figure]] = {
        "certification": lambda t: certification(ctx, t),
        "urgent_overdue": lambda t: urgent_overdue(ctx, t),
        "issues_owned": lambda t: issues_owned(ctx, t),
        "recurring_prevented": lambda t: recurring_prevented(ctx, t),
        "sops": lambda t: sops(ctx, t),
        "integration_points": lambda t: integration_points(ctx, t),
    }
    if item.live == "data_quality":
        return data_quality(ctx, limit, item.tables)
    if item.live == "sponsor":
        return sponsor(ctx)
    return counted[item.live](float(limit if limit is not None else 0))
