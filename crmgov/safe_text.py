"""Showing stored text on a terminal, or in Markdown, without letting it act.

A title typed as `A\\x1b]0;PWNED\\x07\\x1b[2JB` reaches a terminal as an escape sequence
that retitles the window and clears the screen; U+202E (RIGHT-TO-LEFT OVERRIDE) reverses
the reading order of what follows it. crmgov refuses such characters in single-line fields
at input (domain.base.SingleLine), but a hand-edited project file, a multi-line field or
an old file can still hold them. Every human output (CLI text, TUI cells, Markdown
reports) passes stored text through `visible`, which shows each such character as its
escape (`\\x1b`, `\\u202e`) instead. `--json` output needs nothing: JSON escapes them.
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls, and the bidi embeddings, overrides and isolates
#: (U+202A–U+202E, U+2066–U+2069), plus the line and paragraph separators.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
#: The same, but keeping newlines and tabs (multi-line text shown as several lines).
UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` with every control, bidi-override and line-separator character shown as its
    escape (`\\x1b`, `\\u202e`), so printing it cannot move the cursor, retitle the terminal
    or reverse the reading order. With `multiline`, newlines and tabs are kept."""
    if text.isprintable():
        # The usual case, answered in C: every character `visible` escapes is in a
        # Unicode category isprintable() rejects (Cc, Cf, Zl, Zp).
        return text
    pattern = UNSAFE_MULTILINE if multiline else UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def has_unsafe(text: str) -> bool:
    """Whether `text` holds a character `visible` would escape (single-line rules)."""
    return UNSAFE.search(text) is not None


__all__ = ["UNSAFE", "has_unsafe", "visible"]
