"""The shape of the demo's SOP texts: steps that appear in a version or were reworded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One numbered step of the newest version; `since` is the version that added it, and
    versions before `reworded_in` read `was` instead of `text`."""

    text: str
    since: int = 1
    was: str = ""
    reworded_in: int = 0

    def in_version(self, n: int) -> str | None:
        """The step's text in version `n`, or None when it was not there yet."""
        if n < self.since:
            return None
        return self.was if self.was and n < self.reworded_in else self.text


@dataclass(frozen=True)
class DemoSOP:
    """One demo SOP: its texts and the summary of each version, oldest first."""

    code: str
    title: str
    area: str
    purpose: str
    summaries: tuple[str, ...]
    steps: tuple[Step, ...]

    def body(self, n: int) -> str:
        """The Markdown body of version `n`."""
        lines = [t for s in self.steps if (t := s.in_version(n)) is not None]
        numbered = "\n".join(f"{i}. {t}" for i, t in enumerate(lines, start=1))
        return f"{self.purpose}\n\n{numbered}"
