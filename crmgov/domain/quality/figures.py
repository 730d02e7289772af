"""The data-quality part of the readiness figures (domain.readiness)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crmgov.domain.quality.model import QualityMeasurement


@dataclass
class QualityFigures:
    tables: int
    within_threshold: int
    failing: list[str]


def quality_figures(measurements: Sequence[QualityMeasurement]) -> QualityFigures:
    """The latest measurement of each CRM table against its error-rate threshold."""
    latest: dict[str, QualityMeasurement] = {}
    for m in sorted(measurements, key=lambda m: m.measured_on):
        latest[m.table] = m
    failing = sorted(t for t, m in latest.items() if not m.within_threshold)
    return QualityFigures(len(latest), len(latest) - len(failing), failing)
