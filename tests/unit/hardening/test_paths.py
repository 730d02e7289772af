"""Issue 18, paths and permissions: one line, exit 2, nothing changed; mode and group kept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from filelock import FileLock

from crmgov.cli import main
from crmgov.storage.store import ProjectStore


def _add(path: Path) -> list[str]:
    return ["issue", "add", "--project", str(path), "--title", "t", "--description", "d",
            "--urgency", "urgent"]


def test_project_naming_a_folder_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["issue", "list", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "folder" in err


def test_a_folder_the_user_cannot_write_is_one_line_exit_2(
    empty_store: ProjectStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = empty_store.path.read_bytes()

    def denied(self: FileLock, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", self.lock_file)

    # As root (CI) chmod cannot deny anything: the lock's own PermissionError is simulated.
    monkeypatch.setattr(FileLock, "acquire", denied)
    assert main(_add(empty_store.path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write in this folder" in err
    assert empty_store.path.read_bytes() == before


def test_a_file_the_user_may_not_write_is_not_replaced(
    empty_store: ProjectStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = empty_store.path.read_bytes()
    inode = empty_store.path.stat().st_ino
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == empty_store.path
                        and mode == os.W_OK else real_access(p, mode))
    assert main(_add(empty_store.path)) == 2
    assert "may not write this file" in capsys.readouterr().err
    assert empty_store.path.read_bytes() == before and empty_store.path.stat().st_ino == inode


def test_mode_and_group_survive_the_atomic_replace(empty_store: ProjectStore) -> None:
    path = empty_store.path
    os.chmod(path, 0o660)
    group = 4242 if os.geteuid() == 0 else path.stat().st_gid
    if os.geteuid() == 0:
        os.chown(path, -1, group)
    assert main(_add(path)) == 0
    st = path.stat()
    assert stat.S_IMODE(st.st_mode) == 0o660 and st.st_gid == group


def test_audit_verify_of_a_missing_project_or_trail_does_not_pass(
    empty_store: ProjectStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--project", str(tmp_path / "nope.json")]) == 2
    assert "no project file" in capsys.readouterr().err
    empty_store.audit.path.unlink()
    assert main(["audit", "verify", "--project", str(empty_store.path)]) == 1
    assert "no audit trail" in capsys.readouterr().out
