"""One translation function for every user-facing string, with en and zh catalogs.

Message ids are the English text (the gettext convention), so English needs no catalog
lookup and a missing Chinese entry falls back to readable English. Chinese catalogs are
JSON files under crmgov/locale/zh/, one per area, merged on load; a test checks that every
literal passed to `_()` or `N_()` in the package has a Chinese entry.

The language in force has two levels. The process default is what `--lang`, the settings
or the project choose (`set_language`: the TUI and the CLI, one person at a time). Over
it, `use_language` puts another language in force for the current context only (a
`contextvars.ContextVar`: this thread, or this asyncio task), so a server thread or a
report rendered in the other language (services.templates.in_language) never changes
what another thread translates.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from crmgov.paths import locale_dir

LANGUAGES = ("en", "zh")
_LOCALE_DIR = locale_dir()

#: The process default (`set_language`).
_default = {"lang": "en"}
#: This context's own language (`use_language`); None: the process default.
_current: ContextVar[str | None] = ContextVar("crmgov_language", default=None)
#: Loaded catalogs by language (a catalog is read once, then only read from).
_catalogs: dict[str, dict[str, str]] = {"en": {}}


def load_catalog(lang: str) -> dict[str, str]:
    """Merge every catalog file of a language (empty for English)."""
    catalog: dict[str, str] = {}
    folder = _LOCALE_DIR / lang
    if lang != "en" and folder.is_dir():
        for file in sorted(folder.glob("*.json")):
            catalog.update(json.loads(file.read_text(encoding="utf-8")))
    return catalog


def _checked(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    if lang not in _catalogs:
        _catalogs[lang] = load_catalog(lang)
    return lang


def set_language(lang: str) -> None:
    """Set the process's language (`--lang`, the settings, the project's language): every
    later `_()` of every thread that has no language of its own (`use_language`). Inside
    a `use_language` block it switches that block's language too."""
    _default["lang"] = _checked(lang)
    if _current.get() is not None:
        _current.set(lang)


@contextmanager
def use_language(lang: str | None) -> Iterator[None]:
    """`lang` in force inside the block for this thread (or asyncio task) only; other
    threads keep theirs, and the language before is back afterwards. None: no change."""
    if not lang:
        yield
        return
    token = _current.set(_checked(lang))
    try:
        yield
    finally:
        _current.reset(token)


def language() -> str:
    """The language in force here: this context's own, else the process default."""
    return _current.get() or _default["lang"]


def _(message: str, /, **values: object) -> str:
    """Translate `message`, then fill `{name}` placeholders from `values`."""
    text = _catalogs[language()].get(message, message)
    return text.format(**values) if values else text


def N_(message: str, /) -> str:
    """Mark a string for translation without translating it yet (module-level tables)."""
    return message


def join_list(items: Iterable[object]) -> str:
    """Items as one list in the language in force: "a, b, c" in English, "a、b、c" in
    Chinese (the enumeration comma 、, not ", "). For every list shown to a user."""
    return ("、" if language() == "zh" else ", ").join(str(item) for item in items)


#: The OS's reasons for a failed file or socket operation, by errno. Its own words
#: (strerror) are English whatever the user's language.
_OS_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("no space left on the device"),
    errno.EROFS: N_("read-only file system"),
    errno.EEXIST: N_("it already exists"),
    errno.EADDRINUSE: N_("the address is already in use"),
    errno.EADDRNOTAVAIL: N_("the address is not available on this machine"),
}


def os_reason(exc: BaseException) -> str:
    """Why a file or socket operation failed, in the language in force (the OS's words
    for the less common errors)."""
    known = _OS_REASONS.get(getattr(exc, "errno", None) or 0)
    if known is not None:
        return _(known)
    return getattr(exc, "strerror", None) or str(exc)
