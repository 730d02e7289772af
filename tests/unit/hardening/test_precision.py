"""Issue 18, data that must not shrink or slip through; issue 9 item 2."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest

from crmgov.cli import main
from crmgov.domain.issues.rules import IssueRuleError
from crmgov.services import template_limits
from crmgov.services.issues.log import add_issue
from crmgov.services.issues.sheet import XLSX_CELL_LIMIT
from crmgov.services.issues.transfer import export_issues, import_issues
from crmgov.services.templates import ReportError, render_template
from crmgov.storage.errors import DamagedProject
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def _issue(store: ProjectStore, description: str = "d") -> None:
    add_issue(store, title="long", description=description, urgency="general", now=FIXED_NOW)


def test_xlsx_export_that_excel_would_cut_is_refused_naming_issue_and_field(
    empty_store: ProjectStore, tmp_path: Path
) -> None:
    _issue(empty_store, "x" * (XLSX_CELL_LIMIT + 1))
    with pytest.raises(IssueRuleError, match=r"issue 1: description .*csv"):
        export_issues(empty_store, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_an_import_never_shortens_text_excel_cut(
    empty_store: ProjectStore, tmp_path: Path
) -> None:
    text = "y" * (XLSX_CELL_LIMIT + 500)
    _issue(empty_store, text)
    export_issues(empty_store, tmp_path / "out.csv")
    rows = list(csv.reader((tmp_path / "out.csv").open(encoding="utf-8-sig")))
    rows[1][2] = text[:XLSX_CELL_LIMIT]  # what Excel keeps of the cell
    with (tmp_path / "cut.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(ValueError, match="cut it"):
        import_issues(empty_store, tmp_path / "cut.csv", FIXED_NOW)
    assert empty_store.get("issues", 1).description == text


def test_csv_cells_over_the_csv_module_limit_round_trip(
    empty_store: ProjectStore, tmp_path: Path
) -> None:
    text = "z" * 200_000  # over csv's default 131,072
    _issue(empty_store, text)
    export_issues(empty_store, tmp_path / "out.csv")
    before = empty_store.path.read_bytes()
    result = import_issues(empty_store, tmp_path / "out.csv", FIXED_NOW)
    assert (result.created, result.updated) == (0, 0)
    assert empty_store.path.read_bytes() == before


def test_csv_rejects_file_is_neutralised(empty_store: ProjectStore, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "description", "urgency"])
        writer.writerow(['=HYPERLINK("http://x","y")', "@SUM(9)", "soon"])
    result = import_issues(empty_store, source, FIXED_NOW, skip_invalid=True)
    assert result.rejects_path is not None
    rows = list(csv.reader(result.rejects_path.open(encoding="utf-8-sig")))
    assert rows[1][:2] == ['\'=HYPERLINK("http://x","y")', "'@SUM(9)"]


def test_not_a_zip_xlsx_is_one_line_exit_2(
    empty_store: ProjectStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "f.xlsx"
    bad.write_bytes(b"this is no zip file")
    assert main(["issue", "import", str(bad), "--project", str(empty_store.path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "f.xlsx" in err and "Traceback" not in err


def test_an_unknown_table_is_refused_naming_it(empty_store: ProjectStore) -> None:
    data = orjson.loads(empty_store.path.read_bytes())
    data["gadgets"] = {"1": {"x": 1}}
    empty_store.path.write_bytes(orjson.dumps(data))
    with pytest.raises(DamagedProject, match="'gadgets'"):
        ProjectStore(empty_store.path, "x").load()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "en").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "source",
    [
        "{% for i in range(10**9) %}x{% endfor %}",
        "{{ 'A' * 10**10 }}",
        "{{ 9 ** 999999999 }}",
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
        "{% for i in range(99999) %}{% for j in range(99999) %}xxxxxxxxxx{% endfor %}"
        "{% endfor %}",
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    ],
    ids=["range", "big string", "big number", "nested loops", "big output", "recursion"],
)
def test_template_limits_give_one_line_errors(
    folder: Path, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_limits, "MAX_SECONDS", 0.5)
    monkeypatch.setattr(template_limits, "MAX_OUTPUT", 1_000_000)
    (folder / "en" / "evil.md.j2").write_text(source)
    with pytest.raises(ReportError) as caught:
        render_template("evil.md.j2", {}, lang="en", folder=folder)
    message = str(caught.value)
    assert message.startswith("template error at ") and "evil.md.j2" in message
    assert "\n" not in message
