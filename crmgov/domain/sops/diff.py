"""Word-level difference between two SOP bodies (difflib), for the CLI and the TUI."""

from __future__ import annotations

import difflib
import re
from typing import Literal, NamedTuple

#: A token is a run of spaces, one CJK character (Chinese has no spaces between words), or
#: a run of anything else: a word with its punctuation.
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")


class Chunk(NamedTuple):
    """A run of text that is unchanged ("="), added ("+") or removed ("-")."""

    op: Literal["=", "+", "-"]
    text: str


def tokens(text: str) -> list[str]:
    """The words, spaces and CJK characters of `text`, which join back to it."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Chunk]:
    """Chunks turning `old` into `new`; adjacent chunks of one kind are merged."""
    a, b = tokens(old), tokens(new)
    out: list[Chunk] = []

    def put(op: Literal["=", "+", "-"], words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Chunk(op, out[-1].text + text)
        else:
            out.append(Chunk(op, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put("=", a[i1:i2])
        else:
            put("-", a[i1:i2])
            put("+", b[j1:j2])
    return out


def render_plain(chunks: list[Chunk]) -> str:
    """The diff as text: removals in [-…-], additions in {+…+} (like `git diff --word-diff`)."""
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    return "".join(f"{marks[c.op][0]}{c.text}{marks[c.op][1]}" for c in chunks)
