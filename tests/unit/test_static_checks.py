"""Lint and types are part of the test suite, so CI enforces them with one command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT)


def test_ruff_is_clean() -> None:
    out = _run(str(BIN / "ruff"), "check", "crmgov", "tests", "benchmarks")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_is_clean() -> None:
    """Strict on domain/storage/services (pyproject), looser on the TUI."""
    out = _run(str(BIN / "mypy"))
    assert out.returncode == 0, out.stdout + out.stderr
