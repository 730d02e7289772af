"""Markdown documents read as typed text (no HTML entities); HTML documents escape."""

from __future__ import annotations

import re

import pytest

from crmgov.i18n import set_language
from crmgov.services.reports import REPORT_KINDS, render_report
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW

_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d+);")
_TEXT_KINDS = [kind.name for kind in REPORT_KINDS]


@pytest.mark.parametrize("name", _TEXT_KINDS)
def test_markdown_reports_carry_no_html_entities(demo_store: ProjectStore, name: str) -> None:
    md = render_report(demo_store, name, "md", FIXED_NOW, lang="en")
    assert isinstance(md, str)
    assert not _ENTITY.findall(md), _ENTITY.findall(md)[:3]


@pytest.mark.parametrize("name", ["handover", "gate"])
def test_the_sponsor_title_reads_as_typed(demo_store: ProjectStore, name: str) -> None:
    md = render_report(demo_store, name, "md", FIXED_NOW, lang="en")
    html = render_report(demo_store, name, "html", FIXED_NOW, lang="en")
    assert "Sales & Service" in str(md)
    assert "Sales &amp; Service" in str(html) and "Sales & Service" not in str(html)


def test_chinese_pack_counts_the_closing_checks_in_chinese(demo_store_zh: ProjectStore) -> None:
    set_language("zh")
    md = str(render_report(demo_store_zh, "handover", "md", FIXED_NOW, lang="zh"))
    line = next(text for text in md.splitlines() if "收尾检查" in text and "满足" in text)
    assert " of " not in line
    assert re.fullmatch(r"收尾检查已满足 \d+/\d+ 项。", line), line
