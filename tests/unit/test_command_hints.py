"""Every command the product tells a person to run parses with the real parser (issue 22,
item 16: a gate's fix hint named `crmgov phase project --sponsor NAME`, which does not
exist; it is `phase people`).

The hints are the gate criteria's "fixed in" commands (domain.phases.criteria.FIXED_IN and
the evidence items' hint) and every `crmgov …` command inside a user-facing message: the
English msgids and the Chinese texts of crmgov/locale/zh/*.json. A synopsis ("crmgov sop
list|show|…", "[--out PATH]") is not a command to run and is left out; so is prose that
merely names crmgov ("crmgov did not lay out …"): a candidate counts once its first word
is a crmgov command.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

import crmgov
from crmgov.cli import build_parser

LOCALE = Path(crmgov.__file__).parent / "locale" / "zh"
#: Placeholders a hint may hold where a value goes (English and Chinese).
ZH_PLACEHOLDERS = {"姓名", "路径", "名称"}
#: Characters that end a command inside a sentence.
ENDS = ")）`，。；;,:：、\"”'"
SYNOPSIS = re.compile(r"[|\[\]…<>]|\w/\w")


def _placeholder(token: str) -> bool:
    return (bool(re.fullmatch(r"[A-Z][A-Z_:]*", token)) or "{" in token
            or token in ZH_PLACEHOLDERS or token.isdigit())


def _subparsers(parser: argparse.ArgumentParser) -> tuple[dict[str, argparse.ArgumentParser],
                                                            bool]:
    """The parser's subcommands, and whether one is required."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices), bool(action.required)
    return {}, False


def _takes_value(parser: argparse.ArgumentParser, option: str) -> bool:
    action = parser._option_string_actions.get(option)
    return action is not None and action.nargs != 0


def command_in(text: str, start: int, top: argparse.ArgumentParser) -> list[str] | None:
    """The argv of the command starting at `text[start:]` (after "crmgov "), or None when it
    is prose or a synopsis. Placeholders become "1"."""
    words = []
    rest = text[start:]
    quoted = re.match(r'^(.*?)(\\?"…\\?"|“…”)', rest)
    if quoted and not re.search(f"[{re.escape(ENDS[:-4])}]", quoted.group(1)):
        rest = quoted.group(1) + "QUOTED" + rest[quoted.end():]
    for raw in rest.split():
        word = raw.rstrip(ENDS)
        stop = word != raw or any(c in ENDS for c in word)
        word = re.split(f"[{re.escape(ENDS)}]", word)[0]
        if word:
            words.append(word)
        if stop or not word:
            break
    if not words or SYNOPSIS.search(" ".join(words)):
        return None
    argv: list[str] = []
    parser = top
    expect_value = False
    for n, word in enumerate(words):
        subs, required = _subparsers(parser)
        if expect_value:
            argv.append("1" if _placeholder(word) or word == "QUOTED" else word)
            expect_value = False
        elif word in subs:
            argv.append(word)
            parser = subs[word]
        elif n == 0:
            return None  # prose: "crmgov did not …"
        elif word.startswith("--"):
            argv.append(word)
            expect_value = _takes_value(parser, word)
        elif _placeholder(word):
            argv.append("1")
        elif required and word.isascii():
            argv.append(word)  # a word where a subcommand must go: must be one
        else:
            break  # the sentence goes on: "crmgov handover writes every format"
    return argv


def hints() -> list[tuple[str, str]]:
    """(where, text) of every message that names a crmgov command."""
    from crmgov.domain.phases.criteria import FIXED_IN

    found = [(f"FIXED_IN[{key}]", command) for key, (_a, _q, command) in FIXED_IN.items()]
    rules = Path(crmgov.__file__).parent / "domain" / "phases" / "rules.py"
    found += [(str(rules), m.group(1)) for m in
              re.finditer(r'"(crmgov [^"]+)"', rules.read_text(encoding="utf-8"))]
    for path in sorted(LOCALE.glob("*.json")):
        for msgid, zh in json.loads(path.read_text(encoding="utf-8")).items():
            for text in (msgid, zh):
                if "crmgov " in text:
                    found.append((f"{path.name}: {msgid[:60]}", text))
    return found


def commands() -> list[tuple[str, str, list[str]]]:
    top = build_parser()
    out = []
    for where, text in hints():
        for match in re.finditer(r"(?<![\w./-])crmgov ", text):
            argv = command_in(text, match.end(), top)
            if argv is not None:
                out.append((where, text[match.start():match.start() + 70], argv))
    return out


def test_the_scan_finds_the_hints_it_is_meant_to() -> None:
    found = {" ".join(argv) for _w, _t, argv in commands()}
    assert {"phase people --sponsor 1", "phase integration 1 --name 1",
            "phase evidence 1 1", "issue list --overdue --urgency urgent",
            "quiz invite 1 --url 1", "init 1 --name 1", "audit accept --reason 1",
            "gate 1", "phase add"} <= found
    # Prose and synopses are not taken for commands.
    assert not any(argv[0] in ("did", "project", "that", "to") for argv in
                   (a for _w, _t, a in commands()))


def _only_command_words(argv: list[str]) -> bool:
    parser = build_parser()
    for word in argv:
        subs, _required = _subparsers(parser)
        if word not in subs:
            return False
        parser = subs[word]
    return True


@pytest.mark.parametrize("where,text,argv", commands(), ids=lambda v: str(v)[:40])
def test_every_hinted_command_parses(where: str, text: str, argv: list[str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:
        err = capsys.readouterr().err.strip().splitlines()[-1:]
        # A hint that only names a command ("(crmgov phase add)") points at it; its
        # required arguments are for its --help to tell. Any argument it gives must parse.
        if (_only_command_words(argv) and err
                and "the following arguments are required" in err[0]):
            return
        pytest.fail(f"{where}: `{text}` does not parse as {argv}: {err} (exit {exc.code})")
