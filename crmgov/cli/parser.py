"""The argument parser every `crmgov` command uses: argparse, in the user's language.

argparse's own words (the "usage:" prefix, the "positional arguments" and "options"
headings, the -h help line, its error messages) come from gettext's English catalog and
would stay English in a Chinese `--help`. This subclass puts them through `crmgov.i18n`
instead, and treats help strings as plain text: a translated "20%" must not be read as a
`%(default)s`-style placeholder (it raised in `--help`).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from crmgov.i18n import N_, _, join_list

#: argparse's error messages (as 3.11 words them) → our msgids with named fields.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (?P<args>.+)"),
     N_("the following arguments are required: {args}")),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), N_("unrecognized arguments: {args}")),
    (re.compile(r"argument (?P<arg>.+?): invalid choice: (?P<value>.+) \(choose from "
                r"(?P<choices>.+)\)"),
     N_("argument {arg}: invalid choice: {value} (choose from {choices})")),
    (re.compile(r"argument (?P<arg>.+?): invalid (?P<type>\w+) value: (?P<value>.+)"),
     N_("argument {arg}: invalid {type} value: {value}")),
    (re.compile(r"argument (?P<arg>.+?): expected one argument"),
     N_("argument {arg}: expected one argument")),
)


def translate_error(message: str) -> str:
    """An argparse error message in the language in force (unknown ones unchanged)."""
    for pattern, msgid in _ERRORS:
        match = pattern.fullmatch(message)
        if match:
            found = match.groupdict()
            for listed in ("args", "choices"):  # argparse lists them with ", "
                if listed in found:
                    found[listed] = join_list(found[listed].split(", "))
            return _(msgid, **found)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """Help strings are shown as written; "usage:" is translated."""

    def _expand_help(self, action: argparse.Action) -> str:
        # No help string of crmgov uses %(default)s and the like; a literal % (e.g. "the
        # last 20% of their window", in English or Chinese) is just a percent sign.
        return self._get_help_string(action) or ""

    # argparse wraps help by characters: a Chinese line of 40 characters is 80 cells wide
    # and ran past an 80-column terminal. These wrap by display width (crmgov.textwidth).
    def _split_lines(self, text: str, width: int) -> list[str]:
        from crmgov.textwidth import wrap

        return wrap(" ".join(text.split()), width, hang=False).split("\n")

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from crmgov.textwidth import cell_len, wrap

        lines = wrap(" ".join(text.split()), width - cell_len(indent), hang=False).split("\n")
        return "\n".join(indent + line for line in lines)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        from crmgov.textwidth import cell_len  # rich.cells: only when help is shown

        text = super()._format_usage(usage, actions, groups, prefix)
        # argparse indents the wrapped lines by len(prefix); "用法：" is 3 characters but 6
        # cells wide, so the continuation lines are moved right by the difference.
        extra = cell_len(prefix) - len(prefix) if prefix else 0
        if extra <= 0:
            return text
        first, *rest = text.split("\n")
        return "\n".join([first, *((" " * extra + line) if line.strip() else line
                                   for line in rest)])

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # argparse passes prefix="" for a subcommand's prog line: no prefix there.
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """argparse.ArgumentParser with translated headings, help line and errors.

    Subparsers are of this class too (argparse builds them with the parent's class), so
    every `crmgov … --help` speaks the same language.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        # Parents are merged here, after the headings are translated: argparse merges a
        # parent's groups into the groups of the same title, and would otherwise add a
        # second "options" section under the parent's translated title.
        parents = kwargs.pop("parents", [])
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False  # added below, with a translated help line
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS,
                help=_("show this help message and exit"),
            )
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}", prog=self.prog,
                       message=translate_error(message)) + "\n")
