"""Terminal cell width: a CJK character takes two cells, so padding by len() misaligns."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def fit(text: str, width: int) -> str:
    """Pad or crop `text` to exactly `width` terminal cells (CJK-aware)."""
    if cell_len(text) > width and width > 1:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


__all__ = ["cell_len", "fit"]
