"""Spot-check planning and the report over 5,000 staff and 50,000 past checks.

python -m benchmarks.bench_spotchecks [STAFF] [CHECKS]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from crmgov.domain.certification.model import Certification, QuizAttempt, StaffMember
from crmgov.domain.enums import Role
from crmgov.domain.sops.model import SOP, SOPVersion
from crmgov.domain.spotchecks.model import SpotCheck
from crmgov.services.projects import init_project
from crmgov.services.spotchecks.plan import plan_checks
from crmgov.services.spotchecks.report import render_report

NOW = datetime(2026, 11, 23, 9, 30)


def _timed(fn) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(n_staff: int, n_checks: int) -> None:
    rng = random.Random(1)
    path = Path(tempfile.mkdtemp(prefix="crmgov-bench-spot-")) / "p.json"
    store = init_project(path, "Bench", "bench", clock=lambda: NOW)
    roles = [Role.VETERAN, Role.SALES_ASSISTANT, Role.NEW_HIRE]
    staff = [StaffMember(name=f"Person {i}", role=rng.choice(roles),
                         department=f"Dept {i % 12}") for i in range(n_staff)]
    body = "\n".join(f"{n}. Step {n} of the procedure." for n in range(1, 9))
    version = SOPVersion(version=1, summary="first", body=body, author="A",
                         written_on=date(2025, 1, 1), approved_by="B",
                         approved_on=date(2025, 1, 2), status="approved",
                         step_ids=list(range(1, 9)))
    with store.transaction("bench") as txn:
        people = txn.insert_many("staff", staff)
        sops = txn.insert_many("sops", [SOP(code=f"SOP-{k:02d}", title=f"SOP {k}",
                                            versions=[version]) for k in range(20)])
        attempts = txn.insert_many("quiz_attempts", [QuizAttempt(
            staff_id=p.id, bank="b", taken_at=NOW - timedelta(days=30), system_score=90,
            process_score=90) for p in people])
        txn.insert_many("certifications", [Certification(
            staff_id=a.staff_id, attempt_id=a.id, issued_on=date(2026, 10, 1),
            expires_on=date(2027, 10, 1)) for a in attempts])
        txn.insert_many("spot_checks", [SpotCheck(
            staff_id=rng.choice(people).id, auditor="Audit",
            checked_on=NOW.date() - timedelta(days=rng.randint(1, 700)), records_checked=20,
            deviations=rng.choice([0, 0, 0, 1, 2, 5]), sop_id=rng.choice(sops).id)
            for _ in range(n_checks)])
    print(f"{n_staff:,} staff, {n_checks:,} past checks ({path.stat().st_size / 1e6:.1f} MB)")
    seconds = _timed(lambda: plan_checks(store, NOW, count=20, seed=7))
    print(f"  plan 20 checks (draw + write)   {seconds:6.3f} s")
    for fmt in ("md", "html", "docx"):
        seconds = _timed(lambda f=fmt: render_report(store, "spotchecks", f, NOW, "en"))
        print(f"  report {fmt:<5}                   {seconds:6.3f} s")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args or [5000, 50000]))
