"""What a data check keeps: figures per table, rule and owner — never the exported rows.

A `QualityRun` is one dated snapshot; runs over time give the trend. Duplicate pairs keep
the two record ids and the compared names only, so they can be reviewed later.
"""

from __future__ import annotations

from pydantic import Field

from crmgov.domain.base import DomainModel, LocalTime, NonBlank, Record, Text
from crmgov.domain.enums import DataKind
from crmgov.domain.quality.rules import Verdict
from crmgov.i18n import N_, _

#: How each rule kind is shown; the stored key ("required:phone") stays English so issues,
#: trends and `--json` keep one stable id, and only the display is translated.
RULE_NAMES = {
    "required": N_("required"),
    "format": N_("format"),
    "enum": N_("allowed values"),
    "pointer": N_("pointer"),
    "duplicate": N_("duplicate"),
}


def rule_label(key: str) -> str:
    """A rule key ("required:客户名称") as shown in the language in force ("必填：客户名称")."""
    rule, _sep, field = key.partition(":")
    name = _(RULE_NAMES[rule]) if rule in RULE_NAMES else rule
    return _("{rule}:{field}", rule=name, field=field) if field else name


class RuleResult(DomainModel):
    """One rule on one field, e.g. required:phone or pointer:account_id."""

    rule: NonBlank
    """required, format, enum, pointer or duplicate."""
    field: Text = ""
    """The column it reads."""
    violations: int = Field(ge=0)
    """Rows breaking it."""
    warn: float = Field(ge=0, le=1)
    """Warn level."""
    fail: float = Field(ge=0, le=1)
    """Fail level."""
    verdict: Verdict
    """Against its levels."""

    @property
    def key(self) -> str:
        """"rule:field", how checks are named in issues and trends."""
        return f"{self.rule}:{self.field}" if self.field else self.rule

    @property
    def label(self) -> str:
        """The key as shown to a user, translated (`rule_label`)."""
        return rule_label(self.key)


class OwnerResult(DomainModel):
    """One owner's records in one table."""

    owner: Text
    """Owner as in the export ("" for none)."""
    rows: int = Field(ge=0)
    """Their records."""
    error_rows: int = Field(ge=0)
    """Their records with any violation."""
    late: int = Field(0, ge=0)
    """Their records entered late."""
    timed: int = Field(0, ge=0)
    """Their records with both timeliness dates."""
    filled: int = Field(0, ge=0)
    """Key-field cells filled."""
    cells: int = Field(0, ge=0)
    """Key-field cells examined."""


class DuplicatePair(DomainModel):
    """Two records that may be one."""

    a: Text
    """Id of the first record."""
    b: Text
    """Id of the second."""
    name_a: Text
    """Its compared value."""
    name_b: Text
    """The other's."""
    score: float = Field(ge=0, le=100)
    """Similarity (100: equal after normalisation)."""
    flagged: bool
    """Above the high band (a duplicate); else for review."""


class TableResult(DomainModel):
    """Every figure of one table in one run."""

    table: NonBlank
    """Table name as in the mapping."""
    file: Text = ""
    """Export file read."""
    title: Text = ""
    """Display name (the mapping's title; default the table name)."""
    kind: DataKind
    """Its class."""
    rows: int = Field(ge=0)
    """Records examined."""
    error_rows: int = Field(ge=0)
    """Records with any violation (duplicates included)."""
    duplicate_rows: int = Field(0, ge=0)
    """Records whose only fault is being a duplicate."""
    warn: float = Field(ge=0, le=1)
    """Warn level."""
    fail: float = Field(ge=0, le=1)
    """Fail level."""
    verdict: Verdict
    """Against its levels."""
    rules: list[RuleResult] = Field(default_factory=list)
    """Per rule and field."""
    fill: dict[str, float] = Field(default_factory=dict)
    """Fill rate per key field."""
    role_empty: float | None = Field(None, ge=0, le=1)
    """Share of records with an empty contact role, if the table has one."""
    orphans: dict[str, int] = Field(default_factory=dict)
    """Pointer column → records pointing at nothing."""
    late: int = Field(0, ge=0)
    """Records entered after 10:00 the day after their event."""
    timed: int = Field(0, ge=0)
    """Records with both dates (the base of `late`)."""
    owners: list[OwnerResult] = Field(default_factory=list)
    """Per owner."""
    exact_groups: int = Field(0, ge=0)
    """Groups of records equal after normalisation (or equal terms)."""
    pairs: list[DuplicatePair] = Field(default_factory=list)
    """Duplicate pairs found (capped, see services.quality.duplicates)."""
    steward: Text = ""
    """The specialist role named as owner of this master data."""
    creators: int = Field(0, ge=0)
    """Distinct owners who created records in this table."""

    @property
    def label(self) -> str:
        """The title, else the table name."""
        return self.title or self.table

    @property
    def error_rate(self) -> float:
        """Rows with any violation over rows."""
        return self.error_rows / self.rows if self.rows else 0.0


class QualityRun(Record):
    """One data check: a dated snapshot of the results."""

    run_at: LocalTime
    """When it ran."""
    source: Text = ""
    """The export folder or files read."""
    mapping: Text = ""
    """The mapping file used."""
    by: Text = ""
    """Who ran it."""
    tables: list[TableResult] = Field(default_factory=list)
    """Per table."""

    def table(self, name: str) -> TableResult | None:
        """One table's result, if it was checked."""
        return next((t for t in self.tables if t.table == name), None)


class DuplicateDecision(Record):
    """A reviewer's decision on a pair, remembered so a later run does not ask again."""

    table: NonBlank
    """Table of the pair."""
    a: NonBlank
    """Id of one record (the smaller, as text)."""
    b: NonBlank
    """Id of the other."""
    decision: NonBlank
    """same, different (skip is not stored)."""
    by: Text = ""
    """Who decided."""
    at: LocalTime
    """When."""


class QualityIssueLink(Record):
    """Which issue a failing check opened, so the same check failing again recurs."""

    check: NonBlank
    """"table/rule:field" (or "table" for the table's error rate)."""
    issue_id: int = Field(ge=1)
    """The issue opened."""
    run_id: int = Field(ge=0)
    """The run that failed."""
    opened_at: LocalTime
    """When."""
