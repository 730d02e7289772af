"""The shortcuts of the fast paths (issue 23) give exactly what the rules they stand for
give: the recurrence's choice text, the SLA clock from its clock steps, the JSON of a
listing written without building its dicts."""

from __future__ import annotations

import io
import sys
from datetime import timedelta
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from benchmarks.fixtures import synthetic_issues
from crmgov.cli.issues import sla_fields, write_issues_json
from crmgov.domain.enums import IssueStatus
from crmgov.domain.issues.model import Transition
from crmgov.domain.issues.recurrence import _choice, normalise
from crmgov.domain.issues.sla import CLOCK_STEPS, sla_clock
from crmgov.domain.project import SLASettings
from crmgov.services.issues.log import rows_of
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW

_TEXT = st.lists(
    st.sampled_from(list("abc de,.-!_\t\n  ÄßÉ1") + ["客户", "重复", "联系人", "、", "。", "ｱ"]),
    max_size=20,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(query=_TEXT, choice=_TEXT)
def test_the_choice_text_scores_as_the_normalised_text(query: str, choice: str) -> None:
    q = normalise(query)
    assert fuzz.token_sort_ratio(q, _choice(choice), processor=None) == (
        fuzz.token_sort_ratio(q, normalise(choice), processor=None))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), hours=st.integers(-24 * 30, 24 * 30),
       reopen=st.booleans())
def test_the_clock_from_its_steps_is_the_clock(seed: int, hours: int, reopen: bool) -> None:
    now = FIXED_NOW + timedelta(hours=hours)
    issues = synthetic_issues(30, FIXED_NOW, seed=seed)
    if reopen:
        issues = [i.model_copy(update={"status": IssueStatus.REOPENED, "transitions": [
            *i.transitions,
            Transition(status=IssueStatus.RESOLVED, at=i.created_at + timedelta(days=1)),
            Transition(status=IssueStatus.REOPENED, at=i.created_at + timedelta(days=2)),
            Transition(status=IssueStatus.IN_PROGRESS, at=i.created_at + timedelta(days=3)),
        ]}) for i in issues]
    stepped = [i.model_copy(update={"transitions": [
        t for t in i.transitions if t.status in CLOCK_STEPS]}) for i in issues]
    sla = SLASettings()
    assert list(sla_clock(stepped, sla, now)) == list(sla_clock(issues, sla, now))


class _Docs:
    def __init__(self, store: ProjectStore) -> None:
        self.store = store

    def stored_json_many(self, table: str, ids: list[int]) -> list[bytes]:
        return [self.store.stored_json(table, i) for i in ids]


def test_listing_json_is_the_issue_json(empty_store: ProjectStore, monkeypatch: Any) -> None:
    with empty_store.transaction("t") as txn:
        txn.insert_many("issues", synthetic_issues(200, FIXED_NOW))
    for now in (FIXED_NOW, FIXED_NOW + timedelta(hours=7, minutes=13, seconds=5)):
        rows = rows_of(empty_store.all("issues"), empty_store, now, with_text=False)
        out = io.BytesIO()
        wrapper = io.TextIOWrapper(out)
        monkeypatch.setattr(sys, "stdout", wrapper)
        write_issues_json(_Docs(empty_store), rows, now)
        monkeypatch.undo()
        wrapper.flush()
        data = out.getvalue()
        expected = [{**i.model_dump(mode="json"), **sla_fields(r, now)}
                    for i, r in zip(empty_store.all("issues"), rows, strict=True)]
        assert orjson.loads(data) == expected
        for line, row in zip(data.splitlines()[1:-1], rows, strict=True):
            tail = orjson.dumps(sla_fields(row, now))[1:]
            assert line.rstrip(b",").endswith(b"," + tail), line[-120:]
