"""The handover: the consultant's closing review of a project."""

from __future__ import annotations

from crmgov.domain.handover.review import ClosingReview, closing_review
from crmgov.storage.store import ProjectStore


def project_closing_review(store: ProjectStore) -> ClosingReview:
    """The closing review answered from the project file."""
    return closing_review(
        store.project, store.all("sops"), store.all("issues"), store.all("staff"),
        store.all("plan"),
    )
