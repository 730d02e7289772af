"""`crmgov issue …` and `crmgov report …` through crmgov.cli.main."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crmgov.cli import main

DATA = Path(__file__).parents[1] / "data" / "issues"


@pytest.fixture
def project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    path = tmp_path / "p.json"
    assert main(["init", str(path), "--name", "CLI"]) == 0
    monkeypatch.setenv("CRMGOV_PROJECT", str(path))
    monkeypatch.setenv("CRMGOV_USER", "Li")
    capsys.readouterr()
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_prints_the_id_and_list_json_shape(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(
        capsys,
        "issue",
        "add",
        "--title",
        "T",
        "--description",
        "D",
        "--urgency",
        "urgent",
        "--owner",
        "Li",
    )[:2] == (0, "1\n")
    code, out, _err = _run(capsys, "issue", "list", "--json")
    assert code == 0
    (item,) = json.loads(out)
    assert item["id"] == 1 and item["status"] == "new" and item["urgency"] == "urgent"
    assert set(item["sla"]) == {"state", "due_at", "remaining_hours"}
    assert item["sla"]["state"] == "on_track" and item["age_days"] == 0
    assert item["transitions"][0]["by"] == "Li"
    assert json.loads(_run(capsys, "issue", "list", "--status", "closed", "--json")[1]) == []
    assert json.loads(_run(capsys, "issue", "list", "--mine", "--json")[1])[0]["id"] == 1
    code, out, _err = _run(capsys, "issue", "show", "1", "--json")
    assert code == 0 and json.loads(out)["title"] == "T"


def test_bad_input_exits_2_without_traceback(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(
        capsys, "issue", "add", "--title", "T", "--description", " ", "--urgency", "urgent"
    )
    assert code == 2 and err == "crmgov: description must not be blank\n"
    assert (
        _run(capsys, "issue", "add", "--title", "T", "--description", "D", "--urgency", "soon")[0]
        == 2
    )
    code, _out, err = _run(capsys, "issue", "list", "--status", "sleeping")
    assert code == 2 and "unknown status 'sleeping'" in err
    code, _out, err = _run(capsys, "issue", "show", "7")
    assert (code, err) == (2, "crmgov: no issue 7\n")


def test_close_enforces_rules(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "issue", "add", "--title", "T", "--description", "D", "--urgency", "general")
    code, _out, err = _run(capsys, "issue", "close", "1", "--root-cause", "typo")
    assert code == 2
    assert err == (
        "crmgov: cannot close issue 1: give a preventive action, or a reason why none is needed\n"
    )
    code, out, _err = _run(
        capsys,
        "issue",
        "close",
        "1",
        "--root-cause",
        "typo",
        "--preventive",
        "validation rule",
        "--fed-back",
    )
    assert (code, out) == (0, "closed issue 1\n")
    assert (
        json.loads(_run(capsys, "issue", "list", "--status", "closed", "--json")[1])[0][
            "preventive_fed_back"
        ]
        is True
    )


def test_import_reports_file_line_reason(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "bad.csv"
    shutil.copy(DATA / "bad_rows.csv", src)
    before = project.read_bytes()
    code, _out, err = _run(capsys, "issue", "import", str(src))
    assert code == 2
    assert err.splitlines() == [
        f"{src}:3: description must not be blank",
        f"{src}:4: urgency: unknown value 'very urgent'",
        f"{src}:5: created at: not a date and time (use YYYY-MM-DD HH:MM)",
        "crmgov: nothing imported: 3 problem(s); fix them or use --skip-invalid",
    ]
    assert project.read_bytes() == before
    code, out, _err = _run(
        capsys,
        "issue",
        "import",
        str(src),
        "--skip-invalid",
        "--rejects",
        str(tmp_path / "rej.csv"),
    )
    assert code == 0
    assert out.splitlines() == [
        "imported 2 new and 0 updated issue(s)",
        f"3 rejected row(s) written to {tmp_path / 'rej.csv'}",
    ]
    assert _run(capsys, "issue", "import", str(tmp_path / "nope.csv"))[0] == 2
    assert _run(capsys, "issue", "import", str(tmp_path / "p.json"))[0] == 2


def test_export_and_reports(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(
        capsys, "issue", "add", "--title", "A | B <b>", "--description", "D", "--urgency", "urgent"
    )
    assert _run(capsys, "issue", "export", str(tmp_path / "o.xlsx"))[0] == 0
    code, out, _err = _run(capsys, "report", "issues", "--format", "md")
    assert code == 0 and out.startswith("# Issue status report")
    code, out, _err = _run(
        capsys,
        "--lang",
        "zh",
        "report",
        "preventive",
        "--format",
        "html",
        "--out",
        str(tmp_path / "r.html"),
    )
    assert code == 0
    assert "预防措施报告" in (tmp_path / "r.html").read_text(encoding="utf-8")
