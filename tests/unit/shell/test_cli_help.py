"""`--help` of every command and subcommand works, in English and Chinese (issue 9, 1 and 12)."""

from __future__ import annotations

import argparse

import pytest

from crmgov.cli import build_parser, main
from crmgov.i18n import set_language


def command_paths() -> list[list[str]]:
    """Every command path of the parser: [], ["issue"], ["issue", "list"], …"""
    paths: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        paths.append(prefix)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, [*prefix, name])

    set_language("en")
    walk(build_parser(), [])
    return paths


PATHS = command_paths()


def test_the_walk_finds_the_issue_subcommands() -> None:
    assert ["issue", "list"] in PATHS and ["issue", "close"] in PATHS


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "crmgov")
def test_every_help_exits_0(path: list[str], lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", lang, *path, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.strip()


def test_at_risk_help_keeps_its_percent_sign(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["issue", "list", "--help"]) == 0
    assert "20%" in capsys.readouterr().out


def test_chinese_help_has_no_english_argparse_headings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--lang", "zh", "issue", "add", "--help"]) == 0
    out = capsys.readouterr().out
    for english in ("positional arguments", "options:", "show this help message", "usage:"):
        assert english not in out
    assert "选项" in out and out.count("用法") == 1
    assert out.count("选项:") == 1, "one options section, the parent's merged into it"


def test_chinese_usage_error_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "zh", "issue", "add", "--title", "x"]) == 2
    err = capsys.readouterr().err
    assert "错误" in err and "the following arguments are required" not in err
    assert "--description、--urgency" in err and err.count("用法") == 1


def test_chinese_invalid_choice_lists_the_choices_with_the_enumeration_comma(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--lang", "zh", "issue", "add", "--title", "x", "--description", "y",
                 "--urgency", "soon"]) == 2
    err = capsys.readouterr().err
    assert "无效的选项 'soon'（可选：'urgent'、'general'）" in err


def test_chinese_usage_lines_line_up(capsys: pytest.CaptureFixture[str]) -> None:
    from crmgov.textwidth import cell_len

    assert main(["--lang", "zh", "issue", "close", "--help"]) == 0
    first, second = capsys.readouterr().out.splitlines()[:2]
    assert cell_len(first[: first.index("[")]) == len(second) - len(second.lstrip())
