"""The consultant's review: threads on items and on the whole plan, verdicts, sign-off.

A thread is addressed by its target (a plan item id, or None for the whole plan) and its
number (1 = the first thread there). Signing needs every item accepted and every thread
resolved; a signature covers the plan's content digest, so a change after one side signed
voids that signature. The second valid signature freezes the plan as a new version.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError

from crmgov.domain.enums import Verdict
from crmgov.domain.plan.model import (
    Answer,
    PlanItem,
    PlanReview,
    PlanVersion,
    ReviewComment,
    Signature,
    ThreadState,
)
from crmgov.domain.plan.rules import PlanRuleError
from crmgov.domain.plan.signoff import Change, diff, frozen, plan_digest, sign_refusals
from crmgov.i18n import N_, _
from crmgov.services.plan.items import TABLE, get_item, items
from crmgov.storage.interface import Store

REVIEW_TABLE = "plan_review"
#: Who signs the plan, and how each role is named (English msgids).
ROLES = ("consultant", "owner")
ROLE_NAMES = {"consultant": N_("consultant"), "owner": N_("internal owner")}


def role_name(role: str) -> str:
    """"consultant" / "owner" as shown to people."""
    return _(ROLE_NAMES.get(role, role))


def get_review(store: Store) -> PlanReview:
    """The plan-wide review record (an empty one before the first write)."""
    try:
        review: PlanReview = store.get(REVIEW_TABLE, 1)
    except KeyError:
        return PlanReview()
    return review


def _save_review(store: Store, action: str, review: PlanReview) -> PlanReview:
    with store.transaction(action) as txn:
        if review.id:
            return txn.update(REVIEW_TABLE, review)
        return txn.insert(REVIEW_TABLE, review)


def threads_of(store: Store, item_id: int | None) -> list[ReviewComment]:
    """The threads on an item, or on the whole plan (None)."""
    if item_id is None:
        return list(get_review(store).threads)
    return list(get_item(store, item_id).comments)


def _store_threads(
    store: Store, item_id: int | None, threads: list[ReviewComment], action: str
) -> list[ReviewComment]:
    if item_id is None:
        review = get_review(store).model_copy(update={"threads": threads})
        return list(_save_review(store, action, review).threads)
    item = get_item(store, item_id).model_copy(update={"comments": threads})
    with store.transaction(action) as txn:
        return list(txn.update(TABLE, item).comments)


def _thread(threads: list[ReviewComment], number: int) -> ReviewComment:
    if not 1 <= number <= len(threads):
        raise PlanRuleError(_("no review thread {n} there", n=number), "thread")
    return threads[number - 1]


def comment(
    store: Store, item_id: int | None, text: str, now: datetime, blind_spot: str = ""
) -> int:
    """Open a thread on an item (or the plan); returns its number."""
    threads = threads_of(store, item_id)
    try:
        thread = ReviewComment(author=store.actor, at=now, text=text, blind_spot=blind_spot)
    except ValidationError:
        raise PlanRuleError(_("a comment needs text"), "text") from None
    _store_threads(store, item_id, [*threads, thread], "plan.comment")
    return len(threads) + 1


def answer(store: Store, item_id: int | None, number: int, text: str,
           now: datetime) -> ReviewComment:
    """Reply in a thread; a resolved thread takes no more answers."""
    threads = threads_of(store, item_id)
    thread = _thread(threads, number)
    if thread.state is ThreadState.RESOLVED:
        raise PlanRuleError(_("thread {n} is resolved", n=number), "thread")
    try:
        reply = Answer(author=store.actor, at=now, text=text)
    except ValidationError:
        raise PlanRuleError(_("an answer needs text"), "text") from None
    threads[number - 1] = thread.model_copy(update={"answers": [*thread.answers, reply]})
    return _store_threads(store, item_id, threads, "plan.answer")[number - 1]


def resolve(store: Store, item_id: int | None, number: int,
            now: datetime) -> ReviewComment:
    """Close a thread."""
    threads = threads_of(store, item_id)
    thread = _thread(threads, number)
    if thread.state is ThreadState.RESOLVED:
        raise PlanRuleError(_("thread {n} is already resolved", n=number), "thread")
    threads[number - 1] = thread.model_copy(update={"resolved_by": store.actor,
                                                    "resolved_at": now})
    return _store_threads(store, item_id, threads, "plan.resolve")[number - 1]


def judge(store: Store, item_id: int, verdict: Verdict | str, now: datetime,
          note: str = "") -> PlanItem:
    """Accept an item, or mark it as needing work (a note then opens a thread saying what)."""
    item = get_item(store, item_id)
    verdict = Verdict(verdict)
    if verdict is Verdict.NEEDS_WORK and not note and not any(
        t.state is not ThreadState.RESOLVED for t in item.comments
    ):
        raise PlanRuleError(_("say what needs work (a comment)"), "text")
    comments = list(item.comments)
    if note:
        comments.append(ReviewComment(author=store.actor, at=now, text=note))
    updated = item.model_copy(update={"verdict": verdict, "verdict_by": store.actor,
                                      "verdict_at": now, "comments": comments})
    with store.transaction(f"plan.{verdict.value}") as txn:
        return txn.update(TABLE, updated)


def _signer_name(store: Store, role: str) -> str:
    project = store.project
    expected = project.consultant if role == "consultant" else project.internal_owner
    if expected and expected != store.actor:
        raise PlanRuleError(
            _("only {name} signs as {role} (acting as {actor}; use --as)",
              name=expected, role=role_name(role), actor=store.actor), "role")
    return store.actor


def sign(store: Store, role: str, now: datetime) -> PlanVersion | None:
    """Sign the plan as consultant or owner; returns the new version when this signature
    completes the pair, else None."""
    if role not in ROLES:
        raise PlanRuleError(_("role must be consultant or owner"), "role")
    name = _signer_name(store, role)
    current = items(store)
    review = get_review(store)
    refusals = sign_refusals(current, review)
    if refusals:
        raise PlanRuleError(_("cannot sign yet: {why}", why="; ".join(refusals)), "role")
    digest = plan_digest(current)
    latest = review.latest
    if latest is not None and not diff(latest.items, current):
        raise PlanRuleError(_("the plan has not changed since version {n}",
                              n=latest.number), "role")
    signatures = [s for s in review.signatures if s.digest == digest and s.role != role]
    signatures.append(Signature(role=role, name=name, at=now, digest=digest))
    version = None
    if {s.role for s in signatures} == set(ROLES):
        by = {s.role: s.name for s in signatures}
        version = PlanVersion(
            number=len(review.versions) + 1, signed_at=now, consultant=by["consultant"],
            owner=by["owner"], items=frozen(current),
        )
        review = review.model_copy(update={"signatures": [],
                                           "versions": [*review.versions, version]})
    else:
        review = review.model_copy(update={"signatures": signatures})
    _save_review(store, "plan.sign", review)
    return version


def valid_signatures(store: Store) -> list[Signature]:
    """Signatures that still cover the plan as it is."""
    digest = plan_digest(items(store))
    return [s for s in get_review(store).signatures if s.digest == digest]


def changes_since_signed(store: Store) -> tuple[int, list[Change]] | None:
    """(version number, changes) against the last signed version; None if never signed."""
    latest = get_review(store).latest
    if latest is None:
        return None
    return latest.number, diff(latest.items, items(store))


def plan_signed(store: Store) -> bool:
    """Whether a signed version exists and the plan has not changed since (for the
    handover's closure checklist)."""
    changed = changes_since_signed(store)
    return changed is not None and not changed[1]
