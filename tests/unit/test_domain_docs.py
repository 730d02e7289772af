"""Every field of every domain model is documented by a docstring under it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import crmgov.domain

DOMAIN = Path(crmgov.domain.__file__).parent


def undocumented_fields(source: str) -> list[str]:
    """'Class.field' for each annotated class attribute not followed by a string literal."""
    missing = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        body = node.body
        for i, stmt in enumerate(body):
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                continue
            if "ClassVar" in ast.unparse(stmt.annotation):
                continue
            following = body[i + 1] if i + 1 < len(body) else None
            documented = (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            )
            if not documented:
                missing.append(f"{node.name}.{stmt.target.id}")
    return missing


def model_modules() -> list[Path]:
    return [p for p in sorted(DOMAIN.glob("*.py")) if "DomainModel" in p.read_text()]


def test_the_check_sees_a_missing_docstring() -> None:
    source = 'class A:\n    x: int\n    """Doc."""\n    y: int\n    z: int = 0\n'
    assert undocumented_fields(source) == ["A.y", "A.z"]


@pytest.mark.parametrize("path", model_modules(), ids=lambda p: p.name)
def test_every_model_field_has_a_docstring(path: Path) -> None:
    assert undocumented_fields(path.read_text(encoding="utf-8")) == []
