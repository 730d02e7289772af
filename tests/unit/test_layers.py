"""Layers stay clean: domain, storage and services never pull in the UI."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "crmgov.domain.readiness",
        "crmgov.storage.store",
        "crmgov.services.status.summary",
        "crmgov.cli",
    ],
)
def test_core_layers_do_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml (forbidden imports between layers)."""
    from pathlib import Path

    lint_imports = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=_root())
    assert out.returncode == 0, out.stdout + out.stderr


def _root() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parents[2])
