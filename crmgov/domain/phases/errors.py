"""The refusal raised by the phases area's rules and use cases."""

from __future__ import annotations


class PhaseRuleError(ValueError):
    """An expected refusal, already translated; `field` names the field concerned so a
    form can show the message beside it (tui.dialogs.form reads `problems`)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.problems: tuple[tuple[str, str], ...] = ((field, message),)
