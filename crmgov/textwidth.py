"""Terminal cell width: a CJK character takes two cells, so padding by len() misaligns."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from crmgov.safe_text import visible


def fit(text: str, width: int, align: str = "left") -> str:
    """`text` in exactly `width` cells: wide (CJK) characters count twice, cut with ….

    Control and bidi characters are shown as escapes first (crmgov.safe_text): a fitted
    cell goes to a terminal, and an escape sequence there would act rather than show.
    """
    if width <= 0:
        return ""
    text = visible(text)
    size = cell_len(text)
    if size > width:
        # set_cell_size never splits a double-width character: it pads with a space instead.
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - size)
    return pad + text if align == "right" else text + pad


__all__ = ["cell_len", "fit", "visible"]
