"""Spot checks, a view of the Staff & certification area: the plan, due and overdue
checks, the record form with the SOP's steps, and each check's consequences.

Every action calls the same service as `crmgov spotcheck …`, in the form's worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from crmgov.i18n import N_, _
from crmgov.tui.dialogs.form import FormDialog, FormField
from crmgov.tui.screens.record_actions import after_save
from crmgov.tui.widgets.fit_table import Col, FitTable


@dataclass(frozen=True)
class SpotView:
    """What the view shows, computed in a worker."""

    summary: str
    planned: list[tuple[int, tuple[str, ...]]]
    done: list[tuple[int, tuple[str, ...]]]


class RecordForm(FormDialog):
    """The record form shows the SOP's checklist above the results field."""

    def __init__(self, title: str, fields: list[FormField], submit: Any, lines: str) -> None:
        super().__init__(title, fields, submit)
        self.lines = lines

    def compose_extra(self) -> ComposeResult:
        yield Static(self.lines, id="spot-checklist", classes="field-label")


class SpotChecksScreen(Screen[None]):
    """Planned and done spot checks; P plans, r records, i / R / v act on a finding."""

    CSS = """
    SpotChecksScreen #spot-summary { height: auto; padding: 0 1; text-style: bold; }
    SpotChecksScreen .spot-box { height: 1fr; border: round $primary 50%; }
    SpotChecksScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="spot.back"),
        Binding("P", "plan", N_("Plan checks"), id="spot.plan"),
        Binding("r", "record", N_("Record"), id="spot.record"),
        Binding("i", "issue", N_("Open issue"), id="spot.issue"),
        Binding("R", "revoke", N_("Revoke"), id="spot.revoke"),
        Binding("v", "revise", N_("Revise SOP"), id="spot.revise"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="spot-summary")
        with Vertical(classes="spot-box") as planned:
            planned.border_title = _("Planned checks (not shown to the people checked)")
            yield FitTable(id="spot-planned", cursor_type="row", zebra_stripes=True)
        with Vertical(classes="spot-box") as done:
            done.border_title = _("Done checks")
            yield FitTable(id="spot-done", cursor_type="row", zebra_stripes=True)
        yield Footer()

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    def _now(self) -> Any:
        app: Any = self.app
        return app.now()

    def on_mount(self) -> None:
        self.sub_title = _("Spot checks")
        self.query_one("#spot-planned", FitTable).set_specs(
            [Col("due", _("Due")), Col("person", _("Person"), shrink=10), Col("sop", _("SOP")),
             Col("auditor", _("Auditor"), shrink=8), Col("weight", _("Weight"))])
        self.query_one("#spot-done", FitTable).set_specs(
            [Col("on", _("Date")), Col("person", _("Person"), shrink=10), Col("sop", _("SOP")),
             Col("rate", _("Deviating")), Col("then", _("Consequences"), shrink=12)])
        self.refresh_view()

    def refresh_view(self) -> None:
        self.run_worker(self._compute, thread=True, exclusive=True, group="spot")

    def _compute(self) -> None:
        view = compute_view(self.store, self._now())
        self.app.call_from_thread(self._show, view)

    def _show(self, view: SpotView) -> None:
        self.query_one("#spot-summary", Static).update(view.summary)
        for table_id, rows in (("#spot-planned", view.planned), ("#spot-done", view.done)):
            self.query_one(table_id, FitTable).fill((str(key), cells) for key, cells in rows)

    def _key(self, table_id: str) -> int | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            self.app.bell()
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def _saved(self, result: Any) -> None:
        if after_save(self.app, result):
            self.refresh_view()

    # ------------------------------------------------------------------ actions
    def action_plan(self) -> None:
        """Draw who is checked next (weighted, seeded) and plan the checks."""
        from crmgov.services.spotchecks.plan import plan_checks

        store, now = self.store, self._now()

        def submit(values: dict[str, Any]) -> str:
            seed = str(values["seed"]).strip()
            drawn = plan_checks(store, now, count=_int(values["count"], "count"),
                                period_days=_int(values["period"], "period"),
                                department=str(values["department"]).strip(),
                                seed=_int(seed, "seed") if seed else None)
            return _("planned {count} check(s); seed {seed}", count=len(drawn),
                     seed=drawn[0].planned.seed)

        fields = [FormField("count", _("How many checks"), value="5", required=True),
                  FormField("period", _("Due within (days)"), value="30", required=True),
                  FormField("department", _("Only this department (optional)")),
                  FormField("seed", _("Seed (optional; recorded)"))]
        self.app.push_screen(FormDialog(_("Plan spot checks"), fields, submit), self._saved)

    def action_record(self) -> None:
        """Record the highlighted planned check against its SOP's steps."""
        from crmgov.services.spotchecks.record import checklist, parse_result, record_check

        plan_id = self._key("#spot-planned")
        if plan_id is None:
            return
        plan = self.store.get("spotcheck_plans", plan_id)
        sop = self.store.get("sops", plan.sop_id)
        store, now = self.store, self._now()
        lines = "\n".join(f"{line.ref}  {line.text}" for line in checklist(sop))

        def submit(values: dict[str, Any]) -> str:
            results = [parse_result(part) for part in str(values["results"]).split(";")
                       if part.strip()]
            check = record_check(store, person=plan.staff_id, sop=sop.code, results=results,
                                 now=now, auditor=plan.auditor, plan_id=plan.id,
                                 findings=str(values["findings"]))
            return _("spot check #{id}: {deviations} of {records} record(s) deviated",
                     id=check.id, deviations=check.deviations, records=check.records_checked)

        fields = [FormField("results", _("Results: RECORD:STEP:ok|dev[:note]; …"),
                            placeholder="opportunity 1023:3:dev:late; lead 88:1:ok",
                            required=True),
                  FormField("findings", _("Findings"))]
        self.app.push_screen(RecordForm(_("Record spot check #{id}", id=plan.id), fields,
                                        submit, lines), self._saved)

    def _step_form(self, title: str, action: Any, extra: list[FormField]) -> None:
        check_id = self._key("#spot-done")
        if check_id is None:
            return
        check = self.store.get("spot_checks", check_id)
        steps = sorted({r.step_id for r in check.results if not r.conforms})
        if not steps:
            self.app.notify(_("this check found no deviating step"), severity="warning")
            return
        fields = [FormField("step", _("Step"), "select", steps[0],
                            [(f"§{s}", s) for s in steps]), *extra]
        self.app.push_screen(FormDialog(title, fields, lambda v: action(check_id, v)),
                             self._saved)

    def action_issue(self) -> None:
        """Open an issue for a deviating step of the highlighted check."""
        from crmgov.services.spotchecks.consequences import open_issue

        store, now = self.store, self._now()

        def act(check_id: int, values: dict[str, Any]) -> str:
            check = open_issue(store, check_id, int(values["step"]), now, values["category"])
            return _("opened issue #{id}", id=check.consequences[-1].ref)

        self._step_form(_("Open an issue for a finding"), act, [
            FormField("category", _("Category"), "select", "process",
                      [(_("process"), "process"), (_("training"), "training")])])

    def action_revise(self) -> None:
        """The step was unclear: start a revision of the SOP."""
        from crmgov.services.spotchecks.consequences import start_revision

        store, now = self.store, self._now()

        def act(check_id: int, values: dict[str, Any]) -> str:
            start_revision(store, check_id, int(values["step"]), now)
            return _("SOP revision started (a new draft)")

        self._step_form(_("Start an SOP revision for an unclear step"), act, [])

    def action_revoke(self) -> None:
        """A serious finding: revoke the person's certificate."""
        from crmgov.services.spotchecks.consequences import revoke

        check_id = self._key("#spot-done")
        if check_id is None:
            return
        store, now = self.store, self._now()

        def submit(values: dict[str, Any]) -> str:
            revoke(store, check_id, str(values["reason"]), now)
            return _("certificate revoked; the person must recertify")

        fields = [FormField("reason", _("Reason"), required=True)]
        self.app.push_screen(FormDialog(_("Revoke the certificate"), fields, submit),
                             self._saved)


def _int(text: Any, name: str) -> int:
    from crmgov.services.spotchecks.plan import SpotCheckError

    try:
        return int(str(text).strip())
    except ValueError:
        error = SpotCheckError(_("{name}: write a whole number", name=name))
        error.problems = [(name, str(error))]  # type: ignore[attr-defined]
        raise error from None


def compute_view(store: Any, now: Any) -> SpotView:
    """The summary line and both tables (runs in a worker)."""
    from crmgov.domain.certification.figures import certification_sets
    from crmgov.services.spotchecks.plan import open_plans
    from crmgov.services.spotchecks.report import CONSEQUENCE_LABELS

    today = now.date()
    people = {s.id: s for s in store.all("staff")}
    sops = {s.id: s.code for s in store.all("sops")}
    plans = open_plans(store)
    overdue = sum(1 for p in plans if p.due < today)
    checks = sorted(store.all("spot_checks"), key=lambda c: (c.checked_on, c.id), reverse=True)
    sets = certification_sets(list(people.values()), store.all("certifications"),
                              store.all("spot_checks"), today)
    checked = {c.staff_id for c in checks}
    never = sum(1 for s in people.values()
                if s.active and s.role == "veteran" and s.id not in checked)
    summary = _("Planned {planned} ({overdue} overdue) · checked in 90 days {recent}, failed "
                "{failed} · veterans never checked {never}", planned=len(plans),
                overdue=overdue, recent=len(sets.spot_checks_recent),
                failed=len(sets.spot_check_failures_recent), never=never)
    planned: list[tuple[int, tuple[str, ...]]] = [
        (p.id, (("! " if p.due < today else "") + p.due.isoformat(),
                people[p.staff_id].name if p.staff_id in people else "—",
                sops.get(p.sop_id, "—"), p.auditor, f"{p.weight:g}"))
        for p in plans
    ]
    done: list[tuple[int, tuple[str, ...]]] = [
        (c.id, (c.checked_on.isoformat(), people[c.staff_id].name if c.staff_id in people
                else "—", sops.get(c.sop_id, "—") if c.sop_id else "—",
                f"{c.deviations}/{c.records_checked}",
                _join(_(CONSEQUENCE_LABELS[q.kind]) for q in c.consequences)))
        for c in checks
    ]
    return SpotView(summary, planned, done)


def _join(items: Any) -> str:
    """A list in the language in force (Chinese lists use 、)."""
    from crmgov.i18n import language

    return ("、" if language() == "zh" else ", ").join(items)
