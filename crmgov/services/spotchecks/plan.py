"""Planning spot checks: a seeded, weighted draw of the people to check, and their SOPs.

The draw reads certification through the readiness figures (who is certified today) and
the SOPs through their rules (which SOPs in force apply to a person), so the plan, the
dashboard and the Staff area agree on who is who.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crmgov.domain.certification.figures import certification_sets
from crmgov.domain.enums import Role
from crmgov.domain.sops.rules import applies_to
from crmgov.domain.spotchecks.model import PlannedCheck
from crmgov.domain.spotchecks.rules import Candidate, candidates, draw
from crmgov.i18n import _
from crmgov.storage.interface import Store

PLANS = "spotcheck_plans"


class SpotCheckError(ValueError):
    """A spot-check action that cannot be done (already translated)."""


@dataclass(frozen=True)
class Drawn:
    """One person of a draw and the SOP they are checked against."""

    planned: PlannedCheck
    candidate: Candidate


def default_auditor(store: Store) -> str:
    """The audit function's first active member, else whoever is acting."""
    auditors = [s for s in store.all("staff") if s.active and s.role is Role.AUDITOR]
    return auditors[0].name if auditors else store.actor


def pool(store: Store, today: date, department: str = "") -> list[Candidate]:
    """Everyone who may be drawn today, with their weights."""
    staff = store.all("staff")
    sets = certification_sets(staff, store.all("certifications"), store.all("spot_checks"), today)
    return candidates(staff, store.all("spot_checks"), set(sets.certified), today, department)


def plan_checks(
    store: Store,
    now: datetime,
    *,
    count: int,
    period_days: int = 30,
    department: str = "",
    seed: int | None = None,
    auditor: str = "",
) -> list[Drawn]:
    """Draw `count` people and plan a check of each, due within `period_days`."""
    if count < 1:
        raise SpotCheckError(_("plan at least one check"))
    if period_days < 1:
        raise SpotCheckError(_("the period must be at least one day"))
    today = now.date()
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    chosen = draw(pool(store, today, department), count, seed)
    if not chosen:
        raise SpotCheckError(_("nobody to check: no active, certified staff in CRM roles"))
    sops = [s for s in store.all("sops") if s.current is not None and not s.retired]
    people = {s.id: s for s in store.all("staff")}
    rng = random.Random(seed)
    who = auditor or default_auditor(store)
    out: list[Drawn] = []
    for c in chosen:
        theirs = sorted((s for s in sops if applies_to(s, people[c.staff_id])), key=lambda s: s.id)
        if not theirs:
            continue
        sop = rng.choice(theirs)
        due = today + timedelta(days=rng.randint(1, period_days))
        out.append(Drawn(PlannedCheck(staff_id=c.staff_id, sop_id=sop.id, auditor=who, due=due,
                                      planned_on=today, seed=seed, weight=round(c.weight, 4)), c))
    if not out:
        raise SpotCheckError(_("no SOP in force applies to the people drawn"))
    with store.transaction("spotcheck.plan") as txn:
        saved = txn.insert_many(PLANS, [d.planned for d in out])
    return [Drawn(p, d.candidate) for p, d in zip(saved, out, strict=True)]


def open_plans(store: Store) -> list[PlannedCheck]:
    """Planned checks not yet done, by due date."""
    plans: list[PlannedCheck] = store.all(PLANS)
    return sorted((p for p in plans if p.done_check_id is None), key=lambda p: (p.due, p.id))
