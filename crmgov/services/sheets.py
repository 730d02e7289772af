"""Spreadsheet files shared by the areas' imports and exports: CSV (UTF-8 with BOM, so
Excel shows Chinese) and XLSX, headers in English or Chinese, cells neutralised against
formula injection, and every problem reported as `FILE:LINE: reason` (the header is line 1).

The issue log's import and export (services/issues/) read and write through here too.
Every CSV the product writes goes through `write_csv` / `csv_text` here (a test
greps the package for any other csv.writer): the one place where cells are neutralised.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from crmgov.i18n import _

#: Spreadsheets run a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


#: The largest CSV field a read accepts (the csv module's default is 131,072 characters).
CSV_FIELD_LIMIT = 2**31 - 1


class SheetRejected(ValueError):
    """A bad file or bad rows; `errors` holds one `FILE:LINE: reason` line each."""

    def __init__(self, errors: list[str], *, whole_file: bool = False) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
        self.whole_file = whole_file
        """The file itself could not be read (one error, no row to name)."""


def neutralise(text: str) -> str:
    """Prefix ' so a spreadsheet shows the text instead of running it as a formula.

    Text that already starts with ' gets one too, so `unneutralise` is exact.
    """
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise`, so export → import gives back the original text."""
    if text.startswith("'") and text[1:].startswith((*FORMULA_STARTS, "'")):
        return text[1:]
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != datetime.min.time() \
            else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read(path: Path, formulas: bool) -> Iterator[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # What export writes, import must read: the csv module refuses fields over 128 KiB
        # by default, and an issue's description may be longer.
        csv.field_size_limit(CSV_FIELD_LIMIT)
        with path.open(encoding="utf-8-sig", newline="") as handle:  # with or without BOM
            yield from csv.reader(handle)
    elif suffix == ".xlsx":
        from openpyxl import load_workbook  # heavy: only imports need it

        book = load_workbook(path, read_only=True, data_only=not formulas)
        try:
            for values in book.worksheets[0].iter_rows(values_only=True):
                yield [_cell(v) for v in values]
        finally:
            book.close()
    else:
        raise SheetRejected([f"{path}: " + _("import a .csv or .xlsx file, not {suffix!r}",
                                             suffix=path.suffix)])


def read_cells(path: Path, *, formulas: bool = False) -> list[list[str]]:
    """Every row of a .csv or .xlsx file as text (the header row first), trailing blank
    rows dropped. `formulas`: an XLSX formula cell gives its text (`=SUM(A1:A3)`), not the
    value Excel last computed.

    SheetRejected with `whole_file` set for a missing or unreadable file or another
    suffix; SheetRejected for a file with no header row.
    """
    try:
        rows = list(_read(path, formulas))
    except FileNotFoundError:
        raise SheetRejected([f"{path}: " + _("no such file")], whole_file=True) from None
    except SheetRejected as exc:
        raise SheetRejected(exc.errors, whole_file=True) from None
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError,
            zipfile.BadZipFile) as exc:
        # BadZipFile: an .xlsx that is not one (an XLSX is a zip archive).
        error = str(exc) or type(exc).__name__
        raise SheetRejected([f"{path}: " + _("cannot read the file: {error}", error=error)],
                            whole_file=True) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()  # trailing blank rows are what spreadsheets leave behind
    if not rows:
        raise SheetRejected([f"{path}:1: " + _("the file is empty (expected a header row)")])
    return rows


def header_fields(
    path: Path,
    header: Sequence[str],
    columns: Sequence[tuple[str, str, str]],
    required: Sequence[str],
    *,
    blank_is_unknown: bool = False,
) -> list[str]:
    """The field each header cell names ("" for a blank one), in order.

    `columns`: (field, English header, Chinese header); a header may be any of the three,
    case-insensitive. SheetRejected (line 1) for an unknown or repeated column or a
    missing `required` one; a blank header cell too with `blank_is_unknown`.
    """
    lookup = {name.casefold(): f for f, en, zh in columns for name in (f, en, zh)}
    fields: list[str] = []
    problems = []
    for cell in header:
        name = lookup.get(cell.strip().casefold())
        if name is None and (cell.strip() or blank_is_unknown):
            problems.append(_("unknown column {name!r}", name=cell.strip()))
        elif name in fields:
            problems.append(_("column {name!r} appears twice", name=cell.strip()))
        fields.append(name or "")
    missing = [f for f in required if f not in fields]
    if missing:
        problems.append(_("missing column(s): {names}", names=_(", ").join(missing)))
    if problems:
        raise SheetRejected([f"{path}:1: {p}" for p in problems])
    return fields


def read_sheet(
    path: Path, columns: Sequence[tuple[str, str, str]], required: Sequence[str]
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The fields the header names and each data row as (line, {field: text}).

    `columns`: (field, English header, Chinese header), see `header_fields`. SheetRejected
    for an unreadable file or a wrong header.
    """
    rows = read_cells(path)
    fields = header_fields(path, rows[0], columns, required)
    out = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        out.append((line, {f: unneutralise(c.strip())
                           for f, c in zip(fields, cells, strict=False) if f}))
    return fields, out


def safe_cell(value: Any, *, neutralised: bool = False) -> str:
    """One cell as text a spreadsheet shows as text: never starting with = + - @ tab or
    CR. `neutralised`: the cell already went through `neutralise` (the issue export's
    cells), so it is not prefixed twice; either way the result is safe."""
    text = _cell(value)
    return neutralise(unneutralise(text) if neutralised else text)


def safe_rows(
    rows: Iterable[Sequence[Any]], *, neutralised: bool = False, numbers: bool = False
) -> Iterator[list[Any]]:
    """`rows` with every cell through `safe_cell`; with `numbers` an int or float cell
    stays a number (for an .xlsx: a number cannot run as a formula, and Excel sorts and
    sums it as one). The one writer of formula-safe rows (CSV and XLSX)."""
    for row in rows:
        yield [c if numbers and isinstance(c, int | float) and not isinstance(c, bool)
               else safe_cell(c, neutralised=neutralised) for c in row]


def _csv_writer(handle: IO[str], lineterminator: str) -> Any:
    # The only csv.writer of the package: everything it is given has been through
    # safe_rows (see write_csv and csv_text).
    return csv.writer(handle, lineterminator=lineterminator)


def write_csv(
    target: Path | IO[str],
    header: Sequence[str] | None,
    rows: Iterable[Sequence[Any]],
    *,
    bom: bool = True,
    neutralised: bool = False,
    lineterminator: str = "\r\n",
) -> int:
    """Write a CSV file (UTF-8, with a BOM unless `bom` is False: the BOM makes Excel read
    Chinese right) or into an open text stream, every cell (header too) neutralised
    against formula injection. Returns the number of data rows written."""
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            return write_csv(handle, header, rows, neutralised=neutralised,
                             lineterminator=lineterminator)
    writer = _csv_writer(target, lineterminator)
    if header is not None:
        writer.writerow([safe_cell(c) for c in header])
    count = 0
    for row in safe_rows(rows, neutralised=neutralised):
        writer.writerow(row)
        count += 1
    return count


def csv_text(header: Sequence[str] | None, rows: Iterable[Sequence[Any]], *,
             neutralised: bool = False) -> str:
    """The CSV as text (for stdout), cells neutralised as in `write_csv`."""
    buf = io.StringIO()
    write_csv(buf, header, rows, neutralised=neutralised)
    return buf.getvalue()


def write_sheet(path: Path, header: Sequence[str] | None, rows: Iterable[Sequence[Any]],
                title: str, *, neutralised: bool = False, numbers: bool = False) -> None:
    """Write a .csv (UTF-8 with BOM) or .xlsx file (one sheet named `title`); cells are
    neutralised (`neutralised`: as in `write_csv`). The header, if any, is the first row.
    `numbers`: in an .xlsx, int and float cells are stored as numbers, not text."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(path, header, rows, neutralised=neutralised)
    elif suffix == ".xlsx":
        safe = safe_rows(rows, neutralised=neutralised, numbers=numbers)
        from openpyxl import Workbook  # heavy: only exports need it

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title[:31])
        if header is not None:
            sheet.append(list(header))
        for row in safe:
            sheet.append(row)
        book.save(path)
    else:
        raise SheetRejected([f"{path}: " + _("export to .csv or .xlsx, not {suffix!r}",
                                             suffix=path.suffix)])
