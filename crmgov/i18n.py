"""One translation function for every user-facing string, with en and zh catalogs.

Message ids are the English text (the gettext convention), so English needs no catalog
lookup and a missing Chinese entry falls back to readable English. Chinese catalogs are
JSON files under crmgov/locale/zh/, one per area, merged on load; a test checks that every
literal passed to `_()` or `N_()` in the package has a Chinese entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from crmgov.paths import locale_dir

LANGUAGES = ("en", "zh")
_LOCALE_DIR = locale_dir()

_state: dict[str, object] = {"lang": "en", "catalog": {}}


def load_catalog(lang: str) -> dict[str, str]:
    """Merge every catalog file of a language (empty for English)."""
    catalog: dict[str, str] = {}
    folder = _LOCALE_DIR / lang
    if lang != "en" and folder.is_dir():
        for file in sorted(folder.glob("*.json")):
            catalog.update(json.loads(file.read_text(encoding="utf-8")))
    return catalog


def set_language(lang: str) -> None:
    """Switch the language of every later `_()` call."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _state["lang"] = lang
    _state["catalog"] = load_catalog(lang)


def language() -> str:
    """The language in force."""
    return str(_state["lang"])


def _(message: str, /, **values: object) -> str:
    """Translate `message`, then fill `{name}` placeholders from `values`."""
    catalog = _state["catalog"]
    assert isinstance(catalog, dict)
    text = str(catalog.get(message, message))
    return text.format(**values) if values else text


def N_(message: str, /) -> str:
    """Mark a string for translation without translating it yet (module-level tables)."""
    return message


def join_list(items: Iterable[object]) -> str:
    """Items as one list in the language in force: "a, b, c" in English, "a、b、c" in
    Chinese (the enumeration comma 、, not ", "). For every list shown to a user."""
    return ("、" if language() == "zh" else ", ").join(str(item) for item in items)
