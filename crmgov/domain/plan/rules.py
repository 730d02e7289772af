"""The consultant's blind-spot checks of the three-year plan (domain.md §7) and its progress
over time; the sign-off rules are in domain/plan/signoff.py.

Pure functions: the live data (issues, quality, SOPs, certification) comes in as small
facts gathered by services.plan.checks, so these rules know nothing of the other areas'
models beyond what they need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from crmgov.domain.enums import PlanArea, PlanStatus
from crmgov.domain.plan.model import PlanItem
from crmgov.i18n import N_, _

#: The plan's horizon (三年改进计划).
PLAN_YEARS = 3
#: "Almost everything in year 1": this share of the items or more.
FRONT_LOADED_SHARE = 0.75
#: A plan this small is not judged on its spread (one or two items prove nothing).
MIN_ITEMS_FOR_SPREAD = 4
#: Certification coverage below this is "low" (only certified staff work in the CRM, §2).
LOW_COVERAGE = 0.9

#: Why each check exists, in the domain's words (domain.md section in brackets).
REASONS: dict[str, str] = {
    "no_analytics": N_(
        "§7: a typical blind spot is using the CRM only as a ledger (简单的记账工具) while "
        "ignoring its analysis functions; §3: data is not clean until the reports built on "
        "it are clean."),
    "no_prospects": N_(
        "§7: a typical blind spot is managing only signed customers while ignoring "
        "prospect development."),
    "no_data_quality": N_(
        "§3: system 3, implementation 10, data 12 (三分系统、十分实施、十二分数据): data first, "
        "features second."),
    "uncovered_issue": N_(
        "§4 and §6: deferred scope and special cases must be carried forward with how the "
        "company handles each: deferred scope belongs in the plan, a special case needs "
        "the plan or a written way of handling it."),
    "no_owner": N_("§4: every task needs an owner, or nobody does it."),
    "no_target": N_(
        "§8: measure trends: an objective without a metric and a goal cannot be followed."),
    "no_due": N_("§4: undated tasks get delayed."),
    "front_loaded": N_(
        "§7: a plan for the next three years; stop advancing and you fall back "
        "(逆水行舟，不进则退)."),
    "empty_year_3": N_(
        "§7: a plan for the next three years; stop advancing and you fall back "
        "(逆水行舟，不进则退)."),
    "table_over_threshold": N_(
        "§3: under 5% errors in almost every table, under 1% for key fields, up to 20% for "
        "leads; when an error recurs, find the root cause and prevent it."),
    "sop_overdue": N_(
        "§5: a process that was right at launch becomes cumbersome later; SOPs are revised, "
        "trained and enforced again."),
    "low_certification": N_(
        "§2: train first, then test; only those who pass work in the system, and staff turn "
        "over every one to two years."),
    "empty_plan": N_(
        "§7: before the consultant leaves, the internal owner writes the plan for the next "
        "three years."),
}


class PlanRuleError(ValueError):
    """An expected refusal, already translated; `problems` lists (field, message) pairs so
    a form can show each under its field ("" = the form as a whole)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.problems: tuple[tuple[str, str], ...] = ((field, message),)


@dataclass(frozen=True)
class Finding:
    """One blind spot: what is wrong, why it matters, and the item concerned (if one)."""

    code: str
    message: str
    """Translated: what the check found."""
    item_id: int | None = None

    @property
    def reason(self) -> str:
        """Translated: the domain's reason for the check."""
        return _(REASONS[self.code])


@dataclass(frozen=True)
class IssueFact:
    """A deferred-scope or special-case issue."""

    id: int
    title: str
    deferred: bool = True
    """Deferred scope (True) or a special case (False)."""
    self_handling: str = ""
    """How the company handles it itself (enough for a special case, §4)."""


@dataclass(frozen=True)
class TableFact:
    """A CRM table's latest measurement."""

    table: str
    error_rate: float
    threshold: float


@dataclass(frozen=True)
class SopFact:
    """An SOP and the day its version in force is due for review (None: nothing in force)."""

    code: str
    title: str
    review_due: date | None


@dataclass(frozen=True)
class LiveFacts:
    """What the plan is checked against besides itself."""

    today: date
    special_issues: Sequence[IssueFact] = ()
    failing_tables: Sequence[TableFact] = ()
    sops: Sequence[SopFact] = ()
    certification_coverage: float | None = None
    """Share of required staff certified; None = nobody needs a certificate."""


@dataclass
class _Ctx:
    active: list[PlanItem] = field(default_factory=list)

    def areas(self) -> set[PlanArea]:
        return {i.area for i in self.active}

    def names(self, area: PlanArea, text: str) -> bool:
        """An active item of `area` names `text` in its objective, description or metric."""
        needle = text.casefold()
        return any(
            needle in f"{i.title} {i.description} {i.metric}".casefold()
            for i in self.active
            if i.area is area
        )


def plan_findings(items: Sequence[PlanItem]) -> list[Finding]:
    """The checks of the plan on its own: missing areas, incomplete items, its spread."""
    if not items:
        return [Finding("empty_plan", _("the plan has no items"))]
    ctx = _Ctx([i for i in items if i.status is not PlanStatus.DROPPED])
    out: list[Finding] = []
    areas = ctx.areas()
    if PlanArea.ANALYTICS not in areas:
        out.append(Finding("no_analytics", _("no analytics or reporting item")))
    if PlanArea.PROSPECT_DEVELOPMENT not in areas:
        out.append(Finding("no_prospects", _("no prospect or lead development item")))
    if PlanArea.DATA_QUALITY not in areas:
        out.append(Finding("no_data_quality", _("no data-quality item")))
    for item in sorted(ctx.active, key=PlanItem.sort_key):
        if not item.active:
            continue  # done items need no owner, target or date any more
        if not item.owner:
            out.append(Finding("no_owner", _("#{id} {title}: no owner", id=item.id,
                                             title=item.title), item.id))
        if not item.has_target:
            out.append(Finding("no_target", _("#{id} {title}: no measurable target (metric "
                                              "and goal)", id=item.id, title=item.title),
                               item.id))
        if item.target is None:
            out.append(Finding("no_due", _("#{id} {title}: no date by when", id=item.id,
                                           title=item.title), item.id))
    out.extend(_spread(ctx.active))
    return out


def _spread(items: list[PlanItem]) -> list[Finding]:
    if len(items) < MIN_ITEMS_FOR_SPREAD:
        return []
    first = sum(1 for i in items if i.year == 1)
    out = []
    if first / len(items) >= FRONT_LOADED_SHARE:
        out.append(Finding("front_loaded", _("{count} of {total} items are in year 1",
                                             count=first, total=len(items))))
    if not any(i.year >= PLAN_YEARS for i in items):
        out.append(Finding("empty_year_3", _("nothing is planned for year 3")))
    return out


def live_findings(items: Sequence[PlanItem], facts: LiveFacts) -> list[Finding]:
    """The checks against the live data: issues, tables, SOPs and certification that no
    active item addresses."""
    ctx = _Ctx([i for i in items if i.active])
    linked = {n for i in items if i.status is not PlanStatus.DROPPED for n in i.linked_issues}
    out: list[Finding] = []
    for issue in facts.special_issues:
        # A special case the log already says how to handle is carried forward; deferred
        # scope is work still to do, so it belongs in the plan.
        handled = not issue.deferred and bool(issue.self_handling)
        if issue.id not in linked and not handled:
            out.append(Finding("uncovered_issue", _(
                "issue #{id} {title} (deferred scope or special case) is in no plan item",
                id=issue.id, title=issue.title)))
    for t in facts.failing_tables:
        if not ctx.names(PlanArea.DATA_QUALITY, t.table):
            out.append(Finding("table_over_threshold", _(
                "{table} is over its threshold ({rate} > {limit}) and no open data-quality "
                "item names it", table=t.table, rate=f"{t.error_rate:.1%}",
                limit=f"{t.threshold:.0%}")))
    for sop in facts.sops:
        if sop.review_due is None or sop.review_due >= facts.today:
            continue
        if not (ctx.names(PlanArea.PROCESS, sop.code) or ctx.names(PlanArea.PROCESS, sop.title)):
            out.append(Finding("sop_overdue", _(
                "SOP {code} {title} was due for review on {date} and no open process item "
                "names it", code=sop.code, title=sop.title, date=sop.review_due.isoformat())))
    coverage = facts.certification_coverage
    if coverage is not None and coverage < LOW_COVERAGE and PlanArea.TRAINING not in ctx.areas():
        out.append(Finding("low_certification", _(
            "certification coverage is {coverage} and no open training item addresses it",
            coverage=f"{coverage:.0%}")))
    return out


# ------------------------------------------------------------------ progress over time
@dataclass(frozen=True)
class Progress:
    """Plan progress against the time elapsed since go-live (逆水行舟，不进则退)."""

    elapsed: float
    """Share of the three plan years gone by."""
    done: float
    """Share of the items (dropped ones aside) done."""
    due: int
    """Items whose date has passed."""
    overdue: int
    """Of those, not done."""

    @property
    def behind(self) -> bool:
        """Less done than time has passed, or something overdue."""
        return self.done < self.elapsed or self.overdue > 0


def progress(items: Sequence[PlanItem], go_live: date | None, today: date) -> Progress | None:
    """Progress once the project is past go-live (None before, or without a date)."""
    if go_live is None or today < go_live:
        return None
    days = PLAN_YEARS * 365
    counted = [i for i in items if i.status is not PlanStatus.DROPPED]
    done = sum(1 for i in counted if i.status is PlanStatus.DONE)
    due = [i for i in counted if i.target is not None and i.target < today]
    return Progress(
        elapsed=round(min(1.0, (today - go_live).days / days), 4),
        done=round(done / len(counted), 4) if counted else 0.0,
        due=len(due),
        overdue=sum(1 for i in due if i.status is not PlanStatus.DONE),
    )
