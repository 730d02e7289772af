"""`crmgov data …` and `crmgov report data` from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.storage.store import ProjectStore
from tests.unit.quality.helpers import accounts_with_bad_phones


def test_check_json_and_exit_codes(empty_store: ProjectStore, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "x"
    accounts_with_bad_phones(folder, 10)
    project = ["--project", str(empty_store.path)]
    assert main(["data", "check", str(folder), "--json", *project]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["error_rates"] == {"accounts": 0.01} and out["failing"] == []
    accounts_with_bad_phones(folder, 60)
    assert main(["data", "check", str(folder), "--open-issues", *project]) == 1
    text = capsys.readouterr().out
    assert "✗ accounts" in text and "accounts/format:phone" in text and "opened issue" in text
    assert main(["data", "runs", "--json", *project]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [r["error_rates"]["accounts"] for r in runs["runs"]] == [0.01, 0.06]
    assert main(["data", "issue", "accounts", *project]) == 2
    assert "already has open issue" in capsys.readouterr().err


def test_damaged_export_one_line_exit_2(empty_store: ProjectStore, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "contacts.csv"
    bad.write_bytes("id,name\n1,上海华信\n".encode("gbk"))
    code = main(["data", "check", str(bad), "--project", str(empty_store.path)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.endswith("contacts.csv:2: not UTF-8 text (it looks like GBK/GB18030: "
                                      "save it as UTF-8)")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_no_save_needs_no_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    accounts_with_bad_phones(tmp_path, 0, rows=10)
    assert main(["data", "check", str(tmp_path), "--no-save", "--project",
                 str(tmp_path / "none.json")]) == 0
    assert "not saved" in capsys.readouterr().out


def test_init_mapping_pairs_decide_merge_and_report(
        demo_store: ProjectStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = ["--project", str(demo_store.path)]
    folder = demo_store.path.with_name("crmgov-demo-exports-en")
    assert main(["data", "init-mapping", str(folder), *project]) == 2  # exists
    assert main(["data", "init-mapping", str(folder), "--out", str(tmp_path / "m.toml"),
                 *project]) == 0
    capsys.readouterr()
    assert main(["data", "pairs", "--json", *project]) == 0
    pairs = json.loads(capsys.readouterr().out)
    first = next(p for p in pairs if not p["flagged"])
    assert main(["data", "decide", first["table"], first["a"], first["b"], "same",
                 *project]) == 0
    assert main(["data", "merge-list", str(tmp_path / "merge.csv"), *project]) == 0
    assert "pair(s) written" in capsys.readouterr().out
    assert main(["report", "data", "--format", "md", *project]) == 0
    assert "# Data-quality report" in capsys.readouterr().out


def test_help_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    for lang in ("en", "zh"):
        for command in ("check", "init-mapping", "runs", "pairs", "decide", "merge-list",
                        "issue"):
            assert main(["--lang", lang, "data", command, "--help"]) == 0
    assert "检查" in capsys.readouterr().out


def test_polars_stays_off_the_tui_path() -> None:
    import subprocess
    import sys

    code = ("import sys, crmgov.tui.app, crmgov.tui.quality.screen, crmgov.tui.quality.dialog, "
            "crmgov.services.quality.check, crmgov.services.quality.summary; "
            "print('polars' in sys.modules, 'rapidfuzz' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
