"""The Phases area's forms: phase, evaluation, evidence, sign-off, waiver, gate signature,
report. Each is the shared FormDialog whose submit calls the same service the CLI calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from crmgov.i18n import _
from crmgov.tui.dialogs.form import FormDialog, FormField


def parse_day(value: str, field: str, *, required: bool = False) -> date | None:
    """A YYYY-MM-DD field; a refusal names the field."""
    from crmgov.domain.phases.errors import PhaseRuleError

    text = (value or "").strip()
    if not text:
        if required:
            raise PhaseRuleError(_("a date is needed (YYYY-MM-DD)"), field)
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PhaseRuleError(_("'{value}' is not a date (YYYY-MM-DD)", value=text),
                             field) from None


def names(value: str) -> list[str]:
    """A comma (or 、) separated list."""
    return [p.strip() for p in (value or "").replace("、", ",").split(",") if p.strip()]


def _join(values: list[str]) -> str:
    return ", ".join(values)


def phase_form(store: Any, phase: Any | None) -> FormDialog:
    """Add a phase (phase None) or edit one."""
    from crmgov.domain.enums import PhaseKind
    from crmgov.domain.labels import label
    from crmgov.services.phases.manage import add_phase, edit_phase

    p = phase
    fields = [
        FormField("name", _("Name"), value=p.name if p else "", required=True),
        FormField("goal", _("Goal"), value=p.goal if p else "", required=True),
    ]
    if p is None:
        fields.append(FormField("kind", _("Kind"), "select", PhaseKind.PILOT.value,
                                options=[(label(k), k.value) for k in PhaseKind]))
    fields += [
        FormField("departments", _("Departments (comma separated)"),
                  value=_join(p.scope.departments) if p else ""),
        FormField("regions", _("Regions (comma separated)"),
                  value=_join(p.scope.regions) if p else ""),
        FormField("functions", _("CRM functions (comma separated)"),
                  value=_join(p.scope.functions) if p else ""),
        FormField("planned_start", _("Planned start (YYYY-MM-DD)"),
                  value=p.planned_start.isoformat() if p and p.planned_start else ""),
        FormField("planned_end", _("Planned end (YYYY-MM-DD)"),
                  value=p.planned_end.isoformat() if p and p.planned_end else ""),
    ]

    def submit(v: dict[str, Any]) -> Any:
        common = dict(
            name=v["name"], goal=v["goal"], departments=names(v["departments"]),
            regions=names(v["regions"]), functions=names(v["functions"]),
            planned_start=parse_day(v["planned_start"], "planned_start"),
            planned_end=parse_day(v["planned_end"], "planned_end"),
        )
        if p is None:
            return add_phase(store, kind=v["kind"], **common)
        return edit_phase(store, p.id, **common)

    title = _("Edit phase {name}", name=p.name) if p else _("Add a phase")
    return FormDialog(title, fields, submit)


def evaluation_form(store: Any, phase: Any, today: date) -> FormDialog:
    """The phase evaluation (试点评估) with the sponsor's decision."""
    from crmgov.services.phases.gate import record_evaluation, role_holder
    from crmgov.services.phases.present import DECISION_LABELS

    e = phase.evaluation
    fields = [
        FormField("results", _("Results against the goal"), value=e.results if e else "",
                  required=True),
        FormField("adjustments", _("What was adjusted"), value=e.adjustments if e else ""),
        FormField("decision", _("Decision"), "select", e.decision if e else "proceed",
                  options=[(_(text), key) for key, text in DECISION_LABELS.items()]),
        FormField("by", _("Signed by (the sponsor)"),
                  value=e.signed_by if e else role_holder(store, "sponsor"), required=True),
    ]
    return FormDialog(_("Evaluate {name}", name=phase.name), fields, lambda v: record_evaluation(
        store, phase.id, results=v["results"], adjustments=v["adjustments"],
        decision=v["decision"], by=v["by"], today=today))


def evidence_form(store: Any, phase: Any, index: int) -> FormDialog:
    """Record a note, a link and/or a file for an evidence item."""
    from crmgov.services.phases.gate import record_evidence

    item = phase.gate[index]
    fields = [
        FormField("note", _("Note: what proves it"), value=item.evidence),
        FormField("link", _("Link"), value=item.link),
        FormField("file", _("File (its size and SHA-256 are recorded)"),
                  value=item.file.path if item.file else ""),
    ]
    return FormDialog(_("Evidence: {text}", text=item.text), fields, lambda v: record_evidence(
        store, phase.id, index + 1, note=v["note"], link=v["link"], file=v["file"]))


def signoff_form(store: Any, phase: Any, index: int, now: Callable[[], Any]) -> FormDialog:
    """Sign off an evidence item, by the role it names."""
    from crmgov.domain.phases.rules import role_label
    from crmgov.services.phases.gate import role_holder, sign_off_item

    item = phase.gate[index]
    fields = [FormField("by", _("Signed off by ({role})", role=role_label(item.role)),
                        value=role_holder(store, item.role), required=True)]
    return FormDialog(_("Sign off: {text}", text=item.text), fields, lambda v: sign_off_item(
        store, phase.id, index + 1, by=v["by"], now=now()))


def waiver_form(store: Any, phase: Any, index: int, now: Callable[[], Any]) -> FormDialog:
    """Waive a failing item: reason, who, until when."""
    from crmgov.services.phases.gate import role_holder, waive_item

    item = phase.gate[index]
    w = item.waiver
    until = (w.until if w else now().date() + timedelta(days=30)).isoformat()
    fields = [
        FormField("reason", _("Reason"), value=w.reason if w else "", required=True),
        FormField("by", _("Granted by"), value=w.by if w else role_holder(store, "sponsor"),
                  required=True),
        FormField("until", _("Until (YYYY-MM-DD)"), value=until, required=True),
    ]

    def submit(v: dict[str, Any]) -> Any:
        day = parse_day(v["until"], "until", required=True)
        assert day is not None
        return waive_item(store, phase.id, index + 1, reason=v["reason"], by=v["by"],
                          until=day, now=now())

    return FormDialog(_("Waive: {text}", text=item.text), fields, submit)


def sign_gate_form(store: Any, phase: Any, now: Callable[[], Any]) -> FormDialog:
    """The sponsor signs the gate; the figures are frozen."""
    from crmgov.services.phases.gate import role_holder, sign_gate

    fields = [FormField("by", _("Signed by (the sponsor)"), value=role_holder(store, "sponsor"),
                        required=True)]
    return FormDialog(_("Sign the gate of {name}", name=phase.name), fields,
                      lambda v: sign_gate(store, phase.id, by=v["by"], now=now()))


def report_form(store: Any, phase: Any, now: Callable[[], Any]) -> FormDialog:
    """Write the go/no-go pack to a file."""
    from pathlib import Path

    from crmgov.services.phases.manage import number_of
    from crmgov.services.reports import render_report

    number = number_of(store, phase)
    fields = [
        FormField("format", _("Format"), "select", "html",
                  options=[("Markdown", "md"), ("HTML", "html"), ("DOCX", "docx")]),
        FormField("out", _("File (the extension follows the format)"),
                  value=str(store.path.parent / f"gate-{number}"), required=True),
    ]

    def submit(v: dict[str, Any]) -> Any:
        out = Path(v["out"]).with_suffix("." + v["format"])
        output = render_report(store, "gate", v["format"], now(), subject=str(number))
        if isinstance(output, bytes):
            out.write_bytes(output)
        else:
            out.write_text(output, encoding="utf-8")
        return out

    return FormDialog(_("Go/no-go report of {name}", name=phase.name), fields, submit)


def integration_form(store: Any, phase: Any) -> FormDialog:
    """List an integration point (a point of the same name is updated)."""
    from crmgov.domain.phases.model import INTEGRATION_STATES
    from crmgov.services.phases.manage import add_integration_point
    from crmgov.tui.phases.text import integration_state

    fields = [
        FormField("name", _("What is exchanged"), required=True),
        FormField("system", _("Other system")),
        FormField("owner", _("Owner")),
        FormField("state", _("State"), "select", "planned",
                  options=[(integration_state(s), s) for s in INTEGRATION_STATES]),
    ]
    return FormDialog(_("Integration point of {name}", name=phase.name), fields,
                      lambda v: add_integration_point(store, phase.id, name=v["name"],
                                                      system=v["system"], owner=v["owner"],
                                                      state=v["state"]))


def people_form(store: Any) -> FormDialog:
    """Name the sponsor, the consultant and the internal owner the gates need."""
    from crmgov.services.phases.manage import set_people

    p = store.project
    fields = [
        FormField("sponsor", _("Executive sponsor"), value=p.executive_sponsor),
        FormField("consultant", _("Implementation consultant"), value=p.consultant),
        FormField("internal_owner", _("Internal owner"), value=p.internal_owner),
    ]
    return FormDialog(_("The people the gates name"), fields, lambda v: set_people(
        store, sponsor=v["sponsor"], consultant=v["consultant"],
        internal_owner=v["internal_owner"]))
