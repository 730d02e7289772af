"""Recurrence detection: same category and similar text, in English and Chinese."""

from __future__ import annotations

from datetime import datetime

import pytest

from crmgov.domain.enums import Category
from crmgov.domain.issues.model import Issue
from crmgov.domain.issues.recurrence import RecurrenceIndex, find_similar

T0 = datetime(2026, 11, 2, 9, 0)


def _issue(i: int, title: str, category: Category = Category.DATA, desc: str = "x") -> Issue:
    return Issue(id=i, title=title, description=desc, category=category, created_at=T0)


EARLIER = [
    _issue(1, "Duplicate customer contacts after import"),
    _issue(2, "客户重复录入导致报表错误"),
    _issue(3, "Quote discount approval stuck", Category.PROCESS),
    _issue(4, "Duplicate customer contacts after import", Category.TRAINING),
]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Customer contacts duplicated after the import", [1]),
        ("duplicate CUSTOMER contacts, after import!", [1]),
        ("客户被重复录入，报表数据错误", [2]),
        ("Quote discount approval stuck", []),  # same text, other category
        ("Opportunity stage missing on pipeline report", []),
        ("客户报表导出错误", []),  # shares words, but a different problem
        ("报价折扣审批卡住了", []),
    ],
)
def test_similar_titles_in_the_same_category(title: str, expected: list[int]) -> None:
    assert find_similar(Category.DATA, title, "something else entirely", EARLIER) == expected


def test_near_identical_description_counts_even_with_another_title() -> None:
    desc = "When the ERP sync runs at night the invoice totals are doubled for East region"
    earlier = [_issue(7, "Invoice totals wrong", Category.INTEGRATION, desc)]
    found = find_similar(Category.INTEGRATION, "Night job problem", desc + ".", earlier)
    assert found == [7]


def test_index_links_at_most_five_best_first() -> None:
    index = RecurrenceIndex(
        [_issue(i, f"Lead import missing region {'!' * i}") for i in range(1, 9)]
    )
    found = index.similar(Category.DATA, "Lead import missing region", "")
    assert len(found) == 5
    assert index.size(Category.DATA) == 8 and index.size(Category.SYSTEM) == 0


def test_find_similar_answers_as_the_index_does() -> None:
    """find_similar builds its one bucket directly (speed, issue 23): the same ids in the
    same order as RecurrenceIndex over the same earlier issues, whatever the category."""
    from crmgov.domain.issues.recurrence import Earlier

    texts = ["Duplicate customer contacts", "Customer contacts duplicated", "客户联系人重复",
             "重复的客户联系人", "Night job fails at two", "Night job failed at 2"]
    earlier = [
        Earlier(n + 1, list(Category)[n % 3], texts[n % len(texts)],
                f"{texts[(n * 5) % len(texts)]} after the import of the week's file")
        for n in range(60)
    ]
    for category in list(Category)[:4]:
        for title in texts:
            for description in ("", "Night job fails at two after the import of the week's file"):
                index = RecurrenceIndex(e for e in earlier if e.category == category)
                assert find_similar(category, title, description, earlier) == index.similar(
                    category, title, description)
