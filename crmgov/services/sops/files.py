"""SOPs as Markdown files with a small front matter, to write in any editor and keep in git.

    ---
    code: SOP-SAL-01
    title: Lead qualification and handover to sales
    area: sales
    ...
    ---
    1. Check the lead against existing accounts.

Front matter is plain `key: value` lines (lists separated by commas), not YAML: YAML would
read `no` as false and a bare number as an int, and this format gives every error an exact
line. Export writes every key in a fixed order, so exporting an unchanged SOP gives the same
bytes, and importing an unchanged file changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crmgov.domain.enums import Role
from crmgov.domain.sops.model import APPROVER_ROLES, SOP, SOPVersion
from crmgov.domain.sops.rules import SOPRuleError, check_editable, open_draft
from crmgov.i18n import _
from crmgov.services.sops import log
from crmgov.services.sops.queries import TABLE
from crmgov.storage.interface import Store

#: Keys in the order export writes them; `version` and `status` are for the reader only.
KEYS = ("code", "title", "area", "owner", "approver", "approver_role", "departments",
        "roles", "review_months", "version", "status", "summary")
READ_ONLY = frozenset({"version", "status"})
_LINE = re.compile(r"^([A-Za-z_]+)\s*:(.*)$")


class SOPFileError(SOPRuleError):
    """A file that cannot be imported: `FILE:LINE: what is wrong`."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}", "file")


def filename(code: str) -> str:
    """The file an SOP is exported to."""
    return re.sub(r"[^\w.-]+", "_", code) + ".md"


def to_markdown(sop: SOP, version: SOPVersion) -> str:
    """One SOP version as a Markdown file."""
    values: dict[str, str] = {
        "code": sop.code, "title": sop.title, "area": sop.area, "owner": sop.owner,
        "approver": sop.approver, "approver_role": sop.approver_role,
        "departments": ", ".join(sop.scope_departments),
        "roles": ", ".join(r.value for r in sop.roles),
        "review_months": str(sop.review_months), "version": str(version.version),
        "status": version.status.value, "summary": version.summary,
    }
    head = "".join(f"{k}: {values[k]}".rstrip() + "\n" for k in KEYS)
    return f"---\n{head}---\n\n{version.body}\n"


@dataclass
class ParsedFile:
    """What one file says: the SOP's details, its body, and where each key was."""

    path: Path
    details: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    lines: dict[str, int] = field(default_factory=dict)


def _split(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[,，、]", value) if v.strip()]


def parse_markdown(path: Path, text: str) -> ParsedFile:
    """Read front matter and body; SOPFileError names the line at fault."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SOPFileError(path, 1, _("the file must start with a '---' front-matter line"))
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise SOPFileError(path, len(lines), _("the front matter has no closing '---' line"))
    out = ParsedFile(path, body_line=end + 2)
    for n in range(1, end):
        line, number = lines[n], n + 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            raise SOPFileError(path, number, _("expected 'key: value'"))
        key, value = m.group(1), m.group(2).strip()
        if key not in KEYS:
            raise SOPFileError(path, number, _("unknown field {name!r}; known: {known}",
                                               name=key, known=", ".join(KEYS)))
        if key in out.lines:
            raise SOPFileError(path, number, _("field {name!r} given twice", name=key))
        out.lines[key] = number
        out.details[key] = _value(path, number, key, value)
    for key in ("code", "title"):
        if not out.details.get(key):
            raise SOPFileError(path, out.lines.get(key, 1),
                               _("field {name!r} is required", name=key))
    out.body = "\n".join(lines[end + 1:]).strip()
    return out


def _value(path: Path, number: int, key: str, value: str) -> Any:
    if key == "departments":
        return _split(value)
    if key == "roles":
        roles = _split(value)
        bad = [r for r in roles if r not in {x.value for x in Role}]
        if bad:
            raise SOPFileError(path, number, _("unknown role {role!r}; choose from {known}",
                                               role=bad[0],
                                               known=", ".join(r.value for r in Role)))
        return roles
    if key == "approver_role" and value and value not in APPROVER_ROLES:
        raise SOPFileError(path, number, _("unknown approver role {role!r}; choose one of "
                                           "{choices}", role=value,
                                           choices=", ".join(APPROVER_ROLES)))
    if key in ("review_months", "version"):
        if not value.isdigit() or not 1 <= int(value) <= 120:
            raise SOPFileError(path, number, _("{name} must be a whole number from 1 to 120",
                                               name=key))
        return int(value)
    return value


def _files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(source.glob("*.md"))
    if not source.exists():
        raise SOPFileError(source, 0, _("no such file or folder"))
    return [source]


@dataclass
class ImportPlan:
    """What an import will do, worked out before anything is written."""

    new: list[ParsedFile] = field(default_factory=list)
    changed: list[tuple[SOP, ParsedFile, bool, bool]] = field(default_factory=list)
    """(sop, file, details changed, body changed)."""
    unchanged: list[str] = field(default_factory=list)


def plan_import(store: Store, source: Path) -> ImportPlan:
    """Read and check every file; SOPFileError at the first problem, nothing written."""
    plan = ImportPlan()
    by_code = {s.code.casefold(): s for s in store.all(TABLE)}
    seen: dict[str, Path] = {}
    for path in _files(source):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SOPFileError(path, 0, str(exc)) from None
        parsed = parse_markdown(path, text)
        code = parsed.details["code"].casefold()
        if code in seen:
            raise SOPFileError(path, parsed.lines["code"],
                               _("{code} is also in {other}", code=parsed.details["code"],
                                 other=seen[code]))
        seen[code] = path
        sop = by_code.get(code)
        if sop is None:
            plan.new.append(parsed)
            continue
        details = _details(parsed)
        wanted = {**_details_of(sop), **details}
        details_changed = wanted != _details_of(sop)
        # Compared with the version the file was exported from, so an exported version
        # in force re-imported beside an open draft leaves the draft alone.
        number = parsed.details.get("version")
        shown = (sop.version_of(number) if number else None) or open_draft(sop) or sop.current
        body_changed = shown is None or parsed.body != shown.body
        if body_changed:
            draft = open_draft(sop)
            if draft is not None:
                try:
                    check_editable(sop, draft)
                except SOPRuleError as exc:
                    raise SOPFileError(path, parsed.body_line, str(exc)) from None
        if details_changed or body_changed:
            plan.changed.append((sop, parsed, details_changed, body_changed))
        else:
            plan.unchanged.append(sop.code)
    return plan


def _details(parsed: ParsedFile) -> dict[str, Any]:
    return {k: v for k, v in parsed.details.items()
            if k not in READ_ONLY and k not in ("code", "summary")}


def _details_of(sop: SOP) -> dict[str, Any]:
    return {"title": sop.title, "area": sop.area, "owner": sop.owner, "approver": sop.approver,
            "approver_role": sop.approver_role, "departments": sop.scope_departments,
            "roles": [r.value for r in sop.roles], "review_months": sop.review_months}


def import_sops(store: Store, source: Path, *, now: datetime) -> ImportPlan:
    """Import one file or every *.md of a folder: new SOPs start as drafts, a changed body
    becomes (or updates) the draft, changed details are saved; unchanged files write nothing."""
    plan = plan_import(store, source)
    for parsed in plan.new:
        d = parsed.details
        log.new_sop(store, code=d["code"], body=parsed.body, summary=d.get("summary", ""),
                    now=now, **_details(parsed))
    for sop, parsed, details_changed, body_changed in plan.changed:
        if details_changed:
            log.set_details(store, sop.code, **_details(parsed))
        if body_changed:
            log.edit_draft(store, sop.code, now=now, body=parsed.body,
                           summary=parsed.details.get("summary") or None)
    return plan


def export_sops(store: Store, folder: Path, *, draft: bool = False) -> list[Path]:
    """One file per SOP: the version in force (or with `draft`, the open draft where there is
    one). SOPs with nothing to export are skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for sop in sorted(store.all(TABLE), key=lambda s: s.code):
        version = (open_draft(sop) if draft else None) or sop.current
        if version is None and draft:
            version = sop.latest
        if version is None:
            continue
        path = folder / filename(sop.code)
        path.write_bytes(to_markdown(sop, version).encode("utf-8"))
        out.append(path)
    return out
