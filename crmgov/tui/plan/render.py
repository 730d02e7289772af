"""How the plan area draws an item's target, notes and review threads (Rich renderables)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from crmgov.i18n import _, language
from crmgov.tui.widgets.format import NONE, day


def join_names(names: Iterable[str]) -> str:
    """A list of names: 、 between them in Chinese, ", " in English."""
    return ("、" if language() == "zh" else ", ").join(names)


def colon() -> str:
    """The colon after a name: full-width in Chinese."""
    return "：" if language() == "zh" else ": "


def thread_state(thread: Any) -> str:
    """open / answered / resolved, translated."""
    from crmgov.domain.plan.model import ThreadState

    return {ThreadState.OPEN: _("unanswered"), ThreadState.ANSWERED: _("answered"),
            ThreadState.RESOLVED: _("resolved")}[thread.state]


def target_text(item: Any) -> str:
    """"metric: baseline → goal" ("—" when nothing measurable is set)."""
    if not (item.metric or item.goal):
        return NONE
    head = f"{item.metric} · " if item.metric else ""
    return f"{head}{item.baseline or '?'} → {item.goal or '?'}"


def item_detail(item: Any) -> RenderableType:
    """Target, by when, linked issues, verdict, description and dated progress notes."""
    from crmgov.domain.labels import label

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    grid.add_row(_("Measurable target"), target_text(item))
    grid.add_row(_("By"), day(item.target))
    if item.linked_issues:
        grid.add_row(_("Issues"), " ".join(f"#{n}" for n in item.linked_issues))
    if item.verdict is not None:
        grid.add_row(_("Review"), f"{label(item.verdict)} · {item.verdict_by}")
    if item.dropped_reason:
        grid.add_row(_("Reason"), item.dropped_reason)
    if item.description:
        grid.add_row(_("Details"), item.description)
    for note in item.progress:
        grid.add_row(day(note.on), f"{note.by}{colon()}{note.text}")
    return grid


def threads_view(threads: Sequence[Any]) -> RenderableType:
    """Each thread numbered, with its state, its comment and the answers under it."""
    if not threads:
        return Text(_("No review threads yet."), style="italic")
    parts: list[RenderableType] = []
    for n, t in enumerate(threads, 1):
        head = Text(f"[{n}] {thread_state(t)} · {t.author} {day(t.at)}", style="bold")
        parts.append(head)
        parts.append(Text("  " + t.text))
        if t.blind_spot:
            parts.append(Text("  " + _("Blind spot: {spot}", spot=t.blind_spot),
                              style="bold"))
        for a in t.answers:
            parts.append(Text(f"  ↳ {a.author} {day(a.at)}{colon()}{a.text}"))
    return Group(*parts)
