"""What the issue table shows: its columns and the quick filters over IssueRows.

Kept apart from the screen so the filtering can be unit-tested and run in a worker thread
without touching widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from crmgov.i18n import N_, _
from crmgov.tui.widgets.virtual_table import Column

#: Quick filters: name → English msgid shown in the filter bar.
QUICK_LABELS: dict[str, str] = {
    "urgent": N_("urgent"),
    "general": N_("general"),
    "overdue": N_("overdue"),
    "at_risk": N_("at risk"),
    "mine": N_("mine"),
    "recurring": N_("recurring"),
    "no_preventive": N_("no preventive action"),
}

STATUS_CHOICES = ("open", "closed", "all")
STATUS_LABELS = {"open": N_("open"), "closed": N_("closed"), "all": N_("all")}

#: Above this many rows to scan, filtering moves to a thread worker (~20 ms of Python).
SYNC_LIMIT = 20_000
#: The same for narrowing (one substring test per row, ~0.15 µs): up to ~15 ms here, less
#: than handing the work to a thread and back costs in latency.
NARROW_SYNC_LIMIT = 100_000


@dataclass(frozen=True)
class FilterSpec:
    """Everything that decides which rows show; compared to coalesce keystrokes."""

    status: str = "open"
    urgent: bool = False
    general: bool = False
    overdue: bool = False
    at_risk: bool = False
    mine: bool = False
    recurring: bool = False
    no_preventive: bool = False
    text: str = ""
    ids: frozenset[int] | None = None
    """Only these issues (a figure that names its issues, e.g. a handover checklist line)."""
    ids_label: str = ""
    """What those issues are, for the filter line."""

    @property
    def needle(self) -> str:
        return self.text.strip().lower()

    def narrows(self, earlier: FilterSpec) -> bool:
        """Whether every row this keeps is among the rows `earlier` kept.

        True when only the text grew (typing on): the next filter can scan the previous
        result instead of all 100k rows.
        """
        return replace(self, text="") == replace(earlier, text="") and (
            earlier.needle in self.needle
        )

    def active(self) -> list[str]:
        """Names of the quick filters switched on."""
        return [name for name in QUICK_LABELS if getattr(self, name)]


#: Dashboard figure → the view it leads to (the counts must match the figure).
DASHBOARD_VIEWS: dict[str, FilterSpec] = {
    "open": FilterSpec(),
    "urgent": FilterSpec(urgent=True),
    "open_general": FilterSpec(general=True),
    "overdue": FilterSpec(overdue=True),
    "overdue_urgent": FilterSpec(overdue=True, urgent=True),
    "overdue_general": FilterSpec(overdue=True, general=True),
    "at_risk": FilterSpec(at_risk=True),
    "mine": FilterSpec(mine=True),
    "recurring_no_preventive": FilterSpec(status="all", recurring=True, no_preventive=True),
}


def view_spec(name: str) -> FilterSpec:
    """The filter of a named view: a dashboard view, or an `ids_view` (open or closed)."""
    from crmgov.tui.screens.views import read_ids_view

    named = read_ids_view(name)
    if named is not None:
        return FilterSpec(status="all", ids=frozenset(named[0]), ids_label=named[1])
    return DASHBOARD_VIEWS.get(name, FilterSpec())


#: Position of IssueRow.haystack: indexing beats the NamedTuple property on the hot path.
HAYSTACK = 12


def narrow(rows: Sequence[Any], spec: FilterSpec) -> list[Any]:
    """Rows (already filtered by everything but the text) whose haystack holds the text.

    The fast path for typing on: one substring test per row, ~4× faster than a full pass.
    """
    needle = spec.needle
    if not needle:
        return list(rows)
    return [r for r in rows if needle in r[HAYSTACK]]


def apply_filter(rows: Sequence[Any], spec: FilterSpec, actor: str) -> list[Any]:
    """The IssueRows `spec` keeps, in their given order (pure; safe in a thread)."""
    from crmgov.services.issues.log import IssueFilter, filter_rows

    flt = IssueFilter(
        status=spec.status,
        urgency="urgent" if spec.urgent else "general" if spec.general else None,
        overdue=spec.overdue,
        at_risk=spec.at_risk,
        recurring=True if spec.recurring else None,
        has_preventive=False if spec.no_preventive else None,
        text=spec.text,
        mine=spec.mine,
    )
    if spec.ids is not None:
        rows = [r for r in rows if r[0] in spec.ids]
    return filter_rows(rows, flt, actor)


def _rank(values: Sequence[Any]) -> dict[Any, int]:
    return {v: i for i, v in enumerate(values)}


def issue_columns(owner_width: int = 12, late: dict[int, int] | None = None) -> list[Column]:
    """The issue table's columns in the language now in force.

    Enum columns are as wide as their longest translated label, so Chinese and English
    both fit without cutting; enums sort by meaning (urgent first, overdue first).
    """
    from rich.cells import cell_len

    from crmgov.domain.enums import IssueStatus, SLAState, Urgency
    from crmgov.domain.labels import label

    def width(title: str, values: Sequence[Any]) -> int:
        return max([cell_len(title) + 2, *(cell_len(label(v)) for v in values)])

    urgency_rank = _rank([Urgency.URGENT, Urgency.GENERAL])
    status_rank = _rank(list(IssueStatus))
    sla_order = [SLAState.OVERDUE, SLAState.AT_RISK, SLAState.ON_TRACK, SLAState.MISSED,
                 SLAState.MET]
    sla_rank = _rank(sla_order)
    tones = {SLAState.OVERDUE: "bad", SLAState.MISSED: "bad", SLAState.AT_RISK: "warn",
             SLAState.MET: "good"}
    t_id, t_urg, t_status = _("ID"), _("Urgency"), _("Status")
    t_title, t_owner, t_sla = _("Title"), _("Owner"), _("SLA")
    t_age, t_rec = _("Age"), _("Rec.")
    # Narrow terminals drop the secondary columns (highest `drop` first) before the title
    # gets under 30 cells: at 80 columns it was cut to 16 characters. Marks that matter
    # (recurring, overdue tasks) stay in the title, and the pane under the table shows
    # the whole title and description.
    return [
        Column("id", t_id, 0, width=max(6, cell_len(t_id)), align="right"),
        Column("urgency", t_urg, 1, width=width(t_urg, list(Urgency)), text=label,
               tone=lambda v: "bad" if v is Urgency.URGENT else None,
               sort_key=urgency_rank.__getitem__),
        Column("status", t_status, 2, width=width(t_status, list(IssueStatus)), text=label,
               sort_key=status_rank.__getitem__, drop=2),
        Column("title", t_title, 4, min_width=30,
               row_text=lambda row: title_text(row, late or {})),
        Column("owner", t_owner, 5, width=max(owner_width, cell_len(t_owner) + 2),
               text=lambda v: v or "—"),
        Column("sla", t_sla, 7, width=width(t_sla, sla_order), text=label, tone=tones.get,
               sort_key=sla_rank.__getitem__),
        Column("age", t_age, 8, width=max(5, cell_len(t_age) + 2), align="right",
               text=lambda v: _("{n}d", n=v), drop=3),
        Column("recurring", t_rec, 9, width=max(3, cell_len(t_rec) + 2),
               text=lambda v: "↻" if v else "", tone=lambda v: "warn" if v else None,
               drop=4),
    ]


#: Marks before a title: the issue has open tasks past their due date; it recurs.
LATE_MARK, RECURRING_MARK = "⚠", "↻"


def title_text(row: Any, late: dict[int, int]) -> str:
    """The title with its marks: ⚠ (a task is overdue: `late` counts them by issue id)
    and ↻ (recurring)."""
    marks = (LATE_MARK if row.id in late else "") + (RECURRING_MARK if row.recurring else "")
    return f"{marks} {row.title}" if marks else row.title
