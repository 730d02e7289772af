"""How `crmgov plan` prints items, threads and changes (plain text, CJK-aligned)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crmgov.cli.common import print_fields
from crmgov.i18n import _


def _when(item: Any) -> str:
    quarter = f" Q{item.quarter}" if item.quarter else ""
    return _("year {year}", year=item.year) + quarter


def item_line(item: Any) -> str:
    """One line per item: id, when, status, verdict, area, objective."""
    from crmgov.domain.labels import label

    verdict = label(item.verdict) if item.verdict else "·"
    return (f"#{item.id:<4} {_when(item)}  [{label(item.status)}] [{verdict}] "
            f"{label(item.area)}: {item.title}")


def target_text(item: Any) -> str:
    """"metric: baseline → goal by date" (the parts that are there)."""
    parts = []
    if item.metric:
        parts.append(item.metric + " ·")
    if item.baseline or item.goal:
        parts.append(f"{item.baseline or '?'} → {item.goal or '?'}")
    if item.target:
        parts.append(_("by {date}", date=item.target.isoformat()))
    return " ".join(parts)


def print_item(item: Any) -> None:
    """An item in full: fields, progress notes, review threads."""
    from crmgov.domain.labels import label

    print(f"#{item.id} {item.title}")
    print_fields([
        (_("When"), _when(item)),
        (_("Plan area"), label(item.area)),
        (_("Status"), label(item.status)),
        (_("Reason"), item.dropped_reason),
        (_("Measurable target"), target_text(item)),
        (_("Owner"), item.owner),
        (_("Issues"), " ".join(f"#{n}" for n in item.linked_issues)),
        (_("Verdict"), label(item.verdict) if item.verdict else ""),
        (_("Description"), item.description),
    ])
    for note in item.progress:
        print(f"  {note.on.isoformat()} {note.by}: {note.text}")
    print_threads(item.comments)


def print_threads(threads: Sequence[Any]) -> None:
    """Each thread: number, state, comment, answers."""
    from crmgov.domain.plan.model import ThreadState

    states = {ThreadState.OPEN: _("unanswered"), ThreadState.ANSWERED: _("answered"),
              ThreadState.RESOLVED: _("resolved")}
    if not threads:
        print(_("no review threads"))
    for n, t in enumerate(threads, 1):
        print(f"[{n}] {states[t.state]} · {t.author} {t.at:%Y-%m-%d}: {t.text}")
        if t.blind_spot:
            print("    " + _("Blind spot: {spot}", spot=t.blind_spot))
        for a in t.answers:
            print(f"    ↳ {a.author} {a.at:%Y-%m-%d}: {a.text}")


def change_lines(changes: Sequence[Any]) -> list[str]:
    """A signed-version diff as lines: + added, - removed, ~ changed field by field."""
    from crmgov.domain.plan.signoff import field_label

    marks = {"added": "+", "removed": "-", "changed": "~"}
    out = []
    for c in changes:
        out.append(f"{marks[c.kind]} #{c.item_id} {c.title}")
        out.extend(f"    {field_label(name)}: {before or '∅'} → {after or '∅'}"
                   for name, before, after in c.fields)
    return out
