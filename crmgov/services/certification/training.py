"""Training sessions and attendance: train first, then test (先培训、后考核)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import ValidationError

from crmgov.domain.certification.training import TrainingSession
from crmgov.i18n import _
from crmgov.services.certification.errors import CertificationError, NotFound
from crmgov.services.certification.lookup import get_staff
from crmgov.storage.interface import Store

TABLE = "training"


def add_session(
    store: Store, *, topic: str, held_on: date, trainer: str, title: str = "",
    sop_codes: Sequence[str] = (), attendees: Sequence[int] = (), hours: float = 0,
) -> TrainingSession:
    """Record a training session (with whoever attended); returns it with its id."""
    for staff_id in attendees:
        get_staff(store, staff_id)
    try:
        session = TrainingSession(topic=topic, held_on=held_on, trainer=trainer, title=title,
                                  sop_codes=list(sop_codes), attendees=sorted(set(attendees)),
                                  hours=hours)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise CertificationError(f"{err['loc'][0]}: {err['msg']}", str(err["loc"][0])) from None
    with store.transaction("training.add") as txn:
        return txn.insert(TABLE, session)


def get_session(store: Store, session_id: int) -> TrainingSession:
    """One session by id; NotFound if none."""
    try:
        session: TrainingSession = store.get(TABLE, session_id)
    except KeyError:
        raise NotFound(_("no training session {id}", id=session_id), "session") from None
    return session


def record_attendance(store: Store, session_id: int, staff_ids: Sequence[int]
                      ) -> TrainingSession:
    """Add people to a session's attendance (already present: unchanged)."""
    session = get_session(store, session_id)
    for staff_id in staff_ids:
        get_staff(store, staff_id)
    attendees = sorted(set(session.attendees) | set(staff_ids))
    with store.transaction("training.attend") as txn:
        return txn.update(TABLE, session.model_copy(update={"attendees": attendees}))


def sessions_of(store: Store, staff_id: int) -> list[TrainingSession]:
    """The sessions a person attended, oldest first."""
    return sorted((s for s in store.all(TABLE) if staff_id in s.attendees),
                  key=lambda s: s.held_on)
