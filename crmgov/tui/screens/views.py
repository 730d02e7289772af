"""Views one area asks another to show, as the strings `AreaScreen.apply_view` takes.

Besides each area's named views ("overdue", "uncertified"), a figure that names its
records (a handover checklist line: "#3, #7 have no owner") opens exactly those: an ids
view. Plain strings, so areas never import each other's screens.
"""

from __future__ import annotations

from collections.abc import Sequence

IDS_VIEW = "ids:"


def ids_view(ids: Sequence[int], label: str = "") -> str:
    """The view that shows exactly these records; `label` says what they are."""
    return IDS_VIEW + ",".join(str(i) for i in ids) + (f"|{label}" if label else "")


def read_ids_view(view: str) -> tuple[list[int], str] | None:
    """(ids, label) of an `ids_view`, None for any other view."""
    if not view.startswith(IDS_VIEW):
        return None
    ids, _sep, label = view[len(IDS_VIEW):].partition("|")
    return [int(i) for i in ids.split(",") if i.strip().isdigit()], label
