"""Chinese: one term for "at risk", lists joined with 、 (issue 9, item 12)."""

from __future__ import annotations

import json
from pathlib import Path

import crmgov
from crmgov.domain.labels import describe_blocker
from crmgov.i18n import join_list, load_catalog, set_language

PACKAGE = Path(crmgov.__file__).parent
TEMPLATES = PACKAGE.parent / "templates" / "zh"
AT_RISK = "临近超期"


def test_at_risk_is_one_term_in_the_tui_the_cli_and_the_reports() -> None:
    catalog = load_catalog("zh")
    uses = {k: v for k, v in catalog.items() if "at risk" in k.lower()}
    assert uses, "no msgid mentions 'at risk'"
    for msgid, text in uses.items():
        assert AT_RISK in text, (msgid, text)
    for path in [*PACKAGE.joinpath("locale", "zh").glob("*.json"), *TEMPLATES.rglob("*.j2")]:
        assert "有风险" not in path.read_text(encoding="utf-8"), path
    # the report's column says the same as the dashboard's figure
    status = (TEMPLATES / "issues" / "status.md.j2").read_text(encoding="utf-8")
    assert catalog["At risk"] in status


def test_join_list_uses_the_enumeration_comma_in_chinese() -> None:
    assert join_list(["a", "b", "c"]) == "a, b, c"
    set_language("zh")
    assert join_list(["联系人", "商机"]) == "联系人、商机"
    assert describe_blocker("data_quality", 2, ["联系人", "商机"]).endswith("联系人、商机")


def test_catalogs_are_valid_json() -> None:
    for path in PACKAGE.joinpath("locale", "zh").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
