"""The checkout's .gitignore covers the files `crmgov demo` writes here (issue 9, 15)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from crmgov.cli.project import DEMO_FILE
from crmgov.storage.atomic import lock_path_for, temp_path_for
from crmgov.storage.audit_log import audit_path_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs git and a checkout")
@pytest.mark.parametrize("project", [DEMO_FILE, "crmgov.json"])
def test_demo_files_are_ignored(project: str) -> None:
    path = ROOT / project
    names = [path, audit_path_for(path), lock_path_for(path), temp_path_for(path)]
    relative = [str(p.relative_to(ROOT)) for p in names]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *relative], cwd=ROOT, capture_output=True,
        text=True, check=False,
    )
    assert sorted(result.stdout.split()) == sorted(relative)
