"""The pages' strings are translated, and the language is chosen per request."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crmgov.i18n import load_catalog
from crmgov.web.language import from_accept_language, translator
from crmgov.web.render import TEMPLATES

_CALL = re.compile(r"""_\(\s*(["'])(.+?)\1""")


def template_strings() -> dict[str, str]:
    """Every literal passed to _() in the web templates → where it was found."""
    found: dict[str, str] = {}
    for file in sorted(Path(TEMPLATES).glob("*.html")):
        for lineno, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            for match in _CALL.finditer(line):
                found.setdefault(match.group(2), f"{file.name}:{lineno}")
    return found


def test_every_template_string_has_a_chinese_translation() -> None:
    catalog = load_catalog("zh")
    strings = template_strings()
    assert len(strings) > 40
    missing = [f"{where}: {msgid!r}" for msgid, where in strings.items() if msgid not in catalog]
    assert not missing, "missing from crmgov/locale/zh/web.json:\n" + "\n".join(missing)


@pytest.mark.parametrize(("header", "lang"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9,zh;q=0.8", "en"),
    ("fr-FR, zh;q=0.5, en;q=0.4", "zh"), ("de", None), ("", None), ("zh;q=0, en", "en"),
    ("en;q=0.2, zh-TW;q=0.7", "zh"), ("zh;q=abc, en", "en"),
])
def test_accept_language(header: str, lang: str | None) -> None:
    assert from_accept_language(header) == lang


def test_translator_is_per_language_not_process_wide() -> None:
    zh, en = translator("zh"), translator("en")
    assert zh("Question {n} / {total}", n=3, total=20) == "第 3 / 20 题"
    assert en("Question {n} / {total}", n=3, total=20) == "Question 3 / 20"
