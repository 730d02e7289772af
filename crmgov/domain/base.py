"""Shared building blocks for the domain models."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, NaiveDatetime, StringConstraints

from crmgov.i18n import _

#: Text a person must fill in: surrounding blanks are stripped, and nothing left is an error.
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: Optional free text: stripped, may be empty.
Text = Annotated[str, StringConstraints(strip_whitespace=True)]

#: What a one-line field may not hold: C0 controls (tab and newline too), DEL, C1 controls,
#: the bidi embeddings/overrides/isolates and the line/paragraph separators. An escape
#: sequence in a title retitles or clears the terminal it is printed on, and U+202E
#: reverses the reading order of a name. The check runs in pydantic-core's regex engine,
#: not in Python, so loading 100k issues pays nothing measurable for it. Mirrors
#: crmgov.safe_text.UNSAFE, which shows such characters harmlessly on output.
SINGLE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]*$"
#: pydantic's error type when a one-line field holds such a character.
SINGLE_LINE_ERROR = "string_pattern_mismatch"
#: A one-line field a person must fill in (titles, names, codes): as NonBlank, and
#: refusing control characters, line breaks and bidi overrides.
SingleLine = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, pattern=SINGLE_LINE_PATTERN)
]
#: An optional one-line field (owners, requesters, departments): as Text, and refusing what
#: SingleLine refuses.
SingleLineText = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=SINGLE_LINE_PATTERN)
]


def single_line_message() -> str:
    """What a person reads when a one-line field holds a control character (translated)."""
    return _("must be one line of text without control characters or bidi overrides")
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
