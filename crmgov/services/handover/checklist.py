"""checklists/handover.toml: which closure checks apply, their questions and thresholds.

Edited by the people running the project, so every mistake names the file, the line and
the field (like the gate checklist); nothing is evaluated from a file that fails.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from crmgov.domain.handover.checklist import CHECKS
from crmgov.i18n import _, os_reason
from crmgov.paths import checklists_dir

HANDOVER_FILE = "handover.toml"
_FIELDS = {"check", "en", "zh", "threshold"}


class HandoverChecklistError(ValueError):
    """The checklist file cannot be used; the message names file, line and field."""


@dataclass(frozen=True)
class ChecklistLine:
    """One line of the closure checklist."""

    check: str
    en: str
    zh: str
    threshold: float | None
    line: int

    def question(self, language: str) -> str:
        """The question in `language`."""
        return self.zh if language == "zh" else self.en


def _item_lines(raw: str) -> list[int]:
    """The line of each [[item]] header, in order (tomllib keeps no positions)."""
    return [n for n, text in enumerate(raw.splitlines(), 1) if text.strip() == "[[item]]"]


def load_checklist(path: Path | None = None) -> list[ChecklistLine]:
    """Read and validate the closure checklist; HandoverChecklistError on any mistake."""
    path = path or checklists_dir() / HANDOVER_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else _("not UTF-8 text")
        raise HandoverChecklistError(_("{path}: cannot read it: {reason}", path=path,
                                       reason=reason)) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise HandoverChecklistError(
            _("{path}: not valid TOML: {error}", path=path, error=exc)
        ) from None
    unknown = sorted(set(data) - {"item"})
    if unknown:
        raise HandoverChecklistError(
            _("{path}: unknown table {name!r}; the file holds [[item]] entries only",
              path=path, name=unknown[0])
        )
    items = data.get("item", [])
    if not isinstance(items, list) or not items:
        raise HandoverChecklistError(_("{path}: no [[item]] entries", path=path))
    lines = _item_lines(raw)
    out: list[ChecklistLine] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else 0
        where = f"{path}:{line}"
        extra = sorted(set(item) - _FIELDS)
        if extra:
            raise HandoverChecklistError(_("{where}: unknown field {name!r}", where=where,
                                           name=extra[0]))
        check = item.get("check")
        if check not in CHECKS:
            raise HandoverChecklistError(
                _("{where}: unknown check {name!r}; choose one of {choices}", where=where,
                  name=check, choices=", ".join(CHECKS))
            )
        if check in seen:
            raise HandoverChecklistError(_("{where}: check {name!r} appears twice",
                                           where=where, name=check))
        seen.add(check)
        texts = {}
        for lang in ("en", "zh"):
            value = item.get(lang)
            if not isinstance(value, str) or not value.strip():
                raise HandoverChecklistError(
                    _("{where}: field {name!r} must be non-empty text", where=where, name=lang)
                )
            texts[lang] = value.strip()
        threshold = item.get("threshold")
        if threshold is not None and (
            isinstance(threshold, bool) or not isinstance(threshold, int | float)
            or not 0 <= threshold <= 1
        ):
            raise HandoverChecklistError(
                _("{where}: threshold must be a number from 0 to 1", where=where)
            )
        out.append(ChecklistLine(check, texts["en"], texts["zh"],
                                 None if threshold is None else float(threshold), line))
    return out
