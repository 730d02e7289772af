"""The key bar at the bottom of every area: Textual's compact Footer, drawn by one widget.

Textual's Footer is a widget per key (ten here) and recomposes them all on every binding
change; at startup the focus, the mode and the title change one after another and it was
rebuilt 3-5 times before the first frame, about 20 ms of the demo's start (profiled). This
bar reads the bindings when it paints: a change costs one repaint of one line.

When the keys do not fit the width, the bar drops whole keys, least important first (see
`_rank`), and the help key says "more" instead of being cut mid-word ("g Cha" at 80
columns): the help screen lists every key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from crmgov.i18n import _
from crmgov.textwidth import cell_len

#: Always kept: the help key (which says "more" once keys are dropped) and quit.
HELP_ID, KEPT_IDS = "app.help", frozenset({"app.help", "app.quit"})


def _rank(node: Any, binding: Binding, screen: Any, own: list[str | None]) -> int:
    """Lower is more important: help and quit, then the screen's own keys in the order
    it declares them, then the area keys, then keys of the focused widget."""
    if binding.id in KEPT_IDS:
        return 0
    if node is screen and binding.id in own:
        return 1 + own.index(binding.id)
    if node is screen.app:
        return 1000
    return 2000


def _label_width(binding: Binding, shown: str) -> int:
    return cell_len(f"{shown} {binding.description}" if binding.description else shown) + 1


def _fit(candidates: list[tuple[int, Binding, str, bool]], width: int
         ) -> list[tuple[int, Binding, str, bool]]:
    """The keys that fit `width`, in their order, dropping the least important first
    (the latest of equal rank); the help key's "more" is counted in."""
    kept = list(candidates)
    more = cell_len(_("more")) + 3

    def total(keys: list[tuple[int, Binding, str, bool]]) -> int:
        used = sum(_label_width(b, s) for _r, b, s, _e in keys)
        return used + (more if len(keys) < len(candidates) else 0)

    while total(kept) > width + 1:
        droppable = [k for k in kept if k[0] > 0]
        if not droppable:
            break
        worst = max(range(len(droppable)), key=lambda i: (droppable[i][0], i))
        kept.remove(droppable[worst])
    return kept


@dataclass(frozen=True)
class _Key:
    """One key as drawn: its binding, how the key shows, whether it acts now, and its
    columns [x, x + width)."""

    binding: Binding
    shown: str
    enabled: bool
    x: int
    width: int


class KeyBar(Widget):
    """The keys the screen shows (`Binding.show`), one per action, in binding order; a click
    on one presses it."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .keybar--hover {
        color: $footer-key-foreground;
        background: $block-hover-background;
    }
    KeyBar > .keybar--disabled { text-style: dim; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key", "keybar--description", "keybar--hover", "keybar--disabled"
    }

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[_Key] | None = None
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        self._keys = None
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._keys = None  # which keys fit depends on the width
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    @property
    def keys(self) -> list[_Key]:
        """The keys shown now (laid out on first use after a change)."""
        if self._keys is None:
            self._keys = self._lay_out()
        return self._keys

    def _lay_out(self) -> list[_Key]:
        candidates: list[tuple[int, Binding, str, bool]] = []
        actions: set[str] = set()
        screen = self.screen
        merged = type(screen)._merged_bindings
        own = [b.id for bs in merged.key_to_bindings.values() for b in bs] if merged else []
        # As Footer.compose: the first binding of each action the screen shows.
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            shown = self.app.get_key_display(binding)
            candidates.append((_rank(node, binding, screen, own), binding, shown, enabled))
        width = self.size.width or self.app.size.width
        kept = _fit(candidates, width)
        keys: list[_Key] = []
        x = 0
        for _order, binding, shown, enabled in kept:
            if binding.id == HELP_ID and len(kept) < len(candidates):
                binding = replace(binding, description=_("more"))
            label = f"{shown} {binding.description}" if binding.description else shown
            keys.append(_Key(binding, shown, enabled, x, cell_len(label)))
            x += cell_len(label) + 1
        return keys

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if y:
            return Strip.blank(self.size.width, base)
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        hover = self.get_component_rich_style("keybar--hover")
        dim = Style(dim=True)
        segments = []
        for index, key in enumerate(self.keys):
            binding = key.binding
            k_style, d_style = key_style, text_style
            if index == self._hover:
                k_style, d_style = k_style + hover, d_style + hover
            if not key.enabled:
                k_style, d_style = k_style + dim, d_style + dim
            segments.append(Segment(key.shown, k_style))
            if binding.description:
                segments.append(Segment(" " + binding.description, d_style))
            segments.append(Segment(" ", base))
        return Strip(segments).crop_extend(0, self.size.width, base)

    def _key_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        for index, key in enumerate(self.keys):
            if key.x <= offset.x < key.x + key.width:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._key_at(event)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        self._hover = None
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self._key_at(event)
        if index is None:
            return
        event.stop()
        key = self.keys[index]
        if key.enabled:
            self.app.simulate_key(key.binding.key)
        else:
            self.app.bell()
