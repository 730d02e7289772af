"""SOPs at scale: 500 SOPs × 5 versions — list rows, a word diff, the handbook (md/html/docx).

Prints figures, asserts nothing. Run: .venv/bin/python -m benchmarks.bench_sops [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import Role, SOPStatus
from crmgov.domain.sops.model import SOP, Acknowledgement, SOPVersion
from crmgov.domain.sops.rules import assign_step_ids, parse_steps, steps_of
from crmgov.services.projects import init_project

NOW = datetime(2026, 11, 23, 9, 30)


def _sop(n: int, versions: int, staff: int) -> SOP:
    out: list[SOPVersion] = []
    for v in range(1, versions + 1):
        steps = [f"Step {s} of procedure {n}: check the record, fill field {s * v} and confirm "
                 f"with the owner before {s + v} o'clock." for s in range(1, 9 + v % 3)]
        body = f"Purpose of SOP {n}.\n\n" + "\n".join(f"{i}. {t}" for i, t in enumerate(steps, 1))
        old = steps_of(out[-1]) if out else []
        ids = assign_step_ids(old, parse_steps(body), 20 * v)
        day = date(2025, 1, 1) + timedelta(days=40 * v)
        status = SOPStatus.APPROVED if v == versions else SOPStatus.SUPERSEDED
        out.append(SOPVersion(version=v, summary=f"v{v}", body=body, author="Li", written_on=day,
                              approved_by="Wang", approved_on=day, effective_on=day,
                              status=status, step_ids=ids))
    acks = [Acknowledgement(staff_id=s, version=versions, on=date(2026, 1, 1))
            for s in range(1, staff + 1, 2)]
    return SOP(code=f"SOP-B-{n:04d}", title=f"Procedure {n}", departments=["Sales"],
               approver="Wang", versions=out, acknowledgements=acks)


def timed(label: str, fn, repeat: int = 3) -> object:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<42} {best * 1000:8.1f} ms (best of {repeat})")
    return result


def main(count: int = 500) -> None:
    from crmgov.services.reports import render_report
    from crmgov.services.sops.queries import diff_versions, sop_rows

    with tempfile.TemporaryDirectory() as tmp:
        store = init_project(Path(tmp) / "bench.json", "Bench", "bench", clock=lambda: NOW)
        start = time.perf_counter()
        staff = [StaffMember(name=f"P{i}", role=Role.VETERAN, department="Sales")
                 for i in range(40)]
        sops = [_sop(n, 5, 40) for n in range(1, count + 1)]
        with store.transaction("bench") as txn:
            txn.insert_many("staff", staff)
            txn.insert_many("sops", sops)
        print(f"{count} SOPs × 5 versions, 40 staff: built and written in "
              f"{time.perf_counter() - start:.2f} s ({store.path.stat().st_size / 1e6:.1f} MB)")
        timed("sop_rows (the list, all SOPs)", lambda: sop_rows(store, NOW.date()))
        timed("word diff v1 → v5 of one SOP", lambda: diff_versions(store, "SOP-B-0250", 1, 5),
              repeat=20)
        for fmt in ("md", "html", "docx"):
            out = timed(f"handbook {fmt}", lambda fmt=fmt: render_report(store, "sops", fmt, NOW),
                        repeat=1 if fmt == "docx" else 3)
            print(f"{'':<42} {len(out) / 1e6:8.2f} MB")  # type: ignore[arg-type]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
