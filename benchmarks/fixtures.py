"""Large synthetic projects for benchmarks (and for trying the TUI at scale by hand).

python -m benchmarks.fixtures /tmp/big.json 100000
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from crmgov.domain.enums import Category, IssueStatus, TaskStatus, Urgency
from crmgov.domain.issues.model import SELF_HANDLING_CATEGORIES, Issue, Task, Transition
from crmgov.services.projects import init_project

_WORDS = (
    "customer duplicate contact role empty report wrong opportunity stage missing approval "
    "payment term invoice ERP sync failed lead import training quote discount region owner"
).split()


def synthetic_issues(n: int, now: datetime, seed: int = 1) -> list[Issue]:
    """`n` varied issues spread over the last year: every urgency, status and category.

    Only data crmgov's own rules accept, so that `issue export` → `issue import` (also
    `--as-new` into an empty project) takes every one back (issue 19): the history
    starts with "new" when the issue was logged; a finished issue's tasks are done; a
    closed one has a root cause, a preventive action and, for deferred scope and special
    cases, how the company handles it itself.
    """
    rng = random.Random(seed)
    statuses = list(IssueStatus)
    out = []
    for i in range(n):
        created = now - timedelta(hours=rng.randint(0, 24 * 365))
        status = rng.choice(statuses)
        category = rng.choice(list(Category))
        title = " ".join(rng.choice(_WORDS) for _ in range(5))
        closed = status is IssueStatus.CLOSED
        finished = status in (IssueStatus.RESOLVED, IssueStatus.CLOSED)
        history = [Transition(status=IssueStatus.NEW, at=created, by="bench")]
        if status is not IssueStatus.NEW:
            history.append(Transition(status=status, at=created + timedelta(hours=1),
                                      by="bench"))
        out.append(
            Issue(
                title=f"{title} #{i}",
                description=" ".join(rng.choice(_WORDS) for _ in range(20)),
                requester=f"user{rng.randint(1, 200)}",
                category=category,
                urgency=rng.choice(list(Urgency)),
                status=status,
                owner=f"owner{rng.randint(1, 40)}",
                created_at=created,
                tasks=[
                    Task(
                        text="investigate", owner="owner1",
                        due=(created + timedelta(days=3)).date(),
                        status=TaskStatus.DONE if finished else TaskStatus.OPEN,
                    )
                ],
                transitions=history,
                root_cause="cause" if closed else "",
                preventive_action="prevent" if closed else "",
                self_handling="the sales office handles it by hand"
                if closed and category in SELF_HANDLING_CATEGORIES else "",
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
