"""Opening the TUI from the command line."""

from __future__ import annotations

from crmgov.cli.common import EXIT_OK, Context


def open_tui(ctx: Context) -> int:
    """Run the TUI on the project; the file is loaded in a worker after the first paint."""
    # textual is imported only here: no other command pays its ~0.4 s import.
    from crmgov.storage.store import ProjectStore
    from crmgov.tui.app import make_app

    store = ProjectStore(ctx.settings.project_path, ctx.settings.actor)
    app = make_app(store, ctx.settings)
    code = app.run()
    return int(code or EXIT_OK)
