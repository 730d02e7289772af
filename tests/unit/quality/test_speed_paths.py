"""The fast paths of `data check` give the results of the slow ones (issue 22 item 13):
crowded cores left out of the all-with-all comparison."""

from __future__ import annotations

import random

import polars as pl
import pytest

from crmgov.domain.quality.mapping import DuplicateRule
from crmgov.services.quality import duplicates
from crmgov.services.quality.duplicates import find_duplicates


def _names() -> pl.DataFrame:
    """A numbered series (every name crowded: many near twins), long names with typos (a
    few twins each), all in one block big enough for the window pass."""
    rng = random.Random(13)
    rows = [(f"A{i}", f"Company {rng.randrange(40000)}" if i % 3 else
             f"Alpha Beta Gamma Trading {i}", "Wuxi") for i in range(1500)]
    for i in range(600):
        word = "".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randrange(10, 24)))
        rows.append((f"S{i}", word, "Wuxi"))
        p = rng.randrange(len(word) - 1)
        if i % 5 == 0:
            rows.append((f"T{i}", word[:p] + word[p + 1] + word[p] + word[p + 2:], "Wuxi"))
        if i % 7 == 0:
            rows.append((f"U{i}", word[:p] + "x" + word[p + 1:], "Wuxi"))
            rows.append((f"V{i}", word[:p] + "xy" + word[p + 2:], "Wuxi"))
    return pl.DataFrame(rows, schema=["id", "name", "city"], orient="row")


def test_the_window_pass_changes_no_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _names()
    rule = DuplicateRule(field="name", block="city")
    fast = find_duplicates(frame, "id", rule, None, {})
    monkeypatch.setattr(duplicates, "WINDOW", 0)  # every long core against every other
    slow = find_duplicates(frame, "id", rule, None, {})
    assert fast.pairs == slow.pairs and fast.duplicate_rows == slow.duplicate_rows
    assert len(slow.pairs) > 50 and any(not p.flagged for p in slow.pairs)
