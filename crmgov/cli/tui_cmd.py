"""Opening the TUI from the command line."""

from __future__ import annotations

from crmgov.cli.common import EXIT_OK, Context


def open_tui(ctx: Context) -> int:
    """Run the TUI on the project; the file is opened and loaded in a worker after the
    first paint."""
    # textual is imported only here: no other command pays its ~0.4 s import. No store is
    # built here: importing the storage layer (pydantic, the models: ~0.35 s) would delay
    # the first paint, so the app builds it in its load worker from settings.project_path.
    from crmgov.services.status.prefetch import EarlyStatus, StatusPrefetch
    from crmgov.services.status.snapshot import RememberedStatus, remembered_status

    # A small project's figures remembered from an earlier start, if they still hold;
    # else a child computing them, started before Textual is even imported: it works on
    # the second core while this process imports and paints.
    settings = ctx.settings
    prefetch: EarlyStatus | None = None
    if settings.database is None:  # the prefetch child and the snapshot read the file
        remembered = remembered_status(settings.project_path, settings.clock())
        prefetch = (
            RememberedStatus(remembered)
            if remembered is not None
            else StatusPrefetch.start(settings.project_path, settings.actor)
        )
    from crmgov.tui.app import make_app

    app = make_app(None, ctx.settings, prefetch)
    try:
        code = app.run()
    finally:
        if prefetch is not None:
            prefetch.cancel()
    if getattr(app.store, "loaded", False):
        # Edits in this session changed the file: save the issue index of what it holds
        # now (cli.run does, for a big project), so the next start is a quick one.
        ctx.opened = app.store
    return int(code or EXIT_OK)
