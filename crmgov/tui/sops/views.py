"""What the SOP detail shows, as Rich text: the coloured word diff and the reader lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from crmgov.i18n import _, language


def diff_text(chunks: Sequence[Any], title: str) -> Text:
    """Removed words red and struck through, added words green, the rest plain."""
    out = Text(title + "\n\n", style="bold")
    styles = {"=": "", "-": "red strike", "+": "green bold"}
    for chunk in chunks:
        out.append(chunk.text, style=styles[chunk.op])
    if not chunks:
        out.append(_("No difference."), style="dim")
    return out


def readers_text(acknowledged: Sequence[Any], pending: Sequence[Any], again: Sequence[Any],
                 version: int | None) -> Text:
    """Who has read the version in force and who has not (re-reads marked)."""
    sep = "、" if language() == "zh" else ", "
    if version is None:
        return Text(_("No version in force: nothing to acknowledge yet."), style="dim")
    if not acknowledged and not pending:  # not "Acknowledged: 0 · Not yet: 0"
        return Text(_("Nobody on the staff list has to read v{n} of this SOP yet: add the "
                      "people it applies to on the Staff screen (s).", n=version), style="dim")
    out = Text()
    out.append(_("Acknowledged v{n}: {count}", n=version, count=len(acknowledged)) + "\n",
               style="bold green")
    out.append(sep.join(p.name for p in acknowledged) or "—")
    out.append("\n\n")
    out.append(_("Not yet: {count}", count=len(pending)) + "\n", style="bold red")
    again_ids = {p.id for p in again}
    for i, p in enumerate(pending):
        if i:
            out.append(sep)
        out.append(p.name + (" ↻" if p.id in again_ids else ""))
    if again:
        out.append("\n\n" + _("↻ read an earlier version and must re-acknowledge"),
                   style="dim")
    depts: dict[str, list[int]] = {}
    for p in acknowledged:
        depts.setdefault(p.department or "—", [0, 0])[0] += 1
    for p in [*acknowledged, *pending]:
        depts.setdefault(p.department or "—", [0, 0])[1] += 1
    if depts:
        out.append("\n\n" + _("By department") + "\n", style="bold")
        out.append("\n".join(f"{name}  {a}/{e}" for name, (a, e) in sorted(depts.items())))
    return out
