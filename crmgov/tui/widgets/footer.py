"""The footer of every area: Textual's Footer, rebuilt once per batch of binding changes."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class AreaFooter(Footer):
    """Footer that coalesces its rebuilds.

    Textual's Footer schedules a full recompose (a new widget per key: nine here) on every
    binding change; at startup the focus, the mode and the title change in one burst, and
    the footer was rebuilt 4-6 times before the first frame (~20 ms in a profile of the
    demo's start). Here a rebuild already scheduled absorbs later changes: it reads the
    bindings when it runs. The flag is cleared before it reads them, so a change that comes
    while it runs schedules another.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_scheduled = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # Footer.bindings_changed, with the one scheduled rebuild.
        self._bindings_ready = True
        if self._rebuild_scheduled or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_scheduled = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_scheduled = False
        await self.recompose()
