"""The CLI's own commands: init, status, global options, exit codes, language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmgov.cli import main


def test_init_then_status_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.json"
    assert main(["init", str(path), "--name", "Rollout", "--go-live", "2027-03-01"]) == 0
    capsys.readouterr()
    assert main(["status", "--json", "--project", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == 1
    assert data["project"] == {
        "name": "Rollout",
        "company": "",
        "go_live_target": "2027-03-01",
        "language": "en",
    }
    assert data["ready"] is False
    assert {b["code"] for b in data["blockers"]} == {"no_sops", "no_phases", "no_staff"}
    assert set(data) == {
        "schema",
        "as_of",
        "project",
        "ready",
        "blockers",
        "current_phase",
        "phases",
        "certification",
        "issues",
        "sops",
        "plan",
        "data_quality",
    }


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.json"
    path.write_text("keep me", encoding="utf-8")
    assert main(["init", str(path), "--name", "X"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "keep me"


def test_global_options_work_before_and_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.json"
    main(["--as", "Li Wei", "init", str(path), "--name", "X"])
    first = json.loads((tmp_path / "p.audit.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["actor"] == "Li Wei"
    monkeypatch.setenv("CRMGOV_PROJECT", str(path))
    capsys.readouterr()
    assert main(["--lang", "zh", "status"]) == 0
    assert "未解决问题" in capsys.readouterr().out
    assert main(["status", "--lang", "zh"]) == 0
    assert "未解决问题" in capsys.readouterr().out


def test_missing_project_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", "--project", str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err
    assert "nope.json" in err and "crmgov init" in err and "Traceback" not in err


def test_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "zh", "--help"]) == 0
    assert "退出码" in capsys.readouterr().out


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init"]) == 2
    assert main(["--lang", "fr", "status"]) == 2


def test_refusals_from_below_the_cli_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.json"
    main(["init", str(path), "--name", "X"])
    capsys.readouterr()
    before = path.read_bytes()
    base = ["issue", "add", "--project", str(path), "--title", "t", "--urgency", "urgent"]
    assert main([*base, "--description", " "]) == 2  # a domain rule (blank description)
    assert main([*base, "--description", "d", "--phase", "9"]) == 2  # a dangling reference
    err = capsys.readouterr().err
    assert "description" in err and "no phase 9" in err and "Traceback" not in err
    assert path.read_bytes() == before
