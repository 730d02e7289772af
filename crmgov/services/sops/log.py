"""Changing SOPs: new, edit the draft, submit, approve, retire, acknowledge, review, revise.

Each use case is one store transaction (one atomic write, audited with who and when), and
each version also keeps its own transitions (`SOPVersion.history`). Refusals raise
SOPRuleError with a translated message naming the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from crmgov.domain.enums import SOPStatus
from crmgov.domain.sops.model import (
    APPROVER_ROLES,
    SOP,
    Acknowledgement,
    ReviewRecord,
    SOPVersion,
    VersionEvent,
)
from crmgov.domain.sops.rules import (
    SOPRuleError,
    assign_step_ids,
    changed_step_ids,
    check_approver,
    check_editable,
    check_transition,
    next_step_id,
    open_draft,
    parse_steps,
    steps_of,
)
from crmgov.i18n import _
from crmgov.services.sops.queries import TABLE, find_sop, role_holders
from crmgov.storage.interface import Store

#: SOP fields `new_sop` and `set_details` accept.
DETAIL_FIELDS = ("title", "area", "departments", "roles", "owner", "approver",
                 "approver_role", "review_months")


def _validated(data: dict[str, Any]) -> SOP:
    try:
        return SOP.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "code"
        raise SOPRuleError(f"{field}: {err['msg']}", field.split(".")[0]) from None


def _check_details(details: dict[str, Any]) -> None:
    role = details.get("approver_role") or ""
    if role and role not in APPROVER_ROLES:
        raise SOPRuleError(
            _("unknown approver role {role!r}; choose one of {choices}", role=role,
              choices=", ".join(APPROVER_ROLES)), "approver_role")


def _event(status: SOPStatus, now: datetime, by: str, note: str = "") -> VersionEvent:
    return VersionEvent(status=status, at=now, by=by, note=note)


def _save(store: Store, action: str, sop: SOP) -> SOP:
    sop = _validated(sop.model_dump())
    with store.transaction(action) as txn:
        return txn.update(TABLE, sop)


def _with_ids(sop: SOP, version: SOPVersion) -> SOPVersion:
    """Give the version's steps ids: matched against the version before it."""
    before = [v for v in sop.versions if v.version < version.version]
    old = steps_of(before[-1]) if before else []
    used = next_step_id(sop.model_copy(update={"versions": before}))
    ids = assign_step_ids(old, parse_steps(version.body), used)
    return version.model_copy(update={"step_ids": ids})


def _replace_version(sop: SOP, version: SOPVersion) -> SOP:
    versions = [version if v.version == version.version else v for v in sop.versions]
    return sop.model_copy(update={"versions": versions})


# ------------------------------------------------------------------ writing
def new_sop(store: Store, *, code: str, title: str, body: str = "",
            summary: str = "", now: datetime, **details: Any) -> SOP:
    """A new SOP with version 1 as a draft written by the acting user."""
    _check_details(details)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise SOPRuleError(_("unknown field {name}", name=sorted(unknown)[0]), "code")
    code = code.strip()
    if any(s.code.casefold() == code.casefold() for s in store.all(TABLE)):
        raise SOPRuleError(_("an SOP {code} already exists", code=code), "code")
    version = SOPVersion(version=1, summary=summary.strip() or _("First issue"), body=body,
                         author=store.actor, written_on=now.date(),
                         history=[_event(SOPStatus.DRAFT, now, store.actor)])
    version = version.model_copy(
        update={"step_ids": list(range(1, len(parse_steps(body)) + 1))})
    sop = _validated({"code": code, "title": title, "versions": [version.model_dump()],
                      **{k: v for k, v in details.items() if v is not None}})
    with store.transaction("sop.new") as txn:
        return txn.insert(TABLE, sop)


def set_details(store: Store, code: str, **details: Any) -> SOP:
    """Change the SOP's title, scope, owner, approver or review interval (not a version)."""
    _check_details(details)
    sop = find_sop(store, code)
    changes = {k: v for k, v in details.items() if k in DETAIL_FIELDS and v is not None}
    return _save(store, "sop.details", _validated({**sop.model_dump(), **changes}))


def _start_draft(sop: SOP, store: Store, now: datetime, summary: str,
                 because_of: Sequence[int] = ()) -> tuple[SOP, SOPVersion]:
    """The open draft, or a new one copied from the newest version."""
    draft = open_draft(sop)
    if draft is not None:
        return sop, draft
    if sop.retired:
        raise SOPRuleError(_("{code} is retired", code=sop.code), "code")
    base = sop.current or sop.latest
    number = (sop.latest.version if sop.latest else 0) + 1
    draft = SOPVersion(version=number, summary=summary or _("Revision"),
                       body=base.body if base else "", author=store.actor,
                       written_on=now.date(), because_of=list(because_of),
                       history=[_event(SOPStatus.DRAFT, now, store.actor)])
    draft = _with_ids(sop, draft)
    return sop.model_copy(update={"versions": [*sop.versions, draft]}), draft


def edit_draft(store: Store, code: str, *, now: datetime, body: str | None = None,
               summary: str | None = None) -> SOP:
    """Change the draft's body or summary; with no draft open, start one from the version
    in force (an approved version never changes). Step ids follow the edit."""
    sop = find_sop(store, code)
    sop, draft = _start_draft(sop, store, now, summary or "")
    check_editable(sop, draft)
    changes: dict[str, Any] = {"written_on": now.date()}
    if body is not None:
        changes["body"] = body
    if summary:
        changes["summary"] = summary
    draft = _with_ids(sop, draft.model_copy(update=changes))
    return _save(store, "sop.edit", _replace_version(sop, draft))


def _move(sop: SOP, version: SOPVersion, target: SOPStatus, now: datetime, by: str,
          note: str = "", **changes: Any) -> SOP:
    check_transition(sop, version, target)
    moved = version.model_copy(update={
        "status": target, "history": [*version.history, _event(target, now, by, note)],
        **changes})
    return _replace_version(sop, moved)


def submit(store: Store, code: str, *, now: datetime) -> SOP:
    """Send the draft for review."""
    sop = find_sop(store, code)
    draft = open_draft(sop)
    if draft is None:
        raise SOPRuleError(_("{code} has no draft to submit", code=sop.code), "version")
    if not parse_steps(draft.body):
        raise SOPRuleError(
            _("{code} v{n} has no numbered steps yet", code=sop.code, n=draft.version), "body")
    sop = _move(sop, draft, SOPStatus.IN_REVIEW, now, store.actor, submitted_on=now.date())
    return _save(store, "sop.submit", sop)


def send_back(store: Store, code: str, *, note: str, now: datetime) -> SOP:
    """Return the version in review to its author as a draft, with the reviewer's note."""
    sop = find_sop(store, code)
    draft = open_draft(sop)
    if draft is None:
        raise SOPRuleError(_("{code} has no version in review", code=sop.code), "version")
    return _save(store, "sop.send_back",
                 _move(sop, draft, SOPStatus.DRAFT, now, store.actor, note))


def approve(store: Store, code: str, *, now: datetime,
            effective_on: date | None = None) -> SOP:
    """Approve the version in review: it comes into force and supersedes the old one,
    whose acknowledgements then no longer count. Records the changed steps."""
    sop = find_sop(store, code)
    draft = open_draft(sop)
    if draft is None or draft.status is not SOPStatus.IN_REVIEW:
        raise SOPRuleError(
            _("{code} has no version in review to approve", code=sop.code), "version")
    check_transition(sop, draft, SOPStatus.APPROVED)
    check_approver(sop, draft, store.actor, role_holders(store, sop.approver_role))
    old = sop.current
    if old is not None:
        sop = _move(sop, old, SOPStatus.SUPERSEDED, now, store.actor)
    sop = _move(sop, draft, SOPStatus.APPROVED, now, store.actor,
                approved_by=store.actor, approved_on=now.date(),
                effective_on=effective_on or now.date(),
                changed_step_ids=changed_step_ids(old, draft))
    saved = _save(store, "sop.approve", sop)
    if old is not None:
        _flag_certification(store, saved)
    return saved


def _flag_certification(store: Store, sop: SOP) -> None:
    """A revision came into force: the certification area flags the questions linked to
    its changed steps and marks certificates resting on them "recertification due"
    (services.certification.bank.mark_for_review), in a write of its own."""
    from crmgov.services.certification.bank import mark_for_review

    current = sop.current
    if current is None or not current.changed_step_ids:
        return
    if not any(q.sop_code.casefold() == sop.code.casefold() for q in store.all("questions")):
        return  # nothing rests on this SOP: no write
    steps = ", ".join(f"§{s}" for s in current.changed_step_ids)
    mark_for_review(store, [(sop.code, s) for s in current.changed_step_ids],
                    _("{code} v{n} approved; changed: {steps}", code=sop.code,
                      n=current.version, steps=steps))


def retire(store: Store, code: str, *, reason: str, now: datetime) -> SOP:
    """Withdraw the SOP as a whole; its versions stay readable, marked retired."""
    sop = find_sop(store, code)
    if sop.retired:
        raise SOPRuleError(_("{code} is retired", code=sop.code), "code")
    if not reason.strip():
        raise SOPRuleError(_("say why the SOP is retired"), "reason")
    versions = [v.model_copy(update={
        "status": SOPStatus.RETIRED,
        "history": [*v.history, _event(SOPStatus.RETIRED, now, store.actor, reason)]})
        if v.status in (SOPStatus.APPROVED, SOPStatus.DRAFT, SOPStatus.IN_REVIEW) else v
        for v in sop.versions]
    sop = sop.model_copy(update={"versions": versions, "retired_on": now.date(),
                                 "retired_reason": reason.strip()})
    return _save(store, "sop.retire", sop)


# ------------------------------------------------------------------ reading it
def acknowledge(store: Store, code: str, *, now: datetime,
                staff_name: str | None = None) -> tuple[SOP, str]:
    """Record that a person (default: the acting user) read the version in force.
    Returns the SOP and the person's name."""
    from crmgov.domain.sops.rules import applies_to

    sop = find_sop(store, code)
    current = sop.current
    if current is None:
        raise SOPRuleError(_("{code} has no version in force to read", code=sop.code),
                           "version")
    name = (staff_name or store.actor).strip()
    person = next((p for p in store.all("staff") if p.name.casefold() == name.casefold()),
                  None)
    if person is None:
        raise SOPRuleError(_("no staff member {name}", name=name), "staff")
    if not applies_to(sop, person):
        raise SOPRuleError(
            _("{code} does not apply to {name}", code=sop.code, name=person.name), "staff")
    if any(a.staff_id == person.id and a.version == current.version
           for a in sop.acknowledgements):
        raise SOPRuleError(
            _("{name} already acknowledged {code} v{n}", name=person.name, code=sop.code,
              n=current.version), "staff")
    ack = Acknowledgement(staff_id=person.id, version=current.version, on=now.date())
    sop = sop.model_copy(update={"acknowledgements": [*sop.acknowledgements, ack]})
    return _save(store, "sop.ack", sop), person.name


def confirm_review(store: Store, code: str, *, now: datetime, note: str = "") -> SOP:
    """The periodic review found the version in force still right: the clock restarts."""
    sop = find_sop(store, code)
    if sop.current is None:
        raise SOPRuleError(_("{code} has no version in force to review", code=sop.code),
                           "version")
    record = ReviewRecord(version=sop.current.version, on=now.date(), by=store.actor,
                          outcome="confirmed", note=note)
    return _save(store, "sop.review",
                 sop.model_copy(update={"reviews": [*sop.reviews, record]}))


def revise(store: Store, code: str, *, now: datetime, because_of: int | None = None,
           summary: str = "") -> SOP:
    """Start a revision (a new draft from the version in force). With `because_of`, the
    closed issue whose preventive action asks for it: the draft names the issue and the
    issue names the SOP (`Issue.sop_id`), in one write."""
    sop = find_sop(store, code)
    issue = None
    if because_of is not None:
        issue = _revising_issue(store, sop, because_of)
        summary = summary or issue.preventive_action
    sop, draft = _start_draft(sop, store, now, summary,
                              [because_of] if because_of is not None else [])
    if because_of is not None and because_of not in draft.because_of:
        sop = _replace_version(sop, draft.model_copy(
            update={"because_of": [*draft.because_of, because_of]}))
    if sop.current is not None and open_draft(sop) is not None:
        record = ReviewRecord(version=sop.current.version, on=now.date(), by=store.actor,
                              outcome="revision", note=summary)
        sop = sop.model_copy(update={"reviews": [*sop.reviews, record]})
    sop = _validated(sop.model_dump())
    with store.transaction("sop.revise") as txn:
        saved = txn.update(TABLE, sop)
        if issue is not None and issue.sop_id != sop.id:
            txn.update("issues", issue.model_copy(update={"sop_id": sop.id}))
    return saved


def _revising_issue(store: Store, sop: SOP, issue_id: int) -> Any:
    try:
        issue = store.get("issues", issue_id)
    except KeyError:
        raise SOPRuleError(_("no issue {id}", id=issue_id), "because_of") from None
    if issue.is_open or not issue.preventive_action:
        raise SOPRuleError(
            _("issue #{id} is not closed with a preventive action", id=issue_id),
            "because_of")
    if issue.sop_id not in (None, sop.id):
        other = next((s.code for s in store.all(TABLE) if s.id == issue.sop_id), "?")
        raise SOPRuleError(
            _("issue #{id} already concerns {other}", id=issue_id, other=other), "because_of")
    return issue
