"""Base-data quality of the CRM itself (三分系统、十分实施、十二分数据)."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from crmgov.domain.base import Record, SingleLine, Text
from crmgov.domain.enums import DataKind

#: Maximum tolerated error rate per kind: 5% almost everywhere, 1% for key fields and
#: pointers, up to 20% for sales leads whose information decays fast.
THRESHOLDS: dict[DataKind, float] = {
    DataKind.STATIC: 0.05,
    DataKind.TRANSACTIONAL: 0.05,
    DataKind.MASTER: 0.05,
    DataKind.KEY_FIELDS: 0.01,
    DataKind.LEADS: 0.20,
}


class QualityMeasurement(Record):
    """One measurement of one CRM table (e.g. accounts, contacts, payment terms)."""

    table: SingleLine
    """The CRM table measured, e.g. "contacts"."""
    kind: DataKind
    """Which threshold applies."""
    measured_on: date
    """When."""
    records: int = Field(ge=0)
    """Records examined."""
    errors: int = Field(ge=0)
    """Records with an error."""
    duplicates: int = Field(0, ge=0)
    """Duplicate records found."""
    fill_rate: float | None = Field(None, ge=0, le=1)
    """Share of key fields filled (e.g. contact role), if measured."""
    note: Text = ""
    """Root cause or context."""

    @property
    def error_rate(self) -> float:
        """Errors plus duplicates over records examined."""
        return (self.errors + self.duplicates) / self.records if self.records else 0.0

    @property
    def within_threshold(self) -> bool:
        """Whether the measurement meets the threshold for its kind of data."""
        return self.error_rate <= THRESHOLDS[self.kind]

    @model_validator(mode="after")
    def _counts_bounded(self) -> QualityMeasurement:
        if self.errors + self.duplicates > self.records:
            raise ValueError("errors + duplicates exceed records")
        return self
