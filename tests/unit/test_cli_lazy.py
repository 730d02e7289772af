"""A command line naming one command builds only its part of the parser (process start,
issue 23); what it registers is what the full parser registers."""

from __future__ import annotations

import importlib

import pytest

from crmgov.cli import COMMANDS, _command_word, build_parser, command_modules
from crmgov.cli.common import add_global_options
from crmgov.cli.parser import ArgumentParser
from crmgov.storage.tables import ALL_MODELS, RECORD_TABLES


def test_commands_name_what_each_module_registers() -> None:
    parser = ArgumentParser(prog="crmgov")
    common = ArgumentParser(add_help=False)
    add_global_options(common, top_level=False)
    sub = parser.add_subparsers(dest="command")
    found: dict[str, set[str]] = {}
    for name in COMMANDS:
        before = set(sub.choices)
        importlib.import_module(f"crmgov.cli.{name}").register(sub, common)
        found[name] = set(sub.choices) - before
    # web adds `quiz invite` to certification's `quiz`: it names `quiz` without adding it.
    assert found == {n: set(c) - ({"quiz"} if n == "web" else set()) for n, c in COMMANDS.items()}


@pytest.mark.parametrize("argv, word", [
    (["issue", "add"], "issue"),
    (["--database", "postgresql://x/y", "--as", "pm", "issue", "list"], "issue"),
    (["--lang=zh", "status"], "status"),
    (["--project", "issue", "db", "push"], "db"),
    (["--help"], None),
    ([], None),
    (["--", "issue"], None),
])
def test_the_command_word(argv: list[str], word: str | None) -> None:
    assert _command_word(argv) == word


def test_a_command_parses_as_with_the_full_parser() -> None:
    argv = ["--as", "pm", "issue", "add", "--title", "t", "--description", "d",
            "--urgency", "general", "--database", "postgresql://h/db"]
    assert [m.__name__ for m in command_modules(argv)] == ["crmgov.cli.issues"]
    quiz = ["quiz", "invite", "--help"]
    assert [m.__name__ for m in command_modules(quiz)] == ["crmgov.cli.certification",
                                                           "crmgov.cli.web"]
    assert vars(build_parser(argv).parse_args(argv)) == vars(build_parser().parse_args(argv))
    unknown = command_modules(["isue", "add"])  # misspelt: every command, for the usage
    assert len(unknown) == len(COMMANDS)


def test_the_table_registry_imports_each_model_on_first_use() -> None:
    from crmgov.domain.base import Record
    from crmgov.domain.issues.model import Issue
    from crmgov.domain.project import Project

    assert list(RECORD_TABLES)[:3] == ["phases", "staff", "sops"] and "issues" in RECORD_TABLES
    assert RECORD_TABLES["issues"] is Issue and ALL_MODELS["project"] is Project
    assert all(issubclass(RECORD_TABLES[t], Record) for t in RECORD_TABLES)
    assert all(RECORD_TABLES[t].__name__ in ALL_MODELS[t].__name__ for t in RECORD_TABLES)
    with pytest.raises(KeyError):
        RECORD_TABLES["nope"]
