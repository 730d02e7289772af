"""A team's day on the demo project, through the real command paths, on both backends.

The demo is written as a file; on the database it is `crmgov db push`ed into a fresh one
(fixture pg_dsn) and every later command is given `--database DSN`. Each command must
succeed on either backend and print the same thing: the transcript of the database run,
with the project's location and the folder masked, is the file run's transcript. The
clock and the invitation tokens are fixed, so the audit trails are the same events and
even the audit anchors (hash of the whole chain) agree.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import Any

import pytest

from crmgov.cli import main
from crmgov.services.demo.writer import write_demo
from tests.conftest import FIXED_NOW, fixed_clock

#: (argv after the location options, exit codes that count as success). 1 is a check's
#: honest "not yet" (a gate that does not pass, blind spots, an unanswered checklist).
FLOW: list[tuple[list[str], set[int]]] = [
    (["status"], {0}),
    (["status", "--json"], {0}),
    (["gate"], {0, 1}),
    (["gate", "2"], {0, 1}),
    (["phase", "list"], {0}),
    (["phase", "show", "3"], {0}),
    (["issue", "list"], {0}),
    (["issue", "list", "--overdue", "--urgency", "urgent"], {0}),
    (["issue", "show", "88"], {0}),
    (["issue", "add", "--title", "Smoke: login fails", "--description", "d",
      "--urgency", "urgent"], {0}),
    (["issue", "show", "{new}"], {0}),
    (["issue", "close", "{new}", "--root-cause", "typo in the password",
      "--no-preventive-reason", "one-off"], {0}),
    (["issue", "list", "--status", "closed", "--json"], {0}),
    (["sop", "list"], {0}),
    (["sop", "pending-acks", "SOP-SAL-01"], {0}),
    (["--as", "{reader}", "sop", "ack", "SOP-SAL-01"], {0}),
    (["sop", "pending-acks", "SOP-SAL-01"], {0}),
    (["cert", "access-list"], {0}),
    (["cert", "reminders"], {0}),
    (["quiz", "invite", "Cheng Peng", "--no-qr", "--anyway", "--url", "http://quiz"], {0}),
    (["quiz", "invites"], {0}),
    (["spotcheck", "plan", "--seed", "7"], {0}),
    (["spotcheck", "list"], {0}),
    (["plan", "list"], {0}),
    (["plan", "check"], {0, 1}),
    (["data", "check", "{exports}"], {0, 1}),
    (["data", "runs"], {0}),
    (["report", "gate"], {0}),
    (["report", "sops"], {0}),
    (["report", "issues"], {0}),
    (["handover", "checklist"], {0, 1}),
    (["handover", "--format", "all", "--out", "{out}"], {0}),
    (["audit", "verify"], {0}),
    (["audit", "anchor"], {0}),
]


def _day(location: list[str], mask: str, folder: Path, capsys: Any,
         monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run FLOW in `folder`; the transcript (command, exit code, output) with `mask` and
    `folder` replaced by placeholders. Fails at the first command that does not succeed.

    Run in the demo's folder: on a database, relative evidence paths (the demo's
    crmgov-demo-evidence/…) resolve against the working folder, as README says."""
    monkeypatch.chdir(folder)
    tokens = itertools.count(1)  # the same invitation tokens on each run
    monkeypatch.setattr("crmgov.services.web.invites.new_token",
                        lambda: f"token-{next(tokens):040d}")
    subs = {"exports": str(folder / "crmgov-demo-exports-en"), "out": str(folder / "pack"),
            "new": "?", "reader": "?"}
    transcript = []
    for argv, ok in FLOW:
        args = [a.format(**subs) for a in argv]
        code = main([*location, *args])
        out, err = capsys.readouterr()
        assert code in ok, f"crmgov {' '.join(args)} → {code}\n{out}\n{err}"
        assert "Traceback" not in err
        if args[:2] == ["issue", "add"]:
            subs["new"] = out.strip().split()[-1]
        if args[:2] == ["sop", "pending-acks"] and subs["reader"] == "?":
            subs["reader"] = _first_pending(out)
        text = (out + err).replace(mask, "<LOCATION>").replace(str(folder), "<DIR>")
        transcript.append(f"$ crmgov {' '.join(argv)} → {code}\n{text}")
    return transcript


def _first_pending(out: str) -> str:
    """The first person `sop pending-acks` lists ("SOP-SAL-01 v3: Wu Jing, Xu Ming")."""
    match = re.search(r": ([^,\n]+)", out)
    assert match, f"nobody pending:\n{out}"
    return match.group(1).strip()


@pytest.fixture
def fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed clock and deterministic invitation tokens: both runs write the same events."""
    monkeypatch.setattr("crmgov.config.now", lambda: FIXED_NOW)
    monkeypatch.setattr("crmgov.cli.common.now", lambda: FIXED_NOW)
    monkeypatch.setenv("CRMGOV_USER", "pm")
    monkeypatch.delenv("CRMGOV_DATABASE", raising=False)
    monkeypatch.delenv("CRMGOV_PROJECT", raising=False)


def _demo(folder: Path) -> Path:
    folder.mkdir()
    demo = folder / "demo.json"
    write_demo(demo, "tester", language="en", today=FIXED_NOW.date(), clock=fixed_clock)
    return demo


@pytest.fixture
def file_day(tmp_path: Path, fixed: None, capsys: Any,
             monkeypatch: pytest.MonkeyPatch) -> list[str]:
    demo = _demo(tmp_path / "file")
    return _day(["--project", str(demo)], str(demo.with_name("demo.audit.jsonl")),
                tmp_path / "file", capsys, monkeypatch)


@pytest.mark.parametrize("backend", ["json", "pg"])
def test_a_team_day_on_either_backend(
    backend: str, file_day: list[str], tmp_path: Path, capsys: Any,
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
) -> None:
    if backend == "json":
        # The file run succeeded command by command; the database run is compared to it.
        assert len(file_day) == len(FLOW)
        return
    from crmgov.storage.postgres.store import safe_location

    dsn = request.getfixturevalue("pg_dsn")
    demo = _demo(tmp_path / "db")
    assert main(["db", "push", str(demo), dsn]) == 0
    capsys.readouterr()
    db_day = _day(["--database", dsn], safe_location(dsn), tmp_path / "db", capsys,
                  monkeypatch)
    for on_file, on_db in zip(file_day, db_day, strict=True):
        assert on_db == on_file, f"file:\n{on_file}\ndatabase:\n{on_db}"
    # The same day through $CRMGOV_DATABASE, as a team member who exported it would run it.
    monkeypatch.setenv("CRMGOV_DATABASE", dsn)
    assert main(["audit", "verify"]) == 0
    assert safe_location(dsn) in capsys.readouterr().out
    assert os.environ["CRMGOV_DATABASE"] == dsn
