"""Command-palette entries of the issues area beyond its keys: status changes by name and
sorting by a column (the keys themselves are offered from every screen by
crmgov.tui.commands)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from crmgov.i18n import N_, _

#: Status changes offered by name (closing has its own dialog and rules).
STATUS_COMMANDS = {
    "triaged": N_("Issue: triage"),
    "in_progress": N_("Issue: start work"),
    "resolved": N_("Issue: mark resolved"),
    "reopened": N_("Issue: reopen"),
}


class IssueCommands(Provider):
    """Status changes of the highlighted issue, and sorting by a column."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], Any]]]:
        screen: Any = self.screen
        for status, title in STATUS_COMMANDS.items():
            yield _(title), partial(screen.set_status, status)
        table = screen.table
        for n, column in enumerate(table.columns):
            yield _("Issues: sort by {column}", column=column.label), partial(
                table.action_sort, n
            )

    async def discover(self) -> Hits:
        for title, callback in self._commands():
            yield DiscoveryHit(title, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback)
