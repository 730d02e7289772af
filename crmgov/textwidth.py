"""Terminal cell width: a CJK character takes two cells, so padding by len() misaligns."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from crmgov.safe_text import visible


def fit(text: str, width: int, align: str = "left") -> str:
    """`text` in exactly `width` cells: wide (CJK) characters count twice, cut with …
    (never half a wide character, never a space before the …).

    Control and bidi characters are shown as escapes first (crmgov.safe_text): a fitted
    cell goes to a terminal, and an escape sequence there would act rather than show.
    """
    if width <= 0:
        return ""
    text = visible(text)
    size = cell_len(text)
    if size > width:
        # set_cell_size never splits a double-width character: it pads with a space
        # instead. That space, and a cut that falls on a space, would leave "Customer …":
        # the ellipsis goes right after the last character kept, the cell padded after it.
        text = set_cell_size(text, width - 1).rstrip() + "…"
        size = cell_len(text)
    pad = " " * (width - size)
    return pad + text if align == "right" else text + pad


def _units(text: str) -> list[str]:
    """Where a line may break: after a space, and between wide (CJK) characters, which
    Chinese sets without spaces. A run of narrow non-space characters (an English word,
    a figure) stays whole; the spaces after a unit belong to it."""
    units: list[str] = []
    for char in text:
        wide = cell_len(char) > 1
        if units and (char == " " or (not wide and not units[-1].endswith(" ")
                                      and cell_len(units[-1][-1]) == 1)):
            units[-1] += char
        else:
            units.append(char)
    return units


def wrap(text: str, width: int, *, hang: bool = True) -> str:
    """`text` wrapped to `width` cells, Chinese-aware: a break may fall between any two
    CJK characters, so a mark ("  ✓") is never left alone on a line before a long Chinese
    sentence (a terminal widget breaks only at spaces). Continuation lines hang under the
    text after a leading mark, or under the line's own indent (`hang=False`: prose, where
    a one-letter first word such as "a" is no mark)."""
    if width <= 4:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if cell_len(line) <= width:
            out.append(line)
            continue
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        head = stripped.split(" ", 1)[0]
        mark = hang and len(head) == 1 and " " in stripped
        under = indent + (cell_len(head) + 1 if mark else 0)
        current = ""
        for unit in _units(line):
            if current.strip() and cell_len(current + unit.rstrip()) > width:
                out.append(current.rstrip())
                current = " " * under
            while cell_len(current + unit.rstrip()) > width and unit:  # a unit too long
                room = width - cell_len(current)
                piece = set_cell_size(unit, room).rstrip() if room > 0 else ""
                if not piece:
                    break
                out.append(current + piece)
                unit = unit[len(piece):].lstrip()
                current = " " * under
            current += unit
        if current.strip():
            out.append(current.rstrip())
    return "\n".join(out)


__all__ = ["cell_len", "fit", "visible", "wrap"]
