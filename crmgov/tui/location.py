"""How the TUI names where the project is: a file by its path (or name), a database by
its DSN without the password (`storage.dsn.shown`), its `//` kept.

A DSN must never go through `Path`: that folds `postgresql://` into `postgresql:/`.
Light on purpose (standard library only): the first frame names the place.
"""

from __future__ import annotations

from typing import Any


def place_name(store: Any) -> str:
    """A store's (or the pending store's) place, short: the file's name, the database's
    shown DSN."""
    if getattr(store, "file_backed", True):
        return str(store.path.name)
    return str(store.location)


def error_place(error: Any) -> tuple[str, str]:
    """(full, short) names of where a StoreError happened: the database's shown DSN
    (DatabaseError keeps it as `location`), else the file's path and name."""
    location = getattr(error, "location", None)
    if isinstance(location, str):
        return location, location
    return str(error.path), str(error.path.name)
