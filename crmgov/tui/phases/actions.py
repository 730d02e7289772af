"""What the Phases area's keys do: open a form, or run a one-step change in a worker, then
tell the app the data changed. Every change is a service call the CLI makes too."""

from __future__ import annotations

from typing import Any

from crmgov.i18n import _
from crmgov.tui.phases import dialogs
from crmgov.tui.screens.record_actions import after_save


def _after(screen: Any, done: str) -> Any:
    def callback(result: Any) -> None:
        after_save(screen.app, result, done)

    return callback


def _now(screen: Any) -> Any:
    return screen.app.now


def _need(screen: Any, value: Any, what: str) -> bool:
    if value is None:
        screen.notify(what, severity="warning")
        return False
    return True


def add_phase(screen: Any) -> None:
    screen.app.push_screen(dialogs.phase_form(screen.store, None),
                           _after(screen, _("Phase added")))


def edit_phase(screen: Any, phase: Any) -> None:
    if _need(screen, phase, _("No phase to edit")):
        screen.app.push_screen(dialogs.phase_form(screen.store, phase),
                               _after(screen, _("Phase saved")))


def change_status(screen: Any, phase: Any, action: str) -> None:
    """Start, hold or close a phase (in a worker: it writes the project file)."""
    if not _need(screen, phase, _("No phase selected")):
        return

    def run() -> None:
        from crmgov.services.phases import manage

        today = screen.app.now().date()
        try:
            if action == "start":
                manage.start_phase(screen.store, phase.id, today)
            elif action == "hold":
                manage.hold_phase(screen.store, phase.id)
            else:
                manage.close_phase(screen.store, phase.id, today)
        except ValueError as exc:
            screen.app.call_from_thread(screen.notify, str(exc), severity="error")
            return
        done = {"start": _("Phase started"), "hold": _("Phase on hold"),
                "close": _("Phase closed")}[action]
        screen.app.call_from_thread(screen.app.data_changed)
        screen.app.call_from_thread(screen.notify, done)

    screen.run_worker(run, thread=True, exclusive=True, group="phase-status")


def evaluate(screen: Any, phase: Any) -> None:
    if _need(screen, phase, _("No phase selected")):
        screen.app.push_screen(dialogs.evaluation_form(screen.store, phase,
                                                       screen.app.now().date()),
                               _after(screen, _("Evaluation saved")))


def _evidence_item(screen: Any, item: Any) -> bool:
    if not _need(screen, item, _("No gate item selected")):
        return False
    if item.item.live:
        screen.notify(_("This item is computed from the project's data: fix it where it is "
                        "fixed (Enter), or waive it (w)"), severity="warning")
        return False
    return True


def evidence(screen: Any, phase: Any, item: Any) -> None:
    if _evidence_item(screen, item):
        screen.app.push_screen(dialogs.evidence_form(screen.store, phase, item.index),
                               _after(screen, _("Evidence recorded")))


def signoff(screen: Any, phase: Any, item: Any) -> None:
    if _evidence_item(screen, item):
        screen.app.push_screen(dialogs.signoff_form(screen.store, phase, item.index,
                                                    _now(screen)),
                               _after(screen, _("Signed off")))


def waive(screen: Any, phase: Any, item: Any) -> None:
    if not _need(screen, item, _("No gate item selected")):
        return
    if item.passed:
        screen.notify(_("This item passes: only a failing item is waived"), severity="warning")
        return
    screen.app.push_screen(dialogs.waiver_form(screen.store, phase, item.index, _now(screen)),
                           _after(screen, _("Waiver recorded")))


def sign_gate(screen: Any, phase: Any) -> None:
    if _need(screen, phase, _("No phase selected")):
        screen.app.push_screen(dialogs.sign_gate_form(screen.store, phase, _now(screen)),
                               _after(screen, _("Gate signed: its figures are frozen")))


def report(screen: Any, phase: Any) -> None:
    if not _need(screen, phase, _("No phase selected")):
        return

    def done(path: Any) -> None:
        if path is not None:
            screen.notify(_("wrote {path}", path=path))

    screen.app.push_screen(dialogs.report_form(screen.store, phase, _now(screen)), done)


def open_fix(screen: Any, item: Any) -> None:
    """Open the area where a failing item is fixed, with its matching quick filter (staff
    not certified, SOPs not read by everyone, overdue issues…). Those areas filter by kind,
    not by a phase's scope: the rows of this scope are the ones listed in the detail pane."""
    area, quick, _command = item.fixed_in
    app = screen.app
    if area == "phases":
        action = "evidence" if not item.item.live else None
        if action and not item.passed:
            evidence(screen, screen._phase(), item)
        return
    if area.startswith("!"):
        getattr(app, f"action_{area[1:]}")()
    elif quick:
        app.show_filtered(area, quick)
    else:
        app.action_switch_area(area)


def integration(screen: Any, phase: Any) -> None:
    if _need(screen, phase, _("No phase selected")):
        screen.app.push_screen(dialogs.integration_form(screen.store, phase),
                               _after(screen, _("Integration point listed")))


def people(screen: Any) -> None:
    screen.app.push_screen(dialogs.people_form(screen.store), _after(screen, _("People saved")))
