"""Each blind-spot rule of the plan review fires when its gap is there and not otherwise."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from crmgov.domain.enums import PlanArea, PlanStatus
from crmgov.domain.plan.model import PlanItem
from crmgov.domain.plan.rules import (
    REASONS,
    IssueFact,
    LiveFacts,
    SopFact,
    TableFact,
    live_findings,
    plan_findings,
    progress,
)

TODAY = date(2026, 11, 23)


def item(n: int, area: PlanArea, year: int = 1, **kw: object) -> PlanItem:
    base: dict[str, object] = dict(id=n, year=year, area=area, title=f"Item {n}",
                                   owner="Zhao", metric="m", goal="g", target=date(2027, 6, 1))
    base.update(kw)
    return PlanItem.model_validate(base)


def complete() -> list[PlanItem]:
    """A plan no self-check objects to."""
    return [item(1, PlanArea.ANALYTICS), item(2, PlanArea.PROSPECT_DEVELOPMENT, 2),
            item(3, PlanArea.DATA_QUALITY, 2, title="Payment terms duplicates"),
            item(4, PlanArea.TRAINING, 3), item(5, PlanArea.PROCESS, 3, title="SOP-SAL-01")]


def codes(findings: list) -> list[str]:
    return [f.code for f in findings]


def test_a_complete_plan_has_no_self_findings() -> None:
    assert plan_findings(complete()) == []


def test_empty_plan() -> None:
    assert codes(plan_findings([])) == ["empty_plan"]


def test_no_analytics_no_prospects_no_data_quality() -> None:
    for area, code in ((PlanArea.ANALYTICS, "no_analytics"),
                       (PlanArea.PROSPECT_DEVELOPMENT, "no_prospects"),
                       (PlanArea.DATA_QUALITY, "no_data_quality")):
        plan = [i for i in complete() if i.area is not area]
        assert code in codes(plan_findings(plan)), code


def test_a_dropped_item_does_not_count_for_its_area() -> None:
    plan = [i if i.area is not PlanArea.ANALYTICS else
            i.model_copy(update={"status": PlanStatus.DROPPED, "dropped_reason": "x"})
            for i in complete()]
    assert "no_analytics" in codes(plan_findings(plan))


def test_items_without_owner_target_or_date() -> None:
    plan = complete() + [item(9, PlanArea.OTHER, 2, owner="", metric="", target=None)]
    found = [f for f in plan_findings(plan) if f.item_id == 9]
    assert codes(found) == ["no_owner", "no_target", "no_due"]
    # A done item is judged no more.
    done = complete() + [item(9, PlanArea.OTHER, 2, owner="", status=PlanStatus.DONE)]
    assert not [f for f in plan_findings(done) if f.item_id == 9]


def test_front_loaded_and_empty_year_3() -> None:
    plan = [i.model_copy(update={"year": 1}) for i in complete()]
    assert {"front_loaded", "empty_year_3"} <= set(codes(plan_findings(plan)))
    two_years = [i.model_copy(update={"year": min(i.year, 2)}) for i in complete()]
    found = codes(plan_findings(two_years))
    assert "empty_year_3" in found and "front_loaded" not in found


@given(st.lists(st.integers(1, 3), min_size=4, max_size=20))
def test_front_loaded_exactly_when_three_quarters_are_in_year_1(years: list[int]) -> None:
    plan = [item(n, PlanArea.ANALYTICS, y) for n, y in enumerate(years, 1)]
    flagged = "front_loaded" in codes(plan_findings(plan))
    assert flagged == (years.count(1) / len(years) >= 0.75)


def test_deferred_scope_issue_not_in_the_plan() -> None:
    facts = LiveFacts(TODAY, special_issues=[IssueFact(7, "Dealer portal deferred"),
                                            IssueFact(8, "Odd case", deferred=False),
                                            IssueFact(9, "Handled", deferred=False,
                                                      self_handling="we do X")])
    found = live_findings(complete(), facts)
    assert [f.code for f in found] == ["uncovered_issue", "uncovered_issue"]
    assert "#7" in found[0].message and "#8" in found[1].message
    linked = complete() + [item(10, PlanArea.SCOPE_EXPANSION, 3, issue_ids=[7, 8])]
    assert live_findings(linked, facts) == []


def test_table_over_threshold_not_named_by_an_open_data_quality_item() -> None:
    facts = LiveFacts(TODAY, failing_tables=[TableFact("Payment terms", 0.27, 0.05),
                                             TableFact("Opportunities", 0.059, 0.05)])
    found = live_findings(complete(), facts)
    assert codes(found) == ["table_over_threshold"]
    assert "Opportunities" in found[0].message and "5.9%" in found[0].message


def test_sop_overdue_for_review() -> None:
    facts = LiveFacts(TODAY, sops=[SopFact("SOP-SAL-01", "Leads", date(2026, 1, 1)),
                                   SopFact("SOP-AUD-01", "Spot checks", date(2026, 1, 1)),
                                   SopFact("SOP-NEW", "Recent", date(2027, 10, 1)),
                                   SopFact("SOP-DRAFT", "Never approved", None)])
    found = live_findings(complete(), facts)
    assert codes(found) == ["sop_overdue"] and "SOP-AUD-01" in found[0].message


def test_low_certification_without_a_training_item() -> None:
    facts = LiveFacts(TODAY, certification_coverage=0.8)
    assert live_findings(complete(), facts) == []
    no_training = [i for i in complete() if i.area is not PlanArea.TRAINING]
    assert codes(live_findings(no_training, facts)) == ["low_certification"]
    assert live_findings(no_training, LiveFacts(TODAY, certification_coverage=0.95)) == []


def test_every_finding_has_a_reason_from_the_domain() -> None:
    assert all(reason.startswith("§") for reason in REASONS.values())


def test_progress_against_time_after_go_live() -> None:
    plan = complete()
    assert progress(plan, None, TODAY) is None
    assert progress(plan, date(2027, 1, 1), TODAY) is None  # not live yet
    done = [plan[0].model_copy(update={"status": PlanStatus.DONE})] + plan[1:]
    p = progress(done, date(2025, 11, 23), TODAY)
    assert p is not None
    assert p.done == 0.2 and 0.33 < p.elapsed < 0.34 and p.behind
    assert p.due == 0  # every target is in 2027


def test_status_figures_carry_progress_after_go_live_only() -> None:
    from crmgov.domain.plan.figures import plan_figures

    assert plan_figures(complete(), date(2027, 1, 1), TODAY).progress is None
    figures = plan_figures(complete(), date(2025, 11, 23), TODAY)
    assert figures.progress is not None
    assert figures.progress["done"] == 0.0 and figures.progress["behind"] is True
