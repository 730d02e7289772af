"""The crmgov TUI: one mode per area, the project loaded in a worker after the first paint.

Startup is kept light on purpose: this module imports only Textual and the small i18n
module. The store, pydantic models and services (~0.35 s of imports) are imported by the
load worker and by the screens' workers, so the first frame does not wait for them.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from crmgov.i18n import N_, _, language, set_language
from crmgov.tui.areas import AREAS, retranslate_bindings, screen_class
from crmgov.tui.commands import CrmgovCommands
from crmgov.tui.location import error_place, place_name

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from crmgov.config import Settings
    from crmgov.services.status.prefetch import EarlyStatus
    from crmgov.storage.errors import StoreError
    from crmgov.storage.interface import Store
    from crmgov.tui.screens.base import AreaScreen

#: Exit code when the project file could not be opened (as the CLI's "bad input").
EXIT_BAD_INPUT = 2
#: Seconds between looks at the project file for another process's changes (quiz answers
#: from the browser, `crmgov quiz invite` in a shell): two stat calls each time.
WATCH_SECONDS = 2.0


class PendingStore:
    """Stands in for the ProjectStore until the load worker has built and loaded it.

    Lets the CLI open the TUI without importing the storage layer before the first paint;
    screens only ever ask it `loaded` (False) and `path`.
    """

    loaded = False

    def __init__(self, path: Path, actor: str, database: str | None = None) -> None:
        from crmgov.storage.dsn import shown  # standard library only

        self.path = Path(path).absolute()
        self.actor = actor
        self.database = database
        """A postgresql:// DSN to open instead of the file (--database)."""
        self.file_backed = database is None
        self.location = str(self.path) if database is None else shown(database)
        """As `Store.location`: the file's path, or the DSN without its password."""


class CrmgovApp(App[int]):
    """Governs one CRM implementation project; build it with `make_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "crmgov"
    DEFAULT_MODE = "dashboard"
    COMMANDS = App.COMMANDS | {CrmgovCommands}
    BINDINGS = [
        *(
            Binding(a.key, f"switch_area('{a.mode}')", a.title, id=f"area.{a.mode}")
            for a in AREAS
        ),
        Binding("question_mark", "help", N_("Help"), key_display="?", id="app.help"),
        Binding("t", "toggle_theme", N_("Light/dark"), show=False, id="app.theme"),
        Binding("r", "reload", N_("Reload"), show=False, id="app.reload"),
        Binding("W", "switch_actor", N_("Who am I"), show=False, id="app.actor"),
        Binding("q", "quit", N_("Quit"), id="app.quit"),
    ]

    def __init__(
        self,
        store: Store | PendingStore,
        settings: Settings,
        prefetch: EarlyStatus | None = None,
    ) -> None:
        if settings.language:
            # Before compose: every label is built in the chosen language.
            set_language(settings.language)
        super().__init__()
        self.settings = settings
        self.store: Any = store
        self.load_error: StoreError | None = None
        self.area_screens: dict[str, AreaScreen] = {}
        """The area screens created so far, by mode."""
        self._load_started = False
        self._reloading = False
        """`r` was pressed: say so when the file has been read again."""
        self.closing = False
        """Set by `q`: keys already typed after it switch no area any more."""
        self._prefetch = prefetch
        self._rereading = False
        self._watch_timer: Any = None
        self.data_version = 0
        """Bumped on every refresh; screens reload on resume when theirs is older."""
        self.theme = settings.theme
        for area in AREAS:
            self.add_mode(area.mode, partial(self._create_area, area.mode))
        retranslate_bindings(self)
        self.sub_title = _("loading {file}…", file=place_name(store))

    # ------------------------------------------------------------------ contract
    def now(self) -> datetime:
        """'Now' for every figure (the settings' clock; fixed in tests)."""
        return self.settings.clock()

    def refresh_areas(self) -> None:
        """Recompute what every existing area shows (after a load or a change)."""
        self.data_version += 1
        for screen in list(self.area_screens.values()):
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    def data_changed(self) -> None:
        """A screen wrote to the store through a service: refresh every figure."""
        self.refresh_areas()

    def show_issues(self, quick_filter: str) -> None:
        """Open the issues area with one of its quick filters applied."""
        self.show_view("issues", quick_filter)

    def show_view(self, mode: str, view: str) -> None:
        """Open an area showing one of its views (its screen's `apply_view`)."""
        self.call_next(self._show_view, mode, view)

    async def _show_view(self, mode: str, view: str) -> None:
        if self.closing or self.load_error is not None:
            return
        await self.switch_mode(mode)
        self.area_screens[mode].apply_view(view)

    #: What the other areas call it (Staff, SOPs): one mechanism.
    show_filtered = show_view

    # ------------------------------------------------------------------ loading
    def _create_area(self, mode: str) -> Screen[Any]:
        # Each area's module is imported when the area is first shown, not at startup;
        # the issues area is crmgov.tui.issues.screen:IssuesScreen.
        screen: AreaScreen = screen_class(mode)()
        self.area_screens[mode] = screen
        return screen

    def start_loading(self) -> None:
        """Load the project once, after the first area screen has painted its loading state.

        Called by that screen rather than from the app's own mount: the app mounts (and
        refreshes) before the first screen is composed, and a worker importing pydantic
        at that moment competes with composing and painting the first frame.
        """
        if not self._load_started:
            self._load_started = True
            self.load_project()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_project(self) -> None:
        """Read and validate the project file (seconds at 100k issues) in a thread."""
        from crmgov.storage.errors import StoreError
        from crmgov.storage.open import unloaded_store

        store = self.store
        try:
            if isinstance(store, PendingStore):  # a malformed DSN is refused here
                store = unloaded_store(store.database or store.path, store.actor)
            if not store.loaded:
                store.load()
            store.read_all()  # a database reads tables when asked: here, not on the loop
        except StoreError as exc:
            self.call_from_thread(self._load_failed, exc)
            return
        # Imported here rather than on the first screen refresh: off the event loop.
        import crmgov.services.status.summary  # noqa: F401

        self.call_from_thread(self._loaded, store)

    def take_prefetch(self) -> EarlyStatus | None:
        """The status child started by the CLI, handed over once (to the first dashboard)."""
        prefetch, self._prefetch = self._prefetch, None
        return prefetch

    def project_known(self, project: dict[str, Any]) -> None:
        """Title and language from the project (its status JSON's `project` object)."""
        if not self.settings.language and project["language"] != language():
            set_language(project["language"])
            # Only on a real change: every screen's bindings are rebuilt.
            self._retranslate()
        self.title = project["name"]
        self.sub_title = project["company"] or place_name(self.store)

    def _loaded(self, store: Store) -> None:
        self.store = store
        self.load_error = None
        if self._watch_timer is None:
            self._watch_timer = self.set_interval(WATCH_SECONDS, self.watch_project_file)
        project = store.project
        self.project_known(
            {"name": project.name, "company": project.company, "language": str(project.language)}
        )
        self.refresh_areas()
        if self._reloading:
            self._reloading = False
            self.notify(_("Reloaded {file}", file=place_name(store)))

    def _load_failed(self, error: StoreError) -> None:
        from crmgov.tui.dialogs.load_error import LoadErrorScreen

        self.load_error = error
        self._reloading = False
        where, short = error_place(error)
        self.sub_title = _("could not open {file}", file=short)
        for screen in self.area_screens.values():
            show = getattr(screen, "show_load_error", None)
            if callable(show):
                show(error)
        from crmgov.storage.errors import DatabaseError, DatabaseNotProject, ProjectNotFound

        self.push_screen(
            LoadErrorScreen(
                where, error.message,
                missing=isinstance(error, ProjectNotFound | DatabaseNotProject),
                database=isinstance(error, DatabaseError),
            )
        )

    def _retranslate(self) -> None:
        retranslate_bindings(self)
        for screen in self.area_screens.values():
            retranslate_bindings(screen)
        self.refresh_bindings()

    def watch_project_file(self) -> None:
        """Another process changed the file (e.g. a browser quiz answer through `crmgov
        serve`): reread it in a worker and refresh every area, without a loading state.

        A file is asked on the event loop (two stat calls); a database in a worker (a
        round trip, on the store's watch connection: never blocking the screen behind
        a transaction or a server that does not answer)."""
        store = self.store
        if not store.loaded or self._rereading:
            return
        if not store.file_backed:
            self._watch_database(store)
        elif store.changed_on_disk():
            self._rereading = True
            self._reread(store)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_database(self, store: Store) -> None:
        from crmgov.storage.errors import StoreError

        try:
            changed = store.changed_on_disk()
        except StoreError as exc:
            # Lost connection or a server down: say so once, keep watching (the next
            # look connects again); a change the user makes reports its own error.
            self.call_from_thread(self._watch_failed, str(exc))
            return
        self._watch_error = None
        if changed:
            self.call_from_thread(self._changed_elsewhere, store)

    def _changed_elsewhere(self, store: Store) -> None:
        if store is self.store and not self._rereading:
            self._rereading = True
            self._reread(store)

    _watch_error: str | None = None

    def _watch_failed(self, message: str) -> None:
        if message != self._watch_error:
            self._watch_error = message
            self.notify(message, severity="warning")

    @work(thread=True, exclusive=True, group="reread", exit_on_error=False)
    def _reread(self, store: Store) -> None:
        from crmgov.storage.errors import DatabaseError, StoreError

        try:
            try:
                changed = store.refresh_shared()
            except DatabaseError:
                # A connection the server dropped while idle (a restart, a timeout) is
                # closed by the failure: ask once more on a new one.
                changed = store.refresh_shared()
            store.read_all()  # what changed, read here rather than by the screens
        except DatabaseError as exc:
            # What is shown was read before and stays; the next look tries again.
            self.call_from_thread(self._watch_failed, str(exc))
            changed = False
        except StoreError as exc:  # damaged by a hand edit: show it as a load error
            self.call_from_thread(self._load_failed, exc)
            changed = False
        finally:
            self._rereading = False
        if changed:
            self.call_from_thread(self.refresh_areas)

    # ------------------------------------------------------------------ actions
    def action_switch_area(self, mode: str) -> None:
        """Show an area (a Textual mode)."""
        if self.closing:
            return  # e.g. `q` then `o` typed fast: a screen built while the app shuts down
            # is never composed, and its mount failed with a traceback (NoMatches)
        if self.load_error is not None:
            self.bell()
            return
        self.switch_mode(mode)

    def action_help(self) -> None:
        """Show the keys of every area."""
        from crmgov.tui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_reload(self) -> None:
        """Reread the project file (e.g. after another process changed it)."""
        if self.store.loaded:
            self.store = PendingStore(self.store.path, self.store.actor, self.settings.database)
        self._reloading = True
        self.notify(_("Reading {file} again…", file=place_name(self.store)))
        self.load_error = None
        for screen in self.area_screens.values():
            screen.show_loading()
        self.load_project()

    def action_switch_actor(self) -> None:
        """Act as another of the project's people (recorded in the audit trail)."""
        from crmgov.tui.dialogs.actor import actor_dialog

        if self.store.loaded:
            self.push_screen(actor_dialog(self.store), self._actor_switched)

    def _actor_switched(self, name: str | None) -> None:
        if not name or name == self.settings.actor:
            return
        from dataclasses import replace

        self.settings = replace(self.settings, actor=name)
        # data_changed reloads every area: each header then names the new actor.
        self.notify(_("Acting as {actor} (recorded in the audit trail)", actor=name))
        self.data_changed()

    def action_data_quality(self) -> None:
        """Show the latest measurement of each CRM table."""
        from crmgov.tui.quality.dialog import QualityScreen

        if self.store.loaded:
            self.push_screen(QualityScreen())

    def action_data_quality_ok(self) -> None:
        """Show the tables within their error-rate threshold (the dashboard's figure)."""
        from crmgov.tui.quality.dialog import QualityScreen

        if self.store.loaded:
            self.push_screen(QualityScreen("ok"))

    def action_data_quality_failing(self) -> None:
        """Show the tables over their error-rate threshold (figure and blocker)."""
        from crmgov.tui.quality.dialog import QualityScreen

        if self.store.loaded:
            self.push_screen(QualityScreen("failing"))

    def action_audit(self) -> None:
        """Verify the audit trail against the file; accept known changes with a reason."""
        from crmgov.tui.dialogs.audit import AuditDialog

        if self.store.loaded:
            self.push_screen(AuditDialog(self.store), self._audit_done)

    def _audit_done(self, message: str | None) -> None:
        if message:
            self.notify(message)

    async def action_quit(self) -> None:
        """Leave; exit code 2 when the project file could not be opened."""
        code = EXIT_BAD_INPUT if self.load_error is not None else 0
        self.closing = True
        self.exit(code, return_code=code)

    def action_command_palette(self) -> None:
        """The command palette, its prompt translated (crmgov.tui.commands)."""
        from textual.command import CommandPalette

        from crmgov.tui.commands import palette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(palette(self))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Our own provider covers theme and quit, in the user's language.
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Quit"):
                yield command


def make_app(
    store: Store | None, settings: Settings, prefetch: EarlyStatus | None = None
) -> CrmgovApp:
    """The one way to build the app (CLI and tests).

    `store` may be unloaded (it is loaded in a worker after the first paint), or None to
    have the app open `settings.project_path` itself without importing the storage layer
    before the first paint. `prefetch`: a child already computing the dashboard's figures
    (crmgov.services.status.prefetch), shown while the app reads the project itself.
    """
    if store is None:
        store_or_pending: Store | PendingStore = PendingStore(
            Path(settings.project_path), settings.actor, settings.database
        )
    else:
        store_or_pending = store
    return CrmgovApp(store_or_pending, settings, prefetch)
