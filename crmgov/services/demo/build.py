"""Builds the demo project's records (everything but issues) from a text pool.

Every date is an offset from `today`, so the demo always looks alive; every choice comes
from the `random.Random` passed in, whose draws never depend on `today`, so the same seed
gives the same project shape on any day and in either language.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from crmgov.domain.certification.model import (
    Certification,
    QuizAttempt,
    StaffMember,
)
from crmgov.domain.enums import DataKind, PlanKind, PlanStatus, Role
from crmgov.domain.phases.model import Phase
from crmgov.domain.plan.model import PlanItem, ReviewComment
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.spotchecks.model import SpotCheck
from crmgov.services.demo.text import DemoText
from crmgov.services.phases.checklists import GateChecklists

#: Certificates are valid for a year: staff turn over every one to two years (domain.md §2).
CERT_VALIDITY = timedelta(days=365)
PM, CONSULTANT, OWNER, AUDITORS = 0, 1, 2, (3, 4)

# (role, department key, region key, certification story), one row per person in
# DemoText.people. Stories: ok, renewed (early, so an old certificate is still valid),
# expiring, expired, revoked, retake_system / retake_process (failed one part, then passed),
# failed_system / failed_process (not yet certified), none (not yet tested), left (inactive).
V, NH, SA = Role.VETERAN, Role.NEW_HIRE, Role.SALES_ASSISTANT
ROSTER: tuple[tuple[Role, str, str, str], ...] = (
    (Role.PROJECT_MANAGER, "pmo", "east", ""),
    (Role.CONSULTANT, "partner", "", ""),
    (Role.INTERNAL_OWNER, "it", "east", ""),
    (Role.AUDITOR, "audit", "east", ""),
    (Role.AUDITOR, "audit", "south", ""),
    # East sales: the pilot team.
    (V, "sales", "east", "ok"), (V, "sales", "east", "renewed"), (V, "sales", "east", "ok"),
    (V, "sales", "east", "ok"), (V, "sales", "east", "expiring"), (V, "sales", "east", "expired"),
    (V, "sales", "east", "revoked"), (V, "sales", "east", "ok"),
    (V, "sales", "south", "ok"), (V, "sales", "south", "ok"),
    (V, "sales", "south", "retake_system"), (V, "sales", "south", "expiring"),
    (V, "sales", "north", "ok"), (V, "sales", "north", "ok"),
    # Customer service: phase 2.
    (V, "service", "east", "ok"), (V, "service", "east", "ok"),
    (V, "service", "south", "retake_process"), (V, "service", "south", "ok"),
    (V, "service", "north", "ok"), (V, "service", "north", "expired"),
    (V, "service", "east", "ok"),
    (V, "finance", "east", "ok"), (V, "finance", "east", "ok"),
    (SA, "sales", "east", "ok"), (SA, "sales", "east", "ok"),
    (SA, "sales", "south", "retake_system"),
    (SA, "sales", "north", "ok"), (SA, "sales", "south", "ok"),
    (NH, "sales", "east", "ok"), (NH, "service", "east", "ok"),
    (NH, "service", "south", "retake_process"), (NH, "sales", "south", "failed_system"),
    (NH, "service", "north", "failed_process"), (NH, "sales", "north", "none"),
    (NH, "service", "east", "none"),
    (V, "sales", "east", "left"), (V, "service", "south", "left"),
)
#: Quiz bank per department key.
BANKS = {"sales": "sales-basic", "service": "service-basic", "finance": "finance-basic"}


@dataclass
class DemoRecords:
    """All records of the demo, per table, in insertion order (id = position + 1)."""

    tables: dict[str, list[object]] = field(default_factory=dict)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A time of day on `day` (naive local time, like the rest of the project file)."""
    return datetime.combine(day, time(hour, minute))


def phases(text: DemoText, gates: GateChecklists, today: date, lang: str) -> list[Phase]:
    """The rollout's phases (services.demo.phases tells their story)."""
    from crmgov.services.demo.phases import demo_phases

    return demo_phases(text, gates, today, lang)


def staff(text: DemoText, today: date, rng: random.Random) -> list[StaffMember]:
    """About 40 people in every role, with departments, regions and hiring dates."""
    out = []
    for i, (role, dept, region, story) in enumerate(ROSTER):
        if role is Role.NEW_HIRE:
            hired = today - timedelta(days=rng.randint(12, 75))
        else:
            hired = today - timedelta(days=rng.randint(2 * 365, 12 * 365))
        out.append(StaffMember(
            name=text.people[i], role=role, department=text.departments[dept],
            region=text.regions.get(region, ""), hire_date=hired, active=story != "left",
        ))
    return out


def _scores(rng: random.Random, fail: str = "") -> tuple[float, float]:
    """(system, process) in percent; `fail` names the one part that falls short."""
    system = rng.randint(55, 78) if fail == "system" else rng.randint(80, 100)
    process = rng.randint(55, 78) if fail == "process" else rng.randint(80, 100)
    return float(system), float(process)


def certification(
    text: DemoText, people: list[StaffMember], today: date, rng: random.Random
) -> tuple[list[QuizAttempt], list[Certification]]:
    """Quiz attempts and certificates telling each person's certification story."""
    attempts: list[QuizAttempt] = []
    certs: list[Certification] = []
    t, d = today, timedelta(days=1)

    def sit(idx: int, day: date, fail: str = "") -> int:
        system, process = _scores(rng, fail)
        dept = ROSTER[idx][1]
        bank = "sales-assistant" if ROSTER[idx][0] is SA else BANKS.get(dept, "sales-basic")
        attempts.append(QuizAttempt(staff_id=idx + 1, bank=bank, taken_at=at(
            day, rng.randint(9, 16), rng.choice((0, 15, 30, 45))),
            system_score=system, process_score=process))
        return len(attempts)

    def certify(idx: int, day: date, **extra: object) -> None:
        attempt = sit(idx, day)
        certs.append(Certification(staff_id=idx + 1, attempt_id=attempt, issued_on=day,
                                   expires_on=day + CERT_VALIDITY, **extra))

    for idx, person in enumerate(people):
        story = ROSTER[idx][3]
        new = person.role is Role.NEW_HIRE
        hired = person.hire_date or t
        base = hired + rng.randint(3, 8) * d if new else t - rng.randint(60, 320) * d
        if story in ("ok", "left"):
            certify(idx, base if story == "ok" else t - rng.randint(500, 600) * d)
        elif story == "renewed":
            certify(idx, t - 355 * d)
            certify(idx, t - rng.randint(3, 8) * d)
        elif story == "expiring":
            certify(idx, t - rng.randint(340, 358) * d)
        elif story == "expired":
            certify(idx, t - rng.randint(372, 400) * d)
        elif story == "revoked":
            certify(idx, t - rng.randint(150, 200) * d, revoked=True,
                    revoked_reason=text.revoked_reason)
        elif story.startswith("retake_"):
            sit(idx, base, fail=story.removeprefix("retake_"))
            certify(idx, min(base + rng.randint(5, 12) * d, t - d))
        elif story.startswith("failed_"):
            sit(idx, t - rng.randint(2, 9) * d, fail=story.removeprefix("failed_"))
    return attempts, certs


def spot_checks(
    text: DemoText, people: list[StaffMember], today: date, rng: random.Random
) -> list[SpotCheck]:
    """Unannounced checks of veterans by the auditors, some with deviations."""
    veterans = [i for i, p in enumerate(people) if p.role is Role.VETERAN and p.active]
    days_ago = (3, 9, 16, 24, 33, 41, 52, 63, 77, 95, 120, 140)
    deviating = {1: 2, 4: 1, 8: 3, 10: 2}
    out = []
    targets = rng.sample(veterans, len(days_ago))
    revoked = next(i for i, row in enumerate(ROSTER) if row[3] == "revoked")
    targets[-1] = revoked  # the failed check behind the revoked certificate
    for n, (idx, ago) in enumerate(zip(targets, days_ago, strict=True)):
        dev = 6 if idx == revoked else deviating.get(n, 0)
        sop = 5 if ROSTER[idx][1] == "service" else rng.randint(1, 4)
        out.append(SpotCheck(
            staff_id=idx + 1, auditor=text.people[AUDITORS[n % 2]],
            checked_on=today - timedelta(days=ago), records_checked=20, deviations=dev,
            sop_id=sop,
            findings=text.revoked_reason if idx == revoked
            else text.spot_findings[n % len(text.spot_findings)] if dev
            else text.spot_findings_clean,
        ))
    return out


def plan(
    text: DemoText, today: date, rng: random.Random, issue_for: dict[int, int]
) -> list[PlanItem]:
    """The three-year plan; `issue_for` maps a plan index to the issue it addresses."""
    owners = (OWNER, OWNER, 5, 5, OWNER, PM, 5, 13, 19, OWNER, 28, 26, 5, OWNER, PM)
    out = []
    for n, item in enumerate(text.plan):
        status = PlanStatus.PROPOSED
        if item.year == 1:
            status = (PlanStatus.IN_PROGRESS, PlanStatus.AGREED, PlanStatus.DONE)[n % 3]
        comments = []
        if item.comment:
            comments.append(ReviewComment(
                author=text.people[CONSULTANT],
                at=at(today - timedelta(days=rng.randint(4, 30)), 14),
                text=item.comment, blind_spot=item.blind_spot,
            ))
        out.append(PlanItem(
            year=item.year, kind=item.kind, title=item.title, description=item.description,
            owner=text.people[owners[n % len(owners)]],
            target=today + timedelta(days=365 * item.year - rng.randint(30, 200)),
            status=status, issue_id=issue_for.get(n), comments=comments,
        ))
    assert {PlanKind.ANALYSIS, PlanKind.PROSPECTING} <= {i.kind for i in out}
    return out


# (text key, kind, [(days ago, records, errors, duplicates, contact-role fill rate)])
QUALITY: tuple[tuple[str, DataKind, tuple[tuple[int, int, int, int, float | None], ...]], ...] = (
    ("accounts", DataKind.STATIC,
     ((300, 4200, 290, 96, None), (150, 4350, 180, 85, None), (20, 4420, 120, 30, None))),
    ("contacts", DataKind.STATIC, ((150, 9800, 420, 60, 0.18), (20, 10240, 380, 40, 0.21))),
    ("contact_keys", DataKind.KEY_FIELDS, ((20, 10240, 170, 0, None),)),
    ("opportunities", DataKind.TRANSACTIONAL,
     ((150, 1850, 140, 0, None), (20, 2130, 126, 0, None))),
    ("opportunity_keys", DataKind.KEY_FIELDS, ((20, 2130, 13, 0, None),)),
    ("leads", DataKind.LEADS, ((20, 3600, 610, 0, None),)),
    ("payment_terms", DataKind.MASTER, ((150, 140, 4, 31, None), (20, 152, 3, 38, None))),
    ("service_cases", DataKind.TRANSACTIONAL, ((20, 1460, 41, 0, None),)),
)


def quality(text: DemoText, today: date) -> list[QualityMeasurement]:
    """Measurements over time; the latest ones of payment terms, opportunities and contact
    key fields fail their thresholds."""
    out = []
    for key, kind, runs in QUALITY:
        for ago, records, errors, dups, fill in runs:
            out.append(QualityMeasurement(
                table=text.quality[key].table, kind=kind, measured_on=today - timedelta(ago),
                records=records, errors=errors, duplicates=dups, fill_rate=fill,
                note=text.quality[key].note,
            ))
    return out
