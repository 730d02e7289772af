"""`pip install .` outside the checkout must work: templates, checklists and catalogs ship."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_carries_templates_checklists_and_catalogs(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    (wheel,) = tmp_path.glob("crmgov-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "crmgov/locale/zh/core.json" in names
    for folder in ("templates", "checklists"):
        shipped = {n for n in names if n.startswith(f"crmgov/_data/{folder}/")}
        in_checkout = {
            f"crmgov/_data/{folder}/{p.relative_to(ROOT / folder).as_posix()}"
            for p in (ROOT / folder).rglob("*")
            if p.is_file()
        }
        assert in_checkout <= shipped, in_checkout - shipped
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "crmgov = crmgov.launch:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_shipped_files_are_found_only_through_crmgov_paths() -> None:
    """A path computed from a module's own __file__ works in a checkout and breaks in a
    wheel (issue 22: the question bank); only crmgov/paths.py may do it. Textual's
    CSS_PATH beside a screen's module is the one idiom allowed (it ships in the package)."""
    offenders = []
    for path in sorted((ROOT / "crmgov").rglob("*.py")):
        if path.name == "paths.py" and path.parent.name == "crmgov":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "__file__" in line and "CSS_PATH" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
