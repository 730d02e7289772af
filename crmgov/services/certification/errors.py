"""The expected refusals of the certification area (already translated, one line each)."""

from __future__ import annotations

from datetime import datetime


class CertificationError(ValueError):
    """An expected refusal: bad input or a broken rule. `field` names the input concerned
    ("" = the request as a whole), so a form can show it beside that field."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self)


class NotFound(CertificationError):
    """No record matches the id, code or name given."""


class QuizRefused(CertificationError):
    """A quiz action refused now; `code` says why in a word a program can test:

    "inactive", "quiz_inactive", "certified", "training_required", "cooldown", "retrain"
    (from `check_start`), "submitted" (the attempt is finished and immutable), "time_up"
    (the time limit passed: what was answered has been submitted), "bad_answer" (the
    choices do not fit the question), "no_quiz" (no quiz fits the person), "draw" (the bank
    cannot supply the quiz). `until`: when a cool-down ends or a certificate expires;
    `topics`: training topics still to attend; `attempt_id`: the attempt concerned.
    """

    def __init__(
        self,
        message: str,
        code: str,
        *,
        until: datetime | None = None,
        topics: tuple[str, ...] = (),
        attempt_id: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.until = until
        self.topics = topics
        self.attempt_id = attempt_id
