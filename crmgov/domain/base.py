"""Shared building blocks for the domain models."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, NaiveDatetime, StringConstraints

#: Text a person must fill in: surrounding blanks are stripped, and nothing left is an error.
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: Optional free text: stripped, may be empty.
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
#: A moment as local wall-clock time, without a UTC offset. crmgov compares stored times
#: with `datetime.now()`; a hand-edited "…+08:00" would make every such comparison fail,
#: so it is refused with the record and field named instead.
LocalTime = NaiveDatetime


class DomainModel(BaseModel):
    """Base of every record kept in a project file.

    Unknown fields are refused so a typo in a hand-edited project file is reported rather
    than silently dropped. Every field carries a docstring (tests/unit/test_domain_docs.py
    holds them to it); pydantic is not asked to copy them into the schema
    (use_attribute_docstrings reads each class's source at import: ~0.05 s of startup).
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
    )


class Record(DomainModel):
    """A record stored in a project table; `id` is its document id in that table."""

    id: int = 0
    """Document id within its table; 0 until the store assigns one."""
