"""Read-only views of the Staff area: a person's record, the access list with coverage,
the quiz definitions, and the question bank browser (with "reviewed" for flagged ones)."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from crmgov.domain.certification.topics import topic_name
from crmgov.i18n import N_, _
from crmgov.tui.widgets.fit_table import Col, FitTable


class TextView(ModalScreen[None]):
    """A titled, scrollable text; Esc or q closes."""

    CSS_PATH = "views.tcss"
    BINDINGS = [Binding("escape,q", "close", N_("Close"), id="staff.view.close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.view_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="view-box") as box:
            box.border_title = self.view_title
            box.border_subtitle = _("Esc closes")
            with VerticalScroll():
                yield Static(self.text, id="view-text")

    def action_close(self) -> None:
        self.dismiss(None)


def person_text(store: Any, staff_id: int, today: date) -> str:
    """Everything about one person: certificate state, training, attempts, spot checks."""
    from crmgov.domain.labels import label
    from crmgov.services.certification.roster import person_rows
    from crmgov.services.certification.training import sessions_of

    row = next(r for r in person_rows(store, today) if r.staff_id == staff_id)
    p = store.get("staff", staff_id)
    lines = [f"{p.name} · {_role(p.role)} · {p.department or '-'} · {p.region or '-'}",
             _("State: {state}", state=label(row.state))
             + (f" · {row.certificate} → {row.valid_until}" if row.certificate else ""),
             ]
    if row.reason:
        lines.append("  " + row.reason)
    if not p.active:
        lines.append(_("Left on {day}", day=p.left_on or "?"))
    lines += ["", _("Training")]
    for s in sessions_of(store, staff_id):
        lines.append(f"  {s.held_on} · {topic_name(s.topic)} · {s.title or '-'} · {s.trainer}")
    lines += ["", _("Quiz attempts")]
    for a in sorted((a for a in store.all("quiz_attempts") if a.staff_id == staff_id),
                    key=lambda a: a.taken_at):
        if a.submitted:
            result = (_("passed") if a.passed else _("failed")) + (
                f" · {a.system_score:.0f}/{a.process_score:.0f}")
        else:
            result = _("in progress, {n}/{total} answered", n=sum(1 for i in a.items
                                                                 if i.answer),
                       total=len(a.items))
        extra = _(" · resumed {n}×", n=a.resumed) if a.resumed else ""
        extra += _(" · time ran out") if a.timed_out else ""
        lines.append(f"  #{a.id} {a.taken_at:%Y-%m-%d %H:%M} · {a.bank} · {result}{extra}")
    lines += ["", _("Certificates")]
    for c in sorted((c for c in store.all("certifications") if c.staff_id == staff_id),
                    key=lambda c: c.issued_on):
        state = _("revoked") if c.revoked else (_("valid") if c.valid_on(today)
                                                 else _("expired"))
        lines.append(f"  {c.number or c.id} · {c.issued_on} → {c.expires_on} · {state}")
    lines += ["", _("Spot checks")]
    for s in sorted((s for s in store.all("spot_checks") if s.staff_id == staff_id),
                    key=lambda s: s.checked_on):
        result = "✓" if s.passed else _("✗ {n} deviation(s)", n=s.deviations)
        lines.append(f"  {s.checked_on} · {s.auditor} · {result}")
    return "\n".join(_none_under_empty_headings(lines))


def _none_under_empty_headings(lines: list[str]) -> list[str]:
    """A heading with nothing under it says "none" rather than standing empty."""
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        heading = index > 0 and not lines[index - 1] and line and not line.startswith(" ")
        last = index + 1 == len(lines) or not lines[index + 1].startswith(" ")
        if heading and last:
            out.append("  " + _("none"))
    return out


def _role(value: Any) -> str:
    from crmgov.domain.enums import Role
    from crmgov.domain.labels import label

    return label(Role(value))


def access_text(store: Any, today: date) -> str:
    """The access list and its coverage by department, region and role."""
    from crmgov.domain.labels import label
    from crmgov.services.certification.roster import access_list
    from crmgov.textwidth import fit

    result = access_list(store, today)
    lines = [_("{allowed} of {total} may work in the CRM today", allowed=result.allowed,
               total=len(result.rows)), ""]
    groups = {"department": _("Department"), "region": _("Region"), "role": _("Role")}
    for c in result.coverage:
        value = _role(c.value) if c.group == "role" else c.value
        lines.append(f"  {fit(groups[c.group], 10)} {fit(value, 22)} "
                     f"{c.certified:>3}/{c.required:<3} {c.share * 100:>4.0f}%")
    lines.append("")
    for r in result.rows:
        mark = "✓" if r.may_work else "✗"
        lines.append(f"  {mark} {fit(r.name, 16)} {fit(label(r.state), 14)} "
                     f"{r.certificate or '-'}")
    return "\n".join(lines)


def quizzes_text(store: Any) -> str:
    """Every quiz definition."""
    from crmgov.i18n import language
    from crmgov.services.certification.bank import list_quizzes

    lines = []
    for q in list_quizzes(store):
        roles = _(", ").join(_role(r) for r in q.roles) or _("any role")
        lines += [f"{q.code} · {q.title.text(language())}",
                  "  " + _("{roles}; {departments}", roles=roles,
                           departments=_(", ").join(q.departments) or _("any department")),
                  "  " + _("{s} system + {p} process questions, {minutes} min, pass "
                           "{sm}% / {pm}%, {tries} attempts then {cool} h cool-down, valid "
                           "{months} months", s=q.system_questions, p=q.process_questions,
                           minutes=q.time_limit_minutes, sm=f"{q.pass_mark:.0f}",
                           pm=f"{q.process_pass_mark:.0f}", tries=q.attempt_limit,
                           cool=q.cooldown_hours, months=q.validity_months),
                  "  " + _("training first: {topics}",
                           topics=_(", ").join(topic_name(t) for t in q.training_topics)
                           or "-"), ""]
    return "\n".join(lines) or _("No quiz defined: run `crmgov questions import`.")


class BankBrowser(ModalScreen[None]):
    """The question bank: code, section, topic, SOP step, versions, needs review."""

    CSS_PATH = "views.tcss"
    BINDINGS = [
        Binding("escape,q", "close", N_("Close"), id="staff.bank.close"),
        Binding("enter", "show", N_("Show question"), id="staff.bank.show"),
        Binding("v", "reviewed", N_("Mark reviewed"), id="staff.bank.reviewed"),
        Binding("e", "revise", N_("Revise question"), id="staff.bank.revise"),
        Binding("I", "import_bank", N_("Import questions"), id="staff.bank.import"),
        Binding("X", "export_bank", N_("Export questions"), id="staff.bank.export"),
    ]

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical(id="view-box") as box:
            box.border_title = _("Question bank")
            box.border_subtitle = _("Enter shows · e revise · v reviewed · I import · X export")
            yield FitTable(id="bank-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(FitTable).set_specs([
            Col("code", _("Code"), shrink=10), Col("section", _("Section"), shrink=8),
            Col("topic", _("Topic"), shrink=8), Col("sop", _("SOP"), drop=2),
            Col("version", _("Ver."), drop=1), Col("review", _("Review state"), shrink=8)])
        self.fill()

    def fill(self) -> None:
        self.query_one(FitTable).fill(
            (q.code, (q.code, _("System") if q.section.value == "system"
                      else _("Business process"), topic_name(q.topic), q.sop_ref or "-",
                      str(q.current.version), _("needs review") if q.needs_review else ""))
            for q in sorted(self.store.all("questions"), key=lambda q: q.code))

    def _code(self) -> str | None:
        table = self.query_one(FitTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_show(self) -> None:
        from crmgov.i18n import language
        from crmgov.services.certification.lookup import find_question

        code = self._code()
        if code is None:
            return
        q = find_question(self.store, code)
        v, lang = q.current, language()
        lines = [v.prompt.text(lang), ""]
        lines += [f"{'✓' if k in v.answer else ' '} {k + 1}. {o.text(lang)}"
                  for k, o in enumerate(v.options)]
        if v.explanation:
            lines += ["", v.explanation.text(lang)]
        if q.needs_review:
            lines += ["", _("Needs review: {reason}", reason=q.review_reason)]
        self.app.push_screen(TextView(f"{q.code} · {q.sop_ref or '-'}", "\n".join(lines)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show()

    def action_reviewed(self) -> None:
        code = self._code()
        if code is not None:
            self._mark(code)

    @work(thread=True, exclusive=True, group="bank-review")
    def _mark(self, code: str) -> None:
        from crmgov.services.certification.bank import mark_reviewed

        mark_reviewed(self.store, code)
        self.app.call_from_thread(self.fill)
        self.app.call_from_thread(self.app.notify, _("{code} reviewed: drawn again", code=code))

    def action_revise(self) -> None:
        from crmgov.services.certification.lookup import find_question
        from crmgov.tui.certification.dialogs import question_form

        code = self._code()
        if code is not None:
            app: Any = self.app
            self.app.push_screen(question_form(self.store, find_question(self.store, code),
                                               app.now().date()), self._done)

    def action_import_bank(self) -> None:
        from crmgov.tui.certification.dialogs import bank_import_form

        app: Any = self.app
        self.app.push_screen(bank_import_form(self.store, app.now().date()), self._done)

    def action_export_bank(self) -> None:
        from crmgov.tui.certification.dialogs import bank_export_form

        self.app.push_screen(bank_export_form(self.store), self._done)

    def _done(self, result: Any) -> None:
        if result:
            self.app.notify(str(result))
            self.fill()

    def action_close(self) -> None:
        self.dismiss(None)
