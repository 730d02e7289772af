"""What the screens that act on records share: finding the highlighted record, and
telling the user once a form saved (then every area refreshes)."""

from __future__ import annotations

from typing import Any, ClassVar

from crmgov.i18n import _


def after_save(app: Any, result: Any, message: str | None = None) -> bool:
    """A form or a worker saved something (`result`; None: nothing was saved): tell the
    user (`message`, else `result` as text) and refresh every area. Whether it did."""
    if result is None:
        return False
    app.notify(str(result) if message is None else message)
    app.data_changed()
    return True


class RecordActions:
    """Mixin for screens with a current record (`selected_id()`) of table `TABLE`."""

    app: Any
    store: Any
    TABLE: ClassVar[str] = ""
    """The store table the highlighted record is in."""
    SAVED: ClassVar[str] = ""
    """msgid (marked with N_) of the notice for a saved record, with `{id}`."""

    def selected_id(self) -> int | None:
        raise NotImplementedError

    def _current(self) -> Any:
        record_id = self.selected_id()
        if record_id is None or not self.store.loaded:
            self.app.bell()
            return None
        try:
            return self.store.get(self.TABLE, record_id)
        except KeyError:
            self.app.bell()
            return None

    def _saved(self, result: Any) -> None:
        """A form saved something: tell the user and refresh every area."""
        record = result is not None and not isinstance(result, str)
        after_save(self.app, result, _(self.SAVED, id=result.id) if record else None)
