"""A phase's gate judged on live evidence: each item's figure, waivers, the sponsor's
sign-off with its frozen figures, and "signed, since regressed".

Pure functions: the data comes in as LiveInputs (services.phases.evidence gathers it) and
the evidence files' current size and hash as `files` (the service reads the disk).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from crmgov.domain.phases.criteria import FIXED_IN, Context, Figure, evaluate_live
from crmgov.domain.phases.model import FrozenItem, GateItem, GateSignOff, Phase, phase_numbers
from crmgov.domain.phases.scope import LiveInputs
from crmgov.i18n import _

#: An evidence file as found now: (size, sha256), or None when it is gone.
FileState = tuple[int, str] | None


@dataclass(frozen=True)
class ItemResult:
    """One gate item judged now."""

    index: int
    """Position in the phase's gate (0-based)."""
    item: GateItem
    passed: bool
    figure: str
    """The figure (live items) or the evidence state (evidence items)."""
    detail: str
    """One line saying why it passes or fails."""
    records: tuple[str, ...] = ()
    """What falls short, one line each (the view behind the figure)."""
    record_ids: tuple[int, ...] = ()
    waived: bool = False
    """A waiver holds today."""
    waiver_expired: bool = False
    """A waiver was granted but its last day has passed."""
    unavailable: bool = False
    """The area the criterion reads has no data here."""
    file_changed: bool = False
    """The evidence file differs from what was recorded (or is gone)."""
    regressed: bool = False
    """It passed when the gate was signed and fails now."""
    fixed_in: tuple[str, str, str] = ("phases", "", "")
    """(TUI area, issue quick filter, CLI hint) where it is fixed."""
    phase_id: int = 0
    """The phase it belongs to (its record id)."""
    phase_number: int = 0
    """That phase's number as shown and typed (model.phase_numbers); hints use it."""

    @property
    def blocks(self) -> bool:
        """It keeps the gate from being signed: it fails and no waiver holds."""
        return not self.passed and not self.waived


@dataclass(frozen=True)
class GateEvaluation:
    """A phase's gate as it stands now."""

    phase: Phase
    items: list[ItemResult] = field(default_factory=list)
    number: int = 0
    """The phase's number as shown and typed (model.phase_numbers)."""

    @property
    def met(self) -> int:
        """Items that pass or are waived (the dashboard's gate_met)."""
        return sum(1 for r in self.items if not r.blocks)

    @property
    def blockers(self) -> list[ItemResult]:
        """Items that keep the gate from being signed."""
        return [r for r in self.items if r.blocks]

    @property
    def passes(self) -> bool:
        """Every item passes or is waived (an empty gate does not pass)."""
        return bool(self.items) and not self.blockers

    @property
    def signed(self) -> bool:
        return self.phase.sign_off is not None

    @property
    def regressed(self) -> list[ItemResult]:
        """Items that passed at sign-off and fail now."""
        return [r for r in self.items if r.regressed]

    @property
    def state(self) -> str:
        """signed, regressed (signed, since regressed), passes, or blocked."""
        if self.signed:
            return "regressed" if self.regressed else "signed"
        return "passes" if self.passes else "blocked"


def waiver_holds(item: GateItem, today: date) -> bool:
    """A waiver holds up to and including its last day."""
    return item.waiver is not None and today <= item.waiver.until


def evidence_result(item: GateItem, current: FileState | None, present: bool) -> Figure:
    """An evidence item: evidenced, signed off, and its file unchanged since recorded.

    `present`: whether the caller checked the file (`current` is then its state now)."""
    changed = False
    if item.file is not None and present:
        changed = current != (item.file.size, item.file.sha256)
    if not item.has_evidence:
        return Figure(False, _("no evidence"), _("record evidence, then have it signed off"))
    if changed:
        what = _("evidence file gone") if current is None else _("evidence file changed")
        return Figure(False, what, _("{what} since it was recorded: record it again and sign "
                                     "it off", what=what), (item.file.path,) if item.file else ())
    if not (item.signed_off_by and item.signed_off_at):
        return Figure(False, _("awaiting sign-off"),
                      _("evidence recorded; awaiting sign-off by the {role}",
                        role=role_label(item.role)))
    return Figure(True, _("signed off"), _("signed off by {name} on {day}",
                                           name=item.signed_off_by,
                                           day=item.signed_off_at.date().isoformat()))


def role_label(role: str) -> str:
    """The translated name of a sign-off role."""
    names = {
        "sponsor": _("executive sponsor"),
        "project_manager": _("project manager"),
        "consultant": _("consultant"),
        "internal_owner": _("internal owner"),
    }
    return names.get(role, role)


def evaluate_gate(
    phase: Phase, inputs: LiveInputs, files: Mapping[int, FileState] | None = None
) -> GateEvaluation:
    """Judge every item of the phase's gate now.

    `files`: the current state of each evidence file by item index; an item missing from
    it is not checked (the caller did not look at the disk)."""
    files = files or {}
    others = [p for p in inputs.phases if p.id != phase.id]
    number = phase_numbers([*others, phase])[phase.id]
    ctx = Context(phase, inputs)
    today = inputs.now.date()
    frozen = _frozen_by_index(phase.sign_off)
    results: list[ItemResult] = []
    for index, item in enumerate(phase.gate):
        if item.live:
            fig = evaluate_live(item, ctx)
            fixed = FIXED_IN[item.live]
        else:
            fig = evidence_result(item, files.get(index), index in files)
            fixed = ("phases", "", "crmgov phase evidence PHASE ITEM")
        file_changed = (
            not item.live and item.file is not None and index in files
            and files[index] != (item.file.size, item.file.sha256)
        )
        was = frozen.get(index)
        results.append(ItemResult(
            index=index,
            item=item,
            passed=fig.passed,
            figure=fig.figure,
            detail=fig.detail,
            records=fig.records,
            record_ids=fig.record_ids,
            waived=not fig.passed and waiver_holds(item, today),
            waiver_expired=item.waiver is not None and not waiver_holds(item, today),
            unavailable=fig.unavailable,
            file_changed=file_changed,
            regressed=was is not None and was.passed and not fig.passed,
            fixed_in=fixed,
            phase_id=phase.id,
            phase_number=number,
        ))
    return GateEvaluation(phase, results, number)


def _frozen_by_index(sign_off: GateSignOff | None) -> dict[int, FrozenItem]:
    return dict(enumerate(sign_off.items)) if sign_off else {}


def freeze(evaluation: GateEvaluation, by: str, at: datetime) -> GateSignOff:
    """The sign-off record: every item's figure as it is at this moment."""
    return GateSignOff(
        by=by,
        at=at,
        items=[
            FrozenItem(
                key=r.item.key,
                text=r.item.text,
                passed=r.passed,
                figure=r.figure,
                waived=r.waived,
                sha256=r.item.file.sha256 if r.item.file else "",
            )
            for r in evaluation.items
        ],
    )
