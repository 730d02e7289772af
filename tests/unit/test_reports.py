"""Issue-status and preventive-measures reports, in en and zh, md and html."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crmgov.services.issues.log import add_issue, close_issue
from crmgov.services.issues.reports import render, render_report
from crmgov.services.templates import ReportError, md_cell
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


@pytest.fixture
def store(empty_store: ProjectStore) -> ProjectStore:
    add_issue(
        empty_store,
        title="Totals | wrong <script>",
        description="d",
        urgency="urgent",
        owner="Li",
        now=FIXED_NOW - timedelta(days=3),
    )
    add_issue(
        empty_store,
        title="Totals | wrong <script>",
        description="again",
        urgency="general",
        owner="王芳",
        now=FIXED_NOW,
    )
    closed = add_issue(
        empty_store,
        title="Stage list",
        description="x",
        urgency="general",
        category="process",
        now=FIXED_NOW,
    )
    close_issue(empty_store, closed.id, root_cause="c", preventive_action="p", now=FIXED_NOW)
    return empty_store


def test_md_cell_escapes_pipes_html_and_newlines() -> None:
    # Markdown is read as text: no entities; only a tag opening gets a backslash.
    assert md_cell("a | b <i>\nc & d") == "a \\| b \\<i><br>c & d"
    assert md_cell("Sales & Service, 7.4% > 5%, a < b") == "Sales & Service, 7.4% > 5%, a < b"
    assert md_cell("&amp; &#60;") == "\\&amp; \\&#60;"  # shown as typed, not decoded


def test_markdown_reads_as_typed_and_renders_no_html() -> None:
    from markdown_it import MarkdownIt

    cell = md_cell("<script>x</script> <!-- c --> <http://x> &lt; Sales & Co")
    html = MarkdownIt("commonmark").render(cell)
    assert "<script>" not in html and "<!--" not in html and "<a " not in html
    assert "&amp;lt;" in html  # the typed "&lt;" stays the four characters


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("report", ["issues", "preventive"])
def test_reports_render(store: ProjectStore, lang: str, report: str) -> None:
    md = render_report(store, report, "md", FIXED_NOW, lang=lang)
    html = render_report(store, report, "html", FIXED_NOW, lang=lang)
    assert md.startswith("# ") and "<script>" not in md.replace("\\<script>", "")
    assert html.startswith("<!DOCTYPE html>") and "<script>" not in html
    heading = {
        ("issues", "en"): "Issue status report",
        ("issues", "zh"): "问题状态报告",
        ("preventive", "en"): "Preventive measures report",
        ("preventive", "zh"): "预防措施报告",
    }[report, lang]
    assert heading in md and heading in html


def test_issue_status_figures(store: ProjectStore) -> None:
    md = render_report(store, "issues", "md", FIXED_NOW, lang="en")
    assert "| urgent | 1 | 0 | 1 |" in md  # one urgent, overdue
    assert "| 2 | Totals \\| wrong \\<script> | 王芳 | new | **missing** |" in md
    prev = render_report(store, "preventive", "md", FIXED_NOW, lang="en")
    assert "| 3 | Stage list | c | p | **not yet** |" in prev


def test_template_errors_name_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "issues").mkdir(exist_ok=True)
    (folder / "issues" / "status.md.j2").write_text("# ok\n{{ missing_value }}\n", encoding="utf-8")
    (folder / "issues" / "preventive.md.j2").write_text("# ok\n\n{% for %}\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"status\.md\.j2:2: 'missing_value' is undefined"):
        render("issues", "md", {}, lang="en", folder=tmp_path)
    with pytest.raises(ReportError, match=r"preventive\.md\.j2:3"):
        render("preventive", "md", {}, lang="en", folder=tmp_path)


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "issues").mkdir(exist_ok=True)
    (folder / "issues" / "status.md.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    with pytest.raises(ReportError, match="unsafe|template error"):
        render("issues", "md", {}, lang="en", folder=tmp_path)
