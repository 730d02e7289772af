"""The rules of spot checks: who is drawn, what is checked, how findings are counted.

domain.md §2: veterans "agree to your face and keep their own ways"; unannounced checks
against the written process, using the CRM's own records as evidence. The draw is a
weighted sample without replacement (Efraimidis–Spirakis: each person gets the key
u^(1/w) for a uniform u, the highest keys win), seeded so that anyone can reproduce it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import Role
from crmgov.domain.spotchecks.model import SpotCheck, StepResult

#: Veterans and sales assistants first: they know the rules and keep their own habits.
ROLE_WEIGHT = {Role.VETERAN: 3.0, Role.SALES_ASSISTANT: 3.0, Role.NEW_HIRE: 1.0}
#: Days without a check that double a person's weight.
DAYS_TO_DOUBLE = 60
#: Someone never checked counts as unchecked for this many days.
NEVER_CHECKED_DAYS = 365
#: How much a past deviation rate of 100 % multiplies the weight (1 + this × rate).
DEVIATION_FACTOR = 4.0


@dataclass(frozen=True)
class Candidate:
    """A person who may be drawn, with what their weight is made of."""

    staff_id: int
    role: Role
    days_unchecked: int
    past_deviation_rate: float

    @property
    def weight(self) -> float:
        """Role × time since the last check × past deviations. A person just checked with
        no finding weighs little, so is unlikely to be drawn again soon."""
        role = ROLE_WEIGHT.get(self.role, 0.0)
        recency = max(self.days_unchecked, 0) / DAYS_TO_DOUBLE
        return role * recency * (1.0 + DEVIATION_FACTOR * self.past_deviation_rate)


def candidates(
    staff: Sequence[StaffMember],
    checks: Sequence[SpotCheck],
    certified_ids: set[int],
    today: date,
    department: str = "",
) -> list[Candidate]:
    """Active, certified people in CRM roles (optionally of one department), weighted."""
    by_person: dict[int, list[SpotCheck]] = {}
    for c in checks:
        by_person.setdefault(c.staff_id, []).append(c)
    out = []
    for person in staff:
        if not person.active or person.role not in ROLE_WEIGHT or person.id not in certified_ids:
            continue
        if department and person.department != department:
            continue
        past = by_person.get(person.id, [])
        if past:
            days = (today - max(c.checked_on for c in past)).days
            records = sum(c.records_checked for c in past)
            rate = sum(c.deviations for c in past) / records if records else 0.0
        else:
            days, rate = NEVER_CHECKED_DAYS, 0.0
        out.append(Candidate(person.id, person.role, days, rate))
    return out


def draw(pool: Sequence[Candidate], count: int, seed: int) -> list[Candidate]:
    """`count` people by weight, without replacement; the same seed gives the same draw."""
    rng = random.Random(seed)
    keyed = []
    for c in sorted(pool, key=lambda c: c.staff_id):  # a stable order makes the seed enough
        u = rng.random()
        if c.weight > 0:
            keyed.append((math.log(u) / c.weight if u > 0 else -math.inf, c.staff_id, c))
    keyed.sort(key=lambda k: (-k[0], k[1]))
    return [c for _key, _id, c in keyed[:count]]


@dataclass(frozen=True)
class ChecklistLine:
    """One line of an auditor's checklist: an SOP step and what to look for."""

    step_id: int
    ref: str
    """How it is cited, `SOP-SAL-01 §3`."""
    text: str


def tally(results: Sequence[StepResult]) -> tuple[int, int]:
    """(records examined, records deviating from at least one step)."""
    records = {r.record for r in results}
    return len(records), len({r.record for r in results if not r.conforms})


def deviating_steps(results: Sequence[StepResult]) -> list[int]:
    """The steps at least one record deviated from, in step order."""
    return sorted({r.step_id for r in results if not r.conforms})
