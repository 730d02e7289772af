"""Recurrence: does a new issue resemble earlier ones of the same category?

domain.md §4: when an error recurs, find the root cause rather than fixing the row again.
A recurring issue is linked to the issues it resembles and can only be closed with a
preventive action.

Scorer: rapidfuzz's `token_sort_ratio` (word order does not matter: "Duplicate customer
contacts" ≈ "Customer contacts duplicated"). Chinese has no spaces between words, so CJK
characters are split into single-character tokens first; without that, a Chinese title is
one token and reordered phrases score low. Titles match at ≥ 80, descriptions (longer,
noisier) at ≥ 90. Only issues of the same category are compared, and `process.extract`
with a `score_cutoff` keeps the comparison in C: ~10 ms against 15,000 earlier issues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils

from crmgov.domain.enums import Category
from crmgov.domain.issues.model import Issue

#: Title similarity (0–100) at or above which two issues count as the same problem.
TITLE_CUTOFF = 80.0
#: Description similarity at or above which two issues count as the same problem.
DESCRIPTION_CUTOFF = 90.0
#: Descriptions shorter than this (normalised) carry too little to compare: "see title"
#: would otherwise make unrelated issues recur.
MIN_DESCRIPTION_CHARS = 20
#: How many earlier issues a recurring one is linked to, at most.
MAX_LINKS = 5

_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def normalise(text: str) -> str:
    """Lower-case, punctuation out, each CJK character its own token."""
    return " ".join(_CJK.sub(r" \1 ", utils.default_process(text)).split())


def _choice(text: str) -> str:
    """`normalise` as far as `token_sort_ratio` can tell: it splits on whitespace itself,
    so the runs of spaces need not be collapsed, and ASCII text holds no CJK. 15x faster
    than `normalise` (a new issue is compared with every earlier one of its category; a
    test holds the scores equal)."""
    processed = utils.default_process(text)
    return processed if text.isascii() else _CJK.sub(r" \1 ", processed)


@dataclass
class _Bucket:
    ids: list[int] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)


class Earlier(NamedTuple):
    """What the comparison reads of an earlier issue: a database answers these from its
    columns without validating every issue (storage.interface.Store.fields)."""

    id: int
    category: Category | str
    title: str
    description: str


class RecurrenceIndex:
    """Earlier issues by category, normalised once, for matching many new issues."""

    def __init__(self, earlier: Iterable[Issue | Earlier] = ()) -> None:
        self._buckets: dict[Category, _Bucket] = {}
        for issue in earlier:
            self.add(issue.id, issue.category, issue.title, issue.description)

    def __len__(self) -> int:
        return sum(len(b.ids) for b in self._buckets.values())

    def size(self, category: Category) -> int:
        """How many earlier issues of `category` a new one is compared with."""
        bucket = self._buckets.get(category)
        return len(bucket.ids) if bucket else 0

    def add(
        self, issue_id: int, category: Category | str, title: str, description: str
    ) -> None:
        """Make an issue available for later matches."""
        bucket = self._buckets.setdefault(Category(category), _Bucket())
        bucket.ids.append(issue_id)
        bucket.titles.append(_choice(title))
        bucket.descriptions.append(_choice(description))

    def similar(self, category: Category, title: str, description: str) -> list[int]:
        """Ids of earlier issues of the same category that resemble this one, best first."""
        bucket = self._buckets.get(category)
        if bucket is None:
            return []
        scores: dict[int, float] = {}
        for query, choices, cutoff in (
            (normalise(title), bucket.titles, TITLE_CUTOFF),
            (normalise(description), bucket.descriptions, DESCRIPTION_CUTOFF),
        ):
            if not query or (choices is bucket.descriptions and len(query) < MIN_DESCRIPTION_CHARS):
                continue
            for _choice, score, index in process.extract(
                query,
                choices,
                scorer=fuzz.token_sort_ratio,
                processor=None,
                score_cutoff=cutoff,
                limit=MAX_LINKS,
            ):
                issue_id = bucket.ids[index]
                scores[issue_id] = max(score, scores.get(issue_id, 0.0))
        ranked = sorted(scores, key=lambda i: (-scores[i], -i))
        return ranked[:MAX_LINKS]


def find_similar(
    category: Category, title: str, description: str, earlier: Iterable[Issue | Earlier]
) -> list[int]:
    """Ids of earlier issues that resemble a new one (same category, similar text);
    `earlier` in id order (it may hold only those of `category`: the answer is the same)."""
    # One bucket built directly (an add compares with ~12k issues of its category): the
    # index's per-issue Category() and appends cost more than the comparison itself. The
    # same lists as RecurrenceIndex.add builds, so the same answer (a test holds it equal).
    index = RecurrenceIndex()
    bucket = _Bucket()
    for issue in earlier:
        if issue.category == category:
            bucket.ids.append(issue.id)
            bucket.titles.append(issue.title)
            bucket.descriptions.append(issue.description)
    bucket.titles = [_choice(t) for t in bucket.titles]
    bucket.descriptions = [_choice(d) for d in bucket.descriptions]
    if bucket.ids:
        index._buckets[Category(category)] = bucket
    return index.similar(category, title, description)
