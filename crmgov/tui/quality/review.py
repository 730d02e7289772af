"""Duplicate review: the pairs of the latest check side by side, differing characters
marked; decide same / different / skip. Decisions are stored, so a later check does not ask
again (and stops counting a pair called different)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from crmgov.i18n import N_, _

DECISION_LABELS = {"same": N_("same"), "different": N_("different"), "": N_("not decided")}


def marked(text: str, marks: list[bool]) -> Text:
    """The text with the characters that differ from the other side highlighted."""
    out = Text()
    for ch, differs in zip(text, marks, strict=True):
        out.append(ch, style="bold reverse red" if differs else "")
    return out


class DuplicateReviewScreen(ModalScreen[str | None]):
    """One pair at a time; dismisses with a message saying how many were decided."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("s", "decide('same')", N_("Same"), id="review.same"),
        Binding("d", "decide('different')", N_("Different"), id="review.different"),
        Binding("k,space", "decide('skip')", N_("Skip"), id="review.skip"),
        Binding("left", "move(-1)", N_("Previous pair"), id="review.previous"),
        Binding("right", "move(1)", N_("Next pair"), id="review.next"),
        Binding("escape", "close", N_("Close"), id="review.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[Any] = []
        self.index = 0
        self.decided = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box") as box:
            box.border_title = _("Duplicate review")
            box.border_subtitle = _("s same · d different · space skip · ←/→ · Esc closes")
            yield Static(id="review-position")
            with Horizontal(id="review-sides"):
                yield Static(id="review-a", classes="review-side")
                yield Static(id="review-b", classes="review-side")
            yield Static(id="review-state")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="review-load")
    def _load(self) -> None:
        from crmgov.services.quality.review import review_pairs

        pairs = review_pairs(self.app.store)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._loaded, pairs)

    def _loaded(self, pairs: list[Any]) -> None:
        self.pairs = pairs
        self.index = min(self.index, max(0, len(pairs) - 1))
        self._show()

    def _show(self) -> None:
        from crmgov.domain.quality.normalise import differing

        position = self.query_one("#review-position", Static)
        a_side = self.query_one("#review-a", Static)
        b_side = self.query_one("#review-b", Static)
        state = self.query_one("#review-state", Static)
        if not self.pairs:
            position.update(_("No duplicate pairs in the latest check."))
            a_side.update("")
            b_side.update("")
            state.update("")
            return
        r = self.pairs[self.index]
        p = r.pair
        band = _("flagged as a duplicate") if p.flagged else _("for review")
        position.update(_("Pair {n} of {total} · {table} · score {score:.1f} · {band}",
                          n=self.index + 1, total=len(self.pairs), table=r.title,
                          score=p.score, band=band))
        marks_a, marks_b = differing(p.name_a, p.name_b)
        a_side.update(Text.assemble(Text(p.a + "\n", style="dim"), marked(p.name_a, marks_a)))
        b_side.update(Text.assemble(Text(p.b + "\n", style="dim"), marked(p.name_b, marks_b)))
        state.update(_("Decision: {decision}", decision=_(DECISION_LABELS[r.decision])))

    def action_move(self, step: int) -> None:
        if self.pairs:
            self.index = (self.index + step) % len(self.pairs)
            self._show()

    def action_decide(self, decision: str) -> None:
        if not self.pairs:
            self.app.bell()
            return
        if decision == "skip":
            self.action_move(1)
            return
        self._decide(self.pairs[self.index], decision)

    @work(thread=True, exclusive=True, group="review-decide")
    def _decide(self, r: Any, decision: str) -> None:
        from dataclasses import replace

        from crmgov.services.quality.review import decide

        app: Any = self.app
        try:
            decide(app.store, r.table, r.pair.a, r.pair.b, decision, app.now())
        except ValueError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error")
            return
        app.call_from_thread(self._decided, replace(r, decision=decision))

    def _decided(self, updated: Any) -> None:
        self.pairs[self.index] = updated
        self.decided += 1
        self.action_move(1)

    def action_close(self) -> None:
        self.dismiss(_("{count} pair(s) decided", count=self.decided) if self.decided else None)
