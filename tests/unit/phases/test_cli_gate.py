"""`crmgov gate` exits 0 when the gate passes and 1 with every blocker; its JSON; and the
`crmgov phase …` commands a new project needs to get a gate at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.storage.store import ProjectStore


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--project", str(path), "--as", "Sponsor", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_new_project_gets_a_gate_from_the_cli(
    empty_store: ProjectStore, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = empty_store.path
    code, _out, err = run(capsys, path, "gate")
    assert code == 2 and "no rollout phase planned yet" in err
    code, out, _err = run(capsys, path, "phase", "add", "--name", "Pilot", "--goal", "Prove it",
                          "--kind", "other", "--departments", "Sales,Service")
    assert code == 0 and out.strip() == "1"
    code, out, _err = run(capsys, path, "gate", "--json")
    data = json.loads(out)
    assert code == 1 and data["state"] == "blocked" and not data["passes"]
    assert data["phase"]["scope"]["departments"] == ["Sales", "Service"]
    assert {"index", "key", "text", "sort", "criterion", "threshold", "passed", "blocks",
            "figure", "detail", "records", "waived", "waiver", "evidence", "fix",
            "regressed", "file_changed", "unavailable"} <= set(data["items"][0])
    keys = [b["key"] for b in data["blockers"]]
    assert keys == [i["key"] for i in data["items"] if i["blocks"]] and keys
    # Every blocker names where it is fixed.
    assert all(b["fix"] for b in data["blockers"])

    code, _out, err = run(capsys, path, "phase", "sign", "1")
    assert code == 2 and "no executive sponsor is named" in err
    assert run(capsys, path, "phase", "people", "--sponsor", "Sponsor")[0] == 0
    evidence = tmp_path / "goal.md"
    evidence.write_text("goal met", encoding="utf-8")
    for item in ("goal-met", "evaluation-report"):
        assert run(capsys, path, "phase", "evidence", "1", item, "--note", "done",
                   "--file", str(evidence))[0] == 0
    # goal-met is signed by the project manager, and the staff holds none: refused.
    code, _out, err = run(capsys, path, "phase", "signoff", "1", "goal-met")
    assert code == 2 and "no project manager is named" in err


def test_gate_exit_codes_and_json_on_the_demo(
    demo_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_store.path
    code, out, _err = run(capsys, path, "gate")
    assert code == 1 and "Blockers (" in out and "fixed in:" in out
    code, out, _err = run(capsys, path, "gate", "1", "--json")
    data = json.loads(out)
    assert code == 0 and data["state"] == "signed" and data["passes"]
    assert data["sign_off"]["by"] and data["blockers"] == []
    code, out, _err = run(capsys, path, "gate", "2", "--json")
    data = json.loads(out)
    assert code == 1 and data["state"] == "regressed"
    assert any(i["regressed"] for i in data["items"])
    assert data["evaluation"]["decision"] == "proceed"
    code, _out, err = run(capsys, path, "gate", "99")
    assert code == 2 and "no phase 99" in err
    code, out, _err = run(capsys, path, "phase", "show", "2")
    assert code == 0 and "since regressed" in out


def test_waive_and_report_from_the_cli(
    demo_store: ProjectStore, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = demo_store.path
    code, _out, err = run(capsys, path, "phase", "waive", "3", "1", "--reason", "r",
                          "--until", "someday")
    assert code == 2 and "is not a date" in err
    assert run(capsys, path, "phase", "waive", "3", "1", "--reason", "Training in week 49",
               "--until", "2026-12-20")[0] == 0
    data = json.loads(run(capsys, path, "gate", "3", "--json")[1])
    assert data["items"][0]["waived"] and data["items"][0]["waiver"]["until"] == "2026-12-20"
    for fmt in ("md", "html", "docx"):
        out = tmp_path / f"gate.{fmt}"
        assert run(capsys, path, "report", "gate", "3", "--format", fmt, "--out", str(out))[0] == 0
        assert out.stat().st_size > 500
    md = (tmp_path / "gate.md").read_text(encoding="utf-8")
    assert "Training in week 49" in md and "## Blockers" in md
    zh = run(capsys, path, "--lang", "zh", "report", "gate", "2", "--format", "md")[1]
    assert "签字后已回退" in zh and "阻碍项" in zh


def test_a_checklist_with_an_unknown_criterion_names_its_line(tmp_path: Path) -> None:
    from crmgov.services.phases.checklists import ChecklistError, load_gate_checklists

    path = tmp_path / "gates.toml"
    path.write_text('[[pilot]]\nid = "a"\nen = "A"\nzh = "甲"\nlive = "magic"\n'
                    '[[expand]]\nid = "b"\nen = "B"\nzh = "乙"\nthreshold = 2\n'
                    '[[integrate]]\nid = "c"\nen = "C"\nzh = "丙"\nrole = "boss"\n',
                    encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_gate_checklists(path)
    text = str(info.value)
    assert f"{path}, line 5: [[pilot]] entry 1 (id 'a'): unknown live criterion 'magic'" in text
    assert "line 10: [[expand]] entry 1 (id 'b'): a threshold needs a live criterion" in text
    assert "line 15: [[integrate]] entry 1 (id 'c'): unknown role 'boss'" in text
