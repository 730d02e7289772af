"""services.actor: one check of who acts for `--as` and the TUI's switch; the switch is in
the trail, and an approval refused to one person passes after switching to the approver."""

from __future__ import annotations

import pytest

from crmgov.cli import main
from crmgov.services.actor import SWITCH, ActorError, check_actor, named_people, switch_actor
from crmgov.services.sops.log import approve
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


@pytest.mark.parametrize("bad", ["", "   ", "a\nb", "evil\u202ename", "x\x1b[2J"])
def test_a_name_that_cannot_stand_in_the_trail_is_refused(bad: str) -> None:
    with pytest.raises(ActorError):
        check_actor(bad)


def test_the_cli_as_uses_the_same_check(
    demo_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["status", "--project", str(demo_store.path), "--as", "evil\u202ename"])
    assert code == 2
    assert capsys.readouterr().err.startswith("crmgov: --as: a name must be one line")


def test_switching_lets_the_approver_approve(demo_store: ProjectStore) -> None:
    from crmgov.domain.sops.rules import SOPRuleError

    manager = next(s.name for s in demo_store.all("staff") if s.role == "project_manager")
    with pytest.raises(SOPRuleError, match="only project manager may approve"):
        approve(demo_store, "SOP-SVC-02", now=FIXED_NOW)
    assert switch_actor(demo_store, f"  {manager} ") == manager
    assert approve(demo_store, "SOP-SVC-02", now=FIXED_NOW).current.approved_by == manager
    switch = [e for e in demo_store.audit.events() if e["action"] == SWITCH]
    assert [(e["actor"], e["after"]) for e in switch] == [("tester", {"actor": manager})]


def test_switching_to_oneself_records_nothing(demo_store: ProjectStore) -> None:
    before = len(list(demo_store.audit.events()))
    switch_actor(demo_store, "tester")
    assert len(list(demo_store.audit.events())) == before


def test_named_people_come_with_their_role(demo_store: ProjectStore) -> None:
    people = {p.name: p.role for p in named_people(demo_store)}
    assert people["Chen Hui"] == "consultant" and people["Zhao Lei"] == "internal owner"
    assert len(people) == len(named_people(demo_store))
