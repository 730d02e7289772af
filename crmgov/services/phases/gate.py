"""Use cases of a phase's gate: judge it now, record evidence, sign off an item, waive a
failing one, the sponsor's sign-off of the gate, and the phase evaluation (试点评估)."""

from __future__ import annotations

from datetime import date, datetime

from crmgov.domain.enums import PhaseStatus
from crmgov.domain.phases.errors import PhaseRuleError
from crmgov.domain.phases.figures import current_phase
from crmgov.domain.phases.health import HealthCheck, health
from crmgov.domain.phases.model import DECISIONS, GateItem, Phase
from crmgov.domain.phases.rules import GateEvaluation, evaluate_gate, freeze, role_label
from crmgov.i18n import _
from crmgov.services.phases.evidence import file_states, live_inputs, pin_file
from crmgov.services.phases.manage import get_phase, phases, rebuild, save
from crmgov.storage.interface import Store


def pick_phase(store: Store, phase_id: int | None) -> Phase:
    """The phase asked for, or the current one (the first not done)."""
    if phase_id is not None:
        return get_phase(store, phase_id)
    found = current_phase(phases(store))
    if found is None:
        every = phases(store)
        if not every:
            raise PhaseRuleError(_("no rollout phase planned yet (crmgov phase add)"), "id")
        return every[-1]
    return found


def evaluate(store: Store, phase_id: int | None, now: datetime) -> GateEvaluation:
    """The phase's gate judged now on the project's live data and its evidence files."""
    phase = pick_phase(store, phase_id)
    return evaluate_gate(phase, live_inputs(store, now), file_states(store, phase))


def health_panel(store: Store, now: datetime) -> list[HealthCheck]:
    """The 1+5 checks on the project now."""
    return health(live_inputs(store, now))


def item_index(phase: Phase, ref: str | int) -> int:
    """A gate item by its checklist id or its 1-based position."""
    text = str(ref).strip()
    for index, item in enumerate(phase.gate):
        if item.key and item.key == text:
            return index
    if text.isdigit() and 1 <= int(text) <= len(phase.gate):
        return int(text) - 1
    raise PhaseRuleError(_("{phase} has no gate item '{ref}' (use its id or 1-{count})",
                           phase=phase.name, ref=text, count=len(phase.gate)), "item")


def _with_item(phase: Phase, index: int, changes: dict[str, object]) -> Phase:
    gate = [i.model_dump() for i in phase.gate]
    gate[index].update(changes)
    return rebuild(phase, {"gate": gate})


def role_holder(store: Store, role: str) -> str:
    """Who holds a sign-off role in this project ("" when nobody is named)."""
    project = store.project
    if role == "sponsor":
        return project.executive_sponsor
    if role == "consultant":
        return project.consultant
    if role == "internal_owner":
        return project.internal_owner
    managers = [s.name for s in store.all("staff") if s.role == "project_manager" and s.active]
    return managers[0] if managers else ""


def _check_signer(store: Store, role: str, by: str) -> str:
    holder = role_holder(store, role)
    if not holder:
        raise PhaseRuleError(_("no {role} is named in the project", role=role_label(role)), "by")
    if by.strip() != holder:
        raise PhaseRuleError(_("only the {role} ({name}) signs this", role=role_label(role),
                               name=holder), "by")
    return holder


def record_evidence(
    store: Store, phase_id: int, ref: str | int, *, note: str = "", link: str = "",
    file: str = "",
) -> Phase:
    """Record what proves an evidence item: a note, a link and/or a file (pinned by size and
    SHA-256). New evidence needs a new sign-off, so any earlier one is cleared."""
    phase = get_phase(store, phase_id)
    index = item_index(phase, ref)
    if phase.gate[index].live:
        raise PhaseRuleError(_("'{text}' is computed from the project's data; it takes no "
                               "evidence", text=phase.gate[index].text), "item")
    if not (note.strip() or link.strip() or file.strip()):
        raise PhaseRuleError(_("give a note, a link or a file"), "note")
    pinned = None
    if file.strip():
        pinned = pin_file(store, file.strip())
        if pinned is None:
            raise PhaseRuleError(_("cannot read the file {path}", path=file.strip()), "file")
    item = phase.gate[index]
    return save(store, "phase.evidence", _with_item(phase, index, {
        "evidence": note.strip() or item.evidence,
        "link": link.strip() or item.link,
        "file": pinned.model_dump() if pinned else (item.file.model_dump() if item.file
                                                   else None),
        "signed_off_by": "", "signed_off_at": None,
    }))


def sign_off_item(
    store: Store, phase_id: int, ref: str | int, *, by: str, now: datetime
) -> Phase:
    """The item's role accepts its evidence (its file must be unchanged)."""
    phase = get_phase(store, phase_id)
    index = item_index(phase, ref)
    item: GateItem = phase.gate[index]
    if item.live:
        raise PhaseRuleError(_("'{text}' is computed from the project's data; it is never "
                               "ticked", text=item.text), "item")
    if not item.has_evidence:
        raise PhaseRuleError(_("record evidence before signing it off"), "item")
    result = evaluate_gate(phase, live_inputs(store, now), file_states(store, phase))
    if result.items[index].file_changed:
        raise PhaseRuleError(_("the evidence file changed since it was recorded: record it "
                               "again first"), "file")
    signer = _check_signer(store, item.role, by)
    return save(store, "phase.signoff", _with_item(phase, index, {
        "signed_off_by": signer, "signed_off_at": now.replace(microsecond=0)}))


def waive_item(
    store: Store, phase_id: int, ref: str | int, *, reason: str, by: str, until: date,
    now: datetime,
) -> Phase:
    """Let the gate pass without a failing item, for a reason, until a day."""
    phase = get_phase(store, phase_id)
    index = item_index(phase, ref)
    if not reason.strip():
        raise PhaseRuleError(_("a waiver needs a reason"), "reason")
    if not by.strip():
        raise PhaseRuleError(_("a waiver needs the name of who grants it"), "by")
    if until < now.date():
        raise PhaseRuleError(_("the waiver's last day {day} is already past",
                               day=until.isoformat()), "until")
    result = evaluate_gate(phase, live_inputs(store, now), file_states(store, phase))
    if result.items[index].passed:
        raise PhaseRuleError(_("'{text}' passes; only a failing item is waived",
                               text=phase.gate[index].text), "item")
    return save(store, "phase.waive", _with_item(phase, index, {"waiver": {
        "reason": reason.strip(), "by": by.strip(), "until": until,
        "at": now.replace(microsecond=0)}}))


def sign_gate(store: Store, phase_id: int | None, *, by: str, now: datetime) -> Phase:
    """The sponsor signs the gate: every item passes or is waived. The figures are frozen
    into the sign-off, so an auditor later sees what was true when it was signed."""
    result = evaluate(store, phase_id, now)
    phase = result.phase
    if phase.sign_off is not None:
        raise PhaseRuleError(_("the gate of {name} was signed by {by} on {day}",
                               name=phase.name, by=phase.sign_off.by,
                               day=phase.sign_off.at.date().isoformat()), "gate")
    signer = _check_signer(store, "sponsor", by)
    if not result.passes:
        blocking = result.blockers
        raise PhaseRuleError(_("{count} item(s) neither pass nor are waived: {items}",
                               count=len(blocking),
                               items="; ".join(r.item.text for r in blocking)), "gate")
    stamp = now.replace(microsecond=0)
    return save(store, "phase.gate.sign", rebuild(phase, {
        "sign_off": freeze(result, signer, stamp).model_dump()}))


def record_evaluation(
    store: Store, phase_id: int, *, results: str, adjustments: str = "",
    decision: str, by: str, today: date,
) -> Phase:
    """The phase evaluation (试点评估) with the sponsor's decision: proceed (the phase goes
    to evaluating, ready for its gate), extend (back to active) or stop (on hold)."""
    phase = get_phase(store, phase_id)
    if decision not in DECISIONS:
        raise PhaseRuleError(_("decide proceed, extend or stop"), "decision")
    if not results.strip():
        raise PhaseRuleError(_("say what the phase achieved against its goal"), "results")
    signer = _check_signer(store, "sponsor", by)
    status = {"proceed": PhaseStatus.EVALUATING, "extend": PhaseStatus.ACTIVE,
              "stop": PhaseStatus.ON_HOLD}[decision]
    if phase.status is PhaseStatus.DONE:
        status = PhaseStatus.DONE
    return save(store, "phase.evaluate", rebuild(phase, {
        "status": status,
        "actual_start": phase.actual_start or today,
        "evaluation": {"results": results, "adjustments": adjustments, "decision": decision,
                       "signed_by": signer, "signed_on": today}}))
