"""Large synthetic projects for benchmarks (and for trying the TUI at scale by hand).

python -m benchmarks.fixtures /tmp/big.json 100000
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from crmgov.domain.enums import Category, IssueStatus, Urgency
from crmgov.domain.issues.model import Issue, Task, Transition
from crmgov.services.projects import init_project

_WORDS = (
    "customer duplicate contact role empty report wrong opportunity stage missing approval "
    "payment term invoice ERP sync failed lead import training quote discount region owner"
).split()


def synthetic_issues(n: int, now: datetime, seed: int = 1) -> list[Issue]:
    """`n` varied issues spread over the last year: every urgency, status and category."""
    rng = random.Random(seed)
    statuses = list(IssueStatus)
    out = []
    for i in range(n):
        created = now - timedelta(hours=rng.randint(0, 24 * 365))
        status = rng.choice(statuses)
        title = " ".join(rng.choice(_WORDS) for _ in range(5))
        out.append(
            Issue(
                title=f"{title} #{i}",
                description=" ".join(rng.choice(_WORDS) for _ in range(20)),
                requester=f"user{rng.randint(1, 200)}",
                category=rng.choice(list(Category)),
                urgency=rng.choice(list(Urgency)),
                status=status,
                owner=f"owner{rng.randint(1, 40)}",
                created_at=created,
                tasks=[
                    Task(
                        text="investigate", owner="owner1", due=(created + timedelta(days=3)).date()
                    )
                ],
                transitions=[
                    Transition(status=status, at=created + timedelta(hours=1), by="bench")
                ],
                root_cause="cause" if status is IssueStatus.CLOSED else "",
                preventive_action="prevent" if status is IssueStatus.CLOSED else "",
            )
        )
    return out


def make_big_project(path: Path, n_issues: int, seed: int = 1) -> Path:
    """Write a project file holding `n_issues` issues (replaces an existing file)."""
    path.unlink(missing_ok=True)
    path.with_name(path.stem + ".audit.jsonl").unlink(missing_ok=True)
    store = init_project(path, f"Benchmark {n_issues}", "bench")
    now = datetime.now().replace(microsecond=0)
    with store.transaction("bench.fill") as txn:
        txn.insert_many("issues", synthetic_issues(n_issues, now, seed))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1])
    make_big_project(target, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    print(target)
