"""The command palette: every action of every area, from any screen, in the user's language.

Nothing here lists an area's actions by hand. Every `Binding` with an id and a description
on an area's screen class (crmgov/tui/areas.py names the screens) is offered as
"<Area>: <description>", from whichever screen the palette is opened on; choosing it
switches to that area and runs the action there. An area that adds a binding to its
screen gets it in the palette, and in the help screen, without touching this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from crmgov.i18n import _, language
from crmgov.tui.areas import AREAS, ISSUE_FILTERS, Area, screen_class


def area_bindings(area: Area) -> list[Binding]:
    """The bindings of an area's screen (its class and its bases) that name an action:
    an id and a description. Imports the area's screen module (not at startup)."""
    cls: Any = screen_class(area.mode)
    found: list[Binding] = []
    seen: set[str] = set()
    for _key, bindings in cls._merged_bindings.key_to_bindings.items():
        for binding in bindings:
            if binding.id and binding.description and binding.action not in seen:
                seen.add(binding.action)
                found.append(binding)
    return found


async def run_in_area(app: Any, mode: str, action: str) -> None:
    """Switch to the area and run one of its screen's actions there."""
    if app.closing or app.load_error is not None:
        app.bell()
        return
    await app.switch_mode(mode)
    screen = app.area_screens.get(mode)
    if screen is not None:
        await screen.run_action(action)


def palette(app: Any) -> CommandPalette:
    """Textual's command palette with its search prompt in the user's language."""
    return CommandPalette(placeholder=_("Search for an action, an area or a filter…"),
                          id="--command-palette")


def _invite(app: Any, name: str) -> None:
    # Imported when chosen: the dialogs pull in segno and the invitation service.
    from crmgov.tui.certification import invite

    getattr(invite, name)(app)


class CrmgovCommands(Provider):
    """Areas, every area's actions, issue quick filters, help, theme, reload and quit."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], Any]]]:
        return self._commands_of(self.app)

    @staticmethod
    def _commands_of(
        app: Any, _: Callable[..., str] = _
    ) -> Iterator[tuple[str, str, Callable[[], Any]]]:
        """Every command as (title, help, callback); `_` translates (or, for the
        English titles, `english`: the parameter keeps the `_()` marks the catalog test reads)."""
        for area in AREAS:
            yield (
                _("Go to {area}", area=_(area.title)),
                _(area.purpose),
                partial(app.action_switch_area, area.mode),
            )
        for area in AREAS:
            for binding in area_bindings(area):
                yield (
                    _("{area}: {action}", area=_(area.title), action=_(binding.description)),
                    _(area.purpose),
                    partial(app.call_next, run_in_area, app, area.mode, binding.action),
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
            _("Invite to the browser quiz"),
            _("A link and a QR code per person, to take the quiz on a phone"),
            partial(_invite, app, "open_invite"),
        )
        yield (
            _("Browser-quiz invitations"),
            _("Every invitation and whether its link is still open"),
            partial(_invite, app, "open_invite_list"),
        )
        yield (
            _("Revoke a browser-quiz invitation"),
            _("By its number, or every open one of a person"),
            partial(_invite, app, "open_revoke"),
        )
        yield (
            _("Who am I: act as another person"),
            _("Pick one of the project's people or type a name; the trail records it"),
            app.action_switch_actor,
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
        english = dict(english_titles(self.app)) if language() != "en" else {}
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
            elif title in english and (score := matcher.match(english[title])) > 0:
                # Typed in English on a Chinese screen ("report"): the Chinese title, with
                # the English words it matched beside it.
                yield Hit(score * 0.9, f"{title}  ({english[title]})", callback,
                          help=help_text)


def english(message: str, /, **values: object) -> str:
    """`_` without a catalog: the English text (message ids are English)."""
    return message.format(**values) if values else message


def english_titles(app: Any) -> Iterator[tuple[str, str]]:
    """(title in the language in force, the same title in English) of every command.

    Built with `english` rather than by switching the language: workers translate in
    other threads meanwhile."""
    shown = [title for title, _h, _c in CrmgovCommands._commands_of(app)]
    plain = [title for title, _h, _c in CrmgovCommands._commands_of(app, english)]
    return zip(shown, plain, strict=True)
