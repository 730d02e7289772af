"""A Static that wraps its text Chinese-aware (crmgov.textwidth.wrap), again on resize.

Textual breaks lines only at spaces; a Chinese sentence has none, so after a short lead
("  ✓ ") the whole sentence moved to the next line and the mark stood alone. This widget
keeps the text it was given and wraps it to its own width whenever that changes.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Static

from crmgov.textwidth import wrap


class WrappedStatic(Static):
    """Plain text (no markup), wrapped to the widget's width."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self._text = text
        self._width = 0

    def set_text(self, text: str) -> None:
        """Show `text`, wrapped to the current width."""
        self._text = text
        self._show()

    @property
    def text(self) -> str:
        """The text as given (unwrapped)."""
        return self._text

    def _show(self) -> None:
        self.update(wrap(self._text, self._width) if self._width else self._text)

    def on_resize(self, event: events.Resize) -> None:
        width = self.content_size.width
        if width != self._width:
            self._width = width
            self._show()
