"""An SOP nobody has to read (no staff yet, or none in its departments and roles) is not
"100 % acknowledged": the list, the handbook, the readiness figure and the handover pack
say that nobody has to read it yet (as issue 22 item 21 did for certification)."""

from __future__ import annotations

from datetime import date

import pytest

from crmgov.cli import main
from crmgov.i18n import set_language
from crmgov.services.handover import sections
from crmgov.services.reports import render_report
from crmgov.services.sops import log
from crmgov.services.sops.queries import sop_rows
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from crmgov.textwidth import cell_len
from crmgov.tui.dashboard.screen import DashboardData, cards
from tests.conftest import FIXED_NOW

BODY = "Why.\n\n1. Search by tax number.\n2. Create the account."


@pytest.fixture
def unread(empty_store: ProjectStore) -> ProjectStore:
    """A fresh project with one SOP in force and nobody on the staff list."""
    store = empty_store
    store.actor = "Li"
    log.new_sop(store, code="SOP-T-01", title="Accounts", body=BODY, now=FIXED_NOW,
                approver="Wang")
    log.submit(store, "SOP-T-01", now=FIXED_NOW)
    store.actor = "Wang"
    log.approve(store, "SOP-T-01", now=FIXED_NOW)
    return store


def test_the_list_says_nobody_has_to_read_it(unread: ProjectStore) -> None:
    [row] = sop_rows(unread, date(2026, 11, 23))
    assert (row.acknowledged, row.expected, row.coverage) == (0, 0, 0.0)
    assert row.coverage_text == "0/0 nobody yet"
    set_language("zh")
    assert row.coverage_text == "0/0 尚无需阅读者"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_handbook_says_so_in_en_and_zh(unread: ProjectStore, fmt: str) -> None:
    en = str(render_report(unread, "sops", fmt, FIXED_NOW, "en"))
    assert "(100%)" not in en and "Everyone it applies to has acknowledged" not in en
    assert "Nobody on the staff list has to read this SOP yet" in en
    assert "No SOP in force yet" not in en  # one is: it is the readers that are missing
    assert "Nobody on the staff list has to read an SOP yet" in en
    zh = str(render_report(unread, "sops", fmt, FIXED_NOW, "zh"))
    assert "（100%）" not in zh and "人员名单中还没有需要阅读此 SOP 的人" in zh


def test_the_readiness_figure_is_not_100_percent(unread: ProjectStore) -> None:
    figures = project_status(unread, FIXED_NOW).to_json()["sops"]
    assert figures["acknowledgement_coverage"] == 0.0
    assert figures["acknowledgement_expected"] == 0
    status = project_status(unread, FIXED_NOW).to_json()
    sops_card = next(c for c in cards(DashboardData(status, FIXED_NOW.date())) if c.id == "sops")
    acked = next(i for i in sops_card.items if i.id == "sops-acked")
    assert acked.value == "—"


def test_the_handover_register_says_so(unread: ProjectStore) -> None:
    [row] = sections.sops(unread)
    assert row["acknowledged"] == "0/0 nobody yet"
    md = str(render_report(unread, "handover", "md", FIXED_NOW, "zh"))
    assert "0/0 尚无需阅读者" in md and "100%" not in md.split("## 3.")[1].split("## 4.")[0]


def test_report_sops_on_the_command_line(
    unread: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--project", str(unread.path), "--lang", "zh", "report", "sops"]) == 0
    out = capsys.readouterr().out
    assert "100%" not in out and "人员名单中还没有需要阅读此 SOP 的人" in out


@pytest.mark.parametrize(("lang", "cell"), [("en", "0/0 nobody yet"), ("zh", "0/0 尚无需阅读者")])
def test_sop_list_on_the_command_line_says_nobody_yet(
    unread: ProjectStore, capsys: pytest.CaptureFixture[str], lang: str, cell: str
) -> None:
    """As the SOPs screen's list: never a bare "0/0" for an SOP in force."""
    log.new_sop(unread, code="SOP-T-02", title="Draft only", body=BODY, now=FIXED_NOW,
                approver="Wang")
    capsys.readouterr()
    assert main(["--project", str(unread.path), "--lang", lang, "sop", "list"]) == 0
    in_force, draft = capsys.readouterr().out.splitlines()
    assert f" {cell} Accounts" in in_force and "0/0   " not in in_force
    assert draft.endswith(" —" + " " * (cell_len(cell) - 1) + " Draft only")  # not in force
    assert cell_len(in_force.split(" Accounts")[0]) == cell_len(draft.split(" Draft")[0])


def test_the_readers_tab_says_nobody_has_to_read_it(unread: ProjectStore) -> None:
    from crmgov.domain.sops.rules import coverage
    from crmgov.tui.sops.views import readers_text

    [sop] = unread.all("sops")
    cov = coverage(sop, unread.all("staff"))
    assert (cov.expected, cov.share) == (0, 0.0)  # as acknowledgement_coverage: not 1.0
    text = readers_text(cov.acknowledged, cov.pending, [], cov.version).plain
    assert "Acknowledged v1: 0" not in text and "Not yet: 0" not in text
    assert text.startswith("Nobody on the staff list has to read v1 of this SOP yet")
    set_language("zh")
    text = readers_text(cov.acknowledged, cov.pending, [], cov.version).plain
    assert text.startswith("人员名单中还没有需要阅读此 SOP 第1版的人")


def test_the_gate_names_an_sop_nobody_has_to_read_not_read_by_0_percent() -> None:
    from crmgov.domain.enums import Role
    from crmgov.domain.phases.rules import evaluate_gate
    from tests.unit.phases.helpers import inputs, live, person, phase, sop

    def judge(staff, sops):
        return evaluate_gate(phase(live("sops")), inputs(staff=staff, sops=sops)).items[0]

    auditors_only = sop(3).model_copy(update={"roles": [Role.AUDITOR]})  # no auditor on staff
    alone = judge([person(1), person(2)], [auditors_only])
    assert not alone.passed and alone.figure == "1/1 · 0%"
    assert alone.records == ("SOP-3: nobody in this phase's scope has to read it yet",)
    assert alone.record_ids == (3,)
    beside = judge([person(1), person(2)], [sop(2, read_by=(1, 2)), auditors_only])
    assert beside.passed and beside.records == ()  # not "SOP-3 read by 0%" in a passed gate
    set_language("zh")
    assert judge([], [sop(1)]).records == ("SOP-1：本阶段范围内还没有需要阅读它的人员",)
