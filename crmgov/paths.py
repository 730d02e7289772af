"""Where the shipped templates and checklists are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def data_dir(name: str) -> Path:
    """`templates` or `checklists`: inside the wheel (crmgov/_data) or the checkout root."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    """Jinja2 templates, one folder per language."""
    return data_dir("templates")


def checklists_dir() -> Path:
    """Gate and closure checklists and question banks (TOML)."""
    return data_dir("checklists")


def pg_migrations_dir() -> Path:
    """The PostgreSQL backend's versioned schema migrations (NNN_name.sql)."""
    return _PACKAGE / "storage" / "postgres" / "migrations"
