"""Issue 18, text that attacks the terminal: refused at input, shown harmlessly on output."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from crmgov.cli import main
from crmgov.domain.certification.model import StaffMember
from crmgov.domain.issues.model import Issue, Task
from crmgov.domain.project import Project
from crmgov.safe_text import UNSAFE, visible
from crmgov.services.issues.log import add_issue
from crmgov.services.templates import md_cell
from crmgov.storage.store import ProjectStore
from crmgov.textwidth import fit
from tests.conftest import FIXED_NOW

HOSTILE = ["A\x1b]0;PWNED\x07\x1b[2JB", "a\u202eb", "two\nlines", "tab\there", "c1\x9bx",
           "iso\u2066x", "nul\x00"]


@pytest.mark.parametrize("text", HOSTILE)
def test_single_line_fields_refuse_control_and_bidi_characters(text: str) -> None:
    with pytest.raises(ValidationError):
        Issue(title=text, description="d", created_at=FIXED_NOW)
    with pytest.raises(ValidationError):
        Issue(title="t", description="d", owner=text, created_at=FIXED_NOW)
    with pytest.raises(ValidationError):
        Task(text="t", owner=text, due=FIXED_NOW.date())
    with pytest.raises(ValidationError):
        Project(name=text, created_at=FIXED_NOW)
    with pytest.raises(ValidationError):
        StaffMember.model_validate({"name": text, "role": "new_hire"})


def test_multi_line_text_keeps_newlines_and_plain_text_passes() -> None:
    issue = Issue(title="Quote PDF 报价单 (v2) — 'ok'", description="a\nb\tc",
                  created_at=FIXED_NOW)
    assert issue.description == "a\nb\tc"


@pytest.mark.parametrize("text", HOSTILE[:3])
def test_cli_refuses_a_hostile_title_in_one_line(
    empty_store: ProjectStore, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    before = empty_store.path.read_bytes()
    code = main(["issue", "add", "--project", str(empty_store.path), "--title", text,
                 "--description", "d", "--urgency", "urgent"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "control characters" in err and "\x1b" not in err
    assert empty_store.path.read_bytes() == before


def test_cli_refuses_a_hostile_actor(empty_store: ProjectStore,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["issue", "add", "--project", str(empty_store.path), "--as", "x\x1b[2J",
                 "--title", "t", "--description", "d", "--urgency", "urgent"])
    assert code == 2 and "--as" in capsys.readouterr().err


@given(st.text())
def test_visible_output_never_holds_an_unsafe_character(text: str) -> None:
    assert UNSAFE.search(visible(text)) is None
    assert UNSAFE.search(fit(text, 12)) is None


def test_visible_shows_escapes_and_keeps_plain_text_as_is() -> None:
    assert visible("A\x1b]0;X\x07B") == "A\\x1b]0;X\\x07B"
    assert visible("a\u202eb") == "a\\u202eb"
    assert visible("a\nb", multiline=True) == "a\nb"
    plain = "报价单 plain"
    assert visible(plain) is plain


def test_show_and_list_render_stored_escapes_harmlessly(
    empty_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    add_issue(empty_store, title="fine", description="x\x1b]0;PWNED\x07\x1b[2J\nline 2",
              urgency="urgent", now=FIXED_NOW)
    assert main(["issue", "show", "1", "--project", str(empty_store.path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;PWNED\\x07" in out
    assert main(["issue", "show", "1", "--json", "--project", str(empty_store.path)]) == 0
    assert "\\u001b" in capsys.readouterr().out  # JSON escapes it: kept clean


def test_markdown_cells_escape_links_images_html_and_controls() -> None:
    cell = md_cell("[x](javascript:alert(1)) ![t](http://tracker/pixel.png) <b>|\x1b")
    assert "](" not in cell.replace("\\](", "")  # every ] of a link is escaped
    assert "\\[x\\](javascript" in cell and "\\!\\[t\\]" in cell
    assert "\\<b>" in cell and "&lt;" not in cell and "\\|" in cell
    assert "\x1b" not in cell and "\\\\x1b" in cell


def test_markdown_report_does_not_keep_link_or_image_syntax(
    empty_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    add_issue(empty_store, title="see ![t](http://tracker/pixel.png)", description="d",
              urgency="urgent", now=FIXED_NOW.replace(year=2020))
    assert main(["report", "issues", "--format", "md", "--project", str(empty_store.path)]) == 0
    out = capsys.readouterr().out
    assert "![t](http" not in out and "\\!\\[t\\](http" in out
