"""Gate evaluation on a big project: 100k issues, 5,000 staff (goal: ≤ 1 s in process).

python -m benchmarks.bench_gates [ISSUES] [STAFF]

Builds the models in memory (no file), then times, as medians of 5 runs: gathering the
gate's issue facts (domain.phases.scope.gate_issues), judging every gate of four phases
(domain.phases.rules.evaluate_gate), and the whole readiness (the dashboard's figures,
which judge every gate too). Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta

from benchmarks.fixtures import synthetic_issues
from crmgov.domain.certification.model import Certification, StaffMember
from crmgov.domain.enums import DataKind, PhaseKind, Role
from crmgov.domain.phases.model import Phase, PhaseScope
from crmgov.domain.phases.rules import evaluate_gate
from crmgov.domain.phases.scope import LiveInputs, gate_issues
from crmgov.domain.project import Project
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.readiness import readiness
from crmgov.domain.sops.model import SOP, Acknowledgement, SOPVersion
from crmgov.services.phases.checklists import load_gate_checklists

NOW = datetime(2026, 11, 23, 9, 30)
DEPARTMENTS = ("Sales", "Service", "Finance", "IT")
REGIONS = ("East", "South", "North", "West")


def _median(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build(n_issues: int, n_staff: int):
    rng = random.Random(7)
    staff = [StaffMember(id=i, name=f"owner{i}", role=rng.choice(
        [Role.VETERAN, Role.NEW_HIRE, Role.SALES_ASSISTANT]),
        department=rng.choice(DEPARTMENTS), region=rng.choice(REGIONS))
        for i in range(1, n_staff + 1)]
    certs = [Certification(id=i, staff_id=i, attempt_id=i, issued_on=date(2026, 1, 1))
             for i in range(1, n_staff + 1) if rng.random() < 0.9]
    sops = [SOP(id=i, code=f"SOP-{i}", title="t", department=DEPARTMENTS[i % 4],
                versions=[SOPVersion(version=1, summary="s", author="a",
                                     written_on=date(2026, 1, 1), approved_by="b",
                                     approved_on=date(2026, 1, 2))],
                acknowledgements=[Acknowledgement(staff_id=s.id, version=1, on=date(2026, 2, 1))
                                  for s in staff if rng.random() < 0.8])
            for i in range(1, 21)]
    quality = [QualityMeasurement(id=i, table=t, kind=DataKind.STATIC, measured_on=NOW.date(),
                                  records=1000, errors=30)
               for i, t in enumerate(("Accounts", "Contacts", "Service cases"), 1)]
    issues = synthetic_issues(n_issues, NOW)
    for n, i in enumerate(issues, 1):
        i.id = n
    lists = load_gate_checklists()
    phases = [
        Phase(id=n, order=n, name=kind.value, kind=kind, goal="g",
              scope=PhaseScope(departments=list(DEPARTMENTS[:n]), regions=list(REGIONS[:n])),
              gate=[e.gate_item("en") for e in lists.for_kind(kind)],
              planned_start=NOW.date() - timedelta(days=100))
        for n, kind in enumerate((PhaseKind.PILOT, PhaseKind.EXPAND, PhaseKind.INTEGRATE,
                                  PhaseKind.OTHER), 1)
    ]
    return Project(name="big", executive_sponsor="S"), staff, certs, sops, quality, issues, phases


def main() -> None:
    n_issues = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n_staff = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000
    project, staff, certs, sops, quality, issues, phases = build(n_issues, n_staff)
    print(f"{n_issues} issues, {n_staff} staff, {len(phases)} phases, "
          f"{sum(len(p.gate) for p in phases)} gate items")
    facts = gate_issues(issues, project.sla)

    def inputs() -> LiveInputs:
        return LiveInputs(project=project, now=NOW, staff=staff, certifications=certs,
                          sops=sops, quality=quality, issues=facts, plan=[], phases=phases)

    t_facts = _median(lambda: gate_issues(issues, project.sla))
    t_one = _median(lambda: evaluate_gate(phases[1], inputs()))
    t_all = _median(lambda: [evaluate_gate(p, inputs()) for p in phases])
    t_ready = _median(lambda: readiness(project, phases, staff, certs, [], issues, sops, [],
                                        quality, NOW))
    print(f"gate facts of every issue:           {t_facts:.3f} s")
    print(f"one gate (expand, 2 depts/regions):  {t_one:.3f} s")
    print(f"every gate (4 phases):               {t_all:.3f} s")
    print(f"facts + one gate (crmgov gate):      {t_facts + t_one:.3f} s  (goal <= 1 s)")
    print(f"whole readiness (dashboard figures): {t_ready:.3f} s")


if __name__ == "__main__":
    main()
