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


def question_banks_dir() -> Path:
    """The shipped question bank and quiz definitions (TOML), under the checklists."""
    return checklists_dir() / "questions"


def locale_dir() -> Path:
    """The translation catalogs (crmgov/locale/<lang>/*.json), inside the package."""
    return _PACKAGE / "locale"


def web_templates_dir() -> Path:
    """The browser quiz's page templates (Jinja2), inside the package."""
    return _PACKAGE / "web" / "templates"


def web_static_dir() -> Path:
    """The browser quiz's stylesheet and other static files, inside the package."""
    return _PACKAGE / "web" / "static"


def pg_migrations_dir() -> Path:
    """The PostgreSQL backend's versioned schema migrations (NNN_name.sql)."""
    return _PACKAGE / "storage" / "postgres" / "migrations"
