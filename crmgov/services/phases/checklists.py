"""Phase gate checklists: editable TOML under checklists/, validated on load.

The file is meant to be edited by the people running the project, so a mistake in it must
come back as a message they can act on: the file, the line, the entry and the field — not
a traceback or a pydantic dump.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from crmgov.domain.base import NonBlank
from crmgov.domain.enums import Language, PhaseKind
from crmgov.domain.phases.model import LIVE_CRITERIA, SIGNER_ROLES, GateItem
from crmgov.paths import checklists_dir

#: The gate checklist file inside checklists_dir().
GATES_FILE = "gates.toml"
#: Show at most this many problems; the rest are counted.
_MAX_PROBLEMS = 5

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
_ANY_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class ChecklistError(Exception):
    """A checklist file cannot be used; the message names the file, line, entry and field."""

    def __init__(self, path: Path, problems: list[tuple[int | None, str]]) -> None:
        self.path = path
        self.problems = problems
        """(line or None, what is wrong) for each problem found."""
        self.line = problems[0][0] if problems else None
        """Line of the first problem, when it can be located."""
        shown = [f"{path}{f', line {line}' if line else ''}: {text}" for line, text in problems]
        more = len(shown) - _MAX_PROBLEMS
        tail = [f"... and {more} more problem(s)"] if more > 0 else []
        super().__init__("\n".join(shown[:_MAX_PROBLEMS] + tail))


class ChecklistItem(BaseModel):
    """One exit criterion, in both languages."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Short name, unique within its kind (lower case, digits, dashes)."""
    en: NonBlank
    """The criterion in English."""
    zh: NonBlank
    """The criterion in Chinese."""
    live: str = ""
    """A live criterion computing it (domain.phases.criteria); empty = an evidence item."""
    threshold: float | None = None
    """The live criterion's threshold (default: its DEFAULTS entry)."""
    tables: list[NonBlank] = Field(default_factory=list)
    """CRM tables a data_quality criterion reads."""
    role: str = "project_manager"
    """Who signs off an evidence item: sponsor, project_manager, consultant, internal_owner."""

    def text(self, language: Language | str) -> str:
        """The criterion in `language`."""
        return self.zh if Language(language) is Language.ZH else self.en

    def gate_item(self, language: Language | str) -> GateItem:
        """A phase's gate item made from this entry."""
        return GateItem(text=self.text(language), key=self.id, live=self.live,
                        threshold=self.threshold, tables=list(self.tables), role=self.role)


class GateChecklists(BaseModel):
    """Exit criteria per phase kind; pilot, expand and integrate must each have some."""

    model_config = ConfigDict(extra="forbid")

    pilot: list[ChecklistItem] = Field(min_length=1)
    """Exit criteria of a pilot phase."""
    expand: list[ChecklistItem] = Field(min_length=1)
    """Exit criteria of an expansion phase."""
    integrate: list[ChecklistItem] = Field(min_length=1)
    """Exit criteria of an integration phase."""
    other: list[ChecklistItem] = Field(default_factory=list)
    """Exit criteria of any other phase."""

    def for_kind(self, kind: PhaseKind | str) -> list[ChecklistItem]:
        """The criteria of a phase kind, in file order."""
        items: list[ChecklistItem] = getattr(self, PhaseKind(kind).value)
        return items


def default_gates_path() -> Path:
    """Where the shipped (or locally edited) gate checklist lives."""
    return checklists_dir() / GATES_FILE


def load_gate_checklists(path: Path | None = None) -> GateChecklists:
    """Read and validate the gate checklist file; raise ChecklistError on any mistake."""
    path = path or default_gates_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(path, [(None, "file not found")]) from None
    except UnicodeDecodeError:
        raise ChecklistError(path, [(None, "not UTF-8 text")]) from None
    except OSError as exc:
        raise ChecklistError(path, [(None, f"cannot read it: {exc.strerror}")]) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(path, [_toml_problem(str(exc))]) from None
    lines = raw.splitlines()
    try:
        gates = GateChecklists.model_validate(data)
    except ValidationError as exc:
        problems = [_validation_problem(error, data, lines) for error in exc.errors()]
        raise ChecklistError(path, problems) from None
    problems = _duplicate_ids(gates, lines) + _meaning_problems(gates, lines)
    if problems:
        raise ChecklistError(path, problems)
    return gates


def load_gate_checklist(
    kind: PhaseKind | str, language: Language | str = Language.EN, *, path: Path | None = None
) -> list[str]:
    """The exit criteria of a phase kind as texts in `language`, in file order."""
    return [item.text(language) for item in load_gate_checklists(path).for_kind(kind)]


# --------------------------------------------------------------------- error messages
def _toml_problem(message: str) -> tuple[int | None, str]:
    # Python 3.11's TOMLDecodeError has no lineno attribute; the position is in the text.
    match = _TOML_POSITION.search(message)
    if not match:
        return None, f"not valid TOML: {message}"
    text = message[: match.start()]
    return int(match.group(1)), f"column {match.group(2)}: not valid TOML: {text}"


def _validation_problem(
    error: Any, data: dict[str, Any], lines: list[str]
) -> tuple[int | None, str]:
    loc = tuple(error["loc"])
    kind = str(loc[0]) if loc else ""
    expected_kinds = ", ".join(k.value for k in PhaseKind)
    if len(loc) == 1 and error["type"] == "extra_forbidden":
        return _locate(lines, loc), f"unknown phase kind '{kind}' (expected {expected_kinds})"
    if len(loc) == 1 and error["type"] == "missing":
        return None, f"no [[{kind}]] entries; every file needs pilot, expand and integrate"
    if len(loc) == 1 and error["type"] == "too_short":
        return _locate(lines, loc), f"[[{kind}]] needs at least one entry"
    if len(loc) == 1:
        return _locate(lines, loc), f"'{kind}' must be a list of [[{kind}]] tables"
    if len(loc) == 2:
        return _locate(lines, loc), f"{_entry(loc, data)}: must be a table with id, en and zh"
    field = str(loc[2])
    if error["type"] == "extra_forbidden":
        what = f"unknown field '{field}' (expected id, en, zh, live, threshold, tables, role)"
    elif error["type"] == "missing":
        what = f"field '{field}' is missing"
    elif error["type"] == "string_too_short":
        what = f"field '{field}' is blank"
    elif error["type"] == "string_pattern_mismatch":
        what = f"field 'id' {error['input']!r} must be lower case letters, digits and dashes"
    else:
        what = f"field '{field}': {error['msg']}"
    return _locate(lines, loc), f"{_entry(loc, data)}: {what}"


def _entry(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    kind, index = loc[0], loc[1]
    label = f"[[{kind}]] entry {index + 1}"
    try:
        entry_id = data[kind][index].get("id")
    except (KeyError, IndexError, AttributeError, TypeError):
        entry_id = None
    return f"{label} (id '{entry_id}')" if isinstance(entry_id, str) and entry_id else label


def _locate(lines: list[str], loc: tuple[Any, ...]) -> int | None:
    """Best-effort line number of `loc` (kind, index, field) in array-of-tables syntax."""
    if not loc:
        return None
    kind = str(loc[0])
    headers = [n for n, line in enumerate(lines, 1) if _header(line) == kind]
    if len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(headers):
        start = headers[loc[1]]
        if len(loc) >= 3:
            for n in range(start + 1, len(lines) + 1):
                line = lines[n - 1]
                if _ANY_HEADER.match(line):
                    break
                key = _KEY.match(line)
                if key and key.group(1) == str(loc[2]):
                    return n
        return start
    if headers:
        return headers[0]
    for n, line in enumerate(lines, 1):
        key = _KEY.match(line)
        if key and key.group(1) == kind:
            return n
    return None


def _header(line: str) -> str | None:
    match = _ARRAY_HEADER.match(line)
    return match.group(1) if match else None


def _duplicate_ids(gates: GateChecklists, lines: list[str]) -> list[tuple[int | None, str]]:
    problems: list[tuple[int | None, str]] = []
    for kind in PhaseKind:
        seen: set[str] = set()
        for index, item in enumerate(gates.for_kind(kind)):
            if item.id in seen:
                loc = (kind.value, index, "id")
                problems.append(
                    (_locate(lines, loc), f"[[{kind.value}]] entry {index + 1}: "
                     f"duplicate id '{item.id}'")
                )
            seen.add(item.id)
    return problems


def _meaning_problems(gates: GateChecklists, lines: list[str]) -> list[tuple[int | None, str]]:
    """Fields that are well-typed but mean nothing: an unknown criterion or role, a
    threshold without a live criterion, tables on a criterion that reads none."""
    problems: list[tuple[int | None, str]] = []
    for kind in PhaseKind:
        for index, item in enumerate(gates.for_kind(kind)):
            entry = f"[[{kind.value}]] entry {index + 1} (id '{item.id}')"

            def add(field: str, what: str, index: int = index, entry: str = entry,
                    kind: PhaseKind = kind) -> None:
                problems.append((_locate(lines, (kind.value, index, field)), f"{entry}: {what}"))

            if item.live and item.live not in LIVE_CRITERIA:
                add("live", f"unknown live criterion '{item.live}' (expected "
                            f"{', '.join(LIVE_CRITERIA)})")
            if item.role not in SIGNER_ROLES:
                add("role", f"unknown role '{item.role}' (expected {', '.join(SIGNER_ROLES)})")
            if item.threshold is not None and not item.live:
                add("threshold", "a threshold needs a live criterion ('live = ...')")
            if item.threshold is not None and item.threshold < 0:
                add("threshold", "the threshold cannot be negative")
            if item.live in ("certification", "sops") and (item.threshold or 0) > 1:
                add("threshold", f"'{item.live}' takes a share between 0 and 1")
            if item.tables and item.live != "data_quality":
                add("tables", "tables are read only by 'live = \"data_quality\"'")
    return problems
