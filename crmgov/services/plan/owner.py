"""The internal owner's readiness: the checklist, the owner's answers, the consultant's
review, the readiness figure and the gaps, each of which becomes a plan item or an issue.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crmgov.domain.enums import Category, ConsultantView, OwnerAnswer, Urgency
from crmgov.domain.plan.owner import (
    Gap,
    OwnerAssessment,
    ReadinessChecklist,
    ReadinessLine,
    gaps,
    readiness_figure,
)
from crmgov.domain.plan.rules import PlanRuleError
from crmgov.i18n import _, language
from crmgov.paths import checklists_dir
from crmgov.storage.interface import Store

TABLE = "owner_readiness"
CHECKLIST_FILE = "owner-readiness.toml"
_HEADER = re.compile(r"^\s*\[\[\s*area\s*\]\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


class ReadinessChecklistError(PlanRuleError):
    """The checklist file cannot be used: FILE:LINE: what is wrong."""


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def _line_of(lines: list[str], index: int, field: str | None) -> int | None:
    headers = [n for n, text in enumerate(lines, 1) if _HEADER.match(text)]
    if index >= len(headers):
        return None
    start = headers[index]
    if field:
        for n in range(start + 1, len(lines) + 1):
            if lines[n - 1].lstrip().startswith("["):
                break
            key = _KEY.match(lines[n - 1])
            if key and key.group(1) == field:
                return n
    return start


def load_checklist(path: Path | None = None) -> list[ReadinessLine]:
    """Read and validate checklists/owner-readiness.toml; errors name FILE:LINE."""
    path = path or checklists_dir() / CHECKLIST_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadinessChecklistError(f"{path}: {_('cannot read it')}: {exc}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        raise ReadinessChecklistError(
            f"{_where(path, int(match.group(1)) if match else None)}: "
            f"{_('not valid TOML')}: {exc}") from None
    lines = raw.splitlines()
    try:
        checklist = ReadinessChecklist.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = list(error["loc"])
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
        field = str(loc[2]) if len(loc) > 2 else None
        what = f"[[area]] {index + 1}" + (f" {field}" if field else "")
        raise ReadinessChecklistError(
            f"{_where(path, _line_of(lines, index, field))}: {what}: {error['msg']}"
        ) from None
    seen: set[str] = set()
    for index, line in enumerate(checklist.area):
        if line.id in seen:
            raise ReadinessChecklistError(
                f"{_where(path, _line_of(lines, index, 'id'))}: "
                + _("duplicate id {id}", id=line.id))
        seen.add(line.id)
    return checklist.area


@dataclass(frozen=True)
class OwnerReadiness:
    """The checklist with everyone's answers, the figure and the gaps."""

    lines: list[ReadinessLine]
    assessments: dict[str, OwnerAssessment]
    figure: float
    gaps: list[Gap]

    def text(self, line: ReadinessLine) -> str:
        """The line in the language in force."""
        return line.text(language())


def owner_readiness(store: Store, path: Path | None = None) -> OwnerReadiness:
    """Where the owner stands on every checklist line."""
    lines = load_checklist(path)
    assessments = {a.line: a for a in store.all(TABLE)}
    return OwnerReadiness(lines, assessments, readiness_figure(lines, assessments),
                          gaps(lines, assessments))


def _line(store: Store, line_id: str, path: Path | None) -> tuple[ReadinessLine, Any]:
    for line in load_checklist(path):
        if line.id == line_id:
            current = next((a for a in store.all(TABLE) if a.line == line_id), None)
            return line, current
    raise PlanRuleError(_("no readiness line {id}", id=line_id), "line")


def _write(store: Store, action: str, assessment: OwnerAssessment) -> OwnerAssessment:
    with store.transaction(action) as txn:
        if assessment.id:
            return txn.update(TABLE, assessment)
        return txn.insert(TABLE, assessment)


def assess(store: Store, line_id: str, answer: OwnerAnswer | str, unknown: str,
           now: datetime, path: Path | None = None) -> OwnerAssessment:
    """The owner answers one line; a changed answer asks the consultant again."""
    _l, current = _line(store, line_id, path)
    try:
        value = OwnerAnswer(answer)
    except ValueError:
        raise PlanRuleError(_("answer must be yes, partly or no"), "answer") from None
    if value is not OwnerAnswer.YES and not unknown.strip():
        raise PlanRuleError(_("say what you don't know yet"), "unknown")
    base = current or OwnerAssessment(line=line_id)
    changed = base.answer is not value
    update: dict[str, Any] = {"answer": value, "unknown": unknown.strip(),
                              "answered_by": store.actor, "answered_at": now}
    if changed:
        update.update(view=None, comment="", reviewed_by="", reviewed_at=None)
    return _write(store, "owner.assess", base.model_copy(update=update))


def review(store: Store, line_id: str, view: ConsultantView | str, comment: str,
           now: datetime, path: Path | None = None) -> OwnerAssessment:
    """The consultant confirms or disagrees with one answer (disagreeing needs a comment)."""
    _l, current = _line(store, line_id, path)
    if current is None or current.answer is None:
        raise PlanRuleError(_("the owner has not answered {id} yet", id=line_id), "line")
    try:
        value = ConsultantView(view)
    except ValueError:
        raise PlanRuleError(_("view must be confirmed or disagrees"), "view") from None
    if value is ConsultantView.DISAGREES and not comment.strip():
        raise PlanRuleError(_("say why you disagree"), "comment")
    return _write(store, "owner.review", current.model_copy(update={
        "view": value, "comment": comment.strip(), "reviewed_by": store.actor,
        "reviewed_at": now}))


def _gap(store: Store, line_id: str, path: Path | None) -> Gap:
    state = owner_readiness(store, path)
    for gap in state.gaps:
        if gap.line.id == line_id:
            if gap.handled:
                raise PlanRuleError(_("gap {id} is already in the plan or the issue log",
                                      id=line_id), "line")
            return gap
    raise PlanRuleError(_("{id} is not a gap", id=line_id), "line")


def _gap_text(gap: Gap) -> tuple[str, str]:
    title = _("Owner readiness: {area}", area=gap.line.text(language()))
    a = gap.assessment
    parts = [p for p in ((a.unknown if a else ""), (a.comment if a else "")) if p]
    return title, "\n".join(parts) or _("The owner cannot carry this alone yet.")


def gap_to_plan(store: Store, line_id: str, now: datetime, year: int = 1,
                path: Path | None = None) -> Any:
    """Turn a gap into a year-`year` plan item owned by the internal owner."""
    from crmgov.services.plan.items import TABLE as PLAN
    from crmgov.services.plan.items import new_item

    gap = _gap(store, line_id, path)
    title, description = _gap_text(gap)
    item = new_item(store, year=year, area=gap.line.plan_area, title=title,
                    description=description, owner=store.project.internal_owner)
    base = gap.assessment or OwnerAssessment(line=line_id)
    # One transaction: the item and the link to it land together or not at all.
    with store.transaction("owner.gap_to_plan") as txn:
        item = txn.insert(PLAN, item)
        linked = base.model_copy(update={"plan_item_id": item.id})
        if linked.id:
            txn.update(TABLE, linked)
        else:
            txn.insert(TABLE, linked)
    return item


def gap_to_issue(store: Store, line_id: str, now: datetime,
                 path: Path | None = None) -> Any:
    """Turn a gap into a general training issue in the issue log."""
    from crmgov.services.issues.log import add_issue

    gap = _gap(store, line_id, path)
    title, description = _gap_text(gap)
    issue = add_issue(store, title=title, description=description, urgency=Urgency.GENERAL,
                      category=Category.TRAINING, owner=store.project.internal_owner,
                      requester=store.project.consultant, now=now)
    # Two transactions: the issue log's own use case logs the issue (recurrence check
    # and all); should the link fail, the gap simply still shows as open.
    base = gap.assessment or OwnerAssessment(line=line_id)
    _write(store, "owner.gap_to_issue", base.model_copy(update={"issue_id": issue.id}))
    return issue


def owner_reviewed(store: Store, path: Path | None = None) -> bool | None:
    """Whether the owner answered every line and the consultant gave a view on each
    (None until the owner has answered anything; for the handover's closure checklist)."""
    state = owner_readiness(store, path)
    answered = [a for a in state.assessments.values() if a.answer is not None]
    if not answered:
        return None
    return len(answered) == len(state.lines) and all(a.view is not None for a in answered)
