"""One number per phase: its position in the rollout, as the TUI shows it ("3. Expansion"),
is the number every command accepts and prints; the record id stays internal.

In the demo the process-redesign phase was added last (record id 4) but comes first in the
rollout, so ids (4 1 2 3) and numbers (1 2 3 4) differ on every row.
"""

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


def listed(capsys: pytest.CaptureFixture[str], path: Path) -> list[tuple[int, str]]:
    """(number, name) of each `phase list --json` row, in the order printed."""
    rows = json.loads(run(capsys, path, "phase", "list", "--json")[1])
    return [(r["number"], r["name"]) for r in rows]


def test_phase_list_gate_and_json_use_the_rollout_number(
    demo_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_store.path
    rows = listed(capsys, path)
    assert [n for n, _name in rows] == [1, 2, 3, 4]
    text = run(capsys, path, "phase", "list")[1].splitlines()
    assert [int(line.split()[0]) for line in text] == [1, 2, 3, 4]
    by_id = {p.id: p for p in demo_store.all("phases")}
    assert [p.id for p in sorted(by_id.values(), key=lambda p: p.order)] != [1, 2, 3, 4]
    for number, name in rows:
        code, out, _err = run(capsys, path, "gate", str(number))
        assert out.splitlines()[0].startswith(f"Gate of {number}. {name} (")
        data = json.loads(run(capsys, path, "gate", str(number), "--json")[1])
        assert data["phase"]["number"] == number and data["phase"]["name"] == name
        assert by_id[data["phase"]["id"]].name == name  # "id" is kept (additive JSON)
        code, out, _err = run(capsys, path, "report", "gate", str(number), "--format", "md")
        assert code == 0 and out.startswith(f"# Go/no-go: {number}. {name}")
    status = json.loads(run(capsys, path, "status", "--json")[1])
    assert [(p["number"], p["name"]) for p in status["phases"]] == rows
    code, _out, err = run(capsys, path, "gate", "5")
    assert code == 2 and "no phase 5 (phases are numbered 1-4" in err


def test_every_phase_command_takes_and_prints_the_number(
    demo_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_store.path
    integration = listed(capsys, path)[3][1]
    code, out, _err = run(capsys, path, "phase", "start", "4")
    assert code == 0 and out.strip() == f"started: 4. {integration}"
    code, out, _err = run(capsys, path, "phase", "evidence", "4", "2", "--note", "tested")
    assert code == 0 and out.strip() == f"evidence recorded: 4. {integration}"
    code, out, _err = run(capsys, path, "phase", "edit", "4", "--goal", "Orders reach ERP")
    assert code == 0 and out.strip() == f"edited: 4. {integration}"
    data = json.loads(run(capsys, path, "gate", "4", "--json")[1])
    assert data["items"][1]["evidence"]["note"] == "tested"
    hints = [i["fix"]["command"] for i in data["items"]]
    assert "crmgov phase integration 4 --name NAME" in hints
    assert "crmgov phase evidence 4 erp-interfaces-tested" in hints or any(
        h.startswith("crmgov phase evidence 4 ") for h in hints)
    assert all(" 3 " not in h for h in hints if h.startswith("crmgov phase "))
    # A closing refusal names the gate command with the number.
    code, _out, err = run(capsys, path, "phase", "close", "3")
    assert code == 2 and "(crmgov gate 3)" in err
    # An issue logged against phase 3 is linked to that phase.
    expansion = listed(capsys, path)[2][1]
    code, out, _err = run(capsys, path, "issue", "add", "--title", "t", "--description", "d",
                          "--urgency", "general", "--phase", "3")
    assert code == 0
    demo_store.load()
    issue = demo_store.get("issues", int(out.strip()))
    assert demo_store.get("phases", issue.phase_id).name == expansion


def test_adding_at_a_position_moves_the_later_phases_down(
    demo_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_store.path
    before = [name for _n, name in listed(capsys, path)]
    code, out, _err = run(capsys, path, "phase", "add", "--name", "Data cleansing",
                          "--goal", "Clean base data", "--kind", "other", "--order", "2")
    assert code == 0 and out.strip() == "2"
    after = listed(capsys, path)
    assert after == list(enumerate([before[0], "Data cleansing", *before[1:]], 1))
    code, out, _err = run(capsys, path, "phase", "edit", "2", "--order", "5")
    assert code == 0 and out.strip() == "edited: 5. Data cleansing"
    assert [name for _n, name in listed(capsys, path)] == [*before, "Data cleansing"]
    demo_store.load()
    assert sorted(p.order for p in demo_store.all("phases")) == [1, 2, 3, 4, 5]
