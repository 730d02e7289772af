"""What a Chinese user reads is Chinese: rule names, issue titles, checklist figures, role
names and argparse's own messages (issue 22, item 19). Stored ids stay English."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.domain.enums import SOPStatus
from crmgov.domain.quality.results import rule_label
from crmgov.domain.sops.model import SOP, SOPVersion
from crmgov.domain.sops.rules import SOPRuleError, check_approver
from crmgov.i18n import set_language
from crmgov.services.reports import render_report
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def test_rule_names_are_translated_on_display_only() -> None:
    assert rule_label("required:phone") == "required:phone"
    set_language("zh")
    assert rule_label("required:客户名称") == "必填：客户名称"
    assert rule_label("format:电话") == "格式：电话"
    assert rule_label("duplicate:客户名称") == "重复：客户名称"
    assert rule_label("duplicate") == "重复"


def test_chinese_data_report_and_data_issues_name_rules_in_chinese(
    demo_store_zh: ProjectStore,
) -> None:
    set_language("zh")
    md = str(render_report(demo_store_zh, "data", "md", FIXED_NOW, lang="zh"))
    for raw in ("required:", "format:", "duplicate:", "| duplicate |"):
        assert raw not in md
    assert "必填：客户名称" in md
    titles = [i.title for i in demo_store_zh.all("issues")]
    assert not [t for t in titles if "— duplicate" in t or "— required" in t]


def test_handover_checklist_audit_figure_is_a_word_of_the_language(
    demo_store_zh: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handover", "checklist", "--project", str(demo_store_zh.path)]) in (0, 1)
    out = capsys.readouterr().out
    audit = out.split("crmgov audit verify", 1)[1].splitlines()[1]
    assert "完好" in audit and "ok" not in audit


def _sop(role: str) -> SOP:
    version = SOPVersion(version=1, summary="s", author="Ann", written_on=date(2026, 1, 31),
                         status=SOPStatus.IN_REVIEW)
    return SOP(code="SOP-T-01", title="t", versions=[version], approver_role=role)


@pytest.mark.parametrize(("lang", "shown"), [("en", "project manager"), ("zh", "项目负责人")])
def test_an_approval_refusal_names_the_role_not_its_key(lang: str, shown: str) -> None:
    set_language(lang)
    sop = _sop("project_manager")
    with pytest.raises(SOPRuleError) as refused:
        check_approver(sop, sop.versions[0], "Bob", set())
    assert shown in str(refused.value) and "project_manager" not in str(refused.value)


def test_sop_show_names_the_approver_role(
    demo_store_zh: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sop", "show", "SOP-SVC-01", "--project", str(demo_store_zh.path)]) == 0
    out = capsys.readouterr().out
    assert "项目负责人" in out and "project_manager" not in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["issue", "show", "abc"], ("用法：", "无效的 int 值")),
        (["issue", "add"], ("用法：", "缺少必需的参数")),
    ],
)
def test_usage_errors_come_in_the_projects_language(
    demo_store_zh: ProjectStore, capsys: pytest.CaptureFixture[str], argv: list[str],
    words: tuple[str, ...],
) -> None:
    assert main([*argv, "--project", str(demo_store_zh.path)]) == 2
    err = capsys.readouterr().err
    assert all(word in err for word in words), err
    assert "usage:" not in err and "invalid int value" not in err


def test_usage_errors_without_a_project_stay_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["issue", "show", "abc", "--project", str(tmp_path / "none.json")]) == 2
    assert "invalid int value" in capsys.readouterr().err


def test_an_empty_issue_list_names_its_filters_in_chinese(
    demo_store_zh: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["issue", "list", "--status", "triaged", "--urgency", "urgent", "--owner", "无此人",
            "--project", str(demo_store_zh.path)]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "状态 已分类" in err and "紧急程度 紧急" in err
    assert "triaged" not in err and "urgent" not in err


def test_role_names_cover_the_sign_off_roles() -> None:
    from crmgov.domain.labels import role_name

    set_language("zh")
    assert "_" not in "".join(role_name(r) for r in ("sponsor", "project_manager",
                                                     "consultant", "internal_owner"))
    assert role_name("someone_else") == "someone_else"
