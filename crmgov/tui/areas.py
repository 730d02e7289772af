"""The top-level areas of the TUI and their keys, shared by the app, help and palette.

Kept free of domain imports: this module is on the path to the first paint.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from typing import Any

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from crmgov.i18n import N_, _


@dataclass(frozen=True)
class Area:
    """One Textual mode: its name, key, title and what it is for."""

    mode: str
    key: str
    screen: str
    """module:Class of the area's screen, imported on first use (not at startup)."""
    title: str
    """English msgid; translate with `_()` when shown."""
    purpose: str
    """English msgid: one line for the help screen and the command palette."""


AREAS: tuple[Area, ...] = (
    Area(
        "dashboard",
        "d",
        "crmgov.tui.dashboard.screen:DashboardScreen",
        N_("Dashboard"),
        N_("Go-live readiness at a glance"),
    ),
    Area(
        "phases",
        "p",
        "crmgov.tui.phases.screen:PhasesScreen",
        N_("Phases"),
        N_("Rollout phases and their exit gates"),
    ),
    Area(
        "issues",
        "i",
        "crmgov.tui.issues.screen:IssuesScreen",
        N_("Issues"),
        N_("The open-issue log"),
    ),
    Area(
        "staff",
        "s",
        "crmgov.tui.certification.screen:StaffScreen",
        N_("Staff"),
        N_("Staff and certification"),
    ),
    Area(
        "sops",
        "o",
        "crmgov.tui.sops.screen:SOPsScreen",
        N_("SOPs"),
        N_("Written standard operating procedures"),
    ),
    Area(
        "quality",
        # "D" (Data): every lower-case letter is taken by an area or an area's action.
        "D",
        "crmgov.tui.quality.screen:QualityAreaScreen",
        N_("Data"),
        N_("Base-data checks, duplicates, trends"),
    ),
    Area(
        "plan",
        "l",
        "crmgov.tui.plan.screen:PlanScreen",
        N_("Plan"),
        N_("The three-year improvement plan"),
    ),
    Area(
        "handover",
        "h",
        "crmgov.tui.handover.screen:HandoverScreen",
        N_("Handover"),
        N_("The consultant's closing review"),
    ),
)

AREA_BY_MODE = {area.mode: area for area in AREAS}


def screen_class(mode: str) -> Any:
    """The screen class of an area, imported now (each area's module is loaded lazily)."""
    module, _sep, name = AREA_BY_MODE[mode].screen.partition(":")
    return getattr(importlib.import_module(module), name)


#: Quick filters of the issues area that the dashboard's figures lead to.
ISSUE_FILTERS: dict[str, str] = {
    "open": N_("open issues"),
    "urgent": N_("open urgent issues"),
    "overdue": N_("overdue issues"),
    "at_risk": N_("issues at risk"),
    "recurring_no_preventive": N_("recurring issues without a preventive action"),
    "mine": N_("my issues"),
}


def retranslate_bindings(node: DOMNode) -> None:
    """Give the node's bindings descriptions in the language now in force.

    BINDINGS are class attributes written in English (msgids), but the language is only
    known once the project file is loaded, after the first paint. Textual keeps each node's
    bindings in `_bindings`; rebuilding it from the class's English originals lets the
    key bar show the translated descriptions after `refresh_bindings()`.
    """
    source = type(node)._merged_bindings
    english = {b.id or b.action: b.description for _key, b in (source or BindingsMap())}
    node._bindings = BindingsMap.from_keys(
        {
            key: [_translated(b, english) for b in bindings]
            for key, bindings in node._bindings.key_to_bindings.items()
        }
    )


def _translated(binding: Binding, english: dict[str, str]) -> Binding:
    msgid = english.get(binding.id or binding.action, binding.description)
    return replace(binding, description=_(msgid) if msgid else msgid)
