"""Builds the demo's issue log: about 150 issues of every category, urgency, status and age.

Open issues are placed at fixed distances before midnight of `today` so that at any time of
that day some are overdue, some at risk and most on track. Closed issues carry root cause,
corrective and preventive action; the first recurrences of chronic problems were closed
without a preventive action, which is the gap the dashboard and preventive report expose.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import Category, IssueStatus, Role, TaskStatus, Urgency
from crmgov.domain.issues.model import Issue, Task, Transition
from crmgov.domain.phases.model import Phase
from crmgov.services.demo.text import DemoText, IssueTemplate

NEW, TRI, IP = IssueStatus.NEW, IssueStatus.TRIAGED, IssueStatus.IN_PROGRESS
RO, RES, CL = IssueStatus.REOPENED, IssueStatus.RESOLVED, IssueStatus.CLOSED
U, G = Urgency.URGENT, Urgency.GENERAL

# Open issues: (status, urgency, hours before midnight of today). Urgent: 48 h window, at
# risk in its last 9.6 h; general: 120 h, at risk in its last 24 h.
OPEN: tuple[tuple[IssueStatus, Urgency, int], ...] = (
    (IP, U, 62), (TRI, U, 80), (RO, U, 130), (IP, U, 200),  # overdue urgent
    (NEW, U, 21), (TRI, U, 30), (IP, U, 39),  # pass through "at risk" during the day
    (NEW, U, 2), (NEW, U, 5), (TRI, U, 8), (IP, U, 12),  # urgent, on track
    (IP, G, 100), (TRI, G, 90), (IP, G, 84), (RO, G, 95),  # general, at risk
    (IP, G, 168), (TRI, G, 216), (IP, G, 288), (NEW, G, 144),  # general, overdue
    (RO, G, 360), (IP, G, 504), (TRI, G, 192), (IP, G, 624),
    (NEW, G, 1), (NEW, G, 3), (NEW, G, 6), (NEW, G, 10), (NEW, G, 16),  # general, on track
    (TRI, G, 14), (TRI, G, 20), (TRI, G, 26), (TRI, G, 33), (TRI, G, 48), (TRI, G, 60),
    (IP, G, 22), (IP, G, 28), (IP, G, 40), (IP, G, 46), (IP, G, 52), (IP, G, 58),
    (IP, G, 64), (IP, G, 66), (IP, G, 70), (RO, G, 36), (RO, G, 44),
)
RESOLVED_COUNT, CLOSED_COUNT = 14, 91
#: Share of issues drawn from the chronic (recurring) templates.
CHRONIC_SHARE = 0.1
#: Who owns issues of each category (roster indexes: PM, consultant, internal owner, ...).
OWNERS: dict[Category, tuple[int, ...]] = {
    Category.DATA: (2, 26, 5), Category.PROCESS: (0, 5, 19), Category.SYSTEM: (2, 1),
    Category.TRAINING: (0, 1), Category.INTEGRATION: (2, 26, 1),
    Category.DEFERRED_SCOPE: (0, 2), Category.SPECIAL_CASE: (0, 19, 5),
}
#: The SOP (1-based id) an issue template concerns, where there is one.
SOP_FOR_TEMPLATE = {0: 7, 2: 3, 5: 1, 6: 4, 7: 1, 9: 2, 10: 5, 16: 3}
PM = 0


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


Spec = tuple[datetime, IssueStatus, Urgency, datetime]


def _specs(anchor: datetime, rng: random.Random) -> list[Spec]:
    """Creation time, status, urgency and SLA clock start of every issue, oldest first.

    A reopened issue's SLA clock restarts when it is reopened (domain/sla.py), so for those
    the hours in OPEN place the reopening and the issue itself was logged days earlier.
    """
    day, minute = timedelta(days=1), timedelta(minutes=1)
    specs: list[Spec] = []
    for status, urg, hours in OPEN:
        earlier = rng.randint(2, 8) * day if status is RO else timedelta()
        clock = anchor - timedelta(hours=hours)
        specs.append((clock - earlier, status, urg, clock))
    for status, count, (lo, hi) in ((RES, RESOLVED_COUNT, (1, 20)), (CL, CLOSED_COUNT, (15, 400))):
        for _ in range(count):
            created = anchor - rng.randint(lo, hi) * day + rng.randint(8 * 60, 18 * 60) * minute
            specs.append((created, status, U if rng.random() < 0.3 else G, created))
    return sorted(specs, key=lambda s: s[0])


class _TemplatePicker:
    """Draws issue templates; a non-chronic template is never repeated for the same account,
    and one whose title names no account is used once, so only chronic problems repeat."""

    def __init__(self, text: DemoText, rng: random.Random) -> None:
        self.text, self.rng = text, rng
        self.chronic = [i for i, t in enumerate(text.issues) if t.chronic]
        self.regular = [i for i, t in enumerate(text.issues) if not t.chronic]
        self.used: dict[int, set[int]] = {}

    def pick(self) -> tuple[int, int]:
        rng, accounts = self.rng, range(len(self.text.accounts))
        for _ in range(1000):
            chronic = rng.random() < CHRONIC_SHARE
            index = rng.choice(self.chronic if chronic else self.regular)
            used = self.used.setdefault(index, set())
            if chronic:
                account = rng.choice(accounts)
            else:
                free = [a for a in accounts if a not in used]
                if not free or (used and "{account}" not in self.text.issues[index].title):
                    continue
                account = rng.choice(free)
            used.add(account)
            return index, account
        return self.chronic[0], 0  # unreachable with the shipped pools; keeps the loop finite


def _transitions(
    status: IssueStatus, created: datetime, anchor: datetime, span: timedelta,
    reopen_cycle: bool, who: dict[str, str],
) -> list[Transition]:
    """Status changes consistent with `status`, between `created` and `created + span`."""
    if status is CL:
        path = [NEW, TRI, IP, RES, RO, IP, RES, CL] if reopen_cycle else [NEW, TRI, IP, RES, CL]
        marks = [0, .1, .3, .6, .7, .8, 1, 1.4] if reopen_cycle else [0, .1, .3, 1, 1.4]
    else:
        path = {NEW: [NEW], TRI: [NEW, TRI], IP: [NEW, TRI, IP], RES: [NEW, TRI, IP, RES],
                RO: [NEW, TRI, IP, RES, RO]}[status]
        marks = [0, .1, .3, .7, 1] if status is RO else [0, .2, .45, 1][: len(path)]
    out = []
    for state, mark in zip(path, marks, strict=True):
        moment = min(_minute(created + span * mark), anchor)
        out.append(Transition(status=state, at=moment, by=who[state.value]))
    return out


def _tasks(
    text: DemoText, status: IssueStatus, category: Category, created: datetime, owner: str,
    helpers: list[str], rng: random.Random,
) -> list[Task]:
    if status is NEW:
        return []
    if status in (TRI, RES):
        count = 1 if status is TRI else 2
    else:
        count = rng.randint(2, 3) if status in (IP, RO) else rng.randint(1, 3)
    texts = rng.sample(text.task_texts[:-1], count)
    if category in (Category.DEFERRED_SCOPE, Category.SPECIAL_CASE):
        texts[-1] = text.task_texts[-1]
    tasks = []
    for i, task_text in enumerate(texts):
        due = created.date() + timedelta(days=1 + 3 * i + rng.randint(0, 2))
        state, note = TaskStatus.OPEN, ""
        if status in (CL, RES) or (status in (IP, RO) and i == 0):
            state, note = TaskStatus.DONE, rng.choice(text.task_done_notes)
            if status is CL and i > 0 and rng.random() < 0.1:
                state, note = TaskStatus.DROPPED, text.task_dropped_note
        tasks.append(Task(text=task_text, owner=owner if i == 0 else rng.choice(helpers),
                          due=due, status=state, note=note))
    return tasks


def issues(
    text: DemoText, people: list[StaffMember], phases: list[Phase], today: date,
    rng: random.Random,
) -> tuple[list[Issue], dict[int, list[int]]]:
    """The issue log, oldest first (so an issue's id is its position + 1), and the ids of
    the issues made from each template (by template index)."""
    anchor = datetime.combine(today, time())
    names = [p.name for p in people]
    requesters = [p.name for p in people if p.active and p.role in (
        Role.VETERAN, Role.SALES_ASSISTANT, Role.NEW_HIRE, Role.PROJECT_MANAGER)]
    helpers = [names[i] for i in (0, 1, 2, 5, 19, 26)]
    phase2_start = phases[1].actual_start or today
    picker = _TemplatePicker(text, rng)
    seen: dict[int, list[int]] = {}
    out: list[Issue] = []
    for number, (created, status, urgency, clock) in enumerate(_specs(anchor, rng), start=1):
        index, account = picker.pick()
        tpl = text.issues[index]
        earlier = seen.setdefault(index, [])
        fill = {"account": text.accounts[account]}
        owner = "" if status is NEW else names[rng.choice(OWNERS[tpl.category])]
        requester = rng.choice(requesters)
        window = timedelta(hours=48 if urgency is U else 120)
        if status is CL:
            span = window * rng.uniform(0.15, 1.35)  # some closed issues missed their window
        else:
            # Open: changes spread up to now (a reopened one's reopening starts its clock).
            span = (clock if status is RO else anchor) - created if status is not RES else min(
                window * rng.uniform(0.2, 1.2), (anchor - created) * 0.9)
        who = {"new": requester, "triaged": names[PM], "in_progress": owner or names[PM],
               "resolved": owner or names[PM], "reopened": requester, "closed": names[PM]}
        phase = 1 if created.date() < phase2_start else 2
        if phase == 2 and tpl.category in (Category.INTEGRATION, Category.DEFERRED_SCOPE):
            phase = 3 if rng.random() < 0.5 else 2
        issue = Issue(
            title=tpl.title.format(**fill), description=tpl.description.format(**fill),
            requester=requester, demands=tpl.demands, category=tpl.category, urgency=urgency,
            status=status, owner=owner, phase_id=phase, sop_id=SOP_FOR_TEMPLATE.get(index),
            created_at=created, recurring=tpl.chronic and bool(earlier),
            related_ids=earlier[-3:] if tpl.chronic else [], self_handling=tpl.self_handling,
            tasks=_tasks(text, status, tpl.category, created, owner or names[PM], helpers, rng),
            transitions=_transitions(status, created, anchor, span, rng.random() < 0.1, who),
        )
        _analysis(issue, tpl, text, len(earlier), rng)
        earlier.append(number)
        out.append(issue)
    return out, seen


def _analysis(
    issue: Issue, tpl: IssueTemplate, text: DemoText, occurrence: int, rng: random.Random
) -> None:
    """Root cause, corrective and preventive action as far as the issue has got."""
    status, chronic = issue.status, tpl.chronic
    if status in (IP, RO) and rng.random() < 0.5:
        issue.root_cause = tpl.root_cause
    if status not in (RES, CL):
        return
    issue.root_cause, issue.corrective_action = tpl.root_cause, tpl.corrective
    if status is RES:
        if tpl.chronic and occurrence > 1 or rng.random() < 0.5:
            issue.preventive_action = tpl.preventive
        return
    if chronic and occurrence <= 1:
        # Only the rows were fixed, which is why the problem came back.
        issue.no_preventive_reason = rng.choice(text.weak_no_preventive_reasons)
    elif not chronic and rng.random() < 0.1:
        issue.no_preventive_reason = rng.choice(text.no_preventive_reasons)
    else:
        issue.preventive_action = tpl.preventive
        issue.preventive_fed_back = rng.random() < 0.7
