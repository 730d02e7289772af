"""The mapping file: which export holds which CRM table, and what to check in it.

One small TOML file, e.g.::

    [tables.contacts]
    file = "contacts.csv"          # or .xlsx; relative to the export folder
    class = "static"               # static | transactional | master | leads (the preset)
    key = "id"                     # the record's own id (what pointers point to)
    required = ["name", "phone"]   # key fields: blank or whitespace-only is an error
    fill = ["role", "occupation"]  # fill rates measured, not errors
    role = "role"                  # the contact-role field (the 80 % figure)
    owner = "owner"                # per-owner breakdown
    created_at = "created_at"      # timeliness: entered after 10:00 the day after…
    event_date = "visit_date"      # …the event
    formats = { phone = "phone", email = "email" }
    enums = { stage = ["new", "won", "lost"] }
    pointers = { account_id = "accounts.id" }
    duplicates = { field = "name", block = "city" }
    terms = { days = "days", basis = "basis" }     # payment terms: duplicates in substance
    steward = "finance"            # master data: the specialist role that owns it
    warn = 0.04                    # overrides of the preset (fractions, not percent)
    fail = 0.05

Parsing needs the text only (no I/O); every error names the file and line.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from crmgov.domain.enums import DataKind
from crmgov.i18n import _

#: Format rules a field can be held to (see rules.FORMAT_PATTERNS).
FORMATS = ("phone", "email", "cn_id", "date", "number")
#: Classes a table may declare in the mapping file.
CLASSES = ("static", "transactional", "master", "leads")


class MappingError(ValueError):
    """A mapping file problem, already phrased as "FILE:LINE: what is wrong"."""


class DuplicateRule(BaseModel):
    """Which field holds the name compared for duplicates, and what blocks the pairs."""

    model_config = ConfigDict(extra="forbid")

    field: str
    """The name column (e.g. the account name)."""
    block: str = ""
    """Only records sharing this column's value are paired (e.g. city); blank: none."""
    high: float = Field(92.0, ge=0, le=100)
    """Pairs scoring at least this are flagged as duplicates."""
    low: float = Field(85.0, ge=0, le=100)
    """Pairs from here up to `high` go to review."""


class TermsRule(BaseModel):
    """Payment-term columns: terms with the same days and basis are one term."""

    model_config = ConfigDict(extra="forbid")

    days: str
    """Column with the number of days (e.g. 30)."""
    basis: str
    """Column with what the days count from (e.g. invoice date, month end)."""


class TableMapping(BaseModel):
    """What to check in one exported table."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str
    """The table's name (the key under [tables])."""
    file: str
    """Export file name, relative to the export folder."""
    title: str = ""
    """How the table is called on screen and in the readiness figures (default: name)."""
    kind: DataKind = Field(DataKind.STATIC, alias="class")
    """static, transactional, master or leads: picks the preset thresholds."""
    key: str = ""
    """The record id column."""
    required: list[str] = Field(default_factory=list)
    """Key fields that must be filled."""
    fill: list[str] = Field(default_factory=list)
    """Fields whose fill rate is measured (not counted as errors)."""
    role: str = ""
    """The contact-role column, if the table has one."""
    owner: str = ""
    """The owner column (who entered or owns the record)."""
    created_at: str = ""
    """When the record was entered."""
    event_date: str = ""
    """When what it records happened."""
    formats: dict[str, str] = Field(default_factory=dict)
    """Column → format rule (phone, email, cn_id, date, number)."""
    enums: dict[str, list[str]] = Field(default_factory=dict)
    """Column → the values allowed."""
    pointers: dict[str, str] = Field(default_factory=dict)
    """Column → "table.column" it points to."""
    duplicates: DuplicateRule | None = None
    """How to look for duplicate records."""
    terms: TermsRule | None = None
    """Payment-term substance columns."""
    steward: str = ""
    """The specialist role that owns this master data (blank: nobody named)."""
    warn: float | None = Field(None, ge=0, le=1)
    """Warn above this error rate (default: 80 % of fail)."""
    fail: float | None = Field(None, ge=0, le=1)
    """Fail above this error rate (default: the class preset)."""
    key_warn: float | None = Field(None, ge=0, le=1)
    """Warn level for key fields and pointers (default: 80 % of key_fail)."""
    key_fail: float | None = Field(None, ge=0, le=1)
    """Fail level for key fields and pointers (default 1 %)."""

    @model_validator(mode="after")
    def _sane(self) -> TableMapping:
        if self.kind is DataKind.KEY_FIELDS:
            raise ValueError(_("class must be one of {classes}", classes=", ".join(CLASSES)))
        for column, fmt in self.formats.items():
            if fmt not in FORMATS:
                raise ValueError(_("formats.{column}: unknown format {fmt!r} (one of {known})",
                                   column=column, fmt=fmt, known=", ".join(FORMATS)))
        for column, target in self.pointers.items():
            # The column may hold spaces ("accounts.Account ID"), never at its ends.
            if not re.fullmatch(r"[^.\s]+\.[^.\s](?:[^.]*[^.\s])?", target):
                raise ValueError(_("pointers.{column}: {target!r} is not \"table.column\"",
                                   column=column, target=target))
        for lo, hi in (("warn", "fail"), ("key_warn", "key_fail")):
            a, b = getattr(self, lo), getattr(self, hi)
            if a is not None and b is not None and a > b:
                raise ValueError(_("{warn} ({a}) is above {fail} ({b})", warn=lo, a=a,
                                   fail=hi, b=b))
        return self

    @property
    def label(self) -> str:
        """The title, else the name."""
        return self.title or self.name

    def columns(self) -> list[str]:
        """Every column the checks read (each must be in the export's header)."""
        cols = [self.key, *self.required, *self.fill, self.role, self.owner, self.created_at,
                self.event_date, *self.formats, *self.enums, *self.pointers]
        if self.duplicates:
            cols += [self.duplicates.field, self.duplicates.block]
        if self.terms:
            cols += [self.terms.days, self.terms.basis]
        return list(dict.fromkeys(c for c in cols if c))


class Mapping(BaseModel):
    """Every table of one export, by name, in file order."""

    tables: dict[str, TableMapping]
    """Table name → its mapping."""
    source: str = ""
    """The mapping file's name, for messages."""
    lines: dict[str, int] = Field(default_factory=dict)
    """"table" and "table.key" → line in the file, for messages about the data."""

    def line_of(self, table: str, key: str = "") -> int:
        """The line of a table's key (or of its header) in the mapping file."""
        return self.lines.get(f"{table}.{key}", self.lines.get(table, 1))


_HEADER = re.compile(r"^\s*\[\s*tables\.\"?([^\]\"]+)\"?\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=")


def _line_index(text: str) -> dict[str, int]:
    """Where each [tables.X] header and each key under it is, counting from 1."""
    lines: dict[str, int] = {}
    table = ""
    for n, line in enumerate(text.splitlines(), start=1):
        if m := _HEADER.match(line):
            table = m.group(1).strip()
            lines.setdefault(table, n)
        elif table and (m := _KEY.match(line)):
            lines.setdefault(f"{table}.{m.group(1)}", n)
    return lines


def parse_mapping(text: str, source: str) -> Mapping:
    """Parse and validate a mapping file's text; MappingError names `source` and the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = m.group(1) if m else "1"
        reason = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise MappingError(f"{source}:{line}: {_('not valid TOML')}: {reason}") from None
    lines = _line_index(text)
    extra = sorted(set(data) - {"tables"})
    if extra:
        raise MappingError(f"{source}:1: " + _("unknown section {name!r}; only [tables.NAME]",
                                               name=extra[0]))
    raw_tables = data.get("tables")
    if not isinstance(raw_tables, dict) or not raw_tables:
        raise MappingError(f"{source}:1: " + _("no [tables.NAME] section"))
    tables: dict[str, TableMapping] = {}
    for name, body in raw_tables.items():
        if not isinstance(body, dict):
            raise MappingError(f"{source}:{lines.get(name, 1)}: "
                               + _("tables.{name} must be a table", name=name))
        tables[name] = _table(name, body, source, lines)
    mapping = Mapping(tables=tables, source=source, lines=lines)
    _check_pointers(mapping)
    return mapping


def _table(name: str, body: dict[str, Any], source: str, lines: dict[str, int]) -> TableMapping:
    try:
        return TableMapping.model_validate({"name": name, **body})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        msg = str(err["msg"]).removeprefix("Value error, ")
        # The table-wide checks name their key first ("formats.x: …", "warn (…) is above").
        first = re.match(r"\w+", msg)
        top = loc[0] if loc else first.group(0) if first else ""
        line = lines.get(f"{name}.{top}", lines.get(name, 1))
        where = ".".join(loc)
        if err["type"] == "extra_forbidden":
            msg = _("unknown key {key!r}", key=where)
        elif where:
            msg = f"{where}: {msg}"
        raise MappingError(f"{source}:{line}: tables.{name}: {msg}") from None


def _check_pointers(mapping: Mapping) -> None:
    """Every pointer names a mapped table that has a key: a pointer into a table without
    one could not be checked (its orphans would go unreported)."""
    for t in mapping.tables.values():
        for column, target in t.pointers.items():
            table = target.split(".", 1)[0]
            line = mapping.line_of(t.name, "pointers")
            if table not in mapping.tables:
                raise MappingError(
                    f"{mapping.source}:{line}: tables.{t.name}: "
                    + _("pointers.{column} points to {table!r}, which the mapping does not "
                        "name", column=column, table=table)
                )
            if not mapping.tables[table].key:
                raise MappingError(
                    f"{mapping.source}:{line}: tables.{t.name}: "
                    + _("pointers.{column} points to {target!r}, but [tables.{table}] has no "
                        "key: add key = \"{key}\" there", column=column, target=target,
                        table=table, key=target.split(".", 1)[1])
                )
