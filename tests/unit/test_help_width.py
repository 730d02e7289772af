"""Every `crmgov … --help` fits an 80-column terminal, in English and in Chinese.

argparse wraps help by characters, and a Chinese character takes two cells: the zh help
of `db`, `init` and others ran past 80 columns (issue 22 review).
"""

from __future__ import annotations

import argparse

import pytest

from crmgov.cli import build_parser
from crmgov.i18n import set_language
from crmgov.textwidth import cell_len


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
             ) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _parsers(child, (*path, name))
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_help_fits_80_columns(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    set_language(lang)
    try:
        wide = []
        for path, parser in _parsers(build_parser()):
            text = parser.format_help()
            # The usage block and an option's {choice,…} list are argparse's own layout
            # (too long in English too); the texts crmgov writes are what must fit.
            body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
            for line in body.splitlines():
                if cell_len(line) > 80 and "{" not in line:
                    wide.append(f"crmgov {' '.join(path)}: {line!r} ({cell_len(line)})")
        assert not wide, "\n".join(wide[:10])
    finally:
        set_language("en")


def test_help_prose_lines_up_under_its_first_line() -> None:
    """A help text starting with a one-letter word ("a project in PostgreSQL…") is prose,
    not a mark followed by text: its wrapped lines start where the first line does."""
    from crmgov.textwidth import wrap

    text = "a project in PostgreSQL, postgresql://USER@HOST/DB (default: $CRMGOV_DATABASE)"
    lines = wrap(text, 30, hang=False).split("\n")
    assert len(lines) > 1 and not any(line.startswith(" ") for line in lines)
    assert wrap("✓ a mark and its text that wraps", 12).split("\n")[1].startswith("  ")
