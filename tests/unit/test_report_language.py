"""Every report comes out in the language asked for (`render_report(..., lang)`), whatever
language the process is in: its headings, its labels (statuses, roles, urgencies), the
DOCX's contents caption, and the handover pack. Before, only the templates followed
`lang`; every label computed in Python followed the process, so a zh report rendered
from an English process read "| v1 | approved |", "Contents" and "Handover pack"."""

from __future__ import annotations

import io
import zipfile

import pytest

from crmgov.i18n import language, set_language
from crmgov.services.reports import REPORT_KINDS, render_report
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def _text(output: str | bytes) -> str:
    """A document's text: a DOCX's body and its language settings, else the text."""
    if isinstance(output, str):
        return output
    with zipfile.ZipFile(io.BytesIO(output)) as docx:
        return docx.read("word/document.xml").decode() + docx.read("word/styles.xml").decode()


def _render(store: ProjectStore, name: str, fmt: str, lang: str, process: str) -> str:
    set_language(process)
    try:
        return _text(render_report(store, name, fmt, FIXED_NOW, lang))
    finally:
        set_language("en")


@pytest.mark.parametrize("kind", REPORT_KINDS, ids=[k.name for k in REPORT_KINDS])
def test_a_report_is_in_the_language_asked_for(demo_store: ProjectStore, kind: object) -> None:
    name, formats = kind.name, kind.formats  # type: ignore[attr-defined]
    for fmt in formats:
        for lang, other in (("zh", "en"), ("en", "zh")):
            wanted = _render(demo_store, name, fmt, lang, process=lang)
            got = _render(demo_store, name, fmt, lang, process=other)
            extra = sorted(set(got.splitlines()) - set(wanted.splitlines()))[:3]
            assert got == wanted, f"{name} {fmt} in {lang} from a {other} process: {extra}"
    assert language() == "en"  # the process's language is left as it was


def test_the_zh_handover_pack_has_no_english_heading(demo_store: ProjectStore) -> None:
    md = _render(demo_store, "handover", "md", "zh", process="en")
    assert md.startswith("# 交接文档：")
    html = _render(demo_store, "handover", "html", "zh", process="en")
    assert '<html lang="zh-CN">' in html and "Handover pack" not in html
    docx = _render(demo_store, "handover", "docx", "zh", process="en")
    assert "目录" in docx and ">Contents<" not in docx


def test_the_zh_pack_lists_with_the_enumeration_comma(demo_store_zh: ProjectStore) -> None:
    """The blocker "数据错误率超标：付款条件, 商机, 联系人" and the SOP register's
    "销售部, 客服部" were joined with ", " (the CLI and the dashboard already used 、)."""
    md = _render(demo_store_zh, "handover", "md", "zh", process="zh")
    blocker = next(line for line in md.splitlines() if "数据错误率超标" in line)
    assert "、" in blocker and ", " not in blocker
    register = md.split("## 3.")[1].split("## 4.")[0]
    assert "销售部、客服部" in register and "销售部, 客服部" not in register
