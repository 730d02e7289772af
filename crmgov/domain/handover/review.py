"""The consultant's review of the handover pack, section by section, and its sign-off.

domain.md §6: the consultant reviews before leaving; the internal owner answers; the
consultant reviews again. Sign-off by consultant, internal owner and sponsor; the first
signature freezes the pack (its content and hash), so every signer signs the same pack and
an auditor can regenerate exactly what was signed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from crmgov.domain.base import DomainModel, LocalTime, NonBlank, Record, SingleLine, Text
from crmgov.domain.enums import Language
from crmgov.i18n import N_, _

#: The pack's reviewable sections, in document order (the sign-off table follows them).
SECTIONS: tuple[str, ...] = (
    "summary", "phases", "sops", "certification", "issues", "quality", "spotchecks", "plan",
    "owner", "support",
)
SECTION_TITLES: dict[str, str] = {
    "summary": N_("Summary and readiness"),
    "phases": N_("Rollout phases and gates"),
    "sops": N_("SOP register"),
    "certification": N_("Certification and the access list"),
    "issues": N_("Open issues, deferred scope and special cases"),
    "quality": N_("Base-data quality"),
    "spotchecks": N_("Spot-check findings"),
    "plan": N_("Three-year improvement plan"),
    "owner": N_("The internal owner's readiness"),
    "support": N_("Support arrangements"),
}


class Verdict(StrEnum):
    """The consultant's verdict on one section."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    NEEDS_WORK = "needs_work"


class SignRole(StrEnum):
    """Who signs the handover (the sign-off table, in this order)."""

    CONSULTANT = "consultant"
    INTERNAL_OWNER = "internal_owner"
    SPONSOR = "sponsor"


class HandoverRuleError(ValueError):
    """A review or sign-off the rules refuse (already translated)."""


class ReviewEntry(DomainModel):
    """One message of a section's review thread."""

    by: SingleLine
    """Who wrote it."""
    at: LocalTime
    """When."""
    verdict: Verdict | None = None
    """The consultant's verdict with this message; None for the owner's answers."""
    text: Text = ""
    """The comment or answer."""


class SectionReview(DomainModel):
    """The review of one section of the pack."""

    section: NonBlank
    """One of SECTIONS."""
    verdict: Verdict = Verdict.PENDING
    """The consultant's latest verdict."""
    thread: list[ReviewEntry] = Field(default_factory=list)
    """Comments and answers, oldest first."""


class SignOff(DomainModel):
    """One signature of the final sign-off table."""

    role: SignRole
    """In which capacity."""
    name: SingleLine
    """Who signed."""
    at: LocalTime
    """When."""
    sha256: NonBlank
    """The hash of the frozen pack this signature is for."""


class FrozenPack(DomainModel):
    """The pack as it was at the first signature: regenerated from this, byte for byte."""

    at: LocalTime
    """When it was frozen."""
    language: Language
    """The language it was generated in."""
    sha256: NonBlank
    """SHA-256 of the canonical JSON of `context` (recorded in the audit trail)."""
    context: dict[str, Any]
    """Every figure and text the documents are rendered from."""
    digests: dict[str, str] = Field(default_factory=dict)
    """SHA-256 of each generated document (md, html, docx) at freezing."""


class Handover(Record):
    """The project's handover review (one record, id 1)."""

    sections: list[SectionReview] = Field(default_factory=list)
    """The review of each section that has one."""
    signoffs: list[SignOff] = Field(default_factory=list)
    """Signatures, in the order given."""
    frozen: FrozenPack | None = None
    """Set by the first signature; nothing changes afterwards."""
    notes: Text = ""
    """Support arrangements after handover (who to call, how, response times)."""

    def section(self, code: str) -> SectionReview:
        """The review of section `code` (pending when none was written yet)."""
        for review in self.sections:
            if review.section == code:
                return review
        return SectionReview(section=code)

    def signature(self, role: SignRole) -> SignOff | None:
        """The signature given in `role`, if any."""
        return next((s for s in self.signoffs if s.role is role), None)


def _same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def _check_open(handover: Handover) -> None:
    if handover.frozen is not None:
        raise HandoverRuleError(
            _("the handover pack is signed and frozen: its review can no longer change")
        )


def _check_section(section: str) -> None:
    if section not in SECTIONS:
        raise HandoverRuleError(
            _("unknown section {name!r}; choose one of {choices}",
              name=section, choices=", ".join(SECTIONS))
        )


def _with_section(handover: Handover, review: SectionReview) -> Handover:
    others = [s for s in handover.sections if s.section != review.section]
    order = {code: i for i, code in enumerate(SECTIONS)}
    sections = sorted([*others, review], key=lambda s: order.get(s.section, len(order)))
    return handover.model_copy(update={"sections": sections})


def review_section(
    handover: Handover, section: str, verdict: Verdict, text: str, *, by: str,
    consultant: str, at: datetime,
) -> Handover:
    """The consultant's verdict on a section; needs work must say what."""
    _check_open(handover)
    _check_section(section)
    if not _same_person(by, consultant):
        raise HandoverRuleError(
            _("only the consultant ({name}) reviews the handover; you are {you}",
              name=consultant or _("none named"), you=by)
        )
    if verdict is Verdict.PENDING:
        raise HandoverRuleError(_("a review either accepts a section or says it needs work"))
    if verdict is Verdict.NEEDS_WORK and not text.strip():
        raise HandoverRuleError(_("say what needs work: a comment is required"))
    current = handover.section(section)
    entry = ReviewEntry(by=by, at=at, verdict=verdict, text=text)
    review = current.model_copy(update={"verdict": verdict, "thread": [*current.thread, entry]})
    return _with_section(handover, review)


def answer_section(
    handover: Handover, section: str, text: str, *, by: str, owner: str, at: datetime
) -> Handover:
    """The internal owner's answer to the consultant's review of a section."""
    _check_open(handover)
    _check_section(section)
    if not _same_person(by, owner):
        raise HandoverRuleError(
            _("only the internal owner ({name}) answers the review; you are {you}",
              name=owner or _("none named"), you=by)
        )
    if not text.strip():
        raise HandoverRuleError(_("an answer needs text"))
    current = handover.section(section)
    if not current.thread:
        raise HandoverRuleError(_("section {name} has no review to answer yet", name=section))
    entry = ReviewEntry(by=by, at=at, text=text)
    return _with_section(handover, current.model_copy(update={"thread": [*current.thread, entry]}))


def not_accepted(handover: Handover) -> list[str]:
    """Sections the consultant has not (or no longer) accepted, in document order."""
    return [s for s in SECTIONS if handover.section(s).verdict is not Verdict.ACCEPTED]


def check_sign(handover: Handover, role: SignRole, *, by: str, holder: str) -> None:
    """Refuse a signature the rules do not allow: `by` must be the role's named `holder`,
    the role not yet signed, and every section accepted."""
    if not _same_person(by, holder):
        raise HandoverRuleError(
            _("only {name} signs as {role}; you are {you}",
              name=holder or _("(nobody named)"), role=role.value, you=by)
        )
    if handover.signature(role) is not None:
        raise HandoverRuleError(_("the handover is already signed as {role}", role=role.value))
    open_sections = not_accepted(handover)
    if open_sections:
        raise HandoverRuleError(
            _("not every section is accepted yet: {sections}", sections=", ".join(open_sections))
        )


def sign(
    handover: Handover, role: SignRole, *, by: str, holder: str, at: datetime,
    frozen: FrozenPack,
) -> Handover:
    """Sign in `role` as `by`. The first signature brings the pack to freeze (`frozen`);
    later ones sign the hash already frozen."""
    check_sign(handover, role, by=by, holder=holder)
    pack = handover.frozen or frozen
    signature = SignOff(role=role, name=by, at=at, sha256=pack.sha256)
    return handover.model_copy(update={"frozen": pack, "signoffs": [*handover.signoffs, signature]})


def fully_signed(handover: Handover) -> bool:
    """Consultant, internal owner and sponsor have all signed."""
    return all(handover.signature(role) is not None for role in SignRole)
