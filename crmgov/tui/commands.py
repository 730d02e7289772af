"""The command palette: every action of the app, in the user's language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from crmgov.i18n import _
from crmgov.tui.areas import AREAS, ISSUE_FILTERS


class CrmgovCommands(Provider):
    """Areas, issue quick filters, help, theme, reload, data quality and quit."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], Any]]]:
        app: Any = self.app
        for area in AREAS:
            yield (
                _("Go to {area}", area=_(area.title)),
                _(area.purpose),
                partial(app.action_switch_area, area.mode),
            )
        for name, title in ISSUE_FILTERS.items():
            yield (
                _("Issues: {filter}", filter=_(title)),
                _("Open the issue log filtered to {filter}", filter=_(title)),
                partial(app.show_issues, name),
            )
        for view, title, help_text in (
            ("gate", _("Phases: the current gate"),
             _("Every item of the current phase's gate with its live figure")),
            ("blockers", _("Phases: gate blockers"),
             _("The current phase's gate items that neither pass nor are waived")),
        ):
            yield title, help_text, partial(app.show_view, "phases", view)
        yield _("Help: keys"), _("Show the keys of every area"), app.action_help
        yield (
            _("Toggle light/dark theme"),
            _("Switch between the light and the dark theme"),
            app.action_toggle_theme,
        )
        yield _("Change theme"), _("Pick any of Textual's themes"), app.action_change_theme
        yield (
            _("Data quality"),
            _("Latest error rate of each CRM table against its threshold"),
            app.action_data_quality,
        )
        yield (
            _("Audit trail"),
            _("Verify the trail against the file, see the anchor, accept known changes"),
            app.action_audit,
        )
        yield (
            _("Reload project"),
            _("Read the project file again"),
            app.action_reload,
        )
        yield _("Quit"), _("Leave crmgov"), app.action_quit

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
