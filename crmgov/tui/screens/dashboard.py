"""Dashboard: go-live readiness at a glance; every figure leads to its area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, ProgressBar, Static

from crmgov.domain.enums import PhaseStatus
from crmgov.i18n import N_, _
from crmgov.labels import describe_blocker, label
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.figure import Figure

if TYPE_CHECKING:
    from crmgov.services.status_prefetch import EarlyStatus
    from crmgov.storage.errors import StoreError

#: Where each go-live blocker leads: (mode, issues quick filter).
BLOCKER_TARGETS: dict[str, tuple[str, str | None]] = {
    "gate": ("phases", None),
    "no_phases": ("phases", None),
    "certification": ("staff", None),
    "urgent_overdue": ("issues", "overdue"),
    "recurring": ("issues", "recurring_no_preventive"),
    "data_quality": ("!data_quality", None),
    "sops": ("sops", None),
    "no_sops": ("sops", None),
}

#: The figures of each card: (id, mode, issues quick filter).
CARDS: dict[str, list[tuple[str, str, str | None]]] = {
    "cert": [
        ("certified", "staff", None),
        ("uncertified", "staff", None),
        ("expiring", "staff", None),
        ("spot-checks", "staff", None),
        ("spot-failures", "staff", None),
    ],
    "issues": [
        ("open-urgent", "issues", "urgent"),
        ("open-general", "issues", "open"),
        ("overdue-urgent", "issues", "overdue"),
        ("overdue-general", "issues", "overdue"),
        ("at-risk", "issues", "at_risk"),
        ("recurring", "issues", "recurring_no_preventive"),
    ],
    "sops": [("sops-approved", "sops", None), ("sops-acked", "sops", None)],
    "plan": [("plan-reviewed", "plan", None), ("plan-done", "plan", None)],
    "quality": [("quality-ok", "!data_quality", None), ("quality-failing", "!data_quality", None)],
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
PHASE_MARKS = {"done": "✓", "active": "▶", "evaluating": "◆", "planned": "·"}


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


class DashboardScreen(AreaScreen):
    """The figures behind an evidence-backed go-live decision."""

    AREA = "dashboard"
    CSS_PATH = "dashboard.tcss"
    AREA_HELP = (
        N_("Tab / Shift+Tab or the arrow keys move between figures"),
        N_("Enter or a click opens the area behind a figure"),
    )
    BINDINGS = [
        ("down", "app.focus_next", ""),
        ("up", "app.focus_previous", ""),
    ]

    def compose_area(self) -> ComposeResult:
        with Horizontal(id="dash-top"):
            yield Static(id="verdict")
            yield Static(id="target")
        with VerticalScroll(id="dash-body"):
            with Grid(id="dash-cards"):
                with Vertical(id="card-phase", classes="card"):
                    yield Figure("phases", id="phase-current")
                    with Horizontal(id="gate-row"):
                        yield Label(id="gate-label")
                        yield ProgressBar(id="gate-bar", show_eta=False)
                    yield Vertical(id="phase-list")
                for card, figures in CARDS.items():
                    with Vertical(id=f"card-{card}", classes="card"):
                        for fid, target, quick in figures:
                            yield Figure(target, quick, id=fid)
            yield Vertical(id="card-blockers", classes="card")

    def __init__(self) -> None:
        super().__init__()
        self._shown: DashboardData | None = None

    # ----------------------------------------------------------------- states
    def await_project(self) -> None:
        app: Any = self.app
        prefetch: EarlyStatus | None = app.take_prefetch()
        if prefetch is not None and prefetch.done():
            status = prefetch.result()
            if status is not None:
                # The child was quicker than our first frame: paint the figures at once.
                self._prefetched(status)
                self.call_after_refresh(app.start_loading)
                return
            prefetch = None  # it failed: show the loading state, the app's load says why
        if prefetch is None:
            super().await_project()
            return
        self.show_loading()
        self._await_prefetch(prefetch)

    @work(thread=True, exclusive=True, group="dashboard-prefetch")
    def _await_prefetch(self, prefetch: EarlyStatus) -> None:
        """Show the child's figures when they come; start the app's own load meanwhile,
        unless the child answers from the issue index.

        In that case the load waits until the figures are painted: validating 100k issues
        takes the GIL for most of its ~2.5 s (a chunk at a time), so a load running
        alongside slows the painting of figures that are ready in about a second (measured
        at 100k: settled 1.33 s alongside, 1.22 s after).
        """
        app: Any = self.app
        quick = prefetch.from_index()
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
            self.retranslate()
            self.show(DashboardData(status, app.now().date()))

    def show_loading(self) -> None:
        """Visible while the project file is read (seconds for a big project)."""
        self._shown = None
        verdict = self.query_one("#verdict", Static)
        verdict.update(_("Loading {file}…", file=self.store.path.name))
        verdict.set_classes("-loading")
        self.query_one("#target", Static).update("")
        self.query_one("#dash-body").loading = True

    def show_load_error(self, error: StoreError) -> None:
        """The project could not be opened; the error dialog says why."""
        verdict = self.query_one("#verdict", Static)
        verdict.update(_("Could not open {file}", file=error.path.name))
        verdict.set_classes("-not-ready")
        self.query_one("#dash-body").loading = False

    # ----------------------------------------------------------------- data
    def retranslate(self) -> None:
        for card, title in CARD_TITLES.items():
            self.query_one(f"#card-{card}").border_title = _(title)

    def compute(self) -> DashboardData:
        from crmgov.services.status import project_status
        from crmgov.services.status_snapshot import remember_status

        app: Any = self.app
        now = app.now()
        status = project_status(self.store, now)
        try:
            remember_status(self.store, status)  # for the next start's first frame
        except OSError:
            pass  # the file went away meanwhile: only the next start is slower
        return DashboardData(status.to_json(), now.date())

    def show(self, data: DashboardData) -> None:
        self.query_one("#dash-body").loading = False
        if data.same_figures(self._shown):
            return  # e.g. the app's own load confirming the prefetched figures: no flicker
        self._shown = data
        r = data.status
        verdict = self.query_one("#verdict", Static)
        if r["ready"]:
            verdict.update(_("✔ READY for go-live"))
            verdict.set_classes("-ready")
        else:
            verdict.update(
                _("✘ NOT READY for go-live: {count} blocker(s)", count=len(r["blockers"]))
            )
            verdict.set_classes("-not-ready")
        target = r["project"]["go_live_target"]
        if target is None:
            self.query_one("#target", Static).update(_("no go-live target set"))
        else:
            days = (date.fromisoformat(target) - data.today).days
            self.query_one("#target", Static).update(
                _("Go-live target {date} ({days} days)", date=target, days=days)
            )
        self._show_phases(r)
        self._show_figures(r)
        blockers = self.query_one("#card-blockers", Vertical)
        blockers.remove_children()
        if r["ready"]:
            blockers.mount(Static(_("None: every figure is backed by evidence."), classes="ok"))
            return
        figures = []
        for blocker in r["blockers"]:
            mode, quick = BLOCKER_TARGETS.get(blocker["code"], ("dashboard", None))
            figure = Figure(mode, quick, classes="blocker")
            text = describe_blocker(blocker["code"], blocker["count"], blocker["subject"])
            figure.show(text, "›")
            figures.append(figure)
        blockers.mount_all(figures)

    def _show_phases(self, r: dict[str, Any]) -> None:
        current = r["current_phase"]
        figure = self.query_one("#phase-current", Figure)
        bar = self.query_one("#gate-bar", ProgressBar)
        if current is None:
            done = bool(r["phases"])
            figure.show(_("All phases done") if done else _("No phase planned"), "", good=done)
            self.query_one("#gate-label", Label).update(_("Gate"))
            bar.update(total=1, progress=1 if done else 0)
        else:
            met, total = current["gate_met"], current["gate_total"]
            figure.show(current["name"], label(PhaseStatus(current["status"])))
            gate = _("Gate {met}/{total}", met=met, total=total)
            self.query_one("#gate-label", Label).update(gate)
            bar.update(total=max(total, 1), progress=met)
        phase_list = self.query_one("#phase-list", Vertical)
        phase_list.remove_children()
        rows = []
        for phase in r["phases"]:
            row = Figure("phases", classes="phase")
            status = PhaseStatus(phase["status"])
            row.show(
                f"{PHASE_MARKS.get(status, '·')} {phase['order']}. {phase['name']}",
                f"{phase['gate_met']}/{phase['gate_total']}",
                good=status is PhaseStatus.DONE,
            )
            rows.append(row)
        phase_list.mount_all(rows)

    def _show_figures(self, r: dict[str, Any]) -> None:
        c, s, p, q = r["certification"], r["sops"], r["plan"], r["data_quality"]
        opened, overdue = r["issues"]["open"], r["issues"]["overdue"]

        def put(fid: str, text: str, value: object, **kw: bool) -> None:
            self.query_one(f"#{fid}", Figure).show(text, value, **kw)

        issues = r["issues"]
        put("certified", _("Certified"),
            f"{c['certified']}/{c['required']} {_pct(c['coverage'])}",
            good=c["certified"] == c["required"])
        put("uncertified", _("Not certified"), len(c["uncertified"]), bad=bool(c["uncertified"]))
        put("expiring", _("Expiring in 30 days"), c["expiring_soon"])
        put("spot-checks", _("Spot checks, 90 days"), c["spot_checks_recent"])
        put("spot-failures", _("Spot checks failed"), c["spot_check_failures_recent"],
            bad=bool(c["spot_check_failures_recent"]))
        put("open-urgent", _("Open urgent"), opened["urgent"])
        put("open-general", _("Open general"), opened["general"])
        put("overdue-urgent", _("Overdue urgent"), overdue["urgent"], bad=bool(overdue["urgent"]))
        put("overdue-general", _("Overdue general"), overdue["general"],
            bad=bool(overdue["general"]))
        put("at-risk", _("At risk"), issues["at_risk"])
        unprevented = issues["recurring_without_preventive"]
        put("recurring", _("Recurring, unprevented"), unprevented, bad=bool(unprevented))
        put("sops-approved", _("Approved"), f"{s['approved']}/{s['total']}",
            good=s["total"] > 0 and s["approved"] == s["total"], bad=s["approved"] < s["total"])
        put("sops-acked", _("Acknowledged"), _pct(s["acknowledgement_coverage"]))
        put("plan-reviewed", _("Reviewed"), f"{p['reviewed']}/{p['items']}",
            good=p["items"] > 0 and p["reviewed"] == p["items"])
        put("plan-done", _("Done"), f"{p['done']}/{p['items']}")
        put("quality-ok", _("Within threshold"), f"{q['within_threshold']}/{q['tables']}",
            good=q["tables"] > 0 and not q["failing"])
        put("quality-failing", _("Over threshold"), len(q["failing"]), bad=bool(q["failing"]))

    # ----------------------------------------------------------------- navigation
    def on_figure_selected(self, message: Figure.Selected) -> None:
        app: Any = self.app
        figure = message.figure
        if figure.quick_filter:
            app.show_issues(figure.quick_filter)
        elif figure.target.startswith("!"):
            getattr(app, f"action_{figure.target[1:]}")()
        elif figure.target != self.AREA:
            app.action_switch_area(figure.target)
