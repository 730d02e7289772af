"""Every user-facing string is translatable, and the Chinese catalog covers all of them."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

import crmgov
from crmgov.i18n import _, load_catalog, set_language

PACKAGE = Path(crmgov.__file__).parent


def marked_strings() -> dict[str, str]:
    """Every literal passed to _() or N_() in the package → where it was found."""
    found: dict[str, str] = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{file.relative_to(PACKAGE)}:{node.lineno}")
    return found


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_marked_string_has_a_chinese_translation() -> None:
    catalog = load_catalog("zh")
    missing = [
        f"{where}: {msgid!r}" for msgid, where in marked_strings().items() if msgid not in catalog
    ]
    assert not missing, "missing from crmgov/locale/zh/*.json:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders() -> None:
    catalog = load_catalog("zh")
    wrong = [msgid for msgid, text in catalog.items() if placeholders(msgid) != placeholders(text)]
    assert not wrong, f"placeholders differ in: {wrong}"


def test_catalog_files_do_not_contradict_each_other() -> None:
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for file in sorted((PACKAGE / "locale" / "zh").glob("*.json")):
        for msgid, text in json.loads(file.read_text(encoding="utf-8")).items():
            if msgid in seen and seen[msgid][1] != text:
                clashes.append(f"{msgid!r}: {seen[msgid][0]} vs {file.name}")
            seen[msgid] = (file.name, text)
    assert not clashes, "\n".join(clashes)


def test_language_switch_and_fallback() -> None:
    set_language("zh")
    assert _("Open issues") == "未解决问题"
    assert _("a string nobody translated") == "a string nobody translated"
    set_language("en")
    assert _("Open issues") == "Open issues"
    assert _("{count} staff member(s) not certified", count=3) == "3 staff member(s) not certified"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        set_language("fr")
