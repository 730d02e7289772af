"""The footer of every area: Textual's Footer, rebuilt once per batch of binding changes."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class AreaFooter(Footer):
    """Footer that coalesces its rebuilds.

    Textual's Footer schedules a full recompose (a new widget per key: nine here) on every
    binding change; at startup the focus, the mode and the title change in one burst, and
    the footer was rebuilt 4-6 times before the first frame (~20 ms measured in a profile
    of the demo's start). Here a rebuild already scheduled absorbs the later changes: it
    reads the bindings when it runs, so it shows the latest ones.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_scheduled = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._rebuild_scheduled:
            self._bindings_ready = True
            return
        self._rebuild_scheduled = True
        # Footer.bindings_changed may not schedule anything (app without focus, another
        # screen): the flag is cleared once the current batch of callbacks has run.
        super().bindings_changed(screen)
        self.call_after_refresh(self._rebuild_done)

    def _rebuild_done(self) -> None:
        self._rebuild_scheduled = False
