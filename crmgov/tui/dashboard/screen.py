"""Dashboard: go-live readiness at a glance; every figure leads to its area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult

from crmgov.domain.enums import PhaseStatus
from crmgov.domain.labels import describe_blocker, label
from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.board import ReadinessBoard
from crmgov.tui.widgets.board_layout import Card, Headline, Item, Tone

if TYPE_CHECKING:
    from crmgov.services.status.prefetch import EarlyStatus
    from crmgov.storage.errors import StoreError

#: Where each go-live blocker leads: (mode, view of that area; see Item.view).
BLOCKER_TARGETS: dict[str, tuple[str, str | None]] = {
    "gate": ("phases", "blockers"),
    "no_phases": ("phases", None),
    "certification": ("staff", "uncertified"),
    "no_staff": ("staff", None),
    "urgent_overdue": ("issues", "overdue_urgent"),
    "recurring": ("issues", "recurring_no_preventive"),
    "data_quality": ("!data_quality_failing", None),
    "sops": ("sops", "not_approved"),
    "no_sops": ("sops", None),
}

#: The figures of each card: (id, mode, view of that area the figure opens). A figure with
#: a view must open a list of exactly as many rows as it states (Item.count): an area that
#: adds a view here implements `apply_view` and `shown_count` on its screen, and the
#: board-figure test checks it.
CARDS: dict[str, list[tuple[str, str, str | None]]] = {
    "cert": [
        ("certified", "staff", "certified"),
        ("uncertified", "staff", "uncertified"),
        ("expiring", "staff", "expiring"),
        ("spot-checks", "staff", "spot_recent"),
        ("spot-failures", "staff", "spot_failed"),
    ],
    "issues": [
        ("open-urgent", "issues", "urgent"),
        ("open-general", "issues", "open_general"),
        ("overdue-urgent", "issues", "overdue_urgent"),
        ("overdue-general", "issues", "overdue_general"),
        ("at-risk", "issues", "at_risk"),
        ("recurring", "issues", "recurring_no_preventive"),
    ],
    # The SOP list filtered to the SOPs each figure counts (services.sops.queries.FILTERS).
    "sops": [("sops-approved", "sops", "approved"), ("sops-acked", "sops", "approved"),
             ("sops-review", "sops", "review_due")],
    "plan": [("plan-reviewed", "plan", "reviewed"), ("plan-done", "plan", "done")],
    "quality": [("quality-ok", "!data_quality_ok", None),
                ("quality-failing", "!data_quality_failing", None)],
}

CARD_TITLES = {
    "phase": N_("Rollout"),
    "cert": N_("Certification"),
    "issues": N_("Issues"),
    "sops": N_("SOPs"),
    "plan": N_("Plan"),
    "quality": N_("Data quality"),
    "blockers": N_("Go-live blockers"),
}


#: Status marks of the phase list (the current phase's status is spelled out above it).
PHASE_MARKS = {"done": "✓", "active": "▶", "evaluating": "◆", "planned": "·", "on_hold": "‖"}


@dataclass
class DashboardData:
    status: dict[str, Any]
    """The documented status JSON (README, "Status JSON"): the dashboard shows exactly
    what `crmgov status --json` reports, whether computed here or by the prefetch child."""
    today: date

    def same_figures(self, other: DashboardData | None) -> bool:
        """Whether `other` shows the same (only the time it was computed may differ)."""
        if other is None or other.today != self.today:
            return False
        return {**self.status, "as_of": None} == {**other.status, "as_of": None}


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _tone(*, good: bool = False, bad: bool = False) -> Tone:
    return "bad" if bad else "good" if good else ""


def headline(data: DashboardData) -> Headline:
    """The verdict and the days to the go-live target."""
    r = data.status
    if r["ready"]:
        text = _("✔ READY for go-live")
    else:
        text = _("✘ NOT READY for go-live: {count} blocker(s)", count=len(r["blockers"]))
    target = r["project"]["go_live_target"]
    if target is None:
        aside = _("no go-live target set")
    else:
        days = (date.fromisoformat(target) - data.today).days
        aside = _("Go-live target {date} ({days} days)", date=target, days=days)
    return Headline(text, "ready" if r["ready"] else "not-ready", aside)


def cards(data: DashboardData) -> tuple[Card, ...]:
    """The cards of figures, each figure with the area it leads to."""
    r = data.status
    c, s, p, q = r["certification"], r["sops"], r["plan"], r["data_quality"]
    issues = r["issues"]
    opened, overdue = issues["open"], issues["overdue"]
    unprevented = issues["recurring_without_preventive"]
    # (id, label, value, tone) of each figure; where it leads comes from CARDS.
    values: dict[str, tuple[str, object, Tone]] = {
        # No staff yet reads "0/0 —", never 100 %: it is a go-live blocker (no_staff).
        "certified": (_("Certified"), f"{c['certified']}/{c['required']} "
                      + (_pct(c["coverage"]) if c["required"] else "—"),
                      _tone(good=c["certified"] == c["required"] > 0, bad=not c["required"])),
        "uncertified": (_("Not certified"), len(c["uncertified"]),
                        _tone(bad=bool(c["uncertified"]))),
        "expiring": (_("Expiring in 30 days"), c["expiring_soon"], ""),
        "spot-checks": (_("Spot checks, 90 days"), c["spot_checks_recent"], ""),
        "spot-failures": (_("Spot checks failed"), c["spot_check_failures_recent"],
                          _tone(bad=bool(c["spot_check_failures_recent"]))),
        "open-urgent": (_("Open urgent"), opened["urgent"], ""),
        "open-general": (_("Open general"), opened["general"], ""),
        "overdue-urgent": (_("Overdue urgent"), overdue["urgent"],
                           _tone(bad=bool(overdue["urgent"]))),
        "overdue-general": (_("Overdue general"), overdue["general"],
                            _tone(bad=bool(overdue["general"]))),
        "at-risk": (_("At risk"), issues["at_risk"], ""),
        "recurring": (_("Recurring, unprevented"), unprevented, _tone(bad=bool(unprevented))),
        "sops-approved": (_("Approved"), f"{s['approved']}/{s['total']}",
                          _tone(good=s["total"] > 0 and s["approved"] == s["total"],
                                bad=s["approved"] < s["total"])),
        "sops-acked": (_("Acknowledged"), _pct(s["acknowledgement_coverage"])
                       if s.get("acknowledgement_expected", 1) else "—", ""),  # nobody: not 100 %
        # .get: figures remembered by an older crmgov have no such key
        "sops-review": (_("Review overdue"), s.get("review_overdue", 0),
                        _tone(bad=bool(s.get("review_overdue", 0)))),
        "plan-reviewed": (_("Reviewed"), f"{p['reviewed']}/{p['items']}",
                          _tone(good=p["items"] > 0 and p["reviewed"] == p["items"])),
        "plan-done": (_("Done"), f"{p['done']}/{p['items']}", ""),
        "quality-ok": (_("Within threshold"), f"{q['within_threshold']}/{q['tables']}",
                       _tone(good=q["tables"] > 0 and not q["failing"])),
        "quality-failing": (_("Over threshold"), len(q["failing"]), _tone(bad=bool(q["failing"]))),
    }
    result = [_phase_card(r)]
    for card, figures in CARDS.items():
        items = []
        for fid, target, view in figures:
            text, value, tone = values[fid]
            count = value if isinstance(value, int) else None
            items.append(Item(fid, text, str(value), tone, target, view, count))
        if card == "plan" and p.get("progress"):
            items.append(_plan_progress(p["progress"]))
        result.append(Card(card, _(CARD_TITLES[card]), tuple(items)))
    result.append(_blocker_card(r))
    return tuple(result)


def _plan_progress(progress: dict[str, Any]) -> Item:
    """After go-live: the share done against the share of the three years gone by."""
    value = f"{_pct(progress['done'])}/{_pct(progress['elapsed'])}"
    return Item("plan-progress", _("Done vs time"), value,
                _tone(bad=progress["behind"], good=not progress["behind"]), "plan", "done")


def _phase_card(r: dict[str, Any]) -> Card:
    current = r["current_phase"]
    if current is None:
        done = bool(r["phases"])
        items = [
            Item("phase-current", _("All phases done") if done else _("No phase planned"),
                 tone=_tone(good=done), target="phases"),
            Item("gate", _("Gate"), progress=(1 if done else 0, 1)),
        ]
    else:
        met, total = current["gate_met"], current["gate_total"]
        items = [
            Item("phase-current", current["name"], label(PhaseStatus(current["status"])),
                 target="phases"),
            Item("gate", _("Gate {met}/{total}", met=met, total=total),
                 progress=(met, max(total, 1)), target="phases", view="gate"),
        ]
    for phase in r["phases"]:
        status = PhaseStatus(phase["status"])
        # A signed gate whose live figures fell back since ("signed, since regressed").
        regressed = phase.get("gate_state") == "regressed"
        mark = "!" if regressed else PHASE_MARKS.get(status, "·")
        items.append(Item(
            f"phase-{phase['number']}",
            f"{mark} {phase['number']}. {phase['name']}",
            f"{phase['gate_met']}/{phase['gate_total']}",
            _tone(good=status is PhaseStatus.DONE and not regressed, bad=regressed),
            "phases",
            f"phase-{phase['id']}",
        ))
    return Card("phase", _(CARD_TITLES["phase"]), tuple(items))


def _blocker_card(r: dict[str, Any]) -> Card:
    if r["ready"]:
        items = [Item("no-blockers", _("None: every figure is backed by evidence."),
                      tone="good")]
    else:
        items = []
        for n, blocker in enumerate(r["blockers"]):
            mode, view = BLOCKER_TARGETS.get(blocker["code"], ("dashboard", None))
            subject = blocker["subject"]
            if blocker["code"] == "data_quality":  # listed with 、 in Chinese
                subject = r["data_quality"]["failing"]
            text = describe_blocker(blocker["code"], blocker["count"], subject)
            items.append(Item(f"blocker-{n}", text, "›", target=mode, view=view,
                              count=blocker["count"]))
    return Card("blockers", _(CARD_TITLES["blockers"]), tuple(items), wide=True)


class DashboardScreen(AreaScreen):
    """The figures behind an evidence-backed go-live decision."""

    AREA = "dashboard"
    AREA_HELP = (
        N_("Up/Down or Tab / Shift+Tab move between figures, Left/Right between cards"),
        N_("Enter or a click opens the area behind a figure"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._shown: DashboardData | None = None
        self._prefetch: EarlyStatus | None = None

    def compose_area(self) -> ComposeResult:
        # Figures known before the first frame (remembered, or a quick status child) are
        # drawn in it: no loading state painted first and replaced at once.
        app: Any = self.app
        self._prefetch = app.take_prefetch()
        status = None
        if self._prefetch is not None and self._prefetch.done():
            status = self._prefetch.result()
            self._prefetch = None
        if status is None:
            yield ReadinessBoard(self._loading_headline(), id="board")
            return
        app.project_known(status["project"])
        self._shown = DashboardData(status, app.now().date())
        yield ReadinessBoard(headline(self._shown), cards(self._shown), id="board")

    @property
    def board(self) -> ReadinessBoard:
        return self.query_one("#board", ReadinessBoard)

    # ----------------------------------------------------------------- states
    def await_project(self) -> None:
        app: Any = self.app
        if self._shown is not None:
            # Painted from the prefetched figures: the app's own load follows.
            self.call_after_refresh(app.start_loading)
            return
        prefetch, self._prefetch = self._prefetch, None
        if prefetch is not None and prefetch.done() and prefetch.result() is None:
            prefetch = None  # it failed: show the loading state, the app's load says why
        if prefetch is None:
            super().await_project()
            return
        self.show_loading()
        self._await_prefetch(prefetch)

    @work(thread=True, exclusive=True, group="dashboard-prefetch")
    def _await_prefetch(self, prefetch: EarlyStatus) -> None:
        """Show the child's figures when they come; start the app's own load meanwhile,
        unless the child answers quickly (from the issue index, or skimming a big file).

        In that case the load waits until the figures are painted: validating 100k issues
        takes the GIL for most of its ~1.5 s (a chunk at a time), so a load running
        alongside slows the painting of figures that are ready in about a second (measured
        at 100k: from the index, settled 1.33 s alongside, 1.22 s after; skimmed, 1.52 s
        alongside, 1.41 s after).
        """
        app: Any = self.app
        quick = prefetch.quick()
        if not quick:
            app.call_from_thread(app.start_loading)
        app.call_from_thread(self._prefetched, prefetch.result())
        if quick:
            app.call_from_thread(self.call_after_refresh, app.start_loading)

    def _prefetched(self, status: dict[str, Any] | None) -> None:
        """Show the child's figures unless the app's own load has already shown its own."""
        app: Any = self.app
        if status is not None and not self.store.loaded and app.load_error is None:
            app.project_known(status["project"])
            self.show(DashboardData(status, app.now().date()))

    def _loading_headline(self) -> Headline:
        from crmgov.tui.location import place_name

        return Headline(_("Loading {file}…", file=place_name(self.store)), "loading")

    def show_loading(self) -> None:
        """Visible while the project file is read (seconds for a big project)."""
        self._shown = None
        self.board.show(self._loading_headline(), ())

    def show_load_error(self, error: StoreError) -> None:
        """The project could not be opened; the error dialog says why."""
        self._shown = None
        from crmgov.tui.location import error_place

        self.board.show(Headline(_("Could not open {file}", file=error_place(error)[1]),
                                 "not-ready"), ())

    # ----------------------------------------------------------------- data
    def compute(self) -> DashboardData:
        from crmgov.services.status.snapshot import remember_status
        from crmgov.services.status.summary import project_status

        app: Any = self.app
        now = app.now()
        status = project_status(self.store, now)
        try:
            remember_status(self.store, status)  # for the next start's first frame
        except OSError:
            pass  # the file went away meanwhile: only the next start is slower
        return DashboardData(status.to_json(), now.date())

    def show(self, data: DashboardData) -> None:
        if data.same_figures(self._shown):
            return  # e.g. the app's own load confirming the prefetched figures
        self._shown = data
        self.board.show(headline(data), cards(data))

    # ----------------------------------------------------------------- navigation
    def on_readiness_board_selected(self, message: ReadinessBoard.Selected) -> None:
        app: Any = self.app
        item = message.item
        if item.view:
            app.show_view(item.target, item.view)
        elif item.target.startswith("!"):
            getattr(app, f"action_{item.target[1:]}")()
        elif item.target != self.AREA:
            app.action_switch_area(item.target)
