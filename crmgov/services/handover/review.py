"""The consultant's review of the handover pack and the final sign-off, as use cases.

Each change reads the handover record inside the store's transaction (after it rereads a
file another process changed), so two people reviewing at once cannot overwrite each
other. Signing freezes the pack: its context and hash go into the record, and the audit
trail records the hash with who signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from crmgov.domain.enums import Language
from crmgov.domain.handover.review import (
    FrozenPack,
    Handover,
    HandoverRuleError,
    SignRole,
    Verdict,
    answer_section,
    check_sign,
    review_section,
    sign,
)
from crmgov.i18n import _, language
from crmgov.services.handover.pack import (
    FORMATS,
    build_context,
    context_hash,
    handover_record,
    render_pack,
)
from crmgov.storage.interface import Store

TABLE = "handover"


def _save(
    store: Store, action: str, change: Callable[[Handover], Handover]
) -> Handover:
    """Apply `change(current) -> Handover` to the record inside one transaction."""
    with store.transaction(action) as txn:
        current = handover_record(store)
        updated = change(current)
        if current.id:
            return txn.update(TABLE, updated)
        return txn.insert(TABLE, updated)


def review(
    store: Store, section: str, verdict: Verdict, text: str, now: datetime
) -> Handover:
    """The consultant (the acting user) accepts a section or says it needs work."""
    consultant = store.project.consultant
    return _save(store, "handover.review", lambda h: review_section(
        h, section, verdict, text, by=store.actor, consultant=consultant, at=now))


def answer(store: Store, section: str, text: str, now: datetime) -> Handover:
    """The internal owner (the acting user) answers the review of a section."""
    owner = store.project.internal_owner
    return _save(store, "handover.answer", lambda h: answer_section(
        h, section, text, by=store.actor, owner=owner, at=now))


def holder_of(store: Store, role: SignRole) -> str:
    """Who is named in the project for a sign-off role."""
    project = store.project
    return {
        SignRole.CONSULTANT: project.consultant,
        SignRole.INTERNAL_OWNER: project.internal_owner,
        SignRole.SPONSOR: project.executive_sponsor,
    }[role]


def _freeze(store: Store, now: datetime) -> FrozenPack:
    context = build_context(store, now)
    frozen = FrozenPack(at=now, language=Language(language()), sha256=context_hash(context),
                        context=context)
    record = handover_record(store).model_copy(update={"frozen": frozen})
    digests = {}
    for fmt in FORMATS:
        output = render_pack(context, record, fmt)
        data = output.encode("utf-8") if isinstance(output, str) else output
        digests[fmt] = hashlib.sha256(data).hexdigest()
    return frozen.model_copy(update={"digests": digests})


def sign_handover(store: Store, role: SignRole, now: datetime) -> Handover:
    """The acting user signs in `role`; the first signature freezes the pack."""
    holder = holder_of(store, role)

    def change(current: Handover) -> Handover:
        # Refuse before the (costly) freeze, so a refusal answers at once.
        check_sign(current, role, by=store.actor, holder=holder)
        frozen = current.frozen or _freeze(store, now)
        return sign(current, role, by=store.actor, holder=holder, at=now, frozen=frozen)

    return _save(store, f"handover.sign.{role.value}", change)


def set_support_notes(store: Store, notes: str) -> Handover:
    """Write the support arrangements after handover (who to call, how, response times)."""

    def change(current: Handover) -> Handover:
        if current.frozen is not None:
            raise HandoverRuleError(
                _("the handover pack is signed and frozen: its review can no longer change")
            )
        return Handover.model_validate({**current.model_dump(), "notes": notes})

    return _save(store, "handover.notes", change)
