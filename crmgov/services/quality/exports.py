"""Reading CRM exports (CSV or XLSX) into polars frames of text columns.

Every cell is read as text: the rules decide what a value means, and a phone number like
"013800…" must keep its leading zero. A damaged export stops the check with one line
naming the file and the line: not UTF-8 (e.g. saved as GBK by Excel), a row with more or
fewer fields than the header, a binary file named .csv.

polars is imported inside the functions: it costs ~0.3 s and the TUI must not pay it at
startup (only when a check runs). A sound CSV, quoted or not, is read by polars alone; the
line-by-line checks run only when something may be wrong, to name the line.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from crmgov.i18n import _, os_reason

if TYPE_CHECKING:
    import polars as pl

SUFFIXES = (".csv", ".xlsx")
_LONE_CR = re.compile(rb"\r(?!\n)")
#: Exports larger than this are scanned (commas, carriage returns) by numpy, SCAN bytes at a
#: time: its comparisons run without the interpreter lock, so the duplicate pass's thread
#: runs meanwhile (bytes.count and re held it for 0.11 s on 1M contacts, and took longer).
#: Smaller ones by bytes.count and re, which need no numpy.
LARGE, SCAN = 1 << 24, 1 << 22


def _count_byte(body: bytes, byte: int) -> int:
    """How many times `byte` occurs in `body`."""
    if len(body) <= LARGE:
        return body.count(bytes([byte]))
    import numpy as np

    data = np.frombuffer(body, dtype=np.uint8)
    return sum(int(np.count_nonzero(data[at:at + SCAN] == byte))
               for at in range(0, len(data), SCAN))


def _lone_cr(body: bytes) -> bool:
    """A carriage return not followed by a line feed in `body` (old Mac line ends)."""
    if len(body) <= LARGE:
        return b"\r" in body and _LONE_CR.search(body) is not None
    import numpy as np

    data = np.frombuffer(body, dtype=np.uint8)
    for at in range(0, len(data), SCAN):
        after = np.flatnonzero(data[at:at + SCAN] == 13) + (at + 1)
        if len(after) and (after[-1] == len(data) or bool((data[after] != 10).any())):
            return True
    return False


class ExportError(ValueError):
    """A damaged or unreadable export, phrased "FILE:LINE: what is wrong"."""


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:65536]:
        raise ExportError(f"{path}:1: " + _("binary content, not a CSV text file"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = " " + _("(it looks like GBK/GB18030: save it as UTF-8)")
        except UnicodeDecodeError:
            pass
        raise ExportError(f"{path}:{line}: " + _("not UTF-8 text") + hint) from None


def _check_ragged(path: Path, text: str, raw: bytes) -> None:
    """Every line has as many fields as the header (quoted fields handled by csv)."""
    import polars as pl

    if not text.strip():
        raise ExportError(f"{path}:1: " + _("empty file: no header"))
    if '"' in text:
        # Quoted fields may hold commas or line breaks: let the csv module count them.
        reader = csv.reader(io.StringIO(text))
        width = len(next(reader))
        for row in reader:
            if row and len(row) != width:
                _ragged(path, reader.line_num, len(row), width)
        return
    # Without quotes a field never holds a comma: count them per line, natively (each line
    # read as one column; \x1f, the unit separator, is not in text exports).
    lines = pl.read_csv(io.BytesIO(raw), has_header=False, separator="\x1f", quote_char=None,
                        new_columns=["line"], infer_schema=False)["line"].fill_null("")
    counts = lines.str.count_matches(",", literal=True)
    width = int(counts[0])
    bad = (counts != width) & (lines.str.len_bytes() > 0)
    if bad.any():
        line = int(bad.arg_true()[0])
        _ragged(path, line + 1, int(counts[line]) + 1, width + 1)


def _check_raw_header(path: Path, text: str) -> None:
    """A name twice in the header, read as written (polars would rename the second one
    before any check saw it)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    names = [c.strip() for c in next(csv.reader([first]), [])]
    _no_twice(path, names)


def _no_twice(path: Path, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ExportError(f"{path}:1: " + _("column {name!r} appears twice in the header",
                                                name=name))
        seen.add(name)


def delimiter_hint(header: list[str]) -> str:
    """" (…)" naming the delimiter when a header read as one column holds semicolons or
    tabs (a file saved with ";" by a European Excel), else ""."""
    if len(header) == 1:
        for sep, name in ((";", _("semicolons")), ("\t", _("tabs"))):
            if sep in header[0]:
                return " " + _("(the file looks separated by {sep}: save it with commas)",
                               sep=name)
    return ""


def _ragged(path: Path, line: int, got: int, want: int) -> None:
    raise ExportError(f"{path}:{line}: " + _("{got} field(s) where the header has {want}",
                                              got=got, want=want))


def read_export(path: Path) -> pl.DataFrame:
    """One export as a frame of text columns; ExportError if it is damaged."""
    import polars as pl

    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{path}: " + _("not a .csv or .xlsx file"))
    try:
        if suffix == ".xlsx":
            # Only the signature: calamine reads the file itself, and the whole workbook
            # held meanwhile was 60 MB more at the peak for 1M rows.
            with path.open("rb") as f:
                return _read_xlsx(path, f.read(4))
        raw = path.read_bytes()
    except OSError as exc:
        raise ExportError(f"{path}: {os_reason(exc)}") from None
    frame = _read_clean_csv(raw)
    if frame is not None:
        return _clean_headers(path, frame)
    # Something is off (or unusual): the checks that name the file and the line.
    text = _decode(path, raw)
    try:
        _check_raw_header(path, text)
        _check_ragged(path, text, raw)
    except csv.Error:
        # The csv module meets a carriage return alone (old Mac line ends) in a field.
        line = text.count("\n", 0, text.find("\r") if "\r" in text else 0) + 1
        raise ExportError(f"{path}:{line}: " + _(
            "a line ends with a carriage return alone (old Mac line ends): save it with "
            "Windows or Unix line ends")) from None
    try:
        # The bytes were just proved UTF-8: polars reads them as they are (minus a BOM).
        body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
        frame = pl.read_csv(io.BytesIO(body), infer_schema=False).fill_null("")
    except pl.exceptions.PolarsError as exc:
        raise ExportError(f"{path}: {str(exc).splitlines()[0]}") from None
    return _clean_headers(path, frame)


def _read_clean_csv(raw: bytes) -> pl.DataFrame | None:
    """The export read by polars alone, quoted or not, if it is sound; None if anything may
    be wrong (then the checks above name the file and line, as slowly as they must).

    Sound means what those checks prove: UTF-8 (polars refuses anything else), no NUL, a
    header read as written without a name twice, and every record as many fields as the
    header. Fields are counted without the csv module (which cost 0.8-1.5 s and 170 MB on a
    fully quoted 1M-row file), and without reading the lines again: see below.
    """
    import polars as pl

    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if b"\x00" in raw[:65536] or _lone_cr(body):
        return None  # binary, or old Mac line ends (the csv module reads them, polars not)
    end = body.find(b"\n")
    try:
        first = (body if end < 0 else body[:end]).decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None
    names = [c.strip() for c in next(csv.reader([first]), [])]
    if not first.strip() or first.startswith("\ufeff") or len(set(names)) != len(names):
        return None
    try:
        # polars refuses a record with more fields than the header: none has more.
        frame = pl.read_csv(body, infer_schema=False)
    except pl.exceptions.PolarsError:
        return None
    # So every record has all its fields exactly when the separators (the file's commas
    # less those inside names and values) are as many as full records have: a short or a
    # blank record would leave the sum short (then the checks above tell which).
    inside = sum(c.count(",") for c in frame.columns)
    if frame.height and b'"' in body:  # unquoted, a value never holds a comma
        inside += int(frame.select(pl.sum_horizontal(
            pl.all().str.count_matches(",", literal=True).sum())).item() or 0)
    if _count_byte(body, ord(",")) - inside != (frame.width - 1) * (frame.height + 1):
        return None
    return frame.fill_null("")


def _read_xlsx(path: Path, head: bytes) -> pl.DataFrame:
    """An XLSX export (`head`: its first bytes) as text columns."""
    import polars as pl

    if not head.startswith(b"PK"):
        raise ExportError(f"{path}:1: " + _("not an XLSX workbook"))
    try:
        # calamine (fastexcel): 7 s for 1M rows where openpyxl takes 104 s (issue 15).
        frame = pl.read_excel(path, engine="calamine", infer_schema_length=0)
    except Exception as exc:  # fastexcel raises its own error types for damaged workbooks
        raise ExportError(f"{path}: {str(exc).splitlines()[0]}") from None
    frame = frame.with_columns(pl.all().cast(pl.String).fill_null(""))
    return _clean_headers(path, frame)


def _clean_headers(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    # calamine renames a repeated header "name_duplicated_0": the name appears twice.
    names = [re.sub(r"_duplicated_\d+$", "", str(c)).strip() for c in frame.columns]
    _no_twice(path, names)
    names = [str(c).strip() for c in frame.columns]
    return frame.rename(dict(zip(frame.columns, names, strict=True)))


def read_header(path: Path) -> list[str]:
    """The header of an export (for `data init-mapping`)."""
    if path.suffix.lower() == ".xlsx":
        with path.open("rb") as f:
            return list(_read_xlsx(path, f.read(4)).columns)
    with path.open("rb") as f:
        raw = f.read(65536)
    first = _decode(path, raw.split(b"\n", 1)[0]) if raw else ""
    return [c.strip() for c in next(csv.reader([first]), [])]


def export_files(paths: list[Path]) -> list[Path]:
    """The .csv/.xlsx files of the folders and files given, in name order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.suffix.lower() in SUFFIXES)
        elif p.exists():
            out.append(p)
        else:
            raise ExportError(f"{p}: " + _("no such file or folder"))
    return out
