"""The plan's forms: item, move, progress, comment, answer/resolve, needs work, sign, report.

Every submit calls the same service as `crmgov plan …` (crmgov.services.plan) in the form's
worker; a PlanRuleError shows under the field it names.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from crmgov.i18n import _
from crmgov.tui.dialogs.form import FormDialog, FormField

#: Stands for "not decided" in the quarter select.
NO_QUARTER = 0


def _options(enum: Any, values: Any = None) -> list[tuple[str, Any]]:
    from crmgov.domain.labels import label

    return [(label(v), v.value) for v in (values or enum)]


def _date(text: str, field: str) -> date | None:
    from crmgov.domain.plan.rules import PlanRuleError

    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlanRuleError(_("not a date (YYYY-MM-DD): {text}", text=text), field) from None


def _ids(text: str) -> list[int]:
    from crmgov.domain.plan.rules import PlanRuleError

    try:
        return [int(p.lstrip("#")) for p in text.replace(",", " ").split()]
    except ValueError:
        raise PlanRuleError(_("issue numbers, separated by spaces"), "issue_ids") from None


def _years() -> list[tuple[str, int]]:
    return [(_("year {year}", year=y), y) for y in (1, 2, 3)]


def _quarters() -> list[tuple[str, int]]:
    return [(_("— none —"), NO_QUARTER)] + [(f"Q{q}", q) for q in (1, 2, 3, 4)]


def item_form(store: Any, item: Any = None) -> FormDialog:
    """Add an item (item=None) or edit one; dismisses with the saved PlanItem."""
    from crmgov.domain.enums import PlanArea
    from crmgov.domain.plan.model import STATUSES
    from crmgov.services.plan import items as svc

    def get(name: str, default: Any = "") -> Any:
        value = getattr(item, name, default) if item is not None else default
        return getattr(value, "value", value)

    fields = [
        FormField("title", _("Objective"), value=get("title"), required=True),
        FormField("year", _("Year"), "select", get("year", 1), _years()),
        FormField("quarter", _("Quarter"), "select", get("quarter") or NO_QUARTER, _quarters()),
        FormField("area", _("Plan area"), "select", get("area", PlanArea.OTHER),
                  _options(PlanArea)),
        FormField("metric", _("Metric"), value=get("metric"),
                  placeholder=_("what is measured, e.g. contact-role fill rate")),
        FormField("baseline", _("Baseline"), value=get("baseline"), placeholder="22%"),
        FormField("goal", _("Goal value"), value=get("goal"), placeholder="90%"),
        FormField("target", _("By when (YYYY-MM-DD)"), value=str(get("target", None) or "")),
        FormField("owner", _("Owner"), value=get("owner")),
        FormField("issue_ids", _("Linked issues"),
                  value=" ".join(str(n) for n in (item.linked_issues if item else [])),
                  placeholder="12 31"),
        FormField("description", _("Details"), value=get("description")),
    ]
    if item is not None:
        fields += [
            FormField("status", _("Status"), "select", get("status"),
                      _options(None, STATUSES)),
            FormField("dropped_reason", _("Reason (if dropped)"), value=get("dropped_reason")),
        ]

    def submit(values: dict[str, Any]) -> Any:
        values["quarter"] = values["quarter"] or None
        values["target"] = _date(values["target"], "target")
        values["issue_ids"] = _ids(values["issue_ids"])
        if item is None:
            return svc.add_item(store, **values)
        return svc.edit_item(store, item.id, **values)

    title = _("New plan item") if item is None else _("Edit plan item #{id}", id=item.id)
    return FormDialog(title, fields, submit)


def move_form(store: Any, item: Any) -> FormDialog:
    """Move an item to another year/quarter or position."""
    from crmgov.services.plan.items import move_item

    fields = [
        FormField("year", _("Year"), "select", item.year, _years()),
        FormField("quarter", _("Quarter"), "select", item.quarter or NO_QUARTER, _quarters()),
        FormField("position", _("Position (1 = first; empty = last)"), value=""),
    ]

    def submit(values: dict[str, Any]) -> Any:
        from crmgov.domain.plan.rules import PlanRuleError

        text = str(values["position"]).strip()
        if text and not text.isdigit():
            raise PlanRuleError(_("a number, 1 or more"), "position")
        return move_item(store, item.id, year=values["year"], quarter=values["quarter"],
                         position=int(text) if text else None)

    return FormDialog(_("Move plan item #{id}", id=item.id), fields, submit)


def progress_form(store: Any, item: Any, today: date) -> FormDialog:
    """A dated progress note, optionally with a new status."""
    from crmgov.domain.plan.model import STATUSES
    from crmgov.services.plan.items import add_progress

    fields = [
        FormField("text", _("What happened"), required=True),
        FormField("on", _("Day (YYYY-MM-DD)"), value=today.isoformat()),
        FormField("status", _("Status"), "select", item.status.value, _options(None, STATUSES)),
        FormField("reason", _("Reason (if dropped)"), value=item.dropped_reason),
    ]

    def submit(values: dict[str, Any]) -> Any:
        return add_progress(store, item.id, values["text"], _date(values["on"], "on") or today,
                            values["status"], values["reason"])

    return FormDialog(_("Progress of #{id}", id=item.id), fields, submit)


def comment_form(store: Any, item: Any, now: datetime) -> FormDialog:
    """Open a review thread on `item`, or on the whole plan (item=None)."""
    from crmgov.services.plan.review import comment

    fields = [
        FormField("text", _("Comment"), required=True),
        FormField("blind_spot", _("Blind spot (if any)"),
                  placeholder=_("e.g. ledger only, prospects ignored")),
    ]

    def submit(values: dict[str, Any]) -> Any:
        number = comment(store, item.id if item else None, values["text"], now,
                         values["blind_spot"])
        return _("thread {n} opened", n=number)

    title = (_("Comment on the plan") if item is None
             else _("Comment on #{id}", id=item.id))
    return FormDialog(title, fields, submit)


def thread_options(store: Any, item: Any, *, open_only: bool) -> list[tuple[str, str]]:
    """(shown text, "target:number") of the threads on `item` and on the whole plan."""
    from crmgov.domain.plan.model import ThreadState
    from crmgov.services.plan.review import threads_of

    out = []
    for target in ([item.id] if item is not None else []) + [None]:
        for n, t in enumerate(threads_of(store, target), 1):
            if open_only and t.state is ThreadState.RESOLVED:
                continue
            where = f"#{target}" if target else _("plan")
            out.append((f"{where} [{n}] {t.text[:50]}", f"{target or 0}:{n}"))
    return out


def _thread_ref(value: str) -> tuple[int | None, int]:
    target, _sep, number = value.partition(":")
    return (int(target) or None), int(number)


def answer_form(store: Any, item: Any, now: datetime, options: list[Any]) -> FormDialog:
    """Answer in one of the open threads."""
    from crmgov.services.plan.review import answer

    fields = [FormField("thread", _("Thread"), "select", options[0][1], options),
              FormField("text", _("Answer"), required=True)]

    def submit(values: dict[str, Any]) -> Any:
        target, number = _thread_ref(values["thread"])
        answer(store, target, number, values["text"], now)
        return _("thread {n} answered", n=number)

    return FormDialog(_("Answer a review thread"), fields, submit)


def resolve_form(store: Any, now: datetime, options: list[Any]) -> FormDialog:
    """Resolve one of the open threads."""
    from crmgov.services.plan.review import resolve

    fields = [FormField("thread", _("Thread"), "select", options[0][1], options)]

    def submit(values: dict[str, Any]) -> Any:
        target, number = _thread_ref(values["thread"])
        resolve(store, target, number, now)
        return _("thread {n} resolved", n=number)

    return FormDialog(_("Resolve a review thread"), fields, submit)


def needs_work_form(store: Any, item: Any, now: datetime) -> FormDialog:
    """Mark an item as needing work, saying what (opens a thread)."""
    from crmgov.services.plan.review import judge

    fields = [FormField("text", _("What needs work"), required=True)]

    def submit(values: dict[str, Any]) -> Any:
        return judge(store, item.id, "needs_work", now, values["text"])

    return FormDialog(_("#{id} needs work", id=item.id), fields, submit)


def sign_form(store: Any, now: datetime) -> FormDialog:
    """Sign the plan as consultant or internal owner."""
    from crmgov.services.plan.review import sign

    project = store.project
    role = "owner" if project.internal_owner == store.actor else "consultant"
    fields = [FormField("role", _("Sign as"), "select", role,
                        [(_("consultant"), "consultant"), (_("internal owner"), "owner")])]

    def submit(values: dict[str, Any]) -> Any:
        version = sign(store, values["role"], now)
        if version is None:
            return _("signed; waiting for the other signature")
        return _("plan signed by both and frozen as version {n}", n=version.number)

    return FormDialog(_("Sign the plan (as {actor})", actor=store.actor), fields, submit)


def report_form(store: Any, now: datetime) -> FormDialog:
    """Write the plan report (Markdown, HTML or DOCX) beside the project file."""
    from crmgov.i18n import language
    from crmgov.services.reports import render_report

    base = Path(store.path).parent

    def submit(values: dict[str, Any]) -> Any:
        from crmgov.domain.plan.rules import PlanRuleError

        text = str(values["path"]).strip()
        if not text:
            raise PlanRuleError(_("give a file name"), "path")
        path = Path(text).expanduser()
        path = path if path.is_absolute() else base / path
        # The name follows the format chosen (the field starts as plan-report.html).
        path = path.with_suffix("." + values["format"])
        output = render_report(store, "plan", values["format"], now, language())
        if isinstance(output, bytes):
            path.write_bytes(output)
        else:
            path.write_text(output, encoding="utf-8")
        return _("report written to {path}", path=path)

    fields = [
        FormField("format", _("Format"), "select", "html",
                  [("Markdown", "md"), ("HTML", "html"), ("DOCX", "docx")]),
        FormField("path", _("File"), value="plan-report.html", required=True),
    ]
    return FormDialog(_("Write the plan report"), fields, submit)
