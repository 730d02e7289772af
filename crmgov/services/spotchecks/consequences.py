"""What a spot check's findings lead to, chosen by the auditor and recorded on the check.

- A deviation opens an issue (process or training), linked to the person, the SOP and the
  check. Its title names the SOP step, so the same step deviating again is recognised by
  the issue log's recurrence rule: the new issue is recurring and cannot close without a
  preventive action.
- A serious finding revokes the person's certificate with the reason: they must
  recertify, and the access list shows it at once.
- A finding on an unclear step starts a revision of the SOP (through the SOP area).
"""

from __future__ import annotations

from datetime import datetime

from crmgov.domain.enums import Category, Urgency
from crmgov.domain.sops.rules import step_ref, steps_of
from crmgov.domain.spotchecks.model import Consequence, ConsequenceKind, SpotCheck
from crmgov.i18n import _
from crmgov.services.issues.log import add_issue
from crmgov.services.spotchecks.plan import SpotCheckError
from crmgov.services.spotchecks.record import TABLE
from crmgov.storage.interface import Store


def get_check(store: Store, check_id: int) -> SpotCheck:
    """A done check by id."""
    try:
        check: SpotCheck = store.get(TABLE, check_id)
    except KeyError:
        raise SpotCheckError(_("no spot check {id}", id=check_id)) from None
    return check


def _with(store: Store, check: SpotCheck, consequence: Consequence) -> SpotCheck:
    updated = check.model_copy(update={"consequences": [*check.consequences, consequence]})
    with store.transaction("spotcheck.consequence") as txn:
        return txn.update(TABLE, updated)


def _step(store: Store, check: SpotCheck, step_id: int) -> tuple[str, str, int]:
    """(code, step text, sop id) of a step the check found deviating."""
    sop = store.get("sops", check.sop_id) if check.sop_id else None
    version = sop.version_of(check.sop_version) if sop and check.sop_version else None
    if sop is None or version is None:
        raise SpotCheckError(_("spot check {id} names no SOP version", id=check.id))
    steps = dict(steps_of(version))
    if step_id not in steps:
        raise SpotCheckError(_("{code} v{version} has no step §{step}", code=sop.code,
                               version=version.version, step=step_id))
    if not any(r.step_id == step_id and not r.conforms for r in check.results):
        raise SpotCheckError(_("spot check {id} found no deviation at §{step}", id=check.id,
                               step=step_id))
    return sop.code, steps[step_id], sop.id


def open_issue(
    store: Store, check_id: int, step_id: int, now: datetime,
    category: Category | str = Category.PROCESS, owner: str = "",
) -> SpotCheck:
    """Open an issue for the deviations at one step of one check."""
    check = get_check(store, check_id)
    code, text, sop_id = _step(store, check, step_id)
    if Category(category) not in (Category.PROCESS, Category.TRAINING):
        raise SpotCheckError(_("a spot-check finding is a process or a training issue"))
    person = store.get("staff", check.staff_id)
    records = sorted({r.record for r in check.results if r.step_id == step_id and not r.conforms})
    notes = "; ".join(r.note for r in check.results
                      if r.step_id == step_id and not r.conforms and r.note)
    issue = add_issue(
        store,
        title=_("Spot check: {ref} not followed", ref=step_ref(code, step_id)),
        description=_("Spot check #{id} of {person} on {day}: {records} deviated from "
                      "{ref} ({text}). {notes}", id=check.id, person=person.name,
                      day=check.checked_on.isoformat(), records=", ".join(records),
                      ref=step_ref(code, step_id), text=text, notes=notes).strip(),
        urgency=Urgency.GENERAL, category=category, owner=owner,
        requester=check.auditor, sop_id=sop_id, now=now,
    )
    return _with(store, check, Consequence(kind=ConsequenceKind.ISSUE, ref=issue.id,
                                           step_id=step_id, at=now))


def revoke(store: Store, check_id: int, reason: str, now: datetime) -> SpotCheck:
    """Revoke the checked person's valid certificates: they must recertify."""
    if not reason.strip():
        raise SpotCheckError(_("say why the certificate is revoked"))
    check = get_check(store, check_id)
    if check.passed:
        raise SpotCheckError(_("spot check {id} found no deviation: nothing to revoke for",
                               id=check.id))
    today = now.date()
    valid = [c for c in store.all("certifications")
             if c.staff_id == check.staff_id and c.valid_on(today)]
    if not valid:
        raise SpotCheckError(_("{person} holds no valid certificate",
                               person=store.get("staff", check.staff_id).name))
    why = _("spot check #{id}: {reason}", id=check.id, reason=reason.strip())
    updated = check.model_copy(update={"consequences": [
        *check.consequences,
        *(Consequence(kind=ConsequenceKind.REVOKE, ref=c.id, note=reason.strip(), at=now)
          for c in valid),
    ]})
    with store.transaction("spotcheck.revoke") as txn:
        for cert in valid:
            txn.update("certifications", cert.model_copy(
                update={"revoked": True, "revoked_reason": why, "revoked_on": today}))
        return txn.update(TABLE, updated)


def start_revision(store: Store, check_id: int, step_id: int, now: datetime) -> SpotCheck:
    """The step was unclear: start a revision of the SOP (a new draft)."""
    from crmgov.services.sops.log import revise

    check = get_check(store, check_id)
    code, _text, sop_id = _step(store, check, step_id)
    revise(store, code, now=now,
           summary=_("Clarify {ref} (spot check #{id})", ref=step_ref(code, step_id),
                     id=check.id))
    return _with(store, get_check(store, check_id),
                 Consequence(kind=ConsequenceKind.SOP_REVISION, ref=sop_id, step_id=step_id,
                             at=now))
