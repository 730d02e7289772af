"""The open-issue log area (placeholder while the full screen is written)."""

from __future__ import annotations

from crmgov.tui.screens.base import AreaScreen


class IssuesScreen(AreaScreen):
    """The open-issue log."""

    AREA = "issues"

    def apply_quick_filter(self, name: str) -> None:
        """Show one of the dashboard's filtered views (open, urgent, overdue, …)."""
