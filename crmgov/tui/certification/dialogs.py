"""The Staff area's forms: add or edit a person, leaving, a training session, revoking a
certificate, importing and exporting the staff sheet. Each submits to the certification
services in the form's worker (tui/dialogs/form.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from crmgov.i18n import _
from crmgov.tui.dialogs.form import FormDialog, FormField

ROLES = ("new_hire", "veteran", "sales_assistant", "project_manager", "consultant",
         "internal_owner", "auditor")


def _day(text: str, field: str) -> date | None:
    from crmgov.services.certification.errors import CertificationError

    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CertificationError(_("not a date (use YYYY-MM-DD): {text}", text=text),
                                 field) from None


def _roles() -> list[tuple[str, str]]:
    from crmgov.domain.enums import Role
    from crmgov.domain.labels import label

    return [(label(Role(r)), r) for r in ROLES]


def person_form(store: Any, person: Any = None) -> FormDialog:
    """Add a person, or edit `person`."""
    from crmgov.services.certification.staff import add_staff, edit_staff

    def submit(v: dict[str, Any]) -> Any:
        fields = {**v, "hire_date": _day(v["hire_date"], "hire_date")}
        if person is None:
            return add_staff(store, **fields)
        return edit_staff(store, person.id, **fields)

    p = person
    fields = [
        FormField("name", _("Name"), value=p.name if p else "", required=True),
        FormField("role", _("Role"), "select", value=str(p.role) if p else "new_hire",
                  options=_roles()),
        FormField("department", _("Department"), value=p.department if p else ""),
        FormField("region", _("Region"), value=p.region if p else ""),
        FormField("hire_date", _("Hiring date"), placeholder="YYYY-MM-DD",
                  value=p.hire_date.isoformat() if p and p.hire_date else ""),
        FormField("employee_no", _("HR number"), value=p.employee_no if p else ""),
        FormField("email", _("Work e-mail"), value=p.email if p else ""),
    ]
    return FormDialog(_("Edit {name}", name=p.name) if p else _("Add a person"), fields, submit)


def leave_form(store: Any, person: Any, today: date) -> FormDialog:
    """Record that `person` left (the history is kept)."""
    from crmgov.services.certification.staff import leave_staff

    def submit(v: dict[str, Any]) -> Any:
        return leave_staff(store, person.id, _day(v["on"], "on") or today)

    return FormDialog(_("{name} leaves", name=person.name),
                      [FormField("on", _("Left on"), value=today.isoformat(), required=True)],
                      submit)


def training_form(store: Any, today: date, person: Any = None) -> FormDialog:
    """Record a training session; the selected person is the first attendee."""
    from crmgov.services.certification.lookup import find_staff
    from crmgov.services.certification.training import add_session

    def submit(v: dict[str, Any]) -> Any:
        names = [n.strip() for n in v["attendees"].replace("、", ",").split(",") if n.strip()]
        ids = [find_staff(store, n).id for n in names]
        codes = [c.strip() for c in v["sops"].replace("、", ",").split(",") if c.strip()]
        return add_session(store, topic=v["topic"], held_on=_day(v["held_on"], "held_on")
                           or today, trainer=v["trainer"], title=v["title"], sop_codes=codes,
                           attendees=ids)

    return FormDialog(_("Record a training session"), [
        FormField("topic", _("Topic (as quizzes require it, e.g. sales)"), required=True),
        FormField("title", _("What was taught")),
        FormField("held_on", _("Held on"), value=today.isoformat(), required=True),
        FormField("trainer", _("Trainer"), required=True),
        FormField("sops", _("SOPs covered (codes, comma-separated)")),
        FormField("attendees", _("Attendees (names or ids, comma-separated)"),
                  value=person.name if person else ""),
    ], submit)


def revoke_form(store: Any, cert: Any, today: date) -> FormDialog:
    """Withdraw `cert` with a reason."""
    from crmgov.services.certification.certificates import revoke

    def submit(v: dict[str, Any]) -> Any:
        return revoke(store, str(cert.id), v["reason"], today)

    return FormDialog(_("Revoke certificate {number}", number=cert.number or cert.id),
                      [FormField("reason", _("Reason (e.g. a failed spot check)"),
                                 required=True)], submit)


def import_form(store: Any) -> FormDialog:
    """Import an HR sheet."""
    from crmgov.services.certification.staff import import_staff

    def submit(v: dict[str, Any]) -> Any:
        report = import_staff(store, Path(v["path"]).expanduser())
        return _("{added} added, {updated} updated, {left} left", added=len(report.added),
                 updated=len(report.updated), left=len(report.left))

    return FormDialog(_("Import staff (.csv/.xlsx)"),
                      [FormField("path", _("File"), placeholder="hr.xlsx", required=True)],
                      submit)


def export_form(store: Any) -> FormDialog:
    """Export everyone."""
    from crmgov.services.certification.staff import export_staff

    def submit(v: dict[str, Any]) -> Any:
        path = Path(v["path"]).expanduser()
        count = export_staff(store, path)
        return _("{count} people written to {path}", count=count, path=path)

    return FormDialog(_("Export staff"), [FormField("path", _("File"), value="staff.xlsx",
                                                    required=True)], submit)


def bank_import_form(store: Any, today: date) -> FormDialog:
    """Import bank and quiz files (a folder or files, comma-separated)."""
    from crmgov.services.certification.bank import import_bank
    from crmgov.services.certification.bankfiles import shipped_dir

    def submit(v: dict[str, Any]) -> Any:
        paths = [Path(p.strip()).expanduser() for p in v["paths"].split(",") if p.strip()]
        report = import_bank(store, paths or [shipped_dir()], today)
        done = _("{added} added, {revised} revised, {unchanged} unchanged; quizzes: {quizzes}",
                 added=len(report.added), revised=len(report.revised),
                 unchanged=report.unchanged,
                 quizzes=len(report.quizzes_added) + len(report.quizzes_updated))
        return "\n".join([done, *report.missing_sop_lines()])

    return FormDialog(_("Import questions and quizzes (TOML)"), [
        FormField("paths", _("Files or folders (comma-separated)"), value=str(shipped_dir()),
                  required=True)], submit)


def bank_export_form(store: Any) -> FormDialog:
    """Write the bank to a TOML file."""
    from crmgov.services.certification.bank import export_bank

    def submit(v: dict[str, Any]) -> Any:
        path = Path(v["path"]).expanduser()
        return _("{count} question(s) written to {path}", count=export_bank(store, path),
                 path=path)

    return FormDialog(_("Export the question bank"), [
        FormField("path", _("File"), value="questions.toml", required=True)], submit)


def print_form(store: Any, cert: Any, today: date, now: Any) -> FormDialog:
    """Write the printable certificate (md or html)."""
    from crmgov.services.certification.document import certificate_document

    def submit(v: dict[str, Any]) -> Any:
        path = Path(v["path"]).expanduser()
        fmt = "html" if path.suffix.lower() in (".html", ".htm") else "md"
        path.write_text(certificate_document(store, str(cert.id), fmt, today, now),
                        encoding="utf-8")
        return _("certificate written to {path}", path=path)

    return FormDialog(_("Print certificate {number}", number=cert.number or cert.id), [
        FormField("path", _("File (.md or .html)"), value=f"{cert.number or cert.id}.html",
                  required=True)], submit)


def question_form(store: Any, question: Any, today: date) -> FormDialog:
    """Revise a question's wording (a new version)."""
    from crmgov.services.certification.bank import revise_question
    from crmgov.services.certification.errors import CertificationError

    v = question.current

    def submit(values: dict[str, Any]) -> Any:
        en = [o.strip() for o in values["options_en"].split("|")]
        zh = [o.strip() for o in values["options_zh"].split("|")]
        if len(zh) < len(en):
            zh += [""] * (len(en) - len(zh))
        try:
            answer = [int(a) for a in values["answer"].replace("，", ",").split(",") if a.strip()]
        except ValueError:
            raise CertificationError(_("option numbers, e.g. 1, 3"), "answer") from None
        revised = revise_question(store, question.code, en=values["en"], zh=values["zh"],
                                  options=list(zip(en, zh, strict=False)), answer=answer,
                                  today=today)
        return _("{code} is now version {version}", code=revised.code,
                 version=revised.current.version)

    return FormDialog(_("Revise {code} (a new version)", code=question.code), [
        FormField("en", _("Question (English)"), value=v.prompt.en, required=True),
        FormField("zh", _("Question (Chinese)"), value=v.prompt.zh),
        FormField("options_en", _("Options (English, separated by |)"),
                  value=" | ".join(o.en for o in v.options), required=True),
        FormField("options_zh", _("Options (Chinese, separated by |)"),
                  value=" | ".join(o.zh for o in v.options)),
        FormField("answer", _("Right options (numbers from 1)"),
                  value=", ".join(str(a + 1) for a in v.answer), required=True),
    ], submit)
